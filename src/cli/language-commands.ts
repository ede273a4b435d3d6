// The command table's entry for `letters translate` (a letter in several languages), as cli.ts wires it.
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { TranslateOptions } from '../commands/letter/translate.js';
import { examples, type Exactly, JSON_HELP, type Wiring } from './wiring.js';

/** `letters translate <letter> --lang L [--done]`; its module is loaded only when it runs. */
export function addTranslate(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('translate')
    .description("a letter's translation into another language: start one, see what is left to do, or mark it current (--done)")
    .argument('<letter>', 'slug or path of the letter file')
    .requiredOption('--lang <tag>', 'the language of the translation, a BCP 47 tag such as fr, es, zh-Hant')
    .option('--done', 'record that the translation says what the letter says now (its source: fingerprint); refused while it lacks a field')
    .option('--json', JSON_HELP)
    .option('--force', 'mark it even if the translation file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      examples(
        'letters translate visit-2026 --lang fr          # starts letters/visit-2026.fr.yaml, or says where it stands',
        'letters translate visit-2026 --lang fr --done   # once it is translated',
      ) +
        "\nA translation holds the text fields only (title, intro, issues, closing, signoff, cc, group headings …);\nthe signatories, recipients and date are the letter's own. When the letter's text changes, its translations are\nstale until marked current again: status, check and render say so, and render --final refuses them.\n",
    )
    .action(async (letter, opts) => {
      const { translate } = await import('../commands/letter/translate.js');
      await translate(await context(), letter, opts satisfies Exactly<typeof opts, TranslateOptions>);
    });
}

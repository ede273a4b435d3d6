// The command table's entry for `letters translate` (a letter in several languages), beside cli.ts, which holds the rest.
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from './commands/context.js';
import type { TranslateOptions } from './commands/letter/translate.js';

/** `letters translate <letter> --lang L [--done]`, added to the program; its module is loaded only when it runs. */
export function addTranslateCommand(program: CommandUnknownOpts, context: () => Promise<Context>): void {
  program
    .command('translate')
    .description("a letter's translation into another language: start one, see what is left to do, or mark it current (--done)")
    .argument('<letter>', 'slug or path of the letter file')
    .requiredOption('--lang <tag>', 'the language of the translation, a BCP 47 tag such as fr, es, zh-Hant')
    .option('--done', 'record that the translation says what the letter says now (its source: fingerprint); refused while it lacks a field')
    .option('--json', 'print JSON only')
    .option('--force', 'mark it even if the translation file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ letters translate visit-2026 --lang fr          # starts letters/visit-2026.fr.yaml, or says where it stands\n  $ letters translate visit-2026 --lang fr --done   # once it is translated\n' +
        "\nA translation holds the text fields only (title, intro, issues, closing, signoff, cc, group headings …);\nthe signatories, recipients and date are the letter's own. When the letter's text changes, its translations are\nstale until marked current again: status, check and render say so, and render --final refuses them.\n",
    )
    .action(async (letter: string, opts: TranslateOptions) => {
      const { translate } = await import('./commands/letter/translate.js');
      await translate(await context(), letter, opts);
    });
}

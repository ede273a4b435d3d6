// The letter commands: new, templates, status, diff, list, check, as cli.ts wires them (one function per command, added in the order --help lists them).
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { NewOptions } from '../commands/letter/new.js';
import type { TemplatesOptions } from '../commands/letter/templates.js';
import type { ListOptions } from '../commands/letter/list.js';
import type { StatusOptions } from '../commands/letter/status.js';
import type { DiffOptions } from '../commands/letter/diff.js';
import type { JsonOption } from '../commands/context.js';
import { collect, examples, type Exactly, JSON_HELP, type Wiring } from './wiring.js';

/** `letters new`. */
export function addNew(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('new')
    .description('start a new letter: writes letters/<slug>.yaml, a commented scaffold')
    .argument('<slug>', 'file name: lowercase letters, digits and hyphens')
    .option('--title <text>', 'title of the letter (PDF title, `letters list`)')
    .option('--to <name>', 'recipient name, as printed (may be left out with --template open-letter)')
    .option('--to-title <text>', 'recipient title')
    .option('--to-org <name>', 'recipient organization')
    .option('--address <line>', 'a line of the recipient address (repeat for more lines)', collect)
    .option('--salutation <text>', 'salutation (default: "Dear <recipient>,")')
    .option('--signoff <text>', 'the line before the signatures, such as "Sincerely," (default: none, a commented line to fill in)')
    .option('--date <YYYY-MM-DD>', 'date printed on the letter')
    .option('--template <name>', 'template: formal (default) or open-letter')
    .option('--lang <tag>', "the letter's language, a BCP 47 tag such as en, fr, de (default: en)")
    .option('--translations <tags>', 'also start its translations, letters/<slug>.<tag>.yaml: fr,es (see letters translate)')
    .option('--paper <size>', 'letter (default) or a4')
    .option('--json', JSON_HELP)
    .option('--force', 'replace an existing letter file')
    .addHelpText(
      'after',
      examples(
        'letters new visit-2026 --title "Visit 2026" --to "Jane Doe" --to-title "Secretary of State" --address "2201 C Street NW" --address "Washington, DC 20520"',
      ),
    )
    .action(async (slug, opts) => {
      const { newLetter } = await import('../commands/letter/new.js');
      await newLetter(await context(), slug, opts satisfies Exactly<typeof opts, NewOptions>);
    });
}

/** `letters templates`. */
export function addTemplates(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('templates')
    .description("list the templates: the project's templates/ first, then the shipped ones, with the formats each serves")
    .option('--json', JSON_HELP)
    .addHelpText('after', examples('letters templates'))
    .action(async (opts) => {
      const { templates } = await import('../commands/letter/templates.js');
      await templates(await context(), opts satisfies Exactly<typeof opts, TemplatesOptions>);
    });
}

/** `letters status`. */
export function addStatus(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('status')
    .description('where a letter stands: status, deadline, counts, the text fingerprint, who signed an earlier text')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--json', JSON_HELP)
    .addHelpText('after', examples('letters status visit-2026', 'letters status visit-2026 --json'))
    .action(async (letter, opts) => {
      const { status } = await import('../commands/letter/status.js');
      await status(await context(), letter, opts satisfies Exactly<typeof opts, StatusOptions>);
    });
}

/** `letters diff`. */
export function addDiff(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('diff')
    .description("what changed in the letter's text since a signatory signed it (from the file's git history)")
    .argument('<letter>', 'slug or path of the letter file')
    .option('--since <who-or-fingerprint>', 'an organization or name that signed, or a text fingerprint from `letters status`')
    .option('--lang <tag>', 'instead: what changed in the text since its translation into this language was made')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      examples(
        'letters diff visit-2026 --since "Amnesty International"',
        'letters diff visit-2026 --since 3f9a1c2e',
        'letters diff visit-2026 --lang fr',
      ),
    )
    .action(async (letter, opts) => {
      const { diff } = await import('../commands/letter/diff.js');
      await diff(await context(), letter, opts satisfies Exactly<typeof opts, DiffOptions>);
    });
}

/** `letters list`. */
export function addList(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('list')
    .description('list the letters in the folder: slug, status, signatories, pending review, languages, title')
    .option('--json', JSON_HELP)
    .addHelpText('after', examples('letters list', 'letters --dir campaigns/2026 list --json'))
    .action(async (opts) => {
      const { list } = await import('../commands/letter/list.js');
      await list(await context(), opts satisfies Exactly<typeof opts, ListOptions>);
    });
}

/** `letters check`. */
export function addCheck(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('check')
    .description('check letters for every problem render would refuse, with file:line:col')
    .argument('[letter...]', 'slugs or paths (default: every letter in the folder)')
    .option('--json', JSON_HELP)
    .addHelpText('after', examples('letters check', 'letters check visit-2026'))
    .action(async (letters, opts) => {
      const { check } = await import('../commands/letter/check.js');
      await check(await context(), letters, opts satisfies Exactly<typeof opts, JsonOption>);
    });
}

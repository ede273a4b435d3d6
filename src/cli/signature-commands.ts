// The signature commands: sign, unsign, import, review, export, open, close, as cli.ts wires them (one function per command, added in the order --help lists them).
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { SignOptions } from '../commands/signatures/sign.js';
import type { UnsignOptions } from '../commands/signatures/unsign.js';
import type { ImportOptions } from '../commands/signatures/import.js';
import type { ReviewOptions } from '../commands/signatures/review.js';
import type { CloseOptions, OpenOptions } from '../commands/signatures/open.js';
import type { ExportOptions } from '../commands/signatures/export.js';
import { collect, examples, type Exactly, JSON_HELP, type Wiring } from './wiring.js';

/** `letters sign`. */
export function addSign(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('sign')
    .description('add a signatory to a letter (at the end; dated today)')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--org <name>', 'organization signing')
    .option('--name <name>', 'the person signing (alone: an individual)')
    .option('--title <text>', 'their title')
    .option('--affiliation <name>', "an individual's institution, printed for identification only")
    .option('--country <name>', 'printed "Organization (Country)", or after the affiliation')
    .option('--group <heading>', "the group to list the signatory under (one of the letter's groups:)")
    .option('--description <text>', 'a sentence on who it is, printed after or under the name')
    .option('--logo <file>', 'its logo, a PNG, JPEG or SVG file in the repository (printed by signatory_layout: logos)')
    .option('--highlight', 'print it in bold (or the mark the template chooses)')
    .option('--no-highlight', 'with --update: print it plainly again')
    .option('--sort-as <text>', 'how to sort it with order: alphabetical (e.g. "Roe Jane")')
    .option('--date <YYYY-MM-DD>', 'the date the signature was given (default: today)')
    .option('--update', 'replace the signature of an organization (or individual) that already signed')
    .option('--allow-repeat', 'add one that signed already again, as a separate entry (the letter gets allow_repeats: true)')
    .option('--reconfirm', 'record that --org (or --name) agreed to the text as it is now')
    .option('--late', 'accept a signature after the deadline (marked late: true)')
    .option('--allow-similar', 'sign even when a signatory with a similar name is there already')
    .option('--json', JSON_HELP)
    .option('--force', 'sign even if the letter file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      examples(
        'letters sign visit-2026 --org "Amnesty International" --name "Agnès Moreau" --title "Secretary General"',
        'letters sign visit-2026 --name "Dr. Jane Roe" --affiliation "University of Somewhere"   # an individual',
        'letters sign visit-2026 --org "Fundacja Praw" --country Poland --group "Member organizations" --date 2026-02-27',
        'letters sign wto-2026 --org "Our World Is Not For Sale" --description "A global network of 150 organizations." --highlight',
        'letters sign visit-2026 --reconfirm --org "Amnesty International"   # agrees to the edited text',
      ),
    )
    .action(async (letter, opts) => {
      const { sign } = await import('../commands/signatures/sign.js');
      await sign(await context(), letter, opts satisfies Exactly<typeof opts, SignOptions>);
    });
}

/** `letters unsign`. */
export function addUnsign(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('unsign')
    .description('withdraw a signature: the entry moves to withdrawn: with the date (kept, never printed)')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--org <name>', 'organization withdrawing')
    .option('--name <name>', 'individual withdrawing (or, with --org, the person)')
    .option('--affiliation <name>', 'with --name: which of two individuals of the same name')
    .option('--reason <text>', 'why, kept with the withdrawn entry')
    .option('--delete', 'remove an entry added by mistake (a typo, a test) with no record; not for a partner withdrawing')
    .option('--json', JSON_HELP)
    .option('--force', 'withdraw even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters unsign visit-2026 --org "Amnesty International" --reason "board decision"'))
    .action(async (letter, opts) => {
      const { unsign } = await import('../commands/signatures/unsign.js');
      await unsign(await context(), letter, opts satisfies Exactly<typeof opts, UnsignOptions>);
    });
}

/** `letters import`. */
export function addImport(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('import')
    .description('add signatories from sign-ups (CSV, JSON, issue forms, e-mail): all rows or none, after a plan')
    .argument('<letter>', 'slug or path of the letter file')
    .argument('<files...>', 'the sign-ups: a CSV file, JSON or JSON Lines, GitHub issue forms (gh … --json), or .eml messages')
    .option('--map <field=column>', 'read a field from a column: --map organization="Your organisation" (repeat)', collect)
    .option('--ignore <column>', 'leave a column out on purpose: --ignore "Anything else?" (repeat)', collect)
    .option('--update', 'take back a review sheet (letters export --pending): approve, reject or correct each pending entry')
    .option('--pending', 'hold every row in pending: until `letters review` (the default with intake: review)')
    .option('--no-pending', 'sign every row at once, flagged ones too (a sheet you trust; refused with intake: review)')
    .option('--format <kind>', 'csv, json, jsonl, issues or eml, when the extension does not say')
    .option('--dry-run', 'print the plan; write nothing')
    .option('--skip-invalid', 'import the valid rows even when others are invalid')
    .option('--allow-similar', 'add rows that look like a signatory already there (probable duplicates)')
    .option('--allow-repeat', 'add a row that repeats an earlier row as a separate entry (the letter gets allow_repeats: true)')
    .option('--late', 'accept signatures after the deadline (marked late: true)')
    .option('--date-order <dmy|mdy>', 'how to read dates like 03/02/2026: day first (dmy) or month first (mdy)')
    .option('--encoding <name>', 'the encoding of a file without a byte-order mark (default utf-8), e.g. windows-1252')
    .option('--json', JSON_HELP)
    .option('--force', 'import even if the letter file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      examples(
        'letters import visit-2026 responses.csv --dry-run',
        'letters import visit-2026 responses.csv --map organization="Your organisation" --map name="Signatory"',
        'letters import visit-2026 signups.json --pending',
        'gh issue list --label sign --json number,title,body,author,createdAt > issues.json; letters import visit-2026 issues.json',
        'letters import visit-2026 replies/*.eml',
        'letters import visit-2026 review.csv --update   # the review sheet of letters export --pending, decided',
      ) +
        '\nColumns are recognized by what their headings say (name, first/last name, organization, title, email,\ncountry, group, affiliation, description, date … in en, fr, de, es, it, pt, nl, pl). A column that looks\nlike a field the import would not read stops it, naming the --map or --ignore to write. Rows with junk\n(a web address in a name, capitals only, emoji …) are held in pending: for `letters review`.\nRows already in the letter are skipped; nothing is written when a row is invalid (unless --skip-invalid).\n',
    )
    .action(async (letter, files, opts) => {
      const { importCsv } = await import('../commands/signatures/import.js');
      await importCsv(await context(), letter, files, opts satisfies Exactly<typeof opts, ImportOptions>);
    });
}

/** `letters review`. */
export function addReview(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('review')
    .description('the entries pending review: list them, walk them on a terminal, or --approve / --reject them')
    .argument('<letter>', 'slug or path of the letter file')
    .option(
      '--approve <selector>',
      'sign pending entries: all, a line of the letter file, row:N, #issue, <message-id> or a name (repeat)',
      collect,
    )
    .option('--reject <selector>', 'reject pending entries (kept under rejected:, with the day), selected the same way (repeat)', collect)
    .option('--reason <text>', 'with --reject: why, kept with the rejected entries')
    .option('--json', JSON_HELP)
    .option('--force', 'change the letter even if the file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      examples(
        'letters review visit-2026                     # list them, or on a terminal walk them one by one',
        'letters review visit-2026 --approve all',
        'letters review visit-2026 --approve 41 --approve row:7 --reject "Test Org" --reason "a test entry"',
      ),
    )
    .action(async (letter, opts) => {
      const { review } = await import('../commands/signatures/review.js');
      await review(await context(), letter, opts satisfies Exactly<typeof opts, ReviewOptions>);
    });
}

/** `letters export`. */
export function addExport(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('export')
    .description('write the signatories for delivery: CSV (UTF-8 with BOM, opens in Excel) or JSON')
    .argument('<letter>', 'slug or path of the letter file')
    .option('-o, --output <file>', 'where to write (default: standard output)')
    .option('--private', 'include the private fields (email, phone, notes)')
    .option('--pending', 'the review sheet instead: the entries pending review, a Decision column to fill in, back with import --update')
    .option('--json', `JSON instead of CSV: the document --json prints (to -o FILE, or stdout)`)
    .option('--force', 'replace a file that is not an earlier export')
    .addHelpText(
      'after',
      examples(
        'letters export visit-2026 -o signatories.csv',
        'letters export visit-2026 --private --json',
        'letters export visit-2026 --pending -o review.csv   # then: letters import visit-2026 review.csv --update',
      ) +
        "\nA CSV cell that starts with = + - @, a tab or a carriage return gets a ' in front (Excel's text\nmarker), so no spreadsheet runs it as a formula; letters import removes it again. --json is as written.\n",
    )
    .action(async (letter, opts) => {
      const { exportLetter } = await import('../commands/signatures/export.js');
      await exportLetter(await context(), letter, opts satisfies Exactly<typeof opts, ExportOptions>);
    });
}

/** `letters open`. */
export function addOpen(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('open')
    .description('open a letter for signatures (status: open), with an optional deadline')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--deadline <YYYY-MM-DD>', 'the last day sign and import take signatures without --late')
    .option('--json', JSON_HELP)
    .option('--force', 'open it even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters open visit-2026 --deadline 2026-03-15'))
    .action(async (letter, opts) => {
      const { open } = await import('../commands/signatures/open.js');
      await open(await context(), letter, opts satisfies Exactly<typeof opts, OpenOptions>);
    });
}

/** `letters close`. */
export function addClose(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('close')
    .description('close a letter (status: closed): sign and import refuse from then on')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--json', JSON_HELP)
    .option('--force', 'close it even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters close visit-2026'))
    .action(async (letter, opts) => {
      const { close } = await import('../commands/signatures/open.js');
      await close(await context(), letter, opts satisfies Exactly<typeof opts, CloseOptions>);
    });
}

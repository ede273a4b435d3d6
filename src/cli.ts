// The command table: every command and flag of `letters`, wired to its command module, which is loaded only when run.
import path from 'node:path';
import { Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Context } from './commands/context.js';
import type { NewOptions } from './commands/letter/new.js';
import type { RenderOptions } from './commands/publishing/render-settings.js';
import type { TemplatesOptions } from './commands/letter/templates.js';
import type { SignOptions } from './commands/signatures/sign.js';
import type { UnsignOptions } from './commands/signatures/unsign.js';
import type { ListOptions } from './commands/letter/list.js';
import type { ImportOptions } from './commands/signatures/import.js';
import type { ReviewOptions } from './commands/signatures/review.js';
import type { CloseOptions, OpenOptions } from './commands/signatures/open.js';
import type { SendOptions } from './commands/delivery/send.js';
import type { NoticeOptions } from './commands/delivery/notices.js';
import type { PublishOptions } from './commands/publishing/publish.js';
import { visible, visibleJson } from './io/terminal/visible.js';

/** What the program needs from the process; main.ts passes the real one, tests a fake. */
export interface ProcessIo {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: { isTTY?: boolean };
  /** `closed`: the process started with stdout closed, so a payload written there would be lost. */
  stdout: { isTTY?: boolean; closed?: boolean; write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void): boolean };
  stderr: { isTTY?: boolean; write(chunk: string): boolean };
  version: string;
}

const examples = (...lines: string[]): string => `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * The options a command reads, when commander's parsed flags (typed by extra-typings) have
 * exactly its keys: tsc refuses a flag the command ignores and an option no flag sets, and
 * passing the flags on checks each value's type.
 */
type Exactly<Flags, Options> = [Exclude<keyof Flags, keyof Options> | Exclude<keyof Options, keyof Flags>] extends [never]
  ? Options
  : never;

/**
 * The table of commands and flags. Command modules are imported only when their command
 * runs, so `letters --help` never loads pdfkit, Handlebars or the prompts.
 */
export function buildProgram(io: ProcessIo): CommandUnknownOpts {
  const context = async (): Promise<Context> => {
    const opts = program.opts();
    const [{ clockFrom }, { canPrompt, terminalPrompter }, { findLettersDir }] = await Promise.all([
      import('./io/clock.js'),
      import('./io/terminal/prompts.js'),
      import('./io/files/letters-dir.js'),
    ]);
    const named = opts.dir ?? (io.env['LETTERS_DIR'] || undefined);
    return {
      cwd: io.cwd,
      env: io.env,
      // Named by -d or LETTERS_DIR (read from io.env: main() runs in memory too): that folder;
      // otherwise letters/ found by walking up from here.
      dir: named !== undefined ? path.resolve(io.cwd, named) : findLettersDir(io.cwd),
      interactive: canPrompt(io.stdin, io.stdout, io.env, opts.input),
      now: clockFrom(io.env),
      prompt: terminalPrompter(),
      // The one place command output reaches the streams: one line each, file text made visible.
      out: (line) => void io.stdout.write(`${visible(line)}\n`),
      outJson: (value) => void io.stdout.write(`${visibleJson(value)}\n`),
      err: (line) => void io.stderr.write(`${visible(line)}\n`),
      ...(io.stderr.isTTY ? { progress: (text: string) => void io.stderr.write(`\r\u001b[K${visible(text)}`) } : {}),
      writeStdout: (bytes) =>
        io.stdout.closed
          ? Promise.reject(Object.assign(new Error('standard output is closed'), { code: 'EBADF' }))
          : new Promise((resolve, reject) => io.stdout.write(bytes, (e) => (e ? reject(e) : resolve()))),
    };
  };

  const program = new Command('letters')
    .description('Draft, sign and render joint letters (coalition and sign-on letters) as PDF, HTML, Markdown or text.')
    .version(io.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-d, --dir <dir>', 'the letters folder (default: $LETTERS_DIR, or letters/ here or in the nearest folder above)'))
    .option('--no-input', 'never prompt; a missing value is an error naming its flag')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: () => undefined, // main.ts prints errors in the one letters format
    })
    .exitOverride()
    .addHelpText(
      'after',
      examples(
        'letters new visit-2026 --title "Visit 2026" --to "Secretary Jane Doe"',
        'letters sign visit-2026 --org "Human Rights Watch" --name "Jane Roe" --title "Director"',
        'letters render visit-2026',
      ),
    );

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
    .option('--paper <size>', 'letter (default) or a4')
    .option('--force', 'replace an existing letter file')
    .addHelpText(
      'after',
      examples(
        'letters new visit-2026 --title "Visit 2026" --to "Jane Doe" --to-title "Secretary of State" --address "2201 C Street NW" --address "Washington, DC 20520"',
      ),
    )
    .action(async (slug, opts) => {
      const { newLetter } = await import('./commands/letter/new.js');
      await newLetter(await context(), slug, opts satisfies Exactly<typeof opts, NewOptions>);
    });

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
      const { sign } = await import('./commands/signatures/sign.js');
      await sign(await context(), letter, opts satisfies Exactly<typeof opts, SignOptions>);
    });

  program
    .command('unsign')
    .description('withdraw a signature: the entry moves to withdrawn: with the date (kept, never printed)')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--org <name>', 'organization withdrawing')
    .option('--name <name>', 'individual withdrawing (or, with --org, the person)')
    .option('--affiliation <name>', 'with --name: which of two individuals of the same name')
    .option('--reason <text>', 'why, kept with the withdrawn entry')
    .option('--delete', 'remove an entry added by mistake (a typo, a test) with no record; not for a partner withdrawing')
    .option('--force', 'withdraw even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters unsign visit-2026 --org "Amnesty International" --reason "board decision"'))
    .action(async (letter, opts) => {
      const { unsign } = await import('./commands/signatures/unsign.js');
      await unsign(await context(), letter, opts satisfies Exactly<typeof opts, UnsignOptions>);
    });

  program
    .command('render')
    .description('write the signed letter as PDF, HTML, Markdown, text or a PNG preview (validates first; never a partial file)')
    .argument('[letter]', 'slug or path of the letter file')
    .option(
      '-o, --output <file>',
      'where to write (default: <slug>.<format> here; a folder or a name ending in / gets <slug>.<format>; - for stdout)',
    )
    .option('--format <format>', 'pdf, html, md, txt or png (default: from the -o extension, else pdf)')
    .option('--template <name>', "use this template instead of the letter's own")
    .option('--final', 'refuse if anyone signed an earlier version of the text')
    .option('--pages <pages>', 'png: which pages: 1 (default), 3, 1-3 or all (one file each: <slug>-1.png …)')
    .option('--dpi <dpi>', 'png: resolution, 24 to 600 (default 96)')
    .option('--all', 'render every letter in the folder (-o names a folder)')
    .option('--recipients <file.csv>', 'mail merge: one letter per row of a CSV file (-o names a folder)')
    .option('--combined', 'with --recipients: one PDF, each letter from a new page')
    .option(
      '--encoding <name>',
      'with --recipients: the encoding of a CSV file without a byte-order mark (default utf-8), e.g. windows-1252',
    )
    .option('--pdfa', 'pdf: write PDF/A-2b, the archival form of PDF (fonts embedded, XMP metadata, sRGB output intent)')
    .addHelpText(
      'after',
      examples(
        'letters render visit-2026',
        'letters render visit-2026 -o out/visit-2026.html',
        'letters render visit-2026 --format md -o -',
        'letters render visit-2026 --format png --pages all --dpi 150',
        'letters render --all --format html -o site/',
        'letters render visit-2026 --recipients ministers.csv -o out/',
        'letters render visit-2026 --pdfa',
      ),
    )
    .action(async (letter, opts) => {
      const { render } = await import('./commands/publishing/render.js');
      await render(await context(), letter, opts satisfies Exactly<typeof opts, RenderOptions>);
    });

  const deliveryFlags = <C extends CommandUnknownOpts>(command: C): C =>
    command
      .option('-o, --output <dir>', 'write .eml drafts into this folder (default: here) to open in a mail client; nothing is sent')
      .option('--smtp [url]', 'send through this server (smtps://host or smtp://host:587); alone: $LETTERS_SMTP_URL')
      .option('--rate <n/min>', 'at most this many messages per minute (or /s, /h): 20/min')
      .option('--yes', 'send without asking (needed where no one can answer)')
      .option('--resend-in-doubt', 'send again the messages an interrupted run handed over without an answer')
      .option('--force', 'record the messages even if the letter file is read-only (it stays read-only)') as C;

  deliveryFlags(
    program
      .command('send')
      .description('e-mail the signed letter to its recipients (PDF attached), as .eml drafts or through a server; recorded in delivered:')
      .argument('<letter>', 'slug or path of the letter file')
      .option('--recipients <file.csv>', 'one letter per row of a CSV file with an Email column (mail merge)')
      .option('--encoding <name>', 'with --recipients: the encoding of a CSV file without a byte-order mark, e.g. windows-1252')
      .option(
        '--message <file>',
        'the e-mail body from this file (a first line "Subject: …" sets the subject); default: cover:, else the letter as text',
      )
      .option('--subject <text>', 'the subject (default: the subject of the letter, else its title)')
      .option('--attach <formats>', 'what to attach: pdf (default), html, txt, comma-separated, or none')
      .option('--again', 'send even to addresses this text was sent to before'),
  )
    .addHelpText(
      'after',
      examples(
        'letters send visit-2026 -o outbox/                      # drafts to open in a mail client',
        'LETTERS_SMTP_URL=smtps://me:secret@smtp.example.org letters send visit-2026 --smtp',
        'letters send visit-2026 --recipients members.csv --smtp --rate 20/min',
      ) +
        '\nBefore sending, the letter must pass what render --final checks. An interrupted send is finished by running it again:\nno message is sent twice, and one handed over without an answer is named, not guessed at.\n',
    )
    .action(async (letter: string, opts: SendOptions) => {
      const { send } = await import('./commands/delivery/send.js');
      await send(await context(), letter, opts);
    });

  for (const [name, description, example] of [
    [
      'notify',
      'tell every signatory with an email (not withdrawn, not pending) that the letter went out: one message each, or --bcc N in batches; recorded in notified:',
      'letters notify visit-2026 --message delivered.txt --smtp',
    ],
    [
      'remind',
      'remind the invitees (invited:) who have not signed, with the deadline; recorded in reminded:',
      'letters remind visit-2026 --smtp',
    ],
  ] as const) {
    deliveryFlags(
      program
        .command(name)
        .description(description)
        .argument('<letter>', 'slug or path of the letter file')
        .option(
          '--message <file>',
          `the message (a first line "Subject: …" sets the subject); {{name}}, {{organization}}, {{title}}, {{deadline}}, {{count}} are filled in${name === 'remind' ? ' (default: a short English reminder)' : ''}`,
        )
        .option('--subject <text>', 'the subject')
        .option('--bcc <n>', 'one message per n addresses, all in Bcc, instead of one each')
        .option('--attach <formats>', 'attach the letter: pdf, html, txt, comma-separated (default: none)')
        .option('--again', 'send also to addresses that got this message before'),
    )
      .addHelpText('after', examples(example))
      .action(async (letter: string, opts: NoticeOptions) => {
        const notices = await import('./commands/delivery/notices.js');
        await notices[name](await context(), letter, opts);
      });
  }

  program
    .command('publish')
    .description(
      'write a static page kit for any web host: index.html (letter, count, searchable signatories), the PDF, share.png, counts.json',
    )
    .argument('<letter>', 'slug or path of the letter file')
    .option('-o, --output <dir>', 'the folder to write (created if missing; earlier kit files in it are replaced)')
    .option('--url <address>', "the page's public address, so the share image's link is absolute (og:image)")
    .addHelpText(
      'after',
      examples('letters publish visit-2026 -o site/', 'letters publish visit-2026 -o docs/ --url https://example.org/visit-2026/'),
    )
    .action(async (letter, opts) => {
      const { publish } = await import('./commands/publishing/publish.js');
      await publish(await context(), letter, opts satisfies Exactly<typeof opts, PublishOptions>);
    });

  program
    .command('templates')
    .description("list the templates: the project's templates/ first, then the shipped ones, with the formats each serves")
    .option('--json', 'print JSON only')
    .addHelpText('after', examples('letters templates'))
    .action(async (opts) => {
      const { templates } = await import('./commands/letter/templates.js');
      await templates(await context(), opts satisfies Exactly<typeof opts, TemplatesOptions>);
    });

  program
    .command('import')
    .description('add signatories from sign-ups (CSV, JSON, issue forms, e-mail): all rows or none, after a plan')
    .argument('<letter>', 'slug or path of the letter file')
    .argument('<files...>', 'the sign-ups: a CSV file, JSON or JSON Lines, GitHub issue forms (gh … --json), or .eml messages')
    .option('--map <field=column>', 'read a field from a column: --map organization="Your organisation" (repeat)', collect)
    .option('--ignore <column>', 'leave a column out on purpose: --ignore "Anything else?" (repeat)', collect)
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
    .option('--json', 'print the plan as JSON only')
    .option('--force', 'import even if the letter file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      examples(
        'letters import visit-2026 responses.csv --dry-run',
        'letters import visit-2026 responses.csv --map organization="Your organisation" --map name="Signatory"',
        'letters import visit-2026 signups.json --pending',
        'gh issue list --label sign --json number,title,body,author,createdAt > issues.json; letters import visit-2026 issues.json',
        'letters import visit-2026 replies/*.eml',
      ) +
        '\nColumns are recognized by what their headings say (name, first/last name, organization, title, email,\ncountry, group, affiliation, description, date … in en, fr, de, es, it, pt, nl, pl). A column that looks\nlike a field the import would not read stops it, naming the --map or --ignore to write. Rows with junk\n(a web address in a name, capitals only, emoji …) are held in pending: for `letters review`.\nRows already in the letter are skipped; nothing is written when a row is invalid (unless --skip-invalid).\n',
    )
    .action(async (letter, files, opts) => {
      const { importCsv } = await import('./commands/signatures/import.js');
      await importCsv(await context(), letter, files, opts satisfies Exactly<typeof opts, ImportOptions>);
    });

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
    .option('--json', 'print JSON only')
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
      const { review } = await import('./commands/signatures/review.js');
      await review(await context(), letter, opts satisfies Exactly<typeof opts, ReviewOptions>);
    });

  program
    .command('export')
    .description('write the signatories for delivery: CSV (UTF-8 with BOM, opens in Excel) or JSON')
    .argument('<letter>', 'slug or path of the letter file')
    .option('-o, --output <file>', 'where to write (default: standard output)')
    .option('--private', 'include the private fields (email, phone, notes)')
    .option('--json', 'JSON instead of CSV')
    .option('--force', 'replace a file that is not an earlier export')
    .addHelpText(
      'after',
      examples('letters export visit-2026 -o signatories.csv', 'letters export visit-2026 --private --json') +
        "\nA CSV cell that starts with = + - @, a tab or a carriage return gets a ' in front (Excel's text\nmarker), so no spreadsheet runs it as a formula; letters import removes it again. --json is as written.\n",
    )
    .action(async (letter: string, opts) => {
      const { exportLetter } = await import('./commands/signatures/export.js');
      await exportLetter(await context(), letter, opts);
    });

  program
    .command('status')
    .description('where a letter stands: status, deadline, counts, the text fingerprint, who signed an earlier text')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--json', 'print JSON only')
    .addHelpText('after', examples('letters status visit-2026', 'letters status visit-2026 --json'))
    .action(async (letter: string, opts: { json?: boolean }) => {
      const { status } = await import('./commands/letter/status.js');
      await status(await context(), letter, opts);
    });

  program
    .command('diff')
    .description("what changed in the letter's text since a signatory signed it (from the file's git history)")
    .argument('<letter>', 'slug or path of the letter file')
    .requiredOption('--since <who-or-fingerprint>', 'an organization or name that signed, or a text fingerprint from `letters status`')
    .addHelpText('after', examples('letters diff visit-2026 --since "Amnesty International"', 'letters diff visit-2026 --since 3f9a1c2e'))
    .action(async (letter: string, opts: { since: string }) => {
      const { diff } = await import('./commands/letter/diff.js');
      await diff(await context(), letter, opts);
    });

  program
    .command('open')
    .description('open a letter for signatures (status: open), with an optional deadline')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--deadline <YYYY-MM-DD>', 'the last day sign and import take signatures without --late')
    .option('--force', 'open it even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters open visit-2026 --deadline 2026-03-15'))
    .action(async (letter, opts) => {
      const { open } = await import('./commands/signatures/open.js');
      await open(await context(), letter, opts satisfies Exactly<typeof opts, OpenOptions>);
    });

  program
    .command('close')
    .description('close a letter (status: closed): sign and import refuse from then on')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--force', 'close it even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters close visit-2026'))
    .action(async (letter, opts) => {
      const { close } = await import('./commands/signatures/open.js');
      await close(await context(), letter, opts satisfies Exactly<typeof opts, CloseOptions>);
    });

  program
    .command('merge-driver')
    .description('git merge driver for letter files (run by git; see letters init-git)')
    .argument('<base>', '%O: the common ancestor')
    .argument('<ours>', '%A: our version; the merge is written here')
    .argument('<theirs>', '%B: their version')
    .argument('[path]', '%P: the file, for messages')
    .addHelpText(
      'after',
      examples('git config merge.letters.driver "letters merge-driver %O %A %B %P"') +
        '\nWith letters/*.yaml merge=letters in .gitattributes. Signatories added, updated or withdrawn on two\nbranches merge cleanly; a real conflict is left in the file with conflict markers.\n',
    )
    .action(async (base: string, ours: string, theirs: string, name: string | undefined) => {
      const { mergeDriver } = await import('./commands/git/merge-driver.js');
      await mergeDriver(await context(), base, ours, theirs, name);
    });

  program
    .command('init-git')
    .description('register the letters merge driver in this git repository (.gitattributes and .git/config)')
    .addHelpText('after', examples('letters init-git'))
    .action(async () => {
      const { initGit } = await import('./commands/git/init-git.js');
      await initGit(await context());
    });

  program
    .command('list')
    .description('list the letters in the folder: slug, status, signatories, title')
    .option('--json', 'print JSON only')
    .addHelpText('after', examples('letters list', 'letters --dir campaigns/2026 list --json'))
    .action(async (opts) => {
      const { list } = await import('./commands/letter/list.js');
      await list(await context(), opts satisfies Exactly<typeof opts, ListOptions>);
    });

  program
    .command('check')
    .description('check letters for every problem render would refuse, with file:line:col')
    .argument('[letter...]', 'slugs or paths (default: every letter in the folder)')
    .addHelpText('after', examples('letters check', 'letters check visit-2026'))
    .action(async (letters) => {
      const { check } = await import('./commands/letter/check.js');
      await check(await context(), letters);
    });

  return program;
}

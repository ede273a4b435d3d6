import path from 'node:path';
import { Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Context } from './commands/context.js';
import type { NewOptions } from './commands/new.js';
import type { RenderOptions } from './commands/render.js';
import type { TemplatesOptions } from './commands/templates.js';
import type { SignOptions } from './commands/sign.js';
import type { UnsignOptions } from './commands/unsign.js';
import type { ListOptions } from './commands/list.js';
import { visible, visibleJson } from './core/visible.js';

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
    const [{ clockFrom }, { canPrompt, terminalPrompter }] = await Promise.all([import('./io/clock.js'), import('./io/prompts.js')]);
    return {
      cwd: io.cwd,
      env: io.env,
      dir: path.resolve(io.cwd, opts.dir),
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
    // LETTERS_DIR from io.env rather than commander's .env(), which reads process.env: main() runs in memory too.
    .addOption(
      new Option('-d, --dir <dir>', 'the letters folder').default(io.env['LETTERS_DIR'] || 'letters', '"letters", env: LETTERS_DIR'),
    )
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
    .option('--to <name>', 'recipient name, as printed')
    .option('--to-title <text>', 'recipient title')
    .option('--to-org <name>', 'recipient organization')
    .option('--address <line>', 'a line of the recipient address (repeat for more lines)', collect)
    .option('--salutation <text>', 'salutation (default: "Dear <recipient>,")')
    .option('--date <YYYY-MM-DD>', 'date printed on the letter')
    .option('--template <name>', 'template (default: formal)')
    .option('--force', 'replace an existing letter file')
    .addHelpText(
      'after',
      examples(
        'letters new visit-2026 --title "Visit 2026" --to "Jane Doe" --to-title "Secretary of State" --address "2201 C Street NW" --address "Washington, DC 20520"',
      ),
    )
    .action(async (slug, opts) => {
      const { newLetter } = await import('./commands/new.js');
      await newLetter(await context(), slug, opts satisfies Exactly<typeof opts, NewOptions>);
    });

  program
    .command('sign')
    .description('add a signatory to a letter (at the end; dated today)')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--org <name>', 'organization signing')
    .option('--name <name>', 'the person signing')
    .option('--title <text>', 'their title')
    .option('--update', 'replace the signature of an organization (or individual) that already signed')
    .option('--force', 'sign even if the letter file is read-only (it stays read-only)')
    .addHelpText(
      'after',
      examples(
        'letters sign visit-2026 --org "Amnesty International" --name "Agnès Moreau" --title "Secretary General"',
        'letters sign visit-2026 --name "Dr. Jane Roe"          # an individual',
      ),
    )
    .action(async (letter, opts) => {
      const { sign } = await import('./commands/sign.js');
      await sign(await context(), letter, opts satisfies Exactly<typeof opts, SignOptions>);
    });

  program
    .command('unsign')
    .description('remove a signatory from a letter')
    .argument('<letter>', 'slug or path of the letter file')
    .option('--org <name>', 'organization to remove')
    .option('--name <name>', 'individual to remove (or, with --org, the person)')
    .option('--force', 'remove even if the letter file is read-only (it stays read-only)')
    .addHelpText('after', examples('letters unsign visit-2026 --org "Amnesty International"'))
    .action(async (letter, opts) => {
      const { unsign } = await import('./commands/unsign.js');
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
    .option('--pages <pages>', 'png: which pages: 1 (default), 3, 1-3 or all (one file each: <slug>-1.png …)')
    .option('--dpi <dpi>', 'png: resolution, 24 to 600 (default 96)')
    .option('--all', 'render every letter in the folder (-o names a folder)')
    .option('--recipients <file.csv>', 'mail merge: one letter per row of a CSV file (-o names a folder)')
    .option('--combined', 'with --recipients: one PDF, each letter from a new page')
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
      const { render } = await import('./commands/render.js');
      await render(await context(), letter, opts satisfies Exactly<typeof opts, RenderOptions>);
    });

  program
    .command('templates')
    .description("list the templates: the project's templates/ first, then the shipped ones, with the formats each serves")
    .option('--json', 'print JSON only')
    .addHelpText('after', examples('letters templates'))
    .action(async (opts) => {
      const { templates } = await import('./commands/templates.js');
      await templates(await context(), opts satisfies Exactly<typeof opts, TemplatesOptions>);
    });

  program
    .command('list')
    .description('list the letters in the folder: slug, status, signatories, title')
    .option('--json', 'print JSON only')
    .addHelpText('after', examples('letters list', 'letters --dir campaigns/2026 list --json'))
    .action(async (opts) => {
      const { list } = await import('./commands/list.js');
      await list(await context(), opts satisfies Exactly<typeof opts, ListOptions>);
    });

  program
    .command('check')
    .description('check letters for every problem render would refuse, with file:line:col')
    .argument('[letter...]', 'slugs or paths (default: every letter in the folder)')
    .addHelpText('after', examples('letters check', 'letters check visit-2026'))
    .action(async (letters) => {
      const { check } = await import('./commands/check.js');
      await check(await context(), letters);
    });

  return program;
}

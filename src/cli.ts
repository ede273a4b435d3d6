// The command table: the program, its global flags and the output they shape, then every command (src/cli/<area>-commands.ts), each wired to its module, loaded only when run.
import path from 'node:path';
import { Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Context } from './commands/context.js';
import { addCheck, addDiff, addList, addNew, addStatus, addTemplates } from './cli/letter-commands.js';
import { addDelivery, addPublish, addRender } from './cli/publishing-commands.js';
import { addClose, addExport, addImport, addOpen, addReview, addSign, addUnsign } from './cli/signature-commands.js';
import { addTranslate } from './cli/language-commands.js';
import { addComplete, addCompletion, addConfig, addHelp, addInitGit, addMergeDriver } from './cli/tool-commands.js';
import { examples, type ProcessIo, type Wiring } from './cli/wiring.js';
import { COLOR_CHOICES } from './io/terminal/color.js';
import { visibleTrace } from './io/terminal/visible.js';
import type { Output } from './io/terminal/output.js';

export type { ProcessIo } from './cli/wiring.js';

/** The output path (io/terminal/output.ts), loaded when a command runs or fails: `letters --help` does without it. */
export interface OutputSlot {
  get(): Promise<Output>;
}

export function outputSlot(io: ProcessIo): OutputSlot {
  let loading: Promise<Output> | undefined;
  return { get: () => (loading ??= import('./io/terminal/output.js').then(({ Output }) => new Output(io))) };
}

/**
 * The table of commands and flags. Command modules are imported only when their command
 * runs, so `letters --help` never loads pdfkit, Handlebars or the prompts. What commands print
 * goes through `output` (io/terminal/output.ts), shaped by --json, --quiet, --verbose, --color.
 */
export function buildProgram(io: ProcessIo, slot: OutputSlot = outputSlot(io)): CommandUnknownOpts {
  const context = async (): Promise<Context> => {
    const opts = program.opts();
    const output = await slot.get();
    const [
      { clockFrom },
      { canPrompt, terminalPrompter },
      { findLettersDir },
      { loadSettings },
      { settingValue, sourceText, SETTINGS_FILE },
      { configureLetterCache },
    ] = await Promise.all([
      import('./io/clock.js'),
      import('./io/terminal/prompts.js'),
      import('./io/files/letters-dir.js'),
      import('./io/settings.js'),
      import('./core/settings/settings.js'),
      import('./io/files/letter-cache.js'),
    ]);
    configureLetterCache(io.env, (line) => output.detail(line));
    // -d (or LETTERS_DIR, or dir: in letters.config.yaml; read from io.env: main() runs in memory
    // too) names the folder; otherwise letters/ found by walking up from here.
    const settings = await loadSettings(io.cwd, io.env, opts.dir === undefined ? {} : { dir: opts.dir });
    const named = settingValue(settings, 'dir');
    const dir = named ?? findLettersDir(io.cwd);
    output.detail(`settings: ${settings.file ?? `no ${SETTINGS_FILE} here or above`}`);
    const from = named === undefined ? 'found from here' : `from ${sourceText(settings.values.find((v) => v.key === 'dir')!.source)}`;
    output.detail(`letters folder: ${path.relative(io.cwd, dir) || '.'} (${from})`);
    return {
      cwd: io.cwd,
      env: io.env,
      dir,
      interactive: canPrompt(io.stdin, io.stdout, io.env, opts.input) && !output.json,
      now: clockFrom(io.env),
      prompt: terminalPrompter(),
      out: (line) => output.report(line),
      print: (line) => output.answer(line),
      outJson: (value) => output.result(value),
      err: (line) => output.note(line),
      problem: (problem) => output.problem(problem),
      detail: (line) => output.detail(line),
      progress: (label, total) => output.progress(label, total),
      settings,
      unexpected: (err) => {
        io.unexpected?.(err);
        if (io.env['LETTERS_DEBUG'] === '1' && err instanceof Error) io.stderr.write(`${visibleTrace(err)}\n`);
      },
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
    .helpCommand(false) // `letters help` is a command of its own, with topics (below)
    .addOption(
      new Option('-d, --dir <dir>', 'the letters folder (default: $LETTERS_DIR, dir: in letters.config.yaml, or letters/ here or above)'),
    )
    .option('--no-input', 'never prompt; a missing value is an error naming its flag')
    .option('-q, --quiet', 'print only errors and what the command is asked for (no reports, warnings or progress)')
    .option('--verbose', 'say more on stderr: where the letters folder and settings were found, each file written, the time taken')
    .addOption(new Option('--color <when>', 'colour errors and warnings: auto (on a terminal), always, never').choices(COLOR_CHOICES))
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
      ) + '\nMore: letters help fields | exit-codes | environment | formats; letters <command> --help; man letters\n',
    );

  // The flags that shape output are set before the command runs; its JSON document is written after.
  program.hook('preAction', async (_program, action) => {
    const global = program.opts();
    (await slot.get()).configure({
      command: action.name(),
      json: action.opts()['json'] === true,
      quiet: global.quiet === true,
      verbose: global.verbose === true,
      color: global.color ?? 'auto',
    });
  });
  program.hook('postAction', async () => (await slot.get()).finish());
  // What the commands that need no letters folder print through: help, completion.
  const say = async () => {
    const output = await slot.get();
    return { print: (line: string) => output.answer(line), outJson: (value: unknown) => output.result(value) };
  };

  const wiring: Wiring = { io, context, say };
  for (const add of [
    addNew,
    addSign,
    addUnsign,
    addRender,
    addDelivery,
    addPublish,
    addTemplates,
    addImport,
    addReview,
    addExport,
    addStatus,
    addDiff,
    addOpen,
    addClose,
    addMergeDriver,
    addInitGit,
    addList,
    addTranslate,
    addCheck,
    addConfig,
    addCompletion,
    addHelp,
    addComplete,
  ])
    add(program, wiring);

  return program;
}

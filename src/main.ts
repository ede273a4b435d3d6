// The program, as start.ts (the process entry) loads it: argv → command → the one catch that prints every problem on one line → exit code.
import { type CommandUnknownOpts, CommanderError } from '@commander-js/extra-typings';
import { buildProgram, outputSlot, type OutputSlot, type ProcessIo } from './cli.js';
import { visibleTrace } from './io/terminal/visible.js';
import { EXIT_CODES, EXIT_UNEXPECTED, LettersError } from './errors.js';
import { guardOptimizer } from './io/v8-flags.js';
import type { GlobalFlag } from './cli/stored-help.js';

/** Run one command line; returns the exit code. Every error ends here, printed one per line (and with --json, as JSON). */
export async function main(io: ProcessIo): Promise<number> {
  const slot = outputSlot(io);
  const program = buildProgram(io, slot);
  if (io.argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT_CODES.usage;
  }
  // The command commander dispatched to, so a usage error points at that command's --help.
  let command: string | undefined;
  program.hook('preSubcommand', (_program, sub) => {
    command = sub.name();
    guardOptimizer();
  });
  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return 0;
  } catch (err) {
    return await report(err, io, slot, program, command);
  }
}

async function report(
  err: unknown,
  io: ProcessIo,
  slot: OutputSlot,
  program: CommandUnknownOpts,
  command: string | undefined,
): Promise<number> {
  const debug = io.env['LETTERS_DEBUG'] === '1';
  if (debug && err instanceof Error) io.stderr.write(`${visibleTrace(err)}\n`);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return 0; // --help, --version
    err = usageProblem(err, program, command);
  }
  const output = await slot.get();
  // A command line refused before its command ran still answers in JSON when --json was asked for.
  if (!output.json && wantsJson(io.argv)) output.configure({ command, json: true });
  if (err instanceof Error && err.name === 'ExitPromptError') {
    err = new LettersError('cancelled', 'cancelled', 'nothing was changed');
  }
  if (err instanceof LettersError) {
    output.fail(err.problems, err.code);
    return EXIT_CODES[err.code];
  }
  io.unexpected?.(err);
  const message = err instanceof Error ? err.message : String(err);
  output.fail(
    [
      {
        message: `unexpected error: ${message}`,
        hint: debug
          ? 'this is a bug in letters; please report it with the trace above'
          : 'run again with LETTERS_DEBUG=1 for details, and report it',
      },
    ],
    'unexpected',
  );
  return EXIT_UNEXPECTED;
}

/** `--json` among the words before a `--`. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** Commander's message on one line, pointing at the help that answers it. */
function usageProblem(err: CommanderError, program: CommandUnknownOpts, command: string | undefined): LettersError {
  const message = err.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
  if (err.code === 'commander.unknownCommand') {
    // Commander adds "(Did you mean …?)" when a command is near; otherwise name them all.
    const names = program
      .createHelp()
      .visibleCommands(program)
      .map((c) => c.name());
    const hint = message.includes('Did you mean') ? 'see letters --help' : `the commands are ${names.join(', ')}; see letters --help`;
    return new LettersError('usage', message, hint);
  }
  return new LettersError('usage', message, `see letters ${command ? `${command} ` : ''}--help`);
}

/**
 * Every page `--help` prints: the program's and each command's, under its name and its aliases, as
 * main() writes them to an output that is not a terminal. The build stores them (dist/help/), and
 * start.ts prints one when that is all a command line asks for.
 */
export async function helpPages(): Promise<{ program: string; commands: Record<string, string>; globals: GlobalFlag[] }> {
  const commands: Record<string, string> = {};
  const ask = async (argv: string[]): Promise<string> => {
    let text = '';
    const code = await main({
      argv,
      cwd: process.cwd(),
      env: {},
      stdin: { isTTY: false },
      stdout: {
        write: (chunk, cb) => {
          text += String(chunk);
          cb?.();
          return true;
        },
      },
      stderr: { write: (chunk) => Boolean(process.stderr.write(chunk)) },
      version: '',
    });
    if (code !== 0) throw new Error(`letters ${argv.join(' ')} answered ${code}`);
    return text;
  };
  const program = await ask(['--help']);
  const table = buildProgram({
    argv: [],
    cwd: process.cwd(),
    env: {},
    stdin: {},
    stdout: { write: () => true },
    stderr: { write: () => true },
    version: '',
  });
  for (const command of table.commands) {
    const page = await ask([command.name(), '--help']);
    for (const name of [command.name(), ...command.aliases()]) commands[name] = page;
  }
  // The flags that may come before --help and leave the page as it is: not --version (it answers
  // first) nor --help itself.
  const globals = table.options
    .filter((o) => o.long !== '--version' && o.long !== '--help')
    .map((o) => ({
      names: [o.short, o.long].filter((n): n is string => n !== undefined),
      value: o.required || o.optional,
      ...(o.argChoices ? { choices: [...o.argChoices] } : {}),
    }));
  return { program, commands, globals };
}

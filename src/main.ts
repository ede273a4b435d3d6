// The process entry: argv → command → the one catch that prints every problem on one line → exit code.
import { type CommandUnknownOpts, CommanderError } from '@commander-js/extra-typings';
import { buildProgram, outputSlot, type OutputSlot, type ProcessIo } from './cli.js';
import { visibleTrace } from './io/terminal/visible.js';
import { EXIT_CODES, EXIT_UNEXPECTED, LettersError } from './errors.js';
import { formatProblem } from './io/terminal/diagnostics.js';
import { isFull } from './io/files/fs-errors.js';
import { guardOptimizer } from './io/optimizer-guard.js';
import { packageVersion } from './io/package-root.js';
import { processStdout } from './io/terminal/process-stdout.js';

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
  program.hook('preSubcommand', async (_program, sub) => {
    command = sub.name();
    await guardOptimizer();
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

/** The process entry: real argv, cwd, env and streams. */
export async function run(): Promise<void> {
  const stdout = processStdout();
  process.exitCode = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    // Whether standard input is a terminal, asked when a command may prompt: without making Node
    // open it as a stream, nor load its tty module (milliseconds of every command, `--help` included).
    stdin: {
      get isTTY() {
        return process.getBuiltinModule('node:tty').isatty(0);
      },
    },
    stdout,
    // process.stderr is made when first used: a command that prints nothing there never makes it.
    get stderr() {
      return process.stderr;
    },
    version: packageVersion(),
  });
  // A failed write is reported by a stream event on a later tick: let those arrive first.
  await new Promise((resolve) => setImmediate(resolve));
  const failure = stdout.failure();
  if (failure && process.exitCode === 0) {
    // The command did its work, but what it printed is lost (stdout is /dev/full, a full disk …).
    const why = isFull(failure) ? 'no space is left where it goes' : failure.message;
    process.stderr.write(
      `${formatProblem({ message: `cannot write to standard output: ${why}`, hint: 'the command itself finished, but what it printed was lost' })}\n`,
    );
    process.exitCode = EXIT_CODES.io;
  }
}

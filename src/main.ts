import { CommanderError } from 'commander';
import { buildProgram, type ProcessIo } from './cli.js';
import { visibleTrace } from './core/visible.js';
import { LettersError, formatProblem } from './errors.js';
import { packageVersion } from './io/package-root.js';
import { processStdout } from './io/process-stdout.js';

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const;

/** Run one command line; returns the exit code. Every error ends here, printed one per line. */
export async function main(io: ProcessIo): Promise<number> {
  const program = buildProgram(io);
  if (io.argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    return report(err, io);
  }
}

function report(err: unknown, io: ProcessIo): number {
  const debug = io.env['LETTERS_DEBUG'] === '1';
  if (debug && err instanceof Error) io.stderr.write(`${visibleTrace(err)}\n`);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return EXIT.ok; // --help, --version
    const message = err.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
    const sub = io.argv.find((a) => !a.startsWith('-'));
    io.stderr.write(`${formatProblem({ message, hint: `see letters ${sub && /^[a-z]+$/.test(sub) ? `${sub} ` : ''}--help` })}\n`);
    return EXIT.usage;
  }
  if (err instanceof LettersError) {
    for (const problem of err.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    return err.exitCode;
  }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    io.stderr.write('letters: cancelled — nothing was changed\n');
    return EXIT.cancelled;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(
    `${formatProblem({ message: `unexpected error: ${message}`, hint: debug ? 'this is a bug in letters; please report it with the trace above' : 'run again with LETTERS_DEBUG=1 for details, and report it' })}\n`,
  );
  return EXIT.failure;
}

/** The process entry: real argv, cwd, env and streams. */
export async function run(): Promise<void> {
  const stdout = processStdout();
  process.exitCode = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout,
    stderr: process.stderr,
    version: packageVersion(),
  });
  // A failed write is reported by a stream event on a later tick: let those arrive first.
  await new Promise((resolve) => setImmediate(resolve));
  const failure = stdout.failure();
  if (failure && process.exitCode === EXIT.ok) {
    // The command did its work, but what it printed is lost (stdout is /dev/full, a full disk …).
    const why = failure.code === 'ENOSPC' ? 'no space is left where it goes' : failure.message;
    process.stderr.write(
      `${formatProblem({ message: `cannot write to standard output: ${why}`, hint: 'the command itself finished, but what it printed was lost' })}\n`,
    );
    process.exitCode = EXIT.failure;
  }
}

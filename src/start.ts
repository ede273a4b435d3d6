// The process entry: a help page stored by the build when `--help` is all the command line asks for, otherwise the program (main.ts), loaded only then.
import { GLOBAL_FLAGS_FILE, type GlobalFlag, readStored, STORED_HELP_WIDTH, storedHelpPage } from './cli/stored-help.js';
import { processStdout, reportLostOutput } from './io/terminal/process-stdout.js';

/** The process entry: real argv, cwd, env and streams. */
export async function run(): Promise<void> {
  const stdout = processStdout();
  const argv = process.argv.slice(2);
  // Commander wraps help to a terminal's width, and to 80 columns anywhere else.
  const width = stdout.isTTY ? (process.stdout.columns ?? STORED_HELP_WIDTH) : STORED_HELP_WIDTH;
  const dir = new URL('./help/', import.meta.url);
  let globals: GlobalFlag[] | undefined;
  const page = storedHelpPage(argv, width, () => (globals ??= JSON.parse(readStored(dir, GLOBAL_FLAGS_FILE) ?? '[]') as GlobalFlag[]));
  const stored = page === undefined ? undefined : readStored(dir, `${page}.txt`);
  if (stored !== undefined) {
    stdout.write(stored);
    process.exitCode = 0;
  } else {
    const [{ main }, { packageVersion }] = await Promise.all([import('./main.js'), import('./io/package-root.js')]);
    process.exitCode = await main({
      argv,
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
  }
  await reportLostOutput(stdout);
}

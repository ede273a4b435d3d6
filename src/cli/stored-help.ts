// The help pages the build stores beside the bundle (dist/help/), printed by start.ts when `--help` is all a command line asks for, without loading the command table.
import { readFileSync } from 'node:fs';

/** The width commander wraps help to when standard output is not a terminal; the stored pages are wrapped to it. */
export const STORED_HELP_WIDTH = 80;

/** The page's file name (in dist/help/) for `letters --help` (and `-h`). */
export const PROGRAM_PAGE = 'letters';

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Which stored page answers `argv`, if one does: `--help` alone, or a command's name and `--help`,
 * printed `width` wide (commander wraps help to a terminal's columns, else to 80). Any other command
 * line, or another width, is left to the program, which prints the same page from the same table.
 */
export function storedHelpPage(argv: readonly string[], width: number): string | undefined {
  if (width !== STORED_HELP_WIDTH) return undefined;
  if (argv.length === 1 && HELP_FLAGS.has(argv[0]!)) return PROGRAM_PAGE;
  if (argv.length === 2 && HELP_FLAGS.has(argv[1]!) && /^[a-z_][a-z0-9_-]*$/.test(argv[0]!) && argv[0] !== PROGRAM_PAGE) return argv[0];
  return undefined;
}

/** The text of a stored page, or undefined when the build stored none by that name (an unknown command: the program says so). */
export function readStoredHelp(dir: URL, page: string): string | undefined {
  try {
    return readFileSync(new URL(`${page}.txt`, dir), 'utf8');
  } catch {
    return undefined;
  }
}

// The help pages the build stores beside the bundle (dist/help/), printed by start.ts when `--help` is all a command line asks for, without loading the command table.
import { readFileSync } from 'node:fs';

/** The width commander wraps help to when standard output is not a terminal; the stored pages are wrapped to it. */
export const STORED_HELP_WIDTH = 80;

/** The page's file name (in dist/help/) for `letters --help` (and `-h`). */
export const PROGRAM_PAGE = 'letters';

/** The file (in dist/help/) of the program's global flags, as the build found them in the command table. */
export const GLOBAL_FLAGS_FILE = 'global-flags.json';

/** A global flag of the program (`-q`, `--dir <dir>` …): its spellings, whether it takes a value, and the values it allows. */
export interface GlobalFlag {
  names: string[];
  value: boolean;
  choices?: string[];
}

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Which stored page answers `argv`, if one does: `--help`, or a command's name and `--help`, after
 * any global flags that cannot fail (`--dir X`, `-q`, `--color never` …; the table's, from
 * `globals`), printed `width` wide (commander wraps help to a terminal's columns, else to 80). Any
 * other command line, or another width, is left to the program, which prints the same page from the
 * same table or says what is wrong.
 */
export function storedHelpPage(argv: readonly string[], width: number, globals: () => readonly GlobalFlag[]): string | undefined {
  if (width !== STORED_HELP_WIDTH || argv.length === 0 || !HELP_FLAGS.has(argv[argv.length - 1]!)) return undefined;
  let i = 0;
  while (i < argv.length - 1 && argv[i]!.startsWith('-')) {
    const flag = globals().find((g) => g.names.includes(argv[i]!));
    if (flag === undefined) return undefined;
    if (flag.value) {
      const value = argv[i + 1];
      if (value === undefined || i + 1 === argv.length - 1 || value.startsWith('-')) return undefined;
      if (flag.choices !== undefined && !flag.choices.includes(value)) return undefined;
      i += 2;
    } else i += 1;
  }
  const rest = argv.slice(i);
  if (rest.length === 1) return PROGRAM_PAGE;
  if (rest.length === 2 && /^[a-z_][a-z0-9_-]*$/.test(rest[0]!) && rest[0] !== PROGRAM_PAGE) return rest[0];
  return undefined;
}

/** The text of a stored file, or undefined when the build stored none by that name (an unknown command: the program says so). */
export function readStored(dir: URL, file: string): string | undefined {
  try {
    return readFileSync(new URL(file, dir), 'utf8');
  } catch {
    return undefined;
  }
}

// What a command may touch (folders, clock, prompts, output, settings), passed in so that commands run in memory in tests.
import type { Problem } from '../errors.js';
import type { Progress } from '../io/terminal/progress.js';
import type { Prompter } from '../io/terminal/prompts.js';
import type { Settings } from '../core/settings/settings.js';

/**
 * What a command may touch, passed in so tests can run commands in memory. The members marked
 * optional have a plain fallback in ./output.ts, so a context made by hand needs only the rest.
 */
export interface Context {
  cwd: string;
  /** The environment, for settings read at the edge (LETTERS_LOCK_WAIT). */
  env: NodeJS.ProcessEnv;
  /** Absolute path of the letters folder. */
  dir: string;
  /** True when a person can answer prompts. */
  interactive: boolean;
  /** The current time; reads SOURCE_DATE_EPOCH on first use and throws a usage error if it is invalid. */
  now: () => Date;
  prompt: Prompter;
  /**
   * A line reporting what was done ("Signed: …", "Wrote x.pdf"), on stdout; not with --quiet
   * or --json. Always one line: control characters in it (from file text) are printed as
   * visible escapes, a newline included.
   */
  out: (line: string) => void;
  /** A line of the command's answer (a table, a status, a diff), on stdout even with --quiet; not with --json. */
  print?: (line: string) => void;
  /** The command's result for `--json`: the fields of its JSON document (see schemas/). */
  outJson: (value: unknown) => void;
  /** Raw bytes to stdout (`render -o -`). */
  writeStdout: (bytes: Buffer) => Promise<void>;
  /** A note on stderr (a lock waited for, columns not used), escaped like `out`; not with --quiet. */
  err: (line: string) => void;
  /** A problem found along the way, error or warning: on stderr and among the --json diagnostics. */
  problem?: (problem: Problem) => void;
  /** A detail for --verbose, on stderr. */
  detail?: (line: string) => void;
  /** Progress through a long command's steps (a redrawn line on a terminal; see io/terminal/progress.ts). */
  progress?: (label: string, total: number) => Progress;
  /** The project's settings (letters.config.yaml, the environment, the flags), for the defaults they give. */
  settings?: Settings;
  /**
   * An error letters did not foresee, caught by a command that goes on (render --all): its
   * trace on stderr with LETTERS_DEBUG=1, as the last catch prints one.
   */
  unexpected?: (err: unknown) => void;
}

/** The flag every command has: its result as one JSON document on stdout. */
export interface JsonOption {
  json?: boolean;
}

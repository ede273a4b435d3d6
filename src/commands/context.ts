// What a command may touch (folders, clock, prompts, output), passed in so that commands run in memory in tests.
import type { Prompter } from '../io/terminal/prompts.js';

/** What a command may touch, passed in so tests can run commands in memory. */
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
   * A line for people, on stdout. Always one line: control characters in it (from file text)
   * are printed as visible escapes, a newline included.
   */
  out: (line: string) => void;
  /** A value as pretty-printed JSON on stdout (`--json`), with control characters as JSON escapes. */
  outJson: (value: unknown) => void;
  /** Raw bytes to stdout (`render -o -`). */
  writeStdout: (bytes: Buffer) => Promise<void>;
  /** A line of diagnostics, on stderr; escaped like `out`. */
  err: (line: string) => void;
  /** A progress line redrawn in place on stderr, only when it is a terminal; "" clears it. */
  progress?: (text: string) => void;
}

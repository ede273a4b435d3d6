// The ground floor: LettersError and its codes and exit codes, and the Problem every layer reports.

/** Where a problem sits in a letter file; line and col are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** One thing wrong, phrased for the person who has to fix it. */
export interface Problem {
  message: string;
  hint: string;
  location?: SourceLocation;
  /** A warning is printed like an error but stops nothing (exit 0). Absent means an error. */
  severity?: 'error' | 'warning';
  /** What kind of problem, for `--json` (an ErrorCode, or a finer word for a warning); absent: the error's own code. */
  code?: string;
  /** The field it is about, as a dotted path (`signatories.3.name`), when known. */
  field?: string;
}

export type ErrorCode =
  | 'usage'
  | 'invalid-letter'
  | 'not-found'
  | 'exists'
  | 'duplicate'
  | 'ambiguous'
  | 'closed'
  | 'missing-input'
  | 'missing-glyph'
  | 'font-missing'
  | 'template'
  | 'io'
  | 'busy'
  | 'read-only'
  | 'lock-lost'
  | 'cancelled'
  | 'deadline'
  | 'similar'
  | 'invalid-csv'
  | 'invalid-rows'
  | 'stale-text'
  | 'no-history'
  | 'merge-conflict'
  | 'mail'
  | 'delivered'
  | 'invalid-settings';

/**
 * The exit code of each kind of error, as docs/reliability.md's table documents them: 2 when the
 * command line itself must change, 130 for a cancelled prompt (as for Ctrl-C), 1 otherwise.
 * A Record, so a new code cannot be added without choosing its exit code.
 */
export const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 2,
  'missing-input': 2,
  'invalid-letter': 1,
  'not-found': 1,
  exists: 1,
  duplicate: 1,
  ambiguous: 1,
  closed: 1,
  'missing-glyph': 1,
  'font-missing': 1,
  template: 1,
  io: 1,
  busy: 1,
  'read-only': 1,
  'lock-lost': 1,
  cancelled: 130,
  deadline: 1,
  similar: 1,
  'invalid-csv': 1,
  'invalid-rows': 1,
  'stale-text': 1,
  'no-history': 1,
  'merge-conflict': 1,
  mail: 1,
  delivered: 1,
  'invalid-settings': 2,
};

/** An error letters did not foresee (a bug, printed as "unexpected error"): the command failed. */
export const EXIT_UNEXPECTED = 1;

/**
 * Every failure a user can cause is a LettersError: what is wrong, what to do, and
 * where. The one catch in main.ts prints it as `letters: <where>: <what> — <hint>` and exits
 * with `EXIT_CODES[code]`.
 */
export class LettersError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly location: SourceLocation | undefined;

  constructor(code: ErrorCode, message: string, hint: string, options: { location?: SourceLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LettersError';
    this.code = code;
    this.hint = hint;
    this.location = options.location;
  }

  get problems(): Problem[] {
    return [{ message: this.message, hint: this.hint, location: this.location }];
  }
}

/** A letter file with one or more problems; validation collects them all before failing. */
export class InvalidLetterError extends LettersError {
  readonly all: Problem[];

  constructor(all: Problem[], code: ErrorCode = 'invalid-letter') {
    const first = all[0] ?? { message: 'the letter is not valid', hint: 'run `letters check`' };
    super(code, first.message, first.hint, { location: first.location });
    this.all = all;
  }

  override get problems(): Problem[] {
    return this.all;
  }
}

export function usageError(message: string, hint: string): LettersError {
  return new LettersError('usage', message, hint);
}

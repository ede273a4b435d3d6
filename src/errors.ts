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
  | 'invalid-settings';

/**
 * The exit code of each kind of error, as the README's table documents them: 2 when the
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
  'invalid-settings': 2,
};

/**
 * What each code means, as `letters help exit-codes` and the `code` of a `--json` diagnostic
 * explain it. A Record too: a new code is described where it is added.
 */
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  usage: 'the command line is wrong: an unknown option or command, a missing argument, an invalid letter name or value',
  'missing-input': 'a required value is missing and no prompt can be shown (no terminal, CI set, or --no-input)',
  'invalid-letter': 'a letter file has problems; each is printed with file:line:col',
  'not-found': 'a letter, file, template or repository that does not exist',
  exists: 'a file that is already there and would be replaced (add --force where offered)',
  duplicate: 'a signatory that already signed',
  ambiguous: 'a name that matches more than one signatory',
  closed: 'the letter is closed: sign and import refuse',
  'missing-glyph': 'a character no font of letters can print',
  'font-missing': 'a font package that is not installed',
  template: 'a template that cannot be used (syntax, formats, limits)',
  io: 'a file that cannot be read or written (permissions, a full disk, a closed standard output)',
  busy: 'the letter file is locked by another command, or changed while this one worked',
  'read-only': 'the letter file is read-only (add --force to change it anyway)',
  'lock-lost': "the letter's lock was taken away while the command held it",
  cancelled: 'a prompt was cancelled (Ctrl-C)',
  deadline: 'the deadline has passed (add --late to accept a late signature)',
  similar: 'a signatory that looks like one already there (add --allow-similar)',
  'invalid-csv': 'a CSV file that cannot be read as a sheet',
  'invalid-rows': 'rows of a sign-up sheet that cannot be imported; nothing was written',
  'stale-text': 'someone signed an earlier text and --final was given',
  'no-history': 'the git history needed to compare texts is not there',
  'merge-conflict': 'a real conflict between two versions of a letter, left with conflict markers',
  'invalid-settings': 'a setting that cannot be used, in letters.config.yaml (with file:line:col) or the environment',
};

/** What the process's exit codes mean, in order: the table `letters help exit-codes` prints. */
export const EXIT_CODE_MEANINGS: readonly { code: number; meaning: string }[] = [
  { code: 0, meaning: 'done (warnings may have been printed)' },
  { code: 1, meaning: 'the command failed: an invalid letter, a refused signature, a file that cannot be written …; nothing was changed' },
  {
    code: 2,
    meaning: 'usage: the command line or a setting must change (an unknown option, a missing argument or value, a bad letters.config.yaml)',
  },
  { code: 130, meaning: 'a prompt was cancelled (Ctrl-C)' },
];

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

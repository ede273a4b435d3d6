// What each error code and exit code means, in words: the tables `letters help exit-codes`, the man page and docs/ are written from.
import type { ErrorCode } from './errors.js';

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
  mail: 'a mail server that cannot be reached, refuses the login, or refuses a message',
  delivered: 'the letter was sent to these addresses already (add --again to send it again)',
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

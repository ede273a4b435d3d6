//! Which intake reads the files given to `letters import`: `--format`, else the extension, else
//! a look at the first bytes (io/intake/intake.ts), then the one handler of that kind, loaded
//! only when used (the e-mail and JSON readers are most of the import's code, and a CSV needs neither).
import path from 'node:path';
import { TextDecoder } from 'node:util';
import { LettersError } from '../../errors.js';
import { displayPath } from '../files/letter-files.js';
import { readCsvIntake } from './csv-intake.js';
import { type IntakeOptions, type IntakeTable, intakeKind, readBytes } from './intake.js';

/** A JSON file's text: UTF-8, a byte-order mark allowed; anything else is refused at its first bad line. */
function utf8(bytes: Buffer, display: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    throw new LettersError('invalid-csv', `${display} is not UTF-8 text`, 'JSON is UTF-8: export it again from the form', {
      location: { file: display, line: 1, col: 1 },
    });
  }
}

/** The sign-ups in the files given: one sheet or JSON file, or one or more .eml messages. */
export async function readIntake(files: readonly string[], cwd: string, options: IntakeOptions): Promise<IntakeTable> {
  const absolute = files.map((f) => path.resolve(cwd, f));
  const first = absolute[0]!;
  // A sheet is named as the mail merge names it, so both commands say a missing file alike.
  const byName = intakeKind(first, '{', options.format);
  const noun = byName === 'eml' ? 'e-mail file' : byName === 'csv' || path.extname(first) === '' ? 'CSV file' : 'JSON file';
  const bytes = await readBytes(first, cwd, noun);
  const head = bytes.subarray(0, 4096).toString('utf8');
  const kind = intakeKind(first, head, options.format);
  if (kind === 'eml') {
    for (const f of absolute.slice(1)) {
      if (intakeKind(f, '', options.format) !== 'eml') {
        throw new LettersError(
          'usage',
          `${displayPath(f, cwd)} is not an .eml file`,
          'import several files only when each is one e-mail (.eml)',
        );
      }
    }
    const { readEmailIntake } = await import('./email-intake.js');
    return readEmailIntake(absolute, cwd);
  }
  if (absolute.length > 1) {
    throw new LettersError(
      'usage',
      `${files.length} files given, and ${displayPath(first, cwd)} is not an e-mail`,
      'import one sheet or JSON file at a time (several files only when each is one .eml message)',
    );
  }
  if (kind === 'csv') return readCsvIntake(first, cwd, options.encoding);
  const display = displayPath(first, cwd);
  const text = utf8(bytes, display);
  const name = path.basename(first);
  const [{ jsonIntake }, { issueFormIntake }] = await Promise.all([import('./json-intake.js'), import('./issue-form-intake.js')]);
  if (kind === 'jsonl') return jsonIntake(text, display, name, true);
  const issues = issueFormIntake(text, display, name);
  if (issues !== undefined) return issues;
  if (kind === 'issues') {
    throw new LettersError(
      'usage',
      `${display} holds no GitHub issues (objects with a number and a body)`,
      'export them with gh issue list --json number,title,body,author,createdAt',
    );
  }
  return jsonIntake(text, display, name, false);
}

// A letter's earlier texts, from the file's git history: the version a fingerprint was taken of, and which parts changed since.
import path from 'node:path';
import { partsFingerprint, sameText, type TextPart } from '../../core/letter/fingerprint.js';
import type { Letter } from '../../core/letter/letter.js';
import { parseLetter } from '../../core/read/parse-letter.js';
import { fileAt, fileHistory, type FileVersion } from '../../io/git.js';
import { MAX_LETTER_BYTES } from '../../io/files/letter-files.js';

/** The committed version of a file whose text fingerprints as asked, or why there is none. */
export type FoundText =
  | { kind: 'found'; letter: Letter; version: FileVersion }
  /** The file is not in a git repository (or git is missing). */
  | { kind: 'no-repository' }
  | { kind: 'not-found'; searched: number };

/**
 * The newest committed version of a letter file whose text, as `partsOf` takes it apart,
 * has the fingerprint `target` (the agreed text a signature recorded, the text a translation
 * was made from). Versions that do not read as a letter are passed over.
 */
export async function findText(file: string, partsOf: (letter: Letter) => TextPart[], target: string): Promise<FoundText> {
  const history = await fileHistory(file);
  if (history === undefined) return { kind: 'no-repository' };
  for (const version of history) {
    const source = await fileAt(version, path.dirname(file), MAX_LETTER_BYTES);
    if (source === undefined) continue;
    let old: Letter;
    try {
      old = parseLetter(source, `${version.commit.slice(0, 7)}:${version.path}`).letter;
    } catch {
      continue; // a version that does not read as a letter has no fingerprint
    }
    if (sameText(target, partsFingerprint(partsOf(old)))) return { kind: 'found', letter: old, version };
  }
  return { kind: 'not-found', searched: history.length };
}

/** The letter as it was when its text had the fingerprint `target`, or undefined when git cannot tell. */
export async function letterWithText(
  file: string,
  _cwd: string,
  partsOf: (letter: Letter) => TextPart[],
  target: string,
): Promise<{ letter: Letter; version: FileVersion } | undefined> {
  const found = await findText(file, partsOf, target);
  return found.kind === 'found' ? found : undefined;
}

/** The labels of the parts that differ between two texts, in reading order: changed, added or gone. */
export function changedParts(before: readonly TextPart[], after: readonly TextPart[]): string[] {
  const old = new Map(before.map((p) => [p.label, p.text]));
  const now = new Map(after.map((p) => [p.label, p.text]));
  const out: string[] = [];
  for (const p of after) if (old.get(p.label) !== p.text) out.push(old.has(p.label) ? p.label : `${p.label} (new)`);
  for (const p of before) if (!now.has(p.label)) out.push(`${p.label} (removed)`);
  return out;
}

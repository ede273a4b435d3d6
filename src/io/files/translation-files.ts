//! Translation files on disk: `letters/<slug>.<lang>.yaml` beside the letter, one per language,
//! found by their names and read like letter files (the same limits, the same UTF-8 rule).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { languageName } from '../../core/letter/languages.js';
import { translationName } from '../../core/letter/translation.js';
import { readTranslationSource, type TranslationRead } from '../../core/read/translation-reader.js';
import { letterVersions, type LetterVersions } from '../../core/read/letter-versions.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { LettersError } from '../../errors.js';
import { ioError, isCode } from './fs-errors.js';
import { displayPath, readText } from './letter-files.js';

/** One translation file: the letter it translates, its language (as its name writes it), and why it cannot be read, if so. */
export interface TranslationEntry {
  slug: string;
  lang: string;
  file: string;
  problem?: LettersError;
}

/** Every translation file in the letters folder, by slug then language; a language in two files carries the problem. */
export async function listTranslationFiles(dir: string, cwd: string): Promise<TranslationEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if (isCode(err, 'ENOENT', 'ENOTDIR')) return [];
    throw ioError(err, displayPath(dir, cwd), 'read');
  }
  const found = names
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => {
      const t = translationName(n);
      return t === undefined ? [] : [{ ...t, file: path.join(dir, n) }];
    })
    .sort((a, b) =>
      a.slug !== b.slug ? (a.slug < b.slug ? -1 : 1) : a.lang.toLowerCase() < b.lang.toLowerCase() ? -1 : a.file < b.file ? -1 : 1,
    );
  const out: TranslationEntry[] = [];
  for (const entry of found) {
    const key = `${entry.slug}\u0000${entry.lang.toLowerCase()}`;
    const twins = found.filter((e) => `${e.slug}\u0000${e.lang.toLowerCase()}` === key);
    if (twins.length > 1) {
      if (out.some((e) => `${e.slug}\u0000${e.lang.toLowerCase()}` === key)) continue;
      const shown = twins.map((e) => displayPath(e.file, cwd)).sort();
      out.push({
        ...entry,
        problem: new LettersError(
          'ambiguous',
          `${shown.join(' and ')} are all the ${languageName(entry.lang)} translation of "${entry.slug}"`,
          'keep one: merge them, then remove the others',
        ),
      });
      continue;
    }
    const stat = await fs.stat(entry.file).catch(() => undefined);
    if (stat !== undefined && !stat.isFile()) {
      out.push({
        ...entry,
        problem: new LettersError(
          'not-found',
          `${displayPath(entry.file, cwd)} is not a regular file`,
          'replace it with the translation file, or remove it',
        ),
      });
      continue;
    }
    out.push(entry);
  }
  return out;
}

/** The translation files of one letter. */
export async function translationFiles(dir: string, slug: string, cwd: string): Promise<TranslationEntry[]> {
  return (await listTranslationFiles(dir, cwd)).filter((e) => e.slug === slug);
}

/** Read a translation file and every problem in it. */
export async function readTranslationFile(entry: TranslationEntry, cwd: string): Promise<TranslationRead> {
  if (entry.problem) throw entry.problem;
  const display = displayPath(entry.file, cwd);
  return readTranslationSource(await readText(entry.file, display), display, entry.lang);
}

/** Where a new translation of `letterFile` in `lang` goes: beside it, with its extension. */
export function translationPath(letterFile: string, lang: string): string {
  const ext = path.extname(letterFile) || '.yaml';
  return path.join(path.dirname(letterFile), `${path.basename(letterFile, ext)}.${lang}${ext}`);
}

/**
 * A letter read with its translations (the files beside it named `<slug>.<lang>.yaml`), each
 * checked against it. A translation file that cannot be read at all (not UTF-8, a folder) is a
 * version with that problem, never a reason to fail the letter itself.
 */
export async function readLetterVersions(parsed: ParsedLetter, file: string, cwd: string): Promise<LetterVersions> {
  const slug = path.basename(file).replace(/\.ya?ml$/i, '');
  const entries = await translationFiles(path.dirname(file), slug, cwd);
  const reads = [];
  for (const entry of entries) {
    const display = displayPath(entry.file, cwd);
    try {
      reads.push({ lang: entry.lang, file: display, read: await readTranslationFile(entry, cwd) });
    } catch (err) {
      if (!(err instanceof LettersError)) throw err;
      reads.push({ lang: entry.lang, file: display, read: { parsed: undefined, problems: err.problems } });
    }
  }
  return letterVersions(parsed, reads);
}

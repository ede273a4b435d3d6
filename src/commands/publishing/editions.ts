// Which language versions a render writes (`--lang`, `--all-langs`, `--bilingual A,B`), each checked and built as a document, and the file name each gets.
import { languageName } from '../../core/letter/languages.js';
import { findVersion, translatedParsed, type LetterVersions, type Version } from '../../core/read/letter-versions.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { shellWord } from '../../core/text/shell-word.js';
import { InvalidLetterError, LettersError, usageError } from '../../errors.js';
import { bilingualDocument } from '../../render/bilingual.js';
import type { LetterDocument } from '../../render/document/document.js';
import type { RenderRun } from './render-run.js';

/** The letter in its own language, or one of its translations. */
export type Side = { kind: 'letter' } | { kind: 'translation'; version: Version };

/** One document a render writes: the letter in one language, or in two (`--bilingual`). */
export type Edition = Side | { kind: 'bilingual'; first: Side; second: Side };

/** The language flags of `render`. */
export interface LanguageOptions {
  lang?: string;
  allLangs?: boolean;
  bilingual?: string;
}

/** The language flags given, checked against each other: usage errors before anything is read. */
export function checkLanguageFlags(options: LanguageOptions): void {
  const given = [
    options.lang !== undefined && '--lang',
    options.allLangs && '--all-langs',
    options.bilingual !== undefined && '--bilingual',
  ].filter((f): f is string => typeof f === 'string');
  if (given.length > 1) {
    throw usageError(
      `${given.join(' and ')} ask for different things`,
      'give one: --lang L (one language), --all-langs (one file each) or --bilingual A,B (one document in two)',
    );
  }
}

/** The letter, or its translation into `lang` (its own language is the letter). */
function side(versions: LetterVersions, lang: string, letterArg: string, flag: string): Side {
  if (lang.toLowerCase() === versions.parsed.letter.lang.toLowerCase()) return { kind: 'letter' };
  const version = findVersion(versions, lang);
  if (version !== undefined) return { kind: 'translation', version };
  const have = [versions.parsed.letter.lang, ...versions.versions.map((v) => v.lang)];
  throw new LettersError(
    'not-found',
    `${versions.parsed.file} has no ${languageName(lang)} translation (${flag} ${lang})`,
    `its languages are ${have.join(', ')}; start one with: letters translate ${shellWord(letterArg)} --lang ${lang}`,
  );
}

/** The documents the flags ask for, in order. */
export function editionsFor(versions: LetterVersions, options: LanguageOptions, letterArg: string): Edition[] {
  if (options.lang !== undefined) return [side(versions, options.lang, letterArg, '--lang')];
  if (options.allLangs) return [{ kind: 'letter' }, ...versions.versions.map((version): Side => ({ kind: 'translation', version }))];
  if (options.bilingual !== undefined) {
    const langs = options.bilingual.split(',').map((l) => l.trim());
    if (langs.length !== 2 || langs.some((l) => l === '') || langs[0]!.toLowerCase() === langs[1]!.toLowerCase()) {
      throw usageError(
        `--bilingual takes two different languages, not "${options.bilingual}"`,
        `write them with a comma: --bilingual ${versions.parsed.letter.lang},fr`,
      );
    }
    return [
      {
        kind: 'bilingual',
        first: side(versions, langs[0]!, letterArg, '--bilingual'),
        second: side(versions, langs[1]!, letterArg, '--bilingual'),
      },
    ];
  }
  return [{ kind: 'letter' }];
}

/** The language a side is in. */
export function sideLang(versions: LetterVersions, s: Side): string {
  return s.kind === 'letter' ? versions.parsed.letter.lang : s.version.lang;
}

/** The translations an edition prints. */
export function printedVersions(edition: Edition): Version[] {
  const of = (s: Side): Version[] => (s.kind === 'translation' ? [s.version] : []);
  return edition.kind === 'bilingual' ? [...of(edition.first), ...of(edition.second)] : of(edition);
}

/** The name an edition's file gets: `visit`, `visit.fr`, `visit.en-fr`. */
export function editionName(versions: LetterVersions, slug: string, edition: Edition): string {
  if (edition.kind === 'letter') return slug;
  if (edition.kind === 'translation') return `${slug}.${edition.version.lang}`;
  return `${slug}.${sideLang(versions, edition.first)}-${sideLang(versions, edition.second)}`;
}

/** The letter as a side prints it; a translation with problems is refused with them, every one located in its file. */
export function sideParsed(versions: LetterVersions, s: Side): ParsedLetter {
  if (s.kind === 'letter') return versions.parsed;
  const errors = s.version.problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0 || s.version.translation === undefined) throw new InvalidLetterError(errors);
  return translatedParsed(versions.parsed, s.version);
}

/** The document of one edition, checked for the run's format; two languages merged in the letter's `bilingual:` layout. */
export async function editionDocument(run: RenderRun, versions: LetterVersions, edition: Edition): Promise<LetterDocument> {
  if (edition.kind !== 'bilingual') {
    const parsed = sideParsed(versions, edition);
    return run.document(parsed, await run.template(parsed.letter));
  }
  const first = sideParsed(versions, edition.first);
  const second = sideParsed(versions, edition.second);
  const firstDocument = await run.document(first, await run.template(first.letter), { parts: true });
  const secondDocument = await run.document(second, await run.template(first.letter), {
    parts: true,
    firstNote: firstDocument.view.footnotes.length + 1,
  });
  return bilingualDocument(firstDocument, secondDocument, versions.parsed.letter.bilingual ?? 'paragraphs');
}

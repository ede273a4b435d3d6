// A letter and its translations read together: each version's state (current, stale, never marked), its problems, and the letter it prints, located in its own file.
import type { Problem, SourceLocation } from '../../errors.js';
import { languageName } from '../letter/languages.js';
import {
  groupHeadings,
  sourceFingerprint,
  translatedLetter,
  translationProblems,
  TRANSLATION_TEXT_FIELDS,
  translationState,
  versionFingerprint,
  type TranslationState,
} from '../letter/translation.js';
import type { TextPlace } from '../text/place.js';
import { type ParsedLetter, withParts } from './parse-letter.js';
import type { ParsedTranslation, TranslationRead } from './translation-reader.js';

/** One translation of a letter, as read and checked against it. */
export interface Version {
  /** Its language, as the file's name writes it. */
  lang: string;
  /** The file as messages name it. */
  file: string;
  /** Absent when the file could not be read as a translation at all. */
  translation?: ParsedTranslation;
  /** What is wrong with it: the file's own problems, then what it lacks against the letter. */
  problems: Problem[];
  /** Made from the letter's text as it is now, from an earlier one, never marked current, or not readable. */
  state: TranslationState | 'invalid';
  /** The fingerprint of its text, which a signature on it records (`lang:` and `text:`). */
  text?: string;
}

/** A letter and its translations. */
export interface LetterVersions {
  parsed: ParsedLetter;
  /** The fingerprint of the letter's translatable text, which a translation records when marked current (`source:`). */
  source: string;
  versions: Version[];
}

/** Check each translation read against its letter. */
export function letterVersions(
  parsed: ParsedLetter,
  reads: readonly { lang: string; file: string; read: TranslationRead }[],
): LetterVersions {
  const source = sourceFingerprint(parsed.letter);
  const own = parsed.letter.lang.toLowerCase();
  const versions = reads.map(({ lang, file, read }): Version => {
    const problems = [...read.problems];
    if (lang.toLowerCase() === own) {
      problems.unshift({
        message: `${file} is a translation into ${languageName(lang)}, the language of the letter itself (lang: ${parsed.letter.lang})`,
        hint: 'remove it, or rename it for the language it is in',
        location: { file, line: 1, col: 1 },
      });
    }
    const t = read.parsed;
    if (t === undefined) return { lang, file, problems, state: 'invalid' };
    problems.push(...translationProblems(parsed.letter, t.translation, t.places));
    const version: Version = { lang, file, translation: t, problems, state: translationState(t.translation, source) };
    version.text = versionFingerprint(parsed.letter, t.translation);
    return version;
  });
  return { parsed, source, versions };
}

/** The translation of a language (tags compared ignoring case), if the letter has one. */
export function findVersion(versions: LetterVersions, lang: string): Version | undefined {
  return versions.versions.find((v) => v.lang.toLowerCase() === lang.toLowerCase());
}

/** Each readable translation's text fingerprint, by language in lowercase: what signatures with `lang:` are checked against. */
export function versionTexts(versions: LetterVersions): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of versions.versions) if (v.text !== undefined) out.set(v.lang.toLowerCase(), v.text);
  return out;
}

/** Letter fields whose place is the translation file's when the translation writes them (the same path in both files). */
const TEXT_FIELDS: ReadonlySet<string> = new Set(TRANSLATION_TEXT_FIELDS);

/**
 * The letter a readable translation prints, as a parsed letter: its words and language over the
 * letter's signatories, recipients and dates; a problem in a field the translation writes is
 * placed in the translation's file, any other in the letter's.
 */
export function translatedParsed(parsed: ParsedLetter, version: Version): ParsedLetter {
  const t = version.translation!;
  const translation = t.translation;
  const letter = translatedLetter(parsed.letter, translation);
  const groups = groupHeadings(parsed.letter);
  const kept = new Set<string>(translation.untranslated);
  const written = (field: string): boolean => !kept.has(field);
  const locate = (path: string, within?: TextPlace): SourceLocation => {
    const [head, index, rest] = path.split('.');
    if (head === undefined) return parsed.locate(path, within);
    if (
      TEXT_FIELDS.has(head) &&
      index === undefined &&
      written(head) &&
      translation.texts[head as keyof typeof translation.texts] !== undefined
    )
      return t.locate(head, within);
    if (head === 'issues' && translation.issues !== undefined && written('issues')) return t.locate(path, within);
    if (head === 'cc' && translation.cc !== undefined && written('cc')) return t.locate(path, within);
    if (head === 'groups' && index !== undefined && translation.groups !== undefined && written('groups')) {
      const group = groups[Number(index)];
      if (group !== undefined) return t.places.group(group);
    }
    if (head === 'signatories' && rest === 'group' && translation.groups !== undefined && written('groups')) {
      const group = parsed.letter.signatories[Number(index)]?.group;
      if (group !== undefined) return t.places.group(group);
    }
    // The language is the one the translation's file name says.
    if (head === 'lang') return t.places.top;
    return parsed.locate(path, within);
  };
  return withParts(parsed, { letter, warnings: [], locate });
}

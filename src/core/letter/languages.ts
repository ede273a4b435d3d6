/**
 * The words and typography a letter takes from its language (`lang:`): one row per language,
 * in languages/. Every label letters prints itself comes from here, never from English
 * written in the code, and so do the conventions that differ between languages (quotation
 * marks, brackets, the order of the addressee's title and name, where the date goes, French
 * spacing). A language without a row falls back to English and `check` says so.
 */
import { AFRICA_AND_ASIA } from './languages/africa-and-asia.js';
import { EAST_ASIAN_ROWS } from './languages/east-asian.js';
import { EUROPEAN } from './languages/european.js';
import type { LanguageTable } from './languages/language-row.js';

export type { LanguageTable } from './languages/language-row.js';

const ROWS: Record<string, LanguageTable> = { ...EUROPEAN, ...EAST_ASIAN_ROWS, ...AFRICA_AND_ASIA };
/** Rows by their tag in lowercase: tags are compared ignoring case. */
const BY_TAG = new Map(Object.entries(ROWS).map(([tag, row]) => [tag.toLowerCase(), row]));

/** The languages with a row, for messages. */
export const KNOWN_LANGUAGES = Object.keys(ROWS);

/** The primary language subtag: "fr-CA" → "fr". */
export function primaryLanguage(lang: string): string {
  return lang.split('-')[0]!.toLowerCase();
}

/**
 * The tags a row is looked up by, most particular first: the tag as written ("fr-CH"), the
 * language with its script, written or implied ("zh-TW" and "zh-HK" are zh-Hant), the
 * language with its region, then the language alone. Each worked out when the one before it
 * found no row: the implied script is ICU's likely subtags, 2 ms to load, which a tag with a
 * row of its own ("en") does not need.
 */
function* candidates(lang: string): Generator<string> {
  yield lang.toLowerCase();
  const more: string[] = [];
  try {
    const locale = new Intl.Locale(lang);
    const script = locale.script ?? locale.maximize().script;
    if (script !== undefined) more.push(`${locale.language}-${script}`.toLowerCase());
    if (locale.region !== undefined) more.push(`${locale.language}-${locale.region}`.toLowerCase());
  } catch {
    // Not a tag Intl reads: the primary subtag alone decides.
  }
  yield* more;
  yield primaryLanguage(lang);
}

/** Rows found, by the tag asked for: working out a tag's script (Intl.Locale) is slow, and a letter asks often. */
const FOUND = new Map<string, LanguageTable | undefined>();

function rowOf(lang: string): LanguageTable | undefined {
  if (FOUND.has(lang)) return FOUND.get(lang);
  let found: LanguageTable | undefined;
  for (const tag of candidates(lang)) {
    found = BY_TAG.get(tag);
    if (found !== undefined) break;
  }
  if (FOUND.size < 1000) FOUND.set(lang, found);
  return found;
}

/** True when `lang` has a row of its own (not the English fallback). */
export function hasLanguageTable(lang: string): boolean {
  return rowOf(lang) !== undefined;
}

/** The row for a language tag; English when the language has none. */
export function languageTable(lang: string): LanguageTable {
  return rowOf(lang) ?? ROWS['en']!;
}

let names: Intl.DisplayNames | undefined;

/** A language as messages name it, in English: "French", "Traditional Chinese"; the tag itself when Intl has no name for it. */
export function languageName(lang: string): string {
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return names.of(lang) ?? lang;
  } catch {
    return lang;
  }
}

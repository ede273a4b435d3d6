//! A letter's translations (`letters/<slug>.<lang>.yaml`): the text fields a version in another
//! language replaces, the letter that version makes (the same signatories, recipients and dates;
//! its own words, labels and typography), what a translation must hold to be complete, and the
//! fingerprint of the source text it records, which tells when it has fallen behind.
import type { Problem, SourceLocation } from '../../errors.js';
import { partsFingerprint, sameText, textFingerprint, textParts, type TextPart } from './fingerprint.js';
import { matchKey } from './identity.js';
import { languageName } from './languages.js';
import type { Issue, Letter } from './letter.js';
import { salutationOf } from './rules.js';
import { isValidLang, nearest } from './values.js';
import { SLUG_PATTERN } from '../edit/scaffold.js';

let knownLanguages: Intl.DisplayNames | undefined;

/**
 * The letter and the language a file name stands for when it is a translation,
 * `<slug>.<lang>.yaml` (or `.yml`): a letter's slug, then a well-formed tag of a language Intl
 * knows (`visit.fr.yaml`, `visit.zh-Hant.yaml`; not `visit.old.yaml`).
 */
export function translationName(name: string): { slug: string; lang: string } | undefined {
  const m = /^([a-z0-9-]+)\.([A-Za-z0-9-]+)\.ya?ml$/.exec(name);
  if (!m || !SLUG_PATTERN.test(m[1]!) || !isValidLang(m[2]!)) return undefined;
  try {
    knownLanguages ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    if (knownLanguages.of(m[2]!) === undefined) return undefined;
  } catch {
    return undefined;
  }
  return { slug: m[1]!, lang: m[2]! };
}

/** The one-text fields of a translation file, as written there. */
export const TRANSLATION_TEXT_FIELDS = [
  'title',
  'subtitle',
  'place',
  'subject',
  'salutation',
  'intro',
  'closing',
  'signoff',
  'signatories_intro',
  'signatories_outro',
  'individuals_note',
  'cover',
] as const;
export type TranslationTextField = (typeof TRANSLATION_TEXT_FIELDS)[number];

/** The Markdown ones among them. */
export const TRANSLATION_MARKDOWN_FIELDS: ReadonlySet<string> = new Set([
  'intro',
  'closing',
  'signatories_intro',
  'signatories_outro',
  'cover',
]);

/** Every field a translation carries, in a letter file's order. */
export const TRANSLATED_FIELDS = [
  'title',
  'subtitle',
  'place',
  'subject',
  'salutation',
  'intro',
  'issues',
  'closing',
  'signoff',
  'signatories_intro',
  'signatories_outro',
  'individuals_note',
  'cc',
  'groups',
  'cover',
] as const;
export type TranslatedField = (typeof TRANSLATED_FIELDS)[number];

/** The fields a translation file may hold: `source:` (written by `letters translate --done`), the translated ones, `untranslated:`. */
export const TRANSLATION_FIELDS = ['source', ...TRANSLATED_FIELDS, 'untranslated'] as const;

/** Fields a translation may leave out and still be complete: a place name is often the same in every language. */
const OPTIONAL: ReadonlySet<TranslatedField> = new Set(['place']);

/** A translation as read from its file. */
export interface Translation {
  /** Its language: the BCP 47 tag in the file's name. */
  lang: string;
  /** The fingerprint of the source text it was marked current against; absent: never marked. */
  source?: string;
  texts: Partial<Record<TranslationTextField, string>>;
  issues?: Issue[];
  cc?: string[];
  /** A source group's heading (as the letter writes it) → its heading in this language. */
  groups?: ReadonlyMap<string, string>;
  /** Fields printed in the source's language on purpose. */
  untranslated: readonly TranslatedField[];
}

/** The letter field a translation's one-text field replaces. */
const LETTER_KEY = {
  title: 'title',
  subtitle: 'subtitle',
  place: 'place',
  subject: 'subject',
  salutation: 'salutation',
  intro: 'intro',
  closing: 'closing',
  signoff: 'signoff',
  signatories_intro: 'signatoriesIntro',
  signatories_outro: 'signatoriesOutro',
  individuals_note: 'individualsNote',
  cover: 'cover',
} as const satisfies Record<TranslationTextField, keyof Letter>;

/** The source's text a translation carries, field by field: what it prints, as it prints it (the default salutation too). */
export interface SourceText {
  texts: Partial<Record<TranslationTextField, string>>;
  issues: Issue[];
  cc: string[];
  /** Its group headings, in the order they are printed. */
  groups: string[];
}

/** The headings of a letter's groups: its `groups:` list, or those its signatories name, in order. */
export function groupHeadings(letter: Letter): string[] {
  if (letter.groups.length > 0) return [...letter.groups];
  const seen = new Map<string, string>();
  for (const s of letter.signatories) if (s.group !== undefined && !seen.has(matchKey(s.group))) seen.set(matchKey(s.group), s.group);
  return [...seen.values()];
}

/** What of a letter a translation must carry. */
export function sourceText(letter: Letter): SourceText {
  const texts: SourceText['texts'] = {};
  for (const field of TRANSLATION_TEXT_FIELDS) {
    const value = field === 'salutation' ? salutationOf(letter) : letter[LETTER_KEY[field]];
    if (typeof value === 'string' && value !== '') texts[field] = value;
  }
  return { texts, issues: letter.issues, cc: letter.cc, groups: groupHeadings(letter) };
}

/** The source's translatable text as labelled parts, in reading order: what a translation's `source:` fingerprints. */
export function sourceParts(letter: Letter): TextPart[] {
  const { texts, issues, cc, groups } = sourceText(letter);
  const out: TextPart[] = [];
  const add = (field: TranslationTextField): void => textParts(field, texts[field], out);
  for (const field of ['title', 'subtitle', 'place', 'subject', 'salutation', 'intro'] as const) add(field);
  issues.forEach((issue, i) => {
    textParts(`issue ${i + 1} title`, issue.title, out);
    textParts(`issue ${i + 1}`, issue.body, out);
  });
  for (const field of ['closing', 'signoff', 'signatories_intro', 'signatories_outro', 'individuals_note'] as const) add(field);
  textParts('cc', cc, out);
  textParts('group', groups, out);
  add('cover');
  return out;
}

/** The fingerprint of a letter's translatable text: a translation records the one it was made from. */
export function sourceFingerprint(letter: Letter): string {
  return partsFingerprint(sourceParts(letter));
}

/** Where a translation stands: made from the source as it is now, from an earlier one, or never marked current. */
export type TranslationState = 'current' | 'stale' | 'unmarked';

export function translationState(t: Translation, current: string): TranslationState {
  if (t.source === undefined) return 'unmarked';
  return sameText(t.source, current) ? 'current' : 'stale';
}

/** A source group's heading in the translation, found as letters compares group names; undefined when it has none. */
function translatedGroup(t: Translation, group: string): string | undefined {
  if (t.groups === undefined) return undefined;
  const direct = t.groups.get(group);
  if (direct !== undefined) return direct;
  const key = matchKey(group);
  for (const [from, to] of t.groups) if (matchKey(from) === key) return to;
  return undefined;
}

/**
 * The letter a translation makes, without its signatories: the source's recipients, dates and
 * settings, the translation's words in its language. Fields it leaves out, or lists under
 * `untranslated:`, keep the source's words (`untranslated` on the letter says which).
 */
function translatedFields(source: Letter, t: Translation): Letter {
  const letter: Letter = { ...source, lang: t.lang, signatories: [] };
  const kept = new Set<TranslatedField>(t.untranslated);
  for (const field of TRANSLATION_TEXT_FIELDS) {
    const value = kept.has(field) ? undefined : t.texts[field];
    if (value !== undefined) letter[LETTER_KEY[field]] = value;
    else if (field === 'salutation') {
      // The source's own, as it prints it: English's default "Dear …," is no default in another language.
      const own = salutationOf(source);
      letter.salutation = own ?? '';
    } else if (kept.has(field)) {
      // Kept on purpose: the source's words, said to be in the source's language.
    } else if (field === 'individuals_note' && source.individualsNote !== '') {
      // Not translated and not kept: the translation's language says its own default.
      delete letter.individualsNote;
    }
  }
  if (!kept.has('issues') && t.issues !== undefined && t.issues.length === source.issues.length) letter.issues = t.issues;
  if (!kept.has('cc') && t.cc !== undefined && t.cc.length === source.cc.length) letter.cc = t.cc;
  if (!kept.has('groups') && t.groups !== undefined) letter.groups = source.groups.map((g) => translatedGroup(t, g) ?? g);
  if (t.untranslated.length > 0) letter.untranslated = { lang: source.lang, fields: t.untranslated };
  else delete letter.untranslated;
  return letter;
}

/** The letter a translation makes: its words in its language, the source's signatories (their groups under its headings). */
export function translatedLetter(source: Letter, t: Translation): Letter {
  const letter = translatedFields(source, t);
  const groups = t.groups !== undefined && !t.untranslated.includes('groups');
  letter.signatories = groups
    ? source.signatories.map((s) => (s.group === undefined ? s : { ...s, group: translatedGroup(t, s.group) ?? s.group }))
    : source.signatories;
  return letter;
}

/** The fingerprint of a translation's text, as a signature on it (`lang:`) records it. */
export function versionFingerprint(source: Letter, t: Translation): string {
  return textFingerprint(translatedFields(source, t));
}

/** Each translation's text fingerprint by its language in lowercase: what `textAgreement` checks signatures with `lang:` against. */
export function versionFingerprints(source: Letter, translations: readonly Translation[]): Map<string, string> {
  return new Map(translations.map((t) => [t.lang.toLowerCase(), versionFingerprint(source, t)]));
}

/** Where the parts of a translation file are, for its problems. */
export interface TranslationPlaces {
  /** A field by its path in the translation file (`intro`, `issues`, `issues.2.body`, `untranslated`). */
  field(path: string): SourceLocation;
  /** A group's entry under `groups:`, by the heading written there. */
  group(heading: string): SourceLocation;
  /** The file as a whole, for what it lacks. */
  top: SourceLocation;
}

/**
 * What keeps a translation from being complete: a field the source has and it lacks (unless
 * listed under `untranslated:`), one the source does not have, issues or cc lines that do not
 * match the source's one for one, a group heading not translated or not the source's.
 */
export function translationProblems(source: Letter, t: Translation, places: TranslationPlaces): Problem[] {
  const problems: Problem[] = [];
  const have = sourceText(source);
  const ours = languageName(t.lang);
  const theirs = languageName(source.lang);
  const kept = new Set<TranslatedField>(t.untranslated);
  const error = (location: SourceLocation, message: string, hint: string): void => void problems.push({ message, hint, location });
  const missing = (field: TranslatedField): void =>
    error(
      places.field(field),
      `the ${ours} translation has no ${field}, which the ${theirs} letter has`,
      `translate it under ${field}:, or list ${field} under untranslated: to print the ${theirs} text`,
    );
  const extra = (field: TranslatedField, path: string = field): void =>
    error(
      places.field(path),
      `the ${theirs} letter has no ${field}, so the translation cannot have one`,
      `remove ${field}: here, or add it to the ${theirs} letter first`,
    );
  const sourceHas = (field: TranslatedField): boolean =>
    field === 'issues'
      ? have.issues.length > 0
      : field === 'cc'
        ? have.cc.length > 0
        : field === 'groups'
          ? have.groups.length > 0
          : have.texts[field] !== undefined;
  for (const field of t.untranslated) {
    if (!sourceHas(field))
      error(
        places.field('untranslated'),
        `untranslated: lists ${field}, which the ${theirs} letter does not have`,
        `remove ${field} from untranslated:`,
      );
  }
  for (const field of TRANSLATION_TEXT_FIELDS) {
    const written = t.texts[field] !== undefined;
    if (written && kept.has(field)) {
      error(
        places.field(field),
        `${field} is translated here and listed under untranslated:`,
        `keep one: remove ${field} from untranslated:, or remove the translation`,
      );
    } else if (written && !sourceHas(field)) {
      // A note under the individuals may be written in any language: without one in the source, each says its own default.
      if (!(field === 'individuals_note' && source.individualsNote === undefined)) extra(field);
    } else if (!written && !kept.has(field) && sourceHas(field) && !OPTIONAL.has(field)) {
      missing(field);
    }
  }
  listProblems('issues', t.issues?.length, have.issues.length, 'issue');
  listProblems('cc', t.cc?.length, have.cc.length, 'cc line');
  if (t.groups !== undefined && kept.has('groups')) {
    error(
      places.field('groups'),
      'groups is translated here and listed under untranslated:',
      'keep one: remove groups from untranslated:, or remove the translation',
    );
  } else if (t.groups === undefined) {
    if (have.groups.length > 0 && !kept.has('groups')) missing('groups');
  } else {
    groupProblems(have.groups, t.groups);
  }
  return problems;

  function listProblems(field: 'issues' | 'cc', count: number | undefined, expected: number, what: string): void {
    if (count === undefined) {
      if (expected > 0 && !kept.has(field)) missing(field);
    } else if (kept.has(field)) {
      error(
        places.field(field),
        `${field} is translated here and listed under untranslated:`,
        `keep one: remove ${field} from untranslated:, or remove the translation`,
      );
    } else if (expected === 0) {
      extra(field);
    } else if (count !== expected) {
      error(
        places.field(field),
        `the ${ours} translation has ${count} ${what}${count === 1 ? '' : 's'} where the ${theirs} letter has ${expected}`,
        `translate each ${what} of the ${theirs} letter, one for one and in its order`,
      );
    }
  }

  function groupProblems(headings: readonly string[], groups: ReadonlyMap<string, string>): void {
    const keys = new Map(headings.map((h) => [matchKey(h), h]));
    const seen = new Map<string, string>();
    for (const [from, to] of groups) {
      if (!keys.has(matchKey(from))) {
        const guess = nearest(from, headings);
        error(
          places.group(from),
          `"${from}" is not a group of the ${theirs} letter`,
          guess !== undefined
            ? `did you mean "${guess}"?`
            : headings.length > 0
              ? `its groups are: ${headings.join(', ')}`
              : 'remove it: the letter has no groups',
        );
      }
      const twin = seen.get(matchKey(to));
      if (twin !== undefined) {
        error(
          places.group(from),
          `"${from}" and "${twin}" are both translated as "${to}"`,
          'give each group its own heading: two groups would print as one',
        );
      }
      seen.set(matchKey(to), from);
    }
    const untranslatedGroups = headings.filter((h) => translatedGroup({ ...t, groups }, h) === undefined);
    if (untranslatedGroups.length > 0) {
      error(
        places.field('groups'),
        `the ${ours} translation has no heading for the group${untranslatedGroups.length === 1 ? '' : 's'} ${untranslatedGroups.map((g) => `"${g}"`).join(', ')}`,
        `add a line under groups: for each, such as ${JSON.stringify(untranslatedGroups[0])}: …`,
      );
    }
  }
}

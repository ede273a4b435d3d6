/**
 * Rules that look at several fields of a letter at once, run after the schema has read each
 * field: who may carry which signatory field, groups and their order, the default
 * salutation, the language's labels. Errors and warnings alike are located problems.
 */
import type { Problem, SourceLocation } from '../../errors.js';
import { SIGNATORY_FIELDS } from './fields.js';
import { identity, identityKey, matchKey } from './identity.js';
import { hasLanguageTable, KNOWN_LANGUAGES, languageTable, primaryLanguage } from './languages.js';
import type { Letter } from './letter.js';
import { isValidLang } from './values.js';
import { closest, distance } from 'fastest-levenshtein';

/** True when the default "Dear <name>," applies: a letter in English to one recipient. */
export function defaultSalutationApplies(letter: Letter): boolean {
  return primaryLanguage(letter.lang) === 'en' && letter.recipients.length === 1;
}

/** The salutation printed, or undefined for none. */
export function salutationOf(letter: Letter): string | undefined {
  if (letter.salutation !== undefined) return letter.salutation === '' ? undefined : letter.salutation;
  return defaultSalutationApplies(letter) ? `Dear ${letter.recipients[0]!.name},` : undefined;
}

/** The listed text nearest to `word` ignoring case and punctuation, when it is plausibly a typo. */
function nearestOf(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const keys = candidates.map(matchKey);
  const best = closest(matchKey(word), keys);
  return distance(matchKey(word), best) <= Math.max(2, Math.floor(best.length / 3)) ? candidates[keys.indexOf(best)] : undefined;
}

export function shapeProblems(letter: Letter, locate: (path: string) => SourceLocation, has: (path: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string, hint: string): void => void problems.push({ message, hint, location: locate(path) });
  const warn = (path: string, message: string, hint: string): void =>
    void problems.push({ message, hint, location: locate(path), severity: 'warning' });

  // Fields only an individual carries (affiliation) make no sense beside an organization.
  const individualOnly = SIGNATORY_FIELDS.filter((f) => f.who === 'individual');
  letter.signatories.forEach((s, i) => {
    if (s.lang !== undefined && !isValidLang(s.lang)) {
      error(
        `signatories.${i}.lang`,
        `signatory ${i + 1} has "lang: ${s.lang}", which is not a language tag`,
        'write the tag of the version signed, such as fr or es-MX',
      );
    }
    if (s.organization === undefined) return;
    for (const f of individualOnly) {
      if (s[f.name] === undefined) continue;
      error(
        `signatories.${i}.${f.name}`,
        `signatory ${i + 1} has both organization and ${f.name}`,
        `${f.name} is for individuals: remove organization: if the person signs for themself, or remove ${f.name}:`,
      );
    }
  });

  // Groups: the listed order must name each group used once, and only groups used.
  const listed = new Map<string, number>();
  letter.groups.forEach((g, i) => {
    const key = matchKey(g);
    const first = listed.get(key);
    if (first !== undefined) error(`groups.${i}`, `group "${g}" is listed twice in groups`, 'remove one of the two lines');
    else listed.set(key, i);
  });
  if (letter.groups.length > 0) {
    const used = new Set<string>();
    const keys = new Map<string, string>();
    letter.signatories.forEach((s, i) => {
      if (s.group === undefined) return;
      const key = keys.get(s.group) ?? keys.set(s.group, matchKey(s.group)).get(s.group)!;
      used.add(key);
      if (!listed.has(key)) {
        const guess = nearestOf(s.group, letter.groups);
        error(
          `signatories.${i}.group`,
          `signatory ${i + 1} is in group "${s.group}", which groups: does not list`,
          guess !== undefined
            ? `did you mean "${guess}"? Otherwise add it to groups:`
            : `add it to groups: (or use one of: ${letter.groups.join(', ')})`,
        );
      }
    });
    letter.groups.forEach((g, i) => {
      if (listed.get(matchKey(g)) === i && !used.has(matchKey(g))) {
        warn(
          `groups.${i}`,
          `group "${g}" has no signatories yet; its heading is not printed`,
          'sign into it with letters sign --group, or remove the line',
        );
      }
    });
  }

  // A signature is standing or withdrawn, never both: the same entry (who, and the day it was
  // given, before the withdrawal) under signatories: and withdrawn: is what a merge conflict
  // resolved by keeping both sides leaves. One who signed again is dated on or after the withdrawal.
  if (letter.withdrawn !== undefined && letter.withdrawn.length > 0) {
    const withdrawn = new Map<string, number[]>();
    letter.withdrawn.forEach((w, j) => {
      const key = identityKey(w);
      withdrawn.set(key, [...(withdrawn.get(key) ?? []), j]);
    });
    letter.signatories.forEach((s, i) => {
      const j = withdrawn.get(identityKey(s))?.find((k) => {
        const w = letter.withdrawn![k]!;
        // The same day given, before the withdrawal (a day's sign, unsign and sign again is two signatures).
        return s.signed === w.signed && (s.signed === undefined || s.signed < w.withdrawn);
      });
      if (j === undefined) return;
      const w = letter.withdrawn![j]!;
      error(
        `signatories.${i}`,
        `signatory ${i + 1}, ${identity(s).label}, is also withdrawn entry ${j + 1} (withdrawn on ${w.withdrawn}): a signature is standing or withdrawn, not both`,
        `keep one: remove this entry if the withdrawal stands (a merge may have kept both sides), or the withdrawn entry if it was a mistake; if they signed again, it is dated ${w.withdrawn} or later (signed:)`,
      );
    });
  }

  if (!hasLanguageTable(letter.lang)) {
    warn(
      'lang',
      `letters has no labels for language "${letter.lang}": "cc:", "Re:", section headings and quotation marks are printed in English`,
      `languages with labels: ${KNOWN_LANGUAGES.join(', ')}`,
    );
  }

  if (letter.salutation === undefined && !defaultSalutationApplies(letter)) {
    const english = primaryLanguage(letter.lang) === 'en';
    const why = !english
      ? `the default "Dear <name>," is English and this letter is in ${letter.lang}`
      : letter.recipients.length === 0
        ? 'the letter has no recipient to greet'
        : `the letter has ${letter.recipients.length} recipients`;
    const example = !english ? languageTable(letter.lang).salutation : letter.recipients.length === 0 ? 'Dear friends,' : 'Dear Ministers,';
    warn(
      !english && has('lang') ? 'lang' : has('recipients') ? 'recipients' : 'title',
      `no salutation will be printed: ${why}`,
      `write salutation: "${example}", or salutation: "" to print none`,
    );
  }
  return problems;
}

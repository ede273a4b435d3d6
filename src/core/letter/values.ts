// The shapes a letter's values must take (dates, language tags, template names), and the typo guess its messages offer.
import { closest, distance } from 'fastest-levenshtein';

export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const known = checkedDates.get(value);
  if (known !== undefined) return known;
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  if (checkedDates.size >= 10_000) checkedDates.clear();
  checkedDates.set(value, real);
  return real;
}

/** Dates already checked: a letter of 10,000 signatures, or an import of as many rows, holds a few hundred days. */
const checkedDates = new Map<string, boolean>();

/** True for a well-formed BCP 47 language tag (en, fr, es-MX). */
export function isValidLang(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** A template's name: a file in templates/ without .hbs. */
export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Suggest the closest of `candidates` when it is plausibly a typo of `word`. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word.toLowerCase(), [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(word.toLowerCase(), best) <= limit ? best : undefined;
}

/**
 * The entry of `values` equal to `value`: the code's own string, never the one read from a
 * file. Node 20 and 22 (V8's optimizing compiler) sometimes compare a string made at run time
 * (a YAML value, a regex capture, a string out of the read cache) with a string literal wrongly
 * in hot code: a `switch` on a layout read from a template matched none of its cases in about
 * half the checks of a 10,000-signatory letter on Node 22. A literal compared with a literal is
 * not affected, so every enumerated value a letter, a template or the cache gives is kept as
 * the literal.
 */
export function literalOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  for (const v of values) if (v === value) return v;
  return undefined;
}

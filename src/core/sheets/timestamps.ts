//! Sign-up forms' timestamps to the YYYY-MM-DD of a signature: "2026-03-02 14:23:11",
//! "3/2/2026 14:23:11" (Google Forms, US), "02/03/2026 14:23" (Horodateur), "02.03.2026".
import { isIsoDate } from '../letter/values.js';

/** Day and month order of slashed dates: day first (02/03 = 2 March) or month first (03/02). */
export type DateOrder = 'dmy' | 'mdy';

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:$|[\s,])/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:$|[\s,])/;

const pad = (n: number): string => String(n).padStart(2, '0');
const year = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** The order of a column's slashed dates when its values tell (a 13 or more on one side), else undefined. */
export function evidentOrder(values: readonly string[]): DateOrder | 'both' | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    const m = SLASHED.exec(v.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[2]) > 12) monthFirst = true;
  }
  return dayFirst && monthFirst ? 'both' : dayFirst ? 'dmy' : monthFirst ? 'mdy' : undefined;
}

/** True when a value is a slashed date whose day and month could be either way round. */
export function isSlashed(value: string): boolean {
  return SLASHED.test(value.trim());
}

/** A timestamp's day as YYYY-MM-DD, or undefined when it is not a date letters can read. */
export function timestampDay(value: string, order: DateOrder | undefined): string | undefined {
  const v = value.trim();
  // Each form only when the one before is not it (an import reads a date on every row).
  const iso = ISO.exec(v);
  const dotted = iso ? null : DOTTED.exec(v);
  const slashed = iso || dotted ? null : SLASHED.exec(v);
  let parts: [number, number, number];
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dotted) parts = [year(dotted[3]!), Number(dotted[2]), Number(dotted[1])];
  else if (slashed && order !== undefined) {
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    parts = order === 'dmy' ? [year(slashed[3]!), b, a] : [year(slashed[3]!), a, b];
  } else return undefined;
  const [y, mo, d] = parts;
  const day = `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`;
  return isIsoDate(day) ? day : undefined;
}

const TIME = /(?:^|[T\s])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(am|pm|AM|PM)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?\s*$/;

/**
 * A timestamp as seconds since 1970 in its own clock (no time zone applied: only differences
 * between rows of one sheet are asked of it), or undefined without a time of day: what tells
 * that many rows came within seconds of each other.
 */
export function timestampSeconds(value: string, order: DateOrder | undefined): number | undefined {
  const day = timestampDay(value, order);
  const time = TIME.exec(value.trim());
  if (day === undefined || time === null) return undefined;
  let hours = Number(time[1]);
  const half = time[4]?.toLowerCase();
  if (half === 'pm' && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  return Date.parse(`${day}T00:00:00Z`) / 1000 + hours * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0);
}

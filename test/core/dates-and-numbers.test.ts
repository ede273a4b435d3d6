// English dates and numbers written without ICU (core/text/dates-and-numbers.ts) are Intl's, day by
// day and number by number, on the Node that runs the tests; other languages are Intl's own.
import { describe, expect, test } from 'vitest';
import { longDates, numbers } from '../../src/core/text/dates-and-numbers.js';
import { seeded as random } from '../helpers/random.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(['en', 'en-US', 'EN-us'])('%s as Intl writes it', (lang) => {
  test('every long date from 1900 to 2100, and a day of every year from 1 to 9999', () => {
    const ours = longDates(lang);
    const intl = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    const days: number[] = [];
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += DAY) days.push(t);
    for (let year = 1; year <= 9999; year++) days.push(Date.UTC(2000, 1, 29 - (year % 3)) + (year - 2000) * 365.2425 * DAY);
    let differ = 0;
    for (const t of days) {
      const date = new Date(t);
      if (ours.format(date) !== intl.format(date)) differ++;
    }
    expect(differ).toBe(0);
    // As the letter's date is read: "0026-03-02" is 1926 to Date.UTC, whichever writes it.
    const quirk = new Date(Date.UTC(26, 2, 2));
    expect(ours.format(quirk)).toBe(intl.format(quirk));
    // Before year 1, and an invalid date, go to Intl.
    for (const date of [new Date(Date.UTC(-44, 2, 15)), new Date(Date.UTC(0, 0, 1) - 1000 * 365 * DAY)]) {
      expect(ours.format(date)).toBe(intl.format(date));
    }
    expect(() => ours.format(new Date(Number.NaN))).toThrow(RangeError);
  });

  test('numbers, grouped and not, from 0 to 200,000 and at random up to the largest safe integer', () => {
    const grouped = numbers(lang);
    const plain = numbers(lang, { useGrouping: false });
    const intlGrouped = new Intl.NumberFormat(lang);
    const intlPlain = new Intl.NumberFormat(lang, { useGrouping: false });
    const next = random(20);
    const values: number[] = [];
    for (let n = 0; n <= 200_000; n++) values.push(n);
    for (let i = 0; i < 20_000; i++) values.push(Math.floor(next() * 10 ** Math.floor(next() * 16)));
    values.push(Number.MAX_SAFE_INTEGER, 1234567890);
    let differ = 0;
    for (const n of values) {
      if (grouped.format(n) !== intlGrouped.format(n) || plain.format(n) !== intlPlain.format(n)) differ++;
    }
    expect(differ).toBe(0);
    // What is not a whole number from 0 is Intl's.
    for (const n of [-1, -1234, -0, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(grouped.format(n), String(n)).toBe(intlGrouped.format(n));
      expect(plain.format(n), String(n)).toBe(intlPlain.format(n));
    }
  });
});

test('other languages are written by Intl, and a tag Intl refuses throws as it does', () => {
  const date = new Date(Date.UTC(2026, 2, 2));
  for (const lang of ['en-GB', 'de', 'ar-EG', 'fa', 'ja', 'en-US-u-nu-arab']) {
    expect(longDates(lang).format(date)).toBe(new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date));
    expect(numbers(lang).format(1234567)).toBe(new Intl.NumberFormat(lang).format(1234567));
    expect(numbers(lang, { useGrouping: false }).format(1234567)).toBe(new Intl.NumberFormat(lang, { useGrouping: false }).format(1234567));
  }
  expect(() => numbers('en_US')).toThrow(RangeError);
  expect(() => longDates('en_US')).toThrow(RangeError);
});

// Dates and numbers in a letter's language as Intl writes them, but English written here: a process's
// first Intl formatter starts ICU, 13 to 16 ms, a twentieth of rendering a one-page letter, and an
// English letter needs nothing of it. test/core/dates-and-numbers.test.ts holds the English ones
// equal to Intl's, day by day and number by number, on every Node the tests run on.

/** The tags written here: English as CLDR writes it for the United States, which is also its default. */
const ENGLISH = new Set(['en', 'en-us']);

const isEnglish = (lang: string): boolean => ENGLISH.has(lang.toLowerCase());

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' })`, or English written here. */
export interface LongDates {
  format(date: Date): string;
}

/** A language's long dates in UTC ("March 2, 2026" in English); throws as Intl does for a tag it refuses. */
export function longDates(lang: string): LongDates {
  const intl = (): Intl.DateTimeFormat => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
  if (!isEnglish(lang)) return intl();
  let fallback: Intl.DateTimeFormat | undefined;
  return {
    format: (date) => {
      const year = date.getUTCFullYear();
      if (year >= 1 && year <= 9999) return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${year}`;
      // Years before 1 (an era) and invalid dates are Intl's.
      fallback ??= intl();
      return fallback.format(date);
    },
  };
}

/** `Intl.NumberFormat(lang)`, or with `{ useGrouping: false }`, or English written here. */
export interface Numbers {
  format(n: number): string;
}

/** A language's numbers ("1,234" in English; "1234" without grouping); throws as Intl does for a tag it refuses. */
export function numbers(lang: string, options: { useGrouping?: false } = {}): Numbers {
  const intl = (): Intl.NumberFormat => new Intl.NumberFormat(lang, options);
  if (!isEnglish(lang)) return intl();
  let fallback: Intl.NumberFormat | undefined;
  return {
    format: (n) => {
      // Whole numbers from 0 in English: Western digits, a comma between each group of three.
      if (Number.isSafeInteger(n) && n >= 0 && !Object.is(n, -0)) {
        const digits = String(n);
        return options.useGrouping === false ? digits : digits.replace(/\B(?=(\d{3})+$)/g, ',');
      }
      fallback ??= intl();
      return fallback.format(n);
    },
  };
}

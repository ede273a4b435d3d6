// The clock edge: the current time (SOURCE_DATE_EPOCH for reproducible output) and the local day.
import { LettersError } from '../errors.js';

/** 9999-12-31T23:59:59Z: the last second whose day a letter's YYYY-MM-DD dates can hold. */
export const MAX_SOURCE_DATE_EPOCH = 253_402_300_799;

/**
 * The last second whose day, where the user is, is still in 9999: a signature is dated with
 * the local day, so east of UTC the year 10000 begins hours before MAX_SOURCE_DATE_EPOCH.
 */
function lastLocalSecond(): number {
  const local = Math.floor(new Date(9999, 11, 31, 23, 59, 59).getTime() / 1000);
  return Math.min(MAX_SOURCE_DATE_EPOCH, local);
}

/**
 * "Now". SOURCE_DATE_EPOCH (seconds since 1970, UTC) fixes it, so the same input renders to
 * the same bytes (reproducible-builds.org convention). The variable is read and checked on the
 * first call, not before: only commands that stamp a time depend on it, so a stray value in
 * the environment cannot break `list` or `check`.
 */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  let fixed: Date | null | undefined;
  return () => {
    fixed ??= fixedTime(env['SOURCE_DATE_EPOCH']);
    return fixed === null ? new Date() : new Date(fixed);
  };
}

function fixedTime(epoch: string | undefined): Date | null {
  if (epoch === undefined || epoch === '') return null;
  const last = lastLocalSecond();
  const hint = `set it to whole seconds since 1970 from 0 to ${last} (9999-12-31), e.g. $(git log -1 --format=%ct), or unset it`;
  if (!/^\d+$/.test(epoch)) {
    throw new LettersError('usage', `SOURCE_DATE_EPOCH is not a number of seconds: ${JSON.stringify(epoch)}`, hint);
  }
  const seconds = Number(epoch);
  const date = new Date(seconds * 1000);
  if (!Number.isSafeInteger(seconds) || seconds > last) {
    const where = seconds <= MAX_SOURCE_DATE_EPOCH ? ` in this time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone})` : '';
    throw new LettersError('usage', `SOURCE_DATE_EPOCH is past the year 9999${where}: ${epoch}`, hint);
  }
  return date;
}

/**
 * YYYY-MM-DD of the day it is where the user is (the process's time zone, `TZ`): a signature
 * given at 20:00 in Los Angeles is dated that day, not the next one in UTC.
 */
export function localDay(date: Date): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

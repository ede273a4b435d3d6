import { LettersError } from '../errors.js';

/**
 * "Now" for signatures and PDF dates. SOURCE_DATE_EPOCH (seconds since 1970, UTC) fixes it,
 * so the same input renders to the same bytes (reproducible-builds.org convention).
 */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return () => new Date();
  if (!/^\d+$/.test(epoch)) {
    throw new LettersError(
      'usage',
      `SOURCE_DATE_EPOCH is not a number of seconds: ${epoch}`,
      'set it to whole seconds since 1970 (e.g. $(git log -1 --format=%ct)) or unset it',
    );
  }
  const fixed = new Date(Number(epoch) * 1000);
  return () => new Date(fixed);
}

/** YYYY-MM-DD in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

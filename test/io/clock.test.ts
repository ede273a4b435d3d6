import { describe, expect, test } from 'vitest';
import { LettersError } from '../../src/errors.js';
import { MAX_SOURCE_DATE_EPOCH, clockFrom, localDay } from '../../src/io/clock.js';

/** The usage error a clock throws on its first reading. */
function refusal(epoch: string): LettersError {
  const now = clockFrom({ SOURCE_DATE_EPOCH: epoch });
  try {
    now();
  } catch (err) {
    if (err instanceof LettersError) return err;
    throw err;
  }
  throw new Error(`SOURCE_DATE_EPOCH=${epoch} was accepted`);
}

describe('clockFrom', () => {
  test('without SOURCE_DATE_EPOCH, the real time', () => {
    const before = Date.now();
    const at = clockFrom({})().getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(clockFrom({ SOURCE_DATE_EPOCH: '' })().getTime()).toBeGreaterThanOrEqual(before);
  });

  test('SOURCE_DATE_EPOCH fixes it, as the same instant on every call (a copy each time)', () => {
    const now = clockFrom({ SOURCE_DATE_EPOCH: '1772409600' });
    const a = now();
    a.setFullYear(2000);
    expect(now().toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  test('reads and checks the variable on first use, not when made, and only once', () => {
    const env: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: 'abc' };
    const now = clockFrom(env);
    expect(() => now()).toThrow(/SOURCE_DATE_EPOCH is not a number of seconds: "abc"/);
    const fixed = clockFrom({ SOURCE_DATE_EPOCH: '0' });
    expect(fixed().getTime()).toBe(0);
    const later: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: '60' };
    const once = clockFrom(later);
    expect(once().getTime()).toBe(60_000);
    later['SOURCE_DATE_EPOCH'] = 'abc';
    expect(once().getTime()).toBe(60_000);
  });

  test.each([
    ['not a number', 'yesterday', /is not a number of seconds/],
    ['negative', '-1', /is not a number of seconds/],
    ['a fraction', '1.5', /is not a number of seconds/],
    ['milliseconds by mistake, past 9999', '1772409600000', /is past the year 9999: 1772409600000/],
    ['the first second of 10000', String(MAX_SOURCE_DATE_EPOCH + 1), /is past the year 9999/],
    ['beyond a safe integer', '9007199254740993', /is past the year 9999/],
    ['beyond any number', '9'.repeat(400), /is past the year 9999/],
  ])('refuses %s as a usage error naming the valid range', (_, epoch, message) => {
    const err = refusal(epoch);
    expect(err.code).toBe('usage');
    expect(err.message).toMatch(message);
    expect(err.hint).toContain(`from 0 to ${MAX_SOURCE_DATE_EPOCH} (9999-12-31)`);
  });

  test('accepts the last second of 9999', () => {
    expect(clockFrom({ SOURCE_DATE_EPOCH: String(MAX_SOURCE_DATE_EPOCH) })().toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });
});

describe('localDay', () => {
  // vitest.config.ts runs the tests with TZ=UTC; test/e2e/cli.test.ts signs in Los Angeles.
  test('is YYYY-MM-DD of the local date, zero-padded', () => {
    expect(localDay(new Date('2026-03-02T23:59:59Z'))).toBe('2026-03-02');
    expect(localDay(new Date('0001-01-05T12:00:00Z'))).toBe('0001-01-05');
  });
});

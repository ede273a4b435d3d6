import { expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { InvalidLetterError } from '../../src/errors.js';
import { fixtureLetter } from '../helpers/cli.js';

const example = fixtureLetter();
const NOISE = [
  ':',
  '-',
  ' ',
  '\n',
  '\t',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '&a',
  '*a',
  '!',
  '|',
  '>',
  '#',
  '%',
  '@',
  '`',
  ',',
  '?',
  '\u0000',
  '\ufeff',
  'é',
];

/** The example with a few random characters deleted, inserted or replaced (seeded, so replayable). */
function mutate(seed: number): string {
  let x = seed * 2654435761;
  const next = (n: number): number => {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    return x % n;
  };
  let text = example;
  for (let k = 0; k < 1 + next(4); k++) {
    const at = next(text.length);
    const op = next(3);
    const noise = NOISE[next(NOISE.length)]!;
    text =
      op === 0
        ? text.slice(0, at) + text.slice(at + 1 + next(8))
        : op === 1
          ? text.slice(0, at) + noise + text.slice(at)
          : text.slice(0, at) + noise + text.slice(at + 1);
  }
  return text;
}

test('a damaged letter file is either valid or a list of located problems, never a crash', () => {
  let invalid = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const source = mutate(seed);
    try {
      parseLetter(source, 'l.yaml');
    } catch (err) {
      expect(err, `seed ${seed}`).toBeInstanceOf(InvalidLetterError);
      for (const p of (err as InvalidLetterError).problems) {
        expect(p.location?.line, `seed ${seed}: ${p.message}`).toBeGreaterThanOrEqual(1);
        expect(p.message).not.toMatch(/undefined|\[object/);
      }
      invalid++;
    }
  }
  expect(invalid).toBeGreaterThan(50); // the mutations do damage files
});

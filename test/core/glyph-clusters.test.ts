// The glyph check skips segmenting text whose characters are each a grapheme cluster of their own:
// it must find the clusters the long way finds, on generated text at the edges of that set.
import { describe, expect, test } from 'vitest';
import { findMissingGlyphs } from '../../src/core/text/glyphs.js';

/** The characters the shortcut takes as clusters of their own (core/text/glyphs.ts). */
const RANGES: [number, number][] = [
  [0x0000, 0x02ff],
  [0x1e00, 0x1eff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x20a0, 0x20c0],
];
const SINGLE = RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)));
/** Just outside: marks, joiners, Hangul jamo, a Thai vowel, emoji and their modifiers, regional indicators. */
const OUTSIDE = [
  '\u0301',
  '\u0308',
  '\u0345',
  '\u200c',
  '\u200d',
  '\u2060',
  '\u1100',
  '\u1161',
  '\u0e31',
  '\u{1f600}',
  '\u{1f3fd}',
  '\u{1f1eb}',
  '\ufe0f',
  '\u0903',
];

/** A seeded generator, so a failure names a string that can be found again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** The long way: the first cluster of several characters with one beyond ASCII, not all space. */
function firstCluster(text: string): string | undefined {
  for (const { segment } of segmenter.segment(text)) {
    if (segment.length > 1 && /[^\u0000-\u007f]/.test(segment) && !/^\s+$/.test(segment)) return segment;
  }
  return undefined;
}

/** The cluster the check reports when no font draws any cluster whole. */
function reported(text: string): string | undefined {
  const problems = findMissingGlyphs(
    [{ path: 'intro', text }],
    () => true,
    () => undefined,
    () => false,
  );
  return problems.map((p) => /has "(.*)" \(/su.exec(p.message)?.[1]).find((c) => c !== undefined);
}

describe('grapheme clusters in the glyph check', () => {
  test('no two characters of the set join into a cluster beyond ASCII (every seventh as the second)', () => {
    for (const a of SINGLE) {
      for (let j = 0; j < SINGLE.length; j += 7) expect(firstCluster(a + SINGLE[j]!), JSON.stringify(a + SINGLE[j])).toBeUndefined();
    }
  });

  test('generated text of the set, with and without characters from outside it: the clusters the long way finds', () => {
    const next = random(20);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    for (let i = 0; i < 4000; i++) {
      let text = '';
      const length = 1 + Math.floor(next() * 16);
      for (let k = 0; k < length; k++) text += i % 2 === 0 || next() < 0.85 ? pick(SINGLE) : pick(OUTSIDE);
      expect(reported(text), JSON.stringify(text)).toBe(firstCluster(text));
    }
  });

  test('a letter with a combining mark is still a cluster', () => {
    expect(reported('Cafe\u0301 Ağaoğlu')).toBe('e\u0301');
    expect(reported('Ağaoğlu – “Ștefan”, 12 €')).toBeUndefined();
  });
});

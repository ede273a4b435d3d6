import { describe, expect, test } from 'vitest';
import type { Run } from '../../src/render/document/tree.js';
import { breakLines } from '../../src/render/inline/line-breaker.js';
import { wrap } from '../../src/render/writers/text.js';

/** Japanese and Chinese text full of what must not part: numbers and counters, closing marks, small kana. */
const TEXT = [
  '参加者は1355人にのぼり、3月には新たな報告が出された。',
  '「人権」の尊重を求める声は２０２６年３月２日までに１３５５名に達した（日本）。',
  'ネグロス島のキャンペーンは、ちょっと…と言われながらも続いた！本当か？',
  '香港的1355人聯署，要求「即時」釋放。第3回会議は10月に開かれ、々の字もある。',
].join('');

/** Never at a line's start. */
const NO_START = /^[、。，．・：；？！ー」』）］ぁぃぅぇぉっゃゅょッャュョ々〜…]/u;
/** Never at a line's end. */
const NO_END = /[「『（［]$/u;

function checkLines(lines: string[]): void {
  const counted = lines.join('').match(/[0-9０-９]+[人名月日年回]/gu)?.length ?? 0;
  // Every number with its counter is whole on one line.
  expect(lines.flatMap((l) => l.match(/[0-9０-９]+[人名月日年回]/gu) ?? [])).toHaveLength(counted);
  lines.forEach((line, i) => {
    expect(line, `line ${i + 1} of ${lines.join(' | ')}`).not.toMatch(NO_START);
    expect(line, `line ${i + 1} of ${lines.join(' | ')}`).not.toMatch(NO_END);
    const next = lines[i + 1];
    if (next !== undefined)
      expect(`${line.slice(-1)}${next[0]}`, `between lines ${i + 1} and ${i + 2}`).not.toMatch(
        /[0-9０-９][\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}０-９]/u,
      );
  });
}

describe('kinsoku and numbers with their counters', () => {
  const run: Run = { text: TEXT, bold: false, italic: false };
  const measure = (text: string): number => [...text].length;

  test('in the PDF line breaker, at every width from 8 to 40 characters', () => {
    let breaks = 0;
    for (let width = 8; width <= 40; width++) {
      const lines = breakLines([run], width, measure).map((l) =>
        l.segments
          .map((s) => s.text)
          .join('')
          .trimEnd(),
      );
      expect(lines.join('')).toBe(TEXT);
      checkLines(lines);
      breaks += lines.length - 1;
    }
    // The text was broken many times, so the rules were put to the test.
    expect(breaks).toBeGreaterThan(200);
  });

  test('in the plain-text writer, at every width from 16 to 80 columns', () => {
    for (let width = 16; width <= 80; width++) {
      const lines = wrap(TEXT, width);
      expect(lines.join('')).toBe(TEXT);
      checkLines(lines);
    }
  });

  test('"1355人" is never split, wherever it falls on a line', () => {
    for (let pad = 0; pad < 12; pad++) {
      const text = `${'あ'.repeat(pad)}1355人`.repeat(6);
      for (const width of [9, 10, 11, 13]) {
        const lines = breakLines([{ text, bold: false, italic: false }], width, measure).map((l) => l.segments.map((s) => s.text).join(''));
        expect(lines.filter((l) => /\d$/.test(l))).toEqual([]);
        expect(wrap(text, width * 2).filter((l) => /\d$/.test(l))).toEqual([]);
      }
    }
  });
});

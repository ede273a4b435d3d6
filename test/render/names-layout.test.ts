import { describe, expect, test } from 'vitest';
import { chooseColumns } from '../../src/render/pdf/signatures/column-flow.js';
import { breakLines, type Line } from '../../src/render/inline/line-breaker.js';
import type { Run } from '../../src/render/document/tree.js';

/*
 * The pieces of the names layout that need no fonts: breaking a long name under a hanging
 * indent, and choosing the column count from the names' widths.
 */

/** Every character is 1 wide: easy to reason about. */
const measure = (text: string): number => [...text].length;
const r = (text: string): Run => ({ text, bold: false, italic: false });
const texts = (lines: Line[]): string[] =>
  lines.map((l) =>
    l.segments
      .map((s) => s.text)
      .join('')
      .trimEnd(),
  );

describe('breaking a name under a hanging indent', () => {
  test('lines after the first are held to the narrower width', () => {
    const name = 'aaaa bbbb cccc dddd eeee';
    // 14 wide, the further lines 10: "aaaa bbbb cccc" then "dddd eeee" (not "dddd eeee" and
    // more on one 14-wide line, which would run past the indent's edge).
    const lines = breakLines([r(name)], 14, measure, { rest: 10 });
    expect(texts(lines)).toEqual(['aaaa bbbb cccc', 'dddd eeee']);
    const narrow = breakLines([r('aaaa bbbb cccc dddd eeee ffff')], 14, measure, { rest: 9 });
    expect(texts(narrow)).toEqual(['aaaa bbbb cccc', 'dddd eeee', 'ffff']);
    for (const line of narrow.slice(1)) expect(line.width).toBeLessThanOrEqual(9);
  });

  test('a word longer than the narrower lines is split to fit them, nothing lost', () => {
    const lines = breakLines([r('ab cdefghijkl')], 12, measure, { rest: 5 });
    for (const line of lines.slice(1)) expect(line.width).toBeLessThanOrEqual(5);
    expect(texts(lines).join('').replace(/ /g, '')).toBe('abcdefghijkl');
  });

  test('"e. V." and "z. B." stay together when asked; other text breaks as before', () => {
    const name = 'Verein für Demokratie e. V.';
    // Without the option the line may end after "e.".
    expect(texts(breakLines([r(name)], 24, measure))).toEqual(['Verein für Demokratie e.', 'V.']);
    expect(texts(breakLines([r(name)], 24, measure, { bindAbbreviations: true }))).toEqual(['Verein für Demokratie', 'e. V.']);
    expect(texts(breakLines([r('Hilfe z. B. hier')], 8, measure, { bindAbbreviations: true }))).toEqual(['Hilfe', 'z. B.', 'hier']);
    // A word that merely ends a sentence is not an abbreviation: "Berlin." may end a line.
    expect(texts(breakLines([r('in Berlin. Danach')], 10, measure, { bindAbbreviations: true }))).toEqual(['in Berlin.', 'Danach']);
  });
});

describe('the column count comes from the measured names', () => {
  // A 451-point text column (A4 with one-inch margins) and a 16-point gutter: two columns of
  // 217.5, three of 139.7, four of 100.8.
  const width = 451;
  const gutter = 16;
  const repeat = (n: number, w: number): number[] => Array.from({ length: n }, () => w);

  test('short names: four columns; medium: three; long: two', () => {
    expect(chooseColumns(repeat(100, 80), 4, width, gutter)).toBe(4);
    expect(chooseColumns(repeat(100, 120), 4, width, gutter)).toBe(3);
    expect(chooseColumns(repeat(100, 180), 4, width, gutter)).toBe(2);
  });

  test('a few long names among short ones wrap rather than cost a column; many do', () => {
    expect(chooseColumns([...repeat(85, 80), ...repeat(15, 130)], 4, width, gutter)).toBe(4);
    expect(chooseColumns([...repeat(70, 80), ...repeat(30, 130)], 4, width, gutter)).toBe(3);
  });

  test('never fewer than two, never more than the template allows', () => {
    expect(chooseColumns(repeat(10, 600), 4, width, gutter)).toBe(2);
    expect(chooseColumns(repeat(10, 20), 3, width, gutter)).toBe(3);
    expect(chooseColumns(repeat(10, 600), 1, width, gutter)).toBe(1);
  });
});

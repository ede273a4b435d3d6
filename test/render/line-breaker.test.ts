import { expect, test } from 'vitest';
import { breakLines, breakOffsets, type Line } from '../../src/render/inline/line-breaker.js';
import type { Run } from '../../src/render/document/tree.js';

/** Every character is 1 wide, bold ones 2: easy to reason about. */
const measure = (text: string, face: string): number => [...text].length * (face === 'bold' ? 2 : 1);
const r = (text: string, extra: Partial<Run> = {}): Run => ({ text, bold: false, italic: false, ...extra });
const show = (lines: Line[]): string[] =>
  lines.map((l) => l.segments.map((s) => (s.face === 'bold' ? `*${s.text}*` : s.href ? `[${s.text}]` : s.text)).join('|'));

test.each([
  ['fits on one line', [r('hello world')], 20, ['hello world']],
  ['wraps at spaces', [r('aaa bbb ccc ddd')], 7, ['aaa bbb', 'ccc ddd']],
  [
    'breaks only at spaces, not where runs meet',
    [r('see '), r('example.org', { href: 'https://example.org' }), r('. Then')],
    14,
    ['see ', '[example.org]|.', 'Then'],
  ],
  ['keeps a bold lead-in with its text', [r('Title.', { bold: true }), r(' Body text here')], 20, ['*Title.*| Body', 'text here']],
  ['never breaks at a no-break space', [r('aaa bb\u00a0cc')], 6, ['aaa', 'bb\u00a0cc']],
  ['honours line breaks', [r('one\ntwo')], 20, ['one', 'two']],
  ['splits a word longer than the line', [r('abcdefghij')], 4, ['abcd', 'efgh', 'ij']],
  ['splits a long address after a slash', [r('https://ex.org/path/more')], 16, ['https://ex.org/', 'path/more']],
  ['keeps a combining mark with its letter', [r('e\u0301e\u0301e\u0301')], 4, ['e\u0301e\u0301', 'e\u0301']],
])('%s', (_, runs, width, expected) => {
  const lines = breakLines(runs, width, measure);
  expect(show(lines).map((l) => l.replace(/ \|/g, '|').trimEnd())).toEqual(expected.map((l) => l.replace(/ \|/g, '|').trimEnd()));
  for (const line of lines)
    if (line.segments.length > 0 && line.segments.map((s) => s.text).join('').length > 1)
      expect(line.width).toBeLessThanOrEqual(width + 0.001);
});

test('no line is wider than the width, and no text is lost', () => {
  const text =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';
  for (const width of [12, 17, 33, 60]) {
    const lines = breakLines([r(text)], width, measure);
    expect(lines.every((l) => l.width <= width)).toBe(true);
    expect(
      lines
        .map((l) =>
          l.segments
            .map((s) => s.text)
            .join('')
            .trim(),
        )
        .join(' '),
    ).toBe(text);
  }
});

test('a long paragraph broken a stretch at a time has the break opportunities of the whole', () => {
  // Every rule in play: words, hyphens, addresses, "e. V.", numbers with counters, CJK with
  // kinsoku, Thai words, quotes and brackets before spaces; repeated past several stretches.
  const sample =
    'The Verein e. V. wrote to https://example.org/a-b?c=d&e=f and jane@example.org — 1355人が署名した。' +
    '「東京」（日本）中文字符测试汉字汉字 ภาษาไทยง่ายนิดเดียว well-known (quoted) "words" 3 000 km, 10:30. ';
  let text = '';
  for (let i = 0; text.length < 200_000; i++) text += `${sample}${i} `;
  for (const bind of [false, true]) {
    const whole = [...breakOffsets(text, bind, Number.POSITIVE_INFINITY)];
    for (const stretch of [100, 1_000, 16_384]) expect([...breakOffsets(text, bind, stretch)], `stretch ${stretch}`).toEqual(whole);
  }
});

test('a stretch of CJK text without spaces is cut between ideographs, with the same breaks', () => {
  const text = '中文字符测试、「引用」。１３５５名が参加。'.repeat(3_000);
  const whole = [...breakOffsets(text, false, Number.POSITIVE_INFINITY)];
  expect([...breakOffsets(text, false, 500)]).toEqual(whole);
});

test('a line broken at a space, or at a line break, says so; one broken where the text had no space does not', () => {
  const ends = (runs: Run[], width: number): [string, boolean][] =>
    breakLines(runs, width, measure).map((l) => [l.segments.map((s) => s.text).join(''), l.spaceAfter !== undefined]);
  expect(ends([r('aaa bbb ccc')], 7)).toEqual([
    ['aaa bbb', true],
    ['ccc', false],
  ]);
  // The paragraph's last line, even with spaces after it, has nothing after it to keep apart.
  expect(ends([r('aaa bbb   ')], 3)).toEqual([
    ['aaa', true],
    ['bbb', false],
  ]);
  expect(ends([r('well-known-words')], 6)).toEqual([
    ['well-', false],
    ['known-', false],
    ['words', false],
  ]);
  expect(ends([r('中文字符测试')], 3)).toEqual([
    ['中文字', false],
    ['符测试', false],
  ]);
  expect(ends([r('abcdefghij')], 4).map(([, space]) => space)).toEqual([false, false, false]);
  expect(ends([r('one\ntwo three')], 5)).toEqual([
    ['one', true],
    ['two', true],
    ['three', false],
  ]);
  // The space's style is the style of the text it was typed in: a space between a bold and a plain word.
  expect(breakLines([r('aaa ', { bold: true }), r('bbb')], 7, measure)[0]!.spaceAfter?.face).toBe('bold');
});

// The shortcuts a 10,000-signatory render takes give the answers of the long way: the check for
// clusters no one font prints skips text whose every cluster is one character; a letter's Markdown
// is made once when its text reads the same as written and as printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { findMissingGlyphs, ONE_UNIT_CLUSTERS } from '../../src/core/text/glyphs.js';
import { words } from '../../src/render/inline/shape.js';
import { renderLetterMarkdown } from '../../src/render/document/letter-markdown.js';
import { printable } from '../../src/render/document/view.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusters = (text: string): string[] => [...segmenter.segment(text)].map((s) => s.segment);

describe('clusters: text the segmenter need not walk', () => {
  const oneUnit: string[] = [];
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (ONE_UNIT_CLUSTERS.test(ch)) oneUnit.push(ch);
  }

  test(`none of the ${oneUnit.length} characters the shortcut takes joins the one before it, the one after it, or its like`, () => {
    // A cluster forms between two characters when the second extends (a mark, a joiner, a spacing
    // mark), the first is prepended, or both are Hangul jamo or regional indicators: each is tried.
    const joined = oneUnit.filter((ch) => clusters(`a${ch}a`).length !== 3 || clusters(ch + ch).length !== 2);
    expect(joined).toEqual([]);
    expect(oneUnit.length).toBeGreaterThan(1500);
  });

  test('text with a mark, a joiner, a variation selector, a jamo or an astral character is walked', () => {
    for (const text of ['e\u0301', 'a\u200db', '\u2764\ufe0f', '\u1100\u1161', '𝐀', 'ก\u0e33', '\u0600a']) {
      expect(ONE_UNIT_CLUSTERS.test(text)).toBe(false);
    }
  });

  test('findMissingGlyphs finds the same clusters with the shortcut as by walking every text', () => {
    const texts = ['Wiśniewska', 'Nguyễn Thị Hương', 'Ağaoğlu', 'Ștefan', 'א\u0650', 'e\u0301', 'Zoë', 'Σωκράτης', 'Пётр'].map(
      (text, i) => ({
        path: `signatories.${i}.name`,
        text,
      }),
    );
    const together = (cluster: string): boolean => !cluster.startsWith('א');
    const problems = findMissingGlyphs(
      texts,
      () => true,
      () => undefined,
      together,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'signatory 5, name has "א\u0650" (U+05D0 U+0650), a letter and a mark no one font of letters can print together',
    ]);
    // Nothing prints together: every text of several-character clusters is named, the others not.
    const none = findMissingGlyphs(
      texts,
      () => true,
      () => undefined,
      () => false,
    );
    const walked = texts.filter((t) => clusters(t.text).some((c) => c.length > 1)).map((t) => t.path);
    expect(none.map((p) => p.message.split(' has ')[0])).toEqual(walked.map((p) => `signatory ${Number(p.split('.')[1]) + 1}, name`));
  });
});

describe('shaping: words split without a regular expression', () => {
  const wordsLong = (text: string): string[] => text.match(/[^ ]*(?: +|$)/g)!.filter((w) => w !== '');
  const pool = [' ', ' ', 'a', 'é', '\u00a0', '\t', '\n', 'ب', '李', '💧'];
  test('the same words with their spaces as the long way, on random text and at the edges', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const texts = ['', ' ', '  ', 'a', ' a', 'a ', 'a  b', ' a b  ', 'Jean-François Dubois'];
    for (let i = 0; i < 2000; i++)
      texts.push(Array.from({ length: Math.floor(next() * 12) }, () => pool[Math.floor(next() * pool.length)]).join(''));
    for (const text of texts) expect(words(text), JSON.stringify(text)).toEqual(wordsLong(text));
  });
});

describe('findMissingGlyphs: characters read by code unit', () => {
  /** The first pass the long way: a string per character, as it was. */
  function missingLong(texts: readonly { path: string; text: string }[], covers: (cp: number) => boolean): string[] {
    const fields = new Map<string, Map<number, string>>();
    for (const { path, text } of texts) {
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || fields.get(path)?.has(cp)) continue;
        if (covers(cp)) continue;
        if (!fields.has(path)) fields.set(path, new Map());
        fields.get(path)!.set(cp, ch);
      }
    }
    return [...fields].map(([path, missing]) => `${path}: ${[...missing.values()].join('|')}`);
  }
  const pool = ['a', ' ', '\n', '\t', '\r', 'é', '李', '💧', '𝐀', '\ud800', '\udc00', 'ب', '\u0301', '\u00a0', 'ž'];
  test('the same characters missing, field by field and in order, as reading a string per character', () => {
    let seed = 11;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const texts = Array.from({ length: 500 }, (_, i) => ({
      path: `signatories.${i % 40}.name`,
      text: Array.from({ length: Math.floor(next() * 10) }, () => pool[Math.floor(next() * pool.length)]).join(''),
    }));
    for (const covers of [(cp: number) => cp < 0x80, (cp: number) => cp % 3 !== 0, (cp: number) => cp < 0xd800 || cp > 0xdfff]) {
      const problems = findMissingGlyphs(texts, covers, () => undefined);
      const fast = problems.map((p) => {
        const [label, list] = p.message.split(' no font of letters can print: ');
        const path = `signatories.${Number(label!.match(/signatory (\d+)/)![1]) - 1}.name`;
        return `${path}: ${[...list!.matchAll(/"([^"]*)" \(U\+/gu)].map((m) => m[1]).join('|')}`;
      });
      expect(fast).toEqual(missingLong(texts, covers));
    }
  });
});

describe("a page's content written as bytes at once", () => {
  test('each UTF-16 unit becomes its low byte, as pdfkit converts a string, surrogates and all', () => {
    const units = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('') + '💧 Tj';
    const pdfkit = Uint8Array.from({ length: units.length }, (_, i) => units.charCodeAt(i) & 0xff);
    expect(new Uint8Array(Buffer.from(units, 'latin1'))).toEqual(pdfkit);
  });
});

describe("a letter's Markdown, made once", () => {
  const fixture = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'water-rights.yaml'), 'utf8');

  test('for its pictures (as written) and its view (printable) when its text reads the same both ways', () => {
    const { letter } = parseLetter(fixture, 'water.yaml');
    const asWritten = renderLetterMarkdown(letter);
    expect(asWritten.html.size).toBeGreaterThan(0);
    expect(renderLetterMarkdown(letter, printable)).toBe(asWritten);
    // Footnote numbers or parts asked for make another.
    expect(renderLetterMarkdown(letter, printable, { firstNote: 3 })).not.toBe(asWritten);
  });

  test('twice when the printable text differs: a soft hyphen is not printed', () => {
    const { letter } = parseLetter(fixture.replace(/^intro: \|\n( +)/m, 'intro: |\n$1Water\u00adrights. '), 'water.yaml');
    const asWritten = renderLetterMarkdown(letter);
    const shown = renderLetterMarkdown(letter, printable);
    expect(shown).not.toBe(asWritten);
    expect(asWritten.html.get('intro')).toContain('Water\u00adrights');
    expect(shown.html.get('intro')).toContain('Waterrights');
  });
});

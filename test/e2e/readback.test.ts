import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CORPUS, type ScriptGroup, wordsOf } from '../fixtures/readback/corpus.js';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { hasReaders, missing, READERS, type Reader, readBack } from '../helpers/readers.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Text that reads back: every word of names and paragraphs in every script of the font table,
 * rendered through the real binary, comes back as typed from four readers (see readers.ts),
 * in a letter of the script's own direction and in the names layout's columns, and mixed with
 * the other direction (Latin names in Arabic and Hebrew letters, an Arabic or Hebrew city after
 * a Latin name). Where a reader cannot, by a limit of its own, the word is listed below with the
 * reason; a word that starts reading back is a failure too, so the list stays true.
 *
 * LETTERS_READBACK_BIN runs another build's binary (a before and after); LETTERS_READBACK_REPORT
 * names a file each group's counts are appended to as JSON lines.
 */

const bin = process.env['LETTERS_READBACK_BIN'] ?? BIN;
const report = process.env['LETTERS_READBACK_REPORT'];
const measuring = bin !== BIN;

// Why a reader cannot give a word back: a limit of the reader's own.
const POPPLER_RTL_PUNCTUATION = 'pdftotext sets a full stop, comma or bracket at the edge of a right-to-left word apart from it';
const POPPLER_RTL_JOINER = 'pdftotext breaks a right-to-left word at a zero-width non-joiner, wherever it is drawn';
const POPPLER_RTL_MARKS = "pdftotext breaks a right-to-left word at a mark drawn over a letter, as it takes it for a letter's duplicate";
const POPPLER_RTL_NUMBERS = 'pdftotext reorders a number and the punctuation next to it in right-to-left text';
const PDFJS_FORMAT =
  "pdf.js drops a glyph's text that ends in a format character (its SpecialCharRegExp), and a joiner can only end one right to left";
const POPPLER_RTL_END =
  'pdftotext sets the full stop ending a right-to-left paragraph before the left-to-right word it follows, where it is drawn';
const PDFJS_RTL_EDGE =
  'pdf.js spaces text by where each glyph starts as if all ran left to right: a right-to-left word inside left-to-right text, written from its right end, gets a space between it and the bracket or full stop next to it';
const MUPDF_RTL_END =
  'mutool puts a space between a left-to-right word ending a right-to-left paragraph and the full stop drawn to its left';
const MUPDF_SURROGATES =
  'mutool writes a ToUnicode entry of several characters as UTF-16 code units, splitting the surrogate pairs of emoji';

/**
 * Words a reader cannot give back, by a limit of the reader's own (versions: poppler 22.12,
 * MuPDF 1.21, pdf.js 5.6). The structure tree gives every word back.
 */
const LIMITS: Partial<Record<Reader, Record<string, string>>> = {
  pdftotext: {
    'مارس،': POPPLER_RTL_PUNCTUATION,
    'المعتقلين.': POPPLER_RTL_PUNCTUATION,
    'کنند.': POPPLER_RTL_PUNCTUATION,
    'قۇرۇلتىيى.': POPPLER_RTL_PUNCTUATION,
    'ובחיפה.': POPPLER_RTL_PUNCTUATION,
    '(בדיקה)': POPPLER_RTL_PUNCTUATION,
    '(Uyghur': POPPLER_RTL_PUNCTUATION,
    'ו-3.5': POPPLER_RTL_NUMBERS,
    می‌خواهیم: POPPLER_RTL_JOINER,
    سازمان‌های: POPPLER_RTL_JOINER,
    بین‌المللی: POPPLER_RTL_JOINER,
    שָׁלוֹם: POPPLER_RTL_MARKS,
    עֲכְשָׁיו: POPPLER_RTL_MARKS,
    مُحَمَّد: POPPLER_RTL_MARKS,
    عَلِيّ: POPPLER_RTL_MARKS,
    وقّعت: POPPLER_RTL_MARKS,
    '2026.': POPPLER_RTL_NUMBERS,
    'פעמים,': POPPLER_RTL_PUNCTUATION,
    '(بيروت)': POPPLER_RTL_PUNCTUATION,
    '(ירושלים)': POPPLER_RTL_PUNCTUATION,
    'غزة.': POPPLER_RTL_PUNCTUATION,
    'Watch.': POPPLER_RTL_END,
  },
  'pdf.js': {
    می‌خواهیم: PDFJS_FORMAT,
    سازمان‌های: PDFJS_FORMAT,
    بین‌المللی: PDFJS_FORMAT,
    'قۇرۇلتىيى.': PDFJS_RTL_EDGE,
    '(بيروت)': PDFJS_RTL_EDGE,
    '(ירושלים)': PDFJS_RTL_EDGE,
    'غزة.': PDFJS_RTL_EDGE,
  },
  mutool: {
    '👩‍💻': MUPDF_SURROGATES,
    '🏳️‍🌈': MUPDF_SURROGATES,
    '👨‍👩‍👧': MUPDF_SURROGATES,
    '🧑🏽‍💻': MUPDF_SURROGATES,
    'Watch.': MUPDF_RTL_END,
  },
};

function letterYaml(group: ScriptGroup, layout: string): string {
  const q = (s: string): string => JSON.stringify(s);
  return [
    'title: Read back',
    'date: 2026-03-02',
    `lang: ${group.lang}`,
    `signatory_layout: ${layout}`,
    'recipient:',
    '  name: Secretary-General',
    'intro: |',
    ...group.text.flatMap((p, i) => (i > 0 ? ['', `  ${p}`] : [`  ${p}`])),
    'signatories:',
    ...group.names.map((n) => `  - name: ${q(n)}`),
    '',
  ].join('\n');
}

async function readGroup(group: ScriptGroup, layout: string): Promise<Record<Reader, string[]>> {
  const dir = testdir({ 'letters/l.yaml': letterYaml(group, layout) });
  const r = spawnSync(process.execPath, [bin, 'render', 'l', '-o', '-'], { cwd: dir, env: cleanEnv(), maxBuffer: 1 << 26 });
  // Languages without labels of their own print warnings; nothing else may go wrong.
  const errors = r.stderr
    .toString()
    .split('\n')
    .filter((l) => l !== '' && !l.includes(': warning: '));
  expect(errors).toEqual([]);
  expect(r.status).toBe(0);
  const texts = await readBack(r.stdout);
  const words = wordsOf(group);
  const out = {} as Record<Reader, string[]>;
  for (const reader of READERS) out[reader] = missing(texts[reader], words);
  if (report) {
    const counts = Object.fromEntries(READERS.map((reader) => [reader, words.length - out[reader].length]));
    appendFileSync(report, `${JSON.stringify({ script: group.script, layout, words: words.length, ...counts, missing: out })}\n`);
  }
  return out;
}

describe.skipIf(!hasReaders() && !process.env['CI'])('every word reads back as typed, in four readers', () => {
  for (const group of CORPUS) {
    for (const layout of ['blocks', 'names']) {
      test(`${group.script}, ${layout} layout`, async () => {
        const lost = await readGroup(group, layout);
        if (measuring) return;
        const expected = Object.fromEntries(
          READERS.map((reader) => [reader, wordsOf(group).filter((w) => LIMITS[reader]?.[w] !== undefined)]),
        );
        expect(lost).toEqual(expected);
      }, 60_000);
    }
  }
});

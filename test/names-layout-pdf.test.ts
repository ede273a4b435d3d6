import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from './helpers/cli.js';
import { testdir } from './helpers/testdir.js';

/*
 * The names layout read back from the PDF with pdf.js: how many pages, where each line of
 * each name stands (the hanging indent tells a name's second line from the next name), the
 * group headings over their names, nothing cut or lost.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/names-layout');
const GERMAN = readFileSync(path.join(FIXTURES, 'offener-brief-237.yaml'), 'utf8');

/** A4 with one-inch margins: the text column and how far a wrapped name's further lines stand in. */
const MARGIN = 72;
const A4 = { width: 595.28, height: 841.89 };
const INDENT = 9;

interface Item {
  text: string;
  x: number;
  /** From the top of the page, as a reader sees it. */
  top: number;
  width: number;
  size: number;
  bold: boolean;
}

/** Every text item of every page: text, place, width, size and whether its font is bold. */
async function readItems(bytes: Uint8Array): Promise<Item[][]> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const pages: Item[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getOperatorList(); // loads the fonts into commonObjs
    const height = page.getViewport({ scale: 1 }).height;
    const items: Item[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const font = page.commonObjs.get(item.fontName) as { name?: string } | undefined;
      const [a, b, , , x, y] = item.transform as number[];
      items.push({
        text: item.str,
        x: x!,
        top: height - y!,
        width: item.width,
        size: Math.round(Math.hypot(a!, b!) * 10) / 10,
        bold: /Bold/.test(font?.name ?? ''),
      });
    }
    pages.push(items);
  }
  await doc.destroy();
  return pages;
}

interface Entry {
  text: string;
  /** Page (from 0), column (from 0, in reading order) and the heading it stands under. */
  page: number;
  column: number;
  heading: string | undefined;
  lines: { x: number; right: number; top: number; text: string }[];
}

interface NamesPage {
  /** The left edges of the columns, left to right. */
  columns: number[];
  headings: { text: string; top: number }[];
}

/**
 * The names list as a reader reads it: group headings (bold, 10 pt) and the names (9 pt),
 * each name's lines put together: a line at its column's edge starts a name, a line indented
 * from it continues the one above. Columns read right to left when `rtl`.
 */
function readNames(pages: Item[][], rtl = false): { entries: Entry[]; pages: NamesPage[] } {
  const entries: Entry[] = [];
  const out: NamesPage[] = [];
  let heading: string | undefined;
  pages.forEach((items, p) => {
    const headings = items.filter((i) => i.bold && i.size === 10).map((i) => ({ text: i.text, top: i.top }));
    // The lines of names: items of one size on one baseline (Arabic marks a few points below
    // it), then split where the gutter between columns runs.
    type Line = { x: number; right: number; top: number; text: string };
    const lines: Line[] = [];
    // Page numbers (9 pt too) stand in the bottom margin.
    const names = items.filter((i) => i.size === 9 && i.top < A4.height - MARGIN).sort((a, b) => a.top - b.top);
    for (let i = 0; i < names.length; ) {
      let j = i;
      while (j < names.length && names[j]!.top - names[i]!.top < 5) j++;
      const row = names.slice(i, j).sort((a, b) => a.x - b.x);
      let line: Line | undefined;
      for (const item of row) {
        if (!line || item.x - line.right > 10) {
          line = { x: item.x, right: item.x + item.width, top: names[i]!.top, text: '' };
          lines.push(line);
        }
        // pdf.js gives a glyph it cannot map to text a control character: left out.
        line.text += item.text.replace(/[\u0000-\u001f]/g, '');
        line.right = Math.max(line.right, item.x + item.width);
      }
      i = j;
    }
    // A line's own edge: left, or right in a right-to-left letter; columns from those edges.
    const edge = (l: { x: number; right: number }): number => (rtl ? l.right : l.x);
    const edges = [...new Set(lines.map((l) => Math.round(edge(l) * 2) / 2))].sort((a, b) => a - b);
    const starts = edges.filter((e) => !edges.some((other) => Math.abs(other - (rtl ? e + INDENT : e - INDENT)) < 0.6));
    const columns = lines.length === 0 ? [] : starts;
    out.push({ columns, headings });
    // Bands under each heading, then columns in reading order, then top to bottom.
    const band = (top: number): number => headings.filter((h) => h.top < top).length;
    const columnOf = (l: { x: number; right: number }): number => {
      const k = columns.findIndex((c) => Math.abs(edge(l) - c) < 0.6 || Math.abs(edge(l) - (rtl ? c - INDENT : c + INDENT)) < 0.6);
      return rtl ? columns.length - 1 - k : k;
    };
    lines.sort((a, b) => band(a.top) - band(b.top) || columnOf(a) - columnOf(b) || a.top - b.top);
    let last: Entry | undefined;
    for (const line of lines) {
      const b = band(line.top);
      const under = b === 0 ? heading : headings[b - 1]!.text;
      const startsName = columns.some((c) => Math.abs(edge(line) - c) < 0.6);
      if (startsName || !last) {
        last = { text: line.text, page: p, column: columnOf(line), heading: under, lines: [] };
        entries.push(last);
      } else {
        last.text += ` ${line.text}`;
      }
      last.lines.push({ x: line.x, right: line.right, top: line.top, text: line.text });
    }
    if (headings.length > 0) heading = headings[headings.length - 1]!.text;
  });
  return { entries, pages: out };
}

/**
 * Names compared without spaces: a line break may fall at a space or after a hyphen. pdf.js
 * cannot read shaped Arabic back letter for letter (a medial beh and noon share one glyph):
 * an Arabic name is compared as "some Arabic", and its shapes by the reference pictures.
 */
const squeeze = (s: string): string => (/\p{Script=Arabic}/u.test(s) ? '(Arabic)' : s.replace(/[\s\u00a0]+/g, ''));

/** The names in the order the letter prints them: by group in `groups:` order, file order within. */
function expectedOrder(yaml: string): { name: string; group: string | undefined }[] {
  const letter = parse(yaml) as { groups?: string[]; signatories: { organization: string; group?: string }[] };
  const groups = letter.groups ?? [];
  const rank = (g: string | undefined): number => (g === undefined ? -1 : groups.indexOf(g));
  return letter.signatories
    .map((s, i) => ({ name: s.organization, group: s.group, i }))
    .sort((a, b) => rank(a.group) - rank(b.group) || a.i - b.i)
    .map(({ name, group }) => ({ name, group }));
}

async function render(yaml: string, args: string[] = []): Promise<{ bytes: Buffer; pages: Item[][] }> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  const r = await runInMemory(['render', 'l', '-o', '-', ...args], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return { bytes: r.bytes, pages: await readItems(r.bytes) };
}

/** Every line of every name inside its column: the column's width is the gap to the next one, less the gutter. */
function expectInsideColumns(entries: Entry[], pages: NamesPage[], gutter: number): void {
  for (const e of entries) {
    const columns = pages[e.page]!.columns;
    for (const line of e.lines) {
      const k = columns.findIndex((c, i) => line.x >= c - 0.6 && (i === columns.length - 1 || line.x < columns[i + 1]!));
      const right = k === columns.length - 1 ? A4.width - MARGIN : columns[k + 1]! - gutter;
      expect(line.right, `"${e.text}" runs past its column`).toBeLessThanOrEqual(right + 0.5);
    }
  }
}

describe('names: the German open letter of 237 organizations in five groups', () => {
  test('on three pages (four before), the names in two columns on about two pages, each name once, whole, under its heading', async () => {
    const { pages } = await render(GERMAN);
    expect(pages.length).toBeLessThanOrEqual(3);
    const { entries, pages: names } = readNames(pages);
    const expected = expectedOrder(GERMAN);
    expect(expected).toHaveLength(237);
    // Every name once, in order, each under its group's heading: read back line by line,
    // joined where the hanging indent says a name goes on.
    expect(entries.map((e) => squeeze(e.text))).toEqual(expected.map((e) => squeeze(e.name)));
    expect(entries.map((e) => e.heading)).toEqual(expected.map((e) => e.group));
    // The names are long (35 characters on average, some over 70): two columns on every page.
    for (const page of names.filter((p) => p.columns.length > 0)) expect(page.columns).toHaveLength(2);
    expectInsideColumns(entries, names, 16);
    // Some names wrap, and their further lines hang by the indent.
    const wrapped = entries.filter((e) => e.lines.length > 1);
    expect(wrapped.length).toBeGreaterThan(10);
    for (const e of wrapped) for (const line of e.lines.slice(1)) expect(line.x - e.lines[0]!.x).toBeCloseTo(INDENT, 1);
    // "e. V." is never split, nor left alone on a name's last line.
    for (const e of wrapped) {
      expect(e.lines.map((l) => l.text.trim())).not.toContain('e. V.');
      for (const l of e.lines) expect(l.text).not.toMatch(/^V\.|e\.$/);
    }
    // From the first heading to the last name: about two pages of text (698 points each).
    const first = names.findIndex((p) => p.headings.length > 0);
    const top = names[first]!.headings[0]!.top;
    const lastEntry = entries[entries.length - 1]!;
    const bottom = Math.max(...entries.filter((e) => e.page === lastEntry.page).flatMap((e) => e.lines.map((l) => l.top)));
    const text = A4.height - 2 * MARGIN;
    const span = (A4.height - MARGIN - top + (lastEntry.page - first - 1) * text + (bottom - MARGIN)) / text;
    expect(span).toBeLessThan(2.4);
  });
});

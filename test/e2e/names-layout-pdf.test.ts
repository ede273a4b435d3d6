import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

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
      const k = columns.findIndex((c, i) => line.x >= c - 0.6 && (i === columns.length - 1 || line.x < columns[i + 1]! - 0.6));
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

/** A letter of organizations (and people: `name` and `affiliation`) in `groups`, names layout by default (open-letter). */
function letter(
  signatories: { organization?: string; name?: string; affiliation?: string; group?: string }[],
  extra: string[] = [],
): string {
  const lines = ['title: Open letter', 'template: open-letter', 'date: 2026-03-02', 'salutation: ""', ...extra, 'signatories:'];
  for (const s of signatories) {
    const fields = Object.entries(s).filter(([, v]) => v !== undefined);
    for (const [i, [k, v]] of fields.entries()) lines.push(`${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`);
  }
  return `${lines.join('\n')}\n`;
}

const orgs = (names: string[]) => names.map((organization) => ({ organization }));
const numbered = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i + 1));

describe('names: the column count follows the names', () => {
  test.each([
    ['short names: four columns', numbered(40, (i) => `Amnesty Nord ${i}`), 4],
    ['medium names: three', numbered(40, (i) => `Initiative Pressefreiheit ${i}`), 3],
    ['long names: two', numbered(40, (i) => `Landesarbeitsgemeinschaft der Freien Elterninitiativen Nord ${i}`), 2],
  ])('%s', async (_, names, columns) => {
    const { pages } = await render(letter(orgs(names)));
    const read = readNames(pages);
    expect(read.pages[0]!.columns).toHaveLength(columns);
    expect(read.entries.map((e) => squeeze(e.text))).toEqual(names.map(squeeze));
    expectInsideColumns(read.entries, read.pages, 16);
  });

  test('organizations and individuals choose apart: short organization names in four columns, people with affiliations in two', async () => {
    const people = numbered(30, (i) => ({ name: `Katarzyna Wiśniewska ${i}`, affiliation: 'Technische Universität Nord' }));
    const { pages } = await render(letter([...orgs(numbered(30, (i) => `Amnesty Nord ${i}`)), ...people]));
    const items = pages[0]!;
    const individualsTop = items.find((i) => i.text === 'Individuals')!.top;
    const { entries } = readNames(pages);
    const columnsOf = (list: Entry[]): number => new Set(list.map((e) => Math.round(e.lines[0]!.x))).size;
    expect(columnsOf(entries.filter((e) => e.lines[0]!.top < individualsTop))).toBe(4);
    const below = entries.filter((e) => e.lines[0]!.top > individualsTop);
    expect(columnsOf(below)).toBe(2);
    expect(below.map((e) => squeeze(e.text))).toEqual(people.map((p) => squeeze(`${p.name}, ${p.affiliation}`)));
  });
});

describe('names: a group heading never stands alone at the foot of a page', () => {
  // The first group grows two names at a time, moving the second group's heading down across
  // the foot of page one, through every place a line of names can leave it.
  test('the heading keeps its first two names under it, in its first column, on its page', async () => {
    const second = numbered(12, (i) => `Second ${i}`);
    const make = (k: number): string =>
      letter(
        [
          ...numbered(k, (i) => `Org ${i}`).map((organization) => ({ organization, group: 'First group' })),
          ...second.map((organization) => ({ organization, group: 'Second group' })),
        ],
        ['intro: |', '  We ask.', 'signoff: Sincerely,', 'groups: [First group, Second group]'],
      );
    // How far down one more name moves the heading, from two short first groups: the sweep
    // then starts some 60 points above the foot of the page and ends past it.
    const headingTop = async (k: number): Promise<number> => (await render(make(k))).pages[0]!.find((i) => i.text === 'Second group')!.top;
    const [at8, at32] = [await headingTop(8), await headingTop(32)];
    const perName = (at32 - at8) / 24;
    const foot = 8 + (792 - MARGIN - at8) / perName;
    let moved = 0;
    for (let k = 2 * Math.floor((foot - 60 / perName) / 2); k <= foot + 10 / perName; k += 2) {
      const { pages } = await render(make(k));
      const p = pages.findIndex((items) => items.some((i) => i.text === 'Second group'));
      if (p > 0) moved++;
      const items = pages[p]!;
      const heading = items.find((i) => i.text === 'Second group')!;
      const first = items.find((i) => i.text === 'Second 1');
      const next = items.find((i) => i.text === 'Second 2');
      expect(first && next, `k = ${k}: the heading's first names are on its page`).toBeTruthy();
      expect(first!.x, `k = ${k}: the first two names in one column`).toBeCloseTo(next!.x, 1);
      expect(first!.x, `k = ${k}: that column is the group's first`).toBeCloseTo(MARGIN, 1);
      expect(first!.top).toBeGreaterThan(heading.top);
      expect(pages.flat().filter((i) => /^Org \d+$/.test(i.text))).toHaveLength(k);
    }
    // The sweep did cross the foot of the page: the heading moved on at least once.
    expect(moved).toBeGreaterThan(0);
  });

  test('"Sincerely," stays on the page of the first heading and its names', async () => {
    const names = numbered(20, (i) => ({ organization: `Org ${i}`, group: 'Members' }));
    const make = (paragraphs: number): string =>
      letter(names, [
        'intro: |',
        ...numbered(paragraphs, (i) => `  Paragraph ${i} of the letter.\n`)
          .join('\n')
          .split('\n')
          .slice(0, -1),
        'signoff: Sincerely,',
        'groups: [Members]',
      ]);
    // From "Sincerely," with its group on page one to all three moved on to page two.
    const signoffPages = new Set<number>();
    for (let paragraphs = 17; paragraphs <= 22; paragraphs++) {
      const { pages } = await render(make(paragraphs));
      const signoff = pages.findIndex((items) => items.some((i) => i.text === 'Sincerely,'));
      const heading = pages.findIndex((items) => items.some((i) => i.text === 'Members'));
      const firstNames = pages.findIndex((items) => items.some((i) => i.text === 'Org 2'));
      expect([heading, firstNames], `${paragraphs} paragraphs`).toEqual([signoff, signoff]);
      signoffPages.add(signoff);
    }
    expect([...signoffPages].sort()).toEqual([0, 1]);
  });
});

describe('names: right to left, and Chinese, Japanese and Korean', () => {
  // pdf.js reads shaped Arabic back neither letter for letter nor with its true widths: the
  // places are checked with Latin names in an Arabic letter, the Arabic names by a picture
  // (names-layout-pictures.test.ts).
  test('an Arabic letter: the first column on the right, a long name hanging from the right edge', async () => {
    const names = [
      ...numbered(6, (i) => `Human Rights Network ${i}`),
      'International Federation for Human Rights and the Freedom of Expression in the Middle East and North Africa',
      ...numbered(6, (i) => `Digital Rights Foundation ${i}`),
      'Euro-Mediterranean Network for the Rights of Refugees, Migrants and Displaced People',
    ];
    const { pages } = await render(letter(orgs(names), ['lang: ar']));
    const { entries, pages: read } = readNames(pages, true);
    expect(entries.map((e) => squeeze(e.text))).toEqual(names.map(squeeze));
    const columns = read[0]!.columns;
    expect(columns).toHaveLength(3);
    // The right edge of the text column is where the first name begins, reading.
    expect(columns[2]).toBeCloseTo(612 - MARGIN, 0);
    expect(entries[0]!.lines[0]!.right).toBeCloseTo(612 - MARGIN, 0);
    expect(entries[entries.length - 1]!.lines[0]!.right).toBeCloseTo(columns[0]!, 0);
    const wrapped = entries.filter((e) => e.lines.length > 1);
    expect(wrapped).toHaveLength(2);
    for (const e of wrapped) for (const line of e.lines.slice(1)) expect(e.lines[0]!.right - line.right).toBeCloseTo(INDENT, 1);
    for (const e of entries) for (const line of e.lines) expect(line.x).toBeGreaterThanOrEqual(MARGIN - 0.5);
  });

  test('Chinese, Japanese and Korean names: read back whole, a long one broken between characters under the indent', async () => {
    const names = [
      '自由网络协会',
      '香港记者协会',
      '日本民間人権ネットワーク',
      '참여연대',
      '한국 디지털 인권 네트워크와 시민 사회 연대 협의회',
      '中华民国台湾地区数字权利与开放政府促进协会联合会',
      ...numbered(14, (i) => `国際人権連帯会議東京支部 ${i}`),
    ];
    const { pages } = await render(letter(orgs(names)));
    const { entries, pages: read } = readNames(pages);
    expect(entries.map((e) => squeeze(e.text))).toEqual(names.map(squeeze));
    expectInsideColumns(entries, read, 16);
    const long = entries.find((e) => e.text.startsWith('中华民国'))!;
    expect(long.lines.length).toBeGreaterThan(1);
    expect(long.lines[1]!.x - long.lines[0]!.x).toBeCloseTo(INDENT, 1);
  });
});

describe('names in both shipped templates', () => {
  test('formal with signatory_layout: names sets the German letter as open-letter does', async () => {
    const { pages } = await render(GERMAN, ['--template', 'formal']);
    expect(pages.length).toBeLessThanOrEqual(3);
    const { entries, pages: names } = readNames(pages);
    expect(entries.map((e) => squeeze(e.text))).toEqual(expectedOrder(GERMAN).map((e) => squeeze(e.name)));
    // As in open-letter: two columns on every page of names, wrapped names hanging by the indent.
    for (const page of names.filter((p) => p.columns.length > 0)) expect(page.columns).toHaveLength(2);
    const wrapped = entries.filter((e) => e.lines.length > 1);
    expect(wrapped.length).toBeGreaterThan(10);
    for (const e of wrapped) for (const line of e.lines.slice(1)) expect(line.x - e.lines[0]!.x).toBeCloseTo(INDENT, 1);
  });

  test('HTML says data-layout="names" and sets the names in columns with a hanging indent', async () => {
    const cwd = testdir({ 'letters/l.yaml': GERMAN });
    const r = await runInMemory(['render', 'l', '-o', '-', '--format', 'html'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<ul class="signatories" data-columns="4" data-layout="names"/);
    expect(r.stdout).toMatch(/\.signatories\[data-layout="names"\] \{[^}]*columns: var\(--columns, 1\) 13em/);
    expect(r.stdout).toMatch(/\.signatories\[data-layout="names"\] > li \{[^}]*text-indent: -1em/);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { loadFonts } from '../../src/io/fonts.js';
import type { TemplateSource } from '../../src/render/document/template.js';
import type { Fonts } from '../../src/render/inline/fonts.js';
import type { PageFill } from '../../src/render/pdf/signatures/column-flow.js';
import { linesHere, listPage } from '../../src/render/pdf/page-breaks.js';
import { renderLetterPdf } from '../../src/render/pdf/render-pdf.js';
import { ROOT } from '../helpers/cli.js';
import { linesOf, pageFaults, type PageLine } from '../helpers/page-faults.js';
import { type ReadPdf, readPdf } from '../helpers/pdf.js';

/*
 * Each page-breaking rule on letters made to meet it: the text swept across the foot of a page
 * so that some version of the letter breaks exactly where the rule matters, then read back.
 * Words carry their paragraph's number (p3x…) and names their signatory's (S12), as in the
 * corpus, so test/helpers/page-faults.ts can tell where each line belongs.
 */

const template = (name: string): TemplateSource => ({
  name,
  file: `templates/${name}.hbs`,
  text: readFileSync(path.join(ROOT, `templates/${name}.hbs`), 'utf8'),
});
const FORMAL = template('formal');
const OPEN = template('open-letter');
const HEADINGS = /^(Group \d+ of the coalition|Organizations|Individuals|Dear Minister,)$/;
const now = new Date('2026-03-02T12:00:00Z');
let fonts: Fonts;

beforeAll(() => {
  fonts = loadFonts();
});

const WORDS = ['river', 'water', 'farm', 'season', 'quota', 'review', 'minister', 'coalition', 'rights', 'access', 'village'];
/** A paragraph of `n` words marked with its number. */
const words = (k: number, n: number): string => Array.from({ length: n }, (_, i) => `p${k}x${WORDS[(i * 7 + k) % WORDS.length]}`).join(' ');

async function render(yaml: string, tpl = FORMAL): Promise<ReadPdf> {
  return readPdf(await renderLetterPdf({ parsed: parseLetter(yaml, 'l.yaml'), template: tpl, fonts, creator: 'letters test', now }));
}

/** Each page's lines, top to bottom. */
const pagesOf = (pdf: ReadPdf): PageLine[][] => pdf.pages.map(linesOf);
/** The pages (from 1) on which lines matching `re` stand, one per line. */
const pagesWith = (pdf: ReadPdf, re: RegExp): number[] =>
  pagesOf(pdf).flatMap((lines, p) => lines.filter((l) => re.test(l.text)).map(() => p + 1));

describe('the decisions', () => {
  test.each([
    // left, fit, allFit, fresh, tail → lines here
    ['all fit', 10, 12, true, false, false, 10],
    ['one line would be left alone at the head: two go over', 10, 9, false, false, false, 8],
    ['one line would stand alone at the foot: the paragraph moves', 10, 1, false, false, false, 0],
    ['three lines, two fit: all three move', 3, 2, false, false, false, 0],
    ['the text fits but the signoff does not: the last two go over with it', 6, 6, false, false, true, 4],
    ['three lines that fit, the signoff not: all three go with it', 3, 3, false, false, true, 0],
    ['on a fresh page something is always drawn', 3, 1, false, true, false, 1],
  ])('%s', (_, left, fit, allFit, fresh, tail, here) => {
    expect(linesHere({ left, fit, allFit, fresh, tail })).toBe(here);
  });

  /** A list of equal entries in one column: `room` of them fit on this page, `tightRoom` with rows closed up. */
  const list = (count: number, start: number, room: number, tightRoom = room) => {
    const fill = (most = Number.POSITIVE_INFINITY, tight = false): PageFill => {
      const next = Math.min(count, start + Math.min(tight ? tightRoom : room, most));
      return { columns: [Array.from({ length: next - start }, (_, i) => start + i)], next };
    };
    return (fresh: boolean, short = false, trailFits = true) =>
      listPage(fill, { start, count, fresh, short, trailFits: () => trailFits })?.page.next ?? 'new page';
  };

  test.each([
    ['twenty entries, two fit at the foot: the list starts on the next page', list(20, 0, 2)(false), 'new page'],
    ['twenty, ten fit: ten here', list(20, 0, 10)(false), 10],
    ['twenty, eighteen fit: fifteen here, so three stand on the last page', list(20, 0, 18)(false), 17],
    ['twenty, eighteen fit, all twenty when closed up: all here', list(20, 0, 18, 20)(false), 20],
    ['five entries, four fit: three and two cannot both be, so all move', list(5, 0, 4)(false), 'new page'],
    ['a short list that does not fit moves whole', list(8, 0, 6)(false, true), 'new page'],
    ['the list ends here but what must follow it does not fit: its last three go over', list(12, 4, 20)(true, false, false), 9],
  ])('%s', (_, got, want) => {
    expect(got).toBe(want);
  });
});

describe('the text, the signoff and the signature move together', () => {
  /** A one-signatory letter whose closing ends `extra` words further down. */
  const oneSignatory = (extra: number): string =>
    `title: One\nrecipient:\n  name: Minister\ndate: 2026-03-02\nsalutation: "Dear Minister,"\nintro: |\n  ${words(1, 100)}\n\n  ${words(2, 60 + extra)}\nclosing: |\n  ${words(3, 60)}\nsignoff: Sincerely,\nsignatories:\n  - name: Ana Lima S1\n    title: Coordinator S1\n    organization: S1 Water Alliance\n`;

  test('a one-signatory letter whose text ends near the foot: its last two lines, the signoff and the signatory on one page', async () => {
    let carried = 0;
    for (let extra = 0; extra <= 120; extra += 4) {
      const pdf = await render(oneSignatory(extra));
      expect(pageFaults(pdf, { signoff: 'Sincerely,', signatories: 1, headings: HEADINGS }), `${extra} words more`).toEqual([]);
      const closing = pagesWith(pdf, /\bp3x/);
      const last = closing.at(-1)!;
      expect(pagesWith(pdf, /^Sincerely,$/), `${extra}`).toEqual([last]);
      expect(pagesWith(pdf, /S1/), `${extra}`).toEqual([last, last, last]);
      // The closing's last lines, two at least, stand on the page of the signoff.
      expect(closing.filter((p) => p === last).length).toBeGreaterThanOrEqual(2);
      if (closing[0] !== last) carried++;
    }
    // Some versions broke the closing itself, carrying its last lines over with the signoff.
    expect(carried).toBeGreaterThan(0);
  });
});

describe('signatory lists', () => {
  const ORGS = ['Water Alliance', 'Farmers Union of the Northern Valleys', 'Rights Network', 'Legal Clinic', 'Housing Trust'];
  const orgs = (n: number, group?: (s: number) => string): string =>
    Array.from({ length: n }, (_, i) => {
      const s = i + 1;
      return `  - organization: S${s} ${ORGS[i % ORGS.length]}\n    name: Ana Lima S${s}\n    title: Policy Officer S${s}${group ? `\n    group: ${group(s)}` : ''}\n`;
    }).join('');

  test('a 29-name lines list in two groups: at least three entries of each group on every page it is on', async () => {
    let split = 0;
    for (let extra = 0; extra <= 300; extra += 25) {
      const yaml = `title: Lines\nrecipient:\n  name: Minister\nintro: |\n  ${words(1, 250 + extra)}\nsignoff: Sincerely,\nsignatory_layout: lines\ngroups: [Group 1 of the coalition, Group 2 of the coalition]\nsignatories:\n${orgs(29, (s) => `Group ${s <= 20 ? 1 : 2} of the coalition`)}`;
      const pdf = await render(yaml);
      expect(pageFaults(pdf, { signoff: 'Sincerely,', signatories: 29, headings: HEADINGS }), `${extra}`).toEqual([]);
      // Every name once.
      expect(
        new Set(
          pagesOf(pdf)
            .flat()
            .flatMap((l) => [...l.text.matchAll(/\bS(\d+) [A-Z]/g)].map((m) => m[1])),
        ).size,
      ).toBe(29);
      if (new Set(pagesWith(pdf, /\bS\d+ [A-Z]/)).size > 1) split++;
    }
    // Some versions broke the list over two pages.
    expect(split).toBeGreaterThan(0);
  });

  test("a 17-name statement without a signoff: the list starts with three names at least, on the page of the text's last lines", async () => {
    const people = Array.from(
      { length: 17 },
      (_, i) => `  - name: Ana Lima S${i + 1}\n    affiliation: University of Rivers S${i + 1}\n`,
    ).join('');
    let carried = 0;
    for (let extra = 0; extra <= 120; extra += 6) {
      const yaml = `title: A statement\ntemplate: open-letter\nsalutation: ""\nintro: |\n  ${words(1, 100)}\n\n  ${words(2, 80 + extra)}\nsignatory_layout: lines\nsignatories:\n${people}`;
      const pdf = await render(yaml, OPEN);
      expect(pageFaults(pdf, { signoff: undefined, signatories: 17, headings: HEADINGS }), `${extra}`).toEqual([]);
      const text = pagesWith(pdf, /\bp2x/);
      const entries = pagesWith(pdf, /\bS\d+/);
      expect(entries[0], `${extra}`).toBe(text.at(-1));
      if (text[0] !== text.at(-1)) carried++;
    }
    // Some versions carried the text's last lines over with the names.
    expect(carried).toBeGreaterThan(0);
  });

  test('a group heading never ends a page; it keeps three of its entries', async () => {
    let split = 0;
    for (let extra = 0; extra <= 200; extra += 10) {
      const yaml = `title: Groups\nrecipient:\n  name: Minister\nintro: |\n  ${words(1, 330 + extra)}\nsignoff: Sincerely,\ngroups: [Group 1 of the coalition, Group 2 of the coalition]\nsignatories:\n${orgs(14, (s) => `Group ${s <= 4 ? 1 : 2} of the coalition`)}`;
      const pdf = await render(yaml);
      expect(pageFaults(pdf, { signoff: 'Sincerely,', signatories: 14, headings: HEADINGS }), `${extra}`).toEqual([]);
      for (const lines of pagesOf(pdf).slice(0, -1)) expect(lines.at(-1)?.text, `${extra}`).not.toMatch(/^Group \d/);
      if (new Set(pagesWith(pdf, /\bS\d+ [A-Z]/)).size > 1) split++;
    }
    expect(split).toBeGreaterThan(0);
  });

  test('signatory_columns sets the columns in any layout; without it, lines and blocks of short names take columns', async () => {
    const columns = async (extra: string, n = 12): Promise<number> => {
      const pdf = await render(`title: C\nrecipient:\n  name: Minister\nsignoff: Sincerely,\n${extra}signatories:\n${orgs(n)}`);
      const starts = new Set(
        pdf.pages.flatMap((p) => p.items.filter((i) => /^(S\d+|Ana Lima S\d+)/.test(i.text)).map((i) => Math.round(i.x))),
      );
      return starts.size;
    };
    expect(await columns('signatory_layout: lines\nsignatory_columns: 2\n')).toBe(2);
    expect(await columns('signatory_layout: names\nsignatory_columns: 3\n')).toBe(3);
    expect(await columns('signatory_columns: 1\n')).toBe(1);
    expect(await columns('signatory_layout: blocks\nsignatory_columns: 4\n')).toBe(4);
    // Long entries of the lines layout: one column; short ones, several.
    expect(await columns('signatory_layout: lines\n')).toBe(1);
    const short = Array.from({ length: 12 }, (_, i) => `  - organization: S${i + 1} Union\n`).join('');
    const pdf = await render(`title: C\nrecipient:\n  name: Minister\nsignatory_layout: lines\nsignatories:\n${short}`);
    expect(new Set(pdf.pages[0]!.items.filter((i) => /^S\d+/.test(i.text)).map((i) => Math.round(i.x))).size).toBe(3);
  });
});

describe('paragraphs', () => {
  test('a bold closing paragraph at the foot: never its first line alone there, nor its last alone on the next page', async () => {
    let broken = 0;
    for (let extra = 0; extra <= 90; extra += 3) {
      const yaml = `title: Bold\nrecipient:\n  name: Minister\nintro: |\n  ${words(1, 200 + extra)}\nclosing: |\n  **${words(2, 70)}**\n\n  ${words(3, 30)}\nsignoff: Sincerely,\nsignatories:\n  - organization: S1 Water Alliance\n`;
      const pdf = await render(yaml);
      expect(pageFaults(pdf, { signoff: 'Sincerely,', signatories: 1, headings: HEADINGS }), `${extra}`).toEqual([]);
      const bold = pagesWith(pdf, /\bp2x/);
      if (bold[0] !== bold.at(-1)) broken++;
      for (const p of new Set(bold)) expect(bold.filter((q) => q === p).length, `${extra}: page ${p}`).toBeGreaterThanOrEqual(2);
      // Bold it is.
      expect(pdf.pages.flatMap((p) => p.items).find((i) => /p2x/.test(i.text))!.font).toMatch(/Bold/);
    }
    expect(broken).toBeGreaterThan(0);
  });

  test("a line's notes move with it to the next page", async () => {
    for (let extra = 0; extra <= 90; extra += 4) {
      const yaml = `title: Notes\nrecipient:\n  name: Minister\nintro: |\n  ${words(1, 200 + extra)}\n\n  ${words(2, 40)}[^1]\n\n  [^1]: ${words(9, 50).replace(/p9x/g, 'n1x')}\nsignoff: Sincerely,\nsignatories:\n  - organization: S1 Water Alliance\n`;
      const pdf = await render(yaml);
      expect(pageFaults(pdf, { signoff: 'Sincerely,', signatories: 1, headings: HEADINGS }), `${extra}`).toEqual([]);
    }
  });
});

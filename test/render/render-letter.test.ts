import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { InvalidLetterError, type LettersError } from '../../src/errors.js';
import { formatProblem } from '../../src/io/terminal/diagnostics.js';
import { loadFonts } from '../../src/io/fonts.js';
import { renderLetterPdf } from '../../src/render/pdf/render-pdf.js';
import { prepareLetter } from '../../src/render/prepare.js';
import type { Fonts } from '../../src/render/inline/fonts.js';
import type { TemplateSource } from '../../src/render/document/template.js';
import { ROOT, fixtureLetter } from '../helpers/cli.js';
import { readPdf, type ReadPdf } from '../helpers/pdf.js';

const formal: TemplateSource = {
  name: 'formal',
  file: 'templates/formal.hbs',
  text: readFileSync(path.join(ROOT, 'templates/formal.hbs'), 'utf8'),
};
const now = new Date('2026-03-02T12:00:00Z');
let fonts: Fonts;

beforeAll(() => {
  fonts = loadFonts();
});

function render(source: string, template = formal): Promise<Buffer> {
  return renderLetterPdf({ parsed: parseLetter(source, 'l.yaml'), template, fonts, creator: 'letters test', now });
}

function letterWith(signatories: string[], extra = ''): string {
  return `title: Many\nrecipient:\n  name: The Board\n${extra}signoff: Sincerely,\nsignatories:\n${signatories.join('\n')}\n`;
}

describe('the fixture letter', () => {
  let bytes: Buffer;
  let pdf: ReadPdf;
  beforeAll(async () => {
    bytes = await render(fixtureLetter());
    pdf = await readPdf(bytes);
  });

  test('has every part, in letter order', () => {
    const { letter } = parseLetter(fixtureLetter(), 'x');
    const order = [
      letter.recipients[0]!.name,
      letter.recipients[0]!.title!,
      letter.recipients[0]!.organization!,
      ...letter.recipients[0]!.address,
      'March 2, 2026',
      letter.salutation!,
      'We, the undersigned organizations',
      ...letter.issues.map((i) => `${i.title}.`),
      'We would welcome the opportunity',
      letter.signoff!,
      ...letter.signatories.flatMap((s) => [s.name!, s.title!, s.organization!]),
    ];
    let at = -1;
    for (const piece of order) {
      const found = pdf.text.indexOf(piece, at + 1);
      expect(found, `"${piece}" after position ${at}`).toBeGreaterThan(at);
      at = found;
    }
  });

  test('the recipient block has no blank lines between its lines', () => {
    const items = pdf.pages[0]!.items.slice(0, 5);
    const gaps = items.slice(1).map((item, i) => items[i]!.y - item.y);
    expect(new Set(gaps.map((g) => g.toFixed(1))).size).toBe(1);
    expect(gaps[0]).toBeLessThan(20);
  });

  test('issue titles are bold, followed by a period; bodies are regular', () => {
    const titles = pdf.pages
      .flatMap((p) => p.items)
      .filter((i) =>
        /^(Water allocation|Land titles|Protection of human rights defenders|Consultation before new permits|Access to information)\.$/.test(
          i.text,
        ),
      );
    expect(titles).toHaveLength(5);
    for (const t of titles) expect(t.font).toBe('NotoSerif-Bold');
    const body = pdf.pages[0]!.items.find((i) => i.text.startsWith(' Since 2024') || i.text.startsWith('Since 2024'));
    expect(body?.font).toBe('NotoSerif-Regular');
  });

  test('every Latin-script name and typographic character comes out right', () => {
    for (const name of [
      'Jean-François Dubois',
      'Katarzyna Wiśniewska',
      'Antonín Dvořák',
      'Őrsi Bálint',
      'Elif Ağaoğlu',
      'Ștefan Popescu',
      'Nguyễn Thị Hương',
      'Mạng lưới Nông dân Vì Nước',
    ]) {
      expect(pdf.text).toContain(name);
    }
    expect(pdf.text).toContain('valley’s irrigation');
    expect(pdf.text).toContain('review — open to farmers’ unions —');
  });

  test('Markdown emphasis, bold and links reach the page', () => {
    const items = pdf.pages[0]!.items;
    expect(items.find((i) => i.text === 'March 16')?.font).toBe('NotoSerif-Bold');
    expect(items.find((i) => i.text === 'Dry Fields')?.font).toBe('NotoSerif-Italic');
    expect(pdf.pages[0]!.links).toContain('https://example.org/dry-fields');
  });

  test('embeds only the serif family, subset', () => {
    const fontsUsed = new Set(pdf.pages.flatMap((p) => p.items.map((i) => i.font)));
    expect([...fontsUsed].sort()).toEqual(['NotoSerif-Bold', 'NotoSerif-Italic', 'NotoSerif-Regular']);
    expect(bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerif-Regular/);
    expect(bytes.length).toBeLessThan(200_000); // subset, not the 500 KB font files
  });

  test('metadata: title, subject naming the recipient, creator, language', () => {
    expect(pdf.info).toMatchObject({
      Title: 'Water and land rights on the Minister’s first visit to the Northern Valleys',
      Subject: 'Letter to Minister Amara Okonkwo-Lindqvist, Ministry of Agriculture and Rural Development',
      Creator: 'letters test',
      Language: 'en',
    });
  });

  test('US Letter with 1-inch margins', () => {
    const page = pdf.pages[0]!;
    expect([page.width, page.height]).toEqual([612, 792]);
    expect(Math.min(...page.items.map((i) => i.x))).toBe(72);
    expect(Math.max(...page.items.map((i) => i.x + i.width))).toBeLessThanOrEqual(612 - 72);
    expect(Math.max(...page.items.map((i) => i.y))).toBeLessThanOrEqual(792 - 72);
    // The first page has no page number: all of it is body text, above the bottom margin.
    expect(Math.min(...page.items.map((i) => i.y))).toBeGreaterThanOrEqual(72);
  });

  test('page numbers on every page after the first', () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
    const bottom = (p: ReadPdf['pages'][number]) => p.items.filter((i) => i.y < 72);
    expect(bottom(pdf.pages[0]!)).toEqual([]);
    pdf.pages.slice(1).forEach((p, i) => {
      expect(bottom(p).map((x) => x.text)).toEqual([String(i + 2)]);
    });
  });

  test('is a tagged PDF: paragraphs, a list of issues, signatures, for screen readers', async () => {
    const roles = (nodes: { role: string; children: unknown[] }[]): string[] => nodes.map((n) => n.role);
    const [doc1] = pdf.pages[0]!.structure;
    expect(doc1?.role).toBe('Document');
    // The closing (three lines) moves whole to page 2, with the signoff it keeps.
    expect(roles(doc1!.children)).toEqual(['P', 'P', 'P', 'P', 'P', 'L']);
    const list = doc1!.children[5]!;
    expect(list.children).toHaveLength(5);
    for (const item of list.children) expect(roles(item.children)).toEqual(['Lbl', 'LBody']);
    const [doc2] = pdf.pages[1]!.structure;
    expect(roles(doc2!.children)).toEqual(['P', 'P', 'Div']);
    expect(bytes.toString('latin1')).toMatch(/\/MarkInfo/);
  });

  test('the same input and clock give byte-identical PDFs', async () => {
    const again = await render(fixtureLetter());
    expect(again.equals(bytes)).toBe(true);
  });
});

describe('layout', () => {
  test('A4 paper', async () => {
    const pdf = await readPdf(await render(letterWith(['  - name: A'], 'paper: a4\n')));
    expect(pdf.pages[0]!.width).toBeCloseTo(595.28, 1);
    expect(pdf.pages[0]!.height).toBeCloseTo(841.89, 1);
  });

  test('300 signatories: all there once, in file order, no block split across pages', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `Person ${i + 1}`);
    const source = letterWith(
      names.map(
        (n, i) =>
          `  - organization: Organization number ${i + 1} with a long name that must wrap in its column\n    name: ${n}\n    title: Title ${i + 1}`,
      ),
    );
    const pdf = await readPdf(await render(source));
    expect(pdf.pages.length).toBeGreaterThan(5);
    let last = -1;
    for (const [i, name] of names.entries()) {
      const pages = pdf.pages.map((p, n) => (p.items.some((it) => it.text === name) ? n : -1)).filter((n) => n >= 0);
      expect(pages, name).toHaveLength(1);
      const page = pdf.pages[pages[0]!]!;
      // The block's last line (the organization's wrapped tail) is on the same page as the name.
      expect(page.items.some((it) => it.text === `Title ${i + 1}`)).toBe(true);
      expect(page.items.some((it) => it.text.includes(`number ${i + 1} with`))).toBe(true);
      expect(pages[0]!).toBeGreaterThanOrEqual(last);
      last = pages[0]!;
    }
    for (const page of pdf.pages) {
      for (const item of page.items) expect(item.y).toBeGreaterThan(page.text === '' ? 0 : 30);
    }
  });

  test('"Sincerely," stays with the first signatures', async () => {
    const filler = Array.from({ length: 36 }, (_, i) => `Paragraph ${i} of filler text.`).join('\n\n');
    const source = `title: T\nrecipient:\n  name: R\nintro: |\n${filler.replace(/^/gm, '  ')}\nsignoff: Sincerely,\nsignatories:\n  - name: Only Signer\n`;
    const pdf = await readPdf(await render(source));
    const page = pdf.pages.findIndex((p) => p.text.includes('Sincerely,'));
    expect(pdf.pages[page]!.text).toContain('Only Signer');
  });
});

describe('refuses to print what it cannot print', () => {
  test('a character the font lacks names the field, the character and its code point', async () => {
    const source = letterWith(['  - name: Ok', '  - organization: 中国 𓀀𓁐𓀀 Society', '    name: Zhang Wei']);
    await expect(render(source)).rejects.toThrow(InvalidLetterError);
    let error: unknown;
    try {
      prepareLetter({ parsed: parseLetter(source, 'l.yaml'), template: formal, fonts });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidLetterError);
    const lines = (error as LettersError).problems.map(formatProblem);
    expect(lines).toEqual([
      'letters: l.yaml:7:22: signatory 2, organization has characters no font of letters can print: "𓀀" (U+13000), "𓁐" (U+13050) — replace or remove them',
    ]);
  });

  test("a character the template's own words have and no font draws names the template, after characters asked before", () => {
    const source = letterWith(['  - name: Zoë Ağaoğlu', '  - name: Zoë Ağaoğlu 💧']);
    const template = { ...formal, name: 'hieroglyphs', file: 'templates/hieroglyphs.hbs', text: `${formal.text}\n<p>Zoë 💧 𓀀𓁐</p>\n` };
    expect(() => prepareLetter({ parsed: parseLetter(source, 'l.yaml'), template, fonts })).toThrow(
      'template "hieroglyphs" has a character no font of letters can print: "𓀀" (U+13000)',
    );
    expect(() => prepareLetter({ parsed: parseLetter(source, 'l.yaml'), template: formal, fonts })).not.toThrow();
  });

  test('user text is escaped: HTML in a name is printed as typed', async () => {
    const pdf = await readPdf(await render(letterWith(['  - organization: "<b>Evil</b> & Co"'], 'intro: "<i>raw</i> **md**"\n')));
    expect(pdf.text).toContain('<b>Evil</b> & Co');
    expect(pdf.text).toContain('<i>raw</i> md');
    expect(pdf.pages[0]!.items.find((i) => i.text.includes('Evil'))?.font).toBe('NotoSerif-Regular');
  });

  test('a template with an element letters cannot lay out', async () => {
    const bad: TemplateSource = { name: 'bad', file: 'templates/bad.hbs', text: '<table><tr><td>{{title}}</td></tr></table>' };
    await expect(render(letterWith(['  - name: A']), bad)).rejects.toThrow(/template "bad" uses <table>/);
  });

  test('a template with a Handlebars syntax error', async () => {
    const bad: TemplateSource = { name: 'bad', file: 'templates/bad.hbs', text: '<p>{{#if title}}</p>' };
    await expect(render(letterWith(['  - name: A']), bad)).rejects.toThrow(/template "bad" cannot be used/);
  });
});

describe('invisible and special characters', () => {
  test('zero-width and soft-hyphen characters are not printed; a no-break space keeps words together', async () => {
    const source = letterWith([`  - organization: "Zero\\u200bWidth Soft\\u00adHyphen"`, `    name: "Jane\\u00a0Roe"`]);
    const pdf = await readPdf(await render(source));
    expect(pdf.text).toContain('ZeroWidth SoftHyphen');
    expect(pdf.text).toMatch(/Jane[\u00a0 ]Roe/);
  });
});

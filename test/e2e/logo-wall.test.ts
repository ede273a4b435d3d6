import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { LOGO_SHAPES, makeLogo, makeMap } from '../helpers/pictures.js';
import { seeded } from '../helpers/random.js';
import { testdir } from '../helpers/testdir.js';
import { GERMAN_GROUPS, germanOpenLetter, germanOrganization } from '../fixtures/shapes/generate.js';

/*
 * The German open letter of 237 organizations as a logo wall: half of them with a logo of
 * varied shape (wide, tall, square, transparent PNG, JPEG, SVG), the other half by name in the
 * same grid; read back page by page for the page-break rules the other layouts keep, in PDF,
 * PNG, PDF/A and HTML.
 */

const COUNT = 237;
const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** A project holding the letter, with a logo file for every second organization. */
function wall(): { cwd: string; withLogo: Set<number>; files: Set<string>; distinct: number } {
  const cwd = mkdtempSync(path.join(tmpdir(), 'letters-wall-'));
  mkdirSync(path.join(cwd, 'letters'));
  mkdirSync(path.join(cwd, 'images/logos'), { recursive: true });
  const random = seeded(237);
  let text = germanOpenLetter(COUNT, 'signatory_layout: logos\n');
  const withLogo = new Set<number>();
  const files = new Set<string>();
  const contents = new Set<string>();
  for (let i = 0; i < COUNT; i += 2) {
    const shape = LOGO_SHAPES[(i / 2) % LOGO_SHAPES.length]!;
    const logo = makeLogo(shape, String(i + 1), random);
    const file = `images/logos/${i + 1}.${logo.ext}`;
    writeFileSync(path.join(cwd, file), logo.bytes);
    const line = `  - organization: ${germanOrganization(i)}\n`;
    expect(text).toContain(line);
    text = text.replace(line, `${line}    logo: ${file}\n`);
    withLogo.add(i);
    files.add(file);
    contents.add(logo.bytes.toString('base64'));
  }
  writeFileSync(path.join(cwd, 'letters/brief.yaml'), text);
  // Two SVG logos of one colour and width are the same file: the same picture, embedded once.
  return { cwd, withLogo, files, distinct: contents.size };
}

/** The organizations in print order: by group (in groups: order), then as written. */
function printOrder(): { name: string; group: string }[] {
  const all = Array.from({ length: COUNT }, (_, i) => ({ name: germanOrganization(i), group: GERMAN_GROUPS[i % GERMAN_GROUPS.length]! }));
  return GERMAN_GROUPS.flatMap((g) => all.filter((o) => o.group === g));
}

const imagesIn = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;

describe('the 237-organization open letter as a logo wall, half without a logo', () => {
  let project: ReturnType<typeof wall>;
  let bytes: Buffer;
  beforeAll(async () => {
    project = wall();
    const r = await runInMemory(['render', 'brief', '-o', '-'], { cwd: project.cwd });
    expect(r.code, r.stderr).toBe(0);
    bytes = r.bytes;
  }, 120_000);
  afterAll(() => {
    if (project) rmSync(project.cwd, { recursive: true, force: true });
  });

  test('every organization once, in order, under its heading; each logo embedded once, the PDF a reasonable size', async () => {
    const pdf = await readPdf(bytes);
    // Read the pages in drawing order: each name (wrapped under its logo or in its box) found after the one before it.
    const pages = pdf.pages.map((p) => squeeze(p.items.map((i) => i.text).join(' ')));
    const found: { name: string; group: string; page: number }[] = [];
    let page = 0;
    let from = 0;
    for (const entry of printOrder()) {
      let at = pages[page]!.indexOf(entry.name, from);
      while (at < 0 && page + 1 < pages.length) {
        page++;
        from = 0;
        at = pages[page]!.indexOf(entry.name);
      }
      expect(at, `${entry.name} after the entry before it`).toBeGreaterThanOrEqual(0);
      from = at + entry.name.length;
      found.push({ ...entry, page });
    }
    expect(found).toHaveLength(COUNT);
    // The same page-break rules as the other layouts: a group never leaves fewer than three
    // entries on a page, and its heading stands on the page of its first entries.
    for (const group of GERMAN_GROUPS) {
      const of = found.filter((f) => f.group === group);
      const perPage = new Map<number, number>();
      for (const f of of) perPage.set(f.page, (perPage.get(f.page) ?? 0) + 1);
      for (const [p, n] of perPage) expect(n, `${group} on page ${p + 1}`).toBeGreaterThanOrEqual(3);
      const heading = pdf.pages.findIndex((p) => p.items.some((i) => i.text === group));
      expect(heading).toBe(of[0]!.page);
    }
    // 119 logos, each picture embedded once, scaled to 300 dpi of its box: well under two megabytes.
    expect(imagesIn(bytes)).toBe(project.distinct);
    expect(bytes.length).toBeLessThan(2_000_000);
    // No page is left empty, and no more pages than the grid needs (four to a row).
    for (const [i, p] of pdf.pages.entries()) expect(p.items.length, `page ${i + 1}`).toBeGreaterThan(1);
    expect(pdf.pages.length).toBeLessThanOrEqual(10);
  });

  test('the logos in one box each: the names of a row on one baseline, whatever their logos\u2019 shapes', async () => {
    const pdf = await readPdf(bytes);
    const first = pdf.pages[0]!;
    // Page 1's first row: the first four organizations of the first group, two with logos (wide, square …), two by name.
    const row = printOrder().slice(0, 4);
    const tops = row.map((o) => first.items.find((i) => o.name.startsWith(i.text))!.y);
    // With a logo the name stands under the box; without one, centred in it: above those under logos.
    const logos = row.map((o) => project.withLogo.has(Array.from({ length: COUNT }, (_, i) => germanOrganization(i)).indexOf(o.name)));
    const under = tops.filter((_, k) => logos[k]);
    const inBox = tops.filter((_, k) => !logos[k]);
    expect(under.length).toBeGreaterThan(0);
    expect(inBox.length).toBeGreaterThan(0);
    for (const y of under) expect(y).toBeCloseTo(under[0]!, 0);
    for (const y of inBox) expect(y).toBeGreaterThan(Math.max(...under));
  });

  test('PDF/A-2b: the logos have no transparency left (laid on white), every picture an opaque RGB or grey image', async () => {
    const r = await runInMemory(['render', 'brief', '--pdfa', '-o', '-'], { cwd: project.cwd });
    expect(r.code, r.stderr).toBe(0);
    const raw = r.bytes.toString('latin1');
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).not.toContain('/SMask');
    const images = raw.match(/\/Subtype \/Image[\s\S]*?>>/g) ?? [];
    expect(images.length).toBe(project.distinct);
    for (const image of images) expect(image).toMatch(/\/ColorSpace \/Device(RGB|Gray)/);
  });

  test('PNG: every page drawn, the logos in colour', async () => {
    mkdirSync(path.join(project.cwd, 'png'));
    const r = await runBin(['render', 'brief', '--format', 'png', '--pages', 'all', '--dpi', '40', '-o', 'png/'], { cwd: project.cwd });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(path.join(project.cwd, 'png')).filter((f) => f.endsWith('.png'));
    const pdf = await readPdf(bytes);
    expect(files).toHaveLength(pdf.pages.length);
    const { PNG } = await import('pngjs');
    const png = PNG.sync.read(readFileSync(path.join(project.cwd, 'png', files.sort()[0]!)));
    let coloured = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r8, g8, b8] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (Math.max(r8, g8, b8) - Math.min(r8, g8, b8) > 60) coloured++;
    }
    expect(coloured).toBeGreaterThan(500);
  });

  test('HTML: one grid item for each organization, an img for each logo, the names without a logo in the same grid', async () => {
    const r = await runBin(['render', 'brief', '--format', 'html', '-o', 'brief.html'], { cwd: project.cwd });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(project.cwd, 'brief.html'), 'utf8');
    expect(html.match(/<li class="signatory[^"]*">/g)).toHaveLength(COUNT);
    expect(html.match(/<img src="data:image\/(png|jpeg);base64,/g)).toHaveLength(project.files.size);
    expect(html.match(/class="logo-box no-logo"/g)).toHaveLength(COUNT - project.files.size);
    expect(html).toContain('data-layout="logos"');
  });
});

test('the map letter: Markdown keeps the caption with the picture, and a missing map leaves no file', async () => {
  const cwd = testdir({
    'letters/l.yaml': 'title: T\nsalutation: ""\nintro: |\n  Before.\n\n  ![The river](images/map.png "The river basin")\n\n  After.\n',
  });
  const r = await runBin(['render', 'l', '--format', 'md', '-o', 'l.md'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('l.yaml:6:16: the image: there is no file images/map.png in the repository');
  expect(existsSync(path.join(cwd, 'l.md'))).toBe(false);
  mkdirSync(path.join(cwd, 'images'));
  writeFileSync(path.join(cwd, 'images/map.png'), makeMap(400, 225));
  const ok = await runBin(['render', 'l', '--format', 'md', '-o', 'l.md'], { cwd });
  expect(ok.code, ok.stderr).toBe(0);
  expect(readFileSync(path.join(cwd, 'l.md'), 'utf8')).toContain('![The river](<images/map.png> "The river basin")\n\n*The river basin*');
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, test } from 'vitest';
import { ROOT, runBin, runInMemory, snapshot } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

const visit = readFileSync(path.join(ROOT, 'test/fixtures/formats/visit.yaml'), 'utf8');
/** The fixture without its Japanese paragraph. */
const latin = visit.replace(/\n {2}A second paragraph.*\n/, '\n');
/** The fixture with a character no font of letters has (an Egyptian hieroglyph) in its second paragraph. */
const unprintable = visit.replace('A second paragraph, ', 'A second paragraph, 𓀀 ');

function signatories(n: number): string {
  return Array.from({ length: n }, (_, i) => `  - organization: Organization number ${i + 1}\n    name: Person ${i + 1}\n`).join('');
}

/** `needles` appear in `text` in this order. */
function expectInOrder(text: string, needles: string[]): void {
  let at = -1;
  for (const n of needles) {
    const found = text.indexOf(n, at + 1);
    expect(found, `"${n}" after position ${at}`).toBeGreaterThan(at);
    at = found;
  }
}

const ORDER = [
  'Minister Jane Doe',
  'Ministry of Water',
  'March 2, 2026',
  'Dear Minister Doe,',
  'We, the undersigned organizations',
  'Water allocation.',
  'Land titles.',
  'We would welcome',
  'Sincerely,',
  'Jean-François Dubois',
  'Katarzyna Wiśniewska',
  'Dr. Amara Okafor',
];

/** Width, height and whether any pixel is darker than paper. */
async function pngFacts(bytes: Buffer): Promise<{ width: number; height: number; inked: boolean }> {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
  return { width: image.width, height: image.height, inked: dark > 1000 };
}

describe('each format through the real binary', () => {
  test('html, md and txt of a letter the PDF fonts cannot print (no fonts needed); the PDF refuses it', async () => {
    const cwd = testdir({ 'letters/visit.yaml': unprintable });
    const html = await runBin(['render', 'visit', '--format', 'html'], { cwd });
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toBe('Wrote visit.html (3 signatories)\n');
    const page = readFileSync(path.join(cwd, 'visit.html'), 'utf8');
    expectInOrder(page, ['<title>', '<article', '<address>', ...ORDER.map((s) => s.replace("'", '&#39;')), '</article>']);
    expect(page).toContain('二〇二六年');

    const md = await runBin(['render', 'visit', '-o', 'out.md'], { cwd });
    expect(md.code, md.stderr).toBe(0);
    const markdown = readFileSync(path.join(cwd, 'out.md'), 'utf8');
    expectInOrder(markdown, ['# Water rights', ...ORDER]);
    expect(markdown).toMatch(/^- \*\*Water allocation\.\*\* /m);

    const txt = await runBin(['render', 'visit', '--format', 'txt', '-o', '-'], { cwd });
    expect(txt.code, txt.stderr).toBe(0);
    expectInOrder(txt.stdout, ORDER);
    for (const line of txt.stdout.split('\n')) if (!line.startsWith('https://')) expect(line.length).toBeLessThanOrEqual(72);

    const pdf = await runBin(['render', 'visit'], { cwd });
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toMatch(/^letters: letters\/visit\.yaml:\d+:\d+: intro has a character no font of letters can print: "𓀀"/);
    expect(existsSync(path.join(cwd, 'visit.pdf'))).toBe(false);
  });

  test('pdf and png: the same text; the PNG is a picture of page one at 96 dpi', async () => {
    const cwd = testdir({ 'letters/visit.yaml': latin });
    expect((await runBin(['render', 'visit', '--format', 'pdf'], { cwd })).code).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(cwd, 'visit.pdf')));
    expectInOrder(pdf.text, ORDER);
    const png = await runBin(['render', 'visit', '-o', 'preview.png'], { cwd });
    expect(png.code, png.stderr).toBe(0);
    expect(png.stdout).toBe('Wrote preview.png (3 signatories)\n');
    const facts = await pngFacts(readFileSync(path.join(cwd, 'preview.png')));
    expect(facts).toEqual({ width: 816, height: 1056, inked: true }); // 8.5 × 11 in at 96 dpi
  });
});

test('HTML, Markdown and text refuse what would not print as written, like the PDF', async () => {
  const cwd = testdir({ 'letters/l.yaml': latin.replace('We, the undersigned', 'We &#0; the undersigned') });
  for (const format of ['html', 'md', 'txt']) {
    const r = await runInMemory(['render', 'l', '--format', format], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: letters\/l\.yaml:\d+:\d+: intro has the entity &#0;, which is not a character — /);
    expect(existsSync(path.join(cwd, `l.${format}`))).toBe(false);
  }
});

describe('choosing the format', () => {
  const cases = [
    {
      args: ['-o', 'x.docx'],
      code: 2,
      stderr:
        /^letters: cannot tell which format to write from -o x\.docx — name it \.pdf, \.html, \.md, \.txt or \.png, or add --format\n$/,
    },
    {
      args: ['--format', 'html', '-o', 'x.pdf'],
      code: 2,
      stderr: /^letters: -o x\.pdf is a \.pdf name but --format is html — name the file \.html, or drop --format\n$/,
    },
    { args: ['--format', 'docx'], code: 2, stderr: /^letters: --format cannot be "docx" — use one of pdf, html, md, txt, png\n$/ },
    { args: ['--format', 'md', '--dpi', '90'], code: 2, stderr: /^letters: --dpi is for PNG previews — add --format png, or drop it\n$/ },
    { args: ['--format', 'png', '--dpi', '9000'], code: 2, stderr: /^letters: --dpi cannot be "9000"/ },
    { args: ['--format', 'png', '--pages', '0'], code: 2, stderr: /^letters: --pages cannot be "0"/ },
    {
      args: ['--format', 'png', '--pages', '5'],
      code: 2,
      stderr: /^letters: the letter has 1 page, so there is no page 5 — give --pages a number from 1 to 1, or all\n$/,
    },
    { args: ['--format', 'png', '--pages', 'all', '-o', '-'], code: 2, stderr: /several PNG pages cannot go to standard output/ },
  ];
  test.each(cases)('render l $args', async ({ args, code, stderr }) => {
    const cwd = testdir({ 'letters/l.yaml': latin });
    const before = snapshot(cwd);
    const r = await runInMemory(['render', 'l', ...args], { cwd });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(existsSync(path.join(cwd, 'x.pdf')) || existsSync(path.join(cwd, 'l.png'))).toBe(false);
    expect(r.stdout).toBe('');
    expect(snapshot(cwd)).toEqual(before);
  });

  test('-o folder/ gets <slug>.<format>; -o - with --format writes that format to stdout', async () => {
    const cwd = testdir({ 'letters/l.yaml': latin, 'site/.keep': '' });
    expect((await runInMemory(['render', 'l', '--format', 'html', '-o', 'site'], { cwd })).code).toBe(0);
    expect(readFileSync(path.join(cwd, 'site/l.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const r = await runInMemory(['render', 'l', '--format', 'md', '-o', '-'], { cwd });
    expect(r.stdout).toMatch(/^<!-- Written by letters/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# Water rights/m);
    expect(existsSync(path.join(cwd, 'l.md'))).toBe(false);
  });
});

describe('render replaces its own earlier output and nothing else', () => {
  for (const format of ['html', 'md', 'txt', 'png']) {
    test(format, async () => {
      const cwd = testdir({ 'letters/l.yaml': latin });
      const file = path.join(cwd, `l.${format}`);
      expect((await runInMemory(['render', 'l', '--format', format], { cwd })).code).toBe(0);
      const first = readFileSync(file);
      writeFileSync(path.join(cwd, 'letters/l.yaml'), latin.replace('Dear Minister Doe,', 'Dear Minister Jane Doe,'));
      // Text carries no mark of letters: a changed text replaces the earlier one only with --force.
      const again = await runInMemory(['render', 'l', '--format', format, ...(format === 'txt' ? ['--force'] : [])], { cwd });
      expect(again.code, again.stderr).toBe(0);
      expect(readFileSync(file).equals(first)).toBe(false);

      const foreign = format === 'png' ? Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') : Buffer.from('My own notes\n');
      writeFileSync(file, foreign);
      const refused = await runInMemory(['render', 'l', '--format', format], { cwd });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(
          `^letters: l\\.${format} exists and .+ — choose another -o, move that file away first, or add --force to replace it\\n$`,
        ),
      );
      expect(readFileSync(file).equals(foreign)).toBe(true);
    });
  }
});

describe('PNG previews', () => {
  test('--pages all writes <slug>-1.png, <slug>-2.png …; --dpi and the paper set the size', async () => {
    const cwd = testdir({ 'letters/long.yaml': `${latin.replace(/signatories:[\s\S]*$/, '')}paper: a4\nsignatories:\n${signatories(60)}` });
    const r = await runInMemory(['render', 'long', '--format', 'png', '--pages', 'all', '--dpi', '50'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      // Two pages since short blocks stand three to a row (three before).
      /^Wrote long-1\.png, long-2\.png(, long-3\.png)? \(60 signatories\)\n$|^Wrote long-1\.png … long-\d\.png \(\d files\) \(60 signatories\)\n$/,
    );
    const pages = (await readPdfPageCount(cwd)) as number;
    for (let n = 1; n <= pages; n++) {
      const facts = await pngFacts(readFileSync(path.join(cwd, `long-${n}.png`)));
      expect(facts).toEqual({ width: 413, height: 585, inked: true }); // A4 at 50 dpi
    }
    expect(existsSync(path.join(cwd, `long-${pages + 1}.png`))).toBe(false);
  });
});

async function readPdfPageCount(cwd: string): Promise<number> {
  const r = await runInMemory(['render', 'long', '-o', '-'], { cwd });
  return (await readPdf(r.bytes)).pages.length;
}

describe('templates for some formats only', () => {
  test('a template made for HTML refuses PDF, naming what it is for', async () => {
    const cwd = testdir({
      'letters/l.yaml': latin.replace('lang: en', 'lang: en\ntemplate: web'),
      'templates/web.hbs': '{{!--\n  web: for the website\n  formats: html\n--}}\n<p>{{salutation}}</p>\n',
    });
    const pdf = await runInMemory(['render', 'l'], { cwd });
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toBe(
      'letters: template "web" is made for html, not PDF — use --format html, or another template (`letters templates` lists them)\n',
    );
    expect((await runInMemory(['render', 'l', '--format', 'html'], { cwd })).code).toBe(0);
  });
});

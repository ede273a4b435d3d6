import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { cropPage, hasPdftoppm, referenceFailures } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

/*
 * The names layout as pictures, looked at by a person: the German letter's first group
 * (columns, hanging indents, the heading close over its names), its international group
 * (Greek, Arabic, Chinese and Korean names among German ones) and an Arabic letter set
 * right to left. LETTERS_UPDATE_REFERENCES=1 rewrites them: look at every one before
 * committing it.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/names-layout');
const DPI = 100;
const px = (pt: number): number => Math.round((pt * DPI) / 72);

const ARABIC_LETTER = `title: رسالة مفتوحة
lang: ar
template: open-letter
date: 2026-03-02
salutation: ""
intro: |
  نحن الموقعين أدناه نطالب بحماية المجتمع المدني.
groups: [منظمات إقليمية, منظمات محلية]
signatories:
${[
  ['الشبكة العربية لمعلومات حقوق الإنسان والحريات العامة في المنطقة العربية وشمال أفريقيا', 'منظمات إقليمية'],
  ['منظمة الحقوق الرقمية', 'منظمات إقليمية'],
  ['جمعية حرية الصحافة', 'منظمات إقليمية'],
  ['Human Rights Network (MENA)', 'منظمات إقليمية'],
  ['اتحاد المدونين العرب من أجل حرية التعبير على الإنترنت وفي وسائل الإعلام المستقلة', 'منظمات إقليمية'],
  ['مؤسسة الشفافية', 'منظمات محلية'],
  ['رابطة المحامين الشباب', 'منظمات محلية'],
  ['مرصد الحريات الأكاديمية', 'منظمات محلية'],
  ['المنتدى المدني للديمقراطية', 'منظمات محلية'],
]
  .map(([organization, group]) => `  - organization: ${organization}\n    group: ${group}\n`)
  .join('')}`;

async function renderPdf(yaml: string): Promise<Buffer> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.bytes;
}

/** Where the line holding `text` starts: its page (from 1) and its top, in points. */
async function lineOf(bytes: Buffer, text: string): Promise<{ page: number; top: number }> {
  const pdf = await readPdf(bytes);
  const page = pdf.pages.findIndex((p) => p.items.some((i) => i.text === text));
  expect(page, `"${text}" is on a page`).toBeGreaterThanOrEqual(0);
  const item = pdf.pages[page]!.items.find((i) => i.text === text)!;
  return { page: page + 1, top: pdf.pages[page]!.height - item.y - 12 };
}

const A4_WIDTH = 595;
const LETTER_WIDTH = 612;

/** A picture of the text column of one page `width` points wide, `height` points down from `top`. */
function picture(bytes: Buffer, at: { page: number; top: number }, width: number, height: number): Buffer {
  return cropPage(bytes, at.page, DPI, { x: px(60), y: px(at.top), w: px(width - 120), h: px(height) });
}

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('the names layout, against reference pictures', () => {
  test('the German letter (its first group; its international group) and an Arabic letter', async () => {
    const german = await renderPdf(readFileSync(path.join(FIXTURES, 'offener-brief-237.yaml'), 'utf8'));
    const pictures: [string, Buffer][] = [
      ['german-first-group', picture(german, await lineOf(german, 'Bundesweite Organisationen'), A4_WIDTH, 190)],
      ['german-international', picture(german, await lineOf(german, 'Internationale Organisationen'), A4_WIDTH, 146)],
      // Right to left: the letter's top, its two groups in columns read from the right.
      ['arabic-letter', picture(await renderPdf(ARABIC_LETTER), { page: 1, top: 60 }, LETTER_WIDTH, 225)],
    ];
    expect(referenceFailures(FIXTURES, pictures)).toEqual([]);
  });
});

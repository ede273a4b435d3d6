import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runBin } from '../helpers/cli.js';
import { type PdfTextItem, readPdf } from '../helpers/pdf.js';
import { cropPage, decodeGrayPng, type Gray, hasPdftoppm, inkDifference, referenceFailures } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Regional glyph forms through the real binary: a letter's language picks the CJK font of its
 * region (font names read back from the PDF), characters whose forms differ by region are
 * drawn differently (pictures), Taiwan's full-width comma sits in the middle of its em box
 * and the mainland's at its bottom left (measured), and a Japanese name in an English letter
 * is drawn in the Japanese font and tagged ja. LETTERS_UPDATE_REFERENCES=1 rewrites the
 * reference pictures: look at every one before committing it.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/scripts');

/** Characters written differently in mainland China, Taiwan, Hong Kong, Japan and Korea, then a full-width comma. */
const FORMS = '骨直述次';
const LINE = `${FORMS}，`;

const REGIONS = [
  ['zh-Hans', 'NotoSansHans-Regular'],
  ['zh-Hant', 'NotoSansHant-Regular'],
  ['zh-TW', 'NotoSansHant-Regular'],
  ['zh-HK', 'NotoSansHK-Regular'],
  ['ja', 'NotoSansJP-Regular'],
  ['ko', 'NotoSansKR-Regular'],
] as const;
type Lang = (typeof REGIONS)[number][0];

/** A letter printing only its intro, one line at the top of the page. */
async function render(lang: string, intro: string): Promise<Buffer> {
  const lines = ['title: Forms', `lang: ${lang}`, 'template: intro', `intro: ${JSON.stringify(intro)}`];
  const dir = testdir({ 'letters/l.yaml': `${lines.join('\n')}\n`, 'templates/intro.hbs': '{{intro}}\n' });
  const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
  // Languages without labels of their own: warnings, nothing else.
  expect(r.stderr.split('\n').filter((l) => l !== '' && !l.includes(': warning: '))).toEqual([]);
  expect(r.code).toBe(0);
  return r.bytes;
}

/** The text item that holds `text`, and the page's height. */
async function itemOf(pdf: Buffer, text: string): Promise<{ item: PdfTextItem; pageHeight: number }> {
  const read = await readPdf(pdf);
  const page = read.pages[0]!;
  const item = page.items.find((i) => i.text.includes(text));
  if (!item) throw new Error(`no item with ${text} in ${page.text}`);
  return { item, pageHeight: page.height };
}

const DPI = 300;
const px = (pt: number): number => Math.round((pt * DPI) / 72);

/**
 * The em boxes of `count` full-width characters from the `from`th of an item, as a PNG:
 * Noto Sans CJK's ideographic em box runs from 0.88 em above the baseline to 0.12 em below.
 */
function emBoxes(pdf: Buffer, item: PdfTextItem, pageHeight: number, from: number, count: number): Buffer {
  const em = item.width / [...item.text].length;
  const top = pageHeight - item.y - 0.88 * em;
  return cropPage(pdf, 1, DPI, { x: px(item.x + from * em), y: px(top), w: px(count * em), h: px(em) });
}

/** The middle of a picture's ink, as fractions of its width and height (0, 0 is the top left). */
function inkCentre(picture: Gray): { x: number; y: number } {
  let [left, right, top, bottom] = [picture.width, -1, picture.height, -1];
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      if (picture.pixels[y * picture.width + x]! >= 128) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) throw new Error('no ink');
  return { x: (left + right + 1) / 2 / picture.width, y: (top + bottom + 1) / 2 / picture.height };
}

describe('regional CJK glyph forms', () => {
  test.each(REGIONS)('a %s letter draws its Han text in %s', async (lang, font) => {
    const { item } = await itemOf(await render(lang, LINE), FORMS);
    expect(item.font).toBe(font);
  });

  describe.skipIf(!hasPdftoppm() && !process.env['CI'])('as pictures', () => {
    /** The line 骨直述次， as each region's letter draws it, its five em boxes side by side: rendered once, by the first test that asks. */
    let rendered: Promise<Map<Lang, Buffer>> | undefined;
    const lines = (): Promise<Map<Lang, Buffer>> =>
      (rendered ??= (async () => {
        const out = new Map<Lang, Buffer>();
        for (const [lang] of REGIONS) {
          const pdf = await render(lang, LINE);
          const { item, pageHeight } = await itemOf(pdf, FORMS);
          out.set(lang, emBoxes(pdf, item, pageHeight, 0, 5));
        }
        return out;
      })());
    /** One character's em box: the `k`th of the line. */
    const box = async (lang: Lang, k: number): Promise<Gray> => {
      const line = decodeGrayPng((await lines()).get(lang)!);
      const [from, to] = [Math.round((k * line.width) / 5), Math.round(((k + 1) * line.width) / 5)];
      const pixels = new Uint8Array((to - from) * line.height);
      for (let y = 0; y < line.height; y++) pixels.set(line.pixels.subarray(y * line.width + from, y * line.width + to), y * (to - from));
      return { width: to - from, height: line.height, pixels };
    };

    test('each region draws one of 骨直述次 in a form of its own (Taiwan the same for zh-Hant and zh-TW)', async () => {
      const differences: string[] = [];
      for (const [i, [a]] of REGIONS.entries()) {
        for (const [b] of REGIONS.slice(i + 1)) {
          // The most any one character differs: a form of its own is a fifth of the ink or more.
          let d = 0;
          for (const k of [0, 1, 2, 3]) d = Math.max(d, inkDifference(await box(a, k), await box(b, k)));
          differences.push(`${a}/${b} ${d < 0.01 ? 'same' : d > 0.2 ? 'differ' : `unclear (${(d * 100).toFixed(0)}%)`}`);
        }
      }
      expect(differences).toEqual(
        REGIONS.flatMap(([a], i) => REGIONS.slice(i + 1).map(([b]) => `${a}/${b} ${a === 'zh-Hant' && b === 'zh-TW' ? 'same' : 'differ'}`)),
      );
    });

    test('each line matches its reference picture', async () => {
      const pictures: [string, Buffer][] = [];
      for (const [lang] of REGIONS) pictures.push([`cjk-forms-${lang}`, (await lines()).get(lang)!]);
      expect(referenceFailures(FIXTURES, pictures)).toEqual([]);
    });

    test("the full-width comma: centred in its em box in Taiwan's and Hong Kong's type, bottom left in the mainland's and Japan's", async () => {
      const place = async (lang: Lang): Promise<string> => {
        const { x, y } = inkCentre(await box(lang, 4));
        if (Math.abs(x - 0.5) < 0.1 && Math.abs(y - 0.5) < 0.15) return 'centred';
        if (x < 0.35 && y > 0.7) return 'bottom left';
        return `elsewhere (${x.toFixed(2)}, ${y.toFixed(2)})`;
      };
      expect(await Promise.all(REGIONS.map(async ([lang]) => `${lang}: ${await place(lang)}`))).toEqual([
        'zh-Hans: bottom left',
        'zh-Hant: centred',
        'zh-TW: centred',
        'zh-HK: centred',
        'ja: bottom left',
        'ko: bottom left',
      ]);
    });
  });

  test('an English letter draws a Japanese name in kana and kanji in the Japanese font, tagged ja; a Chinese name stays mainland', async () => {
    const pdf = await render('en', 'With 直木はなこ, 刘晓明 and 김민준 金敏俊.');
    const read = await readPdf(pdf);
    const fontOf = (name: string): string | undefined => read.pages[0]!.items.find((i) => i.text.includes(name))?.font;
    expect(fontOf('直木はなこ')).toBe('NotoSansJP-Regular');
    expect(fontOf('刘晓明')).toBe('NotoSansHans-Regular');
    expect(fontOf('金敏俊')).toBe('NotoSansKR-Regular');
    // Structure elements are plain (uncompressed) objects in pdfkit's output.
    const spans = [...pdf.toString('latin1').matchAll(/\/S \/Span\n\/Lang \(([a-zA-Z-]+)\)/g)].map((m) => m[1]);
    expect(spans).toEqual(['ja', 'zh', 'ko']);
  });
});

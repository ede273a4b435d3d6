import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runBin } from '../helpers/cli.js';
import { findText, readPdf } from '../helpers/pdf.js';
import { cropPage, hasPdftoppm, referenceFailures } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Every script through the real binary: names and paragraphs render (the 35 kinds of names a
 * real open letter once lost), with the fonts that should draw them, and their shaping and
 * direction match reference pictures looked at by a person (pdf.js text extraction cannot
 * show a missing join or a word in the wrong order). LETTERS_UPDATE_REFERENCES=1 rewrites
 * the pictures: look at every one before committing it.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/scripts');

function yamlString(s: string): string {
  return JSON.stringify(s);
}

function letter(fields: { lang?: string; intro?: string[]; signatories?: string[]; template?: string }): string {
  const lines = ['title: Scripts', 'date: 2026-03-02', 'recipient:', '  name: Secretary-General'];
  if (fields.lang) lines.push(`lang: ${fields.lang}`);
  if (fields.template) lines.push(`template: ${fields.template}`);
  if (fields.intro) lines.push('intro: |', ...fields.intro.flatMap((p, i) => (i > 0 ? ['', `  ${p}`] : [`  ${p}`])));
  if (fields.signatories) lines.push('signatories:', ...fields.signatories.map((s) => `  - name: ${yamlString(s)}`));
  return `${lines.join('\n')}\n`;
}

/** The 35 kinds of names: Chinese, Japanese, Korean, emoji, Cherokee, Tifinagh, symbols (all made up). */
const NAMES = [
  '邱子豪',
  '刘晓明',
  '王小红',
  '張偉國',
  '陳美玲',
  '林志強',
  '黃淑芬',
  '李建华',
  '周杰',
  '吴丽娟',
  '山田花子',
  '佐藤 健',
  'たなか ゆうき',
  'ヤマモト アキラ',
  '김민준',
  '이서연',
  '박지훈',
  '최유진',
  'Muhannad 🌊',
  'Sara 🌻',
  'Ana ❤️',
  'Team 👩‍💻',
  'Kai 🏳️‍🌈',
  '🐢 Turtle Watch',
  'ᏣᎳᎩ ᎠᏂᏴᏫ',
  'ᎠᏍᎦᏯ ᏩᏯ',
  'ᏌᏊ ᎦᏙ',
  'ⵜⴰⵎⴰⵣⵉⵖⵜ',
  'ⴰⵎⴰⵣⵉⵖ ⵓⵎⴰⵙ',
  'ⵉⴷⵉⵔ ⴰⵏⵏⵓ',
  'p≡p foundation',
  'Checks ✓ Collective',
  'Arrows → Forward',
  'Σ Math Society',
  '∞ Infinity Group',
];

describe('names in every script render', () => {
  test('the 35 kinds of names a real open letter lost, each with the font that draws it', async () => {
    const dir = testdir({ 'letters/names.yaml': letter({ signatories: NAMES }) });
    const r = await runBin(['render', 'names', '-o', '-'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pdf = await readPdf(r.bytes);
    // Extraction is reliable for these scripts: each name reads back as typed.
    for (const name of NAMES.filter((n) => !/\p{Extended_Pictographic}/u.test(n))) expect(pdf.text).toContain(name);
    const fonts = new Set(pdf.pages.flatMap((p) => p.items.map((i) => i.font)));
    for (const font of [
      'NotoSerif-Regular',
      'NotoSansHans-Regular',
      'NotoSansKR-Regular',
      'NotoSansCherokee-Regular',
      'NotoSansTifinagh-Regular',
      'NotoSansMath-Regular',
      'NotoEmoji-Regular',
    ]) {
      expect(fonts).toContain(font);
    }
  });

  test('Chinese, Japanese, Korean, Tibetan, Hindi, Thai and Hebrew names and paragraphs read back', async () => {
    const intro = [
      '中华人民共和国政府应当立即释放所有因和平表达意见而被关押的人士。这是国际人权法的基本要求，也是宪法所保障的权利。「言論自由」不應成為罪名。',
      '私たちは、平和的に意見を表明したために拘束されているすべての人の釈放を求めます。',
      '우리는 평화적으로 의견을 표현했다는 이유로 구금된 모든 사람의 석방을 촉구합니다.',
    ];
    const names = ['刘晓明', 'བཀྲ་ཤིས་བདེ་ལེགས', 'सुनीता शर्मा', 'สมชาย ใจดี', 'דוד לוי', 'ئىلھام توختى'];
    const dir = testdir({ 'letters/l.yaml': letter({ intro, signatories: names }) });
    const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    const pdf = await readPdf(r.bytes);
    const text = pdf.text.replace(/\n/g, '');
    for (const p of intro) expect(text).toContain(p);
    for (const name of ['刘晓明', 'สมชาย ใจดี']) expect(pdf.text).toContain(name);
    const fonts = new Set(pdf.pages.flatMap((p) => p.items.map((i) => i.font)));
    for (const font of [
      'NotoSerifTibetan-Regular',
      'NotoSerifDevanagari-Regular',
      'NotoSansThai-Regular',
      'NotoSerifHebrew-Regular',
      'NotoNaskhArabic-Regular',
    ]) {
      expect(fonts).toContain(font);
    }
  });

  test('a Chinese paragraph breaks between characters and no line starts with 。、」', async () => {
    const para =
      '政府应当立即释放所有因和平表达意见而被关押的人士。这是国际人权法的基本要求、也是宪法所保障的权利。「言论自由」不应成为罪名。'.repeat(
        3,
      );
    const dir = testdir({ 'letters/l.yaml': letter({ intro: [para] }) });
    const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    const pdf = await readPdf(r.bytes);
    const lines = pdf.pages[0]!.text.split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).toBe(para);
    for (const l of lines) expect(l).not.toMatch(/^[。、」]/);
  });

  test('dates in Arabic and Chinese letters print (digits the body font lacks)', async () => {
    for (const [lang, date] of [
      ['zh', '2026年3月2日'],
      ['ar-EG', '٢ مارس ٢٠٢٦'],
    ] as const) {
      const dir = testdir({ 'letters/l.yaml': letter({ lang, signatories: ['A'] }) });
      const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
      // Languages without labels of their own yet: warnings, nothing else.
      expect(r.stderr.split('\n').filter((l) => l !== '' && !l.includes(': warning: '))).toEqual([]);
      const pdf = await readPdf(r.bytes);
      if (lang === 'zh') expect(pdf.text).toContain(date);
      else expect(pdf.pages[0]!.items.some((i) => i.font === 'NotoNaskhArabic-Regular')).toBe(true);
    }
  });

  test('a character no font has is refused, naming every such character of the field', async () => {
    const dir = testdir({ 'letters/l.yaml': letter({ signatories: ['刘 𓀀 𓁐'] }) });
    const r = await runBin(['render', 'l'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: letters/l.yaml:6:14: signatory 1, name has characters no font of letters can print: "𓀀" (U+13000), "𓁐" (U+13050) — replace or remove them\n',
    );
    expect(existsSync(path.join(dir, 'l.pdf'))).toBe(false);
  });
});

describe('a right-to-left letter', () => {
  test('paragraphs end at the right margin, the first signatory stands in the right column, page numbers in its digits', async () => {
    // Enough for a second page now that short blocks stand three to a row.
    const many = Array.from({ length: 100 }, (_, i) => `منظمة رقم ${i + 1}`);
    const dir = testdir({
      'letters/l.yaml': letter({ lang: 'fa', intro: ['سلام'], signatories: ['احمد', 'Jane Roe', ...many] }).replace(
        'recipient:\n  name: Secretary-General',
        'recipient:\n  name: دبیرکل',
      ),
    });
    const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
    // A right-to-left language has no labels of its own yet: warnings, nothing else.
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.includes(': warning: '))).toEqual([]);
    const pdf = await readPdf(r.bytes);
    const page = pdf.pages[0]!;
    const right = page.width - 72;
    const salam = findText(page, 'سلام')!;
    expect(Math.abs(salam.x + salam.width - right)).toBeLessThan(1);
    const first = findText(page, 'احمد')!;
    const second = page.items.find((i) => i.text.includes('Jane Roe'))!;
    expect(first.x).toBeGreaterThan(second.x);
    expect(first.y).toBeCloseTo(second.y, 0);
    // Page 2's number, in Persian digits, centred between the margins.
    expect(pdf.pages.length).toBeGreaterThan(1);
    const number = pdf.pages[1]!.items.find((i) => i.text === '۲');
    expect(number).toBeDefined();
    expect(number!.width).toBeGreaterThan(0);
    expect(Math.abs(number!.x + number!.width / 2 - (72 + right) / 2)).toBeLessThan(1);
  });
});

/*
 * Shaping and direction, as pictures. Each paragraph is one line, drawn by a template that
 * prints only the intro, so line k of the page is at a known place.
 */
const TEMPLATE = '{{intro}}\n';
const LTR_LINES: [string, string][] = [
  ['uyghur-in-english', 'Signed by ئۇيغۇر كىشىلىك ھوقۇقى (Uyghur Human Rights), 2026.'],
  ['arabic-joining', 'Arabic: لا إله إلا الله، بسم الله — مرحبا بالعالم'],
  ['devanagari', 'हिन्दी: क्षत्रिय, प्रार्थना, श्री कृष्ण, विद्यालय'],
  ['bengali', 'বাংলা: ক্ষমা, শ্রী, রবীন্দ্রনাথ ঠাকুর, স্বাধীনতা'],
  ['thai', 'ไทย: ผู้ใหญ่ น้ำ ที่นี่ กี่ปี ปั๊ม สมชาย ใจดี'],
  ['tibetan', 'Tibetan: བཀྲ་ཤིས་བདེ་ལེགས། སྒྲོལ་མ། རྒྱ་མཚོ།'],
  ['cjk-emoji-symbols', '刘晓明 山田花子 김민준 Muhannad 🌊 p≡p ✓ → 👩‍💻 ❤️'],
];
const RTL_LINES: [string, string][] = [
  ['english-in-arabic', 'نطالب بالسماح لمنظمة Human Rights Watch بزيارة المنطقة في 15 مارس.'],
  ['numbers-in-hebrew', 'שלום עולם 2026 (בדיקה) ו-3.5 מיליון'],
  ['urdu-persian', 'اردو: پاکستان کی آواز، فارسی: ایران'],
];

const DPI = 100;
const LINE_PT = 11 * 1.4;
const GAP_PT = 9;

async function linePictures(lang: string, lines: [string, string][]): Promise<Buffer[]> {
  const dir = testdir({
    'letters/l.yaml': letter({ lang, template: 'lines', intro: lines.map(([, text]) => text) }),
    'templates/lines.hbs': TEMPLATE,
  });
  const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
  // A right-to-left language has no labels of its own yet: warnings, nothing else.
  expect(r.stderr.split('\n').filter((l) => l !== '' && !l.includes(': warning: '))).toEqual([]);
  return lines.map((_, k) => {
    const top = ((72 + k * (LINE_PT + GAP_PT)) * DPI) / 72;
    return cropPage(r.bytes, 1, DPI, { x: 90, y: Math.round(top) - 4, w: 680, h: 30 });
  });
}

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('shaping and direction, against reference pictures', () => {
  for (const [lang, lines] of [
    ['en', LTR_LINES],
    ['ar', RTL_LINES],
  ] as const) {
    test(`${lang === 'ar' ? 'right-to-left' : 'left-to-right'} letter: ${lines.map(([n]) => n).join(', ')}`, async () => {
      const pictures = await linePictures(lang, lines);
      expect(
        referenceFailures(
          FIXTURES,
          lines.map(([name], k) => [name, pictures[k]!]),
        ),
      ).toEqual([]);
    });
  }
});

describe('render --pdfa', () => {
  test('writes PDF/A-2b: identification in XMP matching the Info dictionary, an sRGB output intent, every font embedded, tagged', async () => {
    const dir = testdir({
      'letters/l.yaml': letter({ intro: ['Rights & <freedoms> for 刘晓明 and ئىلھام توختى.'], signatories: ['Muhannad 🌊'] }).replace(
        'title: Scripts',
        'title: "Letters & <archives>"',
      ),
    });
    const r = await runBin(['render', 'l', '--pdfa', '-o', '-'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const raw = r.bytes.toString('latin1');
    expect(raw.slice(0, 9)).toBe('%PDF-1.7\n');
    const xmp = Buffer.from(/<\?xpacket begin[\s\S]*?<\?xpacket end="w"\?>/.exec(raw)![0], 'latin1').toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    // Text in the XMP is escaped XML, and says what the Info dictionary says.
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Letters &#38; &#60;archives&#62;</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2026-03-02T00:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<xmp:ModifyDate>2026-03-02T00:00:00Z</xmp:ModifyDate>');
    // The Info dictionary's creation and modification dates (pdfkit writes them as objects).
    expect(raw.match(/\(D:20260302000000Z\)/g)).toHaveLength(2);
    expect(xmp).not.toMatch(/&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/\/DestOutputProfile \d+ 0 R/);
    // Every font embedded: one font program per font descriptor.
    const descriptors = raw.match(/\/Type \/FontDescriptor/g)!.length;
    expect(descriptors).toBeGreaterThanOrEqual(4);
    expect(raw.match(/\/FontFile[23] \d+ 0 R/g)!.length).toBe(descriptors);
    // No encryption, no transparency; tagged as always.
    expect(raw).not.toMatch(/\/Encrypt|\/SMask|\/CA [01]?\.|\/ca [01]?\./);
    expect(raw).toContain('/StructTreeRoot');
    const pdf = await readPdf(r.bytes);
    expect(pdf.text).toContain('刘晓明');
  });

  test('without --pdfa, no PDF/A identification', async () => {
    const dir = testdir({ 'letters/l.yaml': letter({ signatories: ['A'] }) });
    const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
    expect(r.bytes.toString('latin1')).not.toContain('pdfaid');
  });
});

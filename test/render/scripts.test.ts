import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findMissingGlyphs } from '../../src/core/text/glyphs.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { readFontFile } from '../../src/io/fonts.js';
import { COVERAGE } from '../../src/render/inline/font-coverage.generated.js';
import { cjkRegion, FALLBACKS, PRIMARY, spanLanguage, STACK, type StackFont } from '../../src/render/inline/font-list.js';
import { FontStack } from '../../src/render/inline/font-stack.js';
import { breakLines, type Line } from '../../src/render/inline/line-breaker.js';
import { renderLetterPdf } from '../../src/render/pdf/render-pdf.js';
import { prepareLetter } from '../../src/render/prepare.js';
import { isRtlLanguage, resolveRuns } from '../../src/render/inline/runs.js';
import { Shaper } from '../../src/render/inline/shape.js';
import type { TemplateSource } from '../../src/render/document/template.js';
import type { Run } from '../../src/render/document/tree.js';
import { ROOT } from '../helpers/cli.js';

const stack = new FontStack();
const r = (text: string, extra: Partial<Run> = {}): Run => ({ text, bold: false, italic: false, ...extra });
/** "font:text" for each resolved run, with "<" marking a right-to-left level; `lang` is the letter's. */
const show = (runs: Run[], rtl = false, lang?: string): string[] =>
  resolveRuns(runs, stack, rtl, lang).map((x) => `${x.font.id}${x.level % 2 === 1 ? '<' : ''}:${x.text}`);

describe('the coverage table', () => {
  test('is what the fonts installed now have (regenerate with node scripts/font-coverage.mjs)', () => {
    const generated = execFileSync(process.execPath, [path.join(ROOT, 'scripts/font-coverage.mjs'), '--json'], { encoding: 'utf8' });
    expect(JSON.parse(generated)).toEqual(COVERAGE);
  });

  test.each([
    ['é', 'serif'],
    ['Ж', 'serif'],
    ['刘', 'cjk'],
    ['祉', 'cjk'],
    ['ひ', 'cjk'],
    ['김', 'korean'],
    ['ئ', 'arabic'],
    ['ڭ', 'arabic'],
    ['ے', 'arabic'],
    ['ש', 'hebrew'],
    ['क', 'devanagari'],
    ['ব', 'bengali'],
    ['த', 'tamil'],
    ['ก', 'thai'],
    ['བ', 'tibetan'],
    ['አ', 'ethiopic'],
    ['Ա', 'armenian'],
    ['ნ', 'georgian'],
    ['Ꮳ', 'cherokee'],
    ['ⵜ', 'tifinagh'],
    ['≡', 'math'],
    ['→', 'math'],
    ['✓', 'math'],
    ['🌊', 'emoji'],
    // Ideographs the mainland and Korean fonts lack: Taiwan's, Hong Kong's and Japan's own (山﨑).
    ['𠀾', 'cjk-tc'],
    ['𧃰', 'cjk-hk'],
    ['﨑', 'cjk-jp'],
  ])('%s is drawn in the %s font', (ch, id) => {
    expect(stack.fontFor(ch.codePointAt(0)!)?.id).toBe(id);
  });

  test('a character no font has is not covered; joiners and direction marks are', () => {
    expect(stack.covers(0x13000)).toBe(false); // Egyptian hieroglyph
    expect(stack.covers(0x200d)).toBe(true);
    expect(stack.covers(0x200f)).toBe(true);
  });
});

describe('regional CJK forms', () => {
  test.each([
    ['zh', 'sc'],
    ['zh-Hans', 'sc'],
    ['zh-CN', 'sc'],
    ['zh-SG', 'sc'],
    ['zh-Hant', 'tc'],
    ['zh-TW', 'tc'],
    ['zh-Hant-TW', 'tc'],
    ['zh-HK', 'hk'],
    ['zh-MO', 'hk'],
    ['zh-Hant-HK', 'hk'],
    ['yue', 'hk'],
    ['zh-Hans-HK', 'sc'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['ko', 'ko'],
    ['en', undefined],
    ['en-HK', undefined],
    ['fr', undefined],
    ['not a tag', undefined],
  ])('a letter in %s takes the %s forms', (lang, region) => {
    expect(cjkRegion(lang)).toBe(region);
  });

  test.each([
    ['zh-Hans', 'cjk'],
    ['zh-Hant', 'cjk-tc'],
    ['zh-TW', 'cjk-tc'],
    ['zh-HK', 'cjk-hk'],
    ['ja', 'cjk-jp'],
    ['ko', 'korean'],
    ['en', 'cjk'],
  ])('Han text and its full-width punctuation in a %s letter are drawn in the %s font', (lang, id) => {
    expect(show([r('骨直述次，說明：「自由」。')], false, lang)).toEqual([`${id}:骨直述次，說明：「自由」。`]);
  });

  test('kana makes a stretch Japanese and Hangul Korean, in a letter in any language', () => {
    expect(show([r('Dear 山田はなこ and 刘晓波, 김민준 金敏俊.')], false, 'en')).toEqual([
      'serif:Dear ',
      'cjk-jp:山田はなこ ',
      'serif:and ',
      'cjk:刘晓波,',
      'korean: 김민준 金敏俊.',
    ]);
    // In a Chinese letter too; the stretch ends at a Western comma, so the name after it is Chinese.
    expect(show([r('山田はなこ, 骨直')], false, 'zh-Hant')).toEqual(['cjk-jp:山田はなこ,', 'cjk-tc: 骨直']);
  });

  test('a stretch runs across styles; a character the regional font lacks stays in the font that has it', () => {
    expect(show([r('山田', { bold: true }), r('はなこ')], false, 'en')).toEqual(['cjk-jp:山田', 'cjk-jp:はなこ']);
    // 晓 is not in the Japanese font: it stays mainland, the rest of the name is in Japanese forms.
    expect(show([r('刘晓波')], false, 'ja')).toEqual(['cjk-jp:刘', 'cjk:晓', 'cjk-jp:波']);
  });

  test("a run whose language is known takes that language's forms", () => {
    expect(show([r('Chan '), r('陳大文', { lang: 'zh-HK' }), r(' and '), r('陳美玲', { lang: 'zh-TW' })], false, 'en')).toEqual([
      'serif:Chan ',
      'cjk-hk:陳大文',
      'serif: and ',
      'cjk-tc:陳美玲',
    ]);
    expect(show([r('陳美玲', { lang: 'en' })], false, 'zh-Hant')).toEqual(['cjk:陳美玲']);
  });

  test("text in another region's font is tagged with that region's language, not the letter's own", () => {
    const font = (id: string): StackFont => STACK.find((f) => f.id === id)!;
    expect(spanLanguage(font('cjk-jp'), '山田はなこ', 'en')).toBe('ja');
    expect(spanLanguage(font('cjk-jp'), '山田はなこ', 'zh-Hant')).toBe('ja');
    expect(spanLanguage(font('cjk-jp'), '山田', 'ja-JP')).toBeUndefined();
    expect(spanLanguage(font('cjk-tc'), '陳美玲', 'zh-Hans')).toBe('zh-Hant');
    expect(spanLanguage(font('cjk-tc'), '陳美玲', 'zh-TW')).toBeUndefined();
    expect(spanLanguage(font('cjk-hk'), '陳大文', 'zh-TW')).toBe('zh-HK');
    expect(spanLanguage(font('korean'), '金敏俊', 'ko')).toBeUndefined();
    expect(spanLanguage(font('korean'), '김민준', 'ja')).toBe('ko');
    // The mainland font, filling in what a region's font lacks, speaks for the letter's language.
    expect(spanLanguage(font('cjk'), '晓', 'ja')).toBeUndefined();
    expect(spanLanguage(font('cjk'), '刘晓波', 'en')).toBe('zh');
  });
});

describe('run resolution', () => {
  test('Latin text stays in one run of the body font', () => {
    expect(show([r('Jean-François Dvořák, Nguyễn')])).toEqual(['serif:Jean-François Dvořák, Nguyễn']);
  });

  test('each script in its font; spaces and punctuation stay with the text before them', () => {
    expect(show([r('About 刘晓波, and 김민준.')])).toEqual(['serif:About ', 'cjk:刘晓波, ', 'serif:and ', 'korean:김민준.']);
  });

  test('a combining mark and an emoji sequence stay with their base', () => {
    // The space after the emoji is not the emoji font's (as wide as an emoji): it goes with the next word.
    expect(show([r('x 👨\u200d👩\u200d👧 क्षत्रिय')])).toEqual(['serif:x ', 'emoji:👨\u200d👩\u200d👧', 'devanagari: क्षत्रिय']);
  });

  test('styles split runs as before', () => {
    expect(show([r('刘', { bold: true }), r('晓波')])).toEqual(['cjk:刘', 'cjk:晓波']);
  });

  test('right-to-left text gets an odd level, numbers inside it an even one', () => {
    expect(show([r('Sign: ئىلھام توختى today')])).toEqual(['serif:Sign: ', 'arabic<:ئىلھام توختى', 'arabic: ', 'serif:today']);
    expect(show([r('שלום 2026 עולם')], true)).toEqual(['hebrew<:שלום ', 'hebrew:2026', 'hebrew<: עולם']);
  });

  test('letters in Arabic, Hebrew, Persian, Urdu, Uyghur are right to left', () => {
    expect(['ar', 'he', 'fa', 'ur', 'ug', 'ar-EG'].every(isRtlLanguage)).toBe(true);
    expect(['en', 'zh', 'fr', 'ug-Latn', 'hi'].some(isRtlLanguage)).toBe(false);
  });
});

/** Each character one unit wide: layouts are easy to read. */
const unit = (text: string): number => [...text].length;
const lines = (runs: Run[], width: number, rtl = false): string[] =>
  breakLines(resolveRuns(runs, stack, rtl), width, unit).map((l: Line) => l.segments.map((s) => s.text).join(''));

describe('line breaking by Unicode rules', () => {
  test('Chinese breaks between characters, never before 。、」', () => {
    const out = lines([r('我们写信。关于「言论自由」、人权。')], 5);
    expect(out.join('')).toBe('我们写信。关于「言论自由」、人权。');
    expect(out.every((l) => [...l].length <= 5)).toBe(true);
    for (const l of out) expect(l).not.toMatch(/^[。、」]/);
    expect(out.length).toBeGreaterThan(3);
  });

  test('Thai breaks between words', () => {
    expect(lines([r('ภาษาไทยง่ายนิดเดียว')], 8)).toEqual(['ภาษาไทย', 'ง่ายนิด', 'เดียว']);
  });

  test('a long address still breaks after a slash', () => {
    expect(lines([r('see https://example.org/a-long/path?x=1')], 20)).toEqual(['see', 'https://example.org/', 'a-long/path?x=1']);
    // One that fits on a line is never broken, though UAX #14 allows a break after each "/".
    expect(lines([r('read https://example.org/a/b now')], 24)).toEqual(['read', 'https://example.org/a/b', 'now']);
    expect(lines([r('write to jane.roe@example.org today')], 20)).toEqual(['write to', 'jane.roe@example.org', 'today']);
    expect(lines([r('https://example.org/averyveryverylongname')], 24)).toEqual(['https://example.org/', 'averyveryverylongname']);
  });

  test('segments of a line are in visual order', () => {
    // Logical "abc ARABIC def": the Arabic run, a single segment, sits between the Latin ones.
    const [line] = breakLines(resolveRuns([r('abc مرحبا بالعالم def')], stack, false), 100, unit);
    expect(line!.segments.map((s) => [s.text, s.level])).toEqual([
      ['abc ', 0],
      ['مرحبا بالعالم', 1],
      [' ', 0], // the space after the Arabic run is drawn in its font
      ['def', 0],
    ]);
    // In a right-to-left paragraph the English words come first from the left, as read.
    const [rtl] = breakLines(resolveRuns([r('مرحبا Human Rights Watch بالعالم')], stack, true), 100, unit);
    expect(rtl!.segments.map((s) => s.text)).toEqual(['بالعالم', ' ', 'Human Rights Watch', 'مرحبا ']);
  });
});

describe('the missing-glyph check', () => {
  test('one line per field, naming every character no font has', () => {
    const problems = findMissingGlyphs(
      [
        { path: 'signatories.0.name', text: '王伟 𓀀 and 𓁐𓀀' },
        { path: 'intro', text: 'fine 刘晓波' },
      ],
      (cp) => stack.covers(cp),
      () => ({ file: 'l.yaml', line: 1, col: 1 }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'signatory 1, name has characters no font of letters can print: "𓀀" (U+13000), "𓁐" (U+13050)',
    ]);
  });
});

describe('fonts are read only when a letter needs them', () => {
  const template: TemplateSource = {
    name: 'formal',
    file: 'templates/formal.hbs',
    text: readFileSync(path.join(ROOT, 'templates/formal.hbs'), 'utf8'),
  };
  async function filesRead(signatory: string, lang = 'en'): Promise<string[]> {
    const read: string[] = [];
    const shaper = new Shaper((font: StackFont, file: string) => {
      read.push(`${font.id}/${path.basename(file)}`);
      return readFontFile(font, file);
    });
    const source = `title: T\nlang: ${lang}\nrecipient:\n  name: Jane Doe\nintro: Dear *friends*, **we** write.\nsignatories:\n  - name: ${signatory}\n`;
    await renderLetterPdf({
      parsed: parseLetter(source, 'l.yaml'),
      template,
      fonts: { stack, shaper },
      creator: 'test',
      now: new Date(0),
    });
    return read.sort();
  }

  test('a Latin-only letter reads no fallback font', async () => {
    const read = await filesRead('Zoë Dvořák');
    expect(read.every((f) => f.startsWith(`${PRIMARY.id}/`))).toBe(true);
    expect(read).toContain('serif/NotoSerif_400Regular.ttf');
  });

  test('a Chinese name reads the CJK font, and no other fallback', async () => {
    const read = await filesRead('刘晓波');
    const cjk = FALLBACKS.find((f) => f.id === 'cjk')!;
    expect(read.filter((f) => !f.startsWith('serif/'))).toEqual([`cjk/${path.basename(cjk.regular)}`]);
  });

  test.each([
    ['zh-Hans', '陳美玲', ['cjk/NotoSansHans-Regular.otf']],
    ['zh-TW', '陳美玲', ['cjk-tc/NotoSansHant-Regular.otf']],
    ['zh-HK', '陳美玲', ['cjk-hk/NotoSansHK_400Regular.ttf']],
    ['ja', '陳美玲', ['cjk-jp/NotoSansJP-Regular.otf']],
    ['ko', '陳美玲', ['korean/NotoSansKR-Regular.otf']],
  ])('a %s letter with a name in Han characters reads the font of its region only', async (lang, name, fonts) => {
    const read = await filesRead(name, lang);
    expect(read.filter((f) => !f.startsWith('serif/'))).toEqual(fonts);
  });
});

describe('the language of text in another script is tagged', () => {
  const template: TemplateSource = {
    name: 'formal',
    file: 'templates/formal.hbs',
    text: readFileSync(path.join(ROOT, 'templates/formal.hbs'), 'utf8'),
  };
  async function spans(lang: string, names: string[]): Promise<string[]> {
    const source = `title: T\nlang: ${lang}\nrecipient:\n  name: Jane Doe\nsignatories:\n${names.map((n) => `  - name: ${n}\n`).join('')}`;
    const pdf = await renderLetterPdf({
      parsed: parseLetter(source, 'l.yaml'),
      template,
      fonts: { stack, shaper: new Shaper(readFontFile) },
      creator: 'test',
      now: new Date(0),
    });
    // Structure elements are plain (uncompressed) objects in pdfkit's output.
    return [...pdf.toString('latin1').matchAll(/\/S \/Span\n\/Lang \(([a-z-]+)\)/g)].map((m) => m[1]!);
  }

  test('a Span with /Lang for each name in another script than the letter', async () => {
    expect(await spans('en', ['Jane Roe', '刘晓明', '山田はなこ', '김민준', 'ئۇيغۇر', 'דוד לוי'])).toEqual(['zh', 'ja', 'ko', 'ug', 'he']);
  });

  test('none where the letter is in that language', async () => {
    expect(await spans('zh', ['刘晓明', '王小红'])).toEqual([]);
    expect(await spans('ko', ['金敏俊', '김민준'])).toEqual([]);
    expect(await spans('ja', ['山田花子', '佐藤はなこ'])).toEqual([]);
  });

  test('kana in a Chinese or Korean letter is Japanese, Hangul in a Japanese letter Korean', async () => {
    expect(await spans('zh-Hant', ['陳美玲', '山田はなこ'])).toEqual(['ja']);
    expect(await spans('ko', ['김민준', '山田はなこ'])).toEqual(['ja']);
    expect(await spans('ja', ['山田花子', '김민준 金敏俊'])).toEqual(['ko']);
  });
});

describe('a font package that is not installed', () => {
  test('is an error naming the script, the package and what to run', () => {
    const broken: StackFont = { ...PRIMARY, id: 'gone', script: 'Klingon', package: '@letters-test/no-such-font' };
    let error: unknown;
    try {
      readFontFile(broken, 'x.ttf');
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: 'font-missing',
      message: 'the font for Klingon (npm package @letters-test/no-such-font) is not installed',
    });
    expect((error as { hint: string }).hint).toBe('run `npm ci` in the folder letters is installed in');
  });
});

describe('joiners and direction marks reach the page', () => {
  test('ZWJ in an emoji sequence, ZWNJ in a Persian word and an RLM stay in the printed text', () => {
    const template: TemplateSource = {
      name: 'formal',
      file: 'templates/formal.hbs',
      text: readFileSync(path.join(ROOT, 'templates/formal.hbs'), 'utf8'),
    };
    const source = `title: T\nrecipient:\n  name: Jane Doe\nintro: "Team 👩\\u200d💻 and \\u0645\\u06cc\\u200c\\u062e\\u0648\\u0627\\u0647\\u0645\\u200f."\nsignatories:\n  - name: "Zero\\u200bWidth Soft\\u00adHyphen"\n`;
    const blocks = prepareLetter({ parsed: parseLetter(source, 'l.yaml'), template, fonts: { stack, shaper: new Shaper(readFontFile) } });
    const text = JSON.stringify(blocks);
    expect(text).toContain('👩\u200d💻');
    expect(text).toContain('\u0645\u06cc\u200c\u062e');
    expect(text).toContain('\u200f.');
    // What prints nothing still goes: zero-width space, soft hyphen.
    expect(text).toContain('ZeroWidth SoftHyphen');
  });
});

describe('shaping CJK text', () => {
  test('precomposed CJK text is measured from the cmap, as wide as full shaping makes it, without OpenType layout', () => {
    const shaper = new Shaper(readFontFile);
    const cjk = FALLBACKS.find((f) => f.id === 'cjk')!;
    const face = shaper.face(cjk, false, false);
    const text = '刘晓波和王小红、「山田花子」。';
    const full = face.font.layout(text, undefined, undefined, undefined, 'ltr');
    const layout = face.font.layout.bind(face.font);
    let calls = 0;
    face.font.layout = (...args) => {
      calls++;
      return layout(...args);
    };
    const width = shaper.width(face, text, 1000, false);
    expect(width).toBeCloseTo((full.positions.reduce((sum, p) => sum + p.xAdvance, 0) * 1000) / face.font.unitsPerEm, 6);
    expect(calls).toBe(0);
    // A variation selector needs the shaper.
    shaper.width(face, '葛\u{e0100}', 1000, false);
    expect(calls).toBe(1);
  });
});

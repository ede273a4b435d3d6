import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { hasReaders, type Reader, readBack } from '../helpers/readers.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Where a line breaks at a space, the words on either side read back apart: the PDF's text
 * keeps the space the line breaker does not draw (an invisible space at the line's end), so
 * the structure tree, pdftotext and pdf.js give "of the", never "ofthe". Where the text had no
 * space (after a hyphen inside a word, between two Chinese characters) none is added.
 */

const ENGLISH =
  'The undersigned organizations write to express their deep concern about the detention of the journalists and of the human rights defenders arrested in the capital since the beginning of the year, and to ask for the release of all of them without delay or condition of any kind.';
const GERMAN =
  'Wir, die unterzeichnenden Organisationen, fordern die sofortige Freilassung aller inhaftierten Journalistinnen und Journalisten sowie ein Ende der Einschüchterung von Menschenrechtsverteidigerinnen und Menschenrechtsverteidigern im ganzen Land.';
const ARABIC =
  'نحن المنظمات الموقعة أدناه نعرب عن قلقنا البالغ إزاء اعتقال الصحفيين والمدافعين عن حقوق الإنسان منذ 2 مارس في العاصمة ونطالب بالإفراج الفوري وغير المشروط عن جميع المعتقلين دون تأخير.';
const HEBREW =
  'אנו הארגונים החתומים מטה מביעים דאגה עמוקה ממעצרם של עיתונאים ושל מגיני זכויות אדם בירושלים ובחיפה מאז תחילת השנה וקוראים לשחרורם המיידי וללא תנאי של כולם.';
// Broken only after its hyphens: no space may appear at those line ends.
const HYPHENATED = Array.from({ length: 14 }, (_, i) => `part${i}word`).join('-');
const CHINESE =
  '我们这些签名的组织对自今年年初以来在首都被捕的记者和人权捍卫者的拘留表示深切关注，并要求毫不拖延、无条件地释放他们所有人。我们呼吁当局停止对民间社会的恐吓。';

function render(lang: string, paragraphs: string[]): Uint8Array {
  const yaml = [
    'title: Line ends',
    'date: 2026-03-02',
    `lang: ${lang}`,
    'recipient:',
    '  name: Secretary-General',
    'intro: |',
    ...paragraphs.flatMap((p, i) => (i > 0 ? ['', `  ${p}`] : [`  ${p}`])),
    'signatories:',
    '  - name: Amnesty',
    '',
  ].join('\n');
  const dir = testdir({ 'letters/l.yaml': yaml });
  const r = spawnSync(process.execPath, [BIN, 'render', 'l', '-o', '-'], { cwd: dir, env: cleanEnv(), maxBuffer: 1 << 26 });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

/** Each pair of neighbouring words of `paragraph` that `text` gives back joined (no space between). */
function joined(text: string, paragraph: string): string[] {
  const words = paragraph.split(' ');
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const pair = words[i - 1]! + words[i]!;
    if (text.includes(pair)) out.push(`${words[i - 1]} | ${words[i]}`);
  }
  return out;
}

const READERS: Reader[] = ['structure', 'pdftotext', 'pdf.js'];

describe.skipIf(!hasReaders() && !process.env['CI'])('words on either side of a line break read back apart', () => {
  test('in left-to-right paragraphs, with hyphen breaks kept whole', async () => {
    const texts = await readBack(render('en', [ENGLISH, GERMAN, HYPHENATED]));
    for (const reader of READERS) {
      expect({ reader, joined: [...joined(texts[reader], ENGLISH), ...joined(texts[reader], GERMAN)] }).toEqual({ reader, joined: [] });
    }
    expect(texts.structure).toContain(ENGLISH);
    expect(texts.structure).toContain(GERMAN);
    // pdftotext takes a hyphen at a line's end for a hyphenation and drops it, and pdf.js's text
    // items break there: the structure tree is what tells whether a space was added.
    expect(texts.structure).toContain(HYPHENATED);
  }, 60_000);

  test('in right-to-left paragraphs', async () => {
    for (const [lang, paragraph] of [
      ['ar', ARABIC],
      ['he', HEBREW],
    ] as const) {
      const texts = await readBack(render(lang, [paragraph, paragraph]));
      // pdf.js (5.6) finds no space between right-to-left words anywhere on a line, a line's
      // end aside (it ends a text item there): it is left out here.
      for (const reader of ['structure', 'pdftotext'] as const) {
        expect({ lang, reader, joined: joined(texts[reader], paragraph) }).toEqual({ lang, reader, joined: [] });
      }
      expect(texts.structure).toContain(paragraph);
    }
  }, 60_000);

  test('in Chinese, where a line break is no space', async () => {
    const texts = await readBack(render('zh', [CHINESE, CHINESE]));
    expect(texts.structure).toContain(CHINESE);
  }, 60_000);
});

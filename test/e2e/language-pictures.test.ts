import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { cropPage, hasPdftoppm, referenceFailures } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

/*
 * A language's conventions as pictures, looked at by a person: a Japanese letter (the
 * addressee "title name 殿", name（affiliation）, the date after the body) and a French one
 * (« » and ? with their no-break spaces) and a Traditional Chinese appeal (Taiwan's glyph forms,
 * the full-width comma and full stop centred). LETTERS_UPDATE_REFERENCES=1 rewrites them: look at
 * every one before committing it.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/languages');
const DPI = 100;
const px = (pt: number): number => Math.round((pt * DPI) / 72);

const JAPANESE = `title: ネグロス島の人権状況に関する要請書
lang: ja
date: 2005-03-01
place: 東京
recipient:
  name: 小泉純一郎
  title: 内閣総理大臣
  honorific: 殿
salutation: 拝啓
intro: |
  私たちは、フィリピン・ネグロス島の人権状況について深く憂慮しています。昨年の調査では、参加者は1355人にのぼり、3月には新たな報告が出されました。「人権」の尊重を強く求めます。
closing: |
  以上、要請いたします。
signoff: 敬具
signatory_layout: lines
signatories:
  - organization: 日本ネグロス・キャンペーン委員会
    name: 秋山眞兄
  - organization: アジア太平洋資料センター
    name: 山田花子
    title: 代表
`;

const FRENCH = `title: Protection des défenseurs
lang: fr
place: Paris
date: 2009-06-01
recipient:
  name: Madame la Ministre
  organization: Ministère de l’Europe et des Affaires étrangères
subject: la protection des défenseurs ; une urgence
salutation: Madame la Ministre,
intro: |
  Nos associations soutiennent les "défenseurs des droits" dans le monde. Que fera la France ? Nous attendons « une réponse claire » : il y a urgence !
signoff: Veuillez agréer, Madame la Ministre, l’expression de notre haute considération.
signatories:
  - organization: Ligue des droits de l'Homme
    name: Jean Martin
    title: Président
`;

const TRADITIONAL_CHINESE = `title: 致行政長官的公開信
lang: zh-Hant
template: open-letter
date: 2020-06-04
intro: |
  我們，一群關注香港人權狀況的民間團體，就近日的事態發表以下聲明：言論自由、集會自由和新聞自由，是香港社會的基石。我們呼籲政府尊重「一國兩制」的承諾，撤回有關條例，並與市民展開真正的對話。

  本信由三十七個團體及一千三百五十五名市民聯署。
signoff: 謹啟
signatory_layout: lines
signatories:
  - organization: 香港人權監察
    name: 羅沃啟
  - organization: 國際特赦組織香港分會
    name: 陳美玲
    title: 總監
`;

async function renderPdf(yaml: string): Promise<Buffer> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.bytes;
}

/** The top of page 1's text column (letter paper), `height` points tall. */
const top = (bytes: Buffer, height: number): Buffer => cropPage(bytes, 1, DPI, { x: px(60), y: px(60), w: px(612 - 120), h: px(height) });

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('language conventions, against reference pictures', () => {
  test('a Japanese letter with 殿 and name（affiliation）; a French letter with « » and ?; a Traditional Chinese paragraph', async () => {
    const pictures: [string, Buffer][] = [
      ['japanese-letter', top(await renderPdf(JAPANESE), 300)],
      ['french-letter', top(await renderPdf(FRENCH), 330)],
      ['traditional-chinese-letter', top(await renderPdf(TRADITIONAL_CHINESE), 320)],
    ];
    expect(referenceFailures(FIXTURES, pictures)).toEqual([]);
  });
});

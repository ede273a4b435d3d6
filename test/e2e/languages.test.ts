import { inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { languageTable } from '../../src/core/letter/languages.js';
import { labelled } from '../../src/render/document/view.js';
import { expectCleanError, runInMemory } from '../helpers/cli.js';
import { readPdf, type PdfPage, type ReadPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

type Format = 'pdf' | 'html' | 'md' | 'txt';

/** Render one letter in a format; the PDF's text as pdf.js reads it back, the others as written. */
async function render(yaml: string, format: Format, args: string[] = []): Promise<{ text: string; pdf?: ReadPdf; bytes: Buffer }> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  const r = await runInMemory(['render', 'l', '--format', format, '-o', '-', ...args], { cwd });
  expect(r.code, r.stderr).toBe(0);
  if (format !== 'pdf') return { text: r.stdout, bytes: r.bytes };
  const pdf = await readPdf(r.bytes);
  return { text: pdf.text, pdf, bytes: r.bytes };
}

/**
 * The characters the PDF's fonts say their drawn glyphs stand for (their ToUnicode maps; a
 * subset font holds only the glyphs drawn). pdf.js reads every kind of space back as " ", so
 * this is where a no-break space shows.
 */
function drawnCharacters(pdf: Buffer): Set<string> {
  const chars = new Set<string>();
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let text: string;
    try {
      text = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    if (!text.includes('beginbfrange')) continue;
    for (const hex of text.matchAll(/<([0-9a-f]{4})>/gi)) chars.add(String.fromCharCode(Number.parseInt(hex[1]!, 16)));
  }
  return chars;
}

/** Text with its line breaks, no-break spaces and HTML entities for quotes as spaces and marks, for finding phrases. */
const flat = (text: string): string =>
  text
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/[\s\u00a0\u202f]+/g, ' ');

/** The lines of a PDF page as drawn: items on one baseline joined, top to bottom. */
function pageLines(page: PdfPage): { y: number; text: string }[] {
  const lines: { y: number; text: string }[] = [];
  for (const item of page.items) {
    const line = lines.find((l) => Math.abs(l.y - item.y) < 1);
    if (line) line.text += item.text;
    else lines.push({ y: item.y, text: item.text });
  }
  return lines.sort((a, b) => b.y - a.y);
}

describe('typographic quotes in every printed field, in every format', () => {
  // Each field holds an apostrophe and a quoted word, labelled so each is found on its own.
  const letter = (template: string): string => `title: Title's "word"
subtitle: Subtitle's "word"
template: ${template}
subject: Subject's "word"
salutation: Salutation's "word",
place: Place's "word"
date: 2026-03-02
recipient:
  name: Name's "word"
  honorific: Honorific's "word"
  title: RecipientTitle's "word"
  organization: RecipientOrg's "word"
  address: [Address's "word"]
cc: [Cc's "word"]
individuals_note: Note's "word"
issues:
  - title: Issue's "word"
    body: Body's "word"
signoff: Signoff's "word"
signatory_layout: blocks
signatories:
  - organization: Org's "word"
    name: Signer's "word"
    title: SignerTitle's "word"
    country: Country's "word"
    group: Group's "word"
  - name: Person's "word"
    affiliation: Affiliation's "word"
    group: Group's "word"
`;
  const EVERYWHERE = [
    'Subject',
    'Salutation',
    'Place',
    'Name',
    'Honorific',
    'RecipientTitle',
    'RecipientOrg',
    'Note',
    'Issue',
    'Body',
    'Signoff',
    'Cc',
    'Org',
    'Signer',
    'SignerTitle',
    'Country',
    'Group',
    'Person',
    'Affiliation',
  ];
  // formal prints the address block and the title only where a format has a place for it (HTML, Markdown);
  // open-letter prints the title and subtitle, and the addressee in its "To" line, without the address.
  const PRINTS: Record<string, Record<Format, string[]>> = {
    formal: {
      pdf: [...EVERYWHERE, 'Address'],
      html: [...EVERYWHERE, 'Address', 'Title'],
      md: [...EVERYWHERE, 'Address', 'Title'],
      txt: [...EVERYWHERE, 'Address'],
    },
    'open-letter': {
      pdf: [...EVERYWHERE, 'Title', 'Subtitle'],
      html: [...EVERYWHERE, 'Title', 'Subtitle'],
      md: [...EVERYWHERE, 'Title', 'Subtitle'],
      txt: [...EVERYWHERE, 'Title', 'Subtitle'],
    },
  };

  for (const template of ['formal', 'open-letter']) {
    for (const format of ['pdf', 'html', 'md', 'txt'] as const) {
      test(`${template}, ${format}`, async () => {
        const { text, pdf } = await render(letter(template), format);
        const printed = flat(text);
        for (const field of PRINTS[template]![format]) expect(printed, field).toContain(`${field}’s “word”`);
        // No straight quote is left in any of them.
        expect(printed).not.toMatch(/[A-Za-z]'s|"word"/);
        if (pdf) expect(pdf.info['Title']).toBe('Title’s “word”');
      });
    }
  }

  test('who signed and the fingerprint are taken from the file as typed', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('formal') });
    const r = await runInMemory(['export', 'l', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Org\'s \\"word\\"');
    expect(r.stdout).not.toContain('’');
  });
});

describe('French spacing', () => {
  const french = `title: Pourquoi maintenant ?
template: open-letter
lang: fr
subject: la réforme ; enfin
salutation: Madame la Ministre,
intro: |
  ${'Nous demandons « une réponse » : pourquoi ? Il le faut ! '.repeat(12)}
groups: ['Associations signataires :']
signatories:
  - organization: Ligue des droits de l’Homme
    group: 'Associations signataires :'
`;

  test('the PDF holds the no-break spaces, and no line starts with : ; ! ? » nor ends with «', async () => {
    const { text, pdf, bytes } = await render(french, 'pdf');
    expect(flat(text)).toContain('Pourquoi maintenant ?');
    expect(flat(text)).toContain('« une réponse » : pourquoi ? Il le faut !');
    const drawn = drawnCharacters(bytes);
    expect(drawn.has('\u00a0')).toBe(true);
    expect(drawn.has('\u202f')).toBe(true);
    // Swiss French draws none (its subject label aside, whose no-break space is in the row).
    const swiss = drawnCharacters((await render(french.replace('lang: fr', 'lang: fr-CH').replace('subject:', '# subject:'), 'pdf')).bytes);
    expect(swiss.has('\u00a0') || swiss.has('\u202f')).toBe(false);
    const lines = pdf!.pages.flatMap(pageLines).map((l) => l.text);
    // The intro wraps over several lines, so its marks meet many line ends.
    expect(lines.filter((l) => l.includes('réponse')).length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line).not.toMatch(/^\s*[:;!?»]/);
      expect(line).not.toMatch(/«\s*$/);
    }
  });

  test('text output, where a plain space would let the colon wrap alone, keeps it with its word', async () => {
    const { text } = await render(french, 'txt');
    expect(text).toContain('signataires\u00a0:');
    for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*[:;!?»]/);
    // And Swiss French keeps what was typed.
    const swiss = await render(french.replace('lang: fr', 'lang: fr-CH'), 'txt');
    expect(swiss.text).toContain('signataires :');
    expect(swiss.text).toContain('« une réponse » : pourquoi ? Il le faut !');
  });
});

describe('a Japanese letter', () => {
  const counters = Array.from({ length: 30 }, (_, i) => `${'あ'.repeat(i % 9)}1355人`).join('、');
  const fax = `title: ネグロス島の人権状況に関する要請書
lang: ja
date: 2005-03-01
place: 東京
recipient:
  name: 小泉純一郎
  title: 内閣総理大臣
  honorific: 殿
salutation: 拝啓
intro: |
  私たちは、フィリピン・ネグロス島の人権状況について深く憂慮しています。${counters}。
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
  - name: 佐藤一郎
    affiliation: 東京大学
`;

  test('PDF: 殿 after name and title, name（affiliation）, the date after the body, "1355人" whole', async () => {
    const { pdf } = await render(fax, 'pdf');
    const lines = pdf!.pages.flatMap(pageLines);
    const texts = lines.map((l) => l.text.trim());
    expect(texts[0]).toBe('内閣総理大臣 小泉純一郎 殿');
    expect(texts).toContain('秋山眞兄（日本ネグロス・キャンペーン委員会）');
    expect(texts).toContain('山田花子（アジア太平洋資料センター 代表）');
    expect(texts).toContain('佐藤一郎（東京大学）');
    // The date (and place) come after the body and the signoff, before the signatures.
    const at = (s: string): number => texts.findIndex((t) => t.includes(s));
    expect(at('2005年3月1日 東京')).toBeGreaterThan(at('以上、要請いたします。'));
    expect(at('2005年3月1日 東京')).toBeGreaterThan(at('敬具'));
    expect(at('2005年3月1日 東京')).toBeLessThan(at('秋山眞兄'));
    expect(lines[at('2005年3月1日')]!.y).toBeLessThan(lines[at('敬具')]!.y);
    // Thirty "1355人", wherever they fall, each whole on its line; the intro did wrap.
    expect(texts.filter((t) => t.includes('1355')).length).toBeGreaterThan(2);
    expect(texts.join('\n').match(/1355人/g)).toHaveLength(30);
    for (const t of texts) expect(t).not.toMatch(/\d$|^[、。）」]/);
  });

  test('an honorific that is not text is refused at its place', async () => {
    const cwd = testdir({ 'letters/l.yaml': fax.replace('honorific: 殿', 'honorific: [殿]') });
    expectCleanError(await runInMemory(['check'], { cwd }), 1, /^letters: letters\/l\.yaml:8:14: .*honorific/m);
  });

  for (const format of ['html', 'md', 'txt'] as const) {
    test(`${format}: the same order and brackets`, async () => {
      const printed = flat((await render(fax, format)).text);
      const order = [
        '内閣総理大臣 小泉純一郎 殿',
        '拝啓',
        '以上、要請いたします。',
        '敬具',
        '2005年3月1日 東京',
        '秋山眞兄（日本ネグロス・キャンペーン委員会）',
      ];
      let from = -1;
      for (const part of order) {
        const at = printed.indexOf(part, from + 1);
        expect(at, `${part} after ${from} in ${printed.slice(0, 400)}`).toBeGreaterThan(from);
        from = at;
      }
      expect(printed).toContain('佐藤一郎（東京大学）');
    });
  }
});

describe('each language row prints its own labels', () => {
  const LANGS = ['zh', 'zh-Hant', 'ja', 'ko', 'ar', 'he', 'fa', 'ru', 'uk', 'tr', 'sw', 'hi', 'id'];
  const letter = (lang: string): string => `title: T
template: open-letter
lang: ${lang}
recipient:
  name: Jane Doe
subject: S
salutation: ""
cc: [C]
signatories:
  - organization: O
  - name: P
    affiliation: A
`;

  for (const lang of LANGS) {
    test(lang, async () => {
      const row = languageTable(lang);
      // "件名：S" but "Тема: S": no space after a full-width colon.
      const expected = [
        row.toLine('Jane Doe'),
        labelled(row.subject, 'S'),
        labelled(row.cc, 'C'),
        row.organizations,
        row.individuals,
        row.individualsNote,
      ];
      if (['zh', 'zh-Hant', 'ja'].includes(lang)) expect(labelled(row.subject, 'S')).toMatch(/：S$/);
      for (const format of ['html', 'txt'] as const) {
        const printed = flat((await render(letter(lang), format)).text);
        for (const label of expected) expect(printed, `${lang} ${format}`).toContain(flat(label).trim());
      }
      // The PDF too, read back, but where pdf.js gives the characters in visual order: right-to-left
      // text, and Devanagari's vowel signs drawn before their consonant.
      if (!['ar', 'he', 'fa', 'hi'].includes(lang)) {
        const { text, pdf } = await render(letter(lang), 'pdf');
        const printed = flat(text);
        for (const label of expected) expect(printed, `${lang} pdf`).toContain(flat(label).trim());
        expect(pdf!.info['Subject']).toBe(row.letterTo('Jane Doe'));
      }
    });
  }
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'domhandler';
import { parseDocument, DomUtils } from 'htmlparser2';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { escapeMarkdown } from '../../src/core/text/markdown-escape.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { buildDocument, directionOf } from '../../src/render/document/document.js';
import { smartQuotes } from '../../src/render/document/typography.js';
import { languageTable } from '../../src/core/letter/languages.js';
import { FORMATS, formatOfPath } from '../../src/render/writers/formats.js';
import { MARKDOWN_MARK } from '../../src/render/writers/writer.js';
import type { TemplateSource } from '../../src/render/document/template.js';
import { buildTree, treeText } from '../../src/render/document/tree.js';
import { documentHtml } from '../../src/render/writers/html.js';
import { documentMarkdown } from '../../src/render/writers/markdown.js';
import { columns, documentText, wrap } from '../../src/render/writers/text.js';
import { ROOT } from '../helpers/cli.js';

const formal: TemplateSource = {
  name: 'formal',
  file: 'templates/formal.hbs',
  text: readFileSync(path.join(ROOT, 'templates/formal.hbs'), 'utf8'),
};
const visit = readFileSync(path.join(ROOT, 'test/fixtures/formats/visit.yaml'), 'utf8');
const doc = (source: string) => buildDocument(parseLetter(source, 'l.yaml').letter, formal);

/** GitHub renders Markdown with raw HTML allowed (then sanitized); allowing it here is the stricter test. */
const github = new MarkdownIt('default', { html: true, linkify: true });

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[x](https://e.org/"><script>alert(2)</script>)',
  '*Bold* [x](javascript:alert(3)) <b>b</b> &amp; `code` _u_ ~~s~~ | a | b |',
  '<a href="javascript:alert(4)">link</a>',
  '# not a heading',
  '- not a list',
  '1986. not a list',
];

/** Every user-written field, each set in turn to a payload. */
const FIELDS: { name: string; letter: (v: string) => string; markdown: boolean }[] = [
  { name: 'title', letter: (v) => base({ title: v }), markdown: false },
  { name: 'recipient.name', letter: (v) => base({ to: v }), markdown: false },
  { name: 'recipient.title', letter: (v) => base({ toTitle: v }), markdown: false },
  { name: 'recipient.organization', letter: (v) => base({ toOrg: v }), markdown: false },
  { name: 'recipient.address', letter: (v) => base({ address: v }), markdown: false },
  { name: 'salutation', letter: (v) => base({ salutation: v }), markdown: false },
  { name: 'intro', letter: (v) => base({ intro: v }), markdown: true },
  { name: 'issues.title', letter: (v) => base({ issueTitle: v }), markdown: false },
  { name: 'issues.body', letter: (v) => base({ issueBody: v }), markdown: true },
  { name: 'closing', letter: (v) => base({ closing: v }), markdown: true },
  { name: 'signoff', letter: (v) => base({ signoff: v }), markdown: false },
  { name: 'signatories.organization', letter: (v) => base({ org: v }), markdown: false },
  { name: 'signatories.name', letter: (v) => base({ signer: v }), markdown: false },
  { name: 'signatories.title', letter: (v) => base({ signerTitle: v }), markdown: false },
];

function base(v: Record<string, string>): string {
  const q = (s: string | undefined, fallback: string): string => JSON.stringify(s ?? fallback);
  return [
    `title: ${q(v['title'], 'T')}`,
    'recipient:',
    `  name: ${q(v['to'], 'R')}`,
    `  title: ${q(v['toTitle'], 'RT')}`,
    `  organization: ${q(v['toOrg'], 'RO')}`,
    `  address: [${q(v['address'], 'A1')}]`,
    `salutation: ${q(v['salutation'], 'Dear R,')}`,
    `intro: ${q(v['intro'], 'Intro.')}`,
    'issues:',
    `  - title: ${q(v['issueTitle'], 'Issue')}`,
    `    body: ${q(v['issueBody'], 'Body.')}`,
    `closing: ${q(v['closing'], 'Closing.')}`,
    `signoff: ${q(v['signoff'], 'Sincerely,')}`,
    'signatories:',
    `  - organization: ${q(v['org'], 'Org')}`,
    `    name: ${q(v['signer'], 'Signer')}`,
    `    title: ${q(v['signerTitle'], 'Director')}`,
    '',
  ].join('\n');
}

/** What a browser would run or fetch: scripts, images, handlers, links other than http(s)/mailto. */
function dangers(html: string): string[] {
  const dom = parseDocument(html);
  const found: string[] = [];
  for (const el of DomUtils.findAll(() => true, dom.children) as Element[]) {
    if (['script', 'img', 'iframe', 'object', 'embed', 'svg', 'form', 'link', 'base'].includes(el.name)) found.push(`<${el.name}>`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(attr)) found.push(`${el.name}[${attr}]`);
      if ((attr === 'href' || attr === 'src') && !/^(https?:|mailto:)/i.test(value)) found.push(`${el.name}[${attr}=${value}]`);
    }
  }
  return found;
}

const textOf = (html: string): string => DomUtils.textContent(parseDocument(html)).replace(/\s+/g, ' ');

describe('every user-written field is text in HTML and Markdown, never markup', () => {
  for (const field of FIELDS) {
    test.each(PAYLOADS)(`${field.name}: %s`, (payload) => {
      const document = doc(field.letter(payload));
      const html = documentHtml(document, 'letters test');
      expect(dangers(html)).toEqual([]);
      const fromMarkdown = github.render(documentMarkdown(document));
      expect(dangers(fromMarkdown)).toEqual([]);
      if (!field.markdown) {
        // A plain field prints as typed, in both formats, but for its straight quotes (typography.ts).
        const expected = smartQuotes(payload.replace(/\s+/g, ' '), languageTable('en').quotes);
        expect(textOf(html)).toContain(expected);
        expect(textOf(fromMarkdown)).toContain(expected);
      }
    });
  }

  test('a Markdown field keeps its own links to safe addresses and drops unsafe ones', () => {
    const document = doc(base({ intro: 'See [the report](https://example.org/r) and [this](javascript:alert(1)).' }));
    const html = documentHtml(document, 'letters test');
    expect(html).toContain('<a href="https://example.org/r">the report</a>');
    expect(textOf(html)).toContain('[this](javascript:alert(1))');
    const md = documentMarkdown(document);
    expect(md).toContain('[the report](<https://example.org/r>)');
    expect(github.render(md)).toContain('<a href="https://example.org/r">the report</a>');
  });

  test('escapeMarkdown: a name with Markdown syntax prints literally', () => {
    const name = '*Bold* [x](javascript:alert(1)) <i>i</i> & 5 > 4';
    const html = github.render(escapeMarkdown(name));
    expect(textOf(html).trim()).toBe(name);
    expect(html).not.toMatch(/<(em|strong|a|i)\b/);
  });
});

describe('HTML', () => {
  const html = documentHtml(doc(visit), 'letters 9.9.9');
  const dom = parseDocument(html);
  const find = (name: string) => DomUtils.findAll((e) => e.name === name, dom.children);

  test('one self-contained page: lang and dir, title, generator, no script, no external reference', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
    expect(DomUtils.textContent(find('title')[0]!)).toBe('Water rights on the Minister’s visit');
    expect(html).toContain('<meta name="generator" content="letters 9.9.9">');
    expect(find('script')).toHaveLength(0);
    expect(find('link')).toHaveLength(0);
    expect(html).not.toMatch(/url\(|@import|src=/);
    expect(html).toContain("default-src 'none'");
  });

  test('semantic elements: article, address, a heading, the issues as a list, signatories as a list', () => {
    expect(find('article')).toHaveLength(1);
    expect(DomUtils.textContent(find('address')[0]!)).toContain('Minister Jane Doe');
    expect(find('h1').map((h) => DomUtils.textContent(h))).toEqual(['Water rights on the Minister’s visit']);
    const lists = find('ul') as Element[];
    // Organizations and an individual: two sections, each its own list.
    expect(lists.map((l) => l.attribs['class'])).toEqual(['issues', 'signatories', 'signatories']);
    expect(lists.slice(1).flatMap((l) => DomUtils.findAll((e) => e.name === 'li', [l]).map((li) => DomUtils.textContent(li)))).toEqual([
      'Jean-François Dubois\nCoordinator\nNorthern Valleys Water Coalition',
      'Katarzyna Wiśniewska\nPresident\nFundacja Praw Rolników',
      'Dr. Amara Okafor',
    ]);
  });

  test('the print stylesheet follows the paper and the class table', () => {
    expect(html).toContain('@page { size: letter; margin: 72pt;');
    expect(documentHtml(doc(`${visit}paper: a4\n`), 'letters')).toContain('@page { size: A4;');
    expect(html).toMatch(/\.signoff \{[^}]*break-after: avoid/);
    expect(html).toMatch(/\.signatories > li \{ break-inside: avoid; \}/);
    expect(html).toContain('data-columns="2"');
  });

  test("a template's lang on a span reaches the page", () => {
    const template: TemplateSource = { name: 't', file: 't.hbs', text: '<p>To <span lang="ja">{{recipient.name}}</span></p>' };
    const letter = parseLetter('title: T\nrecipient:\n  name: 山田花子\n', 'l.yaml').letter;
    expect(documentHtml(buildDocument(letter, template), 'letters')).toContain('<p>To <span lang="ja">山田花子</span></p>');
  });

  test('a right-to-left language sets dir="rtl"', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('he-IL')).toBe('rtl');
    expect(directionOf('az-Arab')).toBe('rtl');
    expect(directionOf('fr')).toBe('ltr');
    expect(documentHtml(doc(visit.replace('lang: en', 'lang: ar')), 'letters')).toMatch(/<html lang="ar" dir="rtl">/);
  });
});

describe('Markdown', () => {
  const md = documentMarkdown(doc(visit));

  test('starts with the marker; headings, lists and hard breaks in CommonMark', () => {
    expect(md.split('\n')[0]).toBe(MARKDOWN_MARK);
    expect(md).toContain('\n# Water rights on the Minister’s visit\n');
    expect(md).toContain('Minister Jane Doe\\\nMinister of Water\\\n');
    expect(md).toContain('- **Water allocation.** Publish');
    expect(md).toContain('* Jean-François Dubois\\\n  Coordinator\\\n  Northern Valleys Water Coalition');
  });

  test('a round trip through markdown-it gives the same text, block by block', () => {
    const document = doc(visit);
    const back = buildTree(github.render(md).replace(/<!--[\s\S]*?-->/, ''), 'round-trip');
    const original = [document.title, ...treeText(document.blocks)].join('').replace(/\s+/g, ' ');
    expect([...treeText(back)].join('').replace(/\s+/g, ' ')).toBe(original);
    // The lists stay lists: the issues, the organizations and the individuals.
    expect(back.filter((b) => b.kind === 'list')).toHaveLength(3);
  });
});

describe('plain text', () => {
  const text = documentText(doc(visit));
  const lines = text.split('\n');

  test('wrapped at 72 columns, except a URL longer than a line, which stands whole', () => {
    const url = 'https://example.org/reports/2026/dry-fields/annex-with-a-very-long-name.pdf';
    expect(lines).toContain(url);
    for (const line of lines) if (line !== url) expect(columns(line), line).toBeLessThanOrEqual(72);
    expect(lines.some((l) => columns(l) > 60)).toBe(true);
  });

  test('wide characters count two columns and break between characters', () => {
    expect(columns('二〇二六')).toBe(8);
    const wrapped = wrap('あ'.repeat(50), 72);
    expect(wrapped).toEqual(['あ'.repeat(36), 'あ'.repeat(14)]);
    const japanese = lines.filter((l) => /[\u3040-\u30ff]/.test(l));
    expect(japanese.length).toBeGreaterThan(1);
    for (const l of japanese) expect(columns(l)).toBeLessThanOrEqual(72);
  });

  test('issues as a list with hanging indents, signatories one block each, a link with its address', () => {
    expect(text).toContain('- Water allocation. Publish the allocation criteria');
    expect(lines.find((l) => l.startsWith('  ') && /quota/.test(l))).toBeDefined();
    expect(text).toContain('\n\nJean-François Dubois\nCoordinator\nNorthern Valleys Water Coalition\n\nKatarzyna Wiśniewska\n');
    expect(text).toContain('https://example.org/dry-fields');
    expect(text).not.toMatch(/[*_<>]{2}/);
  });
});

describe('the table of formats', () => {
  test('extensions name formats', () => {
    expect(formatOfPath('a/b.HTML')).toBe('html');
    expect(formatOfPath('x.htm')).toBe('html');
    expect(formatOfPath('x.markdown')).toBe('md');
    expect(formatOfPath('x.docx')).toBeUndefined();
  });

  test('each format knows its own earlier output, and only that', () => {
    const d = doc(visit);
    const html = Buffer.from(documentHtml(d, 'letters 1.0.0'));
    const md = Buffer.from(documentMarkdown(d));
    const txt = Buffer.from(documentText(d));
    const other = Buffer.from('<!DOCTYPE html><html><head><meta name="generator" content="Hugo"></head></html>');
    expect(FORMATS.html.isOwn(html, html)).toBe(true);
    expect(FORMATS.html.isOwn(other, html)).toBe(false);
    expect(FORMATS.md.isOwn(md, md)).toBe(true);
    expect(FORMATS.md.isOwn(Buffer.from('# My notes\n'), md)).toBe(false);
    expect(FORMATS.txt.isOwn(txt, txt)).toBe(true);
    expect(FORMATS.txt.isOwn(Buffer.from('shopping list\n'), txt)).toBe(false);
    // Only the very text: a file that starts with the recipient's name is no earlier output.
    expect(FORMATS.txt.isOwn(Buffer.from(`${txt.toString().split('\n')[0]}\nmy notes\n`), txt)).toBe(false);
    // Only a PDF whose producer is letters, not any PDF.
    expect(FORMATS.pdf.isOwn(Buffer.from('%PDF-1.7\n'), Buffer.alloc(0))).toBe(false);
    expect(FORMATS.pdf.isOwn(Buffer.from('%PDF-1.7\n1 0 obj\n(letters 1.0.0)\nendobj\n'), Buffer.alloc(0))).toBe(true);
    expect(FORMATS.png.isOwn(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(0))).toBe(false);
  });
});

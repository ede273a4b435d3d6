import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadFonts } from '../../src/io/fonts.js';
import { PRIMARY } from '../../src/render/inline/font-list.js';
import type { Fonts } from '../../src/render/inline/fonts.js';
import {
  TESTED_PDFKIT,
  batchPageContent,
  checkEmbeddedFont,
  checkFontLayout,
  checkPageMarkings,
  checkParsedFont,
  checkXmpInfo,
  continueOnNewPageAfter,
  drawGlyphs,
  embedShapedFont,
  replaceXmpInfo,
} from '../../src/render/pdf/pdfkit-adapter.js';
import { ROOT } from '../helpers/cli.js';

/*
 * The four reaches into pdfkit's private parts, each checked: on the installed pdfkit every
 * check passes, and against a stand-in lacking the internal it fails naming the installed
 * version, what is gone, what letters needs it for and the version letters is tested with.
 */

const installed = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/pdfkit/package.json'), 'utf8')) as { version: string }).version;

const failure = (missing: string, purpose: string): string =>
  `pdfkit ${installed} no longer ${missing}, which letters needs ${purpose}; letters is tested with pdfkit ${TESTED_PDFKIT}`;

const XMP = 'to write the PDF/A document information as escaped XMP';
const MARKINGS = "to carry marked content across pages while a page's footnotes are drawn";
const LAYOUT = 'to draw the glyphs letters shaped itself (script, direction, fallback fonts)';
const PARSED = 'to embed the very fonts it measured and shaped with';
const OUTLINE = "to draw a glyph that stands for no text (an Arabic letter's dots) as an outline, once per document";
const TEXT = 'to give each glyph drawn the text it stands for (copy, search, screen readers)';

const fn = (): void => {};

let fonts: Fonts;
beforeAll(() => {
  fonts = loadFonts();
});

const newDocument = (): PDFKit.PDFDocument => new PDFDocument({ tagged: true, pdfVersion: '1.7' });

test('letters is tested with the pdfkit that is installed', () => {
  expect(TESTED_PDFKIT).toBe(installed);
});

describe('_addInfo, replaced for PDF/A', () => {
  test('the installed pdfkit has it and appendXML', () => {
    const doc = newDocument();
    expect(() => checkXmpInfo(doc)).not.toThrow();
    replaceXmpInfo(doc, '<rdf:Description rdf:about="">letters</rdf:Description>');
    const xml: string[] = [];
    (doc as unknown as { appendXML(s: string): void }).appendXML = (s) => xml.push(s);
    (doc as unknown as { _addInfo(): void })._addInfo();
    expect(xml).toEqual(['<rdf:Description rdf:about="">letters</rdf:Description>']);
  });

  test('without it, or without appendXML, the failure names what is missing', () => {
    expect(() => checkXmpInfo({ appendXML: fn })).toThrow(failure('has PDFDocument.prototype._addInfo', XMP));
    expect(() => checkXmpInfo({ _addInfo: fn })).toThrow(failure('has PDFDocument.prototype.appendXML', XMP));
    expect(() => replaceXmpInfo({ appendXML: fn } as never, '')).toThrow(failure('has PDFDocument.prototype._addInfo', XMP));
  });
});

describe('endPageMarkings, initPageMarkings and page._options, for a page turn with notes', () => {
  test('the installed pdfkit has them: marked content open on one page is reopened on the next', () => {
    const doc = newDocument();
    expect(() => checkPageMarkings(doc)).not.toThrow();
    doc.markContent('Span');
    let between = 0;
    continueOnNewPageAfter(doc, () => between++);
    expect(between).toBe(1);
    expect((doc.page as unknown as { markings: { tag: string }[] }).markings.map((m) => m.tag)).toEqual(['Span']);
  });

  test('without any of them, the failure names the one missing, before anything is drawn', () => {
    const page = { _options: {} };
    expect(() => checkPageMarkings({ initPageMarkings: fn, page })).toThrow(failure('has PDFDocument.prototype.endPageMarkings', MARKINGS));
    expect(() => checkPageMarkings({ endPageMarkings: fn, page })).toThrow(failure('has PDFDocument.prototype.initPageMarkings', MARKINGS));
    expect(() => checkPageMarkings({ endPageMarkings: fn, initPageMarkings: fn, page: {} })).toThrow(
      failure('has PDFPage._options', MARKINGS),
    );
    let between = 0;
    expect(() => continueOnNewPageAfter({ initPageMarkings: fn, page } as never, () => between++)).toThrow(
      failure('has PDFDocument.prototype.endPageMarkings', MARKINGS),
    );
    expect(between).toBe(0);
  });
});

describe("a font's layout, replaced: letters writes the glyphs it shaped itself", () => {
  test("the installed pdfkit's layout of the current font is never used: it throws", () => {
    const doc = newDocument();
    const face = fonts.shaper.face(PRIMARY, false, false);
    embedShapedFont(doc, face.key, face.font);
    expect(() => checkFontLayout(doc)).not.toThrow();
    expect(() => (doc as unknown as { _font: { layout(): unknown } })._font.layout()).toThrow(/draws the glyphs of .* itself/);
  });

  test('without a current font, or without its layout method, the failure names it', () => {
    expect(() => checkFontLayout({})).toThrow(failure('has PDFDocument._font, the current font', LAYOUT));
    expect(() => checkFontLayout({ _font: { font: {} } })).toThrow(
      failure('has a layout method on its fonts (PDFDocument._font.layout)', LAYOUT),
    );
  });
});

describe("each glyph's own CID: the embedded font's subset, ToUnicode entries and widths", () => {
  test('the installed pdfkit has them, and the embedded program is as wide per CID as /W says', async () => {
    const doc = newDocument();
    const face = fonts.shaper.face(PRIMARY, false, false);
    embedShapedFont(doc, face.key, face.font);
    expect(() => checkEmbeddedFont(doc)).not.toThrow();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', resolve));
    doc.font(face.key).fontSize(12);
    const glyph = face.font.glyphForCodePoint(0x61);
    // The same glyph as itself, then as other text and wider: a CID of its own.
    drawGlyphs(doc, 12, 72, 72, [
      { glyph, text: 'a', x: 0, y: 0, advance: 500 },
      { glyph, text: 'ab', x: 600, y: 0, advance: 500, width: 900 },
    ]);
    const font = (doc as unknown as { _font: { subset: { glyphs: number[] }; unicode: number[][]; widths: number[] } })._font;
    const cids = font.subset.glyphs.flatMap((id, cid) => (id === glyph.id ? [cid] : []));
    expect(cids).toHaveLength(2);
    expect(cids.map((cid) => font.unicode[cid])).toEqual([[0x61], [0x61, 0x62]]);
    expect(font.widths[cids[1]!]).toBe(900);
    doc.end();
    await done;
    const { create } = await import('fontkit');
    const embedded = (doc as unknown as { _font: { subset: { encode(): Uint8Array } } })._font.subset.encode();
    const program = create(Buffer.from(embedded)) as unknown as { unitsPerEm: number; getGlyph(id: number): { advanceWidth: number } };
    expect(Math.round((program.getGlyph(cids[1]!).advanceWidth * 1000) / program.unitsPerEm)).toBe(900);
    expect(Math.round((program.getGlyph(cids[0]!).advanceWidth * 1000) / program.unitsPerEm)).toBe(Math.round(font.widths[cids[0]!]!));
    expect(Buffer.concat(chunks).length).toBeGreaterThan(0);
  });

  test('a glyph set apart is shown alone, at twice or four times the size in a text matrix scaled back as much', () => {
    const doc = newDocument();
    const face = fonts.shaper.face(PRIMARY, false, false);
    embedShapedFont(doc, face.key, face.font);
    doc.font(face.key).fontSize(10);
    const content: string[] = [];
    const add = doc.addContent.bind(doc);
    doc.addContent = (ops: string) => {
      content.push(ops);
      return add(ops);
    };
    const glyph = face.font.glyphForCodePoint(0x61);
    const mark = face.font.glyphForCodePoint(0x301);
    drawGlyphs(doc, 10, 100, 200, [
      { glyph, text: 'a', x: 500, y: 0, advance: 500 },
      { glyph: mark, text: '\u0301', x: 500, y: 30, advance: 0, apart: true },
      { glyph: mark, text: '\u0300', x: 500, y: 0, advance: 0, apart: true },
      { glyph, text: 'b', x: 0, y: 0, advance: 500 },
    ]);
    const id = (doc as unknown as { _font: { id: string } })._font.id;
    const ops = content.join('\n').split('\n');
    expect(ops[0]).toBe(`BT /${id} 10 Tf 1 0 0 -1 100 200 Tm`);
    expect(ops[2]).toMatch(new RegExp(`^/${id} 20 Tf 0\\.5 0 0 -0\\.5 105 199\\.7 Tm <[0-9a-f]{4}> Tj$`));
    expect(ops[3]).toMatch(new RegExp(`^/${id} 40 Tf 0\\.25 0 0 -0\\.25 105 200 Tm <[0-9a-f]{4}> Tj$`));
    expect(ops[4]).toBe(`/${id} 10 Tf 1 0 0 -1 100 200 Tm`);
    expect(ops[5]).toMatch(/^\[<[0-9a-f]{4}>\] TJ$/);
    doc.end();
  });

  test('without them, the failure names what is gone', () => {
    expect(() => checkEmbeddedFont({ _font: { font: {}, layout: fn } })).toThrow(failure('has PDFDocument._font.id and .ref()', TEXT));
    expect(() => checkEmbeddedFont({ _font: { font: {}, layout: fn, id: 'F1', ref: fn } })).toThrow(
      failure("has the font's fontkit subset (_font.subset)", TEXT),
    );
    expect(() =>
      checkEmbeddedFont({ _font: { font: {}, layout: fn, id: 'F1', ref: fn, subset: { glyphs: [], includeGlyph: fn } } }),
    ).toThrow(failure('keeps ToUnicode entries and widths per CID (_font.unicode, _font.widths)', TEXT));
    const font = { directory: { tables: { glyf: {} } } };
    const subset = { glyphs: [], includeGlyph: fn };
    expect(() => checkEmbeddedFont({ _font: { font, layout: fn, id: 'F1', ref: fn, subset, unicode: [], widths: [] } })).toThrow(
      failure("has the page's XObject resources (page.xobjects)", OUTLINE),
    );
    const page = { xobjects: {} };
    expect(() => checkEmbeddedFont({ page, _font: { font, layout: fn, id: 'F1', ref: fn, subset, unicode: [], widths: [] } })).toThrow(
      failure("writes a TrueType subset's glyphs one by one (_font.subset._addGlyph)", TEXT),
    );
  });
});

describe('a parsed fontkit font given to registerFont', () => {
  test('the installed pdfkit embeds the very font object it is given', () => {
    const doc = newDocument();
    const face = fonts.shaper.face(PRIMARY, true, false);
    embedShapedFont(doc, face.key, face.font);
    expect(() => checkParsedFont(doc, face.font)).not.toThrow();
  });

  test('a pdfkit that parses the font again, or refuses it, fails naming it', () => {
    const face = fonts.shaper.face(PRIMARY, false, false);
    expect(() => checkParsedFont({ _font: { font: {}, layout: fn } }, face.font)).toThrow(
      failure('takes a parsed fontkit font in registerFont', PARSED),
    );
    const refusing = {
      registerFont: fn,
      font: () => {
        throw new Error('Not a supported font format or standard PDF font.');
      },
    };
    expect(() => embedShapedFont(refusing as never, face.key, face.font)).toThrow(
      failure('takes a parsed fontkit font in registerFont', PARSED),
    );
  });
});

test("no other source file reaches into pdfkit's private parts", () => {
  const reaching = /\._[A-Za-z]|\b(endPageMarkings|initPageMarkings|appendXML|registerFont)\b/;
  const files = (readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.ts') && path.basename(f) !== 'pdfkit-adapter.ts',
  );
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.filter((f) => reaching.test(readFileSync(path.join(ROOT, 'src', f), 'utf8')));
  expect(offenders).toEqual([]);
});

describe("a page's content in one piece", () => {
  /** A small document over three pages: text, colours, an image's bytes written as they are, marked content. */
  function draw(batched: boolean): Promise<Buffer> {
    const doc = new PDFDocument({ tagged: true, pdfVersion: '1.7', info: { CreationDate: new Date(0) } });
    if (batched) batchPageContent(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    for (let page = 0; page < 3; page++) {
      if (page > 0) doc.addPage();
      doc.markContent('P');
      for (let i = 0; i < 40; i++)
        doc
          .fillColor(i % 2 ? '#222' : '#1a0dab')
          .rect(72, 72 + i * 10, 100, 5)
          .fill();
      doc.endMarkedContent();
      // Bytes rather than a string, between strings: written in their place.
      (doc.page as unknown as { write(b: Uint8Array): void }).write(new Uint8Array([0x25, 0x20, 0x62, 0x0a]));
      doc
        .save()
        .lineWidth(page + 1)
        .moveTo(0, 0)
        .lineTo(100, 100)
        .stroke()
        .restore();
    }
    doc.end();
    return done;
  }

  test('the same bytes as pdfkit writes operator by operator', async () => {
    const [plain, batched] = await Promise.all([draw(false), draw(true)]);
    expect(batched.length).toBeGreaterThan(1000);
    expect(batched.equals(plain)).toBe(true);
  });

  test('a pdfkit whose pages have no content stream to write is named', () => {
    const doc = newDocument();
    (doc.page as unknown as { content: unknown }).content = {};
    expect(() => batchPageContent(doc)).toThrow(
      failure("writes a page's content through its stream's write and end (PDFPage.content)", "to write a page's content in one piece"),
    );
  });
});

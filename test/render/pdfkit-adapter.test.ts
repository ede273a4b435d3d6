import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadFonts } from '../../src/io/fonts.js';
import { PRIMARY } from '../../src/render/inline/font-list.js';
import type { Fonts } from '../../src/render/inline/fonts.js';
import type { GlyphRun } from '../../src/render/inline/shape.js';
import {
  TESTED_PDFKIT,
  checkFontLayout,
  checkPageMarkings,
  checkParsedFont,
  checkXmpInfo,
  continueOnNewPageAfter,
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

describe("a font's layout, replaced by the glyph run letters shaped", () => {
  test('the installed pdfkit draws the current font through _font.layout, which now returns the run', () => {
    const doc = newDocument();
    const face = fonts.shaper.face(PRIMARY, false, false);
    const run: GlyphRun = fonts.shaper.shape(face, 'letters', false);
    embedShapedFont(doc, face.key, face.font, () => run);
    expect(() => checkFontLayout(doc)).not.toThrow();
    expect((doc as unknown as { _font: { layout(): GlyphRun } })._font.layout()).toBe(run);
  });

  test('without a current font, or without its layout method, the failure names it', () => {
    expect(() => checkFontLayout({})).toThrow(failure('has PDFDocument._font, the current font', LAYOUT));
    expect(() => checkFontLayout({ _font: { font: {} } })).toThrow(
      failure('has a layout method on its fonts (PDFDocument._font.layout)', LAYOUT),
    );
  });
});

describe('a parsed fontkit font given to registerFont', () => {
  test('the installed pdfkit embeds the very font object it is given', () => {
    const doc = newDocument();
    const face = fonts.shaper.face(PRIMARY, true, false);
    embedShapedFont(doc, face.key, face.font, () => fonts.shaper.shape(face, 'x', false));
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
    expect(() => embedShapedFont(refusing as never, face.key, face.font, () => ({ glyphs: [], positions: [], advanceWidth: 0 }))).toThrow(
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

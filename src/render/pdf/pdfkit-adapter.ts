/*
 * The PDF stage's edge to pdfkit's private parts: the five places where letters reaches past
 * pdfkit's documented API, all here. Each checks, every time it is used (once per document,
 * per font or per page turn, never per glyph), that the internal it needs is what letters
 * expects, and otherwise throws an error naming the installed pdfkit's version and what is
 * missing, rather than failing deep inside pdfkit or writing a broken PDF.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Font } from 'fontkit';
import type { GlyphRun } from '../inline/shape.js';

/** The pdfkit release letters is tested with (package.json pins it). */
export const TESTED_PDFKIT = '0.20.2';

/** pdfkit's document as letters reaches into it: the internals are optional until checked. */
interface Internals {
  _addInfo?: unknown;
  appendXML?: unknown;
  endPageMarkings?: unknown;
  initPageMarkings?: unknown;
  page?: { _options?: unknown };
  _font?: { font?: unknown; layout?: unknown } | null;
  openImage?: unknown;
}

/** An image pdfkit has opened, to be drawn any number of times and embedded once. */
export interface OpenedImage {
  readonly width: number;
  readonly height: number;
}

/** The internals once checked. */
interface Checked {
  _addInfo(): void;
  appendXML(xml: string): void;
  endPageMarkings(page: PDFKit.PDFPage): unknown[];
  initPageMarkings(markings: unknown[]): void;
  addPage(options: unknown): void;
  page: PDFKit.PDFPage & { _options: PDFKit.PDFDocumentOptions };
  _font: { layout: () => GlyphRun };
}

/** The installed pdfkit's version, looked up only to name it in an error. */
function installedPdfkit(): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve('pdfkit'));
    for (;;) {
      const file = path.join(dir, 'package.json');
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'pdfkit' && pkg.version !== undefined) return pkg.version;
      } catch {
        // no package.json here: look further up
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  } catch {
    // pdfkit cannot be found: the message says so below
  }
  return '(of an unknown version)';
}

/** The error for an internal that is not what letters expects: `missing` completes "pdfkit X no longer …". */
function pdfkitChanged(missing: string, purpose: string, cause?: unknown): Error {
  return new Error(
    `pdfkit ${installedPdfkit()} no longer ${missing}, which letters needs ${purpose}; letters is tested with pdfkit ${TESTED_PDFKIT}`,
    cause === undefined ? undefined : { cause },
  );
}

function need(present: boolean, missing: string, purpose: string): void {
  if (!present) throw pdfkitChanged(missing, purpose);
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

const XMP_PURPOSE = 'to write the PDF/A document information as escaped XMP';
const MARKINGS_PURPOSE = "to carry marked content across pages while a page's footnotes are drawn";
const LAYOUT_PURPOSE = 'to draw the glyphs letters shaped itself (script, direction, fallback fonts)';
const PARSED_FONT_PURPOSE = 'to embed the very fonts it measured and shaped with';
const IMAGE_PURPOSE = 'to embed a picture used several times (a logo, the letterhead on every page) once';

/**
 * Open `bytes` (PNG or JPEG) as pdfkit's image object: drawn with `drawOpenedImage` as often as
 * wanted, embedded once. pdfkit caches images by file name only; `openImage` and passing its
 * result to `image` are what it does inside for one.
 */
export function openImage(doc: PDFKit.PDFDocument, bytes: Buffer): OpenedImage {
  const d = doc as unknown as Internals;
  need(isFunction(d.openImage), 'has PDFDocument.prototype.openImage', IMAGE_PURPOSE);
  const image = (d.openImage as (src: Buffer) => OpenedImage)(bytes);
  need(typeof image?.width === 'number' && typeof image.height === 'number', 'opens images with a width and height', IMAGE_PURPOSE);
  return image;
}

/** Draw an image opened by `openImage` at (x, y), `width` × `height` points. */
export function drawOpenedImage(doc: PDFKit.PDFDocument, image: OpenedImage, x: number, y: number, width: number, height: number): void {
  doc.image(image as unknown as Buffer, x, y, { width, height });
}

/** Check the document-information writer PDF/A output replaces: `_addInfo`, and `appendXML` that it writes with. */
export function checkXmpInfo(doc: unknown): void {
  const d = doc as Internals;
  need(isFunction(d._addInfo), 'has PDFDocument.prototype._addInfo', XMP_PURPOSE);
  need(isFunction(d.appendXML), 'has PDFDocument.prototype.appendXML', XMP_PURPOSE);
}

/** Check what continueOnNewPage is made of: `endPageMarkings`, `initPageMarkings` and the page's `_options`. */
export function checkPageMarkings(doc: unknown): void {
  const d = doc as Internals;
  need(isFunction(d.endPageMarkings), 'has PDFDocument.prototype.endPageMarkings', MARKINGS_PURPOSE);
  need(isFunction(d.initPageMarkings), 'has PDFDocument.prototype.initPageMarkings', MARKINGS_PURPOSE);
  need(typeof d.page?._options === 'object' && d.page._options !== null, 'has PDFPage._options', MARKINGS_PURPOSE);
}

/** Check that the current font (`_font`) has the `layout` method pdfkit draws text through. */
export function checkFontLayout(doc: unknown): void {
  const font = (doc as Internals)._font;
  need(typeof font === 'object' && font !== null, 'has PDFDocument._font, the current font', LAYOUT_PURPOSE);
  need(isFunction(font?.layout), 'has a layout method on its fonts (PDFDocument._font.layout)', LAYOUT_PURPOSE);
}

/** Check that the current font is `font` itself: registerFont took the parsed fontkit font as it was given. */
export function checkParsedFont(doc: unknown, font: Font): void {
  need((doc as Internals)._font?.font === font, 'takes a parsed fontkit font in registerFont', PARSED_FONT_PURPOSE);
}

/**
 * Replace pdfkit's XMP document information with `xmp` (see xmp.ts): pdfkit 0.20 writes its
 * own in `_addInfo`, when the document ends, with the text unescaped.
 */
export function replaceXmpInfo(doc: PDFKit.PDFDocument, xmp: string): void {
  checkXmpInfo(doc);
  const d = doc as unknown as Checked;
  d._addInfo = () => d.appendXML(xmp);
}

/**
 * pdfkit's continueOnNewPage with `between` run after this page's marked content is closed
 * and before it is reopened on the next page: what `between` draws (a page's notes) stands
 * outside the body text's marks.
 */
export function continueOnNewPageAfter(doc: PDFKit.PDFDocument, between: () => void): void {
  checkPageMarkings(doc);
  const d = doc as unknown as Checked;
  const markings = d.endPageMarkings(d.page);
  between();
  d.addPage(d.page._options);
  d.initPageMarkings(markings);
}

/**
 * Register `font`, parsed by fontkit for shaping, under `key`, and make it the current font,
 * whose text pdfkit draws as the glyph run `drawing()` returns. pdfkit 0.20 shapes with
 * fontkit but knows no direction or script: its font's `layout` is replaced by one that
 * returns the glyph run letters measured, and pdfkit does the rest (subsetting, the ToUnicode
 * map, links, underline, marked content). Once per font and document.
 */
export function embedShapedFont(doc: PDFKit.PDFDocument, key: string, font: Font, drawing: () => GlyphRun): void {
  // pdfkit takes the fontkit font already parsed for shaping, and makes this PDF's subset from it.
  doc.registerFont(key, font as unknown as Buffer);
  try {
    doc.font(key);
  } catch (err) {
    throw pdfkitChanged('takes a parsed fontkit font in registerFont', PARSED_FONT_PURPOSE, err);
  }
  checkParsedFont(doc, font);
  checkFontLayout(doc);
  (doc as unknown as Checked)._font.layout = drawing;
}

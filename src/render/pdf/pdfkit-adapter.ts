/*
 * The PDF stage's edge to pdfkit's private parts: the places where letters reaches past
 * pdfkit's documented API, all here. Each checks, every time it is used (once per document,
 * per font or per page turn, never per glyph), that the internal it needs is what letters
 * expects, and otherwise throws an error naming the installed pdfkit's version and what is
 * missing, rather than failing deep inside pdfkit or writing a broken PDF.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Font, Glyph } from 'fontkit';
import type { PlacedGlyph } from '../inline/shape.js';
import { withPostHeader, withQuickPostscriptName } from '../inline/font-names.js';
import { num, outlinePath } from './content-ops.js';

/** The pdfkit release letters is tested with (package.json pins it). */
export const TESTED_PDFKIT = '0.20.2';

/** pdfkit's document as letters reaches into it: the internals are optional until checked. */
interface Internals {
  _addInfo?: unknown;
  appendXML?: unknown;
  endPageMarkings?: unknown;
  initPageMarkings?: unknown;
  page?: { _options?: unknown };
  _font?: { font?: unknown; layout?: unknown; id?: unknown; ref?: unknown; subset?: unknown; unicode?: unknown; widths?: unknown } | null;
  openImage?: unknown;
}

/** An image pdfkit has opened, to be drawn any number of times and embedded once. */
export interface OpenedImage {
  readonly width: number;
  readonly height: number;
}

/** pdfkit's embedded font as letters writes its glyphs (see drawGlyphs). */
interface EmbeddedFont {
  id: string;
  font: Font;
  ref(): unknown;
  /** fontkit's subset: the glyphs the embedded font program holds, in order of their CIDs. */
  subset: {
    glyphs: number[];
    includeGlyph(id: number): number;
    _addGlyph?: (id: number) => number;
    hmtx?: { metrics: { advance: number }[] };
  };
  /** Per CID, the code points the ToUnicode map gives for it. */
  unicode: (number[] | undefined)[];
  /** Per CID, its width in 1/1000 of the font size. */
  widths: (number | undefined)[];
  scale: number;
}

/** The internals once checked. */
interface Checked {
  _addInfo(): void;
  appendXML(xml: string): void;
  endPageMarkings(page: PDFKit.PDFPage): unknown[];
  initPageMarkings(markings: unknown[]): void;
  addPage(options: unknown): void;
  page: PDFKit.PDFPage & { _options: PDFKit.PDFDocumentOptions };
  _font: EmbeddedFont & { layout: () => never };
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
const TEXT_PURPOSE = 'to give each glyph drawn the text it stands for (copy, search, screen readers)';
const OUTLINE_PURPOSE = "to draw a glyph that stands for no text (an Arabic letter's dots) as an outline, once per document";
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

/** Check what a glyph's own CID is made of: the font's resource id, its subset, its ToUnicode entries and widths. */
export function checkEmbeddedFont(doc: unknown): void {
  const font = (doc as Internals)._font;
  need(typeof font?.id === 'string' && isFunction(font.ref), 'has PDFDocument._font.id and .ref()', TEXT_PURPOSE);
  const subset = font?.subset as { glyphs?: unknown; includeGlyph?: unknown } | undefined;
  need(Array.isArray(subset?.glyphs) && isFunction(subset?.includeGlyph), "has the font's fontkit subset (_font.subset)", TEXT_PURPOSE);
  need(
    Array.isArray(font?.unicode) && Array.isArray(font?.widths),
    'keeps ToUnicode entries and widths per CID (_font.unicode, _font.widths)',
    TEXT_PURPOSE,
  );
  const page = (doc as { page?: { xobjects?: unknown } }).page;
  need(typeof page?.xobjects === 'object' && page.xobjects !== null, "has the page's XObject resources (page.xobjects)", OUTLINE_PURPOSE);
  const glyf = (font?.font as { directory?: { tables?: Record<string, unknown> } } | undefined)?.directory?.tables?.['glyf'];
  if (glyf !== undefined) {
    need(
      isFunction((subset as { _addGlyph?: unknown })._addGlyph),
      "writes a TrueType subset's glyphs one by one (_font.subset._addGlyph)",
      TEXT_PURPOSE,
    );
  }
}

/**
 * Make the embedded TrueType program's advance of each CID the width the PDF gives it (/W): a
 * glyph copied to span an outline after it, or an empty glyph carrying marks' text, is as wide
 * in the font as in the PDF. MuPDF measures glyphs by the font program, and PDF/A wants the two
 * to agree (ISO 19005-2, 6.2.11.5).
 */
function advancesAsWidths(font: EmbeddedFont): void {
  const subset = font.subset;
  const add = subset._addGlyph;
  if (add === undefined) return;
  subset._addGlyph = function (this: EmbeddedFont['subset'], id: number): number {
    keepDecoded(font.font, id);
    const cid = add.call(this, id);
    const width = font.widths[cid];
    const metric = this.hmtx?.metrics[cid];
    if (width !== undefined && metric !== undefined) metric.advance = Math.round(width / font.scale);
    return cid;
  };
}

/** fontkit's TrueType glyph as the subset reads it: `_decode` reads its outline from the file. */
interface DecodedGlyph {
  _decode?: () => unknown;
}

/** Glyphs whose outline is read once per process, not once per document. */
const decoded = new WeakSet<object>();

/**
 * Keep the outline fontkit decodes from the file for glyph `id` of `font`: a subset decodes every
 * glyph it holds again in every document (a mail merge's hundreds of letters, `render --all`),
 * and a font is parsed once a process (io/fonts.ts). The decoded outline is only read (the
 * subset copies the glyph's bytes, and renumbers a compound glyph's parts in its copy), so the
 * same bytes come out. A variable font's outline is moved by its instance: left as it is.
 */
function keepDecoded(font: Font, id: number): void {
  const f = font as unknown as { _variationProcessor?: unknown; getGlyph(id: number): DecodedGlyph | null };
  if (f._variationProcessor) return;
  const glyph = f.getGlyph(id);
  if (glyph === null || decoded.has(glyph)) return;
  decoded.add(glyph);
  const decode = glyph._decode;
  if (typeof decode !== 'function') return;
  let kept: { value: unknown } | undefined;
  glyph._decode = function (this: DecodedGlyph): unknown {
    kept ??= { value: decode.call(this) };
    return kept.value;
  };
}

/** withPostHeader (font-names.ts) over fontkit's cache of decoded tables and its table decoder, where the font has them. */
function withPostHeaderOf(font: Font): void {
  const kit = font as unknown as { _tables?: Record<string, unknown>; _decodeTable?: (table: object) => unknown };
  const decode = kit._decodeTable;
  if (typeof kit._tables !== 'object' || kit._tables === null || typeof decode !== 'function') return;
  withPostHeader(font, kit._tables, (table) => decode.call(font, table));
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

/** A page's content stream as pdfkit writes it: a string is written as its bytes and a newline. */
interface ContentStream {
  write(chunk: unknown): void;
  end(chunk?: unknown): void;
}

/**
 * Gather each page's content operators and hand them to pdfkit as one string when the page
 * ends (or before bytes written as they are): pdfkit turns every operator into a buffer of its
 * own, tens of thousands on the pages of a long signatory list. The page's bytes are the same:
 * pdfkit writes each string followed by a newline, each UTF-16 unit as its low byte, and the
 * operators are joined by newlines and written as bytes the same way.
 */
export function batchPageContent(doc: PDFKit.PDFDocument): void {
  const batch = (): void => {
    const content = (doc.page as unknown as { content?: Partial<ContentStream> }).content;
    need(
      isFunction(content?.write) && isFunction(content?.end),
      "writes a page's content through its stream's write and end (PDFPage.content)",
      "to write a page's content in one piece",
    );
    const stream = content as ContentStream;
    const write = stream.write.bind(stream);
    const end = stream.end.bind(stream);
    let pending: string[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      // pdfkit's own conversion, natively: each UTF-16 unit's low byte, and the newline it adds.
      write(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
      pending = [];
    };
    stream.write = (chunk: unknown): void => {
      if (chunk instanceof Uint8Array) {
        flush();
        write(chunk);
      } else {
        pending.push(`${chunk as string}`);
      }
    };
    stream.end = (chunk?: unknown): void => {
      if (chunk) stream.write(chunk);
      flush();
      end();
    };
  };
  batch();
  doc.on('pageAdded', batch);
}

/**
 * Register `font`, parsed by fontkit for shaping, under `key`, and make it the current font.
 * letters writes its glyphs itself (drawGlyphs), so pdfkit's own layout of the font is never
 * wanted: it throws. pdfkit does the rest (subsetting, widths, the ToUnicode map it writes from
 * the entries drawGlyphs makes). Once per font and document.
 */
export function embedShapedFont(doc: PDFKit.PDFDocument, key: string, font: Font): void {
  // pdfkit takes the fontkit font already parsed for shaping, and makes this PDF's subset from it.
  withQuickPostscriptName(font);
  withPostHeaderOf(font);
  doc.registerFont(key, font as unknown as Buffer);
  try {
    doc.font(key);
  } catch (err) {
    throw pdfkitChanged('takes a parsed fontkit font in registerFont', PARSED_FONT_PURPOSE, err);
  }
  checkParsedFont(doc, font);
  checkFontLayout(doc);
  checkEmbeddedFont(doc);
  advancesAsWidths((doc as unknown as Checked)._font);
  (doc as unknown as Checked)._font.layout = () => {
    throw new Error(`letters draws the glyphs of ${key} itself: pdfkit's text() is not for it`);
  };
}

/** Per embedded font, the CIDs of the glyphs drawn: by glyph and text, and as pdfkit writes them. */
interface CidMemo {
  /** The CID of a glyph drawn as a text (and at a width), keyed `id text` or `id text width`. */
  known: Map<string, number>;
  /** A glyph's first text and CID, asked for again and again without a key to build (most glyphs read as one text). */
  first: Map<number, { text: string; cid: number }>;
  /** Each CID as the four hex digits a string of glyphs shows it by. */
  hex: string[];
}

const cids = new WeakMap<EmbeddedFont, CidMemo>();

function cidMemo(font: EmbeddedFont): CidMemo {
  let memo = cids.get(font);
  if (!memo) {
    memo = { known: new Map(), first: new Map(), hex: [] };
    cids.set(font, memo);
  }
  return memo;
}

/**
 * The CID that draws `glyph` and reads as `text`. A glyph reads as the text it was first drawn
 * for; drawn for another (the dotless skeleton of ج, ح and خ; a vowel sign that reads as the
 * consonant it was moved before), it is copied into the subset under a CID of its own, so that
 * every glyph drawn reads back as what it stands for there.
 */
function cidFor(memo: CidMemo, font: EmbeddedFont, glyph: Glyph, text: string, width: number | undefined): number {
  if (width === undefined) {
    const first = memo.first.get(glyph.id);
    if (first !== undefined && first.text === text) return first.cid;
  }
  const key = width === undefined ? `${glyph.id} ${text}` : `${glyph.id} ${text} ${width}`;
  let cid = memo.known.get(key);
  if (cid === undefined) {
    const codes = [...text].map((c) => c.codePointAt(0)!);
    cid = font.subset.includeGlyph(glyph.id);
    const mapped = font.unicode[cid];
    const own = font.widths[cid];
    if (
      (mapped !== undefined && (mapped.length !== codes.length || mapped.some((c, i) => c !== codes[i]))) ||
      (width !== undefined && own !== undefined && own !== width)
    ) {
      font.subset.glyphs.push(glyph.id);
      cid = font.subset.glyphs.length - 1;
    }
    font.unicode[cid] = codes;
    font.widths[cid] = width ?? font.widths[cid] ?? glyph.advanceWidth * font.scale;
    memo.known.set(key, cid);
  }
  if (width === undefined && !memo.first.has(glyph.id)) memo.first.set(glyph.id, { text, cid });
  return cid;
}

/**
 * Draw `glyphs` (of the current font, in reading order) at `size` points from `x` on the
 * baseline `baseline` (pdfkit's top-down page coordinates): one text object, each glyph moved
 * to its place with TJ, raised with Ts; glyphs that stand for no text drawn after it as filled
 * outlines. Returns nothing a caller needs: pdfkit's own text() is not used.
 *
 * A glyph set apart (PlacedGlyph.apart) is shown on its own at twice or four times the size in a
 * text matrix scaled back by as much, the two taking turns: drawn the same, and the same size to
 * readers that measure what is drawn (poppler, MuPDF), while pdf.js starts a new text item
 * wherever the size in Tf changes.
 */
export function drawGlyphs(doc: PDFKit.PDFDocument, size: number, x: number, baseline: number, glyphs: readonly PlacedGlyph[]): void {
  const font = (doc as unknown as Checked)._font;
  doc.page.fonts[font.id] ??= font.ref();
  const start = `/${font.id} ${num(size)} Tf 1 0 0 -1 ${num(x)} ${num(baseline)} Tm`;
  const ops: string[] = [`BT ${start}`];
  let shown: string[] = [];
  let hex = '';
  let pen = 0;
  let rise = 0;
  /** The factor the size in Tf is at: 1, or 2 or 4 for a glyph set apart. */
  let factor = 1;
  const flush = (): void => {
    if (hex !== '') shown.push(`<${hex}>`);
    if (shown.length > 0) ops.push(`[${shown.join(' ')}] TJ`);
    shown = [];
    hex = '';
  };
  const outlines: PlacedGlyph[] = [];
  const memo = cidMemo(font);
  for (const g of glyphs) {
    if (g.text === undefined) {
      if (g.glyph.path.commands.length > 0) outlines.push(g);
      continue;
    }
    const cid = cidFor(memo, font, g.glyph, g.text, g.width);
    if (g.apart === true) {
      flush();
      if (rise !== 0) ops.push('0 Ts');
      rise = 0;
      factor = factor === 2 ? 4 : 2;
      const at = `${num(x + (g.x * size) / 1000)} ${num(baseline - (g.y * size) / 1000)}`;
      ops.push(
        `/${font.id} ${num(size * factor)} Tf ${num(1 / factor)} 0 0 ${num(-1 / factor)} ${at} Tm <${cid.toString(16).padStart(4, '0')}> Tj`,
      );
      continue;
    }
    if (factor !== 1) {
      flush();
      ops.push(start);
      factor = 1;
      pen = 0;
    }
    if (g.y !== rise) {
      flush();
      ops.push(`${num((g.y * size) / 1000)} Ts`);
      rise = g.y;
    }
    const move = g.x - pen;
    if (Math.abs(move) > 0.001) {
      // Glyphs that follow one another share one string; a move between them splits it.
      if (hex !== '') shown.push(`<${hex}>`);
      hex = '';
      shown.push(num(-move));
    }
    memo.hex[cid] ??= cid.toString(16).padStart(4, '0');
    hex += memo.hex[cid];
    pen = g.x + font.widths[cid]!;
  }
  flush();
  if (rise !== 0) ops.push('0 Ts');
  ops.push('ET');
  for (const g of outlines) ops.push(outline(doc, g, font, size, x, baseline));
  doc.addContent(ops.join('\n'));
}

/** Per document, the form XObject drawing each glyph's outline, by font and glyph: drawn once, shown wherever the glyph is. */
const forms = new WeakMap<object, Map<string, { name: string; ref: PDFKit.PDFKitReference }>>();

/**
 * Show glyph `g`'s outline at its place (x right, y down: pdfkit's page coordinates), as a form
 * XObject in font units made once per document: an Arabic letter's dots recur on every line.
 */
function outline(doc: PDFKit.PDFDocument, g: PlacedGlyph, font: EmbeddedFont, size: number, x: number, baseline: number): string {
  let known = forms.get(doc);
  if (!known) {
    known = new Map();
    forms.set(doc, known);
  }
  const key = `${font.id} ${g.glyph.id}`;
  let form = known.get(key);
  if (!form) {
    const b = g.glyph.bbox;
    const ref = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [b.minX, b.minY, b.maxX, b.maxY] });
    ref.end(outlinePath(g.glyph));
    form = { name: `${font.id}G${g.glyph.id}`, ref };
    known.set(key, form);
  }
  const xobjects = (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects;
  xobjects[form.name] ??= form.ref;
  const unit = num(size / font.font.unitsPerEm);
  return `q ${unit} 0 0 -${unit} ${num(x + (g.x * size) / 1000)} ${num(baseline - (g.y * size) / 1000)} cm /${form.name} Do Q`;
}

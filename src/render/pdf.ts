import { create as createFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Paper } from '../core/letter.js';
import { BLOCK_ROLES, HEADING_ROLE, roleOf } from './blocks.js';
import { fillColumns } from './column-flow.js';
import { superscript } from './footnote-syntax.js';
import { FootnoteArea, NOTES_SEPARATOR } from './pdf-footnotes.js';
import { breakLines, type Face, type Line } from './line-breaker.js';
import type { Block, Note, Run } from './tree.js';

/** The four faces of the body font, as TTF/OTF bytes. */
export interface FontFaces {
  regular: Buffer;
  bold: Buffer;
  italic: Buffer;
  boldItalic: Buffer;
}

export interface PdfMeta {
  title: string;
  subject: string;
  creator: string;
  lang: string;
  paper: Paper;
  /** Fixed for byte-identical output: the PDF's /ID is a hash of it. */
  creationDate: Date;
}

const PAGE_SIZES: Record<Paper, string> = { letter: 'LETTER', a4: 'A4' };
const MARGIN = 72; // one inch
const BODY_SIZE = 11;
const LEADING = 1.4; // line height as a multiple of the font size
const PARAGRAPH_GAP = 9;
const LIST_INDENT = 18;
const QUOTE_INDENT = 24;
const SIGNATURE_GUTTER = 24;
const SIGNATURE_GAP = 14;
const COMPACT_GAP = 2;
const NAMES_SIZE = 10;
const NOTE_SIZE = 9;
const NOTE_RULE = 120;
const HEADING_SIZES = { 1: 16, 2: 13.5, 3: 12 } as const;
const LINK_COLOR = '#1f3f73';
const TEXT_COLOR = '#000000';

// Parsing a font's tables is most of the cost of a short letter; a mail merge or --all draws
// hundreds of PDFs with the same faces, so each face is parsed once and handed to pdfkit,
// which accepts a fontkit font and makes each PDF's own subset from it.
const parsedFonts = new WeakMap<Buffer, unknown>();
function parsedFont(bytes: Buffer): unknown {
  let font = parsedFonts.get(bytes);
  if (font === undefined) {
    font = createFont(bytes);
    parsedFonts.set(bytes, font);
  }
  return font;
}

// Measured widths, per set of fonts, shared by every PDF drawn with them in this process.
const widthCaches = new WeakMap<FontFaces, Map<string, number>>();
function widthCache(fonts: FontFaces): Map<string, number> {
  let cache = widthCaches.get(fonts);
  if (cache === undefined) {
    cache = new Map();
    widthCaches.set(fonts, cache);
  }
  return cache;
}

/** The width of one column of signature blocks. */
function columnWidth(width: number, columns: number): number {
  return (width - SIGNATURE_GUTTER * (columns - 1)) / columns;
}

/** The class table (blocks.ts) says which blocks move with the start of the next. */
function keepsWithNext(block: Block): boolean {
  return block.kind === 'heading' ? HEADING_ROLE.keepWithNext : block.kind === 'paragraph' && roleOf(block.role).keepWithNext;
}

/** Space between rows of signatures: blocks need it to tell people apart; one-line entries less. */
function signatureGap(block: Extract<Block, { kind: 'signatures' }>): number {
  return block.layout === undefined ? SIGNATURE_GAP : COMPACT_GAP;
}

/** A compact list of names is set a little smaller, so long lists take few pages. */
function signatureSize(block: Extract<Block, { kind: 'signatures' }>): number {
  return block.layout === 'names' ? NAMES_SIZE : BODY_SIZE;
}

/** pdfkit's own page-marking calls, which continueOnNewPage makes; typed here for newPage. */
type PagedDocument = PDFKit.PDFDocument & {
  endPageMarkings(page: PDFKit.PDFPage): unknown[];
  initPageMarkings(markings: unknown[]): void;
  page: PDFKit.PDFPage & { _options: PDFKit.PDFDocumentOptions };
};

/** A note's text as paragraphs of runs: lists and quotes in a note are set as plain paragraphs. */
function noteParagraphs(blocks: readonly Block[]): Run[][] {
  const out: Run[][] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph' || b.kind === 'heading') out.push(b.runs);
    else if (b.kind === 'list') for (const item of b.items) out.push(...noteParagraphs(item));
    else if (b.kind === 'quote') out.push(...noteParagraphs(b.blocks));
    else if (b.kind === 'signatures') out.push(...b.signatures);
  }
  return out;
}

/**
 * Lays the document tree out on pages with pdfkit. pdfkit has no keep-together, so
 * signature blocks are measured first and moved whole to the next page when they do not fit.
 */
class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  private fontSize = BODY_SIZE;
  private readonly widths: Map<string, number>;
  private structure: PDFKit.PDFStructureElement;
  private readonly root: PDFKit.PDFStructureElement;
  private footnotes = new FootnoteArea(new Map(), NOTE_SIZE * LEADING);
  /** The page number within the current letter; a combined PDF restarts it for each letter. */
  private pageNumber = 1;

  constructor(fonts: FontFaces, meta: PdfMeta) {
    this.widths = widthCache(fonts);
    this.doc = new PDFDocument({
      size: PAGE_SIZES[meta.paper],
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      autoFirstPage: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: meta.lang,
      displayTitle: true,
      info: {
        Title: meta.title,
        Subject: meta.subject,
        Creator: meta.creator,
        Producer: meta.creator,
        CreationDate: meta.creationDate,
        ModDate: meta.creationDate,
      },
    });
    for (const face of Object.keys(fonts) as Face[]) this.doc.registerFont(face, parsedFont(fonts[face]) as unknown as Buffer);
    this.doc.font('regular').fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
    this.structure = this.doc.struct('Document');
    this.root = this.structure;
    this.doc.addStructure(this.structure);
  }

  /** Lay out the notes once, at their size, so body lines can ask how tall theirs are. */
  setNotes(notes: readonly Note[], width: number): void {
    this.fontSize = NOTE_SIZE;
    const laidOut = new Map<number, Line[]>();
    for (const note of notes) {
      const paragraphs = noteParagraphs(note.blocks);
      const marker: Run = { text: `${superscript(note.number)} `, bold: false, italic: false };
      laidOut.set(
        note.number,
        paragraphs.flatMap((runs, i) => this.layout(i === 0 ? [marker, ...runs] : runs, width)),
      );
    }
    this.fontSize = BODY_SIZE;
    this.footnotes = new FootnoteArea(laidOut, NOTE_SIZE * LEADING);
  }

  /**
   * Tagged PDF: each block becomes a structure element (P, H1–H3, L/LI/Lbl/LBody, BlockQuote)
   * holding the content drawn for it, so screen readers and reflow get the letter's structure.
   * `draw` runs at once, inside the element's marked content.
   */
  private tagged(type: string, draw: () => void): void {
    const element = this.doc.struct(type);
    this.structure.add(element);
    element.add(draw);
    element.end();
  }

  /** A structure element whose children are the elements created while `fill` runs. */
  private group(type: string, fill: () => void): void {
    const element = this.doc.struct(type);
    const parent = this.structure;
    parent.add(element);
    this.structure = element;
    fill();
    this.structure = parent;
    element.end();
  }

  /** Start the next letter of a combined PDF on a new, unnumbered page 1; its notes stay on its pages. */
  nextLetter(): void {
    this.placeAllNotes();
    this.pageNumber = 0;
    this.doc.addPage();
  }

  /** Place the last notes (on pages of their own if they run on), then close the structure. */
  finish(): void {
    this.placeAllNotes();
    this.structure.end();
  }

  /** The notes still waiting, at the foot of this page and, if they run on, of pages of their own. */
  private placeAllNotes(): void {
    while (!this.footnotes.empty) {
      this.placeNotes();
      if (!this.footnotes.empty) this.doc.continueOnNewPage();
    }
  }

  private get left(): number {
    return this.doc.page.margins.left;
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** Where body text must end on this page: above the notes it carries. */
  private get bottom(): number {
    return this.pageBottom - this.footnotes.reserved();
  }

  private get pageBottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Start a new page unless `height` more points fit on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom && this.doc.y > this.doc.page.margins.top) this.newPage();
  }

  /** A new page; marked content open on this one is closed here and reopened there. */
  private newPage(): void {
    if (this.footnotes.empty) {
      this.doc.continueOnNewPage();
      return;
    }
    // continueOnNewPage, with this page's notes drawn between closing and reopening.
    const doc = this.doc as PagedDocument;
    const markings = doc.endPageMarkings(doc.page);
    this.placeNotes();
    doc.addPage(doc.page._options);
    doc.initPageMarkings(markings);
  }

  /** Draw the notes this page carries at its foot, under a short rule, as one Note element. */
  private placeNotes(): void {
    const doc = this.doc;
    const { x, y } = doc;
    const top = Math.max(doc.y, this.pageBottom - this.footnotes.reserved());
    const lines = this.footnotes.take(this.pageBottom - top);
    doc.markContent('Artifact', { type: 'Layout' });
    doc
      .moveTo(this.left, top + NOTES_SEPARATOR / 2)
      .lineTo(this.left + NOTE_RULE, top + NOTES_SEPARATOR / 2)
      .lineWidth(0.5)
      .strokeColor(TEXT_COLOR)
      .stroke();
    doc.endMarkedContent();
    const size = this.fontSize;
    this.fontSize = NOTE_SIZE;
    const note = doc.struct('Note');
    this.root.add(note);
    note.add(() => {
      for (const [i, line] of lines.entries()) this.drawLine(line, this.left, top + NOTES_SEPARATOR + i * NOTE_SIZE * LEADING);
    });
    note.end();
    this.fontSize = size;
    doc.fontSize(size);
    doc.x = x;
    doc.y = y;
  }

  /** Break runs into lines at the current size; the same lines serve to measure and to draw. */
  private layout(runs: Run[], width: number): Line[] {
    const doc = this.doc;
    const size = this.fontSize;
    doc.fontSize(size);
    return breakLines(runs, width, (text, face) => {
      // Words repeat ("the", "Director"): shaping each once is most of the measuring cost.
      const key = `${face}\u0000${size}\u0000${text}`;
      let w = this.widths.get(key);
      if (w === undefined) {
        w = doc.font(face).widthOfString(text);
        this.widths.set(key, w);
      }
      return w;
    });
  }

  private lineHeight(): number {
    return this.fontSize * LEADING;
  }

  /**
   * Draw lines from `x`, starting a new page whenever the next line does not fit, with room
   * at the foot of the page for the notes it refers to.
   */
  private drawLines(lines: Line[], x: number): void {
    const doc = this.doc;
    const height = this.lineHeight();
    for (const line of lines) {
      const notes = this.footnotes.newNotes(line);
      this.ensure(height + this.footnotes.growth(notes));
      this.footnotes.add(notes);
      const y = doc.y;
      this.drawLine(line, x, y);
      doc.y = y + height;
    }
    doc.fillColor(TEXT_COLOR);
    doc.x = this.left;
  }

  private drawLine(line: Line, x: number, y: number): void {
    const doc = this.doc;
    let cx = x;
    for (const seg of line.segments) {
      doc
        .font(seg.face)
        .fontSize(this.fontSize)
        .fillColor(seg.href ? LINK_COLOR : TEXT_COLOR);
      // State every option: pdfkit carries options over from earlier calls.
      doc.text(seg.text, cx, y, {
        lineBreak: false,
        underline: seg.href !== undefined,
        link: seg.href ?? null,
      } as PDFKit.Mixins.TextOptions);
      cx += seg.width;
    }
    doc.fillColor(TEXT_COLOR);
  }

  private runs(runs: Run[], x: number, width: number): void {
    this.drawLines(this.layout(runs, width), x);
  }

  blocks(blocks: readonly Block[], x: number, width: number): void {
    blocks.forEach((block, i) => {
      const next = blocks[i + 1];
      if (next && keepsWithNext(block)) {
        // A heading or "Sincerely," never ends a page alone: it moves with the start of what follows.
        const own = block.kind === 'paragraph' || block.kind === 'heading' ? this.layout(block.runs, width).length * this.lineHeight() : 0;
        this.ensure(own + 2 * PARAGRAPH_GAP + this.leadHeight(next, width));
      }
      this.block(block, x, width);
      if (i < blocks.length - 1) this.doc.y += PARAGRAPH_GAP;
    });
  }

  /** The height of the first piece of a block that must not be separated from what precedes it. */
  private leadHeight(block: Block, width: number): number {
    if (block.kind === 'signatures') {
      const columns = block.columns;
      const colWidth = columnWidth(width, columns);
      this.fontSize = signatureSize(block);
      const first = block.signatures.slice(0, columns).map((runs) => this.layout(runs, colWidth).length);
      const height = Math.max(0, ...first) * this.lineHeight();
      this.fontSize = BODY_SIZE;
      return height;
    }
    return 2 * this.lineHeight();
  }

  private block(block: Block, x: number, width: number): void {
    switch (block.kind) {
      case 'paragraph': {
        const role = roleOf(block.role);
        this.doc.y += role.gapBefore * PARAGRAPH_GAP;
        this.tagged('P', () => this.runs(block.runs, x, width));
        this.doc.y += role.gapAfter * PARAGRAPH_GAP;
        return;
      }
      case 'heading':
        this.fontSize = HEADING_SIZES[block.level];
        this.tagged(`H${block.level}`, () => this.runs(block.runs, x, width));
        this.fontSize = BODY_SIZE;
        return;
      case 'quote':
        this.group('BlockQuote', () => this.blocks(block.blocks, x + QUOTE_INDENT, width - QUOTE_INDENT));
        return;
      case 'list':
        this.group('L', () => this.list(block, x, width));
        return;
      case 'footnotes':
        return; // placed at the foot of the pages that refer to them
      case 'signatures':
        this.doc.y += BLOCK_ROLES.signatories.gapBefore * PARAGRAPH_GAP;
        // One element for all the signatures: a P each would cost 10,000 structure elements.
        this.fontSize = signatureSize(block);
        this.tagged('Div', () =>
          block.layout === undefined
            ? this.signatures(block.signatures, block.columns, x, width, signatureGap(block))
            : this.signatureColumns(block.signatures, block.columns, x, width, signatureGap(block)),
        );
        this.fontSize = BODY_SIZE;
        return;
    }
  }

  private list(block: Extract<Block, { kind: 'list' }>, x: number, width: number): void {
    const doc = this.doc;
    const indent = block.ordered ? LIST_INDENT + 6 : LIST_INDENT;
    block.items.forEach((item, i) => {
      if (i > 0) doc.y += PARAGRAPH_GAP;
      this.ensure(this.lineHeight());
      const y = doc.y;
      const marker = block.ordered ? `${block.start + i}.` : '•';
      this.group('LI', () => {
        this.tagged('Lbl', () => this.drawLines(this.layout([{ text: marker, bold: false, italic: false }], indent), x));
        doc.y = y;
        this.group('LBody', () => this.blocks(item, x + indent, width - indent));
      });
    });
  }

  /** Signature blocks in a grid, row by row, each block kept whole on one page. */
  private signatures(signatures: Run[][], columns: number, x: number, width: number, gap: number): void {
    const doc = this.doc;
    const colWidth = columnWidth(width, columns);
    const lineHeight = this.lineHeight();
    for (let row = 0; row < signatures.length; row += columns) {
      const cells = signatures.slice(row, row + columns).map((runs) => this.layout(runs, colWidth));
      const height = Math.max(...cells.map((lines) => lines.length)) * lineHeight;
      if (row > 0) doc.y += gap;
      if (doc.y + height > this.bottom) this.newPage();
      const top = doc.y;
      cells.forEach((lines, c) => {
        doc.y = top;
        this.drawLines(lines, x + c * (colWidth + SIGNATURE_GUTTER));
      });
      doc.y = top + height;
    }
  }

  /** One-line entries (names, lines) in newspaper columns, page by page; see column-flow.ts. */
  private signatureColumns(signatures: Run[][], columns: number, x: number, width: number, gap: number): void {
    const doc = this.doc;
    const colWidth = columnWidth(width, columns);
    const lineHeight = this.lineHeight();
    const entries = signatures.map((runs) => this.layout(runs, colWidth));
    const heights = entries.map((lines) => lines.length * lineHeight);
    let start = 0;
    while (start < entries.length) {
      // A hair of slack: the same sums, added in another order, must not differ by a rounding.
      let page = fillColumns(heights, start, columns, this.bottom - doc.y - 0.01, gap);
      if (page.next === start) {
        const fresh = doc.y <= doc.page.margins.top;
        if (!fresh) {
          this.newPage();
          continue;
        }
        // Taller than a whole page: it goes alone and runs over pages as ordinary lines do.
        page = { columns: [[start]], next: start + 1 };
      }
      const top = doc.y;
      let bottom = top;
      page.columns.forEach((column, c) => {
        doc.y = top;
        column.forEach((i, k) => {
          if (k > 0) doc.y += gap;
          this.drawLines(entries[i]!, x + c * (colWidth + SIGNATURE_GUTTER));
        });
        bottom = Math.max(bottom, doc.y);
      });
      doc.y = bottom;
      start = page.next;
      if (start < entries.length) this.newPage();
    }
  }

  /**
   * Number each page after the first as it is added, in the bottom margin. Drawing it then,
   * rather than revisiting buffered pages at the end, lets pdfkit write each finished page
   * out at once: a 10,000-name letter never holds all its pages in memory.
   */
  numberPages(): void {
    const doc = this.doc;
    doc.on('pageAdded', () => {
      const page = ++this.pageNumber;
      if (page === 1) return; // the first page of a letter in a combined PDF
      const { x, y } = doc;
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // drawing inside the margin must not start a new page
      doc.font('regular').fontSize(9).fillColor(TEXT_COLOR);
      // Not part of the letter's text: marked as a pagination artifact for assistive technology.
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.text(String(page), this.left, doc.page.height - bottomMargin / 2 - 4, {
        width: this.width,
        align: 'center',
        lineBreak: false,
        underline: false,
        link: null,
      } as PDFKit.Mixins.TextOptions);
      doc.endMarkedContent();
      doc.page.margins.bottom = bottomMargin;
      doc.fontSize(this.fontSize);
      doc.x = x;
      doc.y = y;
    });
  }
}

/** Draw the document tree as a PDF and return its bytes. */
export function renderPdf(blocks: readonly Block[], fonts: FontFaces, meta: PdfMeta): Promise<Buffer> {
  return renderPdfSeries([blocks], fonts, meta);
}

/** Several letters in one PDF (a mail merge's --combined): each from a new page, numbered from 1. */
export function renderPdfSeries(letters: readonly (readonly Block[])[], fonts: FontFaces, meta: PdfMeta): Promise<Buffer> {
  const layout = new PdfLayout(fonts, meta);
  const doc = layout.doc;
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  layout.numberPages();
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  letters.forEach((blocks, i) => {
    if (i > 0) layout.nextLetter();
    // Each letter's notes are its own: numbered from 1, placed on its pages.
    layout.setNotes(
      blocks.flatMap((b) => (b.kind === 'footnotes' ? b.notes : [])),
      width,
    );
    layout.blocks(
      blocks.filter((b) => b.kind !== 'footnotes'),
      doc.page.margins.left,
      width,
    );
  });
  layout.finish();
  doc.end();
  return done;
}

// The PDF stage: the document tree laid out on pages and drawn with pdfkit.
import PDFDocument from 'pdfkit';
import type { Paper } from '../../core/letter/letter.js';
import { BLOCK_ROLES, HEADING_ROLE, roleOf } from '../document/roles.js';
import { chooseColumns, fillColumns } from './column-flow.js';
import { superscript } from '../document/footnote-syntax.js';
import { PRIMARY, spanLanguage } from '../inline/font-list.js';
import type { Fonts } from '../inline/fonts.js';
import { type BreakOptions, breakLines, type Line, type Segment, type Style } from '../inline/line-breaker.js';
import { FootnoteArea, NOTES_SEPARATOR } from './footnotes.js';
import { resolveRuns } from '../inline/runs.js';
import type { Face, GlyphRun } from '../inline/shape.js';
import type { Block, Note, Run } from '../document/tree.js';

export interface PdfMeta {
  title: string;
  subject: string;
  creator: string;
  lang: string;
  /** Laid out right to left (Arabic, Hebrew, Persian, Urdu …): paragraphs, bullets and columns mirrored. */
  rtl: boolean;
  paper: Paper;
  /** Fixed for byte-identical output: the PDF's /ID is a hash of it. */
  creationDate: Date;
  /** Write PDF/A-2b (archival): XMP metadata with its identification, an sRGB output intent. */
  pdfa?: boolean;
}

const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const xmpDate = (d: Date): string => `${d.toISOString().split('.')[0]}Z`;

/**
 * The document information as XMP, as PDF/A requires it: every entry of the Info dictionary
 * with its XMP twin, text escaped. pdfkit 0.20's own writes titles unescaped (a "&" breaks
 * the XML) and leaves out the modification date; it is replaced for PDF/A output.
 */
function xmpInfo(meta: PdfMeta): string {
  return `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreateDate>${xmpDate(meta.creationDate)}</xmp:CreateDate>
            <xmp:ModifyDate>${xmpDate(meta.creationDate)}</xmp:ModifyDate>
            <xmp:CreatorTool>${xml(meta.creator)}</xmp:CreatorTool>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>${xml(meta.creator)}</pdf:Producer>
        </rdf:Description>
        `;
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
/*
 * The names layout, set as printed sign-on letters list their organizations: small type on
 * tight leading, as many columns as the names allow, a name that wraps standing out from its
 * neighbours by a hanging indent rather than by space between entries, and short group
 * headings close above their names.
 */
const NAMES_SIZE = 9;
const NAMES_LEADING = 1.2;
const NAMES_GAP = 0;
const NAMES_INDENT = 9;
const NAMES_GUTTER = 16;
const NAMES_HEADING_SIZE = 10;
const NAMES_HEADING_GAP = 3;
/** A heading over a names list keeps this many of its names with it at the foot of a page. */
const NAMES_KEPT = 2;
/** A wrapped name's last line shorter than this share of the column ("e. V.") takes a word more down with it. */
const NAMES_SHORTEST_LAST = 0.25;
const NOTE_SIZE = 9;
const NOTE_RULE = 120;
const HEADING_SIZES = { 1: 16, 2: 13.5, 3: 12 } as const;
const LINK_COLOR = '#1f3f73';
const TEXT_COLOR = '#000000';

/** The width of one column of signature blocks. */
function columnWidth(width: number, columns: number): number {
  return (width - SIGNATURE_GUTTER * (columns - 1)) / columns;
}

/** The class table (blocks.ts) says which blocks move with the start of the next. */
function keepsWithNext(block: Block): boolean {
  return block.kind === 'heading' ? HEADING_ROLE.keepWithNext : block.kind === 'paragraph' && roleOf(block.role).keepWithNext;
}

type Signatures = Extract<Block, { kind: 'signatures' }>;

type Names = Signatures & { layout: 'names' };

function isNames(block: Block | undefined): block is Names {
  return block?.kind === 'signatures' && block.layout === 'names';
}

/** A group heading (h3) right above a names list: set small and close to its names. */
function headsNames(block: Block, next: Block | undefined): boolean {
  return block.kind === 'heading' && block.level === 3 && isNames(next);
}

/** Space between rows of signatures: blocks need it to tell people apart; one-line entries less. */
function signatureGap(block: Signatures): number {
  return block.layout === undefined ? SIGNATURE_GAP : block.layout === 'names' ? NAMES_GAP : COMPACT_GAP;
}

/** Type size and leading of a block of signatures: a compact list of names is set smaller and tighter. */
function signatureType(block: Signatures): { size: number; leading: number } {
  return block.layout === 'names' ? { size: NAMES_SIZE, leading: NAMES_LEADING } : { size: BODY_SIZE, leading: LEADING };
}

/** A compact list (names, lines) laid out for its columns: how many, how wide, each entry's lines. */
interface ColumnPlan {
  columns: number;
  columnWidth: number;
  gutter: number;
  /** Space between entries. */
  gap: number;
  /** How far an entry's second and later lines stand in. */
  indent: number;
  lineHeight: number;
  entries: Line[][];
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
  private leading = LEADING;
  /** Compact lists laid out ahead, so the columns chosen for a letter's names are the same in every group. */
  private readonly plans = new Map<Block, ColumnPlan>();
  private structure: PDFKit.PDFStructureElement;
  private readonly root: PDFKit.PDFStructureElement;
  private footnotes = new FootnoteArea(new Map(), NOTE_SIZE * LEADING);
  /** The page number within the current letter; a combined PDF restarts it for each letter. */
  private pageNumber = 1;
  private readonly registered = new Set<string>();
  private ascentPerEm: number | undefined;
  /** The glyph run `doc.text` is drawing: what pdfkit's layout of the current font returns. */
  private drawing: GlyphRun | undefined;
  private readonly lang: string;
  /** The structure element being drawn into and its open marked content. */
  private leaf: { element: PDFKit.PDFStructureElement; type: string; content: PDFKit.PDFStructureContent } | undefined;
  private readonly rtl: boolean;
  /** Page and list numbers in the letter's digits (Arabic-Indic for ar-EG, Persian for fa, Bengali for bn …). */
  private readonly number: (n: number) => string;

  constructor(
    private readonly fonts: Fonts,
    meta: PdfMeta,
  ) {
    this.rtl = meta.rtl;
    this.lang = meta.lang;
    const digits = new Intl.NumberFormat(meta.lang, { useGrouping: false });
    // Digits no font has (Myanmar, say) fall back to European ones rather than fail the letter.
    const drawable = [...digits.format(1234567890)].every((ch) => fonts.stack.covers(ch.codePointAt(0)!));
    this.number = (n) => (drawable ? digits.format(n) : String(n));
    this.doc = new PDFDocument({
      size: PAGE_SIZES[meta.paper],
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      autoFirstPage: true,
      pdfVersion: '1.7',
      tagged: true,
      ...(meta.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
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
    if (meta.pdfa) {
      const doc = this.doc as unknown as { _addInfo(): void; appendXML(xml: string): void };
      doc._addInfo = () => doc.appendXML(xmpInfo(meta));
    }
    this.doc.fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
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
   * `draw` runs at once, inside the element's marked content; text in another language than
   * the letter's becomes a Span with its own /Lang inside it (see `drawSegment`).
   */
  private tagged(type: string, draw: () => void): void {
    const element = this.doc.struct(type);
    this.structure.add(element);
    const outer = this.leaf;
    this.leaf = { element, type, content: this.doc.markStructureContent(type) };
    draw();
    this.closeContent();
    this.leaf = outer;
    element.end();
  }

  /**
   * End the open leaf's marked content and add it to the element. Added only now, once it is
   * whole: content continued on a new page is registered with the page it ends on too.
   */
  private closeContent(): void {
    this.doc.endMarkedContent();
    this.leaf!.element.add(this.leaf!.content);
  }

  /** Draw inside a Span tagged with `lang`, between the open leaf's marked content before and after. */
  private inSpan(lang: string, draw: () => void): void {
    const leaf = this.leaf;
    if (!leaf) {
      draw();
      return;
    }
    this.closeContent();
    const content = this.doc.markStructureContent('Span', { lang } as PDFKit.Mixins.MarkingOptions);
    draw();
    this.doc.endMarkedContent();
    const span = this.doc.struct('Span', { lang });
    leaf.element.add(span);
    span.add(content);
    span.end();
    leaf.content = this.doc.markStructureContent(leaf.type);
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
      for (const [i, line] of lines.entries()) this.drawLine(line, this.left, top + NOTES_SEPARATOR + i * NOTE_SIZE * LEADING, this.width);
    });
    note.end();
    this.fontSize = size;
    doc.fontSize(size);
    doc.x = x;
    doc.y = y;
  }

  /** The face a segment is drawn in: its font of the stack, in its style. */
  private face(style: Style): Face {
    return this.fonts.shaper.face(
      style.font ?? PRIMARY,
      style.face === 'bold' || style.face === 'boldItalic',
      style.face === 'italic' || style.face === 'boldItalic',
    );
  }

  /**
   * Runs resolved to fonts and bidi levels, then broken into lines at the current size; the
   * same lines serve to measure and to draw.
   */
  private layout(runs: Run[], width: number, options?: BreakOptions): Line[] {
    const size = this.fontSize;
    const { shaper, stack } = this.fonts;
    return breakLines(
      resolveRuns(runs, stack, this.rtl),
      width,
      (text, _, style) => shaper.width(this.face(style), text, size, style.level % 2 === 1),
      options,
    );
  }

  /** The body font's ascent at the current size: from the top of a line to its baseline. */
  private ascent(): number {
    if (this.ascentPerEm === undefined) {
      const font = this.fonts.shaper.face(PRIMARY, false, false).font;
      this.ascentPerEm = font.ascent / font.unitsPerEm;
    }
    return this.ascentPerEm * this.fontSize;
  }

  /**
   * Draw one segment at (x, y): its glyphs as shaped here, not as pdfkit would lay them out.
   * pdfkit 0.20 shapes with fontkit but knows no direction or script; its font's `layout` is
   * replaced by one that returns the glyph run that was measured, and pdfkit does the rest
   * (subsetting, the ToUnicode map, links, underline, marked content).
   */
  private drawSegment(seg: Segment, x: number, y: number): void {
    const doc = this.doc;
    const face = this.face(seg);
    const registered = this.registered.has(face.key);
    if (!registered) {
      // pdfkit takes the fontkit font already parsed for shaping, and makes this PDF's subset from it.
      doc.registerFont(face.key, face.font as unknown as Buffer);
      this.registered.add(face.key);
    }
    doc
      .font(face.key)
      .fontSize(this.fontSize)
      .fillColor(seg.href ? LINK_COLOR : TEXT_COLOR);
    if (!registered) {
      // Once per font: pdfkit's layout of this font returns the run being drawn.
      const pdfFont = (doc as unknown as { _font: { layout: () => GlyphRun } })._font;
      pdfFont.layout = () => this.drawing!;
    }
    const run = this.fonts.shaper.shape(face, seg.text, seg.level % 2 === 1);
    const lang = seg.font && spanLanguage(seg.font, seg.text, this.lang);
    if (lang !== undefined && seg.text.trim() !== '') {
      this.inSpan(lang, () => this.drawRun(run, seg, x, y));
    } else {
      this.drawRun(run, seg, x, y);
    }
  }

  private drawRun(run: GlyphRun, seg: Segment, x: number, y: number): void {
    this.drawing = run;
    // State every option: pdfkit carries options over from earlier calls.
    // Every font on one baseline, where the body font's would be: each font has its own ascent.
    this.doc.text(seg.text, x, y, {
      lineBreak: false,
      baseline: -this.ascent(),
      underline: seg.href !== undefined,
      link: seg.href ?? null,
    } as PDFKit.Mixins.TextOptions);
    this.drawing = undefined;
  }

  private lineHeight(): number {
    return this.fontSize * this.leading;
  }

  /** Run `draw` at another type size and leading, then return to the body's. */
  private withType<T>(type: { size: number; leading: number }, draw: () => T): T {
    const { fontSize, leading } = this;
    this.fontSize = type.size;
    this.leading = type.leading;
    try {
      return draw();
    } finally {
      this.fontSize = fontSize;
      this.leading = leading;
    }
  }

  /**
   * Draw lines in a column from `x`, `width` wide, starting a new page whenever the next line
   * does not fit, with room at the foot of the page for the notes it refers to. Right to left,
   * each line starts at the column's right edge.
   */
  private drawLines(lines: Line[], x: number, width: number): void {
    const doc = this.doc;
    const height = this.lineHeight();
    for (const line of lines) {
      const notes = this.footnotes.newNotes(line);
      this.ensure(height + this.footnotes.growth(notes));
      this.footnotes.add(notes);
      const y = doc.y;
      this.drawLine(line, x, y, width);
      doc.y = y + height;
    }
    doc.fillColor(TEXT_COLOR);
    doc.x = this.left;
  }

  private drawLine(line: Line, x: number, y: number, width: number): void {
    let cx = this.rtl ? x + width - line.width : x;
    for (const seg of line.segments) {
      this.drawSegment(seg, cx, y);
      cx += seg.width;
    }
    this.doc.fillColor(TEXT_COLOR);
  }

  private runs(runs: Run[], x: number, width: number): void {
    this.drawLines(this.layout(runs, width), x, width);
  }

  blocks(blocks: readonly Block[], x: number, width: number): void {
    this.planNames(blocks, width);
    blocks.forEach((block, i) => {
      const next = blocks[i + 1];
      // A heading or "Sincerely," never ends a page alone: it moves with the start of what follows.
      if (next && keepsWithNext(block)) this.ensure(this.keepHeight(blocks, i, width));
      this.block(block, x, width, next, i > 0 && headsNames(blocks[i - 1]!, block));
      if (next) this.doc.y += headsNames(block, next) ? NAMES_HEADING_GAP : PARAGRAPH_GAP;
    });
  }

  /** The type a heading is set in: a group heading over names small, any other by its level. */
  private headingType(block: Extract<Block, { kind: 'heading' }>, next: Block | undefined): { size: number; leading: number } {
    return headsNames(block, next)
      ? { size: NAMES_HEADING_SIZE, leading: NAMES_LEADING }
      : { size: HEADING_SIZES[block.level], leading: LEADING };
  }

  /**
   * The height block `i` needs on this page to stay with what follows it: itself, the gap,
   * and the start of the next block, or, when that one keeps with its next too ("Sincerely,"
   * over a group heading over names), all of that chain.
   */
  private keepHeight(blocks: readonly Block[], i: number, width: number): number {
    const block = blocks[i]!;
    const next = blocks[i + 1]!;
    let own = 0;
    if (block.kind === 'heading') {
      own = this.withType(this.headingType(block, next), () => this.layout(block.runs, width).length * this.lineHeight());
    } else if (block.kind === 'paragraph') {
      own = this.layout(block.runs, width).length * this.lineHeight();
    }
    const gap = headsNames(block, next) ? NAMES_HEADING_GAP : 2 * PARAGRAPH_GAP;
    const rest = keepsWithNext(next) && blocks[i + 2] ? this.keepHeight(blocks, i + 1, width) : this.leadHeight(next, width);
    return own + gap + rest;
  }

  /** The height of the first piece of a block that must not be separated from what precedes it. */
  private leadHeight(block: Block, width: number): number {
    if (isNames(block)) {
      // The first names of its first column.
      const plan = this.planFor(block, width);
      const first = plan.entries.slice(0, NAMES_KEPT);
      return first.reduce((h, lines) => h + lines.length * plan.lineHeight, 0) + Math.max(0, first.length - 1) * plan.gap;
    }
    if (block.kind === 'signatures') {
      const columns = block.columns;
      const colWidth = columnWidth(width, columns);
      return this.withType(signatureType(block), () => {
        const first = block.signatures.slice(0, columns).map((runs) => this.layout(runs, colWidth).length);
        return Math.max(0, ...first) * this.lineHeight();
      });
    }
    return 2 * this.lineHeight();
  }

  /**
   * Lay out ahead the names lists of `blocks` that follow one another with only group
   * headings and notes between them: they share one column count, chosen from the widths of
   * all their names, so the groups of a letter stand in one grid.
   */
  private planNames(blocks: readonly Block[], width: number): void {
    let run: Names[] = [];
    const flush = (): void => {
      if (run.length > 0) this.planRun(run, width);
      run = [];
    };
    for (const block of blocks) {
      if (isNames(block)) run.push(block);
      else if (!(block.kind === 'heading' && block.level === 3) && !(block.kind === 'paragraph' && block.role === 'note')) flush();
    }
    flush();
  }

  private planRun(run: readonly Names[], width: number): void {
    this.withType({ size: NAMES_SIZE, leading: NAMES_LEADING }, () => {
      // Each name on one line first: its width decides the columns, and most keep that line.
      const natural = run.map((block) =>
        block.signatures.map((runs) => this.layout(runs, Number.POSITIVE_INFINITY, { bindAbbreviations: true })),
      );
      const widths = natural.flatMap((entries) => entries.map((lines) => Math.max(0, ...lines.map((l) => l.width))));
      // data-columns is the most a template allows; the longest asks decide within it.
      const most = Math.max(...run.map((b) => b.columns));
      const columns = chooseColumns(widths, most, width, NAMES_GUTTER);
      const colWidth = (width - NAMES_GUTTER * (columns - 1)) / columns;
      run.forEach((block, b) => {
        const entries = natural[b]!.map((lines, k) =>
          lines.length === 1 && lines[0]!.width <= colWidth ? lines : this.breakName(block.signatures[k]!, colWidth),
        );
        this.plans.set(block, {
          columns,
          columnWidth: colWidth,
          gutter: NAMES_GUTTER,
          gap: NAMES_GAP,
          indent: NAMES_INDENT,
          lineHeight: this.lineHeight(),
          entries,
        });
      });
    });
  }

  /**
   * A name too long for its column, over two lines or more, the further ones indented. A last
   * line of a word or two ("e. V.", "Frieden") is avoided where narrower lines above give it
   * more, in as many lines.
   */
  private breakName(runs: Run[], width: number): Line[] {
    const lines = this.layout(runs, width, { rest: width - NAMES_INDENT, bindAbbreviations: true });
    const short = (ls: Line[]): boolean => ls.length > 1 && ls[ls.length - 1]!.width < NAMES_SHORTEST_LAST * width;
    if (!short(lines)) return lines;
    for (const narrower of [0.9, 0.8, 0.7]) {
      const w = narrower * width;
      const again = this.layout(runs, w, { rest: w - NAMES_INDENT, bindAbbreviations: true });
      if (again.length === lines.length && !short(again)) return again;
    }
    return lines;
  }

  /** The plan of a compact list: names as planned ahead, lines in the template's columns. */
  private planFor(block: Signatures, width: number): ColumnPlan {
    const planned = this.plans.get(block);
    if (planned) return planned;
    if (isNames(block)) {
      this.planRun([block], width);
      return this.plans.get(block)!;
    }
    const columns = block.columns;
    const colWidth = columnWidth(width, columns);
    return this.withType(signatureType(block), () => ({
      columns,
      columnWidth: colWidth,
      gutter: SIGNATURE_GUTTER,
      gap: signatureGap(block),
      indent: 0,
      lineHeight: this.lineHeight(),
      entries: block.signatures.map((runs) => this.layout(runs, colWidth)),
    }));
  }

  /** Draw one block; `next` is the block after it, `tight` says a group heading stands right above. */
  private block(block: Block, x: number, width: number, next?: Block, tight = false): void {
    switch (block.kind) {
      case 'paragraph': {
        const role = roleOf(block.role);
        this.doc.y += role.gapBefore * PARAGRAPH_GAP;
        this.tagged('P', () => this.runs(block.runs, x, width));
        this.doc.y += role.gapAfter * PARAGRAPH_GAP;
        return;
      }
      case 'heading':
        this.withType(this.headingType(block, next), () => this.tagged(`H${block.level}`, () => this.runs(block.runs, x, width)));
        return;
      case 'quote':
        this.group('BlockQuote', () => this.blocks(block.blocks, this.rtl ? x : x + QUOTE_INDENT, width - QUOTE_INDENT));
        return;
      case 'list':
        this.group('L', () => this.list(block, x, width));
        return;
      case 'footnotes':
        return; // placed at the foot of the pages that refer to them
      case 'signatures':
        if (!tight) this.doc.y += BLOCK_ROLES.signatories.gapBefore * PARAGRAPH_GAP;
        // One element for all the signatures: a P each would cost 10,000 structure elements.
        this.withType(signatureType(block), () =>
          this.tagged('Div', () =>
            block.layout === undefined
              ? this.signatures(block.signatures, block.columns, x, width, signatureGap(block))
              : this.signatureColumns(this.planFor(block, width), x),
          ),
        );
        this.plans.delete(block);
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
      const marker = block.ordered ? `${this.number(block.start + i)}.` : '•';
      // Right to left, the marker stands at the right and the item's text to its left.
      const markerX = this.rtl ? x + width - indent : x;
      this.group('LI', () => {
        this.tagged('Lbl', () => this.drawLines(this.layout([{ text: marker, bold: false, italic: false }], indent), markerX, indent));
        doc.y = y;
        this.group('LBody', () => this.blocks(item, this.rtl ? x : x + indent, width - indent));
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
        // Right to left, the first column is the rightmost.
        const column = this.rtl ? columns - 1 - c : c;
        this.drawLines(lines, x + column * (colWidth + SIGNATURE_GUTTER), colWidth);
      });
      doc.y = top + height;
    }
  }

  /** Compact entries (names, lines) in newspaper columns, page by page; see column-flow.ts. */
  private signatureColumns(plan: ColumnPlan, x: number): void {
    const doc = this.doc;
    const { entries, columns, columnWidth: colWidth, gutter, gap, indent } = plan;
    const heights = entries.map((lines) => lines.length * plan.lineHeight);
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
        // Right to left, the first column is the rightmost, also when the last page uses fewer.
        const at = this.rtl ? columns - 1 - c : c;
        const left = x + at * (colWidth + gutter);
        column.forEach((i, k) => {
          if (k > 0) doc.y += gap;
          const [first, ...rest] = entries[i]!;
          if (first) this.drawLines([first], left, colWidth);
          // A wrapped entry's further lines hang: indented from the side the line starts on.
          if (rest.length > 0) this.drawLines(rest, this.rtl ? left : left + indent, colWidth - indent);
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
      const size = this.fontSize;
      this.fontSize = 9;
      // Not part of the letter's text: marked as a pagination artifact for assistive technology.
      doc.markContent('Artifact', { type: 'Pagination' });
      const [line] = this.layout([{ text: this.number(page), bold: false, italic: false }], this.width);
      let cx = this.left + (this.width - line!.width) / 2;
      for (const seg of line!.segments) {
        this.drawSegment(seg, cx, doc.page.height - bottomMargin / 2 - 4);
        cx += seg.width;
      }
      doc.endMarkedContent();
      doc.page.margins.bottom = bottomMargin;
      this.fontSize = size;
      doc.fontSize(size);
      doc.x = x;
      doc.y = y;
    });
  }
}

/** Draw the document tree as a PDF and return its bytes. */
export function renderPdf(blocks: readonly Block[], fonts: Fonts, meta: PdfMeta): Promise<Buffer> {
  return renderPdfSeries([blocks], fonts, meta);
}

/** Several letters in one PDF (a mail merge's --combined): each from a new page, numbered from 1. */
export function renderPdfSeries(letters: readonly (readonly Block[])[], fonts: Fonts, meta: PdfMeta): Promise<Buffer> {
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

/*
 * The PDF stage's flow: the document tree's blocks down the pages. Paragraphs and headings
 * line by line, a heading or "Sincerely," kept with the start of what follows, lists and
 * quotes, signature blocks in a grid, compact lists in newspaper columns. pdfkit has no
 * keep-together, so what must stay whole is measured first and moved whole to the next page
 * when it does not fit.
 */
import { BLOCK_ROLES, HEADING_ROLE, roleOf } from '../document/roles.js';
import type { Block, Note, Run } from '../document/tree.js';
import type { Fonts } from '../inline/fonts.js';
import type { Line } from '../inline/line-breaker.js';
import { fillColumns } from './column-flow.js';
import { FootnoteArea } from './footnotes.js';
import { PageNumbers } from './page-numbers.js';
import {
  HEADING_SIZES,
  LEADING,
  LIST_INDENT,
  NAMES_HEADING_GAP,
  NAMES_HEADING_SIZE,
  NAMES_KEPT,
  NAMES_LEADING,
  PARAGRAPH_GAP,
  QUOTE_INDENT,
  SIGNATURE_GUTTER,
  TEXT_COLOR,
  type TypeSize,
  textBottom,
  textLeft,
  textWidth,
} from './page-style.js';
import { type ColumnPlan, ColumnPlanner, columnWidth, isNames, signatureGap, signatureType } from './signatory-columns.js';
import { Tagging } from './tagging.js';
import { Typesetter } from './typesetter.js';

/** The class table (roles.ts) says which blocks move with the start of the next. */
function keepsWithNext(block: Block): boolean {
  return block.kind === 'heading' ? HEADING_ROLE.keepWithNext : block.kind === 'paragraph' && roleOf(block.role).keepWithNext;
}

/** The language every run of a paragraph is marked with (a passage, a side of a bilingual document): its /Lang. */
function languageOf(runs: readonly Run[]): string | undefined {
  const lang = runs[0]?.lang;
  return lang !== undefined && runs.every((r) => r.lang === lang) ? lang : undefined;
}

/** A group heading (h3) right above a names list: set small and close to its names. */
function headsNames(block: Block, next: Block | undefined): boolean {
  return block.kind === 'heading' && block.level === 3 && isNames(next);
}

/**
 * Lays the document tree out on pages with pdfkit, one letter after another: its tagging,
 * type, footnotes, column plans and page numbers are parts of their own, shared here.
 */
export class PdfLayout {
  private readonly tags: Tagging;
  private readonly type: Typesetter;
  private readonly footnotes: FootnoteArea;
  private readonly columns: ColumnPlanner;
  private readonly pageNumbers: PageNumbers;
  /** Laid out right to left (Arabic, Hebrew, Persian, Urdu …): bullets, quotes and columns mirrored. */
  private readonly rtl: boolean;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    fonts: Fonts,
    { lang, rtl }: { lang: string; rtl: boolean },
  ) {
    this.rtl = rtl;
    this.tags = new Tagging(doc, lang);
    this.type = new Typesetter(doc, fonts, this.tags, lang, rtl);
    this.footnotes = new FootnoteArea(doc, this.type, this.tags);
    this.columns = new ColumnPlanner(this.type);
    this.pageNumbers = new PageNumbers(doc, this.type);
  }

  /** Draw one letter from where the page stands, its notes at the foot of the pages that refer to them. */
  letter(blocks: readonly Block[]): void {
    const page = this.doc.page;
    const width = textWidth(page);
    this.footnotes.setNotes(
      blocks.flatMap((b): readonly Note[] => (b.kind === 'footnotes' ? b.notes : [])),
      width,
    );
    this.blocks(
      blocks.filter((b) => b.kind !== 'footnotes'),
      textLeft(page),
      width,
    );
  }

  /** Start the next letter of a combined PDF on a new, unnumbered page 1; its notes stay on its pages. */
  nextLetter(): void {
    this.footnotes.placeAll();
    this.pageNumbers.restart();
    this.doc.addPage();
  }

  /** Place the last notes (on pages of their own if they run on), then close the structure. */
  finish(): void {
    this.footnotes.placeAll();
    this.tags.end();
  }

  /** Where body text must end on this page: above the notes it carries. */
  private get bottom(): number {
    return textBottom(this.doc.page) - this.footnotes.reserved();
  }

  /** Start a new page unless `height` more points fit on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom && this.doc.y > this.doc.page.margins.top) this.newPage();
  }

  /** A new page, this one's notes drawn at its foot first. */
  private newPage(): void {
    this.footnotes.newPage();
  }

  /**
   * Draw lines in a column from `x`, `width` wide, starting a new page whenever the next line
   * does not fit, with room at the foot of the page for the notes it refers to. Right to left,
   * each line starts at the column's right edge.
   */
  private drawLines(lines: Line[], x: number, width: number): void {
    const doc = this.doc;
    const height = this.type.lineHeight();
    for (const line of lines) {
      const notes = this.footnotes.newNotes(line);
      this.ensure(height + this.footnotes.growth(notes));
      this.footnotes.add(notes);
      const y = doc.y;
      this.type.drawLine(line, x, y, width);
      doc.y = y + height;
    }
    doc.fillColor(TEXT_COLOR);
    doc.x = textLeft(doc.page);
  }

  private runs(runs: Run[], x: number, width: number): void {
    this.drawLines(this.type.layout(runs, width), x, width);
  }

  private blocks(blocks: readonly Block[], x: number, width: number): void {
    this.columns.planNames(blocks, width);
    blocks.forEach((block, i) => {
      const next = blocks[i + 1];
      // A heading or "Sincerely," never ends a page alone: it moves with the start of what follows.
      if (next && keepsWithNext(block)) this.ensure(this.keepHeight(blocks, i, width));
      this.block(block, x, width, next, i > 0 && headsNames(blocks[i - 1]!, block));
      if (next) this.doc.y += headsNames(block, next) ? NAMES_HEADING_GAP : PARAGRAPH_GAP;
    });
  }

  /** The type a heading is set in: a group heading over names small, any other by its level. */
  private headingType(block: Extract<Block, { kind: 'heading' }>, next: Block | undefined): TypeSize {
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
      own = this.type.withType(this.headingType(block, next), () => this.type.layout(block.runs, width).length * this.type.lineHeight());
    } else if (block.kind === 'paragraph') {
      own = this.type.layout(block.runs, width).length * this.type.lineHeight();
    }
    const gap = headsNames(block, next) ? NAMES_HEADING_GAP : 2 * PARAGRAPH_GAP;
    const rest = keepsWithNext(next) && blocks[i + 2] ? this.keepHeight(blocks, i + 1, width) : this.leadHeight(next, width);
    return own + gap + rest;
  }

  /** The height of the first piece of a block that must not be separated from what precedes it. */
  private leadHeight(block: Block, width: number): number {
    if (isNames(block)) {
      // The first names of its first column.
      const plan = this.columns.planFor(block, width);
      const first = plan.entries.slice(0, NAMES_KEPT);
      return first.reduce((h, lines) => h + lines.length * plan.lineHeight, 0) + Math.max(0, first.length - 1) * plan.gap;
    }
    if (block.kind === 'signatures') {
      const columns = block.columns;
      const colWidth = columnWidth(width, columns);
      return this.type.withType(signatureType(block), () => {
        const first = block.signatures.slice(0, columns).map((runs) => this.type.layout(runs, colWidth).length);
        return Math.max(0, ...first) * this.type.lineHeight();
      });
    }
    return 2 * this.type.lineHeight();
  }

  /** Draw one block; `next` is the block after it, `tight` says a group heading stands right above. */
  private block(block: Block, x: number, width: number, next?: Block, tight = false): void {
    switch (block.kind) {
      case 'paragraph': {
        const role = roleOf(block.role);
        this.doc.y += role.gapBefore * PARAGRAPH_GAP;
        this.tags.tagged('P', () => this.runs(block.runs, x, width), languageOf(block.runs));
        this.doc.y += role.gapAfter * PARAGRAPH_GAP;
        return;
      }
      case 'heading':
        this.type.withType(this.headingType(block, next), () =>
          this.tags.tagged(`H${block.level}`, () => this.runs(block.runs, x, width), languageOf(block.runs)),
        );
        return;
      case 'quote':
        this.tags.group('BlockQuote', () => this.blocks(block.blocks, this.rtl ? x : x + QUOTE_INDENT, width - QUOTE_INDENT));
        return;
      case 'list':
        this.tags.group('L', () => this.list(block, x, width));
        return;
      case 'footnotes':
        return; // placed at the foot of the pages that refer to them
      case 'signatures':
        if (!tight) this.doc.y += BLOCK_ROLES.signatories.gapBefore * PARAGRAPH_GAP;
        // One element for all the signatures: a P each would cost 10,000 structure elements.
        this.type.withType(signatureType(block), () =>
          this.tags.tagged('Div', () =>
            block.layout === undefined
              ? this.signatures(block.signatures, block.columns, x, width, signatureGap(block))
              : this.signatureColumns(this.columns.planFor(block, width), x),
          ),
        );
        this.columns.forget(block);
        return;
    }
  }

  private list(block: Extract<Block, { kind: 'list' }>, x: number, width: number): void {
    const doc = this.doc;
    const indent = block.ordered ? LIST_INDENT + 6 : LIST_INDENT;
    block.items.forEach((item, i) => {
      if (i > 0) doc.y += PARAGRAPH_GAP;
      this.ensure(this.type.lineHeight());
      const y = doc.y;
      const marker = block.ordered ? `${this.type.number(block.start + i)}.` : '•';
      // Right to left, the marker stands at the right and the item's text to its left.
      const markerX = this.rtl ? x + width - indent : x;
      this.tags.group('LI', () => {
        this.tags.tagged('Lbl', () =>
          this.drawLines(this.type.layout([{ text: marker, bold: false, italic: false }], indent), markerX, indent),
        );
        doc.y = y;
        this.tags.group('LBody', () => this.blocks(item, this.rtl ? x : x + indent, width - indent));
      });
    });
  }

  /** Signature blocks in a grid, row by row, each block kept whole on one page. */
  private signatures(signatures: Run[][], columns: number, x: number, width: number, gap: number): void {
    const doc = this.doc;
    const colWidth = columnWidth(width, columns);
    const lineHeight = this.type.lineHeight();
    for (let row = 0; row < signatures.length; row += columns) {
      const cells = signatures.slice(row, row + columns).map((runs) => this.type.layout(runs, colWidth));
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
}

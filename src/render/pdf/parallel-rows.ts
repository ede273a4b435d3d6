/*
 * The PDF stage's text beside its translation (`render --bilingual` with `bilingual: columns`):
 * a row of two columns, one language each, read across. A row is measured whole and kept on one
 * page with the notes it refers to; one taller than a page is set one language after the other.
 * Each paragraph is tagged with its language and set in its own direction.
 */
import type { Block, Run } from '../document/tree.js';
import type { Line } from '../inline/line-breaker.js';
import { isRtlLanguage } from '../inline/runs.js';
import type { FootnoteArea } from './footnotes.js';
import { PARAGRAPH_GAP, PARALLEL_GUTTER, QUOTE_INDENT, textBottom, type TypeSize } from './page-style.js';
import type { Typesetter } from './typesetter.js';

/** The language every run of a paragraph is marked with (a passage, a side of a bilingual document): its /Lang. */
export function languageOf(runs: readonly Run[]): string | undefined {
  const lang = runs[0]?.lang;
  return lang !== undefined && runs.every((r) => r.lang === lang) ? lang : undefined;
}

/** A paragraph's own base direction when its language is marked: an Arabic one beside its English original runs right to left. */
export function directionOf(runs: readonly Run[]): boolean | undefined {
  const lang = languageOf(runs);
  return lang === undefined ? undefined : isRtlLanguage(lang);
}

type Row = Extract<Block, { kind: 'parallel' }>;

/** What the page layout lends the rows: its type, notes and page, and the flow that draws blocks in a column. */
export interface RowHost {
  doc: PDFKit.PDFDocument;
  type: Typesetter;
  footnotes: FootnoteArea;
  /** The letter is laid out right to left: its first language's column stands at the right. */
  rtl: boolean;
  ensure(height: number): void;
  draw(blocks: readonly Block[], x: number, width: number, trail: number): void;
  gaps: { between(block: Block, next: Block): number; before(block: Block): number; after(block: Block): number };
  headingType(block: Extract<Block, { kind: 'heading' }>, next: Block | undefined): TypeSize;
  listIndent(block: Extract<Block, { kind: 'list' }>): number;
}

export class ParallelRows {
  constructor(private readonly host: RowHost) {}

  /** Each column's width, the row's height with the notes it refers to, and whether it fits on a page. */
  measure(row: Row, width: number): { column: number; height: number; fits: boolean } {
    const { footnotes, doc } = this.host;
    const count = Math.max(1, row.sides.length);
    const column = (width - PARALLEL_GUTTER * (count - 1)) / count;
    const lines: Line[] = [];
    const height = Math.max(0, ...row.sides.map((side) => this.height(side, column, lines)));
    const foot = lines.length === 0 ? 0 : Math.max(0, footnotes.footAfter(lines)[lines.length - 1]! - footnotes.reserved());
    const page = textBottom(doc.page) - doc.page.margins.top;
    return { column, height: height + foot, fits: height + foot <= page };
  }

  /** The height blocks take in a column `width` wide, as the flow draws them; their lines gathered into `lines` (for their notes). */
  private height(blocks: readonly Block[], width: number, lines: Line[]): number {
    const { type, gaps } = this.host;
    let height = 0;
    const laid = (runs: Run[]): number =>
      type.inDirection(directionOf(runs), () => {
        const own = type.layout(runs, width);
        lines.push(...own);
        return own.length * type.lineHeight();
      });
    blocks.forEach((block, i) => {
      if (i > 0) height += gaps.between(blocks[i - 1]!, block);
      height += gaps.before(block) + gaps.after(block);
      if (block.kind === 'paragraph') height += laid(block.runs);
      else if (block.kind === 'heading') height += type.withType(this.host.headingType(block, blocks[i + 1]), () => laid(block.runs));
      else if (block.kind === 'quote') height += this.height(block.blocks, width - QUOTE_INDENT, lines);
      else if (block.kind === 'list') {
        const indent = this.host.listIndent(block);
        block.items.forEach((item, k) => {
          height += (k > 0 ? PARAGRAPH_GAP : 0) + Math.max(type.lineHeight(), this.height(item, width - indent, lines));
        });
      }
    });
    return height;
  }

  /**
   * Draw a row: the first language's column first (at the right in a letter written right to
   * left), so a screen reader reads each text and then its translation.
   */
  draw(row: Row, x: number, width: number, trail: number): void {
    const { doc } = this.host;
    const { column, height, fits } = this.measure(row, width);
    const last = row.sides.length - 1;
    if (!fits) {
      row.sides.forEach((side, k) => {
        if (k > 0) doc.y += PARAGRAPH_GAP;
        this.host.draw(side, x, width, k === last ? trail : 0);
      });
      return;
    }
    this.host.ensure(height);
    const top = doc.y;
    let bottom = top;
    row.sides.forEach((side, k) => {
      doc.y = top;
      const at = this.host.rtl ? last - k : k;
      this.host.draw(side, x + at * (column + PARALLEL_GUTTER), column, 0);
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
  }
}

/*
 * Signatories in columns, planned before they are drawn: for a compact list (names, lines),
 * how many columns, how wide, and each entry's lines. The names lists of a letter are planned
 * together, so its groups stand in one grid; column-flow.ts then fills the columns page by page.
 */
import type { Block, Run } from '../document/tree.js';
import type { Line } from '../inline/line-breaker.js';
import { chooseColumns } from './column-flow.js';
import {
  BODY_SIZE,
  COMPACT_GAP,
  LEADING,
  NAMES_GAP,
  NAMES_GUTTER,
  NAMES_INDENT,
  NAMES_LEADING,
  NAMES_SHORTEST_LAST,
  NAMES_SIZE,
  SIGNATURE_GAP,
  SIGNATURE_GUTTER,
  type TypeSize,
} from './page-style.js';
import type { Typesetter } from './typesetter.js';

export type Signatures = Extract<Block, { kind: 'signatures' }>;

type Names = Signatures & { layout: 'names' };

/** A block of signatories in the names layout. */
export function isNames(block: Block | undefined): block is Names {
  return block?.kind === 'signatures' && block.layout === 'names';
}

/** The width of one column of signature blocks. */
export function columnWidth(width: number, columns: number): number {
  return (width - SIGNATURE_GUTTER * (columns - 1)) / columns;
}

/** Space between rows of signatures: blocks need it to tell people apart; one-line entries less. */
export function signatureGap(block: Signatures): number {
  return block.layout === undefined ? SIGNATURE_GAP : block.layout === 'names' ? NAMES_GAP : COMPACT_GAP;
}

/** Type size and leading of a block of signatures: a compact list of names is set smaller and tighter. */
export function signatureType(block: Signatures): TypeSize {
  return block.layout === 'names' ? { size: NAMES_SIZE, leading: NAMES_LEADING } : { size: BODY_SIZE, leading: LEADING };
}

/** A compact list (names, lines) laid out for its columns: how many, how wide, each entry's lines. */
export interface ColumnPlan {
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

/** The column plans of the compact lists of the letter being drawn. */
export class ColumnPlanner {
  /** Compact lists laid out ahead, so the columns chosen for a letter's names are the same in every group. */
  private readonly plans = new Map<Block, ColumnPlan>();

  constructor(private readonly type: Typesetter) {}

  /**
   * Lay out ahead the names lists of `blocks` that follow one another with only group
   * headings and notes between them: they share one column count, chosen from the widths of
   * all their names, so the groups of a letter stand in one grid.
   */
  planNames(blocks: readonly Block[], width: number): void {
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
    this.type.withType({ size: NAMES_SIZE, leading: NAMES_LEADING }, () => {
      // Each name on one line first: its width decides the columns, and most keep that line.
      const natural = run.map((block) =>
        block.signatures.map((runs) => this.type.layout(runs, Number.POSITIVE_INFINITY, { bindAbbreviations: true })),
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
          lineHeight: this.type.lineHeight(),
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
    const lines = this.type.layout(runs, width, { rest: width - NAMES_INDENT, bindAbbreviations: true });
    const short = (ls: Line[]): boolean => ls.length > 1 && ls[ls.length - 1]!.width < NAMES_SHORTEST_LAST * width;
    if (!short(lines)) return lines;
    for (const narrower of [0.9, 0.8, 0.7]) {
      const w = narrower * width;
      const again = this.type.layout(runs, w, { rest: w - NAMES_INDENT, bindAbbreviations: true });
      if (again.length === lines.length && !short(again)) return again;
    }
    return lines;
  }

  /** The plan of a compact list: names as planned ahead, lines in the template's columns. */
  planFor(block: Signatures, width: number): ColumnPlan {
    const planned = this.plans.get(block);
    if (planned) return planned;
    if (isNames(block)) {
      this.planRun([block], width);
      return this.plans.get(block)!;
    }
    const columns = block.columns;
    const colWidth = columnWidth(width, columns);
    return this.type.withType(signatureType(block), () => ({
      columns,
      columnWidth: colWidth,
      gutter: SIGNATURE_GUTTER,
      gap: signatureGap(block),
      indent: 0,
      lineHeight: this.type.lineHeight(),
      entries: block.signatures.map((runs) => this.type.layout(runs, colWidth)),
    }));
  }

  /** Let a list's plan go once the list is drawn: a 10,000-name plan need not outlive its list. */
  forget(block: Block): void {
    this.plans.delete(block);
  }
}

/*
 * A signatory list down the pages: each page decided (page-breaks.ts) and drawn before the
 * next is laid out, in a grid (blocks) or newspaper columns (lines, names); what its start
 * needs at the foot of a page, for the headings and the signoff kept with it.
 */
import type { Line } from '../inline/line-breaker.js';
import { fillColumns, fillHeight, fillRows, type PageFill } from './column-flow.js';
import { type ListPage, listPage } from './page-breaks.js';
import { LIST_KEPT, SHORT_LIST_LINES } from './page-style.js';
import type { Picture } from '../pictures.js';
import { fitPicture, type Size } from './picture-draw.js';
import type { ListPlan } from './signatory-columns.js';
import { LOGO_NAME_GAP } from './page-style.js';

/** The page being filled, as the flow (layout.ts) keeps it. */
export interface PageRoom {
  /** Where body text must end on this page: above the notes it carries. */
  bottom(): number;
  /** Nothing is drawn on this page yet. */
  blank(): boolean;
  newPage(): void;
  /** Draw lines in a column, starting a new page when the next does not fit. */
  drawLines(lines: Line[], x: number, width: number): void;
  /** Draw a picture at (x, y); with `alt`, a Figure that says it, else decoration beside its printed name. */
  drawPicture(picture: Picture, x: number, y: number, size: Size, alt?: string): void;
}

/** Draws signatory lists page by page, and measures the start of one. */
export class SignatureFlow {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly page: PageRoom,
    /** Laid out right to left: the first column is the rightmost. */
    private readonly rtl: boolean,
  ) {}

  /** The entries from `start` that fit in `available` points, at most `most`, rows closed up when `tight`. */
  private fill(plan: ListPlan, start: number, available: number, most?: number, tight = false): PageFill {
    const gap = tight ? plan.tightGap : plan.gap;
    return plan.grid
      ? fillRows(plan, start, plan.columns, available, gap, most)
      : fillColumns(plan, start, plan.columns, available, gap, most);
  }

  /** The whole list on one page as tall as it needs, its columns balanced. */
  private whole(plan: ListPlan): PageFill {
    let total = 0;
    for (let i = 0; i < plan.length; i++) total += plan.at(i)! + plan.gap;
    return this.fill(plan, 0, total);
  }

  /** The whole list's height on one page. */
  wholeHeight(plan: ListPlan): number {
    return fillHeight(plan, this.whole(plan), plan.grid, plan.gap);
  }

  /** How many lines the list takes on one page, set in its columns, when that is eight or fewer. */
  shortLines(plan: ListPlan): number | undefined {
    // Each row holds a line at least: more rows than that is no short list, without laying it out.
    if (Math.ceil(plan.length / plan.columns) > SHORT_LIST_LINES) return undefined;
    const page = this.whole(plan);
    const lines = (i: number): number => plan.lineCount(i);
    const total = plan.grid
      ? page.columns.reduce((n, row) => n + Math.max(...row.map(lines)), 0)
      : Math.max(0, ...page.columns.map((column) => column.reduce((n, i) => n + lines(i), 0)));
    return total <= SHORT_LIST_LINES ? total : undefined;
  }

  /** A list of eight lines or fewer, as set in its columns: never split. */
  private short(plan: ListPlan): boolean {
    return this.shortLines(plan) !== undefined;
  }

  /** A list that is never split: eight lines or fewer, or too few entries to leave three on each of two pages. */
  unsplit(plan: ListPlan): boolean {
    return plan.length < 2 * LIST_KEPT || this.short(plan);
  }

  /**
   * The height the start of a list needs at the foot of a page: the rows holding its first
   * three entries, or all of a list too short to split (eight lines, or fewer than three
   * entries for each of two pages).
   */
  lead(plan: ListPlan): number {
    if (plan.length === 0) return 0;
    if (this.unsplit(plan)) return this.wholeHeight(plan);
    if (plan.grid) {
      const rows = Math.ceil(LIST_KEPT / plan.columns);
      return fillHeight(plan, fillRows(plan, 0, plan.columns, Number.POSITIVE_INFINITY, plan.gap, rows * plan.columns), true, plan.gap);
    }
    // The shortest columns that hold three entries: a run of them stacked in one column, at most.
    const heights = [0, 1, 2].map((i) => plan.at(i)!);
    const candidates: number[] = [];
    for (let a = 0; a < LIST_KEPT; a++) {
      let h = -plan.gap;
      for (let b = a; b < LIST_KEPT; b++) {
        h += heights[b]! + plan.gap;
        candidates.push(h);
      }
    }
    candidates.sort((p, q) => p - q);
    return (
      candidates.find((h) => fillColumns(plan, 0, plan.columns, h + 0.01, plan.gap, LIST_KEPT).next >= LIST_KEPT) ?? candidates.at(-1)!
    );
  }

  /**
   * The entries from `start` that go on this page, or undefined to start a new page first;
   * `trail` is the height of what must follow the list's last entries on their page (the
   * last groups, when they hold fewer than three entries between them).
   */
  private decide(plan: ListPlan, start: number, trail: number): ListPage | undefined {
    // A hair of slack: the same sums, added in another order, must not differ by a rounding.
    const available = this.page.bottom() - this.doc.y - 0.01;
    const decided = listPage((most, tight) => this.fill(plan, start, available, most, tight), {
      start,
      count: plan.length,
      fresh: this.page.blank(),
      short: this.short(plan),
      trailFits: (page, tight) => trail === 0 || fillHeight(plan, page, plan.grid, tight ? plan.tightGap : plan.gap) + trail <= available,
    });
    // Not one entry fits what is left of the page.
    if (decided?.page.next === start && !this.page.blank()) return undefined;
    return decided;
  }

  /** Whether the list starts on this page (so a structure element opened for it starts here too). */
  startsHere(plan: ListPlan, trail = 0): boolean {
    return plan.length === 0 || this.decide(plan, 0, trail) !== undefined;
  }

  /** Draw a list from where the page stands, a page at a time. */
  draw(plan: ListPlan, x: number, trail = 0): void {
    const count = plan.length;
    let start = 0;
    while (start < count) {
      const decided = this.decide(plan, start, trail);
      if (decided === undefined) {
        this.page.newPage();
        continue;
      }
      // Taller than a whole page, on a page of its own: it goes alone and runs over pages as ordinary lines do.
      const page = decided.page.next === start ? { columns: [[start]], next: start + 1 } : decided.page;
      const gap = decided.tight ? plan.tightGap : plan.gap;
      if (plan.grid) this.drawRows(plan, page, x, gap);
      else this.drawColumns(plan, page, x, gap);
      start = page.next;
      plan.drawnUpTo(start);
      if (start < count) this.page.newPage();
    }
  }

  /** Where column `c` starts; right to left, the first column is the rightmost. */
  private columnX(plan: ListPlan, x: number, c: number): number {
    const at = this.rtl ? plan.columns - 1 - c : c;
    return x + at * (plan.columnWidth + plan.gutter);
  }

  /** Signature blocks row by row, each row as tall as its tallest block. */
  private drawRows(plan: ListPlan, page: PageFill, x: number, gap: number): void {
    const doc = this.doc;
    if (plan.logos) {
      this.drawLogoRows(plan, page, x, gap);
      return;
    }
    page.columns.forEach((row, r) => {
      if (r > 0) doc.y += gap;
      const top = doc.y;
      let bottom = top;
      row.forEach((i, c) => {
        doc.y = top;
        this.page.drawLines(plan.lines(i), this.columnX(plan, x, c), plan.columnWidth);
        bottom = Math.max(bottom, doc.y);
      });
      doc.y = bottom;
    });
  }

  /** A logo wall row by row: each logo centred in its box, its name centred under it; a name alone centred in the box. */
  private drawLogoRows(plan: ListPlan, page: PageFill, x: number, gap: number): void {
    const doc = this.doc;
    const logos = plan.logos!;
    const { box } = logos;
    page.columns.forEach((row, r) => {
      if (r > 0) doc.y += gap;
      const top = doc.y;
      let bottom = top;
      row.forEach((i, c) => {
        const left = this.columnX(plan, x, c);
        const lines = plan.lines(i);
        const picture = logos.pictures[i];
        let y = top;
        if (picture !== undefined) {
          const size = fitPicture(picture, box);
          this.page.drawPicture(
            picture,
            left + (box.width - size.width) / 2,
            top + (box.height - size.height) / 2,
            size,
            logos.hideNames ? plan.text(i) : undefined,
          );
          y = top + box.height + LOGO_NAME_GAP;
        } else {
          y = top + Math.max(0, (box.height - lines.length * plan.lineHeight) / 2);
        }
        if (picture === undefined || !logos.hideNames) {
          lines.forEach((line, k) => {
            doc.y = y + k * plan.lineHeight;
            this.page.drawLines([line], left + (box.width - line.width) / 2, line.width);
          });
        }
        bottom = Math.max(bottom, top + plan.at(i)!);
      });
      doc.y = bottom;
    });
  }

  /** Entries in newspaper columns, a wrapped entry's further lines hanging. */
  private drawColumns(plan: ListPlan, page: PageFill, x: number, gap: number): void {
    const doc = this.doc;
    const { columnWidth: width, indent } = plan;
    const top = doc.y;
    let bottom = top;
    page.columns.forEach((column, c) => {
      doc.y = top;
      const left = this.columnX(plan, x, c);
      column.forEach((i, k) => {
        if (k > 0) doc.y += gap;
        const [first, ...rest] = plan.lines(i);
        if (first) this.page.drawLines([first], left, width);
        // Indented from the side the line starts on.
        if (rest.length > 0) this.page.drawLines(rest, this.rtl ? left : left + indent, width - indent);
      });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
  }
}

/** A piece of a run of signatory lists: a list, or a group heading or note between two. */
export interface RunPiece {
  /** The space above it. */
  gap: number;
  /** A list, or the height of a heading or note. */
  list?: ListPlan;
  height?: number;
}

/** A run's height on one page when its lists take eight lines or fewer together. */
function shortRun(pieces: readonly RunPiece[], flow: SignatureFlow): number | undefined {
  let lines = 0;
  let height = 0;
  for (const [k, piece] of pieces.entries()) {
    const short = piece.list === undefined ? 0 : flow.shortLines(piece.list);
    if (short === undefined) return undefined;
    lines += short;
    if (lines > SHORT_LIST_LINES) return undefined;
    height += (k > 0 ? piece.gap : 0) + (piece.list ? flow.wholeHeight(piece.list) : piece.height!);
  }
  return height;
}

/**
 * What the start of a run of lists needs at the foot of a page, from the top of its first
 * piece. From the run's first list (`first`): all of it when its lists take eight lines or
 * fewer together (a signature section that short is never split, whatever its sections and
 * groups); otherwise lists and headings down to three entries (whole lists, while they hold
 * fewer), the list that reaches three by its own first three. From a later list: its own
 * first three entries, or all that is left of the run when that is fewer than three.
 */
export function runStart(pieces: readonly RunPiece[], flow: SignatureFlow, first: boolean): number {
  const whole = first ? shortRun(pieces, flow) : undefined;
  if (whole !== undefined) return whole;
  // A list's first three entries; all of one never split, and then what must follow its end too.
  const lead = (k: number): number => {
    const list = pieces[k]!.list!;
    return flow.lead(list) + (flow.unsplit(list) ? runRest(pieces.slice(k + 1), flow) : 0);
  };
  if (!first) {
    const rest = runRest(pieces, flow);
    return rest > 0 ? rest - pieces[0]!.gap : lead(0);
  }
  let height = 0;
  let entries = 0;
  for (const [k, piece] of pieces.entries()) {
    const gap = k > 0 ? piece.gap : 0;
    if (piece.list === undefined) {
      height += gap + piece.height!;
      continue;
    }
    if (entries + piece.list.length >= LIST_KEPT || piece.list.length >= LIST_KEPT) return height + gap + lead(k);
    height += gap + flow.wholeHeight(piece.list);
    entries += piece.list.length;
  }
  return height;
}

/**
 * The pieces after a list that must stand on the page of its last entries: the rest of the
 * run, when its lists hold fewer than three entries between them, so the last page never
 * shows a lone group of one or two. Its height, from the end of the list; 0 for none.
 */
export function runRest(pieces: readonly RunPiece[], flow: SignatureFlow): number {
  let entries = 0;
  let height = 0;
  for (const piece of pieces) {
    if (piece.list) entries += piece.list.length;
    if (entries >= LIST_KEPT) return 0;
    height += piece.gap + (piece.list ? flow.wholeHeight(piece.list) : piece.height!);
  }
  return entries === 0 ? 0 : height;
}

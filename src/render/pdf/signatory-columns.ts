/*
 * Signatories in columns, planned before they are drawn: how many columns, how wide, and how
 * each entry is laid out in them. The lists of a letter that follow one another with only
 * group headings between them are planned together, so its groups stand in one grid; the
 * count comes from the widths of the entries (the most in which few wrap) unless the letter
 * or template fixes it. Entries are laid out when their page asks for them and let go once
 * drawn: 10,000 names never sit laid out at once.
 */
import type { Block, Run } from '../document/tree.js';
import type { Line } from '../inline/line-breaker.js';
import type { Picture } from '../pictures.js';
import { chooseColumns, type Heights } from './column-flow.js';
import {
  BODY_SIZE,
  COMPACT_GAP,
  LEADING,
  LINES_INDENT,
  LOGO_GUTTER,
  LOGO_NAME_GAP,
  LOGO_ROW_GAP,
  logoBox,
  NAMES_GAP,
  NAMES_GUTTER,
  NAMES_INDENT,
  NAMES_LEADING,
  NAMES_SHORTEST_LAST,
  NAMES_SIZE,
  SIGNATURE_GAP,
  SIGNATURE_GUTTER,
  TIGHT_GAP_SHARE,
  type TypeSize,
} from './page-style.js';
import type { Typesetter } from './typesetter.js';

export type Signatures = Extract<Block, { kind: 'signatures' }>;

type Names = Signatures & { layout: 'names' };

/** A block of signatories in the names layout. */
export function isNames(block: Block | undefined): block is Names {
  return block?.kind === 'signatures' && block.layout === 'names';
}

/** Space between rows of signatures: blocks need it to tell people apart; one-line entries less. */
export function signatureGap(block: Signatures): number {
  if (block.layout === 'logos') return LOGO_ROW_GAP;
  return block.layout === undefined ? SIGNATURE_GAP : block.layout === 'names' ? NAMES_GAP : COMPACT_GAP;
}

/** Type size and leading of a block of signatories: a compact list of names is set smaller and tighter. */
export function signatureType(block: Signatures): TypeSize {
  return block.layout === 'names' || block.layout === 'logos'
    ? { size: NAMES_SIZE, leading: NAMES_LEADING }
    : { size: BODY_SIZE, leading: LEADING };
}

/** A logo wall's entries: each logo fitted into one box, its name under it (unless hidden), a name alone in the box where there is no logo. */
export interface LogoWall {
  box: { width: number; height: number };
  pictures: readonly (Picture | undefined)[];
  hideNames: boolean;
}

/** How many entries' widths choose the columns: a long list is measured on an even sample of this many. */
const SAMPLE = 1000;

/** A signatory list laid out for its columns, its entries laid out as their page asks for them. */
export class ListPlan implements Heights {
  private readonly laidOut = new Map<number, Line[]>();
  readonly length: number;

  constructor(
    /** Signature blocks row by row (blocks), or newspaper columns (lines, names). */
    readonly grid: boolean,
    readonly columns: number,
    readonly columnWidth: number,
    readonly gutter: number,
    /** Space between entries (rows of a grid). */
    readonly gap: number,
    /** The space between entries when the list closes up to end on the page. */
    readonly tightGap: number,
    /** How far an entry's second and later lines stand in. */
    readonly indent: number,
    readonly lineHeight: number,
    private readonly entries: Run[][],
    private readonly layOut: (runs: Run[]) => Line[],
    /** The logos layout: entries are boxes of one height, a name under each logo. */
    readonly logos?: LogoWall,
  ) {
    this.length = entries.length;
  }

  /** Entry `i`'s text, for a logo's /Alt. */
  text(i: number): string {
    return (this.entries[i] ?? []).map((r) => r.text.replace(/\n/g, ' ')).join('');
  }

  /** How many lines of text entry `i` counts as, for the rule that a short list is never split: a logo counts as the lines it is tall. */
  lineCount(i: number): number {
    return this.logos ? Math.ceil(this.at(i)! / this.lineHeight) : this.lines(i).length;
  }

  /** Entry `i`'s lines. */
  lines(i: number): Line[] {
    let lines = this.laidOut.get(i);
    if (lines === undefined) {
      lines = this.layOut(this.entries[i]!);
      this.laidOut.set(i, lines);
    }
    return lines;
  }

  /** Entry `i`'s height in points. */
  at(i: number): number | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const text = this.lines(i).length * this.lineHeight;
    const logos = this.logos;
    if (logos === undefined) return text;
    if (logos.pictures[i] === undefined) return Math.max(logos.box.height, text);
    return logos.hideNames ? logos.box.height : logos.box.height + LOGO_NAME_GAP + text;
  }

  /** Let the entries before `next` go: they are drawn. */
  drawnUpTo(next: number): void {
    for (const i of this.laidOut.keys()) if (i < next) this.laidOut.delete(i);
  }
}

/** The column plans of the signatory lists of the letter being drawn. */
export class ColumnPlanner {
  /** Lists planned ahead, so the columns chosen for a letter's groups are the same in each. */
  private readonly plans = new Map<Block, ListPlan>();

  constructor(private readonly type: Typesetter) {}

  /**
   * Plan the signatory lists of `blocks` that follow one another with only group headings
   * and notes between them, in one layout: they share one column count, chosen from the
   * widths of all their entries, so the groups of a section stand in one grid.
   */
  plan(blocks: readonly Block[], width: number): void {
    let run: Signatures[] = [];
    const flush = (): void => {
      if (run.length > 0) this.planRun(run, width);
      run = [];
    };
    for (const block of blocks) {
      if (block.kind === 'signatures') {
        if (run.length > 0 && run[0]!.layout !== block.layout) flush();
        run.push(block);
      } else if (!(block.kind === 'heading' && block.level === 3) && !(block.kind === 'paragraph' && block.role === 'note')) flush();
    }
    flush();
  }

  /** The plan of a list: as planned ahead with its neighbours, or alone. */
  planFor(block: Signatures, width: number): ListPlan {
    if (!this.plans.has(block)) this.planRun([block], width);
    return this.plans.get(block)!;
  }

  /** Let a list's plan go once the list is drawn. */
  forget(block: Block): void {
    this.plans.delete(block);
  }

  private planRun(run: readonly Signatures[], width: number): void {
    const first = run[0]!;
    const layout = first.layout ?? 'blocks';
    if (layout === 'logos') {
      this.planLogos(run, width);
      return;
    }
    const names = layout === 'names';
    const gutter = names ? NAMES_GUTTER : SIGNATURE_GUTTER;
    const type = signatureType(first);
    this.type.withType(type, () => {
      const most = Math.max(...run.map((b) => b.columns));
      const least = Math.min(most, ...run.map((b) => b.minColumns ?? b.columns));
      const columns = least === most ? most : chooseColumns(this.widths(run, names), most, width, gutter, least);
      const colWidth = (width - gutter * (columns - 1)) / columns;
      const indent = names ? NAMES_INDENT : layout === 'lines' && columns > 1 ? LINES_INDENT : 0;
      const gap = signatureGap(first);
      const lineHeight = this.type.lineHeight();
      for (const block of run) {
        const layOut = (runs: Run[]): Line[] => this.type.withType(type, () => this.entryLines(runs, colWidth, indent, names));
        this.plans.set(
          block,
          new ListPlan(
            layout === 'blocks',
            columns,
            colWidth,
            gutter,
            gap,
            gap * TIGHT_GAP_SHARE,
            indent,
            lineHeight,
            block.signatures,
            layOut,
          ),
        );
      }
    });
  }

  /** A logo wall: as many columns as the list asks (four by default), each a logo's box wide, names centred under the logos. */
  private planLogos(run: readonly Signatures[], width: number): void {
    const first = run[0]!;
    const type = signatureType(first);
    const columns = Math.max(...run.map((b) => b.columns));
    const box = logoBox(width, columns);
    this.type.withType(type, () => {
      const lineHeight = this.type.lineHeight();
      for (const block of run) {
        const layOut = (runs: Run[]): Line[] => this.type.withType(type, () => this.type.layout(runs, box.width));
        const logos: LogoWall = { box, pictures: block.pictures ?? [], hideNames: block.hideNames === true };
        const gap = signatureGap(first);
        this.plans.set(
          block,
          new ListPlan(true, columns, box.width, LOGO_GUTTER, gap, gap * TIGHT_GAP_SHARE, 0, lineHeight, block.signatures, layOut, logos),
        );
      }
    });
  }

  /** Each entry's widest line set on one line, over an even sample of a long run. */
  private widths(run: readonly Signatures[], names: boolean): number[] {
    const entries = run.flatMap((b) => b.signatures);
    const step = Math.max(1, Math.ceil(entries.length / SAMPLE));
    const widths: number[] = [];
    for (let i = 0; i < entries.length; i += step) {
      const lines = this.type.layout(entries[i]!, Number.POSITIVE_INFINITY, { bindAbbreviations: names });
      widths.push(Math.max(0, ...lines.map((l) => l.width)));
    }
    return widths;
  }

  /** An entry's lines in its column: on one line where it fits, else wrapped, the further lines indented by `indent`. */
  private entryLines(runs: Run[], width: number, indent: number, names: boolean): Line[] {
    if (!names) return this.type.layout(runs, width, indent > 0 ? { rest: width - indent } : undefined);
    const natural = this.type.layout(runs, Number.POSITIVE_INFINITY, { bindAbbreviations: true });
    return natural.length === 1 && natural[0]!.width <= width ? natural : this.breakName(runs, width);
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
}

/**
 * Where a page breaks, as a typesetter would have it: the decisions alone, over counts of
 * lines and entries that fit, so they can be read and tested apart from drawing. A paragraph
 * leaves no line alone at the foot or the head of a page; the text's last lines go over with
 * the signoff when it must; a signatory list leaves no fewer than three entries on a page,
 * at its start or its end, and a short one is never split.
 */
import type { PageFill } from './signatures/column-flow.js';
import { LIST_KEPT, MIN_LINES } from './page-style.js';

/** What a paragraph's break is decided from, on the page where its next line would go. */
export interface ParagraphRoom {
  /** Lines of the paragraph still to draw. */
  left: number;
  /** How many of them fit on this page, with the notes they refer to. */
  fit: number;
  /** All of them fit, and so does what must follow them on this page (the signoff and the first signatures). */
  allFit: boolean;
  /** Nothing is drawn on this page yet: moving on would leave it empty. */
  fresh: boolean;
  /** Something must follow the paragraph's last lines on their page, and it fits on a page with two of them. */
  tail: boolean;
}

/**
 * How many of a paragraph's remaining lines go on this page; 0 moves them all to the next.
 * Never one line alone at the foot of a page (an orphan) nor at the head of the next (a
 * widow): a paragraph of two or three lines moves whole. When what must follow the text's
 * last lines (the signoff and the first signatures) does not fit after them, the last two go
 * over with it. A fresh page always takes something, so no page is left empty.
 */
export function linesHere({ left, fit, allFit, fresh, tail }: ParagraphRoom): number {
  if (allFit) return left;
  if (fit >= left) {
    if (!tail) return left;
    const here = left - MIN_LINES;
    if (here >= MIN_LINES) return here;
    return fresh ? left : 0;
  }
  const here = Math.min(fit, left - MIN_LINES);
  if (here >= MIN_LINES) return here;
  return fresh ? Math.max(1, fit) : 0;
}

/** Where a signatory list stands when the next page of it is decided. */
export interface ListRoom {
  /** The first entry not drawn yet. */
  start: number;
  count: number;
  /** Nothing is drawn on this page yet. */
  fresh: boolean;
  /** The whole list is short (eight lines or fewer): it is never split. */
  short: boolean;
  /** Whether what must follow the list's last entries fits after this page of them. */
  trailFits: (page: PageFill, tight: boolean) => boolean;
}

/** One page of a list as decided: its entries, and whether its rows close up to hold them. */
export interface ListPage {
  page: PageFill;
  tight: boolean;
}

/**
 * The entries of a list that go on this page, or undefined to start a new page first.
 * `fill(most, tight)` fills the page with at most `most` entries, rows closed up when
 * `tight`. A list starts on a page only with at least three of its entries there (all of a
 * shorter one); a short list moves whole. When fewer than three would be left for the last
 * page, the list is fitted tighter if that ends it on this page (closer rows cost nothing
 * the reader sees and save a page); otherwise entries move over so the last page holds three.
 */
export function listPage(
  fill: (most?: number, tight?: boolean) => PageFill,
  { start, count, fresh, short, trailFits }: ListRoom,
): ListPage | undefined {
  const page = fill();
  const left = count - start;
  const first = start === 0;
  const ends = page.next >= count;
  if (ends && trailFits(page, false)) return { page, tight: false };
  const taken = page.next - start;
  if (!ends) {
    if (!fresh && first && (short || taken < Math.min(LIST_KEPT, count))) return undefined;
    if (left - taken >= LIST_KEPT || taken === 0) return { page, tight: false };
  }
  // Fewer than three would be left for the last page, or what must follow the list does not
  // fit after it: closer rows may end it here; otherwise its last three go over.
  const tight = fill(undefined, true);
  if (tight.next >= count && trailFits(tight, true)) return { page: tight, tight: true };
  const most = left - LIST_KEPT;
  if (!short && most >= (first ? LIST_KEPT : 1)) return { page: fill(most), tight: false };
  // Three here and three on the next page cannot both be: the list starts on the next page.
  if (!fresh && first) return undefined;
  return { page, tight: false };
}

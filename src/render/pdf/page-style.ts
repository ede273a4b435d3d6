// The look of the PDF: paper, margins, type sizes, leading, gaps and colours, in points. Every
// part of the page takes its measures from here, so the letter's look is tuned in one place.
import type { Paper } from '../../core/letter/letter.js';
import type { PictureUse } from '../../core/letter/pictures.js';

/** A size of type and its leading (line height as a multiple of the size). */
export interface TypeSize {
  size: number;
  leading: number;
}

export const PAGE_SIZES: Record<Paper, string> = { letter: 'LETTER', a4: 'A4' };
/** The papers' sizes in points, as pdfkit knows them by name. */
export const PAPER_POINTS: Record<Paper, { width: number; height: number }> = {
  letter: { width: 612, height: 792 },
  a4: { width: 595.28, height: 841.89 },
};
export const MARGIN = 72; // one inch
export const BODY_SIZE = 11;
export const LEADING = 1.4; // line height as a multiple of the font size
export const PARAGRAPH_GAP = 9;
export const LIST_INDENT = 18;
export const QUOTE_INDENT = 24;
export const SIGNATURE_GUTTER = 24;
export const SIGNATURE_GAP = 14;
export const COMPACT_GAP = 2;
/*
 * Where a page may break, as a typesetter would have it (Typst's and LaTeX's defaults): at
 * least two lines of a paragraph at the foot of a page and two at the head of the next, so a
 * paragraph of two or three lines moves whole.
 */
export const MIN_LINES = 2;
/** A signatory list leaves at least this many entries on a page, at its start and at its end. */
export const LIST_KEPT = 3;
/** A signatory list of up to this many lines is never split. */
export const SHORT_LIST_LINES = 8;
/** How far the rows of a list may close up so that its last few entries stay on the page: to this share of their gap. */
export const TIGHT_GAP_SHARE = 0.5;
/** A wrapped entry of the lines layout: its further lines stand in by this much. */
export const LINES_INDENT = 11;
/*
 * The names layout, set as printed sign-on letters list their organizations: small type on
 * tight leading, as many columns as the names allow, a name that wraps standing out from its
 * neighbours by a hanging indent rather than by space between entries, and short group
 * headings close above their names.
 */
export const NAMES_SIZE = 9;
export const NAMES_LEADING = 1.2;
export const NAMES_GAP = 0;
export const NAMES_INDENT = 9;
export const NAMES_GUTTER = 16;
export const NAMES_HEADING_SIZE = 10;
export const NAMES_HEADING_GAP = 3;
/** A wrapped name's last line shorter than this share of the column ("e. V.") takes a word more down with it. */
export const NAMES_SHORTEST_LAST = 0.25;
export const NOTE_SIZE = 9;
/** The length of the short rule above a page's notes. */
export const NOTE_RULE = 120;
export const PAGE_NUMBER_SIZE = 9;
export const HEADING_SIZES = { 1: 16, 2: 13.5, 3: 12 } as const;
export const LINK_COLOR = '#1f3f73';
export const TEXT_COLOR = '#000000';

/** Where the text column of `page` starts: its left margin. */
export function textLeft(page: PDFKit.PDFPage): number {
  return page.margins.left;
}

/** The width of the text column of `page`, between its margins. */
export function textWidth(page: PDFKit.PDFPage): number {
  return page.width - page.margins.left - page.margins.right;
}

/** Where the text column of `page` ends: the top of its bottom margin. */
export function textBottom(page: PDFKit.PDFPage): number {
  return page.height - page.margins.bottom;
}

/*
 * Pictures. A letterhead stands at most this tall at the head of page 1, and the running head
 * of later pages at most the other; a logo is fitted into a box as wide as its column and half
 * as tall (at most LOGO_BOX_HEIGHT), so wide, tall and square logos weigh alike on the wall.
 */
export const LETTERHEAD_HEIGHT = 64;
export const RUNNING_HEAD_HEIGHT = 22;
export const RUNNING_HEAD_SIZE = 8;
export const LETTERHEAD_GAP = 18;
export const LOGO_COLUMNS = 4;
export const LOGO_GUTTER = 18;
export const LOGO_BOX_SHARE = 0.5;
export const LOGO_BOX_HEIGHT = 72;
/** Space between a logo's box and the name under it, and between rows of logos. */
export const LOGO_NAME_GAP = 4;
export const LOGO_ROW_GAP = 14;
/** Space between a figure and its caption. */
export const CAPTION_GAP = 4;
export const CAPTION_SIZE = 9.5;

/** A logo's box in a wall of `columns` columns `width` wide. */
export function logoBox(width: number, columns: number): { width: number; height: number } {
  const column = (width - LOGO_GUTTER * (columns - 1)) / columns;
  return { width: column, height: Math.min(LOGO_BOX_HEIGHT, column * LOGO_BOX_SHARE) };
}

/**
 * The largest box, in points, a picture of this use is printed in on `paper`: the text's
 * width and a page's height for an image in the text, the letterhead's band, a logo's box.
 */
export function pictureBox(use: PictureUse, paper: Paper, logoColumns = LOGO_COLUMNS): { width: number; height: number } {
  const page = PAPER_POINTS[paper];
  const width = page.width - 2 * MARGIN;
  switch (use) {
    case 'text':
      return { width, height: page.height - 2 * MARGIN };
    case 'letterhead':
      return { width, height: LETTERHEAD_HEIGHT };
    case 'logo':
      return logoBox(width, logoColumns);
  }
}

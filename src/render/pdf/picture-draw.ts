/*
 * Pictures on the page: each embedded once however often it is drawn (by its digest), fitted
 * into a box by its own proportions; the letterhead at the head of the first page and,
 * smaller, of the later ones when the template asks; a figure's size in the text.
 */
import type { PrintedLetterhead } from '../document/document.js';
import type { Run } from '../document/tree.js';
import { POINTS_PER_PIXEL, type Picture } from '../pictures.js';
import {
  CAPTION_SIZE,
  LEADING,
  LETTERHEAD_GAP,
  LETTERHEAD_HEIGHT,
  RUNNING_HEAD_HEIGHT,
  RUNNING_HEAD_SIZE,
  textLeft,
  textWidth,
} from './page-style.js';
import { drawOpenedImage, openImage, type OpenedImage } from './pdfkit-adapter.js';
import type { Tagging } from './tagging.js';
import type { Typesetter } from './typesetter.js';

/** A size in points. */
export interface Size {
  width: number;
  height: number;
}

/** `picture` scaled to fit `box`, keeping its proportions (smaller pictures grow to fill it too). */
export function fitPicture(picture: Picture, box: Size): Size {
  const scale = Math.min(box.width / picture.naturalWidth, box.height / picture.naturalHeight);
  return { width: picture.naturalWidth * scale, height: picture.naturalHeight * scale };
}

/** A figure's size: its own (at 96 pixels an inch) or the column's width if smaller, and never taller than `tallest`. */
export function figureSize(picture: Picture, width: number, tallest: number): Size {
  const own = { width: picture.naturalWidth * POINTS_PER_PIXEL, height: picture.naturalHeight * POINTS_PER_PIXEL };
  const scale = Math.min(1, width / own.width, tallest / own.height);
  return { width: own.width * scale, height: own.height * scale };
}

/** The type of a figure's caption and of the letterhead's lines. */
export const CAPTION_TYPE = { size: CAPTION_SIZE, leading: LEADING };
const HEAD_TYPE = { size: CAPTION_SIZE, leading: 1.25 };

/** Draws pictures into one PDF, each embedded once. */
export class PictureDrawer {
  private readonly embedded = new Map<string, OpenedImage>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly type: Typesetter,
    private readonly tags: Tagging,
    private readonly rtl: boolean,
  ) {}

  /** Draw `picture` at (x, y), `size` points large; the bytes go into the PDF the first time only. */
  draw(picture: Picture, x: number, y: number, size: Size): void {
    let image = this.embedded.get(picture.key);
    if (image === undefined) {
      image = openImage(this.doc, picture.bytes);
      this.embedded.set(picture.key, image);
    }
    const { x: keepX, y: keepY } = this.doc;
    drawOpenedImage(this.doc, image, x, y, size.width, size.height);
    this.doc.x = keepX;
    this.doc.y = keepY;
  }

  /**
   * The letterhead at the top of the text column of page 1: its picture at the start of the
   * line (left, or right in a right-to-left letter), its lines small at the other side.
   * Returns the height it took, with the gap after it.
   */
  letterhead(head: PrintedLetterhead): number {
    const doc = this.doc;
    const page = doc.page;
    const left = textLeft(page);
    const width = textWidth(page);
    const top = doc.y;
    let height = 0;
    let imageWidth = 0;
    if (head.picture) {
      const size = fitPicture(head.picture, { width: head.lines.length > 0 ? width * 0.6 : width, height: LETTERHEAD_HEIGHT });
      const fitted = figureSize(head.picture, size.width, size.height);
      const shown = fitted.width < size.width ? fitted : size;
      imageWidth = shown.width;
      const x = this.rtl ? left + width - shown.width : left;
      const draw = (): void => this.draw(head.picture!, x, top, shown);
      if (head.alt) this.tags.tagged('Figure', draw, { alt: head.alt });
      else this.tags.artifact(draw);
      height = shown.height;
    }
    if (head.lines.length > 0) {
      const column = width - imageWidth - (imageWidth > 0 ? 18 : 0);
      const linesHeight = this.type.withType(HEAD_TYPE, () => {
        const lines = head.lines.flatMap((text) => this.type.layout([{ text, bold: false, italic: false }], column));
        const lineHeight = this.type.lineHeight();
        this.tags.tagged('P', () => {
          lines.forEach((line, i) => {
            // The lines stand at the far side from the picture: right, or left in a right-to-left letter.
            const x = this.rtl ? left : left + width - line.width;
            this.type.drawLine(line, x, top + i * lineHeight, line.width);
          });
        });
        return lines.length * lineHeight;
      });
      height = Math.max(height, linesHeight);
    }
    return height + LETTERHEAD_GAP;
  }

  /** The running head of a later page, in its top margin: the picture small, or the first line; decoration only. */
  runningHead(head: PrintedLetterhead): void {
    const doc = this.doc;
    const page = doc.page;
    const left = textLeft(page);
    const width = textWidth(page);
    const { x: keepX, y: keepY } = doc;
    const margin = page.margins.top;
    page.margins.top = 0; // drawing inside the margin must not start a new page
    this.tags.artifact(() => {
      if (head.picture) {
        const size = fitPicture(head.picture, { width: width / 3, height: RUNNING_HEAD_HEIGHT });
        this.draw(head.picture, this.rtl ? left + width - size.width : left, margin - RUNNING_HEAD_HEIGHT - 12, size);
      } else if (head.lines[0] !== undefined) {
        this.type.atSize(RUNNING_HEAD_SIZE, () => {
          const [line] = this.type.layout([{ text: head.lines[0]!, bold: false, italic: false }], width);
          if (line) this.type.drawLine(line, this.rtl ? left : left + width - line.width, margin - 24, line.width);
        });
      }
    });
    page.margins.top = margin;
    doc.x = keepX;
    doc.y = keepY;
  }

  /** A caption's lines, centred under its figure, in a Caption element. */
  caption(runs: Run[], x: number, width: number, y: number): number {
    return this.type.withType(CAPTION_TYPE, () => {
      const lines = this.type.layout(runs, width);
      const lineHeight = this.type.lineHeight();
      this.tags.tagged('Caption', () => {
        for (const [i, line] of lines.entries()) this.type.drawLine(line, x + (width - line.width) / 2, y + i * lineHeight, line.width);
      });
      return lines.length * lineHeight;
    });
  }

  /** How tall a caption is in a column `width` wide. */
  captionHeight(runs: Run[] | undefined, width: number): number {
    if (runs === undefined || runs.length === 0) return 0;
    return this.type.withType(CAPTION_TYPE, () => this.type.layout(runs, width).length * this.type.lineHeight());
  }
}

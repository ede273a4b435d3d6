// Page numbers: every page of a letter after its first numbered in the bottom margin, centred,
// in the letter's digits, as the page is added.
import { PAGE_NUMBER_SIZE, textLeft, textWidth } from './page-style.js';
import type { Typesetter } from './typesetter.js';

/**
 * Numbers each page after the first as it is added, in the bottom margin. Drawing it then,
 * rather than revisiting buffered pages at the end, lets pdfkit write each finished page out
 * at once: a 10,000-name letter never holds all its pages in memory.
 */
export class PageNumbers {
  /** The page number within the current letter; a combined PDF restarts it for each letter. */
  private pageNumber = 1;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly type: Typesetter,
  ) {
    doc.on('pageAdded', () => this.draw());
  }

  /** The next page starts another letter: it is its unnumbered page 1. */
  restart(): void {
    this.pageNumber = 0;
  }

  private draw(): void {
    const doc = this.doc;
    const page = ++this.pageNumber;
    if (page === 1) return; // the first page of a letter in a combined PDF
    const { x, y } = doc;
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // drawing inside the margin must not start a new page
    this.type.atSize(PAGE_NUMBER_SIZE, () => {
      // Not part of the letter's text: marked as a pagination artifact for assistive technology.
      doc.markContent('Artifact', { type: 'Pagination' });
      const width = textWidth(doc.page);
      const [line] = this.type.layout([{ text: this.type.number(page), bold: false, italic: false }], width);
      let cx = textLeft(doc.page) + (width - line!.width) / 2;
      for (const seg of line!.segments) {
        this.type.drawSegment(seg, cx, doc.page.height - bottomMargin / 2 - 4);
        cx += seg.width;
      }
      doc.endMarkedContent();
    });
    doc.page.margins.bottom = bottomMargin;
    doc.x = x;
    doc.y = y;
  }
}

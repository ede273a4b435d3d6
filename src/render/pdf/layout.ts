/*
 * The PDF stage's flow: the document tree's blocks down the pages, each page decided before it
 * is drawn. A paragraph is laid out whole, then broken where a typesetter would break it
 * (page-breaks.ts: two lines at least at a page's foot and head, its notes on its page); a
 * heading or "Sincerely," moves with the start of what follows, and the signoff keeps the
 * text's last lines; signatory lists go page by page (signature-flow.ts); a figure is a block
 * of one height that moves whole to the next page when it does not fit (picture-draw.ts).
 */
import { BLOCK_ROLES, HEADING_ROLE, roleOf } from '../document/roles.js';
import type { PrintedLetterhead } from '../document/document.js';
import type { Block, Note } from '../document/tree.js';
import type { Fonts } from '../inline/fonts.js';
import type { Line } from '../inline/line-breaker.js';
import { FootnoteArea } from './footnotes.js';
import { linesHere } from './page-breaks.js';
import { PageNumbers } from './page-numbers.js';
import { figureSize, PictureDrawer } from './picture-draw.js';
import {
  BODY_SIZE,
  CAPTION_GAP,
  HEADING_SIZES,
  LEADING,
  LIST_INDENT,
  MIN_LINES,
  NAMES_HEADING_GAP,
  NAMES_HEADING_SIZE,
  NAMES_LEADING,
  PARAGRAPH_GAP,
  QUOTE_INDENT,
  TEXT_COLOR,
  type TypeSize,
  textBottom,
  textLeft,
  textWidth,
} from './page-style.js';
import { type RunPiece, runRest, runStart, SignatureFlow } from './signature-flow.js';
import { ColumnPlanner, isNames, signatureType } from './signatory-columns.js';
import { Tagging } from './tagging.js';
import { Typesetter } from './typesetter.js';

/** The class table (roles.ts) says which blocks move with the start of the next. */
function keepsWithNext(block: Block): boolean {
  return block.kind === 'heading' ? HEADING_ROLE.keepWithNext : block.kind === 'paragraph' && roleOf(block.role).keepWithNext;
}

/**
 * … and which keep the last lines of the one before: "Sincerely," keeps the text's; so do the
 * signatures (their first heading, or their first list) when no signoff stands between.
 */
function keepsWithPrevious(blocks: readonly Block[], i: number): boolean {
  const block = blocks[i]!;
  if (block.kind === 'paragraph' && roleOf(block.role).keepWithPrevious) return true;
  const previous = blocks[i - 1];
  if (previous === undefined || keepsWithNext(previous) || previous.kind === 'signatures' || inRun(previous)) return false;
  let j = i;
  while (j < blocks.length && inRun(blocks[j]!)) j++;
  return blocks[j]?.kind === 'signatures';
}

/** A group heading (h3) right above a names list: set small and close to its names. */
function headsNames(block: Block, next: Block | undefined): boolean {
  return block.kind === 'heading' && block.level === 3 && isNames(next);
}

/**
 * A section or group heading, or the note under a section heading: what may stand between
 * the lists of one run, the letter's signatures.
 */
function inRun(block: Block): block is Extract<Block, { kind: 'heading' | 'paragraph' }> {
  return (block.kind === 'heading' && block.level > 1) || (block.kind === 'paragraph' && block.role === 'note');
}

/** The space between two blocks that follow each other. */
function between(block: Block, next: Block): number {
  return headsNames(block, next) ? NAMES_HEADING_GAP : PARAGRAPH_GAP;
}

/** The space a block's class puts before it; a list under a group heading (`tight`) has none. */
function gapBefore(block: Block, tight: boolean): number {
  if (block.kind === 'paragraph') return roleOf(block.role).gapBefore * PARAGRAPH_GAP;
  if (block.kind === 'signatures' && !tight) return BLOCK_ROLES.signatories.gapBefore * PARAGRAPH_GAP;
  return 0;
}

/** The space a block's class puts after it. */
function gapAfter(block: Block): number {
  return block.kind === 'paragraph' ? roleOf(block.role).gapAfter * PARAGRAPH_GAP : 0;
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
  private readonly lists: SignatureFlow;
  private readonly pageNumbers: PageNumbers;
  /** Laid out right to left (Arabic, Hebrew, Persian, Urdu …): bullets, quotes and columns mirrored. */
  private readonly rtl: boolean;
  /** Nothing of the letter is drawn on this page yet: moving on would leave it empty. */
  private blank = true;
  /** Where the lowest line drawn on this page ends. */
  private linesEnd = 0;
  private readonly pictures: PictureDrawer;
  /** The letterhead of the letter being drawn, for the running head of its later pages. */
  private head: PrintedLetterhead | undefined;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    fonts: Fonts,
    { lang, rtl }: { lang: string; rtl: boolean },
  ) {
    this.rtl = rtl;
    this.tags = new Tagging(doc);
    this.type = new Typesetter(doc, fonts, this.tags, lang, rtl);
    this.footnotes = new FootnoteArea(doc, this.type, this.tags);
    this.columns = new ColumnPlanner(this.type);
    this.pageNumbers = new PageNumbers(doc, this.type);
    this.pictures = new PictureDrawer(doc, this.type, this.tags, rtl);
    doc.on('pageAdded', () => {
      if (this.head?.running) this.pictures.runningHead(this.head);
    });
    this.lists = new SignatureFlow(
      doc,
      {
        bottom: () => this.bottom,
        blank: () => this.blank,
        newPage: () => this.newPage(),
        drawLines: (lines, x, width) => this.drawLines(lines, x, width),
        drawPicture: (picture, x, y, size, alt) => {
          const draw = (): void => this.pictures.draw(picture, x, y, size);
          if (alt === undefined) this.tags.artifact(draw);
          else this.tags.figureInLeaf(alt, draw);
          this.blank = false;
          this.linesEnd = Math.max(this.linesEnd, y + size.height);
        },
      },
      rtl,
    );
  }

  /** Draw one letter from where the page stands, its letterhead first, its notes at the foot of the pages that refer to them. */
  letter(blocks: readonly Block[], letterhead?: PrintedLetterhead): void {
    const page = this.doc.page;
    const width = textWidth(page);
    this.head = letterhead;
    if (letterhead !== undefined) {
      const height = this.pictures.letterhead(letterhead);
      this.doc.y += height;
      this.linesEnd = this.doc.y;
      this.blank = false;
    }
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
    // The next letter's first page has its own letterhead, not the running head of this one.
    this.head = undefined;
    this.doc.addPage();
    this.blank = true;
    this.linesEnd = 0;
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

  /** Start a new page unless `height` more points fit on this one (or nothing is on it yet). */
  private ensure(height: number): void {
    if (!this.blank && this.doc.y + height > this.bottom) this.newPage();
  }

  /**
   * A new page, this one's notes drawn at its foot first, right under the last line drawn if
   * they must: the space after that line (a gap before the block that moved on) is no body.
   */
  private newPage(): void {
    if (!this.blank) this.doc.y = Math.min(this.doc.y, this.linesEnd);
    this.footnotes.newPage();
    this.blank = true;
    this.linesEnd = 0;
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
      this.blank = false;
      doc.y = y + height;
      this.linesEnd = Math.max(this.linesEnd, doc.y);
    }
    doc.fillColor(TEXT_COLOR);
    doc.x = textLeft(doc.page);
  }

  /** How many of `lines`, from `from`, fit on this page with their notes; the foot's height after each. */
  private fitting(lines: readonly Line[], from: number): { fit: number; foot: number[] } {
    const height = this.type.lineHeight();
    const foot = this.footnotes.footAfter(lines, from);
    const limit = textBottom(this.doc.page) + 0.01;
    let fit = 0;
    while (fit < foot.length && this.doc.y + (fit + 1) * height + foot[fit]! <= limit) fit++;
    return { fit, foot };
  }

  /**
   * A paragraph's lines down the pages, broken as page-breaks.ts decides: never one line alone
   * at a page's foot or head; `trail` is what must follow its last lines on their page.
   */
  private paragraph(lines: Line[], x: number, width: number, trail: number): void {
    let from = 0;
    while (from < lines.length) {
      const here = this.linesHere(lines, from, trail);
      if (here === 0) {
        this.newPage();
        continue;
      }
      this.drawLines(lines.slice(from, from + here), x, width);
      from += here;
      if (from < lines.length) this.newPage();
    }
    this.doc.fillColor(TEXT_COLOR);
  }

  /** How many of `lines`, from `from`, go on this page (page-breaks.ts); 0 moves them on. */
  private linesHere(lines: readonly Line[], from: number, trail: number): number {
    const height = this.type.lineHeight();
    const page = textBottom(this.doc.page) - this.doc.page.margins.top;
    const left = lines.length - from;
    const { fit, foot } = this.fitting(lines, from);
    const allFit = fit === left && this.doc.y + left * height + foot[left - 1]! + trail <= textBottom(this.doc.page) + 0.01;
    return linesHere({ left, fit, allFit, fresh: this.blank, tail: trail > 0 && MIN_LINES * height + trail <= page });
  }

  /** Start a new page now if the paragraph's first lines go on the next: its structure element starts there too. */
  private startParagraph(lines: readonly Line[], trail: number): void {
    if (lines.length > 0 && this.linesHere(lines, 0, trail) === 0) this.newPage();
  }

  private blocks(blocks: readonly Block[], x: number, width: number, trail = 0): void {
    this.columns.plan(blocks, width);
    blocks.forEach((block, i) => {
      const next = blocks[i + 1];
      const tight = i > 0 && headsNames(blocks[i - 1]!, block);
      // A heading or "Sincerely," never ends a page alone: it moves with the start of what follows.
      if (keepsWithNext(block)) this.ensure(this.startHeight(blocks, i, width, trail));
      this.block(block, x, width, next, tight, this.trailOf(blocks, i, width, trail));
      if (next) this.doc.y += between(block, next);
    });
  }

  /** What must follow block `i` on the page of its last lines: the signoff and what it keeps with, or the outer trail. */
  private trailOf(blocks: readonly Block[], i: number, width: number, trail: number): number {
    const next = blocks[i + 1];
    if (blocks[i]!.kind === 'signatures') return runRest(this.run(blocks, i, width).slice(1), this.lists);
    if (next === undefined) return trail;
    if (!keepsWithPrevious(blocks, i + 1)) return 0;
    return between(blocks[i]!, next) + this.startHeight(blocks, i + 1, width, trail);
  }

  /**
   * The height block `i` needs on this page, from its gap before: the least of it that may
   * stand at a page's foot, or, when it keeps with its next (a heading, "Sincerely,"), all
   * of it and the start of what follows, down the chain.
   */
  private startHeight(blocks: readonly Block[], i: number, width: number, trail: number): number {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    const tight = i > 0 && headsNames(blocks[i - 1]!, block);
    if (block.kind === 'signatures')
      return gapBefore(block, tight) + runStart(this.run(blocks, i, width), this.lists, this.firstOfRun(blocks, i));
    if (!keepsWithNext(block)) return this.leadHeight(block, width, this.trailOf(blocks, i, width, trail), tight);
    const lines =
      block.kind === 'heading'
        ? this.type.withType(this.headingType(block, next), () => this.type.layout(block.runs, width).length * this.type.lineHeight())
        : block.kind === 'paragraph'
          ? this.type.layout(block.runs, width).length * this.type.lineHeight()
          : 0;
    const own = gapBefore(block, tight) + lines + gapAfter(block);
    return next === undefined ? own + trail : own + between(block, next) + this.startHeight(blocks, i + 1, width, trail);
  }

  /** Whether list `i` starts its run: no list before it, but for headings and notes. */
  private firstOfRun(blocks: readonly Block[], i: number): boolean {
    let j = i - 1;
    while (j >= 0 && inRun(blocks[j]!)) j--;
    return blocks[j]?.kind !== 'signatures';
  }

  /** The run of signatory lists from block `i` on, with the group headings and notes between them. */
  private run(blocks: readonly Block[], i: number, width: number): RunPiece[] {
    const pieces: RunPiece[] = [];
    for (let j = i; j < blocks.length; j++) {
      const block = blocks[j]!;
      const previous = blocks[j - 1];
      const gap = j === i || previous === undefined ? 0 : between(previous, block);
      if (block.kind === 'signatures') {
        const tight = previous !== undefined && headsNames(previous, block);
        pieces.push({ gap: gap + gapBefore(block, tight), list: this.columns.planFor(block, width) });
      } else if (inRun(block) && pieces.length > 0) {
        const type = block.kind === 'heading' ? this.headingType(block, blocks[j + 1]) : { size: BODY_SIZE, leading: LEADING };
        pieces.push({ gap, height: this.type.withType(type, () => this.type.layout(block.runs, width).length * this.type.lineHeight()) });
      } else {
        break;
      }
    }
    // A heading or note after the last list belongs to no list of the run.
    while (pieces.length > 0 && pieces[pieces.length - 1]!.list === undefined) pieces.pop();
    return pieces;
  }

  /**
   * The least of a block that may stand at the foot of a page, from its gap before: the
   * first two lines of a paragraph (all of one of three lines or fewer, with what must follow
   * it), the first item of a list, a signatory list's first three entries.
   */
  private leadHeight(block: Block, width: number, trail: number, tight: boolean): number {
    switch (block.kind) {
      case 'paragraph': {
        const lines = this.type.layout(block.runs, width);
        const whole = lines.length <= 2 * MIN_LINES - 1;
        const k = whole ? lines.length : MIN_LINES;
        const foot = k === 0 ? 0 : this.footnotes.footAfter(lines.slice(0, k))[k - 1]! - this.footnotes.reserved();
        return gapBefore(block, tight) + k * this.type.lineHeight() + foot + (whole ? gapAfter(block) + trail : 0);
      }
      case 'heading':
        return (
          this.type.withType(
            this.headingType(block, undefined),
            () => this.type.layout(block.runs, width).length * this.type.lineHeight(),
          ) + trail
        );
      case 'list': {
        const item = block.items[0] ?? [];
        const last = block.items.length === 1 ? trail : 0;
        return item.length === 0 ? 0 : this.startHeight(item, 0, width - this.listIndent(block), last);
      }
      case 'quote':
        return block.blocks.length === 0 ? 0 : this.startHeight(block.blocks, 0, width - QUOTE_INDENT, trail);
      case 'signatures':
        return gapBefore(block, tight) + this.lists.lead(this.columns.planFor(block, width));
      case 'figure':
        return this.figure(block, width).height + trail;
      case 'footnotes':
        return 0;
    }
  }

  /** A figure's picture size and its whole height with the caption: never taller than a page. */
  private figure(block: Extract<Block, { kind: 'figure' }>, width: number): { size: { width: number; height: number }; height: number } {
    const caption = this.pictures.captionHeight(block.caption, width);
    const page = textBottom(this.doc.page) - this.doc.page.margins.top;
    const below = caption > 0 ? CAPTION_GAP + caption : 0;
    const size = figureSize(block.picture, width, Math.max(page - below, page / 2));
    return { size, height: size.height + below };
  }

  /** The type a heading is set in: a group heading over names small, any other by its level. */
  private headingType(block: Extract<Block, { kind: 'heading' }>, next: Block | undefined): TypeSize {
    return headsNames(block, next)
      ? { size: NAMES_HEADING_SIZE, leading: NAMES_LEADING }
      : { size: HEADING_SIZES[block.level], leading: LEADING };
  }

  /**
   * Draw one block; `next` is the block after it, `tight` says a group heading stands right
   * above, `trail` is what must follow its last lines on their page.
   */
  private block(block: Block, x: number, width: number, next: Block | undefined, tight: boolean, trail: number): void {
    switch (block.kind) {
      case 'paragraph': {
        const role = roleOf(block.role);
        this.doc.y += gapBefore(block, tight);
        const lines = this.type.layout(block.runs, width);
        // An address block stays whole.
        if (role.keepWhole) this.ensure(lines.length * this.type.lineHeight());
        this.startParagraph(lines, trail + gapAfter(block));
        this.tags.tagged('P', () => this.paragraph(lines, x, width, trail + gapAfter(block)));
        this.doc.y += gapAfter(block);
        return;
      }
      case 'heading':
        this.type.withType(this.headingType(block, next), () => {
          const lines = this.type.layout(block.runs, width);
          this.startParagraph(lines, 0);
          this.tags.tagged(`H${block.level}`, () => this.paragraph(lines, x, width, 0));
        });
        return;
      case 'quote':
        this.tags.group('BlockQuote', () => this.blocks(block.blocks, this.rtl ? x : x + QUOTE_INDENT, width - QUOTE_INDENT, trail));
        return;
      case 'list':
        this.tags.group('L', () => this.list(block, x, width, trail));
        return;
      case 'footnotes':
        return; // placed at the foot of the pages that refer to them
      case 'figure': {
        // Never split: the picture and its caption move to the next page together.
        const { size, height } = this.figure(block, width);
        this.ensure(height);
        const top = this.doc.y;
        const left = x + (width - size.width) / 2;
        this.tags.tagged('Figure', () => this.pictures.draw(block.picture, left, top, size), { alt: block.alt });
        if (block.caption !== undefined && block.caption.length > 0)
          this.pictures.caption(block.caption, x, width, top + size.height + CAPTION_GAP);
        this.blank = false;
        this.doc.y = top + height;
        this.linesEnd = Math.max(this.linesEnd, this.doc.y);
        return;
      }
      case 'signatures': {
        this.doc.y += gapBefore(block, tight);
        const plan = this.columns.planFor(block, width);
        if (!this.type.withType(signatureType(block), () => this.lists.startsHere(plan, trail))) this.newPage();
        // One element for all the signatures: a P each would cost 10,000 structure elements.
        this.type.withType(signatureType(block), () => this.tags.tagged('Div', () => this.lists.draw(plan, x, trail)));
        this.columns.forget(block);
        return;
      }
    }
  }

  private listIndent(block: Extract<Block, { kind: 'list' }>): number {
    return block.ordered ? LIST_INDENT + 6 : LIST_INDENT;
  }

  private list(block: Extract<Block, { kind: 'list' }>, x: number, width: number, trail: number): void {
    const doc = this.doc;
    const indent = this.listIndent(block);
    block.items.forEach((item, i) => {
      if (i > 0) doc.y += PARAGRAPH_GAP;
      const last = i === block.items.length - 1 ? trail : 0;
      // The marker goes with the first lines of its item: an item is a paragraph like any other.
      if (item.length > 0) this.ensure(this.startHeight(item, 0, width - indent, last));
      const y = doc.y;
      const marker = block.ordered ? `${this.type.number(block.start + i)}.` : '•';
      // Right to left, the marker stands at the right and the item's text to its left.
      const markerX = this.rtl ? x + width - indent : x;
      this.tags.group('LI', () => {
        this.tags.tagged('Lbl', () =>
          this.drawLines(this.type.layout([{ text: marker, bold: false, italic: false }], indent), markerX, indent),
        );
        doc.y = y;
        this.tags.group('LBody', () => this.blocks(item, this.rtl ? x : x + indent, width - indent, last));
      });
    });
  }
}

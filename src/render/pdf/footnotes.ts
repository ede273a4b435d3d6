/**
 * The foot of each page: which notes it must carry, and drawing them there. A body line that
 * refers to a note may only go on a page with room for the line and the note below it; the
 * notes are drawn when the page is finished, before the next page starts, so no page is
 * revisited and pages still stream out one by one. A note taller than what is left runs on
 * at the foot of the next page.
 */
import { superscript } from '../document/syntax/footnote-syntax.js';
import type { Block, Note, Run } from '../document/tree.js';
import type { Line } from '../inline/line-breaker.js';
import { LEADING, NOTE_RULE, NOTE_SIZE, TEXT_COLOR, textBottom, textLeft, textWidth } from './page-style.js';
import { continueOnNewPageAfter } from './pdfkit-adapter.js';
import type { Tagging } from './tagging.js';
import type { Typesetter } from './typesetter.js';

/** Space between the body and the first note, holding a short rule. */
const NOTES_SEPARATOR = 12;

/** A note's text as paragraphs of runs: lists and quotes in a note are set as plain paragraphs. */
function noteParagraphs(blocks: readonly Block[]): Run[][] {
  const out: Run[][] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph' || b.kind === 'heading') out.push(b.runs);
    else if (b.kind === 'list') for (const item of b.items) out.push(...noteParagraphs(item));
    else if (b.kind === 'quote') out.push(...noteParagraphs(b.blocks));
    else if (b.kind === 'signatures') out.push(...b.signatures);
  }
  return out;
}

/** The notes of the letter being drawn, and the foot of the current page that carries some of them. */
export class FootnoteArea {
  /** Each note's lines, laid out once at the notes' size. */
  private notes: ReadonlyMap<number, Line[]> = new Map();
  /** Lines waiting for the foot of the current page (notes carried over come first). */
  private pending: Line[] = [];
  private placed = new Set<number>();
  private readonly lineHeight = NOTE_SIZE * LEADING;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly type: Typesetter,
    private readonly tags: Tagging,
  ) {}

  /**
   * Lay out a letter's notes once, at their size, so body lines can ask how tall theirs are.
   * Each letter's notes are its own: numbered from 1, placed on its pages.
   */
  setNotes(notes: readonly Note[], width: number): void {
    const laidOut = new Map<number, Line[]>();
    this.type.withType({ size: NOTE_SIZE, leading: LEADING }, () => {
      for (const note of notes) {
        const paragraphs = noteParagraphs(note.blocks);
        const marker: Run = { text: `${superscript(note.number)} `, bold: false, italic: false };
        laidOut.set(
          note.number,
          paragraphs.flatMap((runs, i) => this.type.layout(i === 0 ? [marker, ...runs] : runs, width)),
        );
      }
    });
    this.notes = laidOut;
    this.pending = [];
    this.placed = new Set();
  }

  /** The notes a body line refers to that no page carries yet. */
  newNotes(line: Line): number[] {
    const out: number[] = [];
    for (const s of line.segments) {
      if (s.note !== undefined && this.notes.has(s.note) && !this.placed.has(s.note) && !out.includes(s.note)) out.push(s.note);
    }
    return out;
  }

  /** The height the foot of the page grows by if these notes join it. */
  growth(numbers: readonly number[]): number {
    if (numbers.length === 0) return 0;
    const lines = numbers.reduce((n, k) => n + (this.notes.get(k)?.length ?? 0), 0);
    return lines * this.lineHeight + (this.pending.length === 0 ? NOTES_SEPARATOR : 0);
  }

  /**
   * How tall the foot of this page would be after each of `lines` (from `from` on) joined the
   * page with the notes it refers to: what deciding a paragraph's break needs, nothing changed.
   */
  footAfter(lines: readonly Line[], from = 0): number[] {
    let count = this.pending.length;
    const seen = new Set<number>();
    const out: number[] = [];
    for (let j = from; j < lines.length; j++) {
      for (const s of lines[j]!.segments) {
        if (s.note === undefined || seen.has(s.note) || this.placed.has(s.note)) continue;
        seen.add(s.note);
        count += this.notes.get(s.note)?.length ?? 0;
      }
      out.push(count === 0 ? 0 : count * this.lineHeight + NOTES_SEPARATOR);
    }
    return out;
  }

  /** How much of the page the notes waiting for it take. */
  reserved(): number {
    return this.pending.length === 0 ? 0 : this.pending.length * this.lineHeight + NOTES_SEPARATOR;
  }

  add(numbers: readonly number[]): void {
    for (const n of numbers) {
      this.placed.add(n);
      this.pending.push(...(this.notes.get(n) ?? []));
    }
  }

  get empty(): boolean {
    return this.pending.length === 0;
  }

  /** The lines that fit in `height` (after the separator), taken off; the rest waits for the next page. */
  private take(height: number): Line[] {
    const fit = Math.max(1, Math.floor((height - NOTES_SEPARATOR + 0.01) / this.lineHeight));
    return this.pending.splice(0, fit);
  }

  /** A new page; marked content open on this one is closed here and reopened there. */
  newPage(): void {
    if (this.empty) {
      this.doc.continueOnNewPage();
      return;
    }
    // continueOnNewPage, with this page's notes drawn between closing and reopening.
    continueOnNewPageAfter(this.doc, () => this.place());
  }

  /** The notes still waiting, at the foot of this page and, if they run on, of pages of their own. */
  placeAll(): void {
    while (!this.empty) {
      this.place();
      if (!this.empty) this.doc.continueOnNewPage();
    }
  }

  /** Draw the notes this page carries at its foot, under a short rule, as one Note element. */
  private place(): void {
    const doc = this.doc;
    const { x, y } = doc;
    const left = textLeft(doc.page);
    const bottom = textBottom(doc.page);
    const top = Math.max(doc.y, bottom - this.reserved());
    const lines = this.take(bottom - top);
    doc.markContent('Artifact', { type: 'Layout' });
    doc
      .moveTo(left, top + NOTES_SEPARATOR / 2)
      .lineTo(left + NOTE_RULE, top + NOTES_SEPARATOR / 2)
      .lineWidth(0.5)
      .strokeColor(TEXT_COLOR)
      .stroke();
    doc.endMarkedContent();
    this.type.atSize(NOTE_SIZE, () =>
      this.tags.topLevel('Note', () => {
        for (const [i, line] of lines.entries()) {
          this.type.drawLine(line, left, top + NOTES_SEPARATOR + i * NOTE_SIZE * LEADING, textWidth(doc.page));
        }
      }),
    );
    doc.x = x;
    doc.y = y;
  }
}

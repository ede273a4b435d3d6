/**
 * The foot of each page: which notes it must carry. A body line that refers to a note may
 * only go on a page with room for the line and the note below it; the notes are drawn when
 * the page is finished, before the next page starts, so no page is revisited and pages
 * still stream out one by one. A note taller than what is left runs on at the foot of the
 * next page.
 */
import type { Line } from '../inline/line-breaker.js';

/** Space between the body and the first note, holding a short rule. */
export const NOTES_SEPARATOR = 12;

export class FootnoteArea {
  /** Lines waiting for the foot of the current page (notes carried over come first). */
  private pending: Line[] = [];
  private readonly placed = new Set<number>();

  constructor(
    private readonly notes: ReadonlyMap<number, Line[]>,
    private readonly lineHeight: number,
  ) {}

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
  take(height: number): Line[] {
    const fit = Math.max(1, Math.floor((height - NOTES_SEPARATOR + 0.01) / this.lineHeight));
    return this.pending.splice(0, fit);
  }
}

import type { Run } from './tree.js';

/*
 * Line breaking for styled runs. pdfkit's own wrapping of `continued` text may break where
 * two runs meet with no space between them (a link followed by its period lands on the
 * next line), and it cannot tell in advance how tall a block will be. Breaking lines here
 * fixes both: breaks only at spaces (or inside a word too long for any line), and the same
 * lines serve for measuring and for drawing.
 */

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

export function faceOf(run: { bold: boolean; italic: boolean }): Face {
  return run.bold ? (run.italic ? 'boldItalic' : 'bold') : run.italic ? 'italic' : 'regular';
}

/** A stretch of one line drawn in one style; spaces inside it are drawn as text. */
export interface Segment {
  text: string;
  face: Face;
  href?: string;
  /** The footnote this marker refers to. */
  note?: number;
  width: number;
}

export interface Line {
  segments: Segment[];
  width: number;
}

/** Width of `text` in `face` at the current size, in points. */
export type Measure = (text: string, face: Face) => number;

interface Piece {
  text: string;
  face: Face;
  href?: string;
  note?: number;
}

type Token = { kind: 'word'; pieces: Piece[] } | { kind: 'space'; piece: Piece };

function tokenize(runs: readonly Run[]): Token[] {
  const tokens: Token[] = [];
  let word: Piece[] | undefined;
  for (const run of runs) {
    const face = faceOf(run);
    for (const part of run.text.split(/( +)/)) {
      if (part === '') continue;
      const piece: Piece = run.href === undefined ? { text: part, face } : { text: part, face, href: run.href };
      if (run.note !== undefined) piece.note = run.note;
      if (part[0] === ' ') {
        word = undefined;
        tokens.push({ kind: 'space', piece: { ...piece, text: ' ' } });
      } else if (word) {
        word.push(piece);
      } else {
        word = [piece];
        tokens.push({ kind: 'word', pieces: word });
      }
    }
  }
  return tokens;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Split a word wider than the line into parts that fit, between grapheme clusters. */
function splitWord(pieces: Piece[], width: number, measure: Measure): Piece[][] {
  const parts: Piece[][] = [];
  let current: Piece[] = [];
  let used = 0;
  for (const piece of pieces) {
    for (const { segment } of graphemes.segment(piece.text)) {
      const w = measure(segment, piece.face);
      if (used + w > width && current.length > 0) {
        // Break a long address after its last / - . ? & = rather than mid-name, when there is one.
        const last = current[current.length - 1]!;
        const cut = Math.max(...[...'/-.?&='].map((c) => last.text.lastIndexOf(c)));
        if (cut > 0 && cut < last.text.length - 1) {
          const tail = { ...last, text: last.text.slice(cut + 1) };
          last.text = last.text.slice(0, cut + 1);
          parts.push(current);
          current = [tail];
          used = measure(tail.text, tail.face);
        } else {
          parts.push(current);
          current = [];
          used = 0;
        }
      }
      const last = current[current.length - 1];
      if (last && last.face === piece.face && last.href === piece.href && last.note === piece.note) last.text += segment;
      else current.push({ ...piece, text: segment });
      used += w;
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

class LineBuilder {
  readonly lines: Line[] = [];
  private pieces: Piece[] = [];
  private width = 0;
  private pendingSpace: Piece | undefined;

  constructor(private readonly measure: Measure) {}

  get used(): number {
    return this.width;
  }

  get empty(): boolean {
    return this.pieces.length === 0;
  }

  space(piece: Piece): void {
    if (!this.empty) this.pendingSpace = piece;
  }

  spaceWidth(): number {
    return this.pendingSpace ? this.measure(' ', this.pendingSpace.face) : 0;
  }

  add(pieces: Piece[], width: number): void {
    if (this.pendingSpace) {
      this.pieces.push(this.pendingSpace);
      this.width += this.spaceWidth();
      this.pendingSpace = undefined;
    }
    this.pieces.push(...pieces);
    this.width += width;
  }

  end(): void {
    this.pendingSpace = undefined;
    const segments: Segment[] = [];
    for (const p of this.pieces) {
      const last = segments[segments.length - 1];
      if (last && last.face === p.face && last.href === p.href && last.note === p.note) last.text += p.text;
      else {
        const segment: Segment =
          p.href === undefined ? { text: p.text, face: p.face, width: 0 } : { text: p.text, face: p.face, href: p.href, width: 0 };
        if (p.note !== undefined) segment.note = p.note;
        segments.push(segment);
      }
    }
    for (const s of segments) s.width = this.measure(s.text, s.face);
    this.lines.push({ segments, width: segments.reduce((sum, s) => sum + s.width, 0) });
    this.pieces = [];
    this.width = 0;
  }
}

/** Split runs at hard line breaks ("\n") into the runs of each line. */
function hardLines(runs: readonly Run[]): Run[][] {
  const out: Run[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((text, i) => {
      if (i > 0) out.push([]);
      if (text !== '') out[out.length - 1]!.push(text === run.text ? run : { ...run, text });
    });
  }
  return out;
}

/** Break styled runs into lines no wider than `width`. An empty paragraph gives no lines. */
export function breakLines(runs: readonly Run[], width: number, measure: Measure): Line[] {
  if (runs.length === 0) return [];
  return hardLines(runs).flatMap((line) => breakLine(line, width, measure));
}

/** One hard line (no "\n") into as many lines as it needs; an empty one is one empty line. */
function breakLine(runs: readonly Run[], width: number, measure: Measure): Line[] {
  // Fast path for the common short line in one style (signature lines, address lines).
  const only = runs.length === 1 ? runs[0]! : undefined;
  if (only && !/ {2}/.test(only.text)) {
    const face = faceOf(only);
    const w = measure(only.text, face);
    if (w <= width) {
      const segment: Segment =
        only.href === undefined ? { text: only.text, face, width: w } : { text: only.text, face, href: only.href, width: w };
      if (only.note !== undefined) segment.note = only.note;
      return [{ segments: [segment], width: w }];
    }
  }
  const builder = new LineBuilder(measure);
  for (const token of tokenize(runs)) {
    if (token.kind === 'space') {
      builder.space(token.piece);
    } else {
      const w = token.pieces.reduce((sum, p) => sum + measure(p.text, p.face), 0);
      if (!builder.empty && builder.used + builder.spaceWidth() + w > width) builder.end();
      if (builder.empty && w > width) {
        const parts = splitWord(token.pieces, width, measure);
        parts.forEach((part, i) => {
          if (i > 0) builder.end();
          builder.add(
            part,
            part.reduce((sum, p) => sum + measure(p.text, p.face), 0),
          );
        });
      } else {
        builder.add(token.pieces, w);
      }
    }
  }
  builder.end();
  return builder.lines;
}

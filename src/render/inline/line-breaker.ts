/*
 * Line breaking for styled runs, by the Unicode line breaking algorithm (UAX #14): between
 * words at spaces and after hyphens, between Chinese and Japanese characters with the kinsoku
 * rules UAX #14 carries (never before "。", "、", "」", "）", "ー", small kana or "？", never
 * after "「" or "（"), never between a number and the counter after it ("1355人", "3月", "３名"),
 * and between Thai, Lao, Khmer and Myanmar words found
 * by the ICU word segmenter (UAX #14 leaves those to a dictionary). Lines are broken in
 * logical order; each line's segments are then put in visual order (UAX #9 rule L2). The
 * same lines serve for measuring and for drawing. pdfkit's own wrapping is not used: it
 * breaks where two runs meet and cannot tell in advance how tall a block will be.
 */
import { createRequire } from 'node:module';
import type LineBreakerClass from 'linebreak';
import type { FaceName, StackFont } from './font-list.js';
import type { Run } from '../document/tree.js';
import { graphemesOf, segmentsOf } from '../../core/text/graphemes.js';

/** The style a run asks for; the font of the stack decides which file draws it (faceFile). */
function faceNameOf(run: { bold: boolean; italic: boolean }): FaceName {
  return run.bold ? (run.italic ? 'boldItalic' : 'bold') : run.italic ? 'italic' : 'regular';
}

/** How a piece of text is drawn: style, font of the stack (the body font when absent), bidi level. */
export interface Style {
  face: FaceName;
  font?: StackFont;
  /** Bidi embedding level; odd is right to left. */
  level: number;
  href?: string;
  /** The footnote this marker refers to. */
  note?: number;
}

/** A stretch of one line drawn in one style; spaces inside it are drawn as text. */
export interface Segment extends Style {
  text: string;
  width: number;
}

/** One line as it is drawn: its segments and their total width. */
export interface Line {
  /** In visual order, left to right. */
  segments: Segment[];
  /** The same segments in reading order, when it is not the visual one (a line mixing directions). */
  reading?: Segment[];
  width: number;
  /**
   * The line was broken at a space (or a hard line break), which it does not draw: readers of
   * the PDF's text are given one at its end, so that its last word and the next line's first
   * stay apart. Absent where the text had none (after a hyphen, between CJK characters).
   */
  spaceAfter?: Style;
}

/** Width of `text` drawn in `style` at the current size, in points. */
export type Measure = (text: string, face: FaceName, style: Style) => number;

/** A run to break: a tree run, optionally resolved to a font and a bidi level. */
export type BreakRun = Run & { font?: StackFont; level?: number };

interface Piece {
  text: string;
  style: Style;
}

/** Scripts written without spaces between words, where UAX #14 needs a dictionary (class SA). */
const SA = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\uaa60-\uaa7f]/u;
const SA_RUNS = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\uaa60-\uaa7f]+/gu;
let saWords: Intl.Segmenter | undefined;

let LineBreaker: typeof LineBreakerClass | undefined;

/** A word of one or two letters with a period and the spaces after it, before another such: "e. V.", "z. B.", "u. a.". */
const ABBREVIATION = /(?<![\p{L}\p{M}])\p{L}{1,2}\. +(?=\p{L}{1,2}\.(?![\p{L}\p{M}]))/gu;

/** Offsets in `text` after which a line may break. */
function breakOpportunities(text: string, bindAbbreviations: boolean): number[] {
  const breaks = new Set<number>();
  // Loaded on first use, not with the module: its tables cost more than a short letter's
  // layout, and most lines (signatures, addresses) fit without breaking.
  LineBreaker ??= createRequire(import.meta.url)('linebreak') as typeof LineBreakerClass;
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) breaks.add(bk.position);
  if (SA.test(text)) {
    saWords ??= new Intl.Segmenter('th', { granularity: 'word' });
    // Each run of such text on its own, as the dictionary sees it whatever surrounds it.
    for (const run of text.matchAll(SA_RUNS)) {
      for (const { index } of segmentsOf(run[0], saWords)) if (index > 0) breaks.add(run.index + index);
    }
  }
  // A web or mail address stays whole when it fits on a line: UAX #14 would break it after
  // each "/", and a reader could not tell where it ends. Too long for any line, it is cut
  // after / - . ? & = by splitWord.
  for (const m of text.matchAll(PRINTABLE_ASCII)) {
    if (!ADDRESS.test(m[0])) continue;
    for (let i = m.index + 1; i < m.index + m[0].length; i++) breaks.delete(i);
  }
  // A number and its counter are one word in CJK text ("1355人", "2026年"), and so are
  // full-width digits ("１３５５"), which UAX #14 would break one from the next.
  for (const m of text.matchAll(NUMBER_THEN_COUNTER)) breaks.delete(m.index + m[0].length);
  // "e. V." is one thing: a name is not broken inside it.
  if (bindAbbreviations) for (const m of text.matchAll(ABBREVIATION)) breaks.delete(m.index + m[0].length);
  return [...breaks].sort((a, b) => a - b);
}

/** A digit followed by another full-width digit or by a CJK character: no break after the digit. */
const NUMBER_THEN_COUNTER = /[0-9\uff10-\uff19](?=[\uff10-\uff19\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])/gu;

/**
 * Addresses: a run of printable ASCII holding "://", "www." or an "@" between word characters.
 * Found in two steps, the runs and then what one holds: one pattern for both tries every start
 * in a run and is quadratic in its length.
 */
const PRINTABLE_ASCII = /[!-~]+/g;
const ADDRESS = /:\/\/|www\.|\w@\w/;

/** A piece of text between two break opportunities: a word and the spaces after it. */
interface Token {
  pieces: Piece[];
  space?: Piece;
}

/**
 * The tokens of one hard line, in order, made a stretch of text at a time: only the
 * stretch's break opportunities and tokens are in memory at once, whatever the paragraph's
 * length (a 50 MB paragraph would otherwise hold millions of tokens).
 */
function* tokenize(runs: readonly BreakRun[], styles: Style[], bindAbbreviations: boolean): Generator<Token> {
  const text = runs.map((r) => r.text).join('');
  const pieces = runPieces(runs, styles);
  let from = 0;
  for (const to of breakOffsets(text, bindAbbreviations)) {
    const chunk = text.slice(from, to);
    const word = chunk.replace(/ +$/, '');
    const token: Token = { pieces: pieces(from, from + word.length) };
    if (word.length < chunk.length) {
      const last = pieces(to - 1, to)[0]!;
      token.space = { text: ' ', style: last.style };
    }
    yield token;
    from = to;
  }
}

/**
 * Every offset in `text` after which a line may break, in order, found a stretch of about
 * `stretch` code units at a time (the tests compare stretches with the whole).
 */
export function* breakOffsets(text: string, bindAbbreviations: boolean, stretch = STRETCH): Generator<number> {
  for (let start = 0; start < text.length; ) {
    const end = stretchEnd(text, start, stretch);
    for (const at of breakOpportunities(text.slice(start, end), bindAbbreviations)) yield start + at;
    start = end;
  }
}

/** Past this length a hard line's break opportunities are found a stretch at a time. */
const STRETCH = 16_384;
/**
 * Where a stretch may end: after the spaces between two ASCII letters or digits, or between
 * two Han ideographs. Every rule of UAX #14 and of this file gives the same opportunities on
 * either side of such a place whether the text around it is seen or not (none looks back
 * past spaces that follow a letter, or across two ideographs), and each is itself one.
 */
const STRETCH_END = /[A-Za-z0-9] +(?=[A-Za-z0-9])|[\u4e00-\u9fff](?=[\u4e00-\u9fff])/g;

/** The end of the stretch starting at `start`: the first safe place past `stretch` code units, else the end. */
function stretchEnd(text: string, start: number, stretch: number): number {
  if (text.length - start <= stretch) return text.length;
  STRETCH_END.lastIndex = start + stretch;
  const m = STRETCH_END.exec(text);
  return m === null ? text.length : m.index + m[0].length;
}

/**
 * The pieces of text[from, to), one per run it spans, for ranges asked in order: the runs
 * before `from` are passed once, so a paragraph of many runs (every word emphasised, a
 * script changing at every word) costs a step per run, not a walk of all runs per word.
 */
function runPieces(runs: readonly BreakRun[], styles: Style[]): (from: number, to: number) => Piece[] {
  let first = 0;
  let firstStart = 0;
  return (from, to) => {
    while (first < runs.length - 1 && firstStart + runs[first]!.text.length <= from) {
      firstStart += runs[first]!.text.length;
      first++;
    }
    const pieces: Piece[] = [];
    for (let i = first, start = firstStart; i < runs.length && start < to; start += runs[i]!.text.length, i++) {
      const r = runs[i]!;
      const end = start + r.text.length;
      if (end <= from) continue;
      pieces.push({ text: r.text.slice(Math.max(from, start) - start, Math.min(to, end) - start), style: styles[i]! });
    }
    return pieces;
  };
}

function measurePieces(pieces: Piece[], measure: Measure): number {
  return pieces.reduce((sum, p) => sum + measure(p.text, p.style.face, p.style), 0);
}

/** Longer than any word or line that can fit on a line: at 2 points a character, wider than a page. */
const LONG = 512;

/**
 * A token's width, or Infinity when it is wider than `most`. A long one (a 50 MB word) is
 * measured a grapheme at a time until it is known to be too wide, not shaped whole: shaping
 * holds a glyph and a position for each of its characters.
 */
function tokenWidth(pieces: Piece[], most: number, measure: Measure): number {
  let length = 0;
  for (const p of pieces) length += p.text.length;
  if (length <= LONG) return measurePieces(pieces, measure);
  let sum = 0;
  for (const p of pieces) {
    for (const { segment } of graphemesOf(p.text)) {
      sum += measure(segment, p.style.face, p.style);
      if (sum > most) return Number.POSITIVE_INFINITY;
    }
  }
  return measurePieces(pieces, measure);
}

/** Split a word wider than the line into parts that fit, between grapheme clusters. */
function splitWord(pieces: Piece[], width: number, measure: Measure): Piece[][] {
  const parts: Piece[][] = [];
  let current: Piece[] = [];
  let used = 0;
  for (const piece of pieces) {
    for (const { segment } of graphemesOf(piece.text)) {
      const w = measure(segment, piece.style.face, piece.style);
      if (used + w > width && current.length > 0) {
        // Break a long address after its last / - . ? & = rather than mid-name, when there is one.
        const last = current[current.length - 1]!;
        const cut = Math.max(...[...'/-.?&='].map((c) => last.text.lastIndexOf(c)));
        if (cut > 0 && cut < last.text.length - 1) {
          const tail = { ...last, text: last.text.slice(cut + 1) };
          last.text = last.text.slice(0, cut + 1);
          parts.push(current);
          current = [tail];
          used = measure(tail.text, tail.style.face, tail.style);
        } else {
          parts.push(current);
          current = [];
          used = 0;
        }
      }
      const last = current[current.length - 1];
      if (last && last.style === piece.style) last.text += segment;
      else current.push({ text: segment, style: piece.style });
      used += w;
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Segments in visual order: UAX #9 rule L2, reversing runs of segments at each odd-and-higher level. */
function visualOrder(segments: Segment[]): Segment[] {
  let max = 0;
  for (const s of segments) if (s.level > max) max = s.level;
  if (max === 0) return segments;
  const lowestOdd = Math.min(...segments.map((s) => s.level).filter((l) => l % 2 === 1), max);
  const out = [...segments];
  for (let level = max; level >= lowestOdd; level--) {
    for (let i = 0; i < out.length; ) {
      if (out[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && out[j]!.level >= level) j++;
      const reversed = out.slice(i, j).reverse();
      out.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return out;
}

/** The line being filled: pieces added word by word, ended into a Line with its segments measured. */
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
    return this.pendingSpace ? this.measure(' ', this.pendingSpace.style.face, this.pendingSpace.style) : 0;
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

  /** End the line; `broken`: more of the paragraph follows on the next line. */
  end(broken = true): void {
    const space = broken ? this.pendingSpace : undefined;
    this.pendingSpace = undefined;
    // Pieces of one style in a row make one segment. Its text is joined once into a flat
    // string, and the line's objects are made at their final size: a long paragraph keeps
    // hundreds of thousands of lines, and grown ones cost several times as much.
    const groups: { style: Style; texts: string[] }[] = [];
    for (const p of this.pieces) {
      const last = groups[groups.length - 1];
      if (last && sameStyle(last.style, p.style)) last.texts.push(p.text);
      else groups.push({ style: p.style, texts: [p.text] });
    }
    const segments = groups.map((g) => segmentOf(g.style, g.texts.join(''), this.measure));
    let width = 0;
    for (const s of segments) width += s.width;
    const visual = visualOrder(segments);
    const line: Line = { segments: visual, width };
    if (visual !== segments && visual.some((s, i) => s !== segments[i])) line.reading = segments;
    if (space !== undefined) line.spaceAfter = space.style;
    this.lines.push(line);
    this.pieces = [];
    this.width = 0;
  }
}

/** A segment of `text` in `style`, measured. */
function segmentOf(style: Style, text: string, measure: Measure): Segment {
  const segment: Segment = { face: style.face, level: style.level, text, width: 0 };
  if (style.font !== undefined) segment.font = style.font;
  if (style.href !== undefined) segment.href = style.href;
  if (style.note !== undefined) segment.note = style.note;
  segment.width = measure(text, segment.face, segment);
  return segment;
}

function sameStyle(a: Style, b: Style): boolean {
  return a.face === b.face && a.font === b.font && a.level === b.level && a.href === b.href && a.note === b.note;
}

function styleOf(run: BreakRun): Style {
  const style: Style = { face: faceNameOf(run), level: run.level ?? 0 };
  if (run.font !== undefined) style.font = run.font;
  if (run.href !== undefined) style.href = run.href;
  if (run.note !== undefined) style.note = run.note;
  return style;
}

/** Split runs at hard line breaks ("\n") into the runs of each line. */
function hardLines(runs: readonly BreakRun[]): BreakRun[][] {
  const out: BreakRun[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((text, i) => {
      if (i > 0) out.push([]);
      if (text !== '') out[out.length - 1]!.push(text === run.text ? run : { ...run, text });
    });
  }
  return out;
}

export interface BreakOptions {
  /** The width of every line after the first, when it differs: a hanging indent makes it narrower. */
  rest?: number;
  /** Never break inside an abbreviation of short words ("e. V.", "z. B."): for names. */
  bindAbbreviations?: boolean;
}

/**
 * Break styled runs into lines no wider than `width` (the first) and `options.rest` (the
 * others). An empty paragraph gives no lines.
 */
export function breakLines(runs: readonly BreakRun[], width: number, measure: Measure, options: BreakOptions = {}): Line[] {
  if (runs.length === 0) return [];
  const rest = options.rest ?? width;
  const bind = options.bindAbbreviations ?? false;
  const hard = hardLines(runs);
  return hard.flatMap((runsOfLine, i) => {
    const lines = breakLine(runsOfLine, i === 0 ? width : rest, rest, measure, bind);
    // A hard line break separates words as a space does.
    const last = lines[lines.length - 1];
    if (i < hard.length - 1 && last !== undefined && runsOfLine.length > 0) last.spaceAfter = styleOf(runsOfLine[runsOfLine.length - 1]!);
    return lines;
  });
}

/** One hard line (no "\n") into as many lines as it needs; an empty one is one empty line. */
function breakLine(runs: readonly BreakRun[], width: number, rest: number, measure: Measure, bind: boolean): Line[] {
  const styles = runs.map(styleOf);
  // Fast path for the common short line in one style (signature lines, address lines).
  const only = runs.length === 1 ? runs[0]! : undefined;
  if (only && only.text.length <= LONG && !/ {2}/.test(only.text)) {
    const style = styles[0]!;
    const w = measure(only.text, style.face, style);
    if (w <= width) return [{ segments: [segmentOf(style, only.text, () => w)], width: w }];
  }
  const builder = new LineBuilder(measure);
  const limit = (): number => (builder.lines.length === 0 ? width : rest);
  for (const token of tokenize(runs, styles, bind)) {
    if (token.pieces.length > 0) {
      const w = tokenWidth(token.pieces, Math.max(width, rest), measure);
      if (!builder.empty && builder.used + builder.spaceWidth() + w > limit()) builder.end();
      if (builder.empty && w > limit()) {
        // Every part but the first goes on a line of its own after the first: no wider than either.
        const parts = splitWord(token.pieces, Math.min(width, rest), measure);
        parts.forEach((part, i) => {
          if (i > 0) builder.end();
          builder.add(part, measurePieces(part, measure));
        });
      } else {
        builder.add(token.pieces, w);
      }
    }
    if (token.space) builder.space(token.space);
  }
  builder.end(false);
  return builder.lines;
}

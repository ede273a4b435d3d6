/*
 * Shaping and measuring with fontkit, apart from pdfkit's document state: the glyphs a run
 * of text becomes in one face (Arabic joined, lam-alef ligatures, Indic conjuncts and vowel
 * signs reordered, Thai marks stacked, kerning), in visual order, with their advances. The
 * same glyph runs serve to measure and to draw, so what is measured is what is drawn; for
 * drawing, each glyph also carries the text it stands for (glyph-text.ts), in reading order.
 */
import { create, type Font, type Glyph, type GlyphPosition } from 'fontkit';
import { bidi } from './bidi.js';
import { FaceMetrics, type PlainLayout } from './face-metrics.js';
import { faceFile, type StackFont } from './font-list.js';
import { glyphTexts, type ReadGlyph, settleForReaders } from './glyph-text.js';

/** Reads a font file of the stack (from its npm package). */
export type FontReader = (font: StackFont, file: string) => Buffer;

/** A face of a stack font: the name it is registered under in the PDF, and the parsed font. */
export interface Face {
  key: string;
  font: Font;
  /** Shaped from the cmap alone when the text allows it (see StackFont.plainShaping). */
  plain: boolean;
  /** The body font's faces: plain words measured and drawn from generated tables (face-metrics.ts). */
  metrics: FaceMetrics | undefined;
}

/** What needs real shaping even in a font of precomposed characters. */
const NEEDS_SHAPING = /[\p{M}\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

/** Glyphs in visual order, with positions in 1/1000 of the font size (pdfkit's unit). */
export interface GlyphRun {
  glyphs: Glyph[];
  positions: GlyphPosition[];
  advanceWidth: number;
}

/** A glyph where it is drawn, and the text it stands for (its fields are what readers of the PDF need: glyph-text.ts). */
export type PlacedGlyph = ReadGlyph;

/**
 * Glyphs in reading order, as a PDF should hold them (ISO 32000-1, 14.8.2.3.3): left to right,
 * or right to left for right-to-left text, each placed where it is drawn.
 */
export interface DrawnRun {
  glyphs: PlacedGlyph[];
  advanceWidth: number;
}

/** Mirror brackets and the like in right-to-left text (UAX #9 rule L4). */
function mirror(text: string): string {
  let out = '';
  for (const ch of text) out += bidi().getMirroredCharacter(ch) ?? ch;
  return out;
}

/** Glyphs straight from the cmap, each advancing by its own width. */
function plainLayout(font: Font, text: string): { glyphs: Glyph[]; positions: GlyphPosition[] } {
  const glyphs = font.glyphsForString(text);
  return { glyphs, positions: glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) };
}

/**
 * `layout` with each glyph carrying the characters it was shaped from here. fontkit keeps one
 * glyph object per glyph id, with the characters of the first text it was shaped from: the
 * dotless skeleton shared by ت and ی would read as ت in every word after the first.
 */
function layoutOwnCodePoints(font: Font, layout: () => ReturnType<Font['layout']>): ReturnType<Font['layout']> {
  const own = font as Font & { getGlyph?: (id: number, codePoints?: number[]) => Glyph };
  const shared = own.getGlyph;
  if (typeof shared !== 'function') return layout();
  own.getGlyph = (id, codePoints) => {
    const glyph = shared.call(font, id, codePoints);
    if (!codePoints || !glyph || sameCodePoints(glyph.codePoints, codePoints)) return glyph;
    return Object.create(glyph, { codePoints: { value: codePoints } }) as Glyph;
  };
  try {
    return layout();
  } finally {
    delete own.getGlyph;
  }
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** A word with the spaces after it: the unit of shaping and of the cache. */
export function words(text: string): string[] {
  if (!text.includes(' ')) return text === '' ? [] : [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && text[j] !== ' ') j++;
    while (j < text.length && text[j] === ' ') j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/**
 * A cache that keeps what was used lately, within a budget: two generations, the older one
 * dropped when the newer one is full. Names and words of a letter repeat and are found
 * here; a 50 MB paragraph of words that never repeat cannot fill the memory with them.
 */
class RecentCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private weight = 0;

  constructor(
    private readonly budget: number,
    private readonly weigh: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.weight >= this.budget) {
      this.old = this.young;
      this.young = new Map();
      this.weight = 0;
    }
    this.young.set(key, value);
    this.weight += this.weigh(value);
  }
}

/** Glyphs of shaped words kept per face (twice this, at most): 10,000 signatories' names fit. */
const SHAPED_GLYPHS = 400_000;
/** Measured strings kept per face (twice this, at most). */
const MEASURED_STRINGS = 100_000;

/** Shapes and measures text in the faces of the stack, parsing each face on first use. */
export class Shaper {
  /** Per font of the stack, its faces by style: regular, bold, italic, bold italic. */
  private readonly faces = new Map<StackFont, (Face | undefined)[]>();
  /** Per face, shaped words (keys of right-to-left ones start with "\u0000"). */
  private readonly runs = new Map<Face, RecentCache<GlyphRun>>();
  /** Per face, placed words in reading order, from the word's left edge (keys as for runs). */
  private readonly drawnWords = new Map<Face, RecentCache<DrawnRun>>();
  /** Per face, the advance of whole measured strings: the same line is measured again and again. */
  private readonly advances = new Map<Face, RecentCache<number>>();

  constructor(private readonly read: FontReader) {}

  /** The face that draws `font` in this style, read and parsed on first use. */
  face(font: StackFont, bold: boolean, italic: boolean): Face {
    let faces = this.faces.get(font);
    if (!faces) {
      faces = [];
      this.faces.set(font, faces);
    }
    const slot = (bold ? 1 : 0) + (italic ? 2 : 0);
    let f = faces[slot];
    if (!f) {
      const { face, file } = faceFile(font, bold, italic);
      const key = `${font.id}-${face}`;
      // A fallback without this style shares the face of the style it falls back to.
      f = [...this.faces.values()].flat().find((x) => x?.key === key);
      if (!f) {
        f = { key, font: create(this.read(font, file)), plain: font.plainShaping === true, metrics: FaceMetrics.of(key) };
        this.runs.set(f, new RecentCache<GlyphRun>(SHAPED_GLYPHS, (run) => run.glyphs.length + 1));
        this.drawnWords.set(f, new RecentCache<DrawnRun>(SHAPED_GLYPHS, (run) => run.glyphs.length + 1));
        this.advances.set(f, new RecentCache<number>(MEASURED_STRINGS, () => 1));
      }
      faces[slot] = f;
    }
    return f;
  }

  /**
   * The glyph run of `text` in `face`, right to left when `rtl`. Shaped word by word (a
   * word with the spaces after it) and cached, as pdfkit does: names and words repeat.
   */
  shape(face: Face, text: string, rtl: boolean): GlyphRun {
    const parts = words(text);
    if (parts.length === 1) return this.word(face, parts[0]!, rtl);
    if (rtl) parts.reverse();
    const out: GlyphRun = { glyphs: [], positions: [], advanceWidth: 0 };
    for (const w of parts) {
      const run = this.word(face, w, rtl);
      out.glyphs.push(...run.glyphs);
      out.positions.push(...run.positions);
      out.advanceWidth += run.advanceWidth;
    }
    return out;
  }

  /**
   * The glyphs of `text` in `face` as they are written to a PDF: in reading order (words and
   * glyphs right to left when `rtl`), each placed and with the text it stands for.
   */
  drawn(face: Face, text: string, rtl: boolean): DrawnRun {
    const parts = words(text);
    if (parts.length === 1) return this.drawnWord(face, parts[0]!, rtl);
    const placed = parts.map((w) => this.drawnWord(face, w, rtl));
    const advanceWidth = placed.reduce((sum, w) => sum + w.advanceWidth, 0);
    const glyphs: PlacedGlyph[] = [];
    // Right to left, the first word read is the rightmost.
    let left = rtl ? advanceWidth : 0;
    for (const w of placed) {
      if (rtl) left -= w.advanceWidth;
      for (const g of w.glyphs) glyphs.push({ ...g, x: g.x + left });
      if (!rtl) left += w.advanceWidth;
    }
    return { glyphs, advanceWidth };
  }

  private drawnWord(face: Face, text: string, rtl: boolean): DrawnRun {
    const cache = this.drawnWords.get(face)!;
    const key = rtl ? `\u0000${text}` : text;
    let drawn = cache.get(key);
    if (!drawn) {
      const run = this.word(face, text, rtl);
      const glyphs: PlacedGlyph[] = [];
      let pen = 0;
      run.glyphs.forEach((glyph, i) => {
        const p = run.positions[i]!;
        glyphs.push({ glyph, text: undefined, x: pen + p.xOffset, y: p.yOffset, advance: p.xAdvance });
        pen += p.xAdvance;
      });
      if (rtl) glyphs.reverse();
      // Right to left, the shaper saw the mirrored text (see word): matched against it, read as typed.
      const texts = glyphTexts(
        rtl ? mirror(text) : text,
        glyphs.map((g) => g.glyph),
        text,
      );
      glyphs.forEach((g, i) => {
        g.text = texts[i];
      });
      settleForReaders(glyphs, rtl, () => face.font.glyphForCodePoint(0x20));
      drawn = { glyphs, advanceWidth: run.advanceWidth };
      cache.set(key, drawn);
    }
    return drawn;
  }

  /** Width of `text` in `face` at `size` points. */
  width(face: Face, text: string, size: number, rtl: boolean): number {
    const cache = this.advances.get(face)!;
    const key = rtl ? `\u0000${text}` : text;
    let advance = cache.get(key);
    if (advance === undefined) {
      advance = 0;
      for (const w of words(text)) advance += this.word(face, w, rtl).advanceWidth;
      cache.set(key, advance);
    }
    return (advance * size) / 1000;
  }

  private word(face: Face, text: string, rtl: boolean): GlyphRun {
    const cache = this.runs.get(face)!;
    const key = rtl ? `\u0000${text}` : text;
    let run = cache.get(key);
    if (!run) {
      const font = face.font;
      const scale = 1000 / font.unitsPerEm;
      const tabled = rtl ? undefined : face.metrics?.layout(text);
      if (tabled) {
        run = tabledRun(font, tabled, scale);
        cache.set(key, run);
        return run;
      }
      // Mirroring is done here, from Unicode's list, so the font's own rtlm must not undo it.
      const laid =
        face.plain && !rtl && !NEEDS_SHAPING.test(text)
          ? plainLayout(font, text)
          : layoutOwnCodePoints(font, () =>
              rtl
                ? font.layout(mirror(text), { rtlm: false }, undefined, undefined, 'rtl')
                : font.layout(text, undefined, undefined, undefined, 'ltr'),
            );
      const positions = laid.positions.map((p, i) => ({
        xAdvance: p.xAdvance * scale,
        yAdvance: p.yAdvance * scale,
        xOffset: p.xOffset * scale,
        yOffset: p.yOffset * scale,
        advanceWidth: laid.glyphs[i]!.advanceWidth * scale,
      }));
      run = { glyphs: laid.glyphs, positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
      cache.set(key, run);
    }
    return run;
  }
}

/**
 * A plain word's glyph run from the face's tables: the numbers fontkit's shaping would give, and
 * the glyphs layoutOwnCodePoints would: fontkit's own glyph objects (asked for in the order its
 * layout asks, the word's characters first), each carrying the characters it was made from here.
 */
function tabledRun(font: Font, laid: PlainLayout, scale: number): GlyphRun {
  // fontkit's glyph objects, one per id, made with the characters of the first text that asked.
  const shared = font as Font & { getGlyph: (id: number, codePoints?: number[]) => Glyph };
  laid.charGlyphs.forEach((id, i) => {
    shared.getGlyph(id, [laid.codePoints[i]!]);
  });
  const glyphs = laid.glyphs.map(({ id, codePoints }) => {
    const glyph = shared.getGlyph(id, codePoints);
    return sameCodePoints(glyph.codePoints, codePoints) ? glyph : (Object.create(glyph, { codePoints: { value: codePoints } }) as Glyph);
  });
  const positions = laid.xAdvances.map((x, i) => ({
    xAdvance: x * scale,
    yAdvance: 0,
    xOffset: 0,
    yOffset: 0,
    advanceWidth: laid.advances[i]! * scale,
  }));
  return { glyphs, positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
}

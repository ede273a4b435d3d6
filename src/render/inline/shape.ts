/*
 * Shaping and measuring with fontkit, apart from pdfkit's document state: the glyphs a run
 * of text becomes in one face (Arabic joined, lam-alef ligatures, Indic conjuncts and vowel
 * signs reordered, Thai marks stacked, kerning), in visual order, with their advances. The
 * same glyph runs serve to measure and to draw, so what is measured is what is drawn.
 */
import { create, type Font, type Glyph, type GlyphPosition } from 'fontkit';
import { bidi } from './bidi.js';
import { FaceMetrics, type PlainLayout } from './face-metrics.js';
import { faceFile, type StackFont } from './font-list.js';

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

/** What pdfkit reads of a glyph it draws: which glyph, what it stands for (the PDF's text), how wide. */
export type DrawnGlyph = Pick<Glyph, 'id' | 'codePoints' | 'advanceWidth'>;

/** Glyphs in visual order, with positions in 1/1000 of the font size (pdfkit's unit). */
export interface GlyphRun {
  glyphs: DrawnGlyph[];
  positions: GlyphPosition[];
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

/** A word with the spaces after it: the unit of shaping and of the cache. */
function words(text: string): string[] {
  return text.match(/[^ ]*(?: +|$)/g)!.filter((w) => w !== '');
}

/** Shapes and measures text in the faces of the stack, parsing each face on first use. */
export class Shaper {
  /** Per font of the stack, its faces by style: regular, bold, italic, bold italic. */
  private readonly faces = new Map<StackFont, (Face | undefined)[]>();
  /** Per face, shaped words (keys of right-to-left ones start with "\u0000"). */
  private readonly runs = new Map<Face, Map<string, GlyphRun>>();
  /** Per face, the advance of whole measured strings: the same line is measured again and again. */
  private readonly advances = new Map<Face, Map<string, number>>();

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
        this.runs.set(f, new Map());
        this.advances.set(f, new Map());
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
          : rtl
            ? font.layout(mirror(text), { rtlm: false }, undefined, undefined, 'rtl')
            : font.layout(text, undefined, undefined, undefined, 'ltr');
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
 * A plain word's glyph run from the face's tables: the numbers fontkit's shaping would give.
 * fontkit keeps one glyph object per glyph, with the code points it was first made with (the
 * PDF's text for it); the glyphs are asked of it in the order its layout asks them (the word's
 * characters, then what shaping made of them), so that every glyph stands for the same text.
 */
function tabledRun(font: Font, laid: PlainLayout, scale: number): GlyphRun {
  laid.charGlyphs.forEach((id, i) => {
    font.getGlyph(id, [laid.codePoints[i]!]);
  });
  const glyphs = laid.glyphs.map(({ id, codePoints }, i) => ({
    id,
    codePoints: font.getGlyph(id, codePoints).codePoints,
    advanceWidth: laid.advances[i]!,
  }));
  const positions = laid.xAdvances.map((x, i) => ({
    xAdvance: x * scale,
    yAdvance: 0,
    xOffset: 0,
    yOffset: 0,
    advanceWidth: laid.advances[i]! * scale,
  }));
  return { glyphs, positions, advanceWidth: positions.reduce((sum, p) => sum + p.xAdvance, 0) };
}

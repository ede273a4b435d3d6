// The small part of fontkit's API that letters uses (fontkit ships no type declarations).
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    advanceWidth: number;
  }
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    characterSet: number[];
    glyphsForString(text: string): Glyph[];
    /** The glyph object of an id; made with `codePoints` the first time it is asked for, and kept. */
    getGlyph(id: number, codePoints?: number[]): Glyph;
    layout(
      text: string,
      features?: string[] | Record<string, boolean>,
      script?: string,
      language?: string,
      direction?: 'ltr' | 'rtl',
    ): GlyphRun;
  }
  export function create(buffer: Buffer): Font;
}

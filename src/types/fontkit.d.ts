// The small part of fontkit's API that letters uses (fontkit ships no type declarations).
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
    /** The outline's bounds in font units, y up. */
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    /** The outline in font units, y up. */
    path: { commands: { command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath'; args: number[] }[] };
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
    glyphForCodePoint(codePoint: number): Glyph;
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

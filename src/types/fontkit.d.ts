// The small part of fontkit's API that letters uses (fontkit ships no type declarations).
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    postscriptName: string;
  }
  export function create(buffer: Buffer): Font;
}

import { create } from 'fontkit';
import type { FontFaces } from './pdf.js';

/** A test for "can every face draw this character", answered from the fonts' own cmaps. */
export function fontCoverage(fonts: FontFaces): (codePoint: number) => boolean {
  const faces = Object.values(fonts).map((bytes) => create(bytes));
  const known = new Map<number, boolean>();
  return (cp) => {
    let ok = known.get(cp);
    if (ok === undefined) {
      ok = faces.every((face) => face.hasGlyphForCodePoint(cp));
      known.set(cp, ok);
    }
    return ok;
  };
}

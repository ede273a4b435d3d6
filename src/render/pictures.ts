//! The pictures a letter prints, as the render stage is given them: read, checked and decoded
//! at the edge (io/pictures), scaled to the largest size the page prints them at (300 dots an
//! inch) and encoded again without transparency. Render never reads a file.

export interface Picture {
  /** The path as the letter names it, from the repository's folder: the key templates use in `<img src>`. */
  source: string;
  /** How `bytes` are encoded: PNG (8-bit, opaque) or JPEG (baseline, RGB or grey). */
  format: 'png' | 'jpeg';
  bytes: Buffer;
  /** The pixels of `bytes`. */
  width: number;
  height: number;
  /** Its own size in CSS pixels (96 to the inch): the file's pixels, or what an SVG declares. */
  naturalWidth: number;
  naturalHeight: number;
  /** A digest of `bytes`: the same picture named twice is embedded once. */
  key: string;
}

/** The pictures of one letter by `source`. */
export type Pictures = ReadonlyMap<string, Picture>;

export const NO_PICTURES: Pictures = new Map();

/** How many points a CSS pixel is: a picture's own size, printed. */
export const POINTS_PER_PIXEL = 0.75;

/** The resolution pictures are kept at for the size they are printed at. */
export const PRINT_DPI = 300;

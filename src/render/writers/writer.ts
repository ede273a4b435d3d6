// The writers' contract: what a writer is given and what it returns, and the marks by which
// render knows its own earlier outputs. Each writer imports this file, never the table of
// formats that lists the writers (formats.ts).
import type { LetterDocument } from '../document/document.js';
import type { Fonts } from '../inline/fonts.js';

/** Which pages a PNG preview shows: the first page by default. */
export type PageSelection = { kind: 'all' } | { kind: 'range'; from: number; to: number };

export interface WriterInput {
  document: LetterDocument;
  /** Present for formats that need fonts (the glyph check has passed). */
  fonts?: Fonts;
  creator: string;
  now: Date;
  pages: PageSelection;
  dpi: number;
  /** PDF/A-2b, for archives (the PDF writer). */
  pdfa?: boolean;
  /** How a picture's path under the repository is written from the output's folder (Markdown links to its pictures). */
  picturePath?: (source: string) => string;
}

/** One file of output; `page` is set for one page of a PNG preview. */
export interface Output {
  bytes: Buffer;
  page?: number;
}

export type Writer = (input: WriterInput) => Promise<Output[]>;

/** The generator mark of an HTML page written by letters (a <meta name="generator">). */
export const HTML_GENERATOR = 'letters';
/** The first line of Markdown written by letters: an HTML comment, invisible once rendered. */
export const MARKDOWN_MARK = '<!-- Written by letters from a letter file: edit that file and render again; changes made here are lost. -->';
/** A PNG written by letters carries a tEXt chunk "Software" = this. */
export const PNG_SOFTWARE = 'letters';

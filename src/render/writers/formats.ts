//! The table of output formats: what `render --format` can write, how each is named on disk,
//! how an earlier output of letters in that format is recognized (render replaces that and
//! nothing else), whether it needs the fonts, and its writer (loaded only when used).

import type { LetterDocument } from '../document/document.js';
import type { Fonts } from '../pdf/layout.js';

export const FORMAT_NAMES = ['pdf', 'html', 'md', 'txt', 'png'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

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
}

/** One file of output; `page` is set for one page of a PNG preview. */
export interface Output {
  bytes: Buffer;
  page?: number;
}

export type Writer = (input: WriterInput) => Promise<Output[]>;

export interface OutputFormat {
  name: FormatName;
  /** With the dot: ".pdf". */
  extension: string;
  /** How people call it in messages. */
  label: string;
  /** Drawn with the fonts, so every character must be in them (the glyph check runs first). */
  needsFonts: boolean;
  /**
   * True when `existing` (the first bytes of a file at the target) is an earlier output of
   * letters in this format, which render may replace; `fresh` is what would replace it.
   */
  isOwn(existing: Buffer, fresh: Buffer): boolean;
  /** What a file must be for render to replace it, for the refusal message. */
  ownRule: string;
  writer(): Promise<Writer>;
}

/** How many bytes of an existing file the recognizers look at. */
export const HEAD_BYTES = 4096;

/** The generator mark of an HTML page written by letters (a <meta name="generator">). */
export const HTML_GENERATOR = 'letters';
/** The first line of Markdown written by letters: an HTML comment, invisible once rendered. */
export const MARKDOWN_MARK = '<!-- Written by letters from a letter file: edit that file and render again; changes made here are lost. -->';
/** A PNG written by letters carries a tEXt chunk "Software" = this. */
export const PNG_SOFTWARE = 'letters';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const firstLine = (bytes: Buffer): string => {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
};

export const FORMATS: Record<FormatName, OutputFormat> = {
  pdf: {
    name: 'pdf',
    extension: '.pdf',
    label: 'PDF',
    needsFonts: true,
    // Any PDF, as in v1: re-rendering replaces an earlier PDF, never another kind of file.
    isOwn: (existing) => existing.subarray(0, 5).toString('latin1') === '%PDF-',
    ownRule: 'is not a PDF',
    writer: async () => (await import('./pdf.js')).writePdf,
  },
  html: {
    name: 'html',
    extension: '.html',
    label: 'HTML page',
    needsFonts: false,
    isOwn: (existing) => /<meta name="generator" content="letters[ "]/.test(existing.toString('utf8')),
    ownRule: 'is not an HTML page written by letters (it has no <meta name="generator" content="letters …">)',
    writer: async () => (await import('./html.js')).writeHtml,
  },
  md: {
    name: 'md',
    extension: '.md',
    label: 'Markdown',
    needsFonts: false,
    isOwn: (existing) => firstLine(existing) === MARKDOWN_MARK,
    ownRule: 'is not Markdown written by letters (its first line is not the "Written by letters" comment)',
    writer: async () => (await import('./markdown.js')).writeMarkdown,
  },
  txt: {
    name: 'txt',
    extension: '.txt',
    label: 'plain text',
    needsFonts: false,
    // Plain text goes into email bodies as it is, so it carries no mark: an earlier output of
    // the same letter is known by its first line (the recipient), which other files lack.
    isOwn: (existing, fresh) => firstLine(existing) !== '' && firstLine(existing) === firstLine(fresh),
    ownRule: "does not start with this letter's first line, so it is not an earlier text version of it",
    writer: async () => (await import('./text.js')).writeText,
  },
  png: {
    name: 'png',
    extension: '.png',
    label: 'PNG preview',
    needsFonts: true,
    isOwn: (existing) =>
      existing.subarray(0, 8).equals(PNG_SIGNATURE) && existing.subarray(0, HEAD_BYTES).includes(`Software\u0000${PNG_SOFTWARE}`),
    ownRule: 'is not a PNG preview written by letters',
    writer: async () => (await import('./png.js')).writePng,
  },
};

/** The format a file name's extension asks for, if any. */
export function formatOfPath(file: string): FormatName | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === undefined) return undefined;
  if (ext === 'htm') return 'html';
  if (ext === 'markdown') return 'md';
  if (ext === 'text') return 'txt';
  return (FORMAT_NAMES as readonly string[]).includes(ext) ? (ext as FormatName) : undefined;
}

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

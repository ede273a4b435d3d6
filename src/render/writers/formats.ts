//! The table of output formats: what `render --format` can write, how each is named on disk,
//! how an earlier output of letters in that format is recognized (render replaces that and
//! nothing else), whether it needs the fonts, and its writer (loaded only when used).

import { FORMAT_LABELS, isFormatName, type FormatName } from '../format-names.js';
import { MARKDOWN_MARK, PNG_SOFTWARE, type Writer } from './writer.js';

export interface OutputFormat {
  name: FormatName;
  /** With the dot: ".pdf". */
  extension: string;
  /** Other extensions of `-o` that ask for it (".htm"). */
  aliases: readonly string[];
  /** What you get, in a line (`letters help formats`). */
  about: string;
  /** How people call it in messages. */
  label: string;
  /** Drawn with the fonts, so every character must be in them (the glyph check runs first). */
  needsFonts: boolean;
  /**
   * True when `existing` (the first HEAD_BYTES of a file at the target, or all of it when
   * `readsWhole`) is an earlier output of letters in this format, which render may replace;
   * `fresh` is what would replace it.
   */
  isOwn(existing: Buffer, fresh: Buffer): boolean;
  /** The recognizer needs the whole file, not its head (a PDF's producer may be anywhere in it). */
  readsWhole?: boolean;
  /** What a file must be for render to replace it, for the refusal message. */
  ownRule: string;
  writer(): Promise<Writer>;
}

/** How many bytes of an existing file the recognizers look at. */
export const HEAD_BYTES = 4096;

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
    aliases: [],
    about: 'the letter to send: a tagged PDF with its fonts embedded (--pdfa: PDF/A-2b)',
    label: FORMAT_LABELS.pdf,
    needsFonts: true,
    // A PDF letters wrote: its producer is letters (the Info string, or the XMP of PDF/A). Any
    // other PDF (a scan, the minister's reply) is someone's document.
    isOwn: (existing) =>
      existing.subarray(0, 5).toString('latin1') === '%PDF-' &&
      (existing.includes('(letters ') || existing.includes('<pdf:Producer>letters ')),
    readsWhole: true,
    ownRule: 'is not a PDF written by letters (its producer is not letters)',
    writer: async () => (await import('./pdf.js')).writePdf,
  },
  html: {
    name: 'html',
    extension: '.html',
    aliases: ['.htm'],
    about: 'one self-contained page for a website, printable like the PDF; no script, no outside request',
    label: FORMAT_LABELS.html,
    needsFonts: false,
    isOwn: (existing) => /<meta name="generator" content="letters[ "]/.test(existing.toString('utf8')),
    ownRule: 'is not an HTML page written by letters (it has no <meta name="generator" content="letters …">)',
    writer: async () => (await import('./html.js')).writeHtml,
  },
  md: {
    name: 'md',
    extension: '.md',
    aliases: ['.markdown'],
    about: "Markdown (CommonMark with GitHub's extensions) for a README or a wiki",
    label: FORMAT_LABELS.md,
    needsFonts: false,
    isOwn: (existing) => firstLine(existing) === MARKDOWN_MARK,
    ownRule: 'is not Markdown written by letters (its first line is not the "Written by letters" comment)',
    writer: async () => (await import('./markdown.js')).writeMarkdown,
  },
  txt: {
    name: 'txt',
    extension: '.txt',
    aliases: ['.text'],
    about: 'plain text for an email body: lines of at most 72 columns, never a broken address',
    label: FORMAT_LABELS.txt,
    needsFonts: false,
    // Plain text goes into email bodies as it is, so it carries no mark, and a first line (a
    // recipient's name) is no proof: only the very text it would write again is replaced.
    isOwn: (existing, fresh) => existing.equals(fresh),
    readsWhole: true,
    ownRule: 'is not this very text: text carries no mark of letters, so an earlier version cannot be told from your own file',
    writer: async () => (await import('./text.js')).writeText,
  },
  png: {
    name: 'png',
    extension: '.png',
    aliases: [],
    about: "a picture of the PDF's pages (--pages, --dpi), to look at before sending",
    label: FORMAT_LABELS.png,
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
  const alias = Object.values(FORMATS).find((f) => f.aliases.includes(`.${ext}`));
  return alias?.name ?? (isFormatName(ext) ? ext : undefined);
}

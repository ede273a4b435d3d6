import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/*
 * A PDF's text as four independent readers give it back: poppler's pdftotext (Evince, Okular),
 * MuPDF's mutool (SumatraPDF, zathura), pdf.js (Firefox and many web viewers: its text content
 * as Firefox's find joins it) and the tagged structure tree as poppler's pdfinfo -struct-text
 * walks it (what assistive technology follows). Whitespace is folded to single spaces.
 */

export type Reader = 'pdftotext' | 'mutool' | 'pdf.js' | 'structure';

export const READERS: readonly Reader[] = ['pdftotext', 'mutool', 'pdf.js', 'structure'];

/** True when the command-line readers are installed (.ci/run installs them). */
export function hasReaders(): boolean {
  return ['pdftotext', 'pdfinfo', 'mutool'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
}

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function pdfjsText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    text += '\n';
  }
  await doc.destroy();
  return text;
}

/** The text of each leaf of the structure tree, element by element, as pdfinfo -struct-text prints it. */
function structureText(file: string): string {
  let text = '';
  for (const line of run('pdfinfo', ['-struct-text', file]).split('\n')) {
    const m = /^\s*"(.*)"$/.exec(line);
    // Content of one element is printed piece by piece; a new block element starts a new line
    // of text, an inline one (a Span in another language) continues it.
    text += m ? m[1]! : /\(inline\)$/.test(line) ? '' : '\n';
  }
  return text;
}

/** What each reader gets back from `bytes`, whitespace folded. */
export async function readBack(bytes: Uint8Array): Promise<Record<Reader, string>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-readback-'));
  try {
    const file = path.join(dir, 'letter.pdf');
    writeFileSync(file, bytes);
    return {
      pdftotext: fold(run('pdftotext', ['-enc', 'UTF-8', file, '-'])),
      mutool: fold(run('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', file])),
      'pdf.js': fold(await pdfjsText(bytes)),
      structure: fold(structureText(file)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scripts whose lines may break inside a word (between any two characters, or by a dictionary). */
const UNSPACED =
  /(?<=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Tibetan}。、！？])\s(?=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Tibetan}])/gu;

/**
 * The words of `words` a reader's text lacks. A line break where a line of Chinese, Japanese,
 * Korean, Thai or Tibetan broke inside a word is no space: searching across it is the
 * viewer's business, not the PDF's.
 */
export function missing(text: string, words: readonly string[]): string[] {
  const joined = text.replace(UNSPACED, '');
  return words.filter((w) => !text.includes(w) && !joined.includes(w));
}

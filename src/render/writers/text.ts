//! The plain-text writer, for an email body: lines of at most 72 columns (East Asian wide
//! characters count two), broken only between words or between wide characters, so an
//! address is never split; lists with hanging indents; one block per signatory.

import { eastAsianWidth } from 'get-east-asian-width';
import type { LetterDocument } from '../document/document.js';
import type { Writer } from './writer.js';
import { superscript } from '../document/footnote-syntax.js';
import { safeHref, visibleAddress } from '../document/links.js';
import type { Block, Run } from '../document/tree.js';

export const TEXT_WIDTH = 72;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Latin, Greek, Cyrillic and general punctuation without combining marks: one column per code unit.
const NARROW = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e]*$/;

/** Columns a string takes in a monospaced terminal or mail client. */
export function columns(text: string): number {
  if (NARROW.test(text)) return text.length;
  let n = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cp = segment.codePointAt(0)!;
    // Combining marks and other zero-width code points ride on their base character.
    n += /^\p{M}/u.test(segment) ? 0 : eastAsianWidth(cp);
  }
  return n;
}

const isWide = (segment: string): boolean => eastAsianWidth(segment.codePointAt(0)!) === 2;

/** A piece that is never broken, and whether a space goes before it when it is not first on a line. */
interface Token {
  text: string;
  space: boolean;
}

/** Never at the start of a line (kinsoku): closing brackets and marks, small kana, ー, ？！ and the like. */
const NO_LINE_START =
  /^[、。，．・：；？！ー゛゜ヽヾゝゞ々〻〜」』）］｝〕〉》】〙〗〟’”｠»ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿ.,:;!?)\]}%]/u;
/** Never at the end of a line: opening brackets and marks. */
const NO_LINE_END = /[「『（［｛〔〈《【〘〖〝‘“｟«([{]$/u;
/** A number and the counter after it ("1355人", "3月", "１３５５名") are one word. */
const NUMBER_END = /[0-9０-９]$/u;
const CJK_START = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}０-９]/u;

/** Whether two pieces of a word must stay on one line: the kinsoku rules and a number with its counter. */
const bound = (before: string, after: string): boolean =>
  NO_LINE_START.test(after) || NO_LINE_END.test(before) || (NUMBER_END.test(before) && CJK_START.test(after));

/**
 * Split a line into tokens: words at spaces, and wide characters one by one (CJK has no
 * spaces), but never so that a line would start with "。" or "」", end with "「", or part a
 * number from its counter.
 */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  for (const word of line.split(' ')) {
    if (word === '') continue;
    if (NARROW.test(word)) {
      out.push({ text: word, space: true });
      continue;
    }
    // Wide characters one by one, narrow ones in runs; then the pieces that must not part, joined.
    const pieces: { text: string; wide: boolean }[] = [];
    for (const { segment } of graphemes.segment(word)) {
      const wide = isWide(segment);
      const last = pieces[pieces.length - 1];
      if (!wide && last && !last.wide) last.text += segment;
      else pieces.push({ text: segment, wide });
    }
    let first = true;
    for (const piece of pieces) {
      const last = out[out.length - 1];
      if (!first && last && bound(last.text, piece.text)) last.text += piece.text;
      else out.push({ text: piece.text, space: first });
      first = false;
    }
  }
  return out;
}

/** Wrap text (with "\n" as hard breaks) to `width` columns. A word longer than a line stands alone. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const hard of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const token of tokens(hard)) {
      const w = columns(token.text);
      const gap = line !== '' && token.space ? 1 : 0;
      if (line !== '' && used + gap + w > width) {
        out.push(line);
        line = token.text;
        used = w;
      } else {
        line += gap ? ` ${token.text}` : token.text;
        used += gap + w;
      }
    }
    out.push(line);
  }
  return out;
}

/** Runs as plain text; a link shows its address after its words unless they are the address. */
function plainText(runs: readonly Run[]): string {
  let out = '';
  for (let i = 0; i < runs.length; ) {
    const href = safeHref(runs[i]!.href);
    let j = i;
    let words = '';
    while (j < runs.length && safeHref(runs[j]!.href) === href) words += runs[j++]!.text;
    if (href === undefined) out += words;
    else {
      const shown = visibleAddress(href);
      const label = words.trim();
      // "example.org/x" linking to https://example.org/x needs the address only once.
      const same = label === shown || label === href || label === href.replace(/^https?:\/\//i, '').replace(/\/$/, '');
      out += same ? (label === shown ? shown : href) : `${words} <${shown}>`;
    }
    i = j;
  }
  return out;
}

function indentLines(lines: string[], first: string, rest: string): string[] {
  return lines.map((line, i) => (line === '' ? '' : `${i === 0 ? first : rest}${line}`));
}

function blocks(list: readonly Block[], width: number): string[] {
  const out: string[] = [];
  for (const b of list) {
    if (out.length > 0) out.push('');
    out.push(...block(b, width));
  }
  return out;
}

function block(b: Block, width: number): string[] {
  switch (b.kind) {
    case 'paragraph':
      return wrap(plainText(b.runs), width);
    case 'heading': {
      const lines = wrap(plainText(b.runs).replace(/\n/g, ' '), width);
      if (b.level === 3) return lines;
      const rule = (b.level === 1 ? '=' : '-').repeat(Math.min(width, Math.max(...lines.map(columns))));
      return [...lines, rule];
    }
    case 'quote':
      return indentLines(blocks(b.blocks, width - 4), '    ', '    ');
    case 'list': {
      const out: string[] = [];
      const last = b.start + b.items.length - 1;
      const markerWidth = b.ordered ? `${last}. `.length : 2;
      b.items.forEach((item, i) => {
        if (i > 0) out.push('');
        const marker = (b.ordered ? `${b.start + i}.` : '-').padEnd(markerWidth);
        out.push(...indentLines(blocks(item, width - markerWidth), marker, ' '.repeat(markerWidth)));
      });
      return out;
    }
    case 'signatures': {
      const out: string[] = [];
      b.signatures.forEach((runs, i) => {
        if (i > 0) out.push('');
        out.push(...wrap(plainText(runs), width));
      });
      return out;
    }
    case 'figure':
      // The picture in words, in brackets, and its caption under it.
      return [...wrap(`[${b.alt}]`, width), ...(b.caption ? wrap(plainText(b.caption), width) : [])];
    case 'footnotes': {
      // The markers in the text are superscript numbers: each note starts with its own.
      const out: string[] = [];
      for (const note of b.notes) {
        if (out.length > 0) out.push('');
        const marker = `${superscript(note.number)} `;
        out.push(...indentLines(blocks(note.blocks, width - marker.length), marker, ' '.repeat(marker.length)));
      }
      return out;
    }
  }
}

/** The letterhead's lines of text, each its own line, then a blank line; its picture has no text. */
function letterheadLines(document: LetterDocument, width: number): string[] {
  const lines = document.letterhead?.lines ?? [];
  return lines.length === 0 ? [] : [...lines.flatMap((l) => wrap(l, width)), ''];
}

/** The letter as plain text wrapped at 72 columns. */
export function documentText(document: LetterDocument, width = TEXT_WIDTH): string {
  return `${[...letterheadLines(document, width), ...blocks(document.blocks, width)].map((l) => l.trimEnd()).join('\n')}\n`;
}

/** The plain-text writer: one file, wrapped at 72 columns. */
export const writeText: Writer = async ({ document }) => [{ bytes: Buffer.from(documentText(document), 'utf8') }];

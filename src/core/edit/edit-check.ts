// The check after a splice edit: the bytes outside its windows unchanged, each window re-read alone as what was meant.
import { isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { SIGNATORY_FIELD_NAMES } from '../letter/fields.js';
import type { Signatory, Withdrawal } from '../letter/letter.js';
import { readLetterSource, type ParsedLetter } from '../read/parse-letter.js';
import { repeatsIn } from '../signing/signing-rules.js';
import { column, DOCUMENT_MARKER, withLineBreaksOf } from './source-lines.js';

/** Text put in place of `source.slice(start, end)`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** A splice's text as it goes in: an inserted line takes the line break of the line it joins. */
function placed(source: string, s: Splice): string {
  return withLineBreaksOf(source, s.start, s.text);
}

export function applySplices(source: string, splices: Splice[]): string {
  let out = source;
  // From the end backwards, so earlier offsets stay valid; inserts at one offset keep their order.
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.start - a.s.start || b.i - a.i);
  for (const { s } of ordered) out = out.slice(0, s.start) + placed(source, s) + out.slice(s.end);
  return out;
}

/**
 * The window of whole lines (in the old text) around some splices that is re-read afterwards.
 * `items` windows hold entries of `list` only; `key` windows start at the list's key (or are
 * where a new key goes).
 */
export interface EditWindow {
  from: number;
  to: number;
  kind: 'items' | 'key';
  /** The list the window is in: `signatories:` unless said. */
  list?: 'signatories' | 'withdrawn';
  /** The entries the window must read as. */
  expect: readonly Signatory[] | readonly Withdrawal[];
  /**
   * Entries letters appended in block style, each line its own (one-line values only): where
   * in the new window they start, and the column of their dashes. The re-read may take them a
   * few at a time.
   */
  appended?: { from: number; dash: number };
}

/** Some splices and the window that holds them. */
export interface Edit {
  splices: Splice[];
  window: EditWindow;
}

const WITHDRAWAL_FIELDS = [...SIGNATORY_FIELD_NAMES, 'withdrawn', 'reason'] as const;

/** Whether what was read is what was meant: the same entries, each with the same fields and values. */
function sameEntries(read: readonly Withdrawal[], meant: readonly Withdrawal[], fields: readonly string[]): boolean {
  if (read.length !== meant.length) return false;
  for (let i = 0; i < read.length; i++) {
    const [a, b] = [read[i]! as Record<string, unknown>, meant[i]! as Record<string, unknown>];
    for (const f of fields) if (a[f] !== b[f]) return false;
  }
  return true;
}

/**
 * Entries re-read at a time when letters appended many (an import): enough to keep the reads
 * few, few enough that each read's YAML nodes are let go at once. One read of 10,000 entries
 * holds them all until its end, and the garbage collector copies and marks them again and again.
 */
const ENTRIES_PER_READ = 20;

/**
 * The window as the pieces it is re-read in: one, or — when letters appended entries — the
 * text before them with the first few, then a few at a time. Each piece starts at the dash of
 * one of letters' own entries, whose every line is a key and a one-line value, so no piece cuts
 * through a value: a piece reads as it would inside the whole.
 */
function windowPieces(window: string, appended: EditWindow['appended']): string[] {
  if (appended === undefined) return [window];
  const dash = `\n${' '.repeat(appended.dash)}-`;
  const cuts: number[] = [];
  let count = 0;
  for (let at = window.indexOf(dash, appended.from); at !== -1; at = window.indexOf(dash, at + dash.length)) {
    if (count > 0 && count % ENTRIES_PER_READ === 0) cuts.push(at + 1);
    count++;
  }
  const pieces: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    pieces.push(window.slice(start, cut));
    start = cut;
  }
  pieces.push(window.slice(start));
  return pieces;
}

/** A top-level key's pair in a document read. */
function pairOf(doc: ParsedLetter['doc'], key: string): Pair<YamlNode, YamlNode | null> | undefined {
  const root = doc.contents as YAMLMap<YamlNode, YamlNode | null> | null;
  return root?.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/**
 * Whether the window, read alone, stands where it stands in the file: the list's key at the
 * column of the letter's other keys, and (`items`) its entries' dashes at the column of the
 * list's other dashes, so the lines before and after the window go on reading as they did.
 */
function inPlace(parsed: ParsedLetter, read: ParsedLetter, w: EditWindow, list: string): boolean {
  const rootColumn = column(parsed.source, parsed.doc.contents!.range![0]);
  const pair = pairOf(read.doc, list);
  if (pair === undefined || column(read.source, (pair.key as YamlNode).range![0]) !== rootColumn) return false;
  if (w.kind === 'key') return true;
  const [was, is] = [pairOf(parsed.doc, list)?.value, pair.value];
  return isSeq(was) && isSeq(is) && !is.flow && column(read.source, is.range![0]) === column(parsed.source, was.range![0]);
}

/**
 * Re-read one window of the new text as a letter of its own and compare its list with the
 * intended entries. Appended entries are read a few at a time; that no one stands twice among
 * them, which one read would check, is then checked across the pieces.
 */
function windowReads(parsed: ParsedLetter, window: string, w: EditWindow): boolean {
  const list = w.list ?? 'signatories';
  const indent = ' '.repeat(column(parsed.source, parsed.doc.contents!.range![0]));
  // A letter that keeps repeats may hold one inside the window (an entry and its repeat).
  const repeats = parsed.letter.allowRepeats === true ? `${indent}allow_repeats: true\n` : '';
  const head = `${indent}title: x\n${indent}recipient:\n${indent}  name: x\n${repeats}`;
  const read: Withdrawal[] = [];
  const pieces = windowPieces(window, w.appended);
  for (const [i, piece] of pieces.entries()) {
    const check = readLetterSource(w.kind === 'key' && i === 0 ? `${head}${piece}\n` : `${head}${indent}${list}:\n${piece}\n`, parsed.file);
    if (check.parsed === undefined || check.problems.length > 0 || !inPlace(parsed, check.parsed, w, list)) return false;
    for (const s of (check.parsed.letter[list] ?? []) as Withdrawal[]) read.push(s);
  }
  if (!sameEntries(read, w.expect as Withdrawal[], list === 'withdrawn' ? WITHDRAWAL_FIELDS : SIGNATORY_FIELD_NAMES)) return false;
  // What was read is what was meant: the meant entries' keys are the ones worked out already.
  return pieces.length === 1 || parsed.letter.allowRepeats === true || repeatsIn(w.expect).length === 0;
}

/**
 * Whether `text` is `parsed.source` with the edits' splices made and means what they meant:
 * every byte outside the windows as it was, and each window, re-read alone, holding exactly
 * the intended entries. The windows are whole lines, in order, apart (one may end where the
 * next starts), each holding its own splices. Reading windows, not the whole file, keeps an
 * edit of a 10,000-name letter to one YAML parse.
 */
export function checkEdits(parsed: ParsedLetter, text: string, edits: readonly Edit[]): boolean {
  const { source } = parsed;
  const splices = edits.flatMap((e) => e.splices);
  if (!oneDocument(parsed, splices)) return false;
  let oldAt = 0;
  let newAt = 0;
  const windows: string[] = [];
  for (const { splices: own, window: w } of edits) {
    if (w.from < oldAt || w.to < w.from || own.some((s) => s.start < w.from || s.end > w.to || s.end < s.start)) return false;
    // The unchanged text before the window.
    const before = w.from - oldAt;
    if (text.slice(newAt, newAt + before) !== source.slice(oldAt, w.from)) return false;
    const delta = own.reduce((sum, s) => sum + placed(source, s).length - (s.end - s.start), 0);
    const [from, to] = [newAt + before, newAt + before + w.to - w.from + delta];
    // Whole lines still (or, after a last line with no line break, its break and whole lines):
    // the window re-read alone is the window read in its place.
    if (!(lineBoundary(text, from) || lineEnd(text, from)) || !(lineBoundary(text, to) || lineEnd(text, to))) return false;
    windows.push(text.slice(from, to));
    newAt += before + w.to - w.from + delta;
    oldAt = w.to;
  }
  if (text.length - newAt !== source.length - oldAt || text.slice(newAt) !== source.slice(oldAt)) return false;
  return edits.every((e, i) => windowReads(parsed, windows[i]!, e.window));
}

/** Whether `at` starts a line of `text`. */
function lineBoundary(text: string, at: number): boolean {
  return at === 0 || text[at - 1] === '\n';
}

/** Whether `at` ends a line of `text`, just before its line break (a CR there would stand alone). */
function lineEnd(text: string, at: number): boolean {
  return text[at - 1] !== '\r' && (at === text.length || text[at] === '\n' || text.startsWith('\r\n', at));
}

/**
 * An edit after the document's last content (an append at the end of the file) must stay in
 * the one document: the window check reads the new lines alone and cannot see a `...` or
 * `---` line before them. The unchanged text between the content and each such splice must
 * hold no document marker.
 */
function oneDocument(parsed: ParsedLetter, splices: Splice[]): boolean {
  const end = parsed.doc.contents?.range?.[1] ?? 0;
  return splices.every((s) => s.start <= end || !DOCUMENT_MARKER.test(parsed.source.slice(end, s.start)));
}

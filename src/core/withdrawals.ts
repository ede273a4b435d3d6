//! Withdrawing a signature: the entry leaves `signatories:` and is appended to `withdrawn:`
//! with the day and the reason, so the record is kept and never printed. One splice in each
//! list; every other byte stays; the result is re-read whole and must mean exactly that.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LettersError } from '../errors.js';
import { orderFields } from './fields.js';
import { blockItem, editSignatories, yamlScalar } from './letter-edits.js';
import type { Withdrawal } from './letter.js';
import { parseLetter, type ParsedLetter } from './schema.js';

function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  if (nl === -1) return source.length;
  return nl > 0 && source[nl - 1] === '\r' ? nl - 1 : nl;
}

function column(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

interface OwnLines {
  lines: string[];
  /** Columns of the dash and of the fields. */
  dash: number;
  field: number;
  /** Offsets of the first comment line above the entry (or of its dash line) and of its dash line. */
  comments: number;
  start: number;
}

/** The entry's own lines (its comments too), from its dash to its last value, when it is a block mapping. */
function ownLines(parsed: ParsedLetter, index: number): OwnLines | undefined {
  const { source } = parsed;
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  const seq = root.items.find((p) => isScalar(p.key) && p.key.value === 'signatories')?.value;
  if (!isSeq(seq) || seq.flow) return undefined;
  const item = seq.items[index] as YamlNode | undefined;
  if (!isMap(item) || item.flow || item.items.length === 0 || !item.range) return undefined;
  let dashAt = item.range[0] - 1;
  while (dashAt >= 0 && /[ \r\n]/.test(source[dashAt]!)) dashAt--;
  if (source[dashAt] !== '-') return undefined;
  const last = item.items[item.items.length - 1]!;
  let end = ((last.value ?? last.key) as YamlNode).range?.[1] ?? item.range[1];
  while (end > 0 && (source[end - 1] === '\n' || source[end - 1] === '\r')) end--;
  const start = source.lastIndexOf('\n', dashAt - 1) + 1;
  const comments = index > 0 ? commentsAbove(source, start, column(source, dashAt)) : start;
  return {
    lines: source.slice(comments, lineEnd(source, end)).split(/\r?\n/),
    dash: column(source, dashAt),
    field: column(source, item.range[0]),
    comments,
    start,
  };
}

/**
 * Where the comment lines written just above an entry begin (`lineStart` when there are none):
 * own-line comments at the dash's indentation with no blank line between them and the entry
 * are about it, and go where it goes. A comment after a blank line, or above the first entry
 * (a note on the whole list), stays.
 */
function commentsAbove(source: string, lineStart: number, dash: number): number {
  let at = lineStart;
  while (at > 0) {
    const prev = source.lastIndexOf('\n', at - 2) + 1;
    const line = source.slice(prev, at).replace(/\r?\n$/, '');
    if (!new RegExp(`^ {${dash}}#`).test(line)) break;
    at = prev;
  }
  return at;
}

/**
 * A withdrawn entry as block lines at `dashIndent`: the entry's own lines moved over, comments
 * and all (or, for an entry written in flow style, its fields), then withdrawn: and reason:.
 */
function entryLines(w: Withdrawal, dashIndent: number, own: OwnLines | undefined): string {
  const { withdrawn, reason, ...signatory } = w;
  const shift = own === undefined ? 0 : dashIndent - own.dash;
  const pad = ' '.repeat(own === undefined ? dashIndent + 2 : own.field + shift);
  const extra = [`${pad}withdrawn: ${withdrawn}`, ...(reason === undefined ? [] : [`${pad}reason: ${yamlScalar(reason)}`])];
  const body =
    own === undefined
      ? [blockItem(orderFields(signatory), dashIndent, 2)]
      : own.lines.map((line) => (shift >= 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, /^ */.exec(line)![0].length))));
  return [...body, ...extra].join('\n');
}

/** Where and what to insert in `source` to append `entry` to the withdrawn list. */
function appendSplice(parsed: ParsedLetter, entry: Withdrawal, own: OwnLines | undefined): { at: number; end: number; text: string } {
  const { source } = parsed;
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'withdrawn') as Pair<YamlNode, YamlNode | null> | undefined;
  if (!pair) {
    const sep = source.length === 0 || source.endsWith('\n') ? '' : '\n';
    return { at: source.length, end: source.length, text: `${sep}withdrawn:\n${entryLines(entry, 2, own)}\n` };
  }
  const value = pair.value;
  const keyStart = (pair.key as YamlNode).range![0];
  if (value == null || (isScalar(value) && value.value == null) || (isSeq(value) && value.items.length === 0)) {
    const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
    const end = value?.range ? Math.max(colon + 1, value.range[1]) : colon + 1;
    return { at: colon + 1, end, text: `\n${entryLines(entry, column(source, keyStart) + 2, own)}` };
  }
  const seq = value as YAMLSeq<YamlNode>;
  if (!isSeq(value) || seq.flow) {
    throw new LettersError(
      'invalid-letter',
      '"withdrawn" is not a list letters can add to',
      'write it as a block list (each entry on lines starting with "- ")',
      {
        location: parsed.locate('withdrawn'),
      },
    );
  }
  const last = seq.items[seq.items.length - 1]!;
  let end = last.range![1];
  while (end > 0 && (source[end - 1] === '\n' || source[end - 1] === '\r')) end--;
  const at = lineEnd(source, end);
  return { at, end: at, text: `\n${entryLines(entry, column(source, seq.range![0]), own)}` };
}

/**
 * Move signatory `index` to the withdrawn list, dated `day`, with an optional reason. The new
 * text is re-read whole: the signatories are the old ones but that one, the withdrawn list
 * the old one and it, and nothing else changed.
 */
export function withdrawSignatory(parsed: ParsedLetter, index: number, day: string, reason?: string): { text: string; entry: Withdrawal } {
  const signatory = parsed.letter.signatories[index]!;
  const entry: Withdrawal = { ...signatory, withdrawn: day, ...(reason === undefined ? {} : { reason }) };
  const own = ownLines(parsed, index);
  const splice = appendSplice(parsed, entry, own);
  // The entry's lines go from its dash; the comments above it, before that, leave with it.
  const withoutEntry = editSignatories(parsed, { action: 'remove', index });
  const removed = own === undefined ? withoutEntry : withoutEntry.slice(0, own.comments) + withoutEntry.slice(own.start);
  // The removal touched only the signatories list; a point after it moved by what was removed.
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  const signatoriesKey = root.items.find((p) => isScalar(p.key) && p.key.value === 'signatories')?.key as YamlNode | undefined;
  const signatoriesOffset = signatoriesKey?.range?.[0] ?? 0;
  const shift = splice.at > signatoriesOffset ? removed.length - parsed.source.length : 0;
  const crlf = parsed.source.includes('\r\n');
  const insert = crlf ? splice.text.replace(/\r?\n/g, '\r\n') : splice.text;
  const text = removed.slice(0, splice.at + shift) + insert + removed.slice(splice.end + shift);

  const refuse = (): never => {
    throw new LettersError(
      'invalid-letter',
      'the signatories or withdrawn lists are laid out in a way letters cannot edit safely',
      'nothing was changed; move the entry to withdrawn: by hand',
      { location: parsed.locate(`signatories.${index}`) },
    );
  };
  try {
    const check = parseLetter(text, parsed.file).letter;
    const want = {
      ...parsed.letter,
      signatories: parsed.letter.signatories.filter((_, i) => i !== index),
      withdrawn: [...(parsed.letter.withdrawn ?? []), entry],
    };
    if (JSON.stringify(orderKeys(check)) !== JSON.stringify(orderKeys(want))) refuse();
  } catch (err) {
    if (err instanceof LettersError && err.message.includes('cannot edit safely')) throw err;
    if (err instanceof LettersError && err.code === 'invalid-letter') refuse();
    throw err;
  }
  return { text, entry };
}

/** A value with its object keys sorted, for comparing meaning rather than key order. */
function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, orderKeys(v)]),
    );
  }
  return value;
}

//! The review queue as text splices: entries added to `pending:` (an import that holds rows for
//! review), and pending entries leaving it — approved into `signatories:`, rejected into
//! `rejected:` with the day and the reason, or edited where they stand. Comment lines just above
//! an entry go where it goes; every other byte stays; the new text is re-read whole and must
//! mean exactly that, or nothing is written.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LettersError } from '../../errors.js';
import type { Letter, Rejection, Signatory } from '../letter/letter.js';
import { parseLetter, readLetterSource, type ParsedLetter } from '../read/parse-letter.js';
import { blockItem, fieldSplices } from './letter-edits.js';
import { contentEnd, lineEndBeforeBreak, nextLineStart } from './source-lines.js';
import { leavingLines, listAppendSplice, movedEntryLines, orderKeys } from './withdrawals.js';

interface Splice {
  at: number;
  end: number;
  text: string;
}

/** What review decides for pending entries, by their index in `pending:`. */
export interface PendingMoves {
  /** Signed: the entry as it is signed (edited fields included), appended to `signatories:`. */
  approve: { index: number; signatory: Signatory }[];
  /** Rejected: kept under `rejected:`, dated, with a reason when one is given. */
  reject: { index: number; rejected: string; reason?: string }[];
  /** Still pending, with corrected fields. */
  edit: { index: number; signatory: Signatory }[];
}

function pendingSeq(parsed: ParsedLetter): YAMLSeq<YamlNode> | undefined {
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  const value = root.items.find((p) => isScalar(p.key) && p.key.value === 'pending')?.value;
  return isSeq(value) ? (value as YAMLSeq<YamlNode>) : undefined;
}

function refuse(parsed: ParsedLetter, what: string): never {
  throw new LettersError(
    'invalid-letter',
    'the pending list is laid out in a way letters cannot edit safely',
    `nothing was changed; ${what} by hand`,
    { location: parsed.locate('pending') },
  );
}

/** Re-read the whole new text: it must be the letter with these lists, and nothing else changed. */
function checkWhole(parsed: ParsedLetter, text: string, want: Partial<Letter>, what: string): string {
  const check = readLetterSource(text, parsed.file);
  const expected: Record<string, unknown> = { ...parsed.letter, ...want };
  for (const key of ['pending', 'rejected'] as const) if ((expected[key] as unknown[] | undefined)?.length === 0) delete expected[key];
  const ok =
    check.parsed !== undefined &&
    check.problems.length === 0 &&
    JSON.stringify(orderKeys(check.parsed.letter)) === JSON.stringify(orderKeys(expected));
  if (!ok) refuse(parsed, what);
  return text;
}

function apply(source: string, splices: Splice[]): string {
  let text = source;
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.at - a.s.at || b.i - a.i);
  for (const { s } of ordered) text = text.slice(0, s.at) + s.text + text.slice(s.end);
  return text;
}

/** The text with `entries` appended to `pending:` (made at the end of the file when absent). */
export function appendPending(parsed: ParsedLetter, entries: readonly Signatory[]): string {
  if (entries.length === 0) return parsed.source;
  const splice = listAppendSplice(parsed, 'pending', (dash) => entries.map((e) => blockItem(e, dash, 2)).join('\n'));
  const text = apply(parsed.source, [{ ...splice, text: crlf(parsed.source, splice.at, splice.text) }]);
  return checkWhole(parsed, text, { pending: [...(parsed.letter.pending ?? []), ...entries] }, 'add the entries under pending:');
}

/** The line break of the file where a splice goes. */
function crlf(source: string, at: number, text: string): string {
  const nl = source.indexOf('\n', at) === -1 ? source.lastIndexOf('\n', at - 1) : source.indexOf('\n', at);
  return nl > 0 && source[nl - 1] === '\r' ? text.replace(/\r?\n/g, '\r\n') : text;
}

/**
 * The lines of pending entry `index` as they will stand signed: its own lines, changed field by
 * field into `signatory` (the `flagged:` note gone, corrections made), so comments inside it and
 * the way its other values are written move with it. Undefined for an entry in flow style, which
 * is written afresh.
 */
function signedLines(parsed: ParsedLetter, seq: YAMLSeq<YamlNode>, index: number, signatory: Signatory): string[] | undefined {
  const { source } = parsed;
  const item = seq.items[index];
  const lines = leavingLines(parsed, index, 'pending');
  if (!isMap(item) || item.flow || lines?.lines === undefined) return undefined;
  const end = lineEndBeforeBreak(source, contentEnd(source, item));
  const own = apply(
    source.slice(lines.start, end),
    fieldSplices(source, item, signatory).splices.map((f) => ({
      at: f.start - lines.start,
      end: Math.min(f.end, end) - lines.start,
      text: f.text,
    })),
  );
  // A last line taken away leaves its line break behind.
  return own.replace(/\r?\n$/, '').split(/\r?\n/);
}

/**
 * Apply review's decisions in one text: each decided entry leaves `pending:` with the comment
 * lines above it; approved ones join `signatories:` (their own lines, changed field by field as signed), rejected
 * ones `rejected:` (their lines as they stood, then the day and the reason); edited ones change
 * where they stand, field by field. An emptied queue is written `pending: []`.
 */
export function movePending(parsed: ParsedLetter, moves: PendingMoves): string {
  const seq = pendingSeq(parsed);
  const pending = parsed.letter.pending ?? [];
  if (seq === undefined || seq.flow || seq.items.length !== pending.length) return refuse(parsed, 'move the entries');
  const { source } = parsed;
  const splices: Splice[] = [];
  const leaving = new Map<number, ReturnType<typeof leavingLines>>();
  const take = (index: number): void => {
    const item = seq.items[index];
    const lines = leavingLines(parsed, index, 'pending');
    if (item === undefined || lines === undefined) refuse(parsed, 'move the entries');
    leaving.set(index, lines);
    splices.push({ at: lines.from, end: nextLineStart(source, contentEnd(source, item)), text: '' });
  };
  const leavingNow = [...moves.approve.map((m) => m.index), ...moves.reject.map((m) => m.index)];
  for (const index of leavingNow) take(index);
  for (const e of moves.edit) {
    const item = seq.items[e.index];
    const lines = leavingLines(parsed, e.index, 'pending');
    if (item === undefined || lines === undefined) refuse(parsed, 'edit the entry');
    if (isMap(item) && !item.flow) {
      // Field by field: comments inside the entry and the values left as they were stay as written.
      for (const f of fieldSplices(source, item, e.signatory).splices) splices.push({ at: f.start, end: f.end, text: f.text });
      continue;
    }
    // An entry written in flow style is rewritten in place at its own indentation, the comments above it kept.
    splices.push({
      at: lines.start,
      end: nextLineStart(source, contentEnd(source, item)),
      text: `${blockItem(e.signatory, lines.dash, lines.field - lines.dash)}\n`,
    });
  }
  if (leavingNow.length === pending.length) {
    const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'pending') as Pair<YamlNode, YamlNode | null>;
    const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
    splices.push({ at: colon + 1, end: colon + 1, text: ' []' });
  }
  if (moves.approve.length > 0) {
    const s = listAppendSplice(parsed, 'signatories', (dash) =>
      moves.approve
        .map((m) =>
          movedEntryLines(m.signatory, [], dash, { ...leaving.get(m.index)!, lines: signedLines(parsed, seq, m.index, m.signatory) }),
        )
        .join('\n'),
    );
    splices.push({ ...s, text: s.text });
  }
  const rejections: Rejection[] = moves.reject.map((m) => ({
    ...pending[m.index]!,
    rejected: m.rejected,
    ...(m.reason === undefined ? {} : { reason: m.reason }),
  }));
  if (rejections.length > 0) {
    const s = listAppendSplice(parsed, 'rejected', (dash) =>
      moves.reject
        .map((m, i) => {
          const { rejected, reason, ...fields } = rejections[i]!;
          const extra: [string, string][] = [
            ['rejected', rejected],
            ...(reason === undefined ? [] : [['reason', reason] as [string, string]]),
          ];
          return movedEntryLines(fields, extra, dash, leaving.get(m.index));
        })
        .join('\n'),
    );
    splices.push(s);
  }
  const text = apply(
    source,
    splices.map((s) => ({ ...s, text: crlf(source, s.at, s.text) })),
  );
  const gone = new Set(leavingNow);
  const edited = new Map(moves.edit.map((e) => [e.index, e.signatory]));
  return checkWhole(
    parsed,
    text,
    {
      signatories: [...parsed.letter.signatories, ...moves.approve.map((m) => m.signatory)],
      pending: pending.flatMap((p, i) => (gone.has(i) ? [] : [edited.get(i) ?? p])),
      rejected: [...(parsed.letter.rejected ?? []), ...rejections],
    },
    'move the entries',
  );
}

/** The text with signed entries appended to `signatories:` and held ones to `pending:`: what an import writes. */
export function appendImported(parsed: ParsedLetter, held: readonly Signatory[], signedText: string): string {
  if (held.length === 0) return signedText;
  const after = signedText === parsed.source ? parsed : parseLetter(signedText, parsed.file);
  return appendPending(after, held);
}

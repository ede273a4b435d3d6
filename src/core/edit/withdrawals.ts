//! Taking a signatory out of `signatories:`: withdrawn, the entry is appended to `withdrawn:`
//! with the day and the reason, so the record is kept and never printed; deleted, it goes with
//! no record. Either way the comment lines just above it go with it. One splice in each list;
//! every other byte stays; the changed lines are re-read and must mean exactly that.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LettersError } from '../../errors.js';
import { orderFields } from '../letter/fields.js';
import { applySplices, checkEdits, type Edit } from './edit-check.js';
import { blockItem, itemLineStart, planRemoval, yamlScalar } from './letter-edits.js';
import { shapeProblems } from '../letter/rules.js';
import type { Letter, Signatory, Withdrawal } from '../letter/letter.js';
import { isIsoDate } from '../letter/values.js';
import { readLetterSource, type ParsedLetter } from '../read/parse-letter.js';
import { column, contentEnd, DOCUMENT_MARKER, lineEndBeforeBreak, lineStart, nextLineStart } from './source-lines.js';

/** A line that holds only a comment (its indentation may be spaces or tabs). */
const COMMENT_LINE = /^[ \t]*#/;

/** A signatory leaving the list, as text: the comment lines above it and its own lines. */
export interface Leaving {
  /** The own-line comments just above the entry, as written. */
  comments: string[];
  /** The entry's lines from its dash to its last value, when it is a block mapping (a flow one is rewritten). */
  lines: string[] | undefined;
  /** Columns of the dash and of the fields. */
  dash: number;
  field: number;
  /** Offsets of the first comment line above the entry (or of its dash line) and of its dash line. */
  from: number;
  start: number;
}

/**
 * Entry `index` of a list (`signatories:`, `pending:`) as text, when the list is a block list (a
 * flow list has no own-line comments). `surelyOwn` (a deletion, which keeps no record) takes
 * only the comments that are surely the entry's own: not those indented under the entry before
 * it, nor a comment heading a run of entries (the entry followed at once by another with no
 * comment of its own).
 */
export function leavingLines(parsed: ParsedLetter, index: number, list = 'signatories', surelyOwn = false): Leaving | undefined {
  const { source } = parsed;
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === list);
  const seq = pair?.value;
  if (!isSeq(seq) || seq.flow) return undefined;
  const item = seq.items[index] as YamlNode | undefined;
  if (!isMap(item) || item.items.length === 0 || !item.range) return undefined;
  let dashAt = item.range[0] - 1;
  while (dashAt >= 0 && /[ \r\n]/.test(source[dashAt]!)) dashAt--;
  if (source[dashAt] !== '-') return undefined;
  const start = lineStart(source, dashAt);
  // Comments can only stand between the previous entry's last value (or the key) and this
  // dash: a line above that bound that looks like a comment is inside a block scalar.
  const prev = seq.items[index - 1] as YamlNode | undefined;
  const bound = nextLineStart(source, prev ? contentEnd(source, prev) : (pair!.key as YamlNode).range![1]);
  let from = commentsAbove(source, start, bound);
  if (surelyOwn && from < start) {
    const dash = column(source, dashAt);
    if (prev !== undefined) from = ownCommentsFrom(source, from, start, dash);
    const next = seq.items[index + 1] as YamlNode | undefined;
    const after = nextLineStart(source, contentEnd(source, item));
    // Set apart above (first in the list, or after a blank line) and followed at once by the
    // next entry's dash: the comment heads the run, not this entry alone.
    const apart = prev === undefined || /^[ \t]*\r?\n$/.test(source.slice(lineStart(source, from - 1), from));
    if (apart && next?.range && after === lineStart(source, next.range[0])) from = start;
  }
  const comments =
    from === start
      ? []
      : source
          .slice(from, start)
          .replace(/\r?\n$/, '')
          .split(/\r?\n/);
  return {
    comments,
    lines: item.flow ? undefined : source.slice(start, lineEndBeforeBreak(source, contentEnd(source, item))).split(/\r?\n/),
    dash: column(source, dashAt),
    field: column(source, item.range[0]),
    from,
    start,
  };
}

/**
 * Where the entry's own comments start in the block of comment lines [from, start) above its
 * dash: at the first line no deeper than the dash. Deeper lines before it are indented under
 * the entry before, and are about that one.
 */
function ownCommentsFrom(source: string, from: number, start: number, dash: number): number {
  for (let at = from; at < start; at = nextLineStart(source, at)) {
    const indent = /^[ \t]*/.exec(source.slice(at, lineEndBeforeBreak(source, at)))![0].length;
    if (indent <= dash) return at;
  }
  return start;
}

/**
 * Where the comment lines written just above an entry begin (`dashLine` when there are none):
 * own-line comments, at any indentation, with no blank line between them and the entry are
 * about it, and go where it goes. A comment after a blank line stays.
 */
function commentsAbove(source: string, dashLine: number, bound: number): number {
  let at = dashLine;
  while (at > bound) {
    const prev = lineStart(source, at - 1);
    if (prev < bound || !COMMENT_LINE.test(source.slice(prev, at))) break;
    at = prev;
  }
  return at;
}

/**
 * A withdrawn entry as block lines at `dashIndent`: the comments above it and its own lines
 * moved over, keeping their indentation relative to the dash (or, for an entry written in flow
 * style, its fields), then withdrawn: and reason:.
 */
function entryLines(w: Withdrawal, dashIndent: number, leaving: Leaving | undefined): string {
  const { withdrawn, reason, ...signatory } = w;
  return movedEntryLines(
    signatory,
    [['withdrawn', withdrawn], ...(reason === undefined ? [] : [['reason', reason] as [string, string]])],
    dashIndent,
    leaving,
  );
}

/**
 * An entry moved into another list, as block lines at `dashIndent`: the comments above it and
 * (`leaving.lines`, when given) its own lines moved over, keeping their indentation relative to
 * the dash; otherwise its fields written afresh. Then the `extra` fields (withdrawn:, rejected:, reason:).
 */
export function movedEntryLines(
  signatory: Signatory,
  extra: readonly [string, string][],
  dashIndent: number,
  leaving: Leaving | undefined,
): string {
  const shift = leaving === undefined ? 0 : dashIndent - leaving.dash;
  const move = (line: string): string =>
    line === '' ? line : shift >= 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, /^ */.exec(line)![0].length));
  const pad = ' '.repeat(leaving?.lines === undefined ? dashIndent + 2 : leaving.field + shift);
  const more = extra.map(([k, v]) => `${pad}${k}: ${isIsoDate(v) ? v : yamlScalar(v)}`);
  const body = leaving?.lines === undefined ? [blockItem(orderFields(signatory), dashIndent, 2)] : leaving.lines.map(move);
  return [...(leaving?.comments ?? []).map(move), ...body, ...more].join('\n');
}

/**
 * Where and what to insert to append an entry to a list, and the lines to re-read after: the
 * new key's (`key`, the list new or empty) or the last entry's and the new one's (`items`).
 */
export interface ListAppend {
  at: number;
  end: number;
  text: string;
  window: { from: number; to: number; kind: 'key' | 'items' };
}

/** Where and what to insert in `source` to append `entry` to the withdrawn list. */
function appendSplice(parsed: ParsedLetter, entry: Withdrawal, leaving: Leaving | undefined): ListAppend {
  return listAppendSplice(parsed, 'withdrawn', (dashIndent) => entryLines(entry, dashIndent, leaving));
}

/**
 * Where and what to insert in `source` to append an entry to a top-level block list (`withdrawn:`,
 * `rejected:`, `signatories:`): after its last entry and the comments that follow it; into an
 * empty one; or as a new list at the end of the file. `lines` writes the entry at a dash indentation.
 */
export function listAppendSplice(parsed: ParsedLetter, list: string, lines: (dashIndent: number) => string): ListAppend {
  const { source } = parsed;
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === list) as Pair<YamlNode, YamlNode | null> | undefined;
  if (!pair) {
    // Before a document-end marker (`...`), which would leave the new key in a second document.
    const end = parsed.doc.contents?.range?.[1] ?? 0;
    const marker = DOCUMENT_MARKER.exec(source.slice(end));
    const at = marker ? end + marker.index : source.length;
    const sep = at === 0 || source[at - 1] === '\n' ? '' : '\n';
    return { at, end: at, text: `${sep}${list}:\n${lines(2)}\n`, window: { from: at, to: at, kind: 'key' } };
  }
  const value = pair.value;
  const keyStart = (pair.key as YamlNode).range![0];
  if (value == null || (isScalar(value) && value.value == null) || (isSeq(value) && value.items.length === 0)) {
    const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
    const end = value?.range ? Math.max(colon + 1, value.range[1]) : colon + 1;
    return {
      at: colon + 1,
      end,
      text: `\n${lines(column(source, keyStart) + 2)}`,
      window: { from: lineStart(source, keyStart), to: lineEndBeforeBreak(source, end), kind: 'key' },
    };
  }
  const seq = value as YAMLSeq<YamlNode>;
  if (!isSeq(value) || seq.flow) {
    throw new LettersError(
      'invalid-letter',
      `"${list}" is not a list letters can add to`,
      'write it as a block list (each entry on lines starting with "- ")',
      {
        location: parsed.locate(list),
      },
    );
  }
  // After the last entry and the comment lines that follow it (indented into the list): they
  // are about it, and a note closing the list stays last.
  let at = lineEndBeforeBreak(source, contentEnd(source, seq.items[seq.items.length - 1]!));
  for (;;) {
    const next = nextLineStart(source, at);
    const indent = /^([ \t]*)#/.exec(source.slice(next, lineEndBeforeBreak(source, next)))?.[1];
    if (next >= source.length || indent === undefined || indent.length <= column(source, keyStart)) break;
    at = lineEndBeforeBreak(source, next);
  }
  const last = seq.items[seq.items.length - 1]!;
  return {
    at,
    end: at,
    text: `\n${lines(column(source, seq.range![0]))}`,
    window: { from: itemLineStart(source, last), to: at, kind: 'items' },
  };
}

/**
 * Signatory `index` taken out: its lines, and the comment lines just above it, which are about
 * it, as splices with the window around them. What `leaving` says was there, for the withdrawn list.
 */
function takeSignatory(parsed: ParsedLetter, index: number, surelyOwn = false): { edit: Edit; leaving: Leaving | undefined } {
  const leaving = leavingLines(parsed, index, 'signatories', surelyOwn);
  const edit = planRemoval(parsed, index);
  if (leaving === undefined || leaving.from === leaving.start) return { edit, leaving };
  // The removal takes the entry's lines from its dash; the comments above it, before that, go too.
  const window = { ...edit.window, from: Math.min(edit.window.from, leaving.from) };
  return { edit: { splices: [{ start: leaving.from, end: leaving.start, text: '' }, ...edit.splices], window }, leaving };
}

/**
 * The edits made and checked: every byte outside their windows as it was, each window re-read
 * alone as what was planned, and the planned letter breaking none of the rules that span lists
 * (a signature standing and withdrawn at once). A layout the windows cannot show (a window
 * refused) is re-read whole: it must mean the letter with `signatories` and `withdrawn` as
 * given and nothing else changed. Otherwise nothing is written and the user edits by hand.
 */
function spliceChecked(parsed: ParsedLetter, { edits, want }: ListsEdit, index: number, hint: string): string {
  const splices = edits.flatMap((e) => e.splices);
  const text = applySplices(parsed.source, splices);
  const planned = plannedLetter(parsed, want);
  if (checkEdits(parsed, text, edits) && rulesHold(planned, parsed)) return text;
  if (!readsAs(text, parsed.file, planned)) {
    throw new LettersError('invalid-letter', 'the signatories or withdrawn lists are laid out in a way letters cannot edit safely', hint, {
      location: parsed.locate(`signatories.${index}`),
    });
  }
  return text;
}

/** The letter as the edit means it: the lists as wanted, every other field as it was. */
export function plannedLetter(parsed: ParsedLetter, want: ListsEdit['want']): Letter {
  const planned: Letter = { ...parsed.letter, ...want };
  if (want.withdrawn === undefined || want.withdrawn.length === 0) delete planned.withdrawn;
  return planned;
}

/** Whether `text`, read whole, is `planned` with no problem: the proof a window cannot give. */
export function readsAs(text: string, file: string, planned: Letter): boolean {
  const check = readLetterSource(text, file);
  return (
    check.parsed !== undefined &&
    check.problems.length === 0 &&
    JSON.stringify(orderKeys(check.parsed.letter)) === JSON.stringify(orderKeys(planned))
  );
}

/** The planned letter keeps the rules across entries and lists that a window cannot see. */
function rulesHold(planned: Letter, parsed: ParsedLetter): boolean {
  return shapeProblems(planned, parsed.locate, () => false).every((p) => p.severity === 'warning');
}

/** An edit of the lists planned: its splices with their windows, and what the lists become. */
export interface ListsEdit {
  edits: Edit[];
  want: Pick<Letter, 'signatories' | 'withdrawn'>;
}

/** Signatory `index` deleted, with the comment lines just above it that are surely its own. */
export function planDeletion(parsed: ParsedLetter, index: number): ListsEdit {
  // Deleted comments are gone: only those surely about this entry go with it.
  const { edit } = takeSignatory(parsed, index, true);
  return {
    edits: [edit],
    want: { signatories: parsed.letter.signatories.filter((_, i) => i !== index), withdrawn: parsed.letter.withdrawn },
  };
}

/**
 * Remove signatory `index` with no record (`unsign --delete`, for an entry added by mistake),
 * with the comment lines just above it that are surely its own.
 */
export function deleteSignatory(parsed: ParsedLetter, index: number): string {
  return spliceChecked(parsed, planDeletion(parsed, index), index, 'nothing was changed; remove the entry by hand');
}

/** Signatory `index` moved to the end of the withdrawn list as `entry`, with the comments above it. */
export function planWithdrawal(parsed: ParsedLetter, index: number, entry: Withdrawal): ListsEdit {
  const { edit: removal, leaving } = takeSignatory(parsed, index);
  const before = parsed.letter.withdrawn ?? [];
  const splice = appendSplice(parsed, entry, leaving);
  const append: Edit = {
    splices: [{ start: splice.at, end: splice.end, text: splice.text }],
    window: { ...splice.window, list: 'withdrawn', expect: splice.window.kind === 'key' ? [entry] : [before.at(-1)!, entry] },
  };
  return {
    edits: [removal, append].sort((a, b) => a.window.from - b.window.from),
    want: { signatories: parsed.letter.signatories.filter((_, i) => i !== index), withdrawn: [...before, entry] },
  };
}

/**
 * Move signatory `index` to the withdrawn list, dated `day`, with an optional reason: the
 * signatories are the old ones but that one, the withdrawn list the old one and it, and
 * nothing else changed.
 */
export function withdrawSignatory(parsed: ParsedLetter, index: number, day: string, reason?: string): { text: string; entry: Withdrawal } {
  const signatory = parsed.letter.signatories[index]!;
  const entry: Withdrawal = { ...signatory, withdrawn: day, ...(reason === undefined ? {} : { reason }) };
  const text = spliceChecked(
    parsed,
    planWithdrawal(parsed, index, entry),
    index,
    'nothing was changed; move the entry to withdrawn: by hand',
  );
  return { text, entry };
}

/** A value with its object keys sorted, for comparing meaning rather than key order. */
export function orderKeys(value: unknown): unknown {
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

//! The review sheet: the entries pending review as rows of a spreadsheet, each with a column for
//! the decision (approve, reject with a reason, keep), the entry's fields to correct, where it
//! came from and why it was flagged, and a key that finds the entry again however the rows are
//! sorted and whatever moved in the letter file meanwhile. Pure: `letters export --pending`
//! writes the text; `letters import --update` reads it back (core/signing/sheet-review.ts).
import { orderFields, SIGNATORY_FIELDS, type SignatoryFieldName } from '../letter/fields.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { csvCell } from './formula-cells.js';

/** The fields a reviewer may correct in the sheet: those an import fills, but where the entry came from. */
export const REVIEW_FIELDS: readonly SignatoryFieldName[] = SIGNATORY_FIELDS.filter((f) => 'columns' in f && f.name !== 'source').map(
  (f) => f.name,
);

/** What a column of the sheet holds: the decision and its reason, a field, the import's notes, the key. */
export type ReviewColumn = 'decision' | 'reason' | 'key' | SignatoryFieldName;

/** The columns in the order the sheet has them, by their headings: the decision first, the key last. */
export const REVIEW_COLUMNS: readonly { column: ReviewColumn; label: string }[] = [
  { column: 'decision', label: 'Decision' },
  { column: 'reason', label: 'Reason' },
  ...REVIEW_FIELDS.map((name) => ({ column: name, label: SIGNATORY_FIELDS.find((f) => f.name === name)!.label })),
  { column: 'flagged', label: 'Flagged' },
  { column: 'source', label: 'Source' },
  { column: 'key', label: 'Review key' },
];

/** The heading of a column, as the sheet writes it. */
export function reviewLabel(column: ReviewColumn): string {
  return REVIEW_COLUMNS.find((c) => c.column === column)?.label ?? column;
}

/**
 * 53 bits of a text (cyrb53): ten thousand entries collide once in a billion letters. Written
 * after an "r", so that no spreadsheet reads a key as a number ("1e5").
 */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `r${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0')}`;
}

/**
 * The key of each entry of a list: a hash of its fields (the import's `flagged:` note aside, which
 * approving drops), so the key stays with the entry wherever it moves and changes when the entry
 * does. Entries alike in every field are told apart by their order among themselves ("-2").
 */
export function entryKeys(entries: readonly Signatory[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((s) => {
    const base = hash(JSON.stringify(orderFields({ ...s, flagged: undefined })));
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/** The text of a field's cell, as the sheet writes it (true for a flag, nothing for an absent value). */
export function cellText(value: string | boolean | undefined): string {
  return value === undefined ? '' : typeof value === 'boolean' ? String(value) : value.replace(/[ \t\n\r]+$/, '');
}

/** The review sheet of a letter's pending entries: UTF-8 with a byte-order mark, CRLF, no cell a formula. */
export function reviewSheetCsv(letter: Letter): string {
  const pending = letter.pending ?? [];
  const keys = entryKeys(pending);
  const lines = [REVIEW_COLUMNS.map((c) => csvCell(c.label)).join(',')];
  pending.forEach((entry, i) => {
    const cells = REVIEW_COLUMNS.map((c) =>
      c.column === 'decision' || c.column === 'reason' ? '' : csvCell(c.column === 'key' ? keys[i]! : entry[c.column]),
    );
    lines.push(cells.join(','));
  });
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** What a reviewer decided for a row: its Decision cell read in English or as a yes or no in the languages letters reads. */
export type SheetDecision = 'approve' | 'reject' | 'keep';

const APPROVE = new Set([
  'approve',
  'approved',
  'accept',
  'accepted',
  'a',
  'yes',
  'y',
  'ok',
  'oui',
  'ja',
  'sí',
  'si',
  'sim',
  'tak',
  'x',
  '✓',
  '✔',
]);
const REJECT = new Set(['reject', 'rejected', 'r', 'no', 'n', 'non', 'nein', 'nee', 'não', 'nie', '✗', '✘']);
const KEEP = new Set(['', 'keep', 'k', 'pending', 'later']);

/** The decision a Decision cell says, or undefined when it says none letters knows. */
export function readDecision(cell: string): SheetDecision | undefined {
  const word = cell.trim().toLowerCase();
  if (APPROVE.has(word)) return 'approve';
  if (REJECT.has(word)) return 'reject';
  if (KEEP.has(word)) return 'keep';
  return undefined;
}

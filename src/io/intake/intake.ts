//! The intakes of `letters import`: every shape a sign-up arrives in — a sheet (CSV), a form
//! platform's JSON or JSON Lines, GitHub issue forms (`gh issue list --json`), reply e-mails
//! (.eml) — read by one handler each into the same table of questions and answers, which the
//! one planner (core/signing/import-plan.ts) takes. Each row knows where it came from.
import path from 'node:path';
import { LettersError, type SourceLocation } from '../../errors.js';
import { MAX_SHEET_BYTES, type SheetRow, type SheetTable } from '../csv.js';
import { readBounded } from '../files/bounded-read.js';
import { displayPath } from '../files/letter-files.js';

/** The kinds of file `letters import` reads (`--format`). */
export const INTAKE_KINDS = ['csv', 'json', 'jsonl', 'issues', 'eml'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/**
 * Sign-ups as a table: the questions (column headings, JSON keys, issue-form sections, e-mail
 * labels) and a row of answers for each sign-up, each located in its file. A CSV is a
 * SheetTable as io/csv.ts reads it; the other intakes make one of the same shape.
 */
export interface IntakeTable extends SheetTable {
  kind: IntakeKind;
  /** How the file was read, for the plan's first line: "utf-8, comma-separated, 12 rows", "JSON, 12 objects in responses". */
  summary: string;
  /** A row named for people: "row 4 (line 4)", "item 3 (line 12)", "issue #42", "message reply.eml". */
  rowLabel(row: SheetRow): string;
  /** Where a row came from, kept in the entry's private `source:`: "responses.csv row 4", "issue #42 by @octocat". */
  rowSource(row: SheetRow): string;
  /** Rows that cannot be read at all (an issue without form sections), with why. */
  unreadable?: Map<SheetRow, { message: string; hint: string }>;
}

export interface IntakeOptions {
  format?: string;
  encoding?: string;
}

/** The kind of a file: `--format`, else its extension, else a look at its first bytes. */
export function intakeKind(file: string, head: string, given: string | undefined): IntakeKind {
  if (given !== undefined) {
    if (!(INTAKE_KINDS as readonly string[]).includes(given)) {
      throw new LettersError('usage', `--format ${given}: not a kind of file letters imports`, `use one of ${INTAKE_KINDS.join(', ')}`);
    }
    return given as IntakeKind;
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.tab') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.eml') return 'eml';
  const text = head.replace(/^\ufeff/, '').trimStart();
  if (text.startsWith('[') || text.startsWith('{')) return /^\{[^\n]*\}\s*\n\s*\{/.test(text) ? 'jsonl' : 'json';
  if (
    /^(?:Return-Path|Received|From|Message-ID|MIME-Version|Date|Delivered-To|Subject):/im.test(text.slice(0, 2000)) &&
    /\n\r?\n/.test(text)
  )
    return 'eml';
  return 'csv';
}

/** A file's bytes, or the one-line error a user can act on. */
export async function readBytes(file: string, cwd: string, noun = 'file to import'): Promise<Buffer> {
  const display = displayPath(file, cwd);
  // A regular file of a sign-up sheet's size: a pipe would wait forever and /dev/zero never end.
  return readBounded(file, {
    display,
    limit: MAX_SHEET_BYTES,
    what: `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`,
    sizeHint: 'a sign-up sheet of 10,000 rows is about 1.5 MiB',
    missing: () => new LettersError('not-found', `no file at ${display}`, `check the path of the ${noun}`),
    code: 'invalid-csv',
  });
}

/** A location in text: `file:line:col` of a UTF-16 offset, the column counted in characters. */
export function offsetLocator(text: string, file: string): (offset: number) => SourceLocation {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: [...text.slice(starts[lo]!, offset)].length + 1 };
  };
}

/**
 * A table from answers: the questions in the order first met, one row per sign-up, each cell
 * located where its answer stands. What the JSON, issue-form and e-mail handlers build.
 */
export function answersTable(
  base: { file: string; kind: IntakeKind; summary: string; encoding: string },
  items: {
    answers: { question: string; answer: string; at: SourceLocation }[];
    at: SourceLocation;
    label: string;
    source: string;
    number: number;
    unreadable?: { message: string; hint: string };
  }[],
): IntakeTable {
  const header: string[] = [];
  const index = new Map<string, number>();
  const asked: SourceLocation[] = [];
  for (const item of items) {
    for (const a of item.answers) {
      if (!index.has(a.question)) {
        index.set(a.question, header.length);
        header.push(a.question);
        asked.push(a.at);
      }
    }
  }
  const places = new Map<SheetRow, SourceLocation[]>();
  const info = new Map<SheetRow, { label: string; source: string }>();
  const unreadable = new Map<SheetRow, { message: string; hint: string }>();
  const rows: SheetRow[] = items.map((item) => {
    const cells = header.map(() => '');
    const at = header.map(() => item.at);
    for (const a of item.answers) {
      const i = index.get(a.question)!;
      // A question asked twice in one sign-up: its answers are kept, one after the other.
      cells[i] = cells[i] === '' ? a.answer : `${cells[i]} ${a.answer}`;
      at[i] = a.at;
    }
    const row: SheetRow = { number: item.number, line: item.at.line, cells, start: 0, end: 0 };
    places.set(row, at);
    info.set(row, { label: item.label, source: item.source });
    if (item.unreadable) unreadable.set(row, item.unreadable);
    return row;
  });
  const first: SourceLocation = items[0]?.at ?? { file: base.file, line: 1, col: 1 };
  return {
    ...base,
    delimiter: '',
    header,
    headerLine: first.line,
    rows,
    locate: (row, column) =>
      row === 'header' ? (asked[column] ?? first) : (places.get(row)?.[column] ?? { file: base.file, line: row.line, col: 1 }),
    rowLabel: (row) => info.get(row)?.label ?? `item ${row.number}`,
    rowSource: (row) => info.get(row)?.source ?? base.file,
    ...(unreadable.size > 0 ? { unreadable } : {}),
  };
}

//! What `letters import` prints: the plan (the file read, its columns with two sample answers
//! each, the rows signed, held for review, skipped or invalid), each problem row at its cell,
//! junk flags and probable duplicates as warnings, and the outcome; for people on stdout, or
//! as one JSON value with --json. Every intake (CSV, JSON, issue forms, e-mail) prints alike.
import type { ColumnMapping } from '../../core/sheets/columns.js';
import type { EntryRef, ImportPlan, RowValues } from '../../core/signing/import-plan.js';
import type { Signatory } from '../../core/letter/letter.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import type { SourceLocation } from '../../errors.js';
import type { SheetRow } from '../../io/csv.js';
import type { IntakeTable } from '../../io/intake/intake.js';
import type { Context } from '../context.js';
import { report, warn } from '../warnings.js';
import { samples } from './import-columns.js';

/** The file as the import read it: the rows given to the planner, and the file's row of each. */
export interface ReadSheet {
  table: IntakeTable;
  mapping: ColumnMapping;
  values: RowValues[];
  sheetRows: SheetRow[];
}

/** A row problem, located in the file: at its cell, or at the row when the row as a whole is wrong. */
export interface InvalidRow {
  row: SheetRow;
  column?: number;
  message: string;
  hint: string;
}

const who = (s: Signatory): string => s.organization ?? s.name ?? '';

/** How many rows the problems are in: a row with two bad cells is one invalid row. */
export function rowCount(invalid: readonly InvalidRow[]): number {
  return new Set(invalid.map((p) => p.row.number)).size;
}

function locateInvalid(table: IntakeTable, p: InvalidRow): SourceLocation {
  return table.locate(p.row, p.column ?? 0);
}

function describeInvalid(table: IntakeTable, p: InvalidRow): string {
  return `${table.rowLabel(p.row).replace(/ \(line \d+\)$/, '')}${p.column === undefined ? '' : `, ${columnName(table, p.column)}`}: ${p.message}`;
}

/** `column "Email"`, or `column 3` when it has no heading. */
function columnName(table: IntakeTable, column: number): string {
  const heading = table.header[column]?.trim();
  return heading ? `column "${heading}"` : `column ${column + 1}`;
}

/** "signatory 3 of the letter (letters/x.yaml:40)", "pending entry 2 …" or "row 4 (line 4)". */
function refText(parsed: ParsedLetter, sheet: ReadSheet, ref: EntryRef): string {
  if (ref.kind === 'letter')
    return `signatory ${ref.index + 1} of the letter (${parsed.file}:${parsed.locate(`signatories.${ref.index}`).line})`;
  if (ref.kind === 'pending')
    return `pending entry ${ref.index + 1} of the letter (${parsed.file}:${parsed.locate(`pending.${ref.index}`).line})`;
  return sheet.table.rowLabel(sheet.sheetRows[ref.row]!);
}

/** The signatory each added row became, by row: one map per plan, not a search of every row per warning. */
const addedRows = new WeakMap<ImportPlan, Map<number, Signatory>>();

function refName(parsed: ParsedLetter, plan: ImportPlan, sheet: ReadSheet, ref: EntryRef): string {
  if (ref.kind === 'letter') return who(parsed.letter.signatories[ref.index]!);
  if (ref.kind === 'pending') return who(parsed.letter.pending![ref.index]!);
  let added = addedRows.get(plan);
  if (!added) {
    added = new Map(plan.add.map((a) => [a.row, a.signatory]));
    addedRows.set(plan, added);
  }
  const signatory = added.get(ref.row);
  const values = sheet.values[ref.row]!;
  return signatory ? who(signatory) : (values.organization ?? values.name ?? '');
}

function rowName(sheet: ReadSheet, row: number): string {
  const v = sheet.values[row]!;
  return (v.organization ?? v.name ?? '').replace(/\s+/g, ' ').trim();
}

/** The plan, for people: the file read, its columns, and what is signed, held, skipped or invalid. */
export function printPlan(
  ctx: Context,
  parsed: ParsedLetter,
  sheet: ReadSheet,
  plan: ImportPlan,
  invalid: InvalidRow[],
  letterArg: string,
): void {
  const { table, mapping } = sheet;
  ctx.out(`Import ${table.file} into ${parsed.file} (${table.summary})`);
  ctx.out('Columns:');
  for (const [field, cols] of [...mapping.fields].sort((a, b) => a[1][0]! - b[1][0]!)) {
    ctx.out(`  ${cols.map((c) => `"${table.header[c]}"`).join(' + ')} → ${field}`);
    const seen = samples(table, cols);
    ctx.out(`      ${seen.length === 0 ? '(empty)' : seen.map((v) => `"${v}"`).join(', ')}`);
  }
  const heading = (c: number): string => (table.header[c]?.trim() ? `"${table.header[c]}"` : `column ${c + 1} (no heading)`);
  const notUsed = mapping.unused.filter((c) => !mapping.ignored.includes(c));
  if (notUsed.length > 0) ctx.out(`Not used: ${notUsed.map(heading).join(', ')}`);
  if (mapping.ignored.length > 0) ctx.out(`Ignored: ${mapping.ignored.map(heading).join(', ')}`);
  const similarAdded = new Set(plan.similar.filter((s) => s.added).map((s) => s.row)).size;
  const pending = plan.add.filter((a) => a.pending);
  ctx.out(`Add: ${signatoryCount(plan.add.length)}${similarAdded > 0 ? ` (${similarAdded} of them probable duplicates)` : ''}`);
  if (pending.length > 0) {
    const flagged = pending.filter((a) => a.flags.length > 0).length;
    const all = pending.length === plan.add.length;
    ctx.out(
      `  ${all ? 'all' : pending.length} pending review, never printed nor counted until approved${flagged > 0 ? ` (${flagged} flagged: warnings above)` : ''}: letters review ${shellWord(letterArg)}`,
    );
  }
  const rowOf = (i: number): string => sheet.table.rowLabel(sheet.sheetRows[i]!);
  if (plan.duplicates.length > 0) {
    ctx.out(`Skip, already signed or pending: ${plan.duplicates.length}`);
    for (const d of plan.duplicates)
      ctx.out(`  ${rowOf(d.row)} "${rowName(sheet, d.row)}": same ${d.field} as ${refText(parsed, sheet, d.of)}`);
    if (plan.duplicates.some((d) => d.of.kind === 'row'))
      ctx.out('  (a row the original lists twice on purpose is added with --allow-repeat)');
  }
  const listedAt = (list: 'withdrawn' | 'rejected', index: number): string => `${parsed.file}:${parsed.locate(`${list}.${index}`).line}`;
  if (plan.withdrawn.length > 0) {
    ctx.out(`Skip, withdrawn: ${plan.withdrawn.length} (if one signed again, sign them with letters sign)`);
    for (const w of plan.withdrawn)
      ctx.out(`  ${rowOf(w.row)} "${rowName(sheet, w.row)}": withdrew on ${w.on} (${listedAt('withdrawn', w.index)})`);
  }
  for (const w of plan.again) {
    ctx.out(
      `Signed again: ${rowOf(w.row)} "${rowName(sheet, w.row)}" is dated after their withdrawal on ${w.on} (${listedAt('withdrawn', w.index)}); the withdrawal stays on record`,
    );
  }
  if (plan.rejected.length > 0) {
    ctx.out(`Skip, rejected in review: ${plan.rejected.length}`);
    for (const w of plan.rejected)
      ctx.out(`  ${rowOf(w.row)} "${rowName(sheet, w.row)}": rejected on ${w.on} (${listedAt('rejected', w.index)})`);
  }
  for (const w of plan.rejectedAgain) {
    ctx.out(
      `Sent again after a rejection: ${rowOf(w.row)} "${rowName(sheet, w.row)}" is dated after it was rejected on ${w.on} (${listedAt('rejected', w.index)}); held for review`,
    );
  }
  if (plan.repeats.length > 0) {
    ctx.out(`Added again, as --allow-repeat asks: ${plan.repeats.length} (the letter gets allow_repeats: true)`);
    for (const d of plan.repeats)
      ctx.out(`  ${rowOf(d.row)} "${rowName(sheet, d.row)}": same ${d.field} as ${refText(parsed, sheet, d.of)}`);
  }
  const similarSkipped = new Set(plan.similar.filter((s) => !s.added).map((s) => s.row)).size;
  if (similarSkipped > 0) ctx.out(`Held back, probable duplicates: ${similarSkipped}`);
  if (plan.blank.length > 0) ctx.out(`Blank rows: ${plan.blank.length}`);
  if (invalid.length > 0) ctx.out(`Invalid: ${rowCount(invalid)}`);
}

/** The column a field's value came from in this row (the first non-empty one for a joined name). */
export function columnOf(mapping: ColumnMapping, field: string, row: SheetRow): number | undefined {
  const columns = mapping.fields.get(field as never) ?? [];
  return columns.find((c) => (row.cells[c] ?? '').trim() !== '') ?? columns[0];
}

/** The plan as `--json` prints it, and whether it was written. */
export function planJson(parsed: ParsedLetter, sheet: ReadSheet, plan: ImportPlan, invalid: InvalidRow[], written: boolean) {
  const { table, mapping } = sheet;
  const fieldOf = new Map<number, string>();
  for (const [field, cols] of mapping.fields) for (const c of cols) fieldOf.set(c, field);
  const ref = (r: EntryRef) =>
    r.kind === 'letter'
      ? { signatory: r.index + 1, line: parsed.locate(`signatories.${r.index}`).line }
      : r.kind === 'pending'
        ? { pending: r.index + 1, line: parsed.locate(`pending.${r.index}`).line }
        : { row: sheet.sheetRows[r.row]!.number, line: sheet.sheetRows[r.row]!.line };
  const rowRef = (i: number) => ({ row: sheet.sheetRows[i]!.number, line: sheet.sheetRows[i]!.line });
  return {
    letter: parsed.file,
    csv: table.file,
    file: table.file,
    format: table.kind,
    encoding: table.encoding,
    delimiter: table.delimiter,
    columns: table.header.map((heading, i) => ({
      column: i + 1,
      heading,
      field: fieldOf.get(i) ?? null,
      ignored: mapping.ignored.includes(i),
      samples: samples(table, [i]),
    })),
    unused: mapping.unused.filter((c) => !mapping.ignored.includes(c)).map((c) => table.header[c]),
    ignored: mapping.ignored.map((c) => table.header[c]),
    add: plan.add.map((a) => {
      const row = sheet.sheetRows[a.row]!;
      return {
        ...rowRef(a.row),
        pending: a.pending,
        source: a.signatory.source ?? null,
        flags: a.flags.map((f) => {
          const column = columnOf(mapping, f.field, row);
          const at = table.locate(row, column ?? 0);
          return {
            rule: f.rule,
            field: f.field,
            column: column === undefined ? null : table.header[column],
            line: at.line,
            col: at.col,
            message: f.message,
          };
        }),
        signatory: a.signatory,
      };
    }),
    pending: plan.add.filter((a) => a.pending).length,
    flagged: plan.add.filter((a) => a.flags.length > 0).length,
    duplicates: plan.duplicates.map((d) => ({ ...rowRef(d.row), field: d.field, of: ref(d.of) })),
    repeats: plan.repeats.map((d) => ({ ...rowRef(d.row), field: d.field, of: ref(d.of) })),
    similar: plan.similar.map((s) => ({ ...rowRef(s.row), of: ref(s.of), reason: s.reason, added: s.added, held: s.held })),
    withdrawn: plan.withdrawn.map((w) => ({ ...rowRef(w.row), withdrawn: w.index + 1, on: w.on })),
    again: plan.again.map((w) => ({ ...rowRef(w.row), withdrawn: w.index + 1, on: w.on })),
    rejected: plan.rejected.map((w) => ({ ...rowRef(w.row), rejected: w.index + 1, on: w.on })),
    rejectedAgain: plan.rejectedAgain.map((w) => ({ ...rowRef(w.row), rejected: w.index + 1, on: w.on })),
    invalid: invalid.map((p) => {
      const at = locateInvalid(table, p);
      return {
        row: p.row.number,
        line: at.line,
        col: at.col,
        column: p.column === undefined ? null : (table.header[p.column] ?? null),
        message: p.message,
        hint: p.hint,
      };
    }),
    blank: plan.blank.length,
    written,
  };
}

/**
 * Each invalid row at its cell (an error, or with --skip-invalid a warning), each junk flag at
 * its cell, then each probable duplicate with what it resembles: on stderr, whatever stdout holds.
 */
export function reportRows(
  ctx: Context,
  parsed: ParsedLetter,
  sheet: ReadSheet,
  plan: ImportPlan,
  invalid: InvalidRow[],
  skip: boolean,
): void {
  const { table, mapping } = sheet;
  for (const p of invalid) {
    const problem = { code: 'invalid-rows', message: describeInvalid(table, p), hint: p.hint, location: locateInvalid(table, p) };
    if (skip) warn(ctx, { ...problem, message: `${problem.message} (skipped)` });
    else report(ctx, problem);
  }
  for (const a of plan.add) {
    const row = sheet.sheetRows[a.row]!;
    for (const f of a.flags) {
      const column = columnOf(mapping, f.field, row);
      warn(ctx, {
        code: 'pending',
        message: `${table.rowLabel(row).replace(/ \(line \d+\)$/, '')}${column === undefined ? '' : `, ${columnName(table, column)}`}: ${f.message}`,
        hint: 'held for review in pending: (letters review), never signed outright',
        location: table.locate(row, column ?? 0),
      });
    }
  }
  for (const s of plan.similar) {
    const row = sheet.sheetRows[s.row]!;
    warn(ctx, {
      code: 'similar',
      message: `${table.rowLabel(row).replace(/ \(line \d+\)$/, '')} "${rowName(sheet, s.row)}" may be the same as ${refText(parsed, sheet, s.of)}, "${refName(parsed, plan, sheet, s.of)}" (${s.reason})`,
      hint: !s.held
        ? 'added: people may share a name written two ways; if they are one, remove one with letters unsign --delete'
        : s.added
          ? 'added as --allow-similar asked'
          : 'check both; add --allow-similar to add it anyway, or fix the sheet',
      location: table.locate(row, 0),
    });
  }
}

/** How an import ended: a dry run, nothing to add, or rows added (and how many the letter now has). */
export type ImportOutcome =
  | { kind: 'dry-run'; add: number; pending: number }
  | { kind: 'nothing-to-add' }
  | { kind: 'imported'; added: number; pending: number; count: number; letter: string };

/** The last line for people: what a dry run would add, that nothing was, or what was. */
export function printOutcome(ctx: Context, parsed: ParsedLetter, outcome: ImportOutcome): void {
  if (outcome.kind === 'dry-run') {
    const held = outcome.pending > 0 ? `, ${outcome.pending} held for review` : '';
    ctx.out(`Dry run: nothing was written (${signatoryCount(outcome.add)} would be added${held})`);
  } else if (outcome.kind === 'nothing-to-add') ctx.out('Nothing to add');
  else {
    const held =
      outcome.pending > 0
        ? `; ${plural(outcome.pending, 'entry', 'entries')} wait for review: letters review ${shellWord(outcome.letter)}`
        : '';
    ctx.out(`Imported ${signatoryCount(outcome.added)} into ${parsed.file}; it now has ${signatoryCount(outcome.count)}${held}`);
  }
}

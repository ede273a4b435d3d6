//! What `letters import` prints: the plan (the sheet read, its columns, the rows added, skipped,
//! held back or invalid), each problem row at its line and column, probable duplicates as
//! warnings, and the outcome; for people on stdout, or as one JSON value with --json.
import type { ColumnMapping } from '../../core/sheets/columns.js';
import type { EntryRef, ImportPlan, RowValues } from '../../core/signing/import-plan.js';
import type { Signatory } from '../../core/letter/letter.js';
import { plural } from '../../core/text/plural.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import type { SourceLocation } from '../../errors.js';
import { formatProblem } from '../../io/terminal/diagnostics.js';
import type { SheetRow, SheetTable } from '../../io/csv.js';
import type { Context } from '../context.js';
import { warn } from '../warnings.js';

/** The sheet as the import read it: the rows given to the planner, and the sheet row of each. */
export interface ReadSheet {
  table: SheetTable;
  mapping: ColumnMapping;
  values: RowValues[];
  sheetRows: SheetRow[];
}

/** A row problem, located in the sheet: at its cell, or at the row when the row as a whole is wrong. */
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

function locateInvalid(table: SheetTable, p: InvalidRow): SourceLocation {
  return table.locate(p.row, p.column ?? 0);
}

function describeInvalid(table: SheetTable, p: InvalidRow): string {
  return `row ${p.row.number}${p.column === undefined ? '' : `, ${columnName(table, p.column)}`}: ${p.message}`;
}

/** `column "Email"`, or `column 3` when it has no heading. */
function columnName(table: SheetTable, column: number): string {
  const heading = table.header[column]?.trim();
  return heading ? `column "${heading}"` : `column ${column + 1}`;
}

/** "signatory 3 (letters/x.yaml:40)" or "row 4 (line 4)". */
function refText(parsed: ParsedLetter, sheet: ReadSheet, ref: EntryRef): string {
  if (ref.kind === 'letter') {
    const at = parsed.locate(`signatories.${ref.index}`);
    return `signatory ${ref.index + 1} of the letter (${parsed.file}:${at.line})`;
  }
  const row = sheet.sheetRows[ref.row]!;
  return `row ${row.number} (line ${row.line})`;
}

/** The signatory each added row became, by row: one map per plan, not a search of every row per warning. */
const addedRows = new WeakMap<ImportPlan, Map<number, Signatory>>();

function refName(parsed: ParsedLetter, plan: ImportPlan, sheet: ReadSheet, ref: EntryRef): string {
  if (ref.kind === 'letter') return who(parsed.letter.signatories[ref.index]!);
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

/** The plan, for people: the sheet read, its columns, and what is added, skipped, held back or invalid. */
export function printPlan(ctx: Context, parsed: ParsedLetter, sheet: ReadSheet, plan: ImportPlan, invalid: InvalidRow[]): void {
  const { table, mapping } = sheet;
  const separator =
    table.delimiter === ',' ? 'comma' : table.delimiter === ';' ? 'semicolon' : table.delimiter === '\t' ? 'tab' : `"${table.delimiter}"`;
  ctx.out(`Import ${table.file} into ${parsed.file} (${table.encoding}, ${separator}-separated, ${plural(table.rows.length, 'row')})`);
  const mapped = [...mapping.fields]
    .sort((a, b) => a[1][0]! - b[1][0]!)
    .map(([field, cols]) => `${cols.map((c) => `"${table.header[c]}"`).join(' + ')} → ${field}`);
  ctx.out(`Columns: ${mapped.join(', ')}`);
  if (mapping.unused.length > 0)
    ctx.out(
      `Not used: ${mapping.unused.map((c) => (table.header[c]?.trim() ? `"${table.header[c]}"` : `column ${c + 1} (no heading)`)).join(', ')}`,
    );
  const similarAdded = new Set(plan.similar.filter((s) => s.added).map((s) => s.row)).size;
  ctx.out(`Add: ${signatoryCount(plan.add.length)}${similarAdded > 0 ? ` (${similarAdded} of them probable duplicates)` : ''}`);
  if (plan.duplicates.length > 0) {
    ctx.out(`Skip, already signed: ${plan.duplicates.length}`);
    for (const d of plan.duplicates) {
      const row = sheet.sheetRows[d.row]!;
      ctx.out(`  row ${row.number} (line ${row.line}) "${rowName(sheet, d.row)}": same ${d.field} as ${refText(parsed, sheet, d.of)}`);
    }
    if (plan.duplicates.some((d) => d.of.kind === 'row'))
      ctx.out('  (a row the original lists twice on purpose is added with --allow-repeat)');
  }
  const withdrawnAt = (index: number): string => `${parsed.file}:${parsed.locate(`withdrawn.${index}`).line}`;
  if (plan.withdrawn.length > 0) {
    ctx.out(`Skip, withdrawn: ${plan.withdrawn.length} (if one signed again, sign them with letters sign)`);
    for (const w of plan.withdrawn) {
      const row = sheet.sheetRows[w.row]!;
      ctx.out(`  row ${row.number} (line ${row.line}) "${rowName(sheet, w.row)}": withdrew on ${w.on} (${withdrawnAt(w.index)})`);
    }
  }
  for (const w of plan.again) {
    const row = sheet.sheetRows[w.row]!;
    ctx.out(
      `Signed again: row ${row.number} (line ${row.line}) "${rowName(sheet, w.row)}" is dated after their withdrawal on ${w.on} (${withdrawnAt(w.index)}); the withdrawal stays on record`,
    );
  }
  if (plan.repeats.length > 0) {
    ctx.out(`Added again, as --allow-repeat asks: ${plan.repeats.length} (the letter gets allow_repeats: true)`);
    for (const d of plan.repeats) {
      const row = sheet.sheetRows[d.row]!;
      ctx.out(`  row ${row.number} (line ${row.line}) "${rowName(sheet, d.row)}": same ${d.field} as ${refText(parsed, sheet, d.of)}`);
    }
  }
  const similarSkipped = new Set(plan.similar.filter((s) => !s.added).map((s) => s.row)).size;
  if (similarSkipped > 0) ctx.out(`Held back, probable duplicates: ${similarSkipped}`);
  if (plan.blank.length > 0) ctx.out(`Blank rows: ${plan.blank.length}`);
  if (invalid.length > 0) ctx.out(`Invalid: ${rowCount(invalid)}`);
}

/** The plan as `--json` prints it, and whether it was written. */
export function planJson(parsed: ParsedLetter, sheet: ReadSheet, plan: ImportPlan, invalid: InvalidRow[], written: boolean) {
  const { table, mapping } = sheet;
  const fieldOf = new Map<number, string>();
  for (const [field, cols] of mapping.fields) for (const c of cols) fieldOf.set(c, field);
  const ref = (r: EntryRef) =>
    r.kind === 'letter'
      ? { signatory: r.index + 1, line: parsed.locate(`signatories.${r.index}`).line }
      : { row: sheet.sheetRows[r.row]!.number, line: sheet.sheetRows[r.row]!.line };
  const rowRef = (i: number) => ({ row: sheet.sheetRows[i]!.number, line: sheet.sheetRows[i]!.line });
  return {
    letter: parsed.file,
    csv: table.file,
    encoding: table.encoding,
    delimiter: table.delimiter,
    columns: table.header.map((heading, i) => ({ column: i + 1, heading, field: fieldOf.get(i) ?? null })),
    unused: mapping.unused.map((c) => table.header[c]),
    add: plan.add.map((a) => ({ ...rowRef(a.row), signatory: a.signatory })),
    duplicates: plan.duplicates.map((d) => ({ ...rowRef(d.row), field: d.field, of: ref(d.of) })),
    repeats: plan.repeats.map((d) => ({ ...rowRef(d.row), field: d.field, of: ref(d.of) })),
    similar: plan.similar.map((s) => ({ ...rowRef(s.row), of: ref(s.of), reason: s.reason, added: s.added, held: s.held })),
    withdrawn: plan.withdrawn.map((w) => ({ ...rowRef(w.row), withdrawn: w.index + 1, on: w.on })),
    again: plan.again.map((w) => ({ ...rowRef(w.row), withdrawn: w.index + 1, on: w.on })),
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
 * Each invalid row at its cell (an error, or with --skip-invalid a warning), then each probable
 * duplicate with what it resembles: on stderr, whatever stdout holds.
 */
export function reportRows(
  ctx: Context,
  parsed: ParsedLetter,
  sheet: ReadSheet,
  plan: ImportPlan,
  invalid: InvalidRow[],
  skip: boolean,
): void {
  const { table } = sheet;
  for (const p of invalid) {
    const problem = { message: describeInvalid(table, p), hint: p.hint, location: locateInvalid(table, p) };
    if (skip) warn(ctx, { ...problem, message: `${problem.message} (skipped)` });
    else ctx.err(formatProblem(problem));
  }
  for (const s of plan.similar) {
    const row = sheet.sheetRows[s.row]!;
    warn(ctx, {
      message: `row ${row.number} "${rowName(sheet, s.row)}" may be the same as ${refText(parsed, sheet, s.of)}, "${refName(parsed, plan, sheet, s.of)}" (${s.reason})`,
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
  | { kind: 'dry-run'; add: number }
  | { kind: 'nothing-to-add' }
  | { kind: 'imported'; added: number; count: number };

/** The last line for people: what a dry run would add, that nothing was, or what was. */
export function printOutcome(ctx: Context, parsed: ParsedLetter, outcome: ImportOutcome): void {
  if (outcome.kind === 'dry-run') ctx.out(`Dry run: nothing was written (${signatoryCount(outcome.add)} would be added)`);
  else if (outcome.kind === 'nothing-to-add') ctx.out('Nothing to add');
  else ctx.out(`Imported ${signatoryCount(outcome.added)} into ${parsed.file}; it now has ${signatoryCount(outcome.count)}`);
}

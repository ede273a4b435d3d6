//! `letters import <letter> FILE.csv`: a sign-up sheet's rows added as signatories, all or
//! nothing, in one locked write. The plan (added, repeats, invalid rows) comes first.
import path from 'node:path';
import { dayFirstHeading, mapColumns, parseMapOptions, rowValues, type ColumnMapping } from '../../core/sheets/columns.js';
import type { SignatoryFieldName } from '../../core/letter/fields.js';
import { textFingerprint } from '../../core/letter/fingerprint.js';
import { planImport, type EntryRef, type ImportPlan, type PlanOptions, type RowValues } from '../../core/signing/import-plan.js';
import { admission } from '../../core/signing/signing-rules.js';
import { editSignatories } from '../../core/edit/letter-edits.js';
import type { Signatory } from '../../core/letter/letter.js';
import { plural } from '../../core/text/plural.js';
import type { ParsedLetter } from '../../core/read/schema.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { evidentOrder, isSlashed, type DateOrder } from '../../core/sheets/timestamps.js';
import { formatProblem, LettersError, type SourceLocation } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { extraCell, readSheet, type SheetRow, type SheetTable } from '../../io/csv.js';
import { lockSettings, readLetter, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import { FontStack } from '../../render/inline/font-stack.js';
import type { Context } from '../context.js';
import { confirm, warn } from '../warnings.js';

export interface ImportOptions {
  map?: string[];
  dryRun?: boolean;
  skipInvalid?: boolean;
  allowSimilar?: boolean;
  late?: boolean;
  json?: boolean;
  encoding?: string;
  dateOrder?: string;
  /** Import into a read-only letter file (it stays read-only). */
  force?: boolean;
}

/** A row problem, located in the sheet. */
interface Invalid {
  row: SheetRow;
  column?: number;
  message: string;
  hint: string;
}

const who = (s: Signatory): string => s.organization ?? s.name ?? '';

/** The rows' cells that do not fit under the header: a shifted row, never silently dropped. */
function structuralProblems(table: SheetTable): Map<number, Invalid> {
  const out = new Map<number, Invalid>();
  table.rows.forEach((row, i) => {
    const extra = extraCell(table, row);
    if (extra !== undefined) out.set(i, { row, ...extra });
  });
  return out;
}

function dateOrder(table: SheetTable, mapping: ColumnMapping, given: string | undefined): DateOrder | undefined {
  if (given !== undefined && given !== 'dmy' && given !== 'mdy') {
    throw new LettersError('usage', `--date-order ${given}: not dmy or mdy`, 'dmy reads 02/03/2026 as 2 March, mdy as February 3');
  }
  const column = mapping.fields.get('signed')?.[0];
  if (column === undefined) return undefined;
  const values = table.rows.map((r) => r.cells[column] ?? '');
  const evident = evidentOrder(values);
  if (evident === 'both') {
    throw new LettersError(
      'invalid-csv',
      `column "${table.header[column]}" mixes day-first and month-first dates`,
      'make the dates in the sheet consistent (YYYY-MM-DD is never ambiguous)',
      { location: table.locate('header', column) },
    );
  }
  if (given !== undefined) return given as DateOrder;
  if (evident !== undefined) return evident;
  if (!values.some(isSlashed)) return undefined;
  if (dayFirstHeading(table.header[column]!)) return 'dmy';
  throw new LettersError(
    'usage',
    `the dates in column "${table.header[column]}" could be day/month or month/day (like 03/02/2026)`,
    'say which with --date-order dmy (2 March) or --date-order mdy (February 3)',
    { location: table.locate('header', column) },
  );
}

interface Prepared {
  table: SheetTable;
  mapping: ColumnMapping;
  structural: Map<number, Invalid>;
  /** Rows given to the planner (those without structural problems) and their sheet rows. */
  values: RowValues[];
  sheetRows: SheetRow[];
  order: DateOrder | undefined;
}

async function prepare(ctx: Context, csvArg: string, options: ImportOptions): Promise<Prepared> {
  const table = await readSheet(
    path.resolve(ctx.cwd, csvArg),
    ctx.cwd,
    options.encoding === undefined ? {} : { encoding: options.encoding },
  );
  const mapping = mapColumns(table.header, parseMapOptions(options.map ?? []));
  if (!mapping.fields.has('organization') && !mapping.fields.has('name')) {
    throw new LettersError(
      'usage',
      `${table.file} has no column letters reads as an organization or a name`,
      `name them with --map organization="…" or --map name="…"; its columns are: ${table.header.map((h) => `"${h}"`).join(', ')}`,
      { location: table.locate('header', 0) },
    );
  }
  const structural = structuralProblems(table);
  const values: RowValues[] = [];
  const sheetRows: SheetRow[] = [];
  table.rows.forEach((row, i) => {
    if (structural.has(i)) return;
    values.push(rowValues(row.cells, mapping));
    sheetRows.push(row);
  });
  return { table, mapping, structural, values, sheetRows, order: dateOrder(table, mapping, options.dateOrder) };
}

/** What the fonts of letters can draw, from their coverage table (no font file is read). */
const fonts = new FontStack();

function planFor(parsed: ParsedLetter, prepared: Prepared, today: string, options: ImportOptions, allowSimilar: boolean): ImportPlan {
  // With a date column each row is measured against the deadline by its own date (rows dated
  // in time are taken after it); without one every row is dated today, so today decides.
  admission(parsed.letter, today, (options.late ?? false) || prepared.mapping.fields.has('signed'));
  const planOptions: PlanOptions = {
    today,
    text: textFingerprint(parsed.letter),
    late: options.late ?? false,
    allowSimilar,
    covers: (cp) => fonts.covers(cp),
  };
  if (prepared.order !== undefined) planOptions.dateOrder = prepared.order;
  return planImport(parsed.letter, prepared.values, planOptions);
}

/** Every invalid row, located at its cell (or its first cell when the row as a whole is wrong). */
function invalidRows(prepared: Prepared, plan: ImportPlan): Invalid[] {
  const out: Invalid[] = [...prepared.structural.values()];
  for (const p of plan.invalid) {
    const row = prepared.sheetRows[p.row]!;
    const column = p.field === undefined ? undefined : columnOf(prepared.mapping, p.field, row);
    out.push({ row, ...(column === undefined ? {} : { column }), message: p.message, hint: p.hint });
  }
  return out.sort((a, b) => a.row.number - b.row.number);
}

/** The column a field's value came from in this row (the first non-empty one for a joined name). */
function columnOf(mapping: ColumnMapping, field: SignatoryFieldName, row: SheetRow): number | undefined {
  const columns = mapping.fields.get(field) ?? [];
  return columns.find((c) => (row.cells[c] ?? '').trim() !== '') ?? columns[0];
}

function locateInvalid(table: SheetTable, p: Invalid): SourceLocation {
  return table.locate(p.row, p.column ?? 0);
}

function describeInvalid(table: SheetTable, p: Invalid): string {
  return `row ${p.row.number}${p.column === undefined ? '' : `, ${columnName(table, p.column)}`}: ${p.message}`;
}

/** `column "Email"`, or `column 3` when it has no heading. */
function columnName(table: SheetTable, column: number): string {
  const heading = table.header[column]?.trim();
  return heading ? `column "${heading}"` : `column ${column + 1}`;
}

/** "signatory 3 (letters/x.yaml:40)" or "row 4 (line 4)". */
function refText(parsed: ParsedLetter, prepared: Prepared, ref: EntryRef): string {
  if (ref.kind === 'letter') {
    const at = parsed.locate(`signatories.${ref.index}`);
    return `signatory ${ref.index + 1} of the letter (${parsed.file}:${at.line})`;
  }
  const row = prepared.sheetRows[ref.row]!;
  return `row ${row.number} (line ${row.line})`;
}

/** The signatory each added row became, by row: one map per plan, not a search of every row per warning. */
const addedRows = new WeakMap<ImportPlan, Map<number, Signatory>>();

function refName(parsed: ParsedLetter, plan: ImportPlan, prepared: Prepared, ref: EntryRef): string {
  if (ref.kind === 'letter') return who(parsed.letter.signatories[ref.index]!);
  let added = addedRows.get(plan);
  if (!added) {
    added = new Map(plan.add.map((a) => [a.row, a.signatory]));
    addedRows.set(plan, added);
  }
  const signatory = added.get(ref.row);
  const values = prepared.values[ref.row]!;
  return signatory ? who(signatory) : (values.organization ?? values.name ?? '');
}

function rowName(prepared: Prepared, row: number): string {
  const v = prepared.values[row]!;
  return (v.organization ?? v.name ?? '').replace(/\s+/g, ' ').trim();
}

function printPlan(ctx: Context, parsed: ParsedLetter, prepared: Prepared, plan: ImportPlan, invalid: Invalid[]): void {
  const { table, mapping } = prepared;
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
  const similarAdded = plan.similar.filter((s) => s.added).length;
  ctx.out(`Add: ${signatoryCount(plan.add.length)}${similarAdded > 0 ? ` (${similarAdded} of them probable duplicates)` : ''}`);
  if (plan.duplicates.length > 0) {
    ctx.out(`Skip, already signed: ${plan.duplicates.length}`);
    for (const d of plan.duplicates) {
      const row = prepared.sheetRows[d.row]!;
      ctx.out(
        `  row ${row.number} (line ${row.line}) "${rowName(prepared, d.row)}": same ${d.field} as ${refText(parsed, prepared, d.of)}`,
      );
    }
  }
  const withdrawnAt = (index: number): string => `${parsed.file}:${parsed.locate(`withdrawn.${index}`).line}`;
  if (plan.withdrawn.length > 0) {
    ctx.out(`Skip, withdrawn: ${plan.withdrawn.length} (if one signed again, sign them with letters sign)`);
    for (const w of plan.withdrawn) {
      const row = prepared.sheetRows[w.row]!;
      ctx.out(`  row ${row.number} (line ${row.line}) "${rowName(prepared, w.row)}": withdrew on ${w.on} (${withdrawnAt(w.index)})`);
    }
  }
  for (const w of plan.again) {
    const row = prepared.sheetRows[w.row]!;
    ctx.out(
      `Signed again: row ${row.number} (line ${row.line}) "${rowName(prepared, w.row)}" is dated after their withdrawal on ${w.on} (${withdrawnAt(w.index)}); the withdrawal stays on record`,
    );
  }
  const similarSkipped = new Set(plan.similar.filter((s) => !s.added).map((s) => s.row)).size;
  if (similarSkipped > 0) ctx.out(`Held back, probable duplicates: ${similarSkipped}`);
  if (plan.blank.length > 0) ctx.out(`Blank rows: ${plan.blank.length}`);
  if (invalid.length > 0) ctx.out(`Invalid: ${invalid.length}`);
}

function planJson(parsed: ParsedLetter, prepared: Prepared, plan: ImportPlan, invalid: Invalid[], written: boolean) {
  const { table, mapping } = prepared;
  const fieldOf = new Map<number, string>();
  for (const [field, cols] of mapping.fields) for (const c of cols) fieldOf.set(c, field);
  const ref = (r: EntryRef) =>
    r.kind === 'letter'
      ? { signatory: r.index + 1, line: parsed.locate(`signatories.${r.index}`).line }
      : { row: prepared.sheetRows[r.row]!.number, line: prepared.sheetRows[r.row]!.line };
  const rowRef = (i: number) => ({ row: prepared.sheetRows[i]!.number, line: prepared.sheetRows[i]!.line });
  return {
    letter: parsed.file,
    csv: table.file,
    encoding: table.encoding,
    delimiter: table.delimiter,
    columns: table.header.map((heading, i) => ({ column: i + 1, heading, field: fieldOf.get(i) ?? null })),
    unused: mapping.unused.map((c) => table.header[c]),
    add: plan.add.map((a) => ({ ...rowRef(a.row), signatory: a.signatory })),
    duplicates: plan.duplicates.map((d) => ({ ...rowRef(d.row), field: d.field, of: ref(d.of) })),
    similar: plan.similar.map((s) => ({ ...rowRef(s.row), of: ref(s.of), reason: s.reason, added: s.added })),
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

/** The rows of a plan that decide what is written: compared before and inside the lock. */
function planKey(plan: ImportPlan): string {
  return JSON.stringify([plan.add.map((a) => a.row), plan.similar.map((s) => [s.row, s.added]), plan.invalid.map((p) => p.row)]);
}

/** `letters import <letter> FILE.csv`. */
export async function importCsv(ctx: Context, letterArg: string, csvArg: string, options: ImportOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const prepared = await prepare(ctx, csvArg, options);
  const { table } = prepared;
  const today = localDay(ctx.now());
  let allowSimilar = options.allowSimilar ?? false;
  const preview = await readLetter(file, ctx.cwd);
  let plan = planFor(preview, prepared, today, options, allowSimilar);
  let invalid = invalidRows(prepared, plan);
  const json = options.json ?? false;
  const report = (p: ImportPlan, bad: Invalid[], written: boolean): void => {
    if (json) ctx.outJson(planJson(preview, prepared, p, bad, written));
  };
  if (!json) printPlan(ctx, preview, prepared, plan, invalid);

  const skip = options.skipInvalid ?? false;
  for (const p of invalid) {
    const problem = { message: describeInvalid(table, p), hint: p.hint, location: locateInvalid(table, p) };
    if (skip) warn(ctx, { ...problem, message: `${problem.message} (skipped)` });
    else ctx.err(formatProblem(problem));
  }
  for (const s of plan.similar) {
    const row = prepared.sheetRows[s.row]!;
    warn(ctx, {
      message: `row ${row.number} "${rowName(prepared, s.row)}" may be the same as ${refText(preview, prepared, s.of)}, "${refName(preview, plan, prepared, s.of)}" (${s.reason})`,
      hint: s.added ? 'added as --allow-similar asked' : 'check both; add --allow-similar to add it anyway, or fix the sheet',
      location: table.locate(row, 0),
    });
  }
  if (invalid.length > 0 && !skip) {
    report(plan, invalid, false);
    throw new LettersError(
      'invalid-rows',
      `${invalid.length} of ${plural(table.rows.length, 'row')} of ${table.file} cannot be imported`,
      'nothing was written; fix the rows above, or add --skip-invalid to import the others',
    );
  }
  const held = plan.similar.filter((s) => !s.added);
  if (held.length > 0 && !options.dryRun) {
    const rows = new Set(held.map((s) => s.row)).size;
    if (ctx.interactive && !json) {
      if (await confirm(ctx, `Add the ${plural(rows, 'probable duplicate')} too? (no: leave them out)`)) {
        allowSimilar = true;
        plan = planFor(preview, prepared, today, options, true);
        invalid = invalidRows(prepared, plan);
      }
    } else {
      report(plan, invalid, false);
      throw new LettersError(
        'similar',
        `${rows} ${rows === 1 ? 'row looks' : 'rows look'} like ${rows === 1 ? 'a signatory' : 'signatories'} already there (warnings above)`,
        'nothing was written; check them, then add --allow-similar to add them anyway, or correct the sheet',
      );
    }
  }
  if (options.dryRun) {
    report(plan, invalid, false);
    if (!json) ctx.out(`Dry run: nothing was written (${signatoryCount(plan.add.length)} would be added)`);
    return;
  }
  if (plan.add.length === 0) {
    report(plan, invalid, false);
    if (!json) ctx.out('Nothing to add');
    return;
  }

  const expected = planKey(plan);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters import'), readBefore: preview };
  const count = await updateLetter<number>(file, ctx.cwd, writing, (parsed) => {
    // The letter may have changed since the plan was shown; what is written must be what was shown.
    // Unchanged (the same text, handed back as the same letter), the plan shown is the plan.
    const final = parsed === preview ? plan : planFor(parsed, prepared, today, options, allowSimilar);
    if (planKey(final) !== expected) {
      throw new LettersError(
        'busy',
        `${parsed.file} changed while the import was being planned`,
        'run the import again to see the new plan',
      );
    }
    const text = editSignatories(parsed, { action: 'append-all', signatories: final.add.map((a) => a.signatory) });
    return { text, result: parsed.letter.signatories.length + final.add.length };
  });
  report(plan, invalid, true);
  if (!json) ctx.out(`Imported ${signatoryCount(plan.add.length)} into ${preview.file}; it now has ${signatoryCount(count)}`);
}

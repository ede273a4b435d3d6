//! `letters import <letter> FILE.csv`: a sign-up sheet's rows added as signatories, all or
//! nothing, in one locked write: resolve, read the sheet, plan (core/signing/import-plan.ts),
//! confirm, apply. The plan is shown first (import-report.ts prints it and the outcome).
import path from 'node:path';
import { brokenQuote, dayFirstHeading, mapColumns, parseMapOptions, rowValues, type ColumnMapping } from '../../core/sheets/columns.js';
import type { SignatoryFieldName } from '../../core/letter/fields.js';
import { textFingerprint } from '../../core/letter/fingerprint.js';
import { planImport, type ImportPlan, type PlanOptions } from '../../core/signing/import-plan.js';
import { admission } from '../../core/signing/signing-rules.js';
import { editSignatories } from '../../core/edit/letter-edits.js';
import { allowingRepeats } from '../../core/edit/status-edits.js';
import { plural } from '../../core/text/plural.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { evidentOrder, isSlashed, type DateOrder } from '../../core/sheets/timestamps.js';
import { LettersError } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { extraCell, readSheet, type SheetRow, type SheetTable } from '../../io/csv.js';
import { lockSettings, readLetter, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import { FontStack } from '../../render/inline/font-stack.js';
import type { Context } from '../context.js';
import { confirm } from '../warnings.js';
import { type InvalidRow, planJson, printOutcome, printPlan, type ReadSheet, reportRows, rowCount } from './import-report.js';

export interface ImportOptions {
  map?: string[];
  dryRun?: boolean;
  skipInvalid?: boolean;
  allowSimilar?: boolean;
  /** Add a row that repeats an earlier row of the sheet as a separate entry (the letter gets allow_repeats: true). */
  allowRepeat?: boolean;
  late?: boolean;
  json?: boolean;
  encoding?: string;
  dateOrder?: string;
  /** Import into a read-only letter file (it stays read-only). */
  force?: boolean;
}

/** Fields whose cells may hold several lines; a line break anywhere else is a broken quote. */
const MULTILINE_CELLS: ReadonlySet<SignatoryFieldName> = new Set(['notes', 'description']);

/**
 * The rows' cells that do not fit under the header (a shifted row), and one-line cells that
 * swallowed the rows after them (a stray quote): never silently dropped or merged.
 */
function structuralProblems(table: SheetTable, mapping: ColumnMapping): Map<number, InvalidRow> {
  const out = new Map<number, InvalidRow>();
  const oneLine = [...mapping.fields].filter(([field]) => !MULTILINE_CELLS.has(field)).flatMap(([, columns]) => columns);
  oneLine.sort((a, b) => a - b);
  table.rows.forEach((row, i) => {
    for (const column of oneLine) {
      const broken = brokenQuote(row.cells[column] ?? '');
      if (broken !== undefined) {
        out.set(i, { row, column, ...broken });
        return;
      }
    }
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

/** The sheet read: rows given to the planner (those without structural problems) and their sheet rows. */
interface Prepared extends ReadSheet {
  structural: Map<number, InvalidRow>;
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
  const structural = structuralProblems(table, mapping);
  const values: Prepared['values'] = [];
  const sheetRows: SheetRow[] = [];
  table.rows.forEach((row, i) => {
    if (structural.has(i)) return;
    values.push(rowValues(row.cells, mapping));
    sheetRows.push(row);
  });
  return { table, mapping, structural, values, sheetRows, order: dateOrder(table, mapping, options.dateOrder) };
}

/** The plan for this letter as it is now; `fonts` says what the fonts of letters can draw. */
function planFor(
  parsed: ParsedLetter,
  prepared: Prepared,
  today: string,
  options: ImportOptions,
  allowSimilar: boolean,
  fonts: FontStack,
): ImportPlan {
  // With a date column each row is measured against the deadline by its own date (rows dated
  // in time are taken after it); without one every row is dated today, so today decides.
  admission(parsed.letter, today, (options.late ?? false) || prepared.mapping.fields.has('signed'));
  const planOptions: PlanOptions = {
    today,
    text: textFingerprint(parsed.letter),
    late: options.late ?? false,
    allowSimilar,
    allowRepeat: options.allowRepeat ?? false,
    covers: (cp) => fonts.covers(cp),
  };
  if (prepared.order !== undefined) planOptions.dateOrder = prepared.order;
  return planImport(parsed.letter, prepared.values, planOptions);
}

/** Every invalid row, located at its cell (or its first cell when the row as a whole is wrong). */
function invalidRows(prepared: Prepared, plan: ImportPlan): InvalidRow[] {
  const out: InvalidRow[] = [...prepared.structural.values()];
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

/** The rows of a plan that decide what is written: compared before and inside the lock. */
function planKey(plan: ImportPlan): string {
  return JSON.stringify([
    plan.add.map((a) => a.row),
    plan.repeats.map((r) => r.row),
    plan.similar.map((s) => [s.row, s.added]),
    plan.invalid.map((p) => p.row),
  ]);
}

/** `letters import <letter> FILE.csv`. */
export async function importCsv(ctx: Context, letterArg: string, csvArg: string, options: ImportOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const prepared = await prepare(ctx, csvArg, options);
  const { table } = prepared;
  const today = localDay(ctx.now());
  // What the fonts of letters can draw, from their coverage table (no font file is read).
  const fonts = new FontStack();
  let allowSimilar = options.allowSimilar ?? false;
  const preview = await readLetter(file, ctx.cwd);
  let plan = planFor(preview, prepared, today, options, allowSimilar, fonts);
  let invalid = invalidRows(prepared, plan);
  const json = options.json ?? false;
  const report = (p: ImportPlan, bad: InvalidRow[], written: boolean): void => {
    if (json) ctx.outJson(planJson(preview, prepared, p, bad, written));
  };
  if (!json) printPlan(ctx, preview, prepared, plan, invalid);

  const skip = options.skipInvalid ?? false;
  reportRows(ctx, preview, prepared, plan, invalid, skip);
  if (invalid.length > 0 && !skip) {
    report(plan, invalid, false);
    throw new LettersError(
      'invalid-rows',
      `${rowCount(invalid)} of ${plural(table.rows.length, 'row')} of ${table.file} cannot be imported`,
      'nothing was written; fix the rows above, or add --skip-invalid to import the others',
    );
  }
  // --skip-invalid leaves some rows out; a sheet of which every row is wrong is an error, not a success.
  const filled = table.rows.length - plan.blank.length;
  if (skip && filled > 0 && rowCount(invalid) === filled) {
    report(plan, invalid, false);
    throw new LettersError(
      'invalid-rows',
      `every row of ${table.file} is invalid (${plural(filled, 'row')}), so nothing can be imported`,
      'nothing was written; fix the rows above (--skip-invalid leaves out some rows, not all of them)',
    );
  }
  const held = plan.similar.filter((s) => !s.added);
  if (held.length > 0 && !options.dryRun) {
    const rows = new Set(held.map((s) => s.row)).size;
    if (ctx.interactive && !json) {
      if (await confirm(ctx, `Add the ${plural(rows, 'probable duplicate')} too? (no: leave them out)`)) {
        allowSimilar = true;
        plan = planFor(preview, prepared, today, options, true, fonts);
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
  if (options.dryRun || plan.add.length === 0) {
    report(plan, invalid, false);
    if (!json) printOutcome(ctx, preview, options.dryRun ? { kind: 'dry-run', add: plan.add.length } : { kind: 'nothing-to-add' });
    return;
  }

  const expected = planKey(plan);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters import'), readBefore: preview };
  const count = await updateLetter<number>(file, ctx.cwd, writing, (parsed) => {
    // The letter may have changed since the plan was shown; what is written must be what was shown.
    // Unchanged (the same text, handed back as the same letter), the plan shown is the plan.
    const final = parsed === preview ? plan : planFor(parsed, prepared, today, options, allowSimilar, fonts);
    if (planKey(final) !== expected) {
      throw new LettersError(
        'busy',
        `${parsed.file} changed while the import was being planned`,
        'run the import again to see the new plan',
      );
    }
    // Repeats kept on purpose: the letter says it keeps repeats before it holds them.
    const target = final.repeats.length > 0 ? allowingRepeats(parsed) : parsed;
    const text = editSignatories(target, { action: 'append-all', signatories: final.add.map((a) => a.signatory) });
    return { text, result: parsed.letter.signatories.length + final.add.length };
  });
  report(plan, invalid, true);
  if (!json) printOutcome(ctx, preview, { kind: 'imported', added: plan.add.length, count });
}

//! `letters import <letter> review.csv --update`: a review sheet (`letters export --pending`) taken
//! back after a person decided in it. Its columns are found by their headings (moved or sorted
//! rows and columns read alike; a column of one's own refused unless --ignore), each row by its
//! review key, the decision planned (core/signing/sheet-review.ts), the plan shown, then written
//! in one locked splice (core/edit/entry-moves.ts) — every row, or nothing.
import { movePending } from '../../core/edit/entry-moves.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { headingKey } from '../../core/sheets/columns.js';
import { unguardFormula } from '../../core/sheets/formula-cells.js';
import { REVIEW_COLUMNS, reviewLabel, type ReviewColumn } from '../../core/sheets/review-sheet.js';
import { evidentOrder, isSlashed, type DateOrder } from '../../core/sheets/timestamps.js';
import { pendingName } from '../../core/signing/review.js';
import { planSheetReview, type FieldChange, type SheetProblem, type SheetReview } from '../../core/signing/sheet-review.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { trimAscii } from '../../core/text/characters.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError, type Problem } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { extraCell } from '../../io/csv.js';
import { lockSettings, readLetter, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import type { IntakeTable } from '../../io/intake/intake.js';
import { readIntake } from '../../io/intake/read-intake.js';
import { FontStack } from '../../render/inline/font-stack.js';
import type { Context } from '../context.js';
import { report } from '../warnings.js';
import type { ImportOptions } from './import-options.js';
import { settingValue } from '../../core/settings/settings.js';

/** The options of a sign-up import that mean nothing for a review sheet, if given: refused, never ignored. */
function notWithUpdate(options: ImportOptions): string | undefined {
  if ((options.map?.length ?? 0) > 0) return '--map';
  if (options.pending !== undefined) return options.pending ? '--pending' : '--no-pending';
  if (options.skipInvalid) return '--skip-invalid';
  if (options.allowSimilar) return '--allow-similar';
  if (options.allowRepeat) return '--allow-repeat';
  return undefined;
}

const BY_HEADING = new Map(REVIEW_COLUMNS.map((c) => [headingKey(c.label), c.column]));

/** Which column of the sheet is which, every heading accounted for: a review column, ignored, or refused. */
function sheetColumns(ctx: Context, table: IntakeTable, ignore: readonly string[], letterArg: string): Map<ReviewColumn, number> {
  const columns = new Map<ReviewColumn, number>();
  const problems: Problem[] = [];
  const ignored = new Set(ignore.map(headingKey));
  const known = new Set(table.header.map(headingKey));
  for (const given of ignore) {
    if (!known.has(headingKey(given)))
      problems.push({
        message: `--ignore "${given}": the sheet has no such column`,
        hint: `its columns are: ${table.header.map((h) => `"${h}"`).join(', ')}`,
      });
  }
  table.header.forEach((heading, i) => {
    const key = headingKey(heading);
    const column = BY_HEADING.get(key);
    const at = table.locate('header', i);
    if (column === undefined) {
      if (key === '' || ignored.has(key)) return;
      problems.push({
        message: `column ${i + 1} "${heading}" is not a column of the review sheet`,
        hint: `nothing was written; delete the column, or leave it out with --ignore ${shellWord(heading)}`,
        location: at,
      });
    } else if (columns.has(column)) {
      problems.push({
        message: `columns ${columns.get(column)! + 1} and ${i + 1} are both "${reviewLabel(column)}"`,
        hint: 'delete one of them',
        location: at,
      });
    } else columns.set(column, i);
  });
  // Not a review sheet at all: that alone is said, not each of its columns.
  const missing = (['key', 'decision'] as const).find((needed) => !columns.has(needed));
  if (missing !== undefined) {
    throw new LettersError(
      'usage',
      `${table.file} has no "${reviewLabel(missing)}" column, so it is not a review sheet`,
      `export one with letters export ${shellWord(letterArg)} --pending -o review.csv, decide in it, then take it back with --update (sign-ups are imported without --update)`,
      { location: table.locate('header', 0) },
    );
  }
  if (problems.length > 0) {
    for (const p of problems.slice(0, -1)) report(ctx, { code: 'usage', ...p });
    const last = problems.at(-1)!;
    throw new LettersError('usage', last.message, last.hint, last.location === undefined ? {} : { location: last.location });
  }
  return columns;
}

/** How the Signed column's slashed dates read: as said, as the column shows, or refused when nothing tells. */
function dateOrder(table: IntakeTable, column: number | undefined, given: string | undefined): DateOrder | undefined {
  if (given !== undefined && given !== 'dmy' && given !== 'mdy')
    throw new LettersError('usage', `--date-order ${given}: not dmy or mdy`, 'dmy reads 02/03/2026 as 2 March, mdy as February 3');
  if (column === undefined) return undefined;
  const values = table.rows.map((r) => r.cells[column] ?? '');
  const evident = evidentOrder(values);
  const at = { location: table.locate('header', column) };
  if (evident === 'both')
    throw new LettersError(
      'invalid-csv',
      `column "${table.header[column]}" mixes day-first and month-first dates`,
      'make the dates consistent (YYYY-MM-DD is never ambiguous)',
      at,
    );
  if (given !== undefined) return given;
  if (evident !== undefined || !values.some(isSlashed)) return evident;
  throw new LettersError(
    'usage',
    `the dates in column "${table.header[column]}" could be day/month or month/day (a spreadsheet rewrote them, like 03/02/2026)`,
    'say which with --date-order dmy (2 March) or --date-order mdy (February 3)',
    at,
  );
}

/** A change for people: `title "Chair" → "Chairwoman"`. */
function changeText(c: FieldChange): string {
  const show = (v: string | boolean | undefined): string => (v === undefined ? '(empty)' : `"${String(v)}"`);
  return `${reviewLabel(c.field)} ${show(c.from)} → ${show(c.to)}`;
}

/** The plan for people: what each row decides, and what stays. */
function printPlan(ctx: Context, parsed: ParsedLetter, table: IntakeTable, review: SheetReview): void {
  const pending = parsed.letter.pending ?? [];
  const rowName = (row: number): string => `row ${table.rows[row]!.number}`;
  const name = (index: number): string => pendingName(pending[index]!);
  ctx.out(`Review ${table.file} against ${parsed.file} (${table.summary})`);
  const of = (d: string) => review.rows.filter((r) => r.decision === d);
  const approve = of('approve');
  if (approve.length > 0) ctx.out(`Approve: ${approve.length}`);
  for (const r of approve)
    ctx.out(`  ${rowName(r.row)} "${name(r.index)}"${r.changes.length > 0 ? `, corrected: ${r.changes.map(changeText).join('; ')}` : ''}`);
  const reject = of('reject');
  if (reject.length > 0) ctx.out(`Reject: ${reject.length} (kept under rejected:, never printed)`);
  for (const r of reject) {
    const kept =
      r.changes.length > 0
        ? ' (recorded as it stood in pending:, so a newer export of the form skips it; the corrections in the row are not kept)'
        : '';
    ctx.out(`  ${rowName(r.row)} "${name(r.index)}"${r.reason === undefined ? '' : `: ${r.reason}`}${kept}`);
  }
  const corrected = of('keep').filter((r) => r.changes.length > 0);
  if (corrected.length > 0) ctx.out(`Correct, still pending: ${corrected.length}`);
  for (const r of corrected) ctx.out(`  ${rowName(r.row)} "${name(r.index)}": ${r.changes.map(changeText).join('; ')}`);
  const kept = of('keep').filter((r) => r.changes.length === 0);
  if (kept.length > 0) ctx.out(`Keep pending: ${kept.length} (${kept.map((r) => rowName(r.row)).join(', ')})`);
  if (review.notInSheet.length > 0) ctx.out(`Not in the sheet, still pending: ${review.notInSheet.length}`);
}

/** The plan as `--json` prints it (its problems are the document's diagnostics). */
function planJson(parsed: ParsedLetter, table: IntakeTable, review: SheetReview | undefined, written: boolean) {
  const row = (r: number) => table.rows[r]!.number;
  const entry = (index: number) => ({
    pending: index + 1,
    line: parsed.locate(`pending.${index}`).line,
    who: pendingName(parsed.letter.pending![index]!),
  });
  const rows = review?.rows ?? [];
  return {
    letter: parsed.file,
    file: table.file,
    approve: rows.filter((r) => r.decision === 'approve').map((r) => ({ row: row(r.row), ...entry(r.index), changes: r.changes })),
    reject: rows
      .filter((r) => r.decision === 'reject')
      .map((r) => ({ row: row(r.row), ...entry(r.index), reason: r.reason ?? null, changes: r.changes })),
    correct: rows
      .filter((r) => r.decision === 'keep' && r.changes.length > 0)
      .map((r) => ({ row: row(r.row), ...entry(r.index), changes: r.changes })),
    keep: rows.filter((r) => r.decision === 'keep' && r.changes.length === 0).map((r) => ({ row: row(r.row), ...entry(r.index) })),
    notInSheet: review?.notInSheet.length ?? 0,
    written,
  };
}

/** `letters import <letter> review.csv --update`. */
export async function importReviewSheet(ctx: Context, letterArg: string, files: readonly string[], options: ImportOptions): Promise<void> {
  const flag = notWithUpdate(options);
  if (flag !== undefined)
    throw new LettersError(
      'usage',
      `${flag} goes with a sign-up import, not with --update`,
      'leave it out: a review sheet says what to do row by row',
    );
  if (options.format !== undefined && options.format !== 'csv')
    throw new LettersError(
      'usage',
      `--format ${options.format}: a review sheet is CSV`,
      'export it with letters export <letter> --pending',
    );
  if (files.length !== 1)
    throw new LettersError('usage', `${files.length} files given to --update`, 'take back one review sheet at a time');
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const table = await readIntake(files, ctx.cwd, {
    format: 'csv',
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
  });
  const columns = sheetColumns(ctx, table, options.ignore ?? [], letterArg);
  // --date-order, else the project's date_order (letters.config.yaml, LETTERS_DATE_ORDER), else the sheet tells.
  const order = dateOrder(table, columns.get('signed'), options.dateOrder ?? settingValue(ctx.settings, 'date_order'));
  const structural: SheetProblem[] = [];
  const rows = table.rows.map((sheetRow, row) => {
    const extra = extraCell(table, sheetRow);
    if (extra !== undefined) structural.push({ row, message: extra.message, hint: extra.hint });
    const cells: Partial<Record<ReviewColumn, string>> = {};
    for (const [column, i] of columns) cells[column] = trimAscii(unguardFormula(trimAscii(sheetRow.cells[i] ?? '')));
    return { row, cells };
  });
  const today = localDay(ctx.now());
  const fonts = new FontStack();
  const decide = (parsed: ParsedLetter) =>
    planSheetReview(parsed.letter, rows, {
      today,
      late: options.late ?? false,
      ...(order === undefined ? {} : { dateOrder: order }),
      covers: (cp) => fonts.covers(cp),
      lineOf: (list, index) => parsed.locate(`${list}.${index}`).line,
      rowName: (row) => `row ${table.rows[row]!.number}`,
      exportAgain: `letters export ${shellWord(letterArg)} --pending -o ${shellWord(files[0]!)}`,
    });
  const preview = await readLetter(file, ctx.cwd);
  const plan = decide(preview);
  const json = options.json ?? false;
  const problems = [...structural, ...(plan.ok ? [] : plan.problems)].sort((a, b) => a.row - b.row);
  if (problems.length > 0) {
    const located = problems.map((p) => {
      const column = p.column === undefined ? undefined : columns.get(p.column);
      const sheetRow = table.rows[p.row]!;
      return {
        message: `row ${sheetRow.number}${column === undefined ? '' : `, column "${table.header[column]}"`}: ${p.message}`,
        hint: p.hint,
        location: table.locate(sheetRow, column ?? 0),
      };
    });
    for (const p of located) report(ctx, { code: 'invalid-rows', ...p });
    if (json) ctx.outJson(planJson(preview, table, undefined, false));
    const bad = new Set(problems.map((p) => p.row)).size;
    throw new LettersError(
      'invalid-rows',
      `${bad} of ${plural(table.rows.length, 'row')} of ${table.file} cannot be taken back`,
      `nothing was written; correct the cells above, or export the sheet again (letters export ${shellWord(letterArg)} --pending)`,
    );
  }
  const review = (plan as { ok: true; review: SheetReview }).review;
  const { decision } = review;
  const nothing = decision.approve.length + decision.reject.length + decision.edit.length === 0;
  if (!json) printPlan(ctx, preview, table, review);
  if (options.dryRun || nothing) {
    if (json) ctx.outJson(planJson(preview, table, review, false));
    else ctx.out(nothing ? 'Nothing decided in the sheet; the pending entries stay as they were' : 'Dry run: nothing was written');
    return;
  }
  const expected = JSON.stringify(decision);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters import --update'), readBefore: preview };
  const count = await updateLetter<number>(file, ctx.cwd, writing, (parsed) => {
    // The letter may have changed since the plan was shown: what is written must be what was shown.
    const again = parsed === preview ? plan : decide(parsed);
    if (!again.ok || JSON.stringify(again.review.decision) !== expected)
      throw new LettersError(
        'busy',
        `${parsed.file} changed while the review sheet was being read`,
        'run the import again to see the new plan',
      );
    return { text: movePending(parsed, decision), result: parsed.letter.signatories.length + decision.approve.length };
  });
  if (json) {
    ctx.outJson(planJson(preview, table, review, true));
    return;
  }
  const left = (preview.letter.pending?.length ?? 0) - decision.approve.length - decision.reject.length;
  ctx.out(
    `Reviewed ${preview.file}: ${decision.approve.length} approved, ${decision.reject.length} rejected, ${plural(decision.edit.length, 'entry', 'entries')} corrected; it now has ${signatoryCount(count)}; ${plural(left, 'entry', 'entries')} still pending review`,
  );
}

//! `letters import <letter> FILE`: sign-ups added as signatories (or held in `pending:` for
//! review), all or nothing, in one locked write: resolve, read the file through its intake
//! (io/intake/: CSV, JSON, JSON Lines, issue forms, e-mail), map its columns (import-columns.ts),
//! plan (core/signing/import-plan.ts), confirm, apply. The plan is shown first (import-report.ts).
import { picturePathFault } from '../../core/letter/pictures.js';
import { projectRoot } from '../../io/pictures/project-root.js';
import {
  brokenQuote,
  dayFirstHeading,
  headingKey,
  isFieldHeading,
  parseMapOptions,
  rowValues,
  type ColumnMapping,
} from '../../core/sheets/columns.js';
import type { SignatoryFieldName } from '../../core/letter/fields.js';
import { textFingerprint } from '../../core/letter/fingerprint.js';
import { planImport, type ImportPlan, type LanguageVersion, type PlanOptions } from '../../core/signing/import-plan.js';
import { languageName } from '../../core/letter/languages.js';
import { versionFingerprint } from '../../core/letter/translation.js';
import type { Version } from '../../core/read/letter-versions.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import { admission } from '../../core/signing/signing-rules.js';
import { editSignatories } from '../../core/edit/letter-edits.js';
import { allowingRepeats } from '../../core/edit/status-edits.js';
import { plural } from '../../core/text/plural.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { evidentOrder, isSlashed, timestampSeconds, type DateOrder } from '../../core/sheets/timestamps.js';
import { appendImported } from '../../core/edit/entry-moves.js';
import { LettersError } from '../../errors.js';
import { settingSource, settingValue } from '../../core/settings/settings.js';
import { localDay } from '../../io/clock.js';
import { extraCell, type SheetRow } from '../../io/csv.js';
import type { IntakeTable } from '../../io/intake/intake.js';
import { readIntake } from '../../io/intake/read-intake.js';
import { lockSettings, readLetter, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import { FontStack } from '../../render/inline/font-stack.js';
import type { Context } from '../context.js';
import type { ImportOptions } from './import-options.js';
import { confirm, progress } from '../warnings.js';
import { resolveColumns } from './import-columns.js';
import { columnOf, type InvalidRow, planJson, printOutcome, printPlan, type ReadSheet, reportRows, rowCount } from './import-report.js';

export type { ImportOptions };

/** Fields whose cells may hold several lines; in a CSV sheet a line break anywhere else is a broken quote. */
const MULTILINE_CELLS: ReadonlySet<SignatoryFieldName> = new Set(['notes', 'description']);

/**
 * The rows that cannot be read as they are, never silently dropped or merged: a CSV row with
 * cells beyond the header (a shifted row), or a one-line cell that swallowed the rows after it
 * (a quote left open); an issue with no form.
 */
function structuralProblems(table: IntakeTable, mapping: ColumnMapping): Map<number, InvalidRow> {
  const out = new Map<number, InvalidRow>();
  const oneLine =
    table.kind === 'csv'
      ? [...mapping.fields]
          .filter(([field]) => !MULTILINE_CELLS.has(field))
          .flatMap(([, columns]) => columns)
          .sort((a, b) => a - b)
      : [];
  table.rows.forEach((row, i) => {
    const unreadable = table.unreadable?.get(row);
    if (unreadable !== undefined) out.set(i, { row, ...unreadable });
    for (const column of oneLine) {
      const broken = brokenQuote(row.cells[column] ?? '');
      if (broken !== undefined) {
        out.set(i, { row, column, ...broken });
        return;
      }
    }
    const extra = table.kind === 'csv' ? extraCell(table, row) : undefined;
    if (extra !== undefined) out.set(i, { row, ...extra });
  });
  return out;
}

function dateOrder(table: IntakeTable, mapping: ColumnMapping, given: string | undefined): DateOrder | undefined {
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
  table: IntakeTable;
  structural: Map<number, InvalidRow>;
  order: DateOrder | undefined;
  /** A planned row's timestamp in seconds, when its date has a time of day (read only when the junk rules ask). */
  times: (row: number) => number | undefined;
  /** Logo cells naming no picture letters can print, by the path written: [message, hint]. */
  pictureFaults: Map<string, readonly [string, string]>;
}

/**
 * Whether every row goes to `pending:`: --pending, or a letter that says `intake: review`
 * (whose rows stay pending whatever the flags say: --no-pending is refused there).
 */
function holdsAll(ctx: Context, parsed: ParsedLetter, options: ImportOptions): boolean | undefined {
  // The letter's intake:, else the project's (letters.config.yaml, LETTERS_INTAKE).
  const fromProject = parsed.letter.intake === undefined ? settingValue(ctx.settings, 'intake') : undefined;
  if ((parsed.letter.intake ?? fromProject) === 'review') {
    if (options.pending === false) {
      const where = parsed.letter.intake === undefined ? settingSource(ctx.settings, 'intake') : undefined;
      throw new LettersError(
        'usage',
        `${where ?? parsed.file} says intake: review, so imported rows wait for review`,
        `leave out --no-pending and approve them with \`letters review\`, or change intake: in ${where === undefined ? 'the letter' : where}`,
        where === undefined ? { location: parsed.locate('intake') } : {},
      );
    }
    return true;
  }
  return options.pending;
}

async function prepare(ctx: Context, files: readonly string[], options: ImportOptions): Promise<Prepared> {
  const table = await readIntake(files, ctx.cwd, {
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(options.format === undefined ? {} : { format: options.format }),
  });
  // A review sheet read as sign-ups would skip every row as pending already: say what it is instead.
  const headings = new Set(table.header.map(headingKey));
  if (table.kind === 'csv' && headings.has(headingKey('Review key')) && headings.has(headingKey('Decision'))) {
    throw new LettersError(
      'usage',
      `${table.file} is a review sheet (letters export --pending), not sign-ups`,
      'take the decisions in it back with --update',
      { location: table.locate('header', 0) },
    );
  }
  const mapping = await resolveColumns(ctx, table, parseMapOptions(options.map ?? []), options.ignore ?? [], options.json ?? false);
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
  // --date-order, else the project's date_order (letters.config.yaml, LETTERS_DATE_ORDER), else the sheet tells.
  const order = dateOrder(table, mapping, options.dateOrder ?? settingValue(ctx.settings, 'date_order'));
  const signed = mapping.fields.get('signed')?.[0];
  const times = (row: number): number | undefined =>
    signed === undefined ? undefined : timestampSeconds(sheetRows[row]!.cells[signed] ?? '', order);
  return { table, mapping, structural, values, sheetRows, order, times, pictureFaults: await pictureFaults(ctx, values) };
}

/** Each distinct logo cell read as render will read it: the ones that are no printable picture, with why. */
async function pictureFaults(ctx: Context, values: Prepared['values']): Promise<Map<string, readonly [string, string]>> {
  const faults = new Map<string, readonly [string, string]>();
  const logos = new Set(values.map((v) => v['logo']?.trim()).filter((v): v is string => v !== undefined && v !== ''));
  for (const logo of logos) {
    if (picturePathFault(logo, 'Logo') !== undefined) continue; // refused by the plan, with the cell
    // Loaded only for a logo: the picture decoders and the SVG screen's HTML parser (~20 ms on Node 20).
    const { checkPicture } = await import('../../io/pictures/load-pictures.js');
    const problem = await checkPicture(projectRoot(ctx.dir), logo);
    if (problem) faults.set(logo, [problem.message, problem.hint]);
  }
  return faults;
}

/** The plan for this letter as it is now; `fonts` says what the fonts of letters can draw. */
function planFor(
  ctx: Context,
  parsed: ParsedLetter,
  prepared: Prepared,
  today: string,
  options: ImportOptions,
  allowSimilar: boolean,
  fonts: FontStack,
  versions: readonly Version[] = [],
): ImportPlan {
  // With a date column each row is measured against the deadline by its own date (rows dated
  // in time are taken after it); without one every row is dated today, so today decides.
  admission(parsed.letter, today, (options.late ?? false) || prepared.mapping.fields.has('signed'));
  const { table, sheetRows } = prepared;
  const planOptions: PlanOptions = {
    today,
    text: textFingerprint(parsed.letter),
    languages: languageVersions(parsed, versions),
    late: options.late ?? false,
    allowSimilar,
    allowRepeat: options.allowRepeat ?? false,
    covers: (cp) => fonts.covers(cp),
    ...(holdsAll(ctx, parsed, options) === undefined ? {} : { pending: holdsAll(ctx, parsed, options)! }),
    sources: sheetRows.map((r) => table.rowSource(r)),
    times: prepared.times,
    junk: { questions: table.header, isFieldHeading, describeRow: (row) => table.rowLabel(sheetRows[row]!).replace(/ \(line \d+\)$/, '') },
  };
  if (prepared.order !== undefined) planOptions.dateOrder = prepared.order;
  if (prepared.pictureFaults.size > 0) planOptions.pictureFaults = prepared.pictureFaults;
  const steps = progress(ctx, 'Checking rows', prepared.values.length);
  planOptions.onRow = (row) => steps.update(row + 1);
  try {
    return planImport(parsed.letter, prepared.values, planOptions);
  } finally {
    steps.end();
  }
}

/** A language as a sheet may name it: its tag, and its name in English and in itself. */
function languageNames(lang: string): string[] {
  const names = [lang];
  for (const locale of ['en', lang]) {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'language' }).of(lang);
      if (name !== undefined) names.push(name);
    } catch {
      // no name for it in that locale: the tag serves
    }
  }
  return names;
}

/** The letter's language versions a Language column is read against, each with the text a signature on it records. */
function languageVersions(parsed: ParsedLetter, versions: readonly Version[]): LanguageVersion[] {
  const own: LanguageVersion = {
    lang: parsed.letter.lang,
    text: textFingerprint(parsed.letter),
    names: languageNames(parsed.letter.lang),
    own: true,
  };
  return [
    own,
    ...versions.map((v): LanguageVersion => {
      const complete = v.translation !== undefined && v.problems.every((p) => p.severity === 'warning');
      const version: LanguageVersion = {
        lang: v.lang,
        text: complete ? versionFingerprint(parsed.letter, v.translation!.translation) : '',
        names: languageNames(v.lang),
        own: false,
      };
      if (!complete) version.refused = `the ${languageName(v.lang)} translation (${v.file}) is not complete, so it cannot be signed`;
      return version;
    }),
  ];
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

/** The rows of a plan that decide what is written: compared before and inside the lock. */
function planKey(plan: ImportPlan): string {
  return JSON.stringify([
    plan.add.map((a) => [a.row, a.pending]),
    plan.repeats.map((r) => r.row),
    plan.similar.map((s) => [s.row, s.added]),
    plan.invalid.map((p) => p.row),
  ]);
}

/** `letters import <letter> FILE…`. */
export async function importCsv(
  ctx: Context,
  letterArg: string,
  fileArgs: string | readonly string[],
  options: ImportOptions,
): Promise<void> {
  const files = typeof fileArgs === 'string' ? [fileArgs] : fileArgs;
  if (options.update) {
    const { importReviewSheet } = await import('./import-review.js');
    await importReviewSheet(ctx, letterArg, files, options);
    return;
  }
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const prepared = await prepare(ctx, files, options);
  const { table } = prepared;
  const today = localDay(ctx.now());
  // What the fonts of letters can draw, from their coverage table (no font file is read).
  const fonts = new FontStack();
  let allowSimilar = options.allowSimilar ?? false;
  const preview = await readLetter(file, ctx.cwd);
  // A Language column is read against the letter's translations, read once.
  const versions = prepared.mapping.fields.has('lang') ? (await readLetterVersions(preview, file, ctx.cwd)).versions : [];
  let plan = planFor(ctx, preview, prepared, today, options, allowSimilar, fonts, versions);
  let invalid = invalidRows(prepared, plan);
  const json = options.json ?? false;
  const report = (p: ImportPlan, bad: InvalidRow[], written: boolean): void => {
    if (json) ctx.outJson(planJson(preview, prepared, p, bad, written));
  };
  if (!json) printPlan(ctx, preview, prepared, plan, invalid, letterArg);

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
        plan = planFor(ctx, preview, prepared, today, options, true, fonts, versions);
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
    const pending = plan.add.filter((a) => a.pending).length;
    if (!json)
      printOutcome(
        ctx,
        preview,
        options.dryRun ? { kind: 'dry-run', add: plan.add.length - pending, pending } : { kind: 'nothing-to-add' },
      );
    return;
  }

  const expected = planKey(plan);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters import'), readBefore: preview };
  const count = await updateLetter<number>(file, ctx.cwd, writing, (parsed) => {
    // The letter may have changed since the plan was shown; what is written must be what was shown.
    // Unchanged (the same text, handed back as the same letter), the plan shown is the plan.
    const final = parsed === preview ? plan : planFor(ctx, parsed, prepared, today, options, allowSimilar, fonts, versions);
    if (planKey(final) !== expected) {
      throw new LettersError(
        'busy',
        `${parsed.file} changed while the import was being planned`,
        'run the import again to see the new plan',
      );
    }
    // Repeats kept on purpose: the letter says it keeps repeats before it holds them.
    const target = final.repeats.length > 0 ? allowingRepeats(parsed) : parsed;
    const signed = final.add.filter((a) => !a.pending).map((a) => a.signatory);
    const held = final.add.filter((a) => a.pending).map((a) => a.signatory);
    const text = appendImported(target, held, editSignatories(target, { action: 'append-all', signatories: signed }));
    return { text, result: parsed.letter.signatories.length + signed.length };
  });
  report(plan, invalid, true);
  const pending = plan.add.filter((a) => a.pending).length;
  if (!json) printOutcome(ctx, preview, { kind: 'imported', added: plan.add.length - pending, pending, count, letter: letterArg });
}

//! Taking a reviewed sheet back (`letters import --update`): each row found by its key among the
//! pending entries (core/sheets/review-sheet.ts), its decision read, each corrected cell checked as
//! any typed or imported value is (import-plan.ts), the corrected entry and every approval checked
//! by the signing rules (signing-rules.ts, review.ts) — all or nothing. A row that no longer
//! matches the queue (its entry approved or rejected meanwhile, changed since, a key no entry has)
//! is a problem at its cell, never a guess. Pure: the rows in, a decision or the problems out.
import { SIGNATORY_FIELDS, type SignatoryFieldName } from '../letter/fields.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { cellText, entryKeys, REVIEW_FIELDS, readDecision, type ReviewColumn, type SheetDecision } from '../sheets/review-sheet.js';
import type { DateOrder } from '../sheets/timestamps.js';
import { trimAscii, valueFault } from '../text/characters.js';
import { cleanCell, rowProblem } from './import-plan.js';
import { approvalProblems, pendingName, type ReviewDecision, standingReason } from './review.js';
import { checkCorrected, repeatsIn } from './signing-rules.js';

/** A row of the sheet: its cells by column, as read (formula guard and ASCII spaces at the ends removed); a column the sheet lacks is absent. */
export interface ReviewSheetRow {
  /** The row as the caller numbers it; problems name it. */
  row: number;
  cells: Partial<Record<ReviewColumn, string>>;
}

/** A problem at a row's cell (its column), or at the row as a whole. */
export interface SheetProblem {
  row: number;
  column?: ReviewColumn;
  message: string;
  hint: string;
}

/** A field a row corrects: what it was, what it becomes (absent: the cell was emptied). */
export interface FieldChange {
  field: SignatoryFieldName;
  from?: string | boolean;
  to?: string | boolean;
}

/** What a row of the sheet decides for its pending entry (`index` in `pending:`). */
export interface ReviewedRow {
  row: number;
  index: number;
  decision: SheetDecision;
  changes: FieldChange[];
  reason?: string;
}

export interface SheetReview {
  /** What to write, in the shape `letters review` decides (core/edit/entry-moves.ts applies it). */
  decision: ReviewDecision;
  rows: ReviewedRow[];
  /** Pending entries no row names: they stay as they are (imported after the sheet was exported, or rows deleted). */
  notInSheet: number[];
}

export interface SheetReviewOptions {
  /** YYYY-MM-DD: the day of the rejections, and the latest a corrected date may be. */
  today: string;
  /** --late: a date corrected to after the deadline is taken, marked late. */
  late: boolean;
  /** How the sheet's slashed dates read, when they are slashed. */
  dateOrder?: DateOrder;
  /** Whether some font of letters draws a character: corrected printed values are checked with it. */
  covers?: (codePoint: number) => boolean;
  /** The line of the letter file an entry of a list starts on, for messages. */
  lineOf: (list: 'signatories' | 'pending' | 'rejected', index: number) => number;
  /** A row named for people ("row 4"). */
  rowName: (row: number) => string;
  /** The command that writes the sheet anew, for a row that no longer matches the queue. */
  exportAgain: string;
}

const FIELD_ROWS = new Map(SIGNATORY_FIELDS.map((f) => [f.name as SignatoryFieldName, f]));
/** A cell compared as written: line breaks as LF, ASCII spaces at the ends aside. */
const norm = (text: string): string => trimAscii(text.replace(/\r\n?/g, '\n'));

/**
 * A phone number a spreadsheet turned into a number: its leading zeros dropped ("0612 345 678" →
 * "612345678") or written with an exponent ("6.12E+08"). Refused, never taken as a correction.
 */
function spreadsheetNumber(cell: string, was: string | boolean | undefined): boolean {
  if (typeof was !== 'string') return false;
  if (/^\d+(?:[.,]\d+)?E\+\d+$/i.test(cell)) return true;
  const digits = was.replace(/[\s().-]/g, '');
  return /^0+\d+$/.test(digits) && cell === digits.replace(/^0+/, '');
}

/** The cells a row corrects, each checked as a typed value is; problems at their cells. */
function corrections(
  entry: Signatory,
  r: ReviewSheetRow,
  options: SheetReviewOptions,
  problem: (column: ReviewColumn, message: string, hint: string) => void,
): { out: Signatory; changes: FieldChange[] } {
  const out: Signatory = { ...entry };
  const changes: FieldChange[] = [];
  for (const field of REVIEW_FIELDS) {
    const raw = r.cells[field];
    const was = entry[field];
    if (raw === undefined || norm(raw) === norm(cellText(was))) continue;
    if (field === 'phone' && spreadsheetNumber(norm(raw), was)) {
      problem(
        field,
        `Phone "${norm(raw)}" is "${was}" as a spreadsheet writes a number, not a correction`,
        'put the number back as it was exported (format the column as text), or correct it there',
      );
      continue;
    }
    const cleaned = cleanCell(FIELD_ROWS.get(field)!, raw, options);
    if (cleaned.problem) {
      problem(field, cleaned.problem[0], cleaned.problem[1]);
      continue;
    }
    // "TRUE" for true, 2/27/2026 for 2026-02-27: a spreadsheet's way of writing the same value.
    if (cleaned.value === was) continue;
    changes.push({ field, ...(was === undefined ? {} : { from: was }), ...(cleaned.value === undefined ? {} : { to: cleaned.value }) });
    if (cleaned.value === undefined) delete out[field];
    else (out as Record<string, string | boolean>)[field] = cleaned.value;
  }
  return { out, changes };
}

/**
 * Read a reviewed sheet against the letter as it is now: a decision for the pending entries it
 * names, or every problem of every row, each at its cell. Approved entries become signatures as
 * corrected (their `flagged:` note dropped), rejected ones are recorded as they stood in
 * `pending:` (so a newer export of the same form skips them), kept ones take their corrections.
 */
export function planSheetReview(
  letter: Letter,
  rows: readonly ReviewSheetRow[],
  options: SheetReviewOptions,
): { ok: true; review: SheetReview } | { ok: false; problems: SheetProblem[] } {
  const pending = letter.pending ?? [];
  const byKey = new Map(entryKeys(pending).map((k, i) => [k, i]));
  const signedKeys = new Map(entryKeys(letter.signatories).map((k, i) => [k, i]));
  const rejectedKeys = new Map(entryKeys(letter.rejected ?? []).map((k, i) => [k, i]));
  const problems: SheetProblem[] = [];
  const rowOf = new Map<number, number>();
  const reviewed: ReviewedRow[] = [];
  const corrected = new Map<number, Signatory>();

  for (const r of rows) {
    const at = (column: ReviewColumn | undefined, message: string, hint: string): void =>
      void problems.push({ row: r.row, ...(column === undefined ? {} : { column }), message, hint });
    if (Object.values(r.cells).every((c) => c === undefined || norm(c) === '')) continue;
    const key = norm(r.cells.key ?? '');
    const index = byKey.get(key);
    if (index === undefined) {
      const signed = signedKeys.get(key);
      const rejected = rejectedKeys.get(key);
      if (key === '')
        at(
          'key',
          'the row has no review key, so it is no pending entry',
          'sign a new signatory with letters sign (or import it); delete this row',
        );
      else if (signed !== undefined)
        at(
          'key',
          `"${pendingName(letter.signatories[signed]!)}" is no longer pending: it has been approved (signatory ${signed + 1}, line ${options.lineOf('signatories', signed)})`,
          `nothing was written; export the sheet again (${options.exportAgain}), or delete this row`,
        );
      else if (rejected !== undefined)
        at(
          'key',
          `"${pendingName(letter.rejected![rejected]!)}" is no longer pending: it was rejected on ${letter.rejected![rejected]!.rejected} (line ${options.lineOf('rejected', rejected)})`,
          `nothing was written; export the sheet again (${options.exportAgain}), or delete this row`,
        );
      else
        at(
          'key',
          `no pending entry has the review key "${key}": its entry changed since the sheet was exported, or the sheet is another letter's`,
          `nothing was written; export the sheet again (${options.exportAgain}), or delete this row`,
        );
      continue;
    }
    const twice = rowOf.get(index);
    if (twice !== undefined) {
      at('key', `the same pending entry as ${options.rowName(twice)}`, 'keep one of the two rows');
      continue;
    }
    rowOf.set(index, r.row);
    const entry = pending[index]!;
    const decision = readDecision(r.cells.decision ?? '');
    if (decision === undefined)
      at(
        'decision',
        `"${norm(r.cells.decision ?? '')}" is not a decision`,
        'write approve, reject or keep (or leave it empty to keep the entry pending)',
      );
    const reasonCell = norm(r.cells.reason ?? '').replace(/\s+/g, ' ');
    const reasonFault = reasonCell === '' ? undefined : valueFault(reasonCell, 'Reason', 'write the reason, or leave the cell empty');
    if (reasonFault) at('reason', reasonFault.message, reasonFault.hint);
    else if (reasonCell !== '' && decision !== undefined && decision !== 'reject')
      at(
        'reason',
        `a reason is kept only with a rejection, and this row says ${decision}`,
        'write reject in Decision, or empty the Reason cell',
      );
    // Where the entry came from and why it was held are letters' records: never changed in review.
    for (const column of ['source', 'flagged'] as const) {
      const cell = r.cells[column];
      if (cell !== undefined && norm(cell) !== norm(cellText(entry[column])))
        at(
          column,
          `${column === 'source' ? 'Source' : 'Flagged'} is letters' record of the entry, not changed in review ("${norm(cell)}", was "${cellText(entry[column])}")`,
          'put the cell back as it was exported',
        );
    }
    const before = problems.length;
    const { out, changes } = corrections(entry, r, options, at);
    let signatory = out;
    // The entry with the corrections that could be read: its rules are said beside the cells that could not.
    if (changes.length > 0) {
      const checked = checkCorrected(
        letter,
        out,
        { today: options.today, late: options.late },
        changes.some((c) => c.field === 'signed'),
      );
      if (checked.ok) {
        signatory = checked.signatory;
        // What the rules made of a correction ("members" spelled "Members" as groups: spells it) is what is shown.
        for (const c of changes) {
          const value = signatory[c.field];
          if (value === undefined) delete c.to;
          else c.to = value;
        }
      } else {
        const p = rowProblem(r.row, checked.problem);
        at(p.field ?? (r.cells.organization !== undefined ? 'organization' : 'name'), p.message, p.hint);
      }
    }
    if (decision === undefined || problems.length > before) continue;
    if (changes.length > 0) corrected.set(index, signatory);
    reviewed.push({ row: r.row, index, decision, changes, ...(reasonCell === '' ? {} : { reason: reasonCell }) });
  }

  const approve = reviewed
    .filter((r) => r.decision === 'approve')
    .map((r) => {
      const { flagged: _flagged, ...entry } = corrected.get(r.index) ?? pending[r.index]!;
      return { index: r.index, signatory: entry };
    })
    .sort((a, b) => a.index - b.index);
  for (const { index, problem } of approvalProblems(letter, approve)) {
    const name = pendingName(approve.find((a) => a.index === index)!.signatory);
    const message =
      problem.rule !== 'signed-already'
        ? `"${name}" cannot be signed: ${standingReason(problem)}`
        : problem.signatory !== undefined
          ? `"${name}" has already signed (signatory ${problem.signatory + 1}, line ${options.lineOf('signatories', problem.signatory)})`
          : `"${name}" is the same signer as ${options.rowName(rowOf.get(problem.approved!)!)}, approved too`;
    problems.push({
      row: rowOf.get(index)!,
      column: 'decision',
      message,
      hint: problem.rule === 'signed-already' ? 'reject one of them (Reason: "same as …")' : 'correct it in the sheet, or reject it',
    });
  }
  const leaving = new Set(reviewed.filter((r) => r.decision !== 'keep').map((r) => r.index));
  // The queue as it will stand: corrected entries must not stand twice in it, as the letter file would refuse.
  const staying = pending.flatMap((p, i) => (leaving.has(i) ? [] : [{ index: i, entry: corrected.get(i) ?? p }]));
  if (letter.allowRepeats !== true) {
    for (const repeat of repeatsIn(staying.map((s) => s.entry))) {
      const [a, b] = [staying[repeat.first]!.index, staying[repeat.index]!.index];
      const edited = corrected.has(b) ? b : a;
      const other = edited === b ? a : b;
      problems.push({
        row: rowOf.get(edited)!,
        column: repeat.field,
        message: `as corrected, "${pendingName(corrected.get(edited)!)}" would stand twice in pending: with ${rowOf.has(other) ? options.rowName(rowOf.get(other)!) : `line ${options.lineOf('pending', other)}`}`,
        hint: 'reject one of the two, or correct it otherwise',
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };
  const reject = reviewed
    .filter((r) => r.decision === 'reject')
    .sort((a, b) => a.index - b.index)
    .map((r) => ({ index: r.index, rejected: options.today, ...(r.reason === undefined ? {} : { reason: r.reason }) }));
  const edit = reviewed
    .filter((r) => r.decision === 'keep' && corrected.has(r.index))
    .sort((a, b) => a.index - b.index)
    .map((r) => ({ index: r.index, signatory: corrected.get(r.index)! }));
  return {
    ok: true,
    review: {
      decision: { approve, reject, edit },
      rows: reviewed.sort((a, b) => a.row - b.row),
      notInSheet: pending.flatMap((_, i) => (rowOf.has(i) ? [] : [i])),
    },
  };
}

//! Planning an import, as data: which rows of a sign-up sheet are added, which are repeats
//! (exact or probable) of the letter or of an earlier row, which are invalid and why. A row's
//! cells are cleaned here; the signing rules (signing-rules.ts, shared with `sign` and the merge
//! driver) decide what it becomes. Problems name fields; the command says them as columns.
import { SIGNATORY_FIELDS, type SignatoryFieldName } from '../letter/fields.js';
import { picturePathFault } from '../letter/pictures.js';
import { isLayoutSpace, missingGlyphsIn } from '../text/glyphs.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { SimilarIndex, type SimilarReason } from './similar.js';
import { checkCandidate, holdsProbableDuplicate, Signers, type EntryProblem } from './signing-rules.js';
import { trimAscii, valueFault } from '../text/characters.js';
import { timestampDay, type DateOrder } from '../sheets/timestamps.js';
import { junkFlags, type JunkContext, type JunkFlag } from './junk.js';

/** A row of values by field, as read from a sheet (before cleaning). */
export type RowValues = Partial<Record<SignatoryFieldName, string>>;

/** Something already there, that a new row repeats: a signatory of the letter, a pending entry, or an earlier row. */
export type EntryRef = { kind: 'letter'; index: number } | { kind: 'pending'; index: number } | { kind: 'row'; row: number };

/** A row to add: signed at once, or held in `pending:` for review (as asked, or because it is flagged). */
export interface AddedRow {
  row: number;
  signatory: Signatory;
  pending: boolean;
  /** Junk and mistakes found in it (core/signing/junk.ts); a flagged row is always pending. */
  flags: JunkFlag[];
}

export interface RowProblem {
  /** Index of the row in the rows given to the planner. */
  row: number;
  /** The field at fault; absent when the row as a whole is (no organization or name). */
  field?: SignatoryFieldName;
  message: string;
  hint: string;
}

export interface ImportPlan {
  /** Rows to append, in sheet order, each with the signatory it becomes, signed or pending. */
  add: AddedRow[];
  /** Exact repeats (the identity rule `sign` refuses): skipped. */
  duplicates: { row: number; of: EntryRef; field: 'organization' | 'name' }[];
  /** Rows that repeat an earlier row of the sheet, added all the same as --allow-repeat asks (each also in `add`). */
  repeats: { row: number; of: EntryRef; field: 'organization' | 'name' }[];
  /**
   * Probable repeats: an organization's added only when allowed (`--allow-similar` or a yes at
   * the prompt), an individual's always (`held: false`: people may share a name written two ways).
   */
  similar: { row: number; of: EntryRef; reason: SimilarReason; added: boolean; held: boolean }[];
  /** Rows that cannot be signatures as they are. */
  invalid: RowProblem[];
  /** Rows with no value in any used column: skipped silently but counted. */
  blank: number[];
  /**
   * Rows of someone who withdrew (entry `index` of `withdrawn:`, on `on`). A form export keeps
   * every answer, so a later import of it would sign them again: skipped, unless the row is
   * dated after the withdrawal (`again`: they signed once more, and are added).
   */
  withdrawn: { row: number; index: number; on: string }[];
  again: { row: number; index: number; on: string }[];
  /**
   * Rows of someone review rejected (entry `index` of `rejected:`, on `on`): skipped, so a newer
   * export of the same form does not bring a fake back; one dated after the rejection is a new
   * answer, and is added, pending (`rejectedAgain`).
   */
  rejected: { row: number; index: number; on: string }[];
  rejectedAgain: { row: number; index: number; on: string }[];
}

export interface PlanOptions {
  /** YYYY-MM-DD: the date of rows without one. */
  today: string;
  /** The fingerprint of the letter's text, stamped on every new signature. */
  text: string;
  /** --late: rows signed after the deadline are accepted and marked late. */
  late: boolean;
  /** Probable repeats are added too. */
  allowSimilar: boolean;
  /**
   * --allow-repeat: a row that repeats an earlier row of the sheet is added as a separate entry
   * (an original that lists one twice). A row repeating a signatory already in the letter is
   * still skipped: importing a newer export of the same form must not sign everyone again.
   */
  allowRepeat?: boolean;
  /** How slashed dates read (02/03/2026); undefined when the sheet has none or they tell. */
  dateOrder?: DateOrder;
  /** Whether some font of letters draws a character; printed values are checked with it. */
  covers?: (codePoint: number) => boolean;
  /** Told before each row is planned (its 0-based index), for a progress line on a long sheet. */
  onRow?: (row: number) => void;
  /**
   * true (--pending, `intake: review`): every row is added to `pending:`; false (--no-pending):
   * none is, flags are only warned about; absent: the flagged rows are.
   */
  pending?: boolean;
  /**
   * Logo cells that name no picture letters can print (missing, a link out of the
   * repository, not a picture …), found by the edge before planning: path → [message, hint].
   */
  pictureFaults?: ReadonlyMap<string, readonly [string, string]>;
  /** Where each row came from ("responses.csv row 4", "issue #12"), kept in its private `source:`. */
  sources?: readonly (string | undefined)[];
  /** A row's timestamp in seconds, when it has a time of day (for rows that come in a burst); asked only of some rows. */
  times?: (row: number) => number | undefined;
  /** What the junk rules need besides the rows: the form's questions, the known headings, row names. */
  junk?: Omit<JunkContext, 'describeRow'> & { describeRow?: (row: number) => string };
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One cell's value as the letter file will hold it, or why it cannot be: the checks every value
 * typed or imported goes through (characters, a date letters reads, yes or no, an e-mail address,
 * glyphs a font has). A reviewed sheet's corrections go through it too (core/signing/sheet-review.ts).
 */
export function cleanCell(
  field: (typeof SIGNATORY_FIELDS)[number],
  raw: string,
  options: Pick<PlanOptions, 'dateOrder' | 'covers' | 'pictureFaults'>,
): { value?: string | boolean; problem?: [string, string] } {
  if (field.kind === 'flag') return flagCell(field.label, raw);
  if (field.kind === 'date') {
    const day = timestampDay(raw, options.dateOrder);
    return day !== undefined
      ? { value: day }
      : { problem: [`${field.label} is not a date letters can read: "${raw.trim()}"`, 'write it as YYYY-MM-DD, for example 2026-03-02'] };
  }
  // Printable ASCII without a run of spaces (most cells): NFC and the tidying leave it as it is, and no character in it is refused.
  const plain = PLAIN_CELL.test(raw) && !raw.includes('  ');
  // The rules `sign` and the letter file apply (core/text/characters.ts): only ASCII white space is tidied.
  const value = trimAscii(
    plain
      ? raw
      : 'multiline' in field && field.multiline
        ? raw
            .normalize('NFC')
            .replace(/\r\n?/g, '\n')
            .replace(/[ \t]+$/gm, '')
        : raw.normalize('NFC').replace(/[ \t\n\r]+/g, ' '),
  );
  if (value === '') return {};
  const fault = plain ? undefined : valueFault(value, field.label, 'fill it in, or leave the cell empty');
  if (fault) return { problem: [fault.message, fault.hint] };
  if (field.kind === 'picture') {
    const fault = picturePathFault(value, field.label);
    if (fault)
      return {
        problem: [
          fault.message,
          'put the file in the repository and write its path in the cell (like images/logos/org.png), or leave the cell empty',
        ],
      };
    const unreadable = options.pictureFaults?.get(value);
    if (unreadable) return { problem: [unreadable[0], unreadable[1]] };
  }
  if (field.name === 'email' && !EMAIL.test(value)) {
    return { problem: [`Email is not an e-mail address: "${value}"`, 'correct it in the sheet, or leave the cell empty'] };
  }
  const covers = options.covers;
  if (field.use === 'printed' && covers !== undefined && !(plain && coversAscii(covers)) && !everyCovered(value, covers)) {
    const missing = missingGlyphsIn(field.label, value, covers);
    if (missing) return { problem: [missing.message, missing.hint] };
  }
  return { value };
}

/** Yes and no as sheets write them, in English, French, German and Spanish ("x" for a ticked box). */
const YES = new Set(['true', 'yes', 'y', 'x', '1', 'oui', 'o', 'ja', 'j', 'wahr', 'si', 'sí', 'verdadero', '✓', '✔']);
const NO = new Set(['false', 'no', 'n', '0', 'non', 'nein', 'falsch', 'falso']);

/** A true/false cell (Highlight): a yes is the flag, a no is its absence, anything else a problem. */
function flagCell(label: string, raw: string): { value?: boolean; problem?: [string, string] } {
  const word = trimAscii(raw).toLowerCase();
  if (YES.has(word)) return { value: true };
  if (word === '' || NO.has(word)) return {};
  return { problem: [`${label} is not yes or no: "${trimAscii(raw)}"`, 'write yes (or x, true) to mark the row, or leave the cell empty'] };
}

/** Printable ASCII, spaces included, and nothing else. */
const PLAIN_CELL = /^[\x20-\x7e]*$/;

/** Whether the fonts draw every printable ASCII character, asked once of each `covers`. */
const asciiCoverage = new WeakMap<(codePoint: number) => boolean, boolean>();

function coversAscii(covers: (codePoint: number) => boolean): boolean {
  let known = asciiCoverage.get(covers);
  if (known === undefined) {
    known = true;
    for (let cp = 0x21; cp <= 0x7e; cp++) if (!covers(cp)) known = false;
    asciiCoverage.set(covers, known);
  }
  return known;
}

/** True when a font draws every character of `value` that needs one (most values: the exact check is then not needed). */
function everyCovered(value: string, covers: (codePoint: number) => boolean): boolean {
  for (const ch of value) if (!isLayoutSpace(ch) && !covers(ch.codePointAt(0)!)) return false;
  return true;
}

/** A rule a row breaks, in the words of a sheet: a field's label, as the column is found by it. */
export function rowProblem(row: number, problem: EntryProblem): RowProblem {
  switch (problem.rule) {
    case 'no-organization-or-name':
      return { row, message: 'the row has neither an organization nor a name', hint: 'fill one in, or delete the row' };
    case 'individual-only': {
      const label = LABELS.get(problem.field)!;
      return {
        row,
        field: problem.field,
        message: `${label} is for individuals, and this row has an organization`,
        hint: `for a person signing in their own name, leave the organization empty; otherwise leave ${label} empty`,
      };
    }
    case 'organization-only': {
      const label = LABELS.get(problem.field)!;
      return {
        row,
        field: problem.field,
        message: `${label} is for organizations, and this row has no organization`,
        hint: `fill in the organization, or leave ${label} empty`,
      };
    }
    case 'after-today':
      return {
        row,
        field: 'signed',
        message: `signed ${problem.signed}, which is after today (${problem.today})`,
        hint: 'correct the date in the sheet',
      };
    case 'after-deadline':
      return {
        row,
        field: 'signed',
        message: `signed ${problem.signed}, after the deadline ${problem.deadline}`,
        hint: 'add --late to accept late signatures (marked late: true)',
      };
    case 'unlisted-group':
      return {
        row,
        field: 'group',
        message: `the letter's groups do not include "${problem.group}"`,
        hint:
          problem.suggestion !== undefined
            ? `did you mean "${problem.suggestion}"? Correct the cell, or add "${problem.group}" to groups: in the letter`
            : `use one of: ${problem.listed.join(', ')} (or add "${problem.group}" to groups: in the letter)`,
      };
  }
}

const LABELS = new Map<SignatoryFieldName, string>(SIGNATORY_FIELDS.map((f) => [f.name, f.label]));

/**
 * Plan an import: every row checked and compared with the letter and the rows before it, in
 * one pass (a 10,000-row sheet costs a few map look-ups a row). Pure: nothing is written.
 */
export function planImport(letter: Letter, rows: readonly RowValues[], options: PlanOptions): ImportPlan {
  const plan: ImportPlan = {
    add: [],
    duplicates: [],
    repeats: [],
    similar: [],
    invalid: [],
    blank: [],
    withdrawn: [],
    again: [],
    rejected: [],
    rejectedAgain: [],
  };
  const similar = new SimilarIndex<EntryRef>();
  // Who signed or waits for review, by the identity the similar index works out once per signatory.
  const signers = new Signers<EntryRef>((s) => similar.identityOf(s).self);
  letter.signatories.forEach((s, index) => {
    signers.add(s, { kind: 'letter', index });
    similar.add(s, { kind: 'letter', index });
  });
  (letter.pending ?? []).forEach((s, index) => {
    signers.add(s, { kind: 'pending', index });
    similar.add(s, { kind: 'pending', index });
  });
  // Who withdrew, or was rejected in review, and has not signed again since: the latest of each.
  const gone = new Map<string, { index: number; on: string }>();
  (letter.withdrawn ?? []).forEach((w, index) => {
    if (signers.find(w) === undefined) gone.set(similar.identityOf(w).self, { index, on: w.withdrawn });
  });
  const turnedDown = new Map<string, { index: number; on: string }>();
  (letter.rejected ?? []).forEach((w, index) => {
    if (signers.find(w) === undefined) turnedDown.set(similar.identityOf(w).self, { index, on: w.rejected });
  });
  const held = new Set<number>();
  const intake = { today: options.today, late: options.late };

  rows.forEach((values, row) => {
    options.onRow?.(row);
    // Only ASCII white space is empty: a cell of no-break spaces is a value, refused below as invisible.
    const fields = SIGNATORY_FIELDS.filter((f) => values[f.name] !== undefined && trimAscii(values[f.name]!) !== '');
    if (fields.length === 0) {
      plan.blank.push(row);
      return;
    }
    const candidate: Record<string, string | boolean> = {};
    let bad = false;
    for (const field of fields) {
      const { value, problem } = cleanCell(field, values[field.name]!, options);
      if (problem) {
        plan.invalid.push({ row, field: field.name, message: problem[0], hint: problem[1] });
        bad = true;
      } else if (value !== undefined) {
        candidate[field.name] = value;
      }
    }
    if (bad) return;
    const dated = candidate['signed'] !== undefined;
    candidate['text'] = options.text;
    const source = options.sources?.[row];
    if (source !== undefined && candidate['source'] === undefined) candidate['source'] = source;
    const checked = checkCandidate(letter, candidate, intake);
    if (!checked.ok) {
      plan.invalid.push(rowProblem(row, checked.problem));
      return;
    }
    const signatory = checked.signatory;
    const who = similar.identityOf(signatory);
    const earlier = signers.find(signatory);
    if (earlier !== undefined) {
      if (earlier.kind === 'letter' || !options.allowRepeat) {
        plan.duplicates.push({ row, of: earlier, field: who.field });
        return;
      }
      // Listed twice in the sheet, kept as asked: neither a probable duplicate nor a withdrawal to look at again.
      plan.repeats.push({ row, of: earlier, field: who.field });
      plan.add.push({ row, signatory, pending: false, flags: [] });
      return;
    }
    const rejected = turnedDown.get(who.self);
    if (rejected !== undefined) {
      if (!dated || signatory.signed! <= rejected.on) {
        plan.rejected.push({ row, ...rejected });
        return;
      }
      plan.rejectedAgain.push({ row, ...rejected });
      held.add(row);
    }
    const withdrew = gone.get(who.self);
    if (withdrew !== undefined) {
      if (!dated || signatory.signed! <= withdrew.on) {
        plan.withdrawn.push({ row, ...withdrew });
        return;
      }
      plan.again.push({ row, ...withdrew });
    }
    const matches = similar.find(signatory);
    if (matches.length > 0) {
      const held = holdsProbableDuplicate(signatory);
      const added = options.allowSimilar || !held;
      for (const m of matches) plan.similar.push({ row, of: m.ref, reason: m.reason, added, held });
      if (!added) return;
    }
    signers.add(signatory, { kind: 'row', row });
    similar.add(signatory, { kind: 'row', row });
    plan.add.push({ row, signatory, pending: false, flags: [] });
  });
  holdForReview(letter, plan, options, held);
  return plan;
}

/** Flag junk in the rows to add; flagged rows, and every row when asked, go to `pending:`. */
function holdForReview(letter: Letter, plan: ImportPlan, options: PlanOptions, held: Set<number>): void {
  const junk = options.junk;
  const flags = junkFlags(
    letter,
    plan.add.map((a) => ({ row: a.row, signatory: a.signatory })),
    {
      questions: junk?.questions ?? [],
      isFieldHeading: junk?.isFieldHeading ?? (() => false),
      describeRow: junk?.describeRow ?? ((row) => `row ${row + 1}`),
      ...(options.times === undefined ? {} : { timeOf: options.times }),
    },
  );
  for (const a of plan.add) {
    a.flags = flags.get(a.row) ?? [];
    // Flagged rows wait for review unless --no-pending says the sheet is trusted (an own export read back).
    a.pending = options.pending === true || (a.flags.length > 0 && options.pending !== false) || held.has(a.row);
    if (a.pending && a.flags.length > 0) a.signatory = { ...a.signatory, flagged: a.flags.map((f) => f.message).join('; ') };
  }
}

//! Deciding what signing does, as data: which rows of a sign-up sheet are added, which are
//! repeats (exact or probable) of the letter or of an earlier row, which are invalid and why.
//! `import` prints the plan and applies it in one write; `sign` shares the admission rules.
//! Problems name fields; the command says them as columns or flags.
import { LettersError } from '../../errors.js';
import { orderFields, SIGNATORY_FIELDS, type SignatoryFieldName } from '../letter/fields.js';
import { isLayoutSpace, missingGlyphsIn } from '../text/glyphs.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { SimilarIndex, type SimilarReason } from './similar.js';
import { trimAscii, valueFault } from '../text/characters.js';
import { timestampDay, type DateOrder } from '../sheets/timestamps.js';

/**
 * Whether a letter takes signatures today: never when closed; after its deadline only with
 * --late. Returns the deadline a late signature is measured against, if any.
 */
export function admission(letter: Letter, today: string, late: boolean): { deadline?: string } {
  if (letter.status === 'closed') {
    throw new LettersError(
      'closed',
      'this letter is closed to new signatures',
      'reopen it with `letters open <letter>` if it should take more',
    );
  }
  if (letter.deadline === undefined) return {};
  if (today > letter.deadline && !late) {
    throw new LettersError(
      'deadline',
      `the deadline for signatures was ${letter.deadline} (today is ${today})`,
      'add --late to record a late signature (marked late: true), or move the deadline with `letters open <letter> --deadline YYYY-MM-DD`',
    );
  }
  return { deadline: letter.deadline };
}

/** A row of values by field, as read from a sheet (before cleaning). */
export type RowValues = Partial<Record<SignatoryFieldName, string>>;

/** Something already signed, that a new row repeats: an entry of the letter or an earlier row. */
export type EntryRef = { kind: 'letter'; index: number } | { kind: 'row'; row: number };

export interface RowProblem {
  /** Index of the row in the rows given to the planner. */
  row: number;
  /** The field at fault; absent when the row as a whole is (no organization or name). */
  field?: SignatoryFieldName;
  message: string;
  hint: string;
}

export interface ImportPlan {
  /** Rows to append, in sheet order, each with the signatory it becomes. */
  add: { row: number; signatory: Signatory }[];
  /** Exact repeats (the identity rule `sign` refuses): skipped. */
  duplicates: { row: number; of: EntryRef; field: 'organization' | 'name' }[];
  /** Probable repeats: added only when allowed (`--allow-similar` or a yes at the prompt). */
  similar: { row: number; of: EntryRef; reason: SimilarReason; added: boolean }[];
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
  /** How slashed dates read (02/03/2026); undefined when the sheet has none or they tell. */
  dateOrder?: DateOrder;
  /** Whether some font of letters draws a character; printed values are checked with it. */
  covers?: (codePoint: number) => boolean;
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One cell's value as the letter file will hold it, or why it cannot be. */
function clean(
  field: (typeof SIGNATORY_FIELDS)[number],
  raw: string,
  options: PlanOptions,
): { value?: string; problem?: [string, string] } {
  if (field.kind === 'date') {
    const day = timestampDay(raw, options.dateOrder);
    return day !== undefined
      ? { value: day }
      : { problem: [`${field.label} is not a date letters can read: "${raw.trim()}"`, 'write it as YYYY-MM-DD, for example 2026-03-02'] };
  }
  // The rules `sign` and the letter file apply (core/text.ts): only ASCII white space is tidied.
  const value = trimAscii(
    'multiline' in field && field.multiline
      ? raw
          .normalize('NFC')
          .replace(/\r\n?/g, '\n')
          .replace(/[ \t]+$/gm, '')
      : raw.normalize('NFC').replace(/[ \t\n\r]+/g, ' '),
  );
  if (value === '') return {};
  const fault = valueFault(value, field.label, 'fill it in, or leave the cell empty');
  if (fault) return { problem: [fault.message, fault.hint] };
  if (field.name === 'email' && !EMAIL.test(value)) {
    return { problem: [`Email is not an e-mail address: "${value}"`, 'correct it in the sheet, or leave the cell empty'] };
  }
  if (field.use === 'printed' && options.covers !== undefined && !everyCovered(value, options.covers)) {
    const missing = missingGlyphsIn(field.label, value, options.covers);
    if (missing) return { problem: [missing.message, missing.hint] };
  }
  return { value };
}

/** True when a font draws every character of `value` that needs one (most values: the exact check is then not needed). */
function everyCovered(value: string, covers: (codePoint: number) => boolean): boolean {
  for (const ch of value) if (!isLayoutSpace(ch) && !covers(ch.codePointAt(0)!)) return false;
  return true;
}

/**
 * Plan an import: every row checked and compared with the letter and the rows before it, in
 * one pass (a 10,000-row sheet costs a few map look-ups a row). Pure: nothing is written.
 */
export function planImport(letter: Letter, rows: readonly RowValues[], options: PlanOptions): ImportPlan {
  const plan: ImportPlan = { add: [], duplicates: [], similar: [], invalid: [], blank: [], withdrawn: [], again: [] };
  const seen = new Map<string, EntryRef>();
  const similar = new SimilarIndex<EntryRef>();
  letter.signatories.forEach((s, index) => {
    seen.set(similar.identityOf(s).self, { kind: 'letter', index });
    similar.add(s, { kind: 'letter', index });
  });
  // Who withdrew and has not signed again since: the latest withdrawal of each.
  const gone = new Map<string, { index: number; on: string }>();
  (letter.withdrawn ?? []).forEach((w, index) => {
    const key = similar.identityOf(w).self;
    if (!seen.has(key)) gone.set(key, { index, on: w.withdrawn });
  });

  rows.forEach((values, row) => {
    // Only ASCII white space is empty: a cell of no-break spaces is a value, refused below as invisible.
    const fields = SIGNATORY_FIELDS.filter((f) => values[f.name] !== undefined && trimAscii(values[f.name]!) !== '');
    if (fields.length === 0) {
      plan.blank.push(row);
      return;
    }
    const s: Record<string, string | boolean> = {};
    let bad = false;
    for (const field of fields) {
      const { value, problem } = clean(field, values[field.name]!, options);
      if (problem) {
        plan.invalid.push({ row, field: field.name, message: problem[0], hint: problem[1] });
        bad = true;
      } else if (value !== undefined) {
        s[field.name] = value;
      }
    }
    if (bad) return;
    if (s['organization'] === undefined && s['name'] === undefined) {
      plan.invalid.push({ row, message: 'the row has neither an organization nor a name', hint: 'fill one in, or delete the row' });
      return;
    }
    // The letter's rule (and sign's): an affiliation is an individual's, never beside an organization.
    const individualOnly =
      s['organization'] === undefined ? undefined : fields.find((f) => f.who === 'individual' && s[f.name] !== undefined);
    if (individualOnly !== undefined) {
      plan.invalid.push({
        row,
        field: individualOnly.name,
        message: `${individualOnly.label} is for individuals, and this row has an organization`,
        hint: `for a person signing in their own name, leave the organization empty; otherwise leave ${individualOnly.label} empty`,
      });
      return;
    }
    const dated = s['signed'] !== undefined;
    s['signed'] ??= options.today;
    s['text'] = options.text;
    if (String(s['signed']) > options.today) {
      plan.invalid.push({
        row,
        field: 'signed',
        message: `signed ${String(s['signed'])}, which is after today (${options.today})`,
        hint: 'correct the date in the sheet',
      });
      return;
    }
    if (letter.deadline !== undefined && String(s['signed']) > letter.deadline) {
      if (!options.late) {
        plan.invalid.push({
          row,
          field: 'signed',
          message: `signed ${String(s['signed'])}, after the deadline ${letter.deadline}`,
          hint: 'add --late to accept late signatures (marked late: true)',
        });
        return;
      }
      s['late'] = true;
    }
    const signatory = orderFields(s as Signatory);
    const who = similar.identityOf(signatory);
    const earlier = seen.get(who.self);
    if (earlier !== undefined) {
      plan.duplicates.push({ row, of: earlier, field: who.field });
      return;
    }
    const withdrew = gone.get(who.self);
    if (withdrew !== undefined) {
      if (!dated || String(s['signed']) <= withdrew.on) {
        plan.withdrawn.push({ row, ...withdrew });
        return;
      }
      plan.again.push({ row, ...withdrew });
    }
    const matches = similar.find(signatory);
    if (matches.length > 0) {
      for (const m of matches) plan.similar.push({ row, of: m.ref, reason: m.reason, added: options.allowSimilar });
      if (!options.allowSimilar) return;
    }
    seen.set(who.self, { kind: 'row', row });
    similar.add(signatory, { kind: 'row', row });
    plan.add.push({ row, signatory });
  });
  return plan;
}

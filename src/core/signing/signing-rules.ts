//! The signing rules, in one place for every way a signature comes in: `sign` (flags), `import`
//! (a sheet's rows) and the three-way merge of a letter file (entries from two branches). For
//! one candidate entry against a letter it decides what the entry becomes or the rule it breaks,
//! as data; problems name fields, and each caller says them as flags, cells or a conflict.
import { LettersError } from '../../errors.js';
import { orderFields, SIGNATORY_FIELDS, type SignatoryFieldName, type SignatoryFields } from '../letter/fields.js';
import { identity, identityKey, matchKey } from '../letter/identity.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { nearest } from '../letter/values.js';

/** Whether a letter takes signatures today, or the rule that shuts it. */
export type Admission =
  | { ok: true; deadline?: string }
  | { ok: false; rule: 'closed' }
  | { ok: false; rule: 'deadline'; deadline: string; today: string };

/** Whether a letter takes signatures today: never when closed; after its deadline only with `late`. */
export function admit(letter: Letter, today: string, late: boolean): Admission {
  if (letter.status === 'closed') return { ok: false, rule: 'closed' };
  if (letter.deadline === undefined) return { ok: true };
  if (today > letter.deadline && !late) return { ok: false, rule: 'deadline', deadline: letter.deadline, today };
  return { ok: true, deadline: letter.deadline };
}

/**
 * Whether a letter takes signatures today, as every command says it: never when closed; after
 * its deadline only with --late. Returns the deadline a late signature is measured against, if any.
 */
export function admission(letter: Letter, today: string, late: boolean): { deadline?: string } {
  const admitted = admit(letter, today, late);
  if (admitted.ok) return admitted.deadline === undefined ? {} : { deadline: admitted.deadline };
  if (admitted.rule === 'closed') {
    throw new LettersError(
      'closed',
      'this letter is closed to new signatures',
      'reopen it with `letters open <letter>` if it should take more',
    );
  }
  throw new LettersError(
    'deadline',
    `the deadline for signatures was ${admitted.deadline} (today is ${admitted.today})`,
    'add --late to record a late signature (marked late: true), or move the deadline with `letters open <letter> --deadline YYYY-MM-DD`',
  );
}

/** A rule one entry breaks, by the field at fault (none when the entry as a whole is). */
export type EntryProblem =
  | { rule: 'no-organization-or-name' }
  /** A field only an individual carries (affiliation), beside an organization. */
  | { rule: 'individual-only'; field: SignatoryFieldName }
  /** A field only an organization carries (logo), on an individual's entry. */
  | { rule: 'organization-only'; field: SignatoryFieldName }
  | { rule: 'after-today'; field: 'signed'; signed: string; today: string }
  /** After the deadline, without leave to sign late. */
  | { rule: 'after-deadline'; field: 'signed'; signed: string; deadline: string }
  /** A group the letter's `groups:` does not list; `suggestion` is the listed one nearest to it. */
  | { rule: 'unlisted-group'; field: 'group'; group: string; suggestion?: string; listed: readonly string[] };

/** The rules an entry keeps for as long as it stands in a letter (the dates are a new signature's). */
export type StandingProblem = Extract<
  EntryProblem,
  { rule: 'no-organization-or-name' | 'individual-only' | 'organization-only' | 'unlisted-group' }
>;

/** How a new signature comes in: the day it is taken, and whether one after the deadline is. */
export interface Intake {
  /** YYYY-MM-DD, from the clock at the edge: the date of an entry that has none. */
  today: string;
  /** --late: an entry signed after the deadline is taken, marked late: true. */
  late: boolean;
}

/** What a candidate becomes, or the first rule it breaks. */
export type Checked = { ok: true; signatory: Signatory } | { ok: false; problem: EntryProblem };

/**
 * Check a new signature against the letter. Its values are already clean (each intake has its
 * own words for a bad value); what it becomes is dated today when it has no date, marked late
 * after the deadline, and its group spelled as `groups:` spells it. The rules run in one order
 * and the first broken one is the answer: an organization or a name; no individual's field
 * beside an organization; not after today; not after the deadline unless late; a listed group.
 */
export function checkCandidate(letter: Letter, candidate: SignatoryFields, intake: Intake): Checked {
  const whole = wholeEntryProblem(candidate);
  if (whole) return { ok: false, problem: whole };
  const s: SignatoryFields = { ...candidate };
  s.signed ??= intake.today;
  if (s.signed > intake.today)
    return { ok: false, problem: { rule: 'after-today', field: 'signed', signed: s.signed, today: intake.today } };
  if (letter.deadline !== undefined && s.signed > letter.deadline) {
    if (!intake.late) {
      return { ok: false, problem: { rule: 'after-deadline', field: 'signed', signed: s.signed, deadline: letter.deadline } };
    }
    s.late = true;
  }
  if (s.group !== undefined) {
    const listed = listedGroup(letter, s.group);
    if (!listed.ok) return listed;
    s.group = listed.group;
  }
  return { ok: true, signatory: orderFields(s) as Signatory };
}

/**
 * An entry corrected in review (a reviewed sheet): the rules it keeps standing in a letter and,
 * when its date was corrected, a new signature's rules for that date — not after today; after
 * the deadline only with leave (--late), then marked late. Its group is spelled as `groups:` spells it.
 */
export function checkCorrected(letter: Letter, s: SignatoryFields, intake: Intake, redated: boolean): Checked {
  const whole = wholeEntryProblem(s);
  if (whole) return { ok: false, problem: whole };
  const out: SignatoryFields = { ...s };
  if (redated && out.signed !== undefined) {
    delete out.late;
    if (out.signed > intake.today)
      return { ok: false, problem: { rule: 'after-today', field: 'signed', signed: out.signed, today: intake.today } };
    if (letter.deadline !== undefined && out.signed > letter.deadline) {
      if (!intake.late)
        return { ok: false, problem: { rule: 'after-deadline', field: 'signed', signed: out.signed, deadline: letter.deadline } };
      out.late = true;
    }
  }
  if (out.group !== undefined) {
    const listed = listedGroup(letter, out.group);
    if (!listed.ok) return listed;
    out.group = listed.group;
  }
  return { ok: true, signatory: orderFields(out) as Signatory };
}

/**
 * The first rule an entry as it stands in a letter breaks, if any: an organization or a name,
 * no individual's field beside an organization, a group `groups:` lists. (Dates are a new
 * signature's rules: an entry already signed keeps the day it was given.)
 */
export function entryProblem(letter: Letter, s: SignatoryFields): StandingProblem | undefined {
  const whole = wholeEntryProblem(s);
  if (whole) return whole;
  if (s.group === undefined) return undefined;
  const listed = listedGroup(letter, s.group);
  return listed.ok ? undefined : listed.problem;
}

/** An organization or a name, no individual's field beside an organization, no organization's field (a logo) without one. */
function wholeEntryProblem(s: SignatoryFields): StandingProblem | undefined {
  if (s.organization === undefined && s.name === undefined) return { rule: 'no-organization-or-name' };
  if (s.organization === undefined) {
    const organizationOnly = SIGNATORY_FIELDS.find((f) => f.who === 'organization' && f.name !== 'organization' && s[f.name] !== undefined);
    return organizationOnly === undefined ? undefined : { rule: 'organization-only', field: organizationOnly.name };
  }
  const individualOnly = SIGNATORY_FIELDS.find((f) => f.who === 'individual' && s[f.name] !== undefined);
  return individualOnly === undefined ? undefined : { rule: 'individual-only', field: individualOnly.name };
}

/** The listed groups of a letter by their match key, worked out once a letter (an import asks for every row). */
const groupKeys = new WeakMap<Letter, Map<string, string>>();

/** The group as `groups:` spells it; a letter without `groups:` takes any. */
function listedGroup(letter: Letter, group: string): { ok: true; group: string } | { ok: false; problem: StandingProblem } {
  if (letter.groups.length === 0) return { ok: true, group };
  let keys = groupKeys.get(letter);
  if (keys === undefined) {
    keys = new Map();
    for (const g of letter.groups) if (!keys.has(matchKey(g))) keys.set(matchKey(g), g);
    groupKeys.set(letter, keys);
  }
  const listed = keys.get(matchKey(group));
  if (listed !== undefined) return { ok: true, group: listed };
  const guess = nearest(matchKey(group), letter.groups.map(matchKey));
  const suggestion = letter.groups.find((g) => matchKey(g) === guess);
  return {
    ok: false,
    problem: {
      rule: 'unlisted-group',
      field: 'group',
      group,
      ...(suggestion === undefined ? {} : { suggestion }),
      listed: letter.groups,
    },
  };
}

/**
 * Whether a probable duplicate of `s` (core/signing/similar.ts) is held back until allowed
 * (--allow-similar, or a yes at the prompt), or only warned about. An organization written two
 * ways ("EFF", "Electronic Frontier Foundation") is almost always one, and is held; people whose
 * names differ in accents, dots or initials ("Michaël" and "Michael") may well be two, and are
 * signed with the warning (both lines) that lets the coordinator remove one.
 */
export function holdsProbableDuplicate(s: Signatory): boolean {
  return s.organization !== undefined;
}

/**
 * Who has signed, by identity (core/letter/identity.ts): one organization, or one person of one
 * affiliation, signs once. `R` says where each signed: an index in the letter, a row of a sheet.
 */
export class Signers<R> {
  private readonly byIdentity = new Map<string, R>();

  /** `keyOf` may be a cached identityKey (an import works each row's keys out once). */
  constructor(private readonly keyOf: (s: Signatory) => string = identityKey) {}

  /** The signatories of a letter, each by its index. */
  static of(signatories: readonly Signatory[]): Signers<number> {
    const signers = new Signers<number>();
    for (const [i, s] of signatories.entries()) signers.add(s, i);
    return signers;
  }

  /** Where `s` signed already, if it did. */
  find(s: Signatory): R | undefined {
    return this.byIdentity.get(this.keyOf(s));
  }

  /** Record that `s` signed, at `ref`; an identity recorded already keeps its first place. */
  add(s: Signatory, ref: R): void {
    const key = this.keyOf(s);
    if (!this.byIdentity.has(key)) this.byIdentity.set(key, ref);
  }
}

/**
 * Where `s` signed first among `entries`, if it did: what `Signers.of(entries).find(s)` says,
 * without a map of every entry's identity (`sign` asks once, of a letter of 10,000).
 */
export function firstSigned(entries: readonly Signatory[], s: Signatory): number | undefined {
  const key = identityKey(s);
  for (let i = 0; i < entries.length; i++) if (identityKey(entries[i]!) === key) return i;
  return undefined;
}

/** A rule a list of entries breaks: an entry's own, or an identity that signs twice. */
export type ListProblem =
  | { index: number; problem: StandingProblem }
  | { index: number; problem: { rule: 'repeated-identity'; field: 'organization' | 'name'; first: number } };

/**
 * The first rule a letter's entries break, entry by entry: each entry's own rules, then a
 * repeat of one before it (unless the letter says `allow_repeats: true`).
 */
export function listProblem(letter: Letter, entries: readonly Signatory[]): ListProblem | undefined {
  const signers = new Signers<number>();
  for (const [index, s] of entries.entries()) {
    const problem = entryProblem(letter, s);
    if (problem) return { index, problem };
    const first = signers.find(s);
    if (first !== undefined && letter.allowRepeats !== true) {
      return { index, problem: { rule: 'repeated-identity', field: identity(s).field, first } };
    }
    signers.add(s, index);
  }
  return undefined;
}

/** An entry that repeats an earlier one (kept under `allow_repeats: true`): its index and the first's. */
export interface Repeat {
  index: number;
  first: number;
  field: 'organization' | 'name';
}

/** Every entry that repeats an earlier one by the identity rule, in order: what `check` shows of a letter that allows repeats. */
export function repeatsIn(entries: readonly Signatory[]): Repeat[] {
  const signers = new Signers<number>();
  const out: Repeat[] = [];
  for (const [index, s] of entries.entries()) {
    const first = signers.find(s);
    if (first !== undefined) out.push({ index, first, field: identity(s).field });
    else signers.add(s, index);
  }
  return out;
}

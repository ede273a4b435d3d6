// What `sign` and `unsign` decide, said in their words: a signature by the signing rules (signing-rules.ts), the signatory unsign means, and a signatory named for people.
import { LettersError } from '../../errors.js';
import { FILE_FIELD_LABELS, orderFields, SIGNATORY_FIELDS, type FieldLabels, type SignatoryFieldName } from '../letter/fields.js';
import { admission, checkCandidate, firstSigned, type EntryProblem } from './signing-rules.js';
import { isIsoDate, nearest } from '../letter/values.js';
import { picturePathFault } from '../letter/pictures.js';
import { identity, individualKey, matchKey } from '../letter/identity.js';
import { plural } from '../text/plural.js';
import { cleanLine } from '../text/characters.js';
import type { Letter, Signatory } from '../letter/letter.js';

/** "1 signatory", "7 signatories": how commands report a count. */
export function signatoryCount(n: number): string {
  return plural(n, 'signatory', 'signatories');
}

/** One line describing a signatory for people: "Jane Roe, Executive Director, Human Rights Watch". */
export function describe(s: Signatory): string {
  // Individuals are told apart by their affiliation (two people may share a name).
  return [s.name, s.title, s.organization ?? s.affiliation].filter(Boolean).join(', ');
}

/**
 * How the fields a person gives are named in messages (one label per row of core/letter/fields.ts).
 * The core names the letter's fields; a command passes its flags instead (`--org`), an
 * import would pass its columns. A caller may name only some: the rest keep their field names.
 */
export type { FieldLabels };
export const FIELD_LABELS: FieldLabels = FILE_FIELD_LABELS;

/**
 * The fields a signature gives, by field name (text as typed), and whether to replace. `late`
 * is leave to sign after the deadline (--late); whether the entry is late is the rules' to say.
 */
export type SignRequest = { [F in Exclude<SignatoryFieldName, 'late'>]?: Signatory[F] } & {
  update?: boolean;
  late?: boolean;
  /** --allow-repeat: a signatory that signed already is added again as a separate entry (the letter then allows repeats). */
  allowRepeat?: boolean;
  /** YYYY-MM-DD, from the clock at the edge; the signature's date unless `signed` is given. */
  today: string;
};
/** What signing decides: a new signatory appended (`repeatOf`: the entry it repeats, as --allow-repeat asked), or one existing entry replaced. */
export type SignDecision =
  | { action: 'append'; signatory: Signatory; count: number; repeatOf?: number }
  | { action: 'replace'; index: number; signatory: Signatory; previous: Signatory; count: number };

/**
 * Decide what `letters sign` does to a letter, by the signing rules (core/signing/signing-rules.ts),
 * saying what they refuse with the labels given (its flags). Pure: it neither reads nor
 * writes; the caller turns the decision into a file edit.
 */
export function decideSign(letter: Letter, request: SignRequest, given: Partial<FieldLabels> = {}): SignDecision {
  const labels: FieldLabels = { ...FIELD_LABELS, ...given };
  // With --date the signature is measured against the deadline by its own day, as an import
  // row with a date is (checkCandidate): one given on time and recorded later is on time.
  admission(letter, request.today, (request.late ?? false) || request.signed !== undefined);
  if (request.update && request.allowRepeat) {
    throw new LettersError('usage', '--update replaces a signature and --allow-repeat adds one again', 'give one of the two');
  }
  const candidate: Record<string, string | boolean> = {};
  for (const row of SIGNATORY_FIELDS) {
    const value = row.name === 'late' ? undefined : request[row.name];
    if (value === undefined) continue;
    if (typeof value === 'boolean') {
      // A flag (--highlight): false is its absence, and with --update takes it away.
      if (value) candidate[row.name] = true;
      continue;
    }
    const clean = row.kind !== 'hash' ? cleanLine(value, labels[row.name]) : value;
    if (clean === undefined) continue;
    const pictureFault = row.kind === 'picture' ? picturePathFault(clean, labels[row.name]) : undefined;
    if (pictureFault) throw new LettersError('usage', pictureFault.message, pictureFault.hint);
    if (row.kind === 'date' && !isIsoDate(clean)) {
      throw new LettersError(
        'usage',
        `${labels[row.name]} is not a valid date: ${clean}`,
        'write it as YYYY-MM-DD, for example 2026-03-02',
      );
    }
    candidate[row.name] = clean;
  }
  const checked = checkCandidate(letter, candidate, { today: request.today, late: request.late ?? false });
  if (!checked.ok) throw refusal(checked.problem, labels);
  const dropped = SIGNATORY_FIELDS.filter((f) => f.kind === 'flag' && f.name !== 'late' && request[f.name] === false).map((f) => f.name);
  return decide(letter, checked.signatory, { update: request.update ?? false, repeat: request.allowRepeat ?? false, dropped }, labels);
}

/** A rule a signature breaks, said with the command's labels for the fields. */
function refusal(problem: EntryProblem, labels: FieldLabels): LettersError {
  switch (problem.rule) {
    case 'no-organization-or-name':
      return new LettersError(
        'missing-input',
        'a signature needs an organization or a name',
        `pass ${labels.organization} and/or ${labels.name}`,
      );
    case 'individual-only':
      return new LettersError(
        'usage',
        `${labels[problem.field]} is for individuals, and this signature has ${labels.organization}`,
        `for a person signing in their own name, give ${labels[problem.field]} without ${labels.organization}`,
      );
    case 'organization-only':
      return new LettersError(
        'usage',
        `${labels[problem.field]} is for organizations, and this signature has no ${labels.organization}`,
        `give ${labels.organization} too, or leave out ${labels[problem.field]}`,
      );
    case 'after-today':
      return new LettersError(
        'usage',
        `${labels.signed} is after today: ${problem.signed}`,
        `give the date the signature was given, ${problem.today} or earlier`,
      );
    case 'after-deadline':
      return new LettersError(
        'deadline',
        `${labels.signed} is after the deadline for signatures: ${problem.signed} (the deadline was ${problem.deadline})`,
        'add --late to record a late signature (marked late: true)',
      );
    case 'unlisted-group':
      return new LettersError(
        'not-found',
        `the letter's groups do not include "${problem.group}"`,
        problem.suggestion !== undefined
          ? `did you mean ${labels.group} "${problem.suggestion}"? Or add "${problem.group}" to groups: in the letter`
          : `use one of: ${problem.listed.join(', ')} (or add "${problem.group}" to groups: in the letter)`,
      );
  }
}

/** How a signature meets one already there: replace it (--update), add it again (--allow-repeat), and flags given as false. */
interface Meeting {
  update: boolean;
  repeat: boolean;
  /** Flags given as false (--no-highlight): taken away from the entry --update replaces. */
  dropped: SignatoryFieldName[];
}

function decide(letter: Letter, signatory: Signatory, meeting: Meeting, labels: FieldLabels): SignDecision {
  const { update } = meeting;
  const wanted = identity(signatory);
  const index = firstSigned(letter.signatories, signatory);
  if (index === undefined) {
    // Someone waiting for review signs through review, not beside it (two entries for one signer).
    if (!meeting.repeat && letter.pending !== undefined && firstSigned(letter.pending, signatory) !== undefined) {
      throw new LettersError(
        'duplicate',
        `${wanted.field === 'organization' ? 'the organization' : 'the individual'} "${signatory[wanted.field]}" is waiting in pending: for review`,
        `approve that entry with letters review <letter> --approve "${signatory[wanted.field]}" (or reject it first)`,
      );
    }
    if (update) throw notThereToUpdate(letter, signatory, wanted.field, labels);
    return { action: 'append', signatory, count: letter.signatories.length + 1 };
  }
  // Kept on purpose, as an original that lists a signatory twice does.
  if (meeting.repeat) return { action: 'append', signatory, count: letter.signatories.length + 1, repeatOf: index };
  const previous = letter.signatories[index]!;
  if (!update) {
    // The usual reason a second person "of" an organization is refused: they sign as individuals.
    const asIndividual =
      wanted.field === 'organization' &&
      signatory.name !== undefined &&
      previous.name !== undefined &&
      matchKey(signatory.name) !== matchKey(previous.name)
        ? `; if ${signatory.name} signs as an individual, give ${labels.affiliation} "${signatory.organization}" instead of ${labels.organization}`
        : '';
    const who = wanted.field === 'organization' ? 'the organization' : 'the individual';
    const affiliation = wanted.field === 'name' && previous.affiliation !== undefined ? ` (${previous.affiliation})` : '';
    throw new LettersError(
      'duplicate',
      `${who} "${previous[wanted.field]}"${affiliation} has already signed (signatory ${index + 1})`,
      `add --update to replace that signature, or --allow-repeat if the letter lists it twice on purpose${asIndividual}`,
    );
  }
  // --update keeps what was not given again (a new title alone should not drop the name).
  const updated: Signatory = { ...previous, ...signatory };
  for (const flag of meeting.dropped) delete updated[flag];
  return { action: 'replace', index, signatory: orderFields(updated), previous, count: letter.signatories.length };
}

/** --update of someone not in the list: refused (appending would record no agreed text), with who they may have meant. */
function notThereToUpdate(letter: Letter, signatory: Signatory, field: 'organization' | 'name', labels: FieldLabels): LettersError {
  const name = signatory[field]!;
  const who = field === 'organization' ? 'the organization' : 'the individual';
  const namesakes =
    field === 'name'
      ? letter.signatories.filter((s) => s.organization === undefined && s.name !== undefined && matchKey(s.name) === matchKey(name))
      : [];
  const affiliation = signatory.affiliation === undefined ? '' : ` (${signatory.affiliation})`;
  const hint =
    namesakes.length > 0
      ? `${name} signed with ${namesakes.map((s) => (s.affiliation === undefined ? `no ${labels.affiliation}` : `${labels.affiliation} "${s.affiliation}"`)).join(', or ')}: give that to say which`
      : 'sign without --update to add them';
  return new LettersError('not-found', `${who} "${name}"${affiliation} has not signed, so there is nothing to update`, hint);
}

/**
 * Find the signatory `letters unsign` means, removing only what was asked for: an organization
 * (and, when a name is given too, only if that person signed for it), or with a name alone an
 * individual; never an organization found through its signer's name. A miss says why and
 * suggests the nearest.
 */
export function findSignatory(
  letter: Letter,
  query: { organization?: string; name?: string; affiliation?: string },
  given: Partial<FieldLabels> = {},
): number {
  const labels: FieldLabels = { ...FIELD_LABELS, ...given };
  const org = query.organization === undefined ? undefined : matchKey(query.organization);
  const name = query.name === undefined ? undefined : matchKey(query.name);
  const affiliation = query.affiliation === undefined ? undefined : matchKey(query.affiliation);
  const signatories = letter.signatories;
  if (org !== undefined) {
    const index = signatories.findIndex((s) => s.organization !== undefined && matchKey(s.organization) === org);
    if (index === -1) throw notFound(letter, 'organization', query.organization!);
    const signer = signatories[index]!.name;
    if (name !== undefined && (signer === undefined || matchKey(signer) !== name)) {
      const organization = signatories[index]!.organization!;
      throw new LettersError(
        'not-found',
        signer === undefined
          ? `the name "${query.name}" does not match the signature of "${organization}", which has no name`
          : `the name "${query.name}" does not match the signer of "${organization}", "${signer}"`,
        `to remove the signature of "${organization}", give ${labels.organization} "${organization}" without ${labels.name}`,
      );
    }
    return index;
  }
  if (name !== undefined) {
    // Individuals are one per name and affiliation: two of one name need the affiliation too.
    const individuals = signatories.flatMap((s, i) =>
      s.organization === undefined &&
      s.name !== undefined &&
      matchKey(s.name) === name &&
      (affiliation === undefined || (s.affiliation !== undefined && matchKey(s.affiliation) === affiliation))
        ? [i]
        : [],
    );
    if (individuals.length === 1) return individuals[0]!;
    // "Michaël" and "Michael" may be two people: the one written exactly as asked, if one is.
    const exact = individuals.filter((i) => {
      const s = signatories[i]!;
      return (
        individualKey(s.name!) === individualKey(query.name!) &&
        (query.affiliation === undefined || individualKey(s.affiliation ?? '') === individualKey(query.affiliation))
      );
    });
    if (exact.length === 1) return exact[0]!;
    if (individuals.length > 1) {
      throw new LettersError(
        'ambiguous',
        `"${query.name}" matches ${individuals.length} individuals: ${individuals.map((i) => `"${signatories[i]!.name}" (${signatories[i]!.affiliation ?? 'no affiliation'})`).join(', ')}`,
        `give ${labels.affiliation} too, to say which one`,
      );
    }
    const organizations = signatories
      .filter((s) => s.organization !== undefined && s.name !== undefined && matchKey(s.name) === name)
      .map((s) => s.organization!);
    if (organizations.length > 0) {
      throw new LettersError(
        'not-found',
        `no individual named "${query.name}" has signed; "${query.name}" signed for ${organizations.map((o) => `"${o}"`).join(', ')}`,
        organizations.length === 1
          ? `to remove that signature, use ${labels.organization} "${organizations[0]}"`
          : `to remove one of those signatures, use ${labels.organization} with its organization`,
      );
    }
    throw notFound(letter, 'name', query.name!);
  }
  throw new LettersError(
    'missing-input',
    'say which signature to remove',
    `pass ${labels.organization} (or ${labels.name} for an individual)`,
  );
}

function notFound(letter: Letter, field: 'organization' | 'name', asked: string): LettersError {
  // A name alone means an individual, so only individuals' names are suggested for it.
  const candidates = letter.signatories
    .filter((s) => field === 'organization' || s.organization === undefined)
    .map((s) => s[field])
    .filter((v): v is string => v !== undefined);
  const guess = nearest(asked, candidates.map(matchKey));
  const suggestion = guess === undefined ? undefined : candidates.find((c) => matchKey(c) === guess);
  return new LettersError(
    'not-found',
    field === 'organization' ? `no signatory with organization "${asked}"` : `no individual named "${asked}" has signed`,
    suggestion !== undefined
      ? `did you mean "${suggestion}"?`
      : 'see who has signed with `letters export <letter>`, or under signatories: in the letter file',
  );
}

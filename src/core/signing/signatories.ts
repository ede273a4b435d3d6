// Signing decisions as data: finding a signatory, deciding what `sign` does, and naming signatories for people.
import { LettersError } from '../../errors.js';
import { FILE_FIELD_LABELS, orderFields, SIGNATORY_FIELDS, type FieldLabels, type SignatoryFieldName } from '../letter/fields.js';
import { isIsoDate, nearest } from '../letter/values.js';
import { identity, matchKey } from '../letter/identity.js';
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
 * How the fields a person gives are named in messages (one label per row of core/fields.ts).
 * The core names the letter's fields; a command passes its flags instead (`--org`), an
 * import would pass its columns. A caller may name only some: the rest keep their field names.
 */
export type { FieldLabels };
export const FIELD_LABELS: FieldLabels = FILE_FIELD_LABELS;

/** The fields a signature gives, by field name (text as typed), and whether to replace. */
export type SignRequest = { [F in SignatoryFieldName]?: Signatory[F] } & {
  update?: boolean;
  /** YYYY-MM-DD, from the clock at the edge; the signature's date unless `signed` is given. */
  today: string;
};
/** What signing decides: a new signatory appended, or one existing entry replaced. */
export type SignDecision =
  | { action: 'append'; signatory: Signatory; count: number }
  | { action: 'replace'; index: number; signatory: Signatory; previous: Signatory; count: number };

/**
 * Decide what `letters sign` does to a letter. Pure: it neither reads nor writes; the
 * caller turns the decision into a file edit.
 */
export function decideSign(letter: Letter, request: SignRequest, given: Partial<FieldLabels> = {}): SignDecision {
  const labels: FieldLabels = { ...FIELD_LABELS, ...given };
  if (letter.status === 'closed') {
    throw new LettersError(
      'closed',
      'this letter is closed to new signatures',
      'reopen it with `letters open <letter>` if it should take more',
    );
  }
  const signatory: Record<string, string | boolean> = {};
  for (const row of SIGNATORY_FIELDS) {
    const value = request[row.name];
    if (value === undefined) continue;
    const clean = typeof value === 'string' && row.kind !== 'hash' ? cleanLine(value, labels[row.name]) : value;
    if (clean === undefined) continue;
    if (row.kind === 'date' && !isIsoDate(String(clean))) {
      throw new LettersError(
        'usage',
        `${labels[row.name]} is not a valid date: ${clean}`,
        'write it as YYYY-MM-DD, for example 2026-03-02',
      );
    }
    signatory[row.name] = clean;
  }
  if (signatory['organization'] === undefined && signatory['name'] === undefined) {
    throw new LettersError(
      'missing-input',
      'a signature needs an organization or a name',
      `pass ${labels.organization} and/or ${labels.name}`,
    );
  }
  const signed = signatory['signed'];
  if (typeof signed === 'string' && signed > request.today) {
    throw new LettersError(
      'usage',
      `${labels.signed} is after today: ${signed}`,
      `give the date the signature was given, ${request.today} or earlier`,
    );
  }
  signatory['signed'] ??= request.today;
  for (const row of SIGNATORY_FIELDS) {
    if (row.who === 'individual' && signatory['organization'] !== undefined && signatory[row.name] !== undefined) {
      throw new LettersError(
        'usage',
        `${labels[row.name]} is for individuals, and this signature has ${labels.organization}`,
        `for a person signing in their own name, give ${labels[row.name]} without ${labels.organization}`,
      );
    }
  }
  if (typeof signatory['group'] === 'string') signatory['group'] = listedGroup(letter, signatory['group'], labels);
  return decide(letter, orderFields(signatory as Signatory), request.update ?? false, labels);
}

/** The group as `groups:` spells it; a group the list does not have is refused. */
function listedGroup(letter: Letter, group: string, labels: FieldLabels): string {
  if (letter.groups.length === 0) return group;
  const listed = letter.groups.find((g) => matchKey(g) === matchKey(group));
  if (listed !== undefined) return listed;
  const guess = nearest(matchKey(group), letter.groups.map(matchKey));
  const suggestion = letter.groups.find((g) => matchKey(g) === guess);
  throw new LettersError(
    'not-found',
    `the letter's groups do not include "${group}"`,
    suggestion !== undefined
      ? `did you mean ${labels.group} "${suggestion}"? Or add "${group}" to groups: in the letter`
      : `use one of: ${letter.groups.join(', ')} (or add "${group}" to groups: in the letter)`,
  );
}

function decide(letter: Letter, signatory: Signatory, update: boolean, labels: FieldLabels): SignDecision {
  const wanted = identity(signatory);
  const index = letter.signatories.findIndex((s) => {
    const other = identity(s);
    return other.field === wanted.field && other.key === wanted.key;
  });
  if (index === -1) {
    if (update) throw notThereToUpdate(letter, signatory, wanted.field, labels);
    return { action: 'append', signatory, count: letter.signatories.length + 1 };
  }
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
      `add --update to replace that signature${asIndividual}`,
    );
  }
  // --update keeps what was not given again (a new title alone should not drop the name).
  const merged: Signatory = { ...previous, ...signatory };
  return { action: 'replace', index, signatory: orderFields(merged), previous, count: letter.signatories.length };
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
    if (individuals.length > 1) {
      throw new LettersError(
        'ambiguous',
        `"${query.name}" matches ${individuals.length} individuals: ${individuals.map((i) => `"${signatories[i]!.affiliation ?? '(no affiliation)'}"`).join(', ')}`,
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

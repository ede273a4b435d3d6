import { LettersError } from '../errors.js';
import { fileFieldName, orderFields, SIGNATORY_FIELDS, type FieldNamer, type SignatoryFieldName } from './fields.js';
import { isIsoDate, nearest } from './schema.js';
import { identity, matchKey } from './identity.js';
import { cleanLine } from './text.js';
import type { Letter, Signatory } from './letter.js';

/** "1 signatory", "7 signatories": how commands report a count. */
export function signatoryCount(n: number): string {
  return `${n} ${n === 1 ? 'signatory' : 'signatories'}`;
}

/** One line describing a signatory for people: "Jane Roe, Executive Director, Human Rights Watch". */
export function describe(s: Signatory): string {
  return [s.name, s.title, s.organization].filter(Boolean).join(', ');
}

/** The text fields a signature gives, by field name (raw, as typed), and how to decide. */
export type SignRequest = { [F in SignatoryFieldName]?: Signatory[F] } & {
  update?: boolean;
  /** YYYY-MM-DD, from the clock at the edge; the signature's date unless `signed` is given. */
  today: string;
  /** How the caller's user names a field in messages (`--org` for `sign`); default: as in the file. */
  say?: FieldNamer;
};

/** What signing decides: a new signatory appended, or one existing entry replaced. */
export type SignDecision =
  | { action: 'append'; signatory: Signatory; count: number }
  | { action: 'replace'; index: number; signatory: Signatory; previous: Signatory; count: number };

/**
 * Decide what `letters sign` does to a letter. Pure: it neither reads nor writes; the
 * caller turns the decision into a file edit.
 */
export function decideSign(letter: Letter, request: SignRequest): SignDecision {
  if (letter.status === 'closed') {
    throw new LettersError(
      'closed',
      'this letter is closed to new signatures',
      'reopen it with `letters open <letter>` if it should take more',
    );
  }
  const say = request.say ?? fileFieldName;
  const signatory: Record<string, string | boolean> = {};
  for (const row of SIGNATORY_FIELDS) {
    const value = request[row.name];
    if (value === undefined) continue;
    const clean = typeof value === 'string' && row.kind !== 'hash' ? cleanLine(value, say(row.name)) : value;
    if (clean === undefined) continue;
    if (row.kind === 'date' && !isIsoDate(String(clean))) {
      throw new LettersError('usage', `${say(row.name)} is not a valid date: ${clean}`, 'write it as YYYY-MM-DD, for example 2026-03-02');
    }
    signatory[row.name] = clean;
  }
  if (signatory['organization'] === undefined && signatory['name'] === undefined) {
    throw new LettersError(
      'missing-input',
      'a signature needs an organization or a name',
      `pass ${say('organization')} "Organization" and/or ${say('name')} "Full Name"`,
    );
  }
  const signed = signatory['signed'];
  if (typeof signed === 'string' && signed > request.today) {
    throw new LettersError(
      'usage',
      `${say('signed')} is after today: ${signed}`,
      `give the date the signature was given, ${request.today} or earlier`,
    );
  }
  signatory['signed'] ??= request.today;
  for (const row of SIGNATORY_FIELDS) {
    if (row.who === 'individual' && signatory['organization'] !== undefined && signatory[row.name] !== undefined) {
      throw new LettersError(
        'usage',
        `${say(row.name)} is for individuals, and this signature has ${say('organization')}`,
        `for a person signing in their own name, give ${say(row.name)} without ${say('organization')}`,
      );
    }
  }
  if (typeof signatory['group'] === 'string') signatory['group'] = listedGroup(letter, signatory['group'], say);
  return decide(letter, orderFields(signatory as Signatory), request.update ?? false, say);
}

/** The group as `groups:` spells it; a group the list does not have is refused. */
function listedGroup(letter: Letter, group: string, say: FieldNamer): string {
  if (letter.groups.length === 0) return group;
  const listed = letter.groups.find((g) => matchKey(g) === matchKey(group));
  if (listed !== undefined) return listed;
  const guess = nearest(matchKey(group), letter.groups.map(matchKey));
  const suggestion = letter.groups.find((g) => matchKey(g) === guess);
  throw new LettersError(
    'not-found',
    `the letter's groups do not include "${group}"`,
    suggestion !== undefined
      ? `did you mean ${say('group')} "${suggestion}"? Or add "${group}" to groups: in the letter`
      : `use one of: ${letter.groups.join(', ')} (or add "${group}" to groups: in the letter)`,
  );
}

function decide(letter: Letter, signatory: Signatory, update: boolean, say: FieldNamer): SignDecision {
  const wanted = identity(signatory);
  const index = letter.signatories.findIndex((s) => {
    const other = identity(s);
    return other.field === wanted.field && other.key === wanted.key;
  });
  if (index === -1) {
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
        ? `; if ${signatory.name} signs as an individual, give ${say('affiliation')} "${signatory.organization}" instead of ${say('organization')}`
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

/**
 * Find the signatory `letters unsign` means, removing only what was asked for: an organization
 * (and, when a name is given too, only if that person signed for it), or with a name alone an
 * individual — with an affiliation to tell two of the same name apart; never an organization
 * found through its signer's name. A miss says why and suggests the nearest.
 */
export function findSignatory(
  letter: Letter,
  query: { organization?: string; name?: string; affiliation?: string; say?: FieldNamer },
): number {
  const say = query.say ?? fileFieldName;
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
        `to remove the signature of "${organization}", give ${say('organization')} "${organization}" without ${say('name')}`,
      );
    }
    return index;
  }
  if (name !== undefined) {
    const matches: number[] = [];
    signatories.forEach((s, i) => {
      if (s.organization !== undefined || s.name === undefined || matchKey(s.name) !== name) return;
      if (affiliation !== undefined && (s.affiliation === undefined || matchKey(s.affiliation) !== affiliation)) return;
      matches.push(i);
    });
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new LettersError(
        'ambiguous',
        `"${query.name}" matches ${matches.length} signatories`,
        `give ${say('affiliation')} too, to say which one`,
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
          ? `to remove that signature, use ${say('organization')} "${organizations[0]}"`
          : `to remove one of those signatures, use ${say('organization')} with its organization`,
      );
    }
    throw notFound(letter, 'name', query.name!);
  }
  throw new LettersError(
    'missing-input',
    'say which signature to remove',
    `pass ${say('organization')} "Organization" (or ${say('name')} "Full Name" for an individual)`,
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
    suggestion !== undefined ? `did you mean "${suggestion}"?` : 'run `letters list` or open the letter file to see who has signed',
  );
}

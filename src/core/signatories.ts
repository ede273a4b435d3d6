import { LettersError } from '../errors.js';
import { SIGNATORY_FIELDS, nearest } from './schema.js';
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

/**
 * How the fields a person gives are named in messages. The core names the letter's fields;
 * a command passes its flags instead (`--org`), an import would pass its columns.
 */
export interface FieldLabels {
  organization: string;
  name: string;
  title: string;
}

export const FIELD_LABELS: FieldLabels = { organization: 'organization', name: 'name', title: 'title' };

export interface SignRequest {
  organization?: string;
  name?: string;
  title?: string;
  update?: boolean;
  /** YYYY-MM-DD, from the clock at the edge. */
  today: string;
}
/** What signing decides: a new signatory appended, or one existing entry replaced. */
export type SignDecision =
  | { action: 'append'; signatory: Signatory; count: number }
  | { action: 'replace'; index: number; signatory: Signatory; previous: Signatory; count: number };

/**
 * Decide what `letters sign` does to a letter. Pure: it neither reads nor writes; the
 * caller turns the decision into a file edit.
 */
export function decideSign(letter: Letter, request: SignRequest, labels: FieldLabels = FIELD_LABELS): SignDecision {
  if (letter.status === 'closed') {
    throw new LettersError(
      'closed',
      'this letter is closed to new signatures',
      'set status: open in the letter file if it should take more',
    );
  }
  const signatory: Signatory = {};
  const organization = cleanLine(request.organization, labels.organization);
  const name = cleanLine(request.name, labels.name);
  const title = cleanLine(request.title, labels.title);
  if (organization !== undefined) signatory.organization = organization;
  if (name !== undefined) signatory.name = name;
  if (title !== undefined) signatory.title = title;
  if (organization === undefined && name === undefined) {
    throw new LettersError(
      'missing-input',
      'a signature needs an organization or a name',
      `pass ${labels.organization} and/or ${labels.name}`,
    );
  }
  signatory.signed = request.today;

  const wanted = identity(signatory);
  const index = letter.signatories.findIndex((s) => {
    const other = identity(s);
    return other.field === wanted.field && other.key === wanted.key;
  });
  if (index === -1) {
    return { action: 'append', signatory, count: letter.signatories.length + 1 };
  }
  const previous = letter.signatories[index]!;
  if (!request.update) {
    throw new LettersError(
      'duplicate',
      `${wanted.field === 'organization' ? 'the organization' : 'the individual'} "${previous[wanted.field]}" has already signed (signatory ${index + 1})`,
      'add --update to replace that signature',
    );
  }
  // --update keeps what was not given again (a new title alone should not drop the name).
  const merged: Signatory = { ...previous, ...signatory };
  return { action: 'replace', index, signatory: orderFields(merged), previous, count: letter.signatories.length };
}

/** The same signatory with its fields in the file's usual order. */
function orderFields(s: Signatory): Signatory {
  const out: Signatory = {};
  for (const field of SIGNATORY_FIELDS) if (s[field] !== undefined) out[field] = s[field];
  return out;
}

/**
 * Find the signatory `letters unsign` means, removing only what was asked for: an organization
 * (and, when a name is given too, only if that person signed for it), or with a name alone an
 * individual; never an organization found through its signer's name. A miss says why and
 * suggests the nearest.
 */
export function findSignatory(letter: Letter, query: { organization?: string; name?: string }, labels: FieldLabels = FIELD_LABELS): number {
  const org = query.organization === undefined ? undefined : matchKey(query.organization);
  const name = query.name === undefined ? undefined : matchKey(query.name);
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
    const index = signatories.findIndex((s) => s.organization === undefined && s.name !== undefined && matchKey(s.name) === name);
    if (index !== -1) return index;
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
    suggestion !== undefined ? `did you mean "${suggestion}"?` : 'run `letters list` or open the letter file to see who has signed',
  );
}

// Who a signatory is: the key that says two signatures are the same organization or person.
import { INVISIBLE } from '../text/glyphs.js';
import type { Signatory } from './letter.js';

const ASCII_TEXT = /^[\t\n\v\f\r\x20-\x7e]*$/;
/** What \p{P} matches in ASCII, the hyphen (\p{Pd}) apart. */
const ASCII_PUNCTUATION = /[!"#%&'()*,./:;?@[\\\]_{}]/g;

/**
 * The key two signatures are compared on: case, spacing, accents, punctuation and invisible
 * characters do not make a different organization ("Amnistía  Internacional" = "amnistia
 * internacional", "Sierra Club, Lone Star" = "Sierra Club Lone Star"). Dashes count as spaces
 * ("Jean-Pierre" = "Jean Pierre"); other punctuation is dropped ("A.C.L.U." = "ACLU").
 */
export function matchKey(text: string): string {
  const known = matchKeys.get(text);
  if (known !== undefined) return known;
  const key = foldedKey(text);
  if (matchKeys.size >= 100_000) matchKeys.clear();
  matchKeys.set(text, key);
  return key;
}

/**
 * Keys already worked out: an import asks for an organization's key as its identity, for the
 * junk rules and for the e-mail addresses it shares, and a letter's signatories for each row.
 */
const matchKeys = new Map<string, string>();

function foldedKey(text: string): string {
  // Most names are ASCII, and a 10,000-row import keys every one more than once: the same key
  // with string steps only (in ASCII, \p{Pd} is the hyphen, \p{P} the set below; no marks, nothing invisible).
  if (ASCII_TEXT.test(text)) {
    const lower = text.toLowerCase();
    const key = lower.replace(/-/g, ' ').replace(ASCII_PUNCTUATION, '').replace(/\s+/g, ' ').trim();
    return key === '' ? lower.replace(/\s+/g, ' ').trim() : key;
  }
  const letters = text.replace(INVISIBLE, '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(); // the root locale's mapping, as toLocaleLowerCase('und'), at a twentieth of the cost
  const key = letters
    .replace(/\p{Pd}/gu, ' ')
    .replace(/\p{P}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  // A name of punctuation only ("—") is still itself, not the same as every other such name.
  return key === '' ? letters.replace(/\s+/gu, ' ').trim() : key;
}

/**
 * The key a person's name (or affiliation) is compared on: only case and spacing make no
 * difference ("Jane  ROE" = "jane roe"); accents, dots, dashes and initials do
 * ("Michaël" ≠ "Michael", "M.D." ≠ "MD"), because among thousands of people such names may be
 * two people. Those are probable duplicates (core/signing/similar.ts): warned, not refused.
 */
export function individualKey(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * Who a signatory is, for repeat checks: an organization by its name (matchKey: case, spacing,
 * accents and punctuation ignored); an individual by name and affiliation (individualKey: only
 * case and spacing ignored), so two people of the same name at different institutions both sign.
 * `label` names it for people: `the organization "X"`, `the name "Y" with affiliation "Z"`.
 */
export function identity(s: Signatory): { field: 'organization' | 'name'; key: string; label: string } {
  if (s.organization !== undefined) {
    return { field: 'organization', key: matchKey(s.organization), label: `the organization "${s.organization}"` };
  }
  const name = s.name ?? '';
  return {
    field: 'name',
    key: individualIdentity(s),
    label: `the name "${name}"${s.affiliation === undefined ? '' : ` with affiliation "${s.affiliation}"`}`,
  };
}

/** An individual's identity key: name and affiliation. */
function individualIdentity(s: Signatory): string {
  return `${individualKey(s.name ?? '')}\u0000${s.affiliation === undefined ? '' : individualKey(s.affiliation)}`;
}

/**
 * Who a signatory is, as one string: the field the identity is on and its key (identity's),
 * without the label, which a letter of 10,000 entries would make for every one to compare them.
 */
export function identityKey(s: Signatory): string {
  return s.organization !== undefined ? `organization\u0000${matchKey(s.organization)}` : `name\u0000${individualIdentity(s)}`;
}

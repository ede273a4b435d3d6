import { INVISIBLE } from './glyphs.js';
import type { Signatory } from './letter.js';

/**
 * The key two signatures are compared on: case, spacing, accents and invisible characters do
 * not make a different organization ("Amnistía  Internacional" = "amnistia internacional").
 */
export function matchKey(text: string): string {
  // toLowerCase is the root locale's mapping, as toLocaleLowerCase('und') is, at a twentieth of the cost.
  return text.replace(INVISIBLE, '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Who a signatory is, for duplicate checks: the organization, or the name of an individual. */
export function identity(s: Signatory): { field: 'organization' | 'name'; key: string } {
  return s.organization !== undefined
    ? { field: 'organization', key: matchKey(s.organization) }
    : { field: 'name', key: matchKey(s.name ?? '') };
}

// `sign` looks a new signatory up in the letter without indexing every entry (firstSigned,
// similarIn, identityKey without a label): the same answers as the index, on generated letters
// full of near-repeats (case, accents, punctuation, acronyms, initials, legal forms).
import { describe, expect, test } from 'vitest';
import { identity, identityKey } from '../../src/core/letter/identity.js';
import type { Signatory } from '../../src/core/letter/letter.js';
import { SimilarIndex, similarIn } from '../../src/core/signing/similar.js';
import { firstSigned, Signers } from '../../src/core/signing/signing-rules.js';
import { seeded } from '../helpers/random.js';

const ORGS = [
  'Electronic Frontier Foundation',
  'Electronic Frontier Foundation (EFF)',
  'EFF',
  'eff',
  'The Electronic Frontier Foundation, Inc.',
  'Friends of the Earth',
  'FOTE',
  'FE',
  'Amnistía  Internacional',
  'amnistia internacional',
  'A.C.L.U.',
  'ACLU',
  'Sierra Club, Lone Star',
  'Sierra Club Lone Star',
  'Spolek pro krajinu e.V.',
  'Asociația Apa Noastră',
  'ASOCIAȚIA APA NOASTRĂ S.R.L.',
  'Mạng lưới Nông dân',
  '—',
  '–',
  '()',
  'X (Y)',
  'Human Rights Coalition (HRC) (H.R.C.)',
  'HRC',
  'Toprak ve Su Derneği',
];
const NAMES = [
  'Jane Roe',
  'J. Roe',
  'Roe, Jane M.D.',
  'Jane A. Roe',
  'jane  roe',
  'John Roe',
  'Dr. Jane Roe',
  'Michaël Dubois',
  'Michael Dubois',
  'M. Dubois',
  'Zoë',
  'Ţepeş Ana',
  'Ana Ţepeş',
  '',
];
const AFFILIATIONS = [undefined, undefined, 'University of Lagos', 'university of  lagos', 'EFF'];

function signatory(next: () => number): Signatory {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  if (next() < 0.6) {
    const s: Signatory = { organization: pick(ORGS) } as Signatory;
    if (next() < 0.5) s.name = pick(NAMES);
    return s;
  }
  const s: Signatory = { name: pick(NAMES) } as Signatory;
  const affiliation = pick(AFFILIATIONS);
  if (affiliation !== undefined) s.affiliation = affiliation;
  return s;
}

describe('sign looks a signatory up as the index does', () => {
  test('identityKey is the identity’s field and key', () => {
    const next = seeded(20);
    for (let i = 0; i < 500; i++) {
      const s = signatory(next);
      const who = identity(s);
      expect(identityKey(s)).toBe(`${who.field}\u0000${who.key}`);
    }
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: firstSigned and similarIn answer as Signers and SimilarIndex', (seed) => {
    const next = seeded(seed);
    let matched = 0;
    for (let round = 0; round < 40; round++) {
      const letter = Array.from({ length: Math.floor(next() * 60) }, () => signatory(next));
      const index = new SimilarIndex<number>();
      for (const [i, s] of letter.entries()) index.add(s, i);
      for (let k = 0; k < 10; k++) {
        const candidate = signatory(next);
        expect(firstSigned(letter, candidate)).toBe(Signers.of(letter).find(candidate));
        const found = similarIn(letter, candidate);
        expect(found).toEqual(index.find(candidate));
        matched += found.length;
      }
    }
    // The corpus reaches the matches, not only their absence.
    expect(matched).toBeGreaterThan(50);
  });
});

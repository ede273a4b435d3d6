// The probable-duplicate rules, written once (similar.ts: what an entry is filed under, what a
// search probes for): the scan `sign` makes (similarIn) and the index import and check use
// (SimilarIndex, similarPairs) give each rule's matches in the rules' order, then list order.
import { describe, expect, test } from 'vitest';
import type { Signatory } from '../../src/core/letter/letter.js';
import { SimilarIndex, similarIn } from '../../src/core/signing/similar.js';

/** What the index and the scan find for `s` in `list`: the two must agree, and this is it. */
function found(list: Signatory[], s: Signatory): [number, string][] {
  const index = new SimilarIndex<number>();
  for (const [i, e] of list.entries()) index.add(e, i);
  const byIndex = index.find(s).map((m): [number, string] => [m.ref, m.reason]);
  expect(similarIn(list, s).map((m): [number, string] => [m.ref, m.reason])).toEqual(byIndex);
  return byIndex;
}

describe('probable duplicates, by one set of rules', () => {
  test('an individual: the same name written differently comes before initials, whatever the list order', () => {
    const list: Signatory[] = [{ name: 'J. Roe' }, { name: 'Roe, Jane' }, { name: 'John Roe' }, { organization: 'Jane Roe' }];
    expect(found(list, { name: 'Dr. Jane Roe' })).toEqual([
      [1, 'same name written differently'],
      [0, 'initials'],
    ]);
    // Written with an initial, it matches every name with those initials (first name first:
    // "Roe, Jane" is R. Jane); written without, only names written with an initial.
    expect(found(list, { name: 'J. Roe' })).toEqual([[2, 'initials']]);
    expect(found(list, { name: 'John Roe' })).toEqual([[0, 'initials']]);
  });

  test('an individual of the same name at another affiliation is another person', () => {
    const list: Signatory[] = [
      { name: 'Jane Roe', affiliation: 'Acme' } as Signatory,
      { name: 'Jane Roe', affiliation: 'Acme Inc.' } as Signatory,
    ];
    expect(found(list, { name: 'Roe Jane', affiliation: 'ACME, Ltd' } as Signatory)).toEqual([
      [0, 'same name written differently'],
      [1, 'same name written differently'],
    ]);
    expect(found(list, { name: 'Jane Roe', affiliation: 'Globex' } as Signatory)).toEqual([]);
  });

  test('an organization: its name first, then its acronym, each in list order; never an individual', () => {
    const list: Signatory[] = [
      { organization: 'EFF' },
      { name: 'EFF' },
      { organization: 'Electronic Frontier Foundation Inc.' },
      { organization: 'E.F.F.' },
      { organization: 'The Electronic Frontier Foundation' },
    ];
    expect(found(list, { organization: 'Electronic Frontier Foundation (EFF)' })).toEqual([
      [2, 'same name written differently'],
      [4, 'same name written differently'],
      [0, 'acronym'],
      [3, 'acronym'],
    ]);
    // A bare acronym finds the names it stands for ("E.F.F." is EFF itself, an exact repeat).
    expect(found(list, { organization: 'EFF' })).toEqual([
      [2, 'acronym'],
      [4, 'acronym'],
    ]);
  });

  test('an entry of the same identity is an exact repeat, not a probable duplicate', () => {
    const list: Signatory[] = [{ organization: 'EFF' }, { organization: 'Electronic Frontier Foundation' }];
    expect(found(list, { organization: 'EFF' })).toEqual([[1, 'acronym']]);
  });
});

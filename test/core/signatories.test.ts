import { describe, expect, test } from 'vitest';
import type { Letter } from '../../src/core/letter/letter.js';
import { matchKey } from '../../src/core/letter/identity.js';
import { decideSign, describe as describeSignatory, findSignatory } from '../../src/core/signing/signatories.js';
import { LettersError } from '../../src/errors.js';

const letter = (signatories: Letter['signatories'], status: Letter['status'] = 'open'): Letter => ({
  title: 'T',
  lang: 'en',
  status,
  template: 'formal',
  paper: 'letter',
  recipients: [{ name: 'R', address: [] }],
  cc: [],
  issues: [],
  groups: [],
  order: 'as-signed',
  signatories,
});

const today = '2026-03-02';

test.each([
  ['Human Rights Watch', 'human rights watch'],
  ['  Human   Rights\tWatch ', 'human rights watch'],
  ['Amnistía Internacional', 'amnistia internacional'],
  ['ŞTEFAN', 'stefan'],
  ['Nguyễn', 'nguyen'],
  ['Ｆｕｌｌ', 'full'],
  ['zero\u200bwidth', 'zerowidth'],
  ['soft\u00adhyphen', 'softhyphen'],
])('matchKey(%j) is %j', (input, key) => {
  expect(matchKey(input)).toBe(key);
});

describe('decideSign', () => {
  test('appends with the date stamped, in NFC, spaces tidied', () => {
    const decision = decideSign(letter([{ organization: 'A' }]), {
      organization: ' Fundacja  Praw ',
      name: 'Wis\u0301niewska',
      title: 'President',
      today,
    });
    expect(decision).toEqual({
      action: 'append',
      count: 2,
      signatory: { organization: 'Fundacja Praw', name: 'Wiśniewska', title: 'President', signed: today },
    });
  });

  test.each([
    [
      'the same organization, other case/accents/spaces',
      [{ organization: 'Amnistía  Internacional' }],
      { organization: 'AMNISTIA INTERNACIONAL' },
      /the organization "Amnistía {2}Internacional" has already signed \(signatory 1\)/,
    ],
    ['the same individual', [{ name: 'Jane Roe' }], { name: 'jane  roe' }, /the individual "Jane Roe" has already signed/],
  ])('refuses %s', (_, existing, request, message) => {
    expect(() => decideSign(letter(existing), { ...request, today })).toThrow(message);
  });

  test('an individual and an organization with the same name are different signatures', () => {
    expect(decideSign(letter([{ organization: 'Jane Roe' }]), { name: 'Jane Roe', today }).action).toBe('append');
  });

  test('a person signing for a second organization is fine', () => {
    expect(decideSign(letter([{ organization: 'A', name: 'Jane' }]), { organization: 'B', name: 'Jane', today }).action).toBe('append');
  });

  test('--update replaces, keeping what was not given again', () => {
    const decision = decideSign(
      letter([{ organization: 'A' }, { organization: 'HRW', name: 'Jane', title: 'Director', signed: '2026-01-01' }]),
      {
        organization: 'hrw',
        title: 'Executive Director',
        update: true,
        today,
      },
    );
    expect(decision).toMatchObject({
      action: 'replace',
      index: 1,
      count: 2,
      signatory: { organization: 'hrw', name: 'Jane', title: 'Executive Director', signed: today },
    });
  });

  test('refuses a closed letter', () => {
    expect(() => decideSign(letter([], 'closed'), { organization: 'A', today })).toThrow(/closed to new signatures/);
  });

  test.each([
    [{}, /needs an organization or a name/],
    [{ organization: '   ' }, /needs an organization or a name/],
    [{ organization: 'A\u0007B' }, /organization contains a control character \(U\+0007\)/],
  ])('refuses input %j', (request, message) => {
    expect(() => decideSign(letter([]), { ...request, today })).toThrow(message);
  });
});

describe('findSignatory', () => {
  const l = letter([{ organization: 'Human Rights Watch', name: 'Jane' }, { name: 'Jane' }, { organization: 'Amnesty', name: 'Bob' }]);
  test.each([
    [{ organization: 'human rights watch' }, 0],
    [{ name: 'jane' }, 1],
    [{ organization: 'Human Rights Watch', name: 'Jane' }, 0],
    [{ organization: 'Amnesty', name: 'Bob' }, 2],
  ])('%j is signatory %i', (query, index) => {
    expect(findSignatory(l, query)).toBe(index);
  });

  test('a miss suggests the nearest', () => {
    expect(() => findSignatory(l, { organization: 'Amnesti' })).toThrow(LettersError);
    try {
      findSignatory(l, { organization: 'Amnesti' });
    } catch (err) {
      expect((err as LettersError).hint).toBe('did you mean "Amnesty"?');
    }
  });
});

test('describe', () => {
  expect(describeSignatory({ organization: 'HRW', name: 'Jane', title: 'Director' })).toBe('Jane, Director, HRW');
});

import { describe, expect, test } from 'vitest';
import type { SignatoryFields } from '../../src/core/letter/fields.js';
import type { Letter } from '../../src/core/letter/letter.js';
import { admit, checkCandidate, listProblem, Signers } from '../../src/core/signing/signing-rules.js';

const letter = (extra: Partial<Letter> = {}): Letter => ({
  title: 'T',
  lang: 'en',
  status: 'open',
  template: 'formal',
  paper: 'letter',
  recipients: [{ name: 'R', address: [] }],
  cc: [],
  issues: [],
  groups: [],
  order: 'as-signed',
  signatories: [],
  ...extra,
});

const intake = { today: '2026-03-02', late: false };
const grouped = letter({ groups: ['Member organizations', 'Supporters'], deadline: '2026-03-01' });

describe('one candidate against a letter: what it becomes, or the first rule it breaks, by field', () => {
  test.each<[string, Letter, SignatoryFields, boolean, unknown]>([
    ['dated today when it has no date', letter(), { name: 'A' }, false, { ok: true, signatory: { name: 'A', signed: '2026-03-02' } }],
    ['neither organization nor name', letter(), { title: 'T' }, false, { ok: false, problem: { rule: 'no-organization-or-name' } }],
    [
      'an affiliation beside an organization, before a date after today',
      letter(),
      { organization: 'O', affiliation: 'U', signed: '2026-04-01' },
      false,
      { ok: false, problem: { rule: 'individual-only', field: 'affiliation' } },
    ],
    [
      'a date after today',
      letter(),
      { name: 'A', signed: '2026-04-01' },
      false,
      { ok: false, problem: { rule: 'after-today', field: 'signed', signed: '2026-04-01', today: '2026-03-02' } },
    ],
    [
      'after the deadline without --late',
      grouped,
      { name: 'A' },
      false,
      { ok: false, problem: { rule: 'after-deadline', field: 'signed', signed: '2026-03-02', deadline: '2026-03-01' } },
    ],
    [
      'after the deadline with --late: marked late, the group spelled as listed',
      grouped,
      { name: 'A', group: 'SUPPORTERS' },
      true,
      { ok: true, signatory: { name: 'A', group: 'Supporters', signed: '2026-03-02', late: true } },
    ],
    [
      'a group the letter does not list, with the nearest listed one',
      grouped,
      { name: 'A', group: 'member organisations', signed: '2026-03-01' },
      false,
      {
        ok: false,
        problem: {
          rule: 'unlisted-group',
          field: 'group',
          group: 'member organisations',
          suggestion: 'Member organizations',
          listed: ['Member organizations', 'Supporters'],
        },
      },
    ],
  ])('%s', (_, l, candidate, late, expected) => {
    expect(checkCandidate(l, candidate, { ...intake, late })).toEqual(expected);
  });

  test('admission: closed never; after the deadline only when late', () => {
    expect(admit(letter({ status: 'closed' }), '2026-03-02', true)).toEqual({ ok: false, rule: 'closed' });
    expect(admit(grouped, '2026-03-02', false)).toEqual({ ok: false, rule: 'deadline', deadline: '2026-03-01', today: '2026-03-02' });
    expect(admit(grouped, '2026-03-02', true)).toEqual({ ok: true, deadline: '2026-03-01' });
  });

  test('who signed is found by identity, the first place kept', () => {
    const signers = Signers.of([{ organization: 'Amnistía  Internacional' }, { name: 'Ann Lee', affiliation: 'Uni A' }]);
    expect(signers.find({ organization: 'AMNISTIA INTERNACIONAL' })).toBe(0);
    expect(signers.find({ name: 'ann lee', affiliation: 'Uni A' })).toBe(1);
    expect(signers.find({ name: 'Ann Lee', affiliation: 'Uni B' })).toBeUndefined();
  });

  test('a list of entries: the first entry that breaks a rule, or repeats one before it', () => {
    expect(listProblem(grouped, [{ organization: 'A', group: 'Supporters' }, { organization: 'a' }])).toEqual({
      index: 1,
      problem: { rule: 'repeated-identity', field: 'organization', first: 0 },
    });
    expect(listProblem(grouped, [{ organization: 'A', affiliation: 'U' }])).toEqual({
      index: 0,
      problem: { rule: 'individual-only', field: 'affiliation' },
    });
    // Entries already signed keep their dates: the deadline and today are a new signature's rules.
    expect(listProblem(grouped, [{ name: 'A', signed: '2026-04-01' }])).toBeUndefined();
  });
});

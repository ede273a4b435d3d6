import { describe, expect, test } from 'vitest';
import { mergeLetterVersions } from '../../src/core/edit/three-way-merge.js';
import { identity, individualKey } from '../../src/core/letter/identity.js';
import type { Letter, Signatory } from '../../src/core/letter/letter.js';
import { parseLetter, readLetterSource } from '../../src/core/read/parse-letter.js';
import { mapColumns, rowValues } from '../../src/core/sheets/columns.js';
import { planImport, type PlanOptions } from '../../src/core/signing/import-plan.js';
import { decideSign, findSignatory } from '../../src/core/signing/signatories.js';
import { listProblem, repeatsIn } from '../../src/core/signing/signing-rules.js';
import { similarPairs } from '../../src/core/signing/similar.js';

/*
 * Issue 14, item 6: an individual repeats only by case and spacing; accents, dots and initials
 * make a probable duplicate; a repeat kept on purpose under allow_repeats.
 */

const letter = (signatories: Signatory[], extra: Partial<Letter> = {}): Letter => ({
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
  signatories,
  ...extra,
});
const today = '2026-03-02';
const key = (s: Signatory): string => identity(s).key;

describe('who an individual is', () => {
  test.each([
    ['Jane Roe', 'jane roe'],
    ['  Jane   ROE ', 'JANE roe'],
    ['Jane\u00a0Roe', 'Jane Roe'],
    ['Jane\u200bRoe', 'JaneRoe'],
    ['Michae\u0308l Roe', 'Michaël Roe'],
  ])('%j and %j are one person (case, spacing, composition)', (a, b) => {
    expect(key({ name: a })).toBe(key({ name: b }));
  });

  test.each([
    ['Michaël Roe', 'Michael Roe'],
    ['Jane Roe md', 'Jane Roe M.D.'],
    ['J. Roe', 'Jane Roe'],
    ['Jean-Pierre Roe', 'Jean Pierre Roe'],
    ['José Núñez', 'Jose Nunez'],
  ])('%j and %j may be two people: not one identity', (a, b) => {
    expect(key({ name: a })).not.toBe(key({ name: b }));
  });

  test('the affiliation by the same rule; organizations keep theirs (accents and punctuation ignored)', () => {
    expect(key({ name: 'A', affiliation: 'Université  LIBRE' })).toBe(key({ name: 'A', affiliation: 'université libre' }));
    expect(key({ name: 'A', affiliation: 'Université Libre' })).not.toBe(key({ name: 'A', affiliation: 'Universite Libre' }));
    expect(key({ organization: 'Amnistía Internacional' })).toBe(key({ organization: 'A.M.N.I.S.T.I.A. internacional' }));
    expect(individualKey(' Ana  Pop ')).toBe('ana pop');
  });
});

describe('probable duplicates of individuals', () => {
  const pairs = (names: string[]) => similarPairs(names.map((name) => ({ name }))).map((p) => [p.first, p.second, p.reason]);

  test.each([
    [['Michaël Dupont', 'Michael Dupont'], 'same name written differently'],
    [['Jane Roe md', 'Jane Roe M.D.'], 'same name written differently'],
    [['Jane Roe', 'Roe, Jane'], 'same name written differently'],
    [['Jane A. Roe', 'Jane Roe'], 'same name written differently'],
    [['Ana Pop, PhD', 'Dr. Ana Pop'], 'same name written differently'],
    [['J. Roe', 'Jane Roe'], 'initials'],
    [['Jane Roe', 'J Roe'], 'initials'],
  ])('%j', (names, reason) => {
    expect(pairs(names)).toEqual([[0, 1, reason]]);
  });

  test('two people whose names only share initials are not; nor one character names of a script without case', () => {
    expect(pairs(['John Roe', 'Jane Roe'])).toEqual([]);
    expect(pairs(['J. Roe', 'K. Roe'])).toEqual([]);
    expect(pairs(['John Smith Jr.', 'John Smith'])).toEqual([]);
    expect(pairs(['王 明', '王 小明'])).toEqual([]);
  });

  test('import adds an individual who is a probable duplicate, with the warning; an organization waits for --allow-similar', () => {
    const l = letter([{ name: 'Michael Roe' }, { organization: 'Electronic Frontier Foundation (EFF)' }]);
    const plan = planImport(l, [{ name: 'Michaël Roe' }, { name: 'M. Roe' }, { organization: 'EFF' }], {
      today,
      text: 'abcdef12',
      late: false,
      allowSimilar: false,
    });
    expect(plan.add.map((a) => a.signatory.name ?? a.signatory.organization)).toEqual(['Michaël Roe', 'M. Roe']);
    expect(plan.similar.map((x) => [x.row, x.of, x.reason, x.added, x.held])).toEqual([
      [0, { kind: 'letter', index: 0 }, 'same name written differently', true, false],
      [1, { kind: 'letter', index: 0 }, 'initials', true, false],
      [1, { kind: 'row', row: 0 }, 'initials', true, false],
      [2, { kind: 'letter', index: 1 }, 'acronym', false, true],
    ]);
  });

  test('at different institutions they are different people', () => {
    const list = [
      { name: 'J. Roe', affiliation: 'MIT' },
      { name: 'Jane Roe', affiliation: 'Harvard' },
    ];
    expect(similarPairs(list)).toEqual([]);
  });

  test('the letter reads both; a repeat by case is still refused, with the way to keep it', () => {
    const ok = readLetterSource('title: T\nsignatories:\n  - name: Michaël Roe\n  - name: Michael Roe\n', 'l.yaml');
    expect(ok.problems).toEqual([]);
    const twice = readLetterSource('title: T\nsignatories:\n  - name: Jane Roe\n  - name: JANE  ROE\n', 'l.yaml');
    expect(twice.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message} — ${p.hint}`)).toEqual([
      '4:11 signatory 2 repeats the name "JANE  ROE" of signatory 1 — remove one of the two entries, or write allow_repeats: true if the original lists it twice',
    ]);
  });
});

describe('allow_repeats', () => {
  const source = 'title: T\nallow_repeats: true\nsignatories:\n  - organization: Acme\n  - name: X\n  - organization: ACME\n';

  test('the letter keeps a repeat, and the rules list it', () => {
    const { letter: read } = parseLetter(source, 'l.yaml');
    expect(read.allowRepeats).toBe(true);
    expect(read.signatories).toHaveLength(3);
    expect(repeatsIn(read.signatories)).toEqual([{ index: 2, first: 0, field: 'organization' }]);
    expect(listProblem(read, read.signatories)).toBeUndefined();
    expect(listProblem({ ...read, allowRepeats: false }, read.signatories)).toEqual({
      index: 2,
      problem: { rule: 'repeated-identity', field: 'organization', first: 0 },
    });
  });

  test('allow_repeats must be true or false, at its place', () => {
    const r = readLetterSource('title: T\nallow_repeats: sometimes\n', 'l.yaml');
    expect(r.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message}`)).toEqual([
      '2:16 "allow_repeats" must be true or false',
    ]);
  });

  test('sign adds a repeat only with --allow-repeat, saying which it repeats; not with --update', () => {
    const l = letter([{ organization: 'Acme' }]);
    expect(() => decideSign(l, { organization: 'acme', today })).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/--allow-repeat if the letter lists it twice on purpose/) }),
    );
    expect(decideSign(l, { organization: 'acme', today, allowRepeat: true })).toEqual({
      action: 'append',
      count: 2,
      repeatOf: 0,
      signatory: { organization: 'acme', signed: today },
    });
    expect(() => decideSign(l, { organization: 'Acme', today, allowRepeat: true, update: true })).toThrow(
      /--update replaces a signature and --allow-repeat adds one again/,
    );
  });

  test('import adds a row that repeats an earlier row with allowRepeat, never one already in the letter', () => {
    const header = ['Organization'];
    const mapping = mapColumns(header);
    const rows = [['Acme'], ['Beta'], ['ACME'], ['Gamma'], ['Gamma']].map((cells) => rowValues(cells, mapping));
    const options: PlanOptions = { today, text: 'abcdef12', late: false, allowSimilar: false };
    const l = letter([{ organization: 'Beta' }]);
    const without = planImport(l, rows, options);
    expect(without.add.map((a) => a.row)).toEqual([0, 3]);
    expect(without.duplicates.map((d) => [d.row, d.of])).toEqual([
      [1, { kind: 'letter', index: 0 }],
      [2, { kind: 'row', row: 0 }],
      [4, { kind: 'row', row: 3 }],
    ]);
    const kept = planImport(l, rows, { ...options, allowRepeat: true });
    expect(kept.add.map((a) => a.row)).toEqual([0, 2, 3, 4]);
    expect(kept.repeats.map((d) => [d.row, d.of])).toEqual([
      [2, { kind: 'row', row: 0 }],
      [4, { kind: 'row', row: 3 }],
    ]);
    expect(kept.duplicates.map((d) => d.row)).toEqual([1]);
  });

  test('unsign finds the one written as asked when two names differ only in accents', () => {
    const l = letter([{ name: 'Michaël Roe' }, { name: 'Michael Roe' }]);
    expect(findSignatory(l, { name: 'michael  roe' })).toBe(1);
    expect(findSignatory(l, { name: 'Michaël Roe' })).toBe(0);
    expect(() => findSignatory(l, { name: 'Michäel Roe' })).toThrow(/matches 2 individuals: "Michaël Roe" \(no affiliation\)/);
  });
});

describe('the merge driver and repeats', () => {
  const base = 'title: T\nrecipient:\n  name: R\nallow_repeats: true\nsignatories:\n  - organization: Acme\n  - organization: Acme\n';

  test('each branch adding someone else keeps both repeated entries; one changing the second repeat merges too', () => {
    const ours = `${base}  - organization: Ours\n`;
    const theirs = base.replace(
      '  - organization: Acme\n  - organization: Acme\n',
      '  - organization: Acme\n  - organization: Acme\n    country: FR\n',
    );
    const r = mergeLetterVersions(base, ours, `${theirs}  - organization: Theirs\n`, 'w.yaml');
    expect(r.kind).toBe('merged');
    const merged = parseLetter((r as { text: string }).text, 'w.yaml').letter.signatories;
    expect(merged).toEqual([
      { organization: 'Acme' },
      { organization: 'Acme', country: 'FR' },
      { organization: 'Ours' },
      { organization: 'Theirs' },
    ]);
  });

  test('a letter that does not allow repeats still does not merge two of one organization', () => {
    const plain = 'title: T\nrecipient:\n  name: R\nsignatories:\n  - organization: Acme\n';
    const r = mergeLetterVersions(plain, `${plain}  - organization: Beta\n`, `${plain}  - organization: BETA inc\n`, 'w.yaml');
    expect(r).toEqual({ kind: 'merged', text: expect.any(String) });
    const twice = mergeLetterVersions(plain, `${plain}  - organization: Beta\n`, `${plain}  - organization: beta\n`, 'w.yaml');
    expect(twice).toEqual({ kind: 'conflict', reason: 'both branches changed the signatory "Beta" in different ways' });
  });
});

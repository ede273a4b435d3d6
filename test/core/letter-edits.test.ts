import { describe, expect, test } from 'vitest';
import { editSignatories, yamlScalar } from '../../src/core/edit/letter-edits.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { decideSign } from '../../src/core/signing/signatories.js';
import { fixtureLetter } from '../helpers/cli.js';

const head = `# my letter
title: "T"   # keep me
recipient:
  name: R
intro: >-
  folded text
  stays folded
`;

const hrw = { organization: 'HRW', name: 'Jane Roe', title: 'Director', signed: '2026-03-01' };

function append(source: string, signatory: Record<string, string> = hrw): string {
  return editSignatories(parseLetter(source, 'l.yaml'), { action: 'append', signatory, count: 0 });
}

describe('append a signatory', () => {
  test.each([
    [
      'no signatories key',
      `${head}`,
      `${head}signatories:\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n    signed: 2026-03-01\n`,
    ],
    [
      'no final newline',
      'title: T\nrecipient:\n  name: R',
      'title: T\nrecipient:\n  name: R\nsignatories:\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n    signed: 2026-03-01\n',
    ],
    [
      'an empty flow list',
      `${head}signatories: []  # none yet\nsignoff: Yours,\n`,
      `${head}signatories:  # none yet\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n    signed: 2026-03-01\nsignoff: Yours,\n`,
    ],
    [
      'a null value',
      `${head}signatories:\nsignoff: Yours,\n`,
      `${head}signatories:\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n    signed: 2026-03-01\nsignoff: Yours,\n`,
    ],
    [
      'a block list, unindented, with comments',
      `${head}signatories:\n- organization: A   # first\n  name: B\n# trailing comment\nsignoff: Yours,\n`,
      `${head}signatories:\n- organization: A   # first\n  name: B\n- organization: HRW\n  name: Jane Roe\n  title: Director\n  signed: 2026-03-01\n# trailing comment\nsignoff: Yours,\n`,
    ],
    [
      'a block list with wide indentation',
      `${head}signatories:\n    -   organization: A\n        name: B\n`,
      `${head}signatories:\n    -   organization: A\n        name: B\n    -   organization: HRW\n        name: Jane Roe\n        title: Director\n        signed: 2026-03-01\n`,
    ],
    [
      'a list whose dashes stand alone',
      `${head}signatories:\n  -\n    organization: A\n`,
      `${head}signatories:\n  -\n    organization: A\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n    signed: 2026-03-01\n`,
    ],
    [
      'a flow list',
      `${head}signatories: [{organization: A}]\n`,
      `${head}signatories: [{organization: A}, { organization: "HRW", name: "Jane Roe", title: "Director", signed: "2026-03-01" }]\n`,
    ],
    [
      'CRLF line breaks',
      'title: T\r\nrecipient:\r\n  name: R\r\nsignatories:\r\n  - name: A\r\n',
      'title: T\r\nrecipient:\r\n  name: R\r\nsignatories:\r\n  - name: A\r\n  - organization: HRW\r\n    name: Jane Roe\r\n    title: Director\r\n    signed: 2026-03-01\r\n',
    ],
  ])('into %s, touching nothing else', (_, source, expected) => {
    expect(append(source)).toBe(expected);
  });

  test('values YAML would misread are quoted, and read back exactly', () => {
    const tricky = { organization: 'Yes: We Can #1', name: 'true', title: '0123', signed: '2026-03-01' };
    const text = append(head, tricky);
    expect(parseLetter(text, 'l.yaml').letter.signatories).toEqual([tricky]);
  });

  test('every byte of the fixture letter survives, comments included', () => {
    const source = fixtureLetter();
    const text = append(source);
    expect(text.startsWith(source.trimEnd())).toBe(true);
    expect(text.slice(source.trimEnd().length)).toBe(
      '\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n    signed: 2026-03-01\n',
    );
  });
});

test('an edit that does not read back as intended is refused, not written', () => {
  // A comment between an entry's dash and its fields hides the dash from the re-read window:
  // the check cannot confirm the edit, so it refuses rather than guess.
  const parsed = parseLetter(`${head}signatories:\n  - # the first\n    name: A\n`, 'l.yaml');
  expect(() => editSignatories(parsed, { action: 'append', signatory: { name: 'B' }, count: 2 })).toThrow(
    /the signatories list is laid out in a way letters cannot edit safely/,
  );
});

describe('replace (sign --update)', () => {
  test('changes values in place and keeps comments inside the entry', () => {
    const source = `${head}signatories:\n  - organization: Amnesty   # lead org\n    # the signer\n    name: A\n    signed: 2026-01-01\n`;
    const parsed = parseLetter(source, 'l.yaml');
    const decision = decideSign(parsed.letter, { organization: 'amnesty', title: 'Secretary General', update: true, today: '2026-03-05' });
    const text = editSignatories(parsed, decision);
    expect(text).toBe(
      `${head}signatories:\n  - organization: amnesty   # lead org\n    # the signer\n    name: A\n    title: Secretary General\n    signed: 2026-03-05\n`,
    );
  });
});

describe('remove (unsign)', () => {
  const source = `${head}signatories:\n  - organization: A\n    name: B\n  # about C\n  - organization: C\n  - organization: D\nsignoff: Yours,\n`;
  test.each([
    [0, `${head}signatories:\n  # about C\n  - organization: C\n  - organization: D\nsignoff: Yours,\n`],
    [1, `${head}signatories:\n  - organization: A\n    name: B\n  # about C\n  - organization: D\nsignoff: Yours,\n`],
    [2, `${head}signatories:\n  - organization: A\n    name: B\n  # about C\n  - organization: C\nsignoff: Yours,\n`],
  ])('entry %i, and only its lines', (index, expected) => {
    expect(editSignatories(parseLetter(source, 'l.yaml'), { action: 'remove', index })).toBe(expected);
  });

  test('whose dash stands on a line of its own', () => {
    const text = editSignatories(parseLetter(`${head}signatories:\n  -\n    name: A\n  -\n    name: B\n`, 'l.yaml'), {
      action: 'remove',
      index: 1,
    });
    expect(text).toBe(`${head}signatories:\n  -\n    name: A\n`);
  });

  test('from a flow list', () => {
    const text = editSignatories(parseLetter(`${head}signatories: [{name: A}, {name: B}]\n`, 'l.yaml'), { action: 'remove', index: 0 });
    expect(text).toBe(`${head}signatories: [{name: B}]\n`);
  });

  test('the last one leaves an empty list', () => {
    const text = editSignatories(parseLetter(`${head}signatories:\n  - name: A\n`, 'l.yaml'), { action: 'remove', index: 0 });
    expect(parseLetter(text, 'l.yaml').letter.signatories).toEqual([]);
  });
});

test.each([
  ['plain', 'plain'],
  ['Jean-François', 'Jean-François'],
  ['a: b', '"a: b"'],
  ['#hash', '"#hash"'],
  ['true', '"true"'],
  ['123', '"123"'],
  ['null', '"null"'],
])('yamlScalar(%j) is %s', (value, expected) => {
  expect(yamlScalar(value)).toBe(expected);
});

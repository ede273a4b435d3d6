import { describe, expect, test } from 'vitest';
import { arrangeSignatories, sortKey } from '../../src/core/letter/arrangement.js';
import { SIGN_FLAGS, SIGNATORY_FIELDS, SIGNATORY_FIELD_NAMES } from '../../src/core/letter/fields.js';
import { identity, matchKey } from '../../src/core/letter/identity.js';
import { languageTable } from '../../src/core/letter/languages.js';
import { editSignatories } from '../../src/core/edit/letter-edits.js';
import type { Letter } from '../../src/core/letter/letter.js';
import { scaffoldLetter } from '../../src/core/edit/scaffold.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { decideSign, findSignatory } from '../../src/core/signing/signatories.js';
import { InvalidLetterError } from '../../src/errors.js';
import { fillColumns } from '../../src/render/pdf/column-flow.js';
import { buildView, printedTexts } from '../../src/render/document/view.js';

const head = 'title: T\nrecipient:\n  name: R\n';

function problems(source: string): string[] {
  try {
    parseLetter(source, 'l.yaml');
  } catch (err) {
    if (err instanceof InvalidLetterError)
      return err.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message} — ${p.hint}`);
    throw err;
  }
  throw new Error('expected the letter to be invalid');
}

const letter = (signatories: Letter['signatories']): Letter => ({
  title: 'T',
  lang: 'en',
  status: 'open',
  template: 'formal',
  paper: 'letter',
  recipients: [{ name: 'R', address: [] }],
  cc: [],
  groups: [],
  order: 'as-signed',
  issues: [],
  signatories,
});

const every = `${head}signatories:
  - name: Jane Roe
    title: Director
    affiliation: University of Somewhere
    country: Chile
    group: Member organizations
    sort_as: Roe
    signed: 2026-03-01
    text: 3f9a1c2e
    late: true
    email: jane@example.org
    phone: "+1 555 0100"
    notes: |
      met at the
      spring meeting
`;

describe('the signatory field table', () => {
  test('rows in file order', () => {
    expect(SIGNATORY_FIELD_NAMES).toEqual([
      'organization',
      'name',
      'title',
      'affiliation',
      'country',
      'description',
      'highlight',
      'group',
      'logo',
      'sort_as',
      'signed',
      'text',
      'late',
      'email',
      'phone',
      'notes',
      'source',
      'flagged',
    ]);
    expect(SIGNATORY_FIELDS.filter((f) => f.use === 'private').map((f) => f.name)).toEqual([
      'email',
      'phone',
      'notes',
      'source',
      'flagged',
    ]);
  });

  test('the reader keeps every field, typed', () => {
    const [s] = parseLetter(every, 'l.yaml').letter.signatories;
    expect(s).toEqual({
      name: 'Jane Roe',
      title: 'Director',
      affiliation: 'University of Somewhere',
      country: 'Chile',
      group: 'Member organizations',
      sort_as: 'Roe',
      signed: '2026-03-01',
      text: '3f9a1c2e',
      late: true,
      email: 'jane@example.org',
      phone: '+1 555 0100',
      notes: 'met at the\nspring meeting\n',
    });
  });

  test('a fingerprint of digits only stays text', () => {
    const [s] = parseLetter(`${head}signatories:\n  - name: A\n    text: 12345678\n`, 'l.yaml').letter.signatories;
    expect(s?.text).toBe('12345678');
  });

  test.each([
    ['late: yes', '    late: "yes"', /6:11 "late" must be true or false/],
    ['text: not hex', '    text: hello world', /6:11 "text" is not a text fingerprint/],
    ['country: a number', '    country: 49', /"country" must be text, but YAML reads 49 as a number/],
    ['email on two lines', '    email: |\n      a\n      b', /"email" must be a single line/],
    ['a typo in a new field', '    affilation: X', /unknown field "affilation" in signatory 1 — did you mean "affiliation"\?/],
  ])('%s is a located problem', (_, line, expected) => {
    expect(problems(`${head}signatories:\n  - name: A\n${line}\n`).join('\n')).toMatch(expected);
  });

  test('the template data has no private field; printed fields are glyph-checked', () => {
    const parsed = parseLetter(every, 'l.yaml');
    const view = buildView(parsed.letter);
    expect(view.signatories[0]).not.toHaveProperty('email');
    expect(view.signatories[0]).not.toHaveProperty('phone');
    expect(view.signatories[0]).not.toHaveProperty('notes');
    expect(JSON.stringify(view)).not.toMatch(/jane@example|555 0100|spring meeting/);
    const paths = printedTexts(parsed.letter).map((t) => t.path);
    expect(paths).toEqual(expect.arrayContaining(['signatories.0.affiliation', 'signatories.0.country', 'signatories.0.group']));
    expect(paths.filter((p) => /email|phone|notes|sort_as/.test(p))).toEqual([]);
  });

  test('an appended signatory is written in table order and reads back the same', () => {
    const parsed = parseLetter(head, 'l.yaml');
    const decision = decideSign(parsed.letter, {
      country: 'Chile',
      affiliation: 'Univ',
      name: 'Jane',
      group: 'G',
      today: '2026-03-02',
    });
    const text = editSignatories(parsed, decision);
    expect(text).toBe(
      `${head}signatories:\n  - name: Jane\n    affiliation: Univ\n    country: Chile\n    group: G\n    signed: 2026-03-02\n`,
    );
    expect(parseLetter(text, 'l.yaml').letter.signatories).toEqual([decision.signatory]);
  });

  test('--update adds a new field where the table puts it, keeping the rest', () => {
    const source = `${head}signatories:\n  - organization: Acme   # keep\n    name: Jane\n    signed: 2026-03-01\n`;
    const parsed = parseLetter(source, 'l.yaml');
    const decision = decideSign(parsed.letter, { organization: 'Acme', country: 'Peru', update: true, today: '2026-03-05' });
    expect(editSignatories(parsed, decision)).toBe(
      `${head}signatories:\n  - organization: Acme   # keep\n    name: Jane\n    country: Peru\n    signed: 2026-03-05\n`,
    );
  });

  test('a boolean and a multi-line note are written as YAML reads them back', () => {
    const parsed = parseLetter(head, 'l.yaml');
    const text = editSignatories(parsed, {
      action: 'append',
      signatory: { name: 'A', late: true, notes: 'two\nlines' },
      count: 1,
    });
    expect(parseLetter(text, 'l.yaml').letter.signatories).toEqual([{ name: 'A', late: true, notes: 'two\nlines' }]);
  });
});

describe('core problems name fields; the command names its flags', () => {
  test.each([
    [undefined, /^pass organization and\/or name$/],
    [SIGN_FLAGS, /^pass --org and\/or --name$/],
  ])('a signature with neither (%#)', (labels, expected) => {
    expect(() => decideSign(letter([]), { title: 'T', today: '2026-03-02' }, labels)).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(expected) }),
    );
  });

  test('a control character is reported by field, or by flag for sign, for every field of the table', () => {
    expect(() => decideSign(letter([]), { affiliation: 'a\u0007', name: 'N', today: '2026-03-02' })).toThrow(
      /^affiliation contains a control character/,
    );
    expect(() => decideSign(letter([]), { affiliation: 'a\u0007', name: 'N', today: '2026-03-02' }, SIGN_FLAGS)).toThrow(
      /^--affiliation contains a control character/,
    );
  });

  test('two individuals of one name: unsign needs the affiliation', () => {
    const l = letter([
      { name: 'Ann Lee', affiliation: 'Univ A' },
      { name: 'Ann Lee', affiliation: 'Univ B' },
    ]);
    expect(() => findSignatory(l, { name: 'Ann Lee' }, SIGN_FLAGS)).toThrow(
      expect.objectContaining({ code: 'ambiguous', hint: 'give --affiliation too, to say which one' }),
    );
    expect(findSignatory(l, { name: 'ann lee', affiliation: 'univ b' })).toBe(1);
  });
});

test('the scaffold describes every signatory field, from the table', () => {
  const text = scaffoldLetter({ title: 'T', to: 'R' });
  for (const f of SIGNATORY_FIELDS) expect(text).toContain(`#   ${f.name}:`);
  expect(text).toMatch(/# {3}affiliation: +an individual's institution.*\(--affiliation\)/);
});

describe('identity', () => {
  test.each([
    ['Sierra Club, Lone Star', 'Sierra Club Lone Star'],
    ['A.C.L.U.', 'ACLU'],
    ['Jean-Pierre Dubois', 'Jean Pierre Dubois'],
    ['Amnistía  Internacional', 'amnistia internacional'],
  ])('%j and %j are the same signatory', (a, b) => {
    expect(matchKey(a)).toBe(matchKey(b));
  });

  test('punctuation alone is still itself', () => {
    expect(matchKey('—')).not.toBe(matchKey('!!'));
  });

  test('individuals by name and affiliation; organizations by organization', () => {
    expect(identity({ name: 'J. Alex Halderman', affiliation: 'University of Michigan' }).key).not.toBe(
      identity({ name: 'J. Alex Halderman', affiliation: 'Stanford' }).key,
    );
    expect(identity({ organization: 'Acme', name: 'A' }).key).toBe(identity({ organization: 'ACME', name: 'B' }).key);
  });
});

describe('arrangement', () => {
  test.each([
    [{ name: 'Jane Roe' }, 'Roe Jane'],
    [{ name: 'Jean-François de la Fontaine' }, 'Fontaine Jean-François de la'],
    [{ name: 'Madonna' }, 'Madonna'],
    [{ name: 'Bo de Wit', sort_as: 'Wit, Bo de' }, 'Wit, Bo de'],
    [{ organization: 'The Acme Trust', name: 'Ann' }, 'The Acme Trust'],
  ])('sortKey(%j) is %j', (s, key) => {
    expect(sortKey(s)).toBe(key);
  });

  test('sections only when a letter has both; groups in listed order, ungrouped first', () => {
    const l = letter([{ organization: 'O1', group: 'B' }, { name: 'P1' }, { organization: 'O2' }, { organization: 'O3', group: 'A' }]);
    l.groups = ['A', 'B'];
    const sections = arrangeSignatories(l);
    expect(sections.map((s) => [s.kind, s.groups.map((g) => [g.heading, g.members.map((m) => m.organization ?? m.name)])])).toEqual([
      [
        'organizations',
        [
          [undefined, ['O2']],
          ['A', ['O3']],
          ['B', ['O1']],
        ],
      ],
      ['individuals', [[undefined, ['P1']]]],
    ]);
  });
});

describe('fillColumns', () => {
  const heights = (n: number, h = 10) => Array.from({ length: n }, () => h);

  test('fills each column top to bottom, then the next, and says where the next page starts', () => {
    const page = fillColumns(heights(10), 0, 3, 30, 0);
    expect(page).toEqual({
      columns: [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7, 8],
      ],
      next: 9,
    });
  });

  test('the page where the list ends is balanced', () => {
    expect(fillColumns(heights(7), 0, 3, 1000, 0).columns).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(fillColumns(heights(6), 0, 3, 1000, 2).columns).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  test('a taller entry is never split; nothing fits in a sliver', () => {
    expect(fillColumns([10, 25, 10], 0, 2, 30, 0)).toEqual({ columns: [[0], [1]], next: 2 });
    expect(fillColumns([10], 0, 3, 5, 0)).toEqual({ columns: [], next: 0 });
  });
});

describe('the letter language', () => {
  test.each([
    ['en', 'Re:', '“'],
    ['fr-CA', 'Objet\u00a0:', '«\u00a0'],
    ['de', 'Betreff:', '„'],
    ['es', 'Asunto:', '«'],
    ['it', 'Oggetto:', '«'],
    ['pt-BR', 'Assunto:', '“'],
    ['nl', 'Betreft:', '“'],
    ['fi', 'Re:', '“'],
  ])('%s', (lang, subject, quote) => {
    expect(languageTable(lang).subject).toBe(subject);
    expect(languageTable(lang).quotes[0]).toBe(quote);
  });

  test('French dates take "le" and "1er"', () => {
    expect(languageTable('fr').placeAndDate('Paris', '1 juin 2009')).toBe('Paris, le 1er juin 2009');
    expect(languageTable('fr').placeAndDate('Paris', '2 juin 2009')).toBe('Paris, le 2 juin 2009');
  });

  test('French quotes keep no-break spaces inside the marks', () => {
    const view = buildView(parseLetter(`${head}lang: fr\nsalutation: ""\nintro: 'Les "défenseurs".'\n`, 'l.yaml').letter);
    expect(view.intro?.html).toContain('«\u00a0défenseurs\u00a0»');
  });
});

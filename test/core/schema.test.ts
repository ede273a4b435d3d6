import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { MAX_NESTING } from '../../src/core/read/yaml.js';
import { isIsoDate, nearest } from '../../src/core/letter/values.js';
import { InvalidLetterError } from '../../src/errors.js';
import { formatProblem } from '../../src/io/terminal/diagnostics.js';
import type { Letter } from '../../src/core/letter/letter.js';
import { fixtureLetter } from '../helpers/cli.js';

const base = `title: T
recipient:
  name: R
`;

/** The formatted problems of a file that must not parse. */
function problems(source: string): string[] {
  try {
    parseLetter(source, 'l.yaml');
  } catch (err) {
    if (err instanceof InvalidLetterError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected the letter to be invalid');
}

describe('parseLetter accepts', () => {
  test('the fixture letter, with every field typed', () => {
    const { letter } = parseLetter(fixtureLetter(), 'water-rights.yaml');
    expect(letter.title).toMatch(/Water and land rights/);
    expect(letter.issues.length).toBeGreaterThanOrEqual(5);
    expect(letter.signatories.length).toBeGreaterThanOrEqual(6);
    expect(letter.recipients[0]!.address).toEqual(['14 Riverside Avenue', 'Capital City, CC 10101']);
    expect(letter.signatories.map((s) => s.name)).toContain('Katarzyna Wiśniewska');
  });

  test('a minimal letter, with defaults', () => {
    const { letter } = parseLetter(base, 'l.yaml');
    expect(letter).toEqual({
      title: 'T',
      lang: 'en',
      status: 'draft',
      template: 'formal',
      paper: 'letter',
      recipients: [{ name: 'R', address: [] }],
      cc: [],
      issues: [],
      groups: [],
      order: 'as-signed',
      signatories: [],
    });
  });

  /** The minimal letter as read, with its defaults: what each case below changes is compared against it. */
  const minimal: Letter = {
    title: 'T',
    lang: 'en',
    status: 'draft',
    template: 'formal',
    paper: 'letter',
    recipients: [{ name: 'R', address: [] }],
    cc: [],
    issues: [],
    groups: [],
    order: 'as-signed',
    signatories: [],
  };

  test.each<[string, string, Partial<Letter>]>([
    ['empty signatories list', 'signatories: []', {}],
    ['null signatories', 'signatories:', {}],
    ['a4 paper', 'paper: a4', { paper: 'a4' }],
    ['a quoted number as a name', 'signatories:\n  - name: "0123"', { signatories: [{ name: '0123' }] }],
    ['a region language tag', 'lang: es-MX', { lang: 'es-MX' }],
    ['three signatory columns', 'signatory_columns: 3', { signatoryColumns: 3 }],
    ['one signatory column, in quotes', 'signatory_columns: "1"', { signatoryColumns: 1 }],
    ['a single address line', 'recipient:\n  name: R\n  address: 1 Main St', { recipients: [{ name: 'R', address: ['1 Main St'] }] }],
  ])('%s', (_, extra, read) => {
    const source = extra.startsWith('recipient:') ? `title: T\n${extra}\n` : `${base}${extra}\n`;
    expect(() => parseLetter(source, 'l.yaml')).not.toThrow();
    expect(parseLetter(source, 'l.yaml').letter).toEqual({ ...minimal, ...read });
  });

  test('Markdown fields keep their line breaks; one-line fields are trimmed', () => {
    const { letter } = parseLetter(`${base}intro: |\n  a\n\n  b\nsignoff: "  Yours,  "\n`, 'l.yaml');
    expect(letter.intro).toBe('a\n\nb\n');
    expect(letter.signoff).toBe('Yours,');
  });
});

describe('parseLetter reports, with file:line:col', () => {
  test.each([
    ['malformed YAML', 'title: [unclosed\n', /^letters: l\.yaml:2:1: YAML syntax error/],
    ['a tab indent', 'title: T\nrecipient:\n\tname: R\n', /l\.yaml:3:1: YAML syntax error.*— /],
    [
      'an unknown field, with the nearest',
      `${base}titel: x\n`,
      /l\.yaml:4:1: unknown field "titel" in the letter — did you mean "title"\?/,
    ],
    [
      'an unknown nested field',
      'title: T\nrecipient:\n  nmae: R\n  name: R\n',
      /l\.yaml:3:3: unknown field "nmae" in recipient — did you mean "name"\?/,
    ],
    ['__proto__ as a key', `${base}__proto__: x\n`, /l\.yaml:4:1: unknown field "__proto__".*valid fields are: title/],
    ['a missing title', 'recipient:\n  name: R\n', /l\.yaml:1:1: missing required field "title" — add title: …/],
    [
      'both recipient and recipients',
      'title: T\nrecipient:\n  name: A\nrecipients:\n  - name: B\n',
      /l\.yaml:5:3: the letter has both "recipient" and "recipients"/,
    ],
    ['a missing recipient name', 'title: T\nrecipient:\n  title: X\n', /l\.yaml:3:3: missing required field "recipient\.name"/],
    [
      'a number where text belongs',
      'title: 2026\nrecipient:\n  name: R\n',
      /l\.yaml:1:8: "title" must be text, but YAML reads 2026 as a number — put it in quotes: title: "2026"/,
    ],
    [
      'a boolean where text belongs',
      `${base}signatories:\n  - organization: yes\n  - organization: true\n`,
      /l\.yaml:6:19: "organization" must be text, but YAML reads true as a boolean/,
    ],
    ['a list where text belongs', 'title: [a, b]\nrecipient:\n  name: R\n', /"title" must be text, not a list/],
    ['an invalid date', `${base}date: 2026-02-30\n`, /l\.yaml:4:7: "date" is not a valid date: 2026-02-30 — write it as YYYY-MM-DD/],
    ['a date in the wrong form', `${base}date: 03/02/2026\n`, /"date" is not a valid date: 03\/02\/2026/],
    [
      'an unknown status',
      `${base}status: closd\n`,
      /"status" cannot be "closd" — use one of draft, open, closed \(did you mean "closed"\?\)/,
    ],
    ['an unknown paper', `${base}paper: legal\n`, /"paper" cannot be "legal" — use one of letter, a4/],
    [
      'five signatory columns',
      `${base}signatory_columns: 5\n`,
      /l\.yaml:4:20: "signatory_columns" must be a whole number from 1 to 4, not 5 — write signatory_columns: 1 … 4/,
    ],
    [
      'no signatory columns',
      `${base}signatory_columns: 0\n`,
      /l\.yaml:4:20: "signatory_columns" must be a whole number from 1 to 4, not 0/,
    ],
    ['half a column', `${base}signatory_columns: 2.5\n`, /l\.yaml:4:20: "signatory_columns" must be a whole number from 1 to 4, not 2\.5/],
    [
      'columns in words',
      `${base}signatory_columns: two\n`,
      /l\.yaml:4:20: "signatory_columns" must be a whole number from 1 to 4, not two/,
    ],
    [
      'columns as a list',
      `${base}signatory_columns: [2]\n`,
      /l\.yaml:4:20: "signatory_columns" must be a whole number from 1 to 4, not a list/,
    ],
    ['a bad language tag', `${base}lang: english!\n`, /"lang" is not a language tag/],
    ['a template name with a path', `${base}template: ../x\n`, /"template" is not a template name/],
    ['an issue without a body', `${base}issues:\n  - title: A\n`, /l\.yaml:5:5: missing required field "body"/],
    ['issues that are not a list', `${base}issues: x\n`, /"issues" must be a list/],
    [
      'a signatory with neither name nor organization',
      `${base}signatories:\n  - title: Director\n`,
      /signatory 1 has neither organization nor name/,
    ],
    [
      'an organization that signed twice, written by hand',
      `${base}signatories:\n  - organization: Amnistía Internacional\n  - name: X\n  - organization: amnistia  INTERNACIONAL\n`,
      /l\.yaml:7:19: signatory 3 repeats the organization "amnistia {2}INTERNACIONAL" of signatory 1 — remove one of the two entries/,
    ],
    [
      'an individual who signed twice',
      `${base}signatories:\n  - name: Jane Roe\n  - name: jane roe\n`,
      /l\.yaml:6:11: signatory 2 repeats the name "jane roe" of signatory 1/,
    ],
    [
      'a signatory whose organization and name are empty',
      `${base}signatories:\n  - organization: ""\n    name:\n`,
      /l\.yaml:5:5: signatory 1 has neither organization nor name/,
    ],
    [
      'a signatory with a bad signed date',
      `${base}signatories:\n  - name: A\n    signed: yesterday\n`,
      /l\.yaml:6:13: "signed" is not a valid date/,
    ],
    ['a duplicate key', `${base}title: again\n`, /YAML syntax error: Map keys must be unique/],
    ['a multi-line name', `${base}signatories:\n  - name: |\n      A\n      B\n`, /"name" must be a single line/],
    ['an alias', `${base}signatories:\n  - name: &n A\n  - name: *n\n`, /"name" uses a YAML alias \(\*n\)/],
    ['a top level that is a list', '- a\n- b\n', /l\.yaml:1:1: the letter file holds a list, not fields — write one field per line/],
    ['an empty file', '', /l\.yaml:1:1: the letter file is empty/],
    ['a comment-only file', '# nothing\n', /the letter file is empty/],
  ])('%s', (_, source, expected) => {
    expect(problems(source).join('\n')).toMatch(expected);
  });

  test('every problem at once, in file order', () => {
    const found = problems('titel: T\nrecipient:\n  nam: R\ndate: 2026-13-01\nstatus: shut\n');
    expect(found).toHaveLength(6);
    expect(found.some((p) => /:3:3: missing required field "recipient.name"/.test(p))).toBe(true);
    expect(found[0]).toMatch(/:1:1: unknown field "titel"/);
    expect(found.some((p) => /:3:3: unknown field "nam"/.test(p))).toBe(true);
    expect(found.some((p) => /missing required field "title"/.test(p))).toBe(true);
    expect(found.some((p) => /:4:7: "date" is not a valid date/.test(p))).toBe(true);
    expect(found.some((p) => /:5:9: "status" cannot be "shut"/.test(p))).toBe(true);
  });

  test('an alias bomb is refused quickly, without expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${'abcdefghijkl'[i]}: &${'abcdefghijkl'[i]} [${Array(9)
          .fill(`*${'abcdefghijkl'[i - 1]}`)
          .join(',')}]`,
      );
    const bomb = `${base}${lines.join('\n')}\ntitle2: *l\n`;
    const started = Date.now();
    expect(problems(bomb).join('\n')).toMatch(/unknown field/);
    expect(problems(`title: T\nrecipient: &r\n  name: R\nsignatories: *r\n`).join('\n')).toMatch(/"signatories" uses a YAML alias/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('very deep nesting is an error, not a crash', () => {
    const deep = `${base}intro: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(problems(deep).join('\n')).toMatch(/^letters: l\.yaml:\d+:\d+: cannot read the file: it is nested too deeply/);
  });

  test('nesting past MAX_NESTING is refused at the first collection too deep, the same every time', () => {
    // The top map is one level: the 100th bracket is the 101st level (line 4, after "intro: " and 99 brackets).
    const deep = `${base}intro: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
    const first = problems(deep);
    expect(first).toEqual([
      `letters: l.yaml:4:${7 + MAX_NESTING}: cannot read the file: it is nested too deeply (more than ${MAX_NESTING} levels) — a letter file needs only a few levels of indentation; see letters/example.yaml`,
    ]);
    // The composer's stack overflow came at a depth that changed as the code warmed up.
    for (let i = 0; i < 20; i++) expect(problems(deep)).toEqual(first);
    // One level less is read (and refused for what it says, not for its depth).
    const deepest = `${base}intro: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`;
    expect(problems(deepest).join('\n')).not.toMatch(/nested too deeply/);
  });

  test('block collections nested past MAX_NESTING by indentation are refused where the first too deep starts', () => {
    // Maps in maps, one more space each: key k1 is the second level (under the top map).
    const lines = Array.from({ length: 2 * MAX_NESTING }, (_, i) => `${' '.repeat(i)}k${i + 1}:`);
    const deep = `${base}intro:\n${lines.map((l) => ` ${l}`).join('\n')} x\n`;
    const first = problems(deep);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^letters: l\.yaml:\d+:\d+: cannot read the file: it is nested too deeply \(more than 100 levels\)/);
    for (let i = 0; i < 5; i++) expect(problems(deep)).toEqual(first);
  });
});

describe('locate', () => {
  test('points at a field, or its nearest parent', () => {
    const parsed = parseLetter(`${base}signatories:\n  - name: A\n  - organization: B\n    name: C\n`, 'l.yaml');
    expect(parsed.locate('signatories.1.name')).toEqual({ file: 'l.yaml', line: 7, col: 11 });
    expect(parsed.locate('signatories.1.title')).toEqual({ file: 'l.yaml', line: 6, col: 5 });
    expect(parsed.locate('recipient.name')).toEqual({ file: 'l.yaml', line: 3, col: 9 });
  });
});

test.each([
  ['2026-03-02', true],
  ['2024-02-29', true],
  ['2026-02-29', false],
  ['2026-3-2', false],
  ['20260302', false],
  ['2026-00-10', false],
])('isIsoDate(%s) is %s', (value, ok) => {
  expect(isIsoDate(value)).toBe(ok);
});

test.each([
  ['titel', ['title', 'date'], 'title'],
  ['signatores', ['signatories', 'signoff'], 'signatories'],
  ['zzzzzz', ['title', 'date'], undefined],
])('nearest(%s) is %s', (word, candidates, expected) => {
  expect(nearest(word, candidates)).toBe(expected);
});

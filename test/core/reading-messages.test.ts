import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { visible, visibleJson } from '../../src/io/terminal/visible.js';
import { InvalidLetterError } from '../../src/errors.js';
import { formatProblem } from '../../src/io/terminal/diagnostics.js';

const base = 'title: T\nrecipient:\n  name: R\n';

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

/** What a terminal acts on instead of showing; nothing of it may be left after escaping. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('visible', () => {
  test.each([
    ['ESC, CSI and OSC', '\u001b[2J\u001b]0;pwned\u0007', '\\x1b[2J\\x1b]0;pwned\\x07'],
    ['line breaks and a tab', 'a\nb\r\nc\td', 'a\\nb\\r\\nc\\td'],
    ['NUL and DEL', 'a\u0000b\u007f', 'a\\x00b\\x7f'],
    ['C1 controls (0x9b is a one-byte CSI)', '\u0085\u009b2J', '\\x85\\x9b2J'],
    ['bidi overrides, embeddings and isolates', 'a\u202eb\u202ac\u2066d\u2069', 'a\\u202eb\\u202ac\\u2066d\\u2069'],
    ['line and paragraph separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
  ])('escapes %s', (_, raw, shown) => {
    expect(visible(raw)).toBe(shown);
    expect(visible(raw)).not.toMatch(UNSAFE);
  });

  test.each([
    ['Arabic', 'منظمة العفو الدولية'],
    ['Hebrew with marks', 'אמנסטי\u200f (עמותה)\u200e'],
    ['an emoji made with ZWJ', 'Familie 👨\u200d👩\u200d👧'],
    ['Persian with ZWNJ', 'می\u200cخواهم'],
    ['Latin, Vietnamese, a no-break space', 'Nguyễn Thị\u00a0Ánh — “Wiśniewska”'],
    ['a Windows path with backslashes', 'C:\\letters\\x1b.yaml'],
  ])('leaves %s as it is', (_, text) => {
    expect(visible(text)).toBe(text);
  });

  test('escaping twice changes nothing, so a line passed through two edges stays readable', () => {
    const once = visible('\u001b[2J\n\u202e');
    expect(visible(once)).toBe(once);
  });
});

describe('visibleJson', () => {
  test('escapes what JSON.stringify leaves raw (DEL, C1, bidi, U+2028/2029) and reads back the same', () => {
    const value = [{ title: 'a\u001b[2J\u0007 \u007f \u0085\u009b \u202e\u2066 \u2028\u2029 عربي 👨\u200d👩' }];
    const json = visibleJson(value);
    // Pretty-printing's own line breaks are the only control characters left.
    expect(json.replace(/\n/g, '')).not.toMatch(UNSAFE);
    expect(json).toContain('\\u001b[2J\\u0007 \\u007f \\u0085\\u009b \\u202e\\u2066 \\u2028\\u2029 عربي 👨\u200d👩');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('a message is one line, whatever the file holds', () => {
  test('a key with newlines cannot forge a letters: line', () => {
    const found = problems(`"evil\\nkey\\nletters: fake error": 1\n${base}`);
    expect(found).toEqual([
      expect.stringMatching(/^letters: l\.yaml:1:1: unknown field "evil\\nkey\\nletters: fake error" in the letter — valid fields are: /),
    ]);
    for (const line of found) expect(line).not.toMatch(UNSAFE);
  });

  test('a control character in a file name is shown escaped in the location', () => {
    expect(formatProblem({ message: 'm', hint: 'h', location: { file: 'letters/\u001b[2J.yaml', line: 1, col: 1 } })).toBe(
      'letters: letters/\\x1b[2J.yaml:1:1: m — h',
    );
  });
});

describe('a second YAML document', () => {
  test.each([
    ['after ---', `${base}---\ntitle: X\n`, 4, '---'],
    ['an empty one after ---', `${base}---\n`, 4, '---'],
    ['after an end marker ...', `${base}...\n# more\ntitle: X\n`, 4, '...'],
    ['in a file that starts with ---', `---\n${base}--- # again\nx: 1\n`, 5, '---'],
    ['with CRLF line endings', `${base}---\ntitle: X\n`.replace(/\n/g, '\r\n'), 4, '---'],
  ])('%s is named as such, at its marker line', (_, source, line, marker) => {
    const found = problems(source);
    expect(found).toEqual([
      `letters: l.yaml:${line}:1: the file holds a second YAML document after line ${line - 1} — a letter file is one document; remove the ${marker} line and what follows, or move that part into its own file`,
    ]);
    expect(found[0]).not.toMatch(/parseAllDocuments|quotes/);
  });
});

describe('YAML 1.2, and files that declare %YAML 1.1', () => {
  test.each([
    ['no directive', ''],
    ['%YAML 1.2', '%YAML 1.2\n---\n'],
  ])('with %s, yes, no, on and off are text', (_, head) => {
    const { letter } = parseLetter(
      `${head}${base}  organization: yes\nsignatories:\n  - organization: no\n  - organization: on\n    name: off\n`,
      'l.yaml',
    );
    expect(letter.recipients[0]!.organization).toBe('yes');
    expect(letter.signatories).toEqual([{ organization: 'no' }, { organization: 'on', name: 'off' }]);
  });

  test.each([
    ['at the top', '', 1, 1],
    ['after a comment, in a file with a byte-order mark', '\uFEFF# a letter\n', 2, 1],
  ])('a file that declares YAML 1.1 %s is refused at its line, before yes could be read as true', (_, head, line, col) => {
    const found = problems(`${head}%YAML 1.1\n---\n${base}  organization: yes\n`);
    expect(found).toEqual([
      `letters: l.yaml:${line}:${col}: the file declares %YAML 1.1, where yes, no, on and off mean true and false — letters reads YAML 1.2: remove the %YAML line (yes, no, on and off are then text)`,
    ]);
  });

  test('other versions get a hint about the directive, not about quotes', () => {
    expect(problems(`%YAML 1.3\n---\n${base}`)).toEqual([
      'letters: l.yaml:1:7: YAML warning: Unsupported YAML version 1.3 — remove this line; a letter file needs no % directives',
    ]);
  });

  test('a true boolean is still refused with a quote hint', () => {
    expect(problems(`${base}  organization: true\n`)).toEqual([
      'letters: l.yaml:4:17: "recipient.organization" must be text, but YAML reads true as a boolean — put it in quotes: recipient.organization: "true"',
    ]);
  });
});

describe('line endings', () => {
  test('a file with CR-only line endings is named as such, not as empty', () => {
    const scaffold = '# A letter\r# more comments\rtitle: T\rrecipient:\r  name: R\r';
    expect(problems(scaffold)).toEqual([
      'letters: l.yaml:1:1: the file uses old Mac line endings (CR only) — save it with LF or CRLF line endings',
    ]);
  });

  test('a CR alone among LF line endings is located', () => {
    expect(problems('title: T\nrecipient:\r  name: R\n')).toEqual([
      'letters: l.yaml:2:11: this line ends with a CR alone (an old Mac line ending) — save the file with LF or CRLF line endings',
    ]);
  });

  test('CRLF and LF, even mixed, are read as they always were', () => {
    expect(parseLetter('title: T\r\nrecipient:\n  name: R\r\n', 'l.yaml').letter.recipients[0]!.name).toBe('R');
  });
});

describe('with a byte-order mark, line 1 columns are those an editor shows', () => {
  test.each([
    ['an unknown field', 'titel: T\nrecipient:\n  name: R\n', /^letters: l\.yaml:1:1: unknown field "titel"/],
    ['a number where text belongs', 'title: 2026\nrecipient:\n  name: R\n', /^letters: l\.yaml:1:8: "title" must be text/],
    ['a bad status', 'status: shut\ntitle: T\nrecipient:\n  name: R\n', /^letters: l\.yaml:1:9: "status" cannot be "shut"/],
    [
      'a YAML syntax error',
      'title: "a\\qb"\nrecipient:\n  name: R\n',
      /^letters: l\.yaml:1:10: YAML syntax error: Invalid escape sequence/,
    ],
    ['a key YAML reads as a number', '2026: x\ntitle: T\nrecipient:\n  name: R\n', /^letters: l\.yaml:1:1: the letter has the key 2026/],
  ])('%s', (_, source, expected) => {
    const withBom = problems(`\uFEFF${source}`);
    expect(withBom[0]).toMatch(expected);
    expect(withBom).toEqual(problems(source));
  });

  test('locate() agrees', () => {
    const parsed = parseLetter(`\uFEFFtitle: T\nrecipient:\n  name: R\n`, 'l.yaml');
    expect(parsed.locate('title')).toEqual({ file: 'l.yaml', line: 1, col: 8 });
    expect(parsed.locate('recipient.name')).toEqual({ file: 'l.yaml', line: 3, col: 9 });
  });
});

describe('keys and the top level, in plain words', () => {
  test.each([
    [
      'a key YAML reads as a number',
      `2026: x\n${base}`,
      'l.yaml:1:1: the letter has the key 2026, which YAML reads as a number, not a field name — valid fields are: title,',
    ],
    [
      'a key YAML reads as a boolean',
      `${base}signatories:\n  - name: A\n    true: B\n`,
      'l.yaml:6:5: signatory 1 has the key true, which YAML reads as a boolean, not a field name — valid fields are: organization, name, title, affiliation, country, description, highlight, group, logo, sort_as, signed, text, late, email, phone, notes',
    ],
    [
      'a number key in an issue',
      `${base}issues:\n  - title: A\n    body: B\n    0.5: x\n`,
      'l.yaml:7:5: issue 1 has the key 0.5, which YAML reads as a number',
    ],
    [
      'a key YAML reads as null',
      `null: x\n${base}`,
      'l.yaml:1:1: the letter has the key null, which YAML reads as null (no value), not a field name',
    ],
    [
      'a key that is a list',
      `[a, b]: x\n${base}`,
      'l.yaml:1:1: the letter has a key that is a list, not a field name — write keys as plain words, like title:',
    ],
    [
      'a file that is one word',
      'hello\n',
      'l.yaml:1:1: the letter file holds a single value, not fields — write one field per line, like title: …',
    ],
    ['a file that is a list', '- title: T\n', 'l.yaml:1:1: the letter file holds a list, not fields — '],
  ])('%s', (_, source, expected) => {
    expect(problems(source).join('\n')).toContain(expected);
  });
});

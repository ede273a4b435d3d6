import { describe, expect, test } from 'vitest';
import { matchKey } from '../../src/core/letter/identity.js';
import { editSignatories, yamlScalar } from '../../src/core/edit/letter-edits.js';
import type { Letter, Signatory } from '../../src/core/letter/letter.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { decideSign, findSignatory } from '../../src/core/signing/signatories.js';
import { cleanLine } from '../../src/core/text/characters.js';
import { InvalidLetterError, LettersError } from '../../src/errors.js';
import { formatProblem } from '../../src/io/terminal/diagnostics.js';
import { MAX_MARKDOWN_DEPTH, inspectMarkdown } from '../../src/render/document/markdown.js';
import { tooDeepLine } from '../../src/render/document/template.js';
import { MAX_INDENT_DEPTH, buildTree } from '../../src/render/document/tree.js';
import { YAML_SPECIAL, YAML_SPECIAL_INSIDE } from '../fixtures/text/yaml-special.js';

const today = '2026-03-02';
const head = 'title: T\nrecipient:\n  name: R\nstatus: open\n';

/** Every problem a letter file has, as the one-line messages the user sees. */
function problems(source: string): string[] {
  try {
    parseLetter(source, 'l.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof InvalidLetterError)) throw err;
    return err.problems.map(formatProblem);
  }
}

function thrown(f: () => unknown): LettersError {
  try {
    f();
  } catch (err) {
    if (err instanceof LettersError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

/** Sign into `source` as `letters sign` does: decide, splice, and read the whole file back. */
function sign(source: string, request: { organization?: string; name?: string; title?: string; update?: boolean }): Signatory[] {
  const parsed = parseLetter(source, 'l.yaml');
  const text = editSignatories(parsed, decideSign(parsed.letter, { ...request, today }));
  return parseLetter(text, 'l.yaml').letter.signatories;
}

describe('every value sign accepts is written so that it reads back exactly', () => {
  const layouts = {
    block: `${head}signatories:\n  - organization: First\n    name: Jane Roe\n`,
    flow: `${head}signatories: [{ organization: First, name: Jane Roe }]\n`,
    'flow, one entry a line': `${head}signatories: [\n  { organization: First, name: Jane Roe }\n]\n`,
    none: head,
  };

  test.each(Object.entries(layouts))('appended into a %s list, as organization, name and title', (layout, source) => {
    const existing = parseLetter(source, 'l.yaml').letter.signatories;
    const values = layout === 'block' ? [...YAML_SPECIAL, ...YAML_SPECIAL_INSIDE] : YAML_SPECIAL;
    for (const value of values) {
      const cleaned = cleanLine(value, 'v')!;
      const expected: Signatory = { organization: cleaned, name: cleaned, title: cleaned, signed: today };
      expect(sign(source, { organization: value, name: value, title: value }), JSON.stringify(value)).toEqual([...existing, expected]);
      // An individual's entry starts with the name.
      expect(sign(source, { name: value }).at(-1), JSON.stringify(value)).toEqual({ name: cleaned, signed: today });
    }
  });

  test.each(Object.entries(layouts).filter(([k]) => k !== 'none'))('written over an entry with --update in a %s list', (_, source) => {
    for (const value of YAML_SPECIAL) {
      const cleaned = cleanLine(value, 'v')!;
      const signatories = sign(source, { organization: 'first', name: value, title: value, update: true });
      expect(signatories, JSON.stringify(value)).toEqual([{ organization: 'first', name: cleaned, title: cleaned, signed: today }]);
    }
  });

  test('the reported names sign, in block lists, as they did not before', () => {
    const source = `${head}signatories:\n  - organization: First\n`;
    expect(sign(source, { organization: '...And Justice for All' }).at(-1)).toEqual({
      organization: '...And Justice for All',
      signed: today,
    });
    expect(sign(source, { name: '--- Fundación' }).at(-1)).toEqual({ name: '--- Fundación', signed: today });
  });

  test.each([
    ['Jane Roe', 'Jane Roe'],
    ['Wiśniewska', 'Wiśniewska'],
    ['--- Fundación', '"--- Fundación"'],
    ['...And Justice for All', '...And Justice for All'],
    ['yes', '"yes"'],
    ['Trailing colon:', '"Trailing colon:"'],
    ['Ana\u00a0Pop', 'Ana\u00a0Pop'],
    ['\u00a0Ana', '"\u00a0Ana"'],
    ['A\u2028B', '"A\\u2028B"'],
    ['A\u0085B', '"A\\u0085B"'],
  ])('yamlScalar(%j) is %s, always on one line', (value, written) => {
    expect(yamlScalar(value)).toBe(written);
  });
});

describe('one rule for spaces: only ASCII white space is tidied', () => {
  test('sign keeps a no-break space as typed, as the file reader does', () => {
    expect(cleanLine('Ana\u00a0Pop', '--name')).toBe('Ana\u00a0Pop');
    expect(cleanLine('  Ana \t\n Pop  ', '--name')).toBe('Ana Pop');
    expect(cleanLine('\u00a0Ana\u3000', '--name')).toBe('\u00a0Ana\u3000');
    const { letter } = parseLetter(`${head}signatories:\n  - name: "Ana\u00a0Pop"\n  - name: "\u00a0Bo "\n`, 'l.yaml');
    expect(letter.signatories.map((s) => s.name)).toEqual(['Ana\u00a0Pop', '\u00a0Bo']);
  });

  test('a name signed with a no-break space reads back with it, byte for byte', () => {
    const text = editSignatories(
      parseLetter(head, 'l.yaml'),
      decideSign(parseLetter(head, 'l.yaml').letter, { name: 'Ana\u00a0Pop', today }),
    );
    expect(text).toContain('name: Ana\u00a0Pop\n');
  });
});

describe('characters a letter cannot hold are refused, on the command line and in the file alike', () => {
  const letter: Letter = {
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
  };

  test.each([
    ['a C1 control', 'A\u0085B', /--name contains a control character \(U\+0085\)/],
    ['a C1 control', 'A\u009bB', /--name contains a control character \(U\+009B\)/],
    ['DEL', 'A\u007fB', /--name contains a control character \(U\+007F\)/],
    ['a C0 control', 'A\u0007B', /--name contains a control character \(U\+0007\)/],
    ['the right-to-left override', 'A\u202eB', /--name contains a direction control character \(U\+202E\)/],
    ['a left-to-right embedding', 'A\u202aB', /--name contains a direction control character \(U\+202A\)/],
    ['a first-strong isolate', 'A\u2068B', /--name contains a direction control character \(U\+2068\)/],
    ['a noncharacter', 'A\uffffB', /--name contains U\+FFFF, which is not a character/],
    ['a line separator', 'A\u2028B', /--name contains a Unicode line separator \(U\+2028\)/],
    ['a noncharacter beyond U+FFFF', 'A\u{1FFFF}B', /--name contains U\+1FFFF, which is not a character/],
    ['only a zero-width space', '\u200b', /--name has no visible characters \(only U\+200B\)/],
    ['only soft hyphens and joiners', '\u00ad\u2060\u00ad', /--name has no visible characters \(only U\+00AD, U\+2060\)/],
    ['only a BOM and direction marks', '\ufeff\u200e\u200f', /--name has no visible characters/],
    ['only no-break spaces', '\u00a0\u00a0', /--name has no visible characters \(only U\+00A0\)/],
  ])('sign refuses %s, naming the flag and the code point', (_, name, message) => {
    const err = thrown(() =>
      decideSign(letter, { organization: 'Org', name, today }, { organization: '--org', name: '--name', title: '--title' }),
    );
    expect(err.message).toMatch(message);
    expect(err.code).toBe('usage');
  });

  test('the core names the field when no flag is given', () => {
    expect(thrown(() => decideSign(letter, { organization: 'A\u202eB', today })).message).toBe(
      'organization contains a direction control character (U+202E)',
    );
    expect(thrown(() => decideSign(letter, { today })).hint).toBe('pass organization and/or name');
  });

  test('visible text with invisible characters in it is fine', () => {
    expect(decideSign(letter, { name: 'Zero\u200bWidth', today }).signatory.name).toBe('Zero\u200bWidth');
  });

  test.each([
    ['a NUL byte in a plain value', '  - name: A\u0000B\n', 'l.yaml:6:12: "name" contains a control character (U+0000)'],
    ['a NUL escape in a quoted value', '  - name: "A\\0B"\n', 'l.yaml:6:11: "name" contains a control character (U+0000)'],
    ['a C1 control', '  - name: "A\u0085B"\n', 'l.yaml:6:13: "name" contains a control character (U+0085)'],
    ['an escape character', '  - organization: "\\e[2J"\n', 'l.yaml:6:19: "organization" contains a control character (U+001B)'],
    ['the right-to-left override', '  - name: A\u202eB\n', 'l.yaml:6:12: "name" contains a direction control character (U+202E)'],
    ['a pop-directional isolate', '  - title: "x\\u2069"\n', 'l.yaml:6:12: "title" contains a direction control character (U+2069)'],
    ['a paragraph separator', '  - name: "A\\u2029B"\n', 'l.yaml:6:11: "name" contains a Unicode line separator (U+2029)'],
    ['a noncharacter', '  - name: "A\\uFDD0"\n', 'l.yaml:6:11: "name" contains U+FDD0, which is not a character'],
    ['a name of zero-width spaces', '  - name: "\\u200B\\u200B"\n', 'l.yaml:6:11: "name" has no visible characters (only U+200B)'],
    [
      'a name of soft hyphens',
      '  - organization: Org\n    name: "\\u00AD"\n',
      'l.yaml:7:11: "name" has no visible characters (only U+00AD)',
    ],
    [
      'an organization of word joiners',
      '  - organization: "\u2060"\n',
      'l.yaml:6:19: "organization" has no visible characters (only U+2060)',
    ],
  ])('the file reader refuses %s, at its place', (_, entries, expected) => {
    const found = problems(`${head}signatories:\n${entries}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`letters: ${expected} — `);
  });

  test('a control character in a Markdown field is found on its own line', () => {
    const found = problems(`${head}intro: |\n  First line.\n  Second \u0001 line.\n`);
    expect(found).toEqual([
      'letters: l.yaml:7:10: "intro" contains a control character (U+0001) — remove it; control characters cannot be printed',
    ]);
  });

  test('tabs and line breaks stay allowed where they were', () => {
    const { letter: l } = parseLetter(`${head}signoff: "Yours,\\tsincerely"\nintro: "one\\n\\ttwo\\r\\nthree"\n`, 'l.yaml');
    expect(l.signoff).toBe('Yours,\tsincerely');
    expect(l.intro).toBe('one\n\ttwo\r\nthree');
  });

  test('a title of invisible characters is not a title', () => {
    expect(problems('title: "\\u200B"\nrecipient:\n  name: R\n')).toEqual([
      'letters: l.yaml:1:8: "title" has no visible characters (only U+200B) — write the title',
    ]);
  });
});

describe('unsign removes only what its flags name', () => {
  const letter: Letter = {
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
    signatories: [
      { organization: 'Human Rights Watch', name: 'Jane Roe' },
      { name: 'Ana Pop' },
      { organization: 'Amnesty', name: 'Bob Li' },
      { organization: 'Oxfam' },
      { organization: 'Greenpeace', name: 'Bob Li' },
    ],
  };
  const flags = { organization: '--org', name: '--name', title: '--title' };

  test('a name alone finds an individual', () => {
    expect(findSignatory(letter, { name: 'ana  pop' }, flags)).toBe(1);
  });

  test("a name alone never removes an organization through its signer's name", () => {
    const err = thrown(() => findSignatory(letter, { name: 'Jane Roe' }, flags));
    expect(formatProblem(err)).toBe(
      'letters: no individual named "Jane Roe" has signed; "Jane Roe" signed for "Human Rights Watch" — to remove that signature, use --org "Human Rights Watch"',
    );
  });

  test('a signer of two organizations is told to pick one', () => {
    const err = thrown(() => findSignatory(letter, { name: 'bob li' }, flags));
    expect(err.message).toBe('no individual named "bob li" has signed; "bob li" signed for "Amnesty", "Greenpeace"');
    expect(err.hint).toBe('to remove one of those signatures, use --org with its organization');
  });

  test('an organization with a name that is not its signer says so, and names the signer', () => {
    const err = thrown(() => findSignatory(letter, { organization: 'human rights watch', name: 'Bob Li' }, flags));
    expect(formatProblem(err)).toBe(
      'letters: the name "Bob Li" does not match the signer of "Human Rights Watch", "Jane Roe" — to remove the signature of "Human Rights Watch", give --org "Human Rights Watch" without --name',
    );
    expect(thrown(() => findSignatory(letter, { organization: 'Oxfam', name: 'Bob Li' }, flags)).message).toBe(
      'the name "Bob Li" does not match the signature of "Oxfam", which has no name',
    );
  });

  test('an organization and its signer, or the organization alone, find it', () => {
    expect(findSignatory(letter, { organization: 'Amnesty', name: 'bob li' }, flags)).toBe(2);
    expect(findSignatory(letter, { organization: 'amnesty' }, flags)).toBe(2);
  });

  test('a miss suggests only what the flags could mean', () => {
    expect(thrown(() => findSignatory(letter, { name: 'Ana Pope' }, flags)).hint).toBe('did you mean "Ana Pop"?');
    expect(thrown(() => findSignatory(letter, { name: 'Jane Roee' }, flags)).hint).not.toContain('Jane Roe');
    expect(thrown(() => findSignatory(letter, { organization: 'Oxfan' }, flags)).hint).toBe('did you mean "Oxfam"?');
  });

  test('matchKey ignores invisible characters, so they cannot make a second signature', () => {
    expect(matchKey('Human\u200b Rights Watch')).toBe(matchKey('human rights watch'));
  });
});

describe('an edit keeps every line break it does not touch', () => {
  const entries = ['  - organization: A', '    name: Jane', '  - name: Bob', '    title: Director'];
  /** The letter with a line break after each of its lines, by line number (0-based). */
  const build = (nl: (line: number) => string): string =>
    [...head.trimEnd().split('\n'), 'signatories:', ...entries, 'signoff: Yours,'].map((l, i) => l + nl(i)).join('');
  const inList = (i: number): boolean => i >= 5 && i <= 8;

  const files = {
    LF: build(() => '\n'),
    CRLF: build(() => '\r\n'),
    'a CRLF file whose list has LF': build((i) => (inList(i) ? '\n' : '\r\n')),
    'an LF file whose list has CRLF': build((i) => (inList(i) ? '\r\n' : '\n')),
  };

  test.each(Object.entries(files))('sign into %s: the new lines take their neighbours’ line break, nothing else moves', (_, source) => {
    const parsed = parseLetter(source, 'l.yaml');
    const after = editSignatories(parsed, decideSign(parsed.letter, { organization: 'New Org', name: 'Zoë', today }));
    // The entry goes in at the end of the list's last line, and takes that line's break.
    const at = source.indexOf('    title: Director') + '    title: Director'.length;
    const nl = source.startsWith('\r\n', at) ? '\r\n' : '\n';
    const entry = `${nl}  - organization: New Org${nl}    name: Zoë${nl}    signed: 2026-03-02`;
    expect(after).toBe(source.slice(0, at) + entry + source.slice(at));
  });

  test.each(Object.entries(files))('sign --update in %s: only the changed value and the added lines', (_, source) => {
    const parsed = parseLetter(source, 'l.yaml');
    const after = editSignatories(parsed, decideSign(parsed.letter, { organization: 'a', title: 'Chair', update: true, today }));
    // The new fields go after the entry's last line, with its break.
    const at = source.indexOf('    name: Jane') + '    name: Jane'.length;
    const nl = source.startsWith('\r\n', at) ? '\r\n' : '\n';
    const expected = source.slice(0, at) + `${nl}    title: Chair${nl}    signed: 2026-03-02` + source.slice(at);
    expect(after).toBe(expected.replace('organization: A', 'organization: a'));
  });

  test.each(Object.entries(files))('unsign from %s removes the entry’s lines and nothing else', (_, source) => {
    const parsed = parseLetter(source, 'l.yaml');
    const after = editSignatories(parsed, { action: 'remove', index: 0 });
    expect(after).toBe(source.replace(/ {2}- organization: A\r?\n {4}name: Jane\r?\n/, ''));
    expect(after).not.toBe(source);
  });
});

describe('Markdown that would be dropped or changed without a word is found (render/document/markdown.ts)', () => {
  const nested = (levels: number): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');

  test('eight levels of lists and quotes are fine; the ninth is reported at its line', () => {
    expect(inspectMarkdown(nested(MAX_MARKDOWN_DEPTH))).toEqual([]);
    expect(inspectMarkdown(`Intro.\n\n${nested(40)}\n\nAfter.`)).toEqual([
      { kind: 'too-deep', line: 2 + MAX_MARKDOWN_DEPTH, text: '- item 8' },
    ]);
    expect(inspectMarkdown(`${'> '.repeat(9)}deep`)).toMatchObject([{ kind: 'too-deep', line: 0 }]);
    expect(inspectMarkdown(`- a\n\n  > b\n  >\n  > - c\n  >   > d`)).toEqual([]);
  });

  test('nesting far past the parser’s own limit is found before anything is dropped', () => {
    expect(inspectMarkdown(`${'>'.repeat(500)} quote\n\nafter`)).toMatchObject([{ kind: 'too-deep' }]);
    expect(inspectMarkdown(nested(2000))).toMatchObject([{ kind: 'too-deep', line: MAX_MARKDOWN_DEPTH }]);
  });

  test('entities are found with the line they are on, and what they stand for', () => {
    expect(inspectMarkdown('One &amp; two\nthree &#x4E2D;\n\nfour &#0; &#1114112;')).toEqual([
      { kind: 'entity', line: 0, markup: '&amp;', char: '&' },
      { kind: 'entity', line: 1, markup: '&#x4E2D;', char: '中' },
      { kind: 'entity', line: 3, markup: '&#0;', char: '\u0000' },
      { kind: 'entity', line: 3, markup: '&#1114112;', char: undefined },
    ]);
    expect(inspectMarkdown('`&#0;` in code is text')).toEqual([]);
  });

  test('a link shown with its address decoded is found, with the address as written', () => {
    expect(inspectMarkdown('See\n<https://example.org/%E4%B8%AD> and example.com.')).toEqual([
      { kind: 'link-text', line: 1, text: 'https://example.org/中', href: 'https://example.org/%E4%B8%AD' },
      { kind: 'link-text', line: 1, text: 'example.com', href: 'http://example.com' },
    ]);
  });
});

describe('template nesting is measured before Handlebars parses it (render/document/template.ts)', () => {
  test.each([
    ['100 nested blocks', `${'{{#if a}}'.repeat(100)}x${'{{/if}}'.repeat(100)}`, undefined],
    ['101 nested blocks', `${'{{#if a}}\n'.repeat(101)}x${'{{/if}}'.repeat(101)}`, 101],
    ['blocks in a row', '{{#if a}}x{{/if}}'.repeat(5000), undefined],
    ['else and inverse sections', `${'{{#if a}}{{else}}{{^}}{{^b}}{{/b}}'.repeat(150)}${'{{/if}}'.repeat(150)}`, 1],
    ['blocks inside comments', `{{!-- ${'{{#if a}}'.repeat(500)} --}}{{! {{#x}} }}`, undefined],
    ['whitespace control', `${'{{~#if a~}}'.repeat(101)}`, 1],
    ['deep sub-expressions', `{{x ${'('.repeat(101)}y${')'.repeat(101)}}}`, 1],
  ])('%s', (_, text, line) => {
    expect(tooDeepLine(text)).toBe(line);
  });

  test('a template nested 20,000 deep is refused in a moment', () => {
    const started = Date.now();
    expect(tooDeepLine(`${'{{#if a}}'.repeat(20_000)}${'{{/if}}'.repeat(20_000)}`)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the document tree (render/document/tree.ts)', () => {
  test('invisible characters from a template or an entity are not drawn, as in the fields', () => {
    const [p] = buildTree('<p>zero\u200bwidth soft\u00adhyphen\ufeff</p>', 't');
    expect(p).toEqual({ kind: 'paragraph', runs: [{ text: 'zerowidth softhyphen', bold: false, italic: false }] });
  });

  test('lists and quotes nest up to the limit, and past it are a template error', () => {
    const nest = (n: number): string => `${'<blockquote>'.repeat(n)}x${'</blockquote>'.repeat(n)}`;
    expect(() => buildTree(nest(MAX_INDENT_DEPTH), 't')).not.toThrow();
    expect(() => buildTree(nest(MAX_INDENT_DEPTH + 1), 't')).toThrow(
      /template "t" with the letter's text nests lists and block quotes more than 12 deep/,
    );
  });
});

describe('a place inside a text value (core/read/locate.ts)', () => {
  const source = `${head}intro: |\n  First line.\n    - item with ✗\n\n  Last ✗ line.\nclosing: >\n  folded first\n  second ✗ here\n\n  new ✗ paragraph\nsignoff: "Yours ✗"\n`;
  const parsed = parseLetter(source, 'l.yaml');
  test.each([
    ['a literal block, line 1', 'intro', { line: 1 }, [7, 5]],
    ['a literal block, a character on line 1', 'intro', { line: 1, text: '✗' }, [7, 17]],
    ['a literal block, line 3', 'intro', { line: 3, text: '✗' }, [9, 8]],
    ['a folded block, its second paragraph', 'closing', { line: 1, text: '✗' }, [14, 7]],
    ['a quoted value', 'signoff', { line: 0, text: '✗' }, [15, 17]],
    ['text that is not there: the line', 'intro', { line: 3, text: 'nope' }, [9, 3]],
  ])('%s', (_, path, place, [line, col]) => {
    expect(parsed.locate(path, place)).toEqual({ file: 'l.yaml', line, col });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Text a user or a pull request can put into a letter, through the command line as typed:
 * none of it may be dropped from the PDF without a word, refused where it should be signed,
 * or signed where the letter could not print it.
 */

const HEAD = 'title: T\nrecipient:\n  name: R\nstatus: open\n';

/** A project with one letter, `letters/l.yaml`. */
function project(letter: string, files: Record<string, string> = {}): { cwd: string; read: () => string } {
  const cwd = testdir({ 'letters/l.yaml': letter, ...files });
  return { cwd, read: () => readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8') };
}

/** Every stderr line is one `letters:` line; returns them. */
function errorLines(stderr: string): string[] {
  const lines = stderr.trimEnd().split('\n');
  for (const line of lines) expect(line).toMatch(/^letters: .+ — .+/);
  return lines;
}

/** Indent text as the body of a YAML literal block. */
const block = (text: string): string => text.replace(/^(?=.)/gm, '  ');

describe('Markdown nested past what can be laid out is a located problem, never dropped text', () => {
  const nestedList = (levels: number): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item${i}`).join('\n');

  test.each([
    ['a 30-level list', nestedList(30), 14, ['check', 'render']],
    ['a 1,000-level list, then a paragraph', `${nestedList(1000)}\n\nThe paragraph after it.`, 14, ['check']],
    ['150 nested quotes', `${'> '.repeat(150)}the quote`, 6, ['check', 'render']],
  ])('%s: refused at the line where it gets too deep', async (_, markdown, line, commands) => {
    const { cwd } = project(`${HEAD}intro: |\n${block(markdown)}\n`);
    for (const command of commands) {
      const args = command === 'check' ? ['check', 'l'] : ['render', 'l', '-o', 'out.pdf'];
      const r = await runInMemory(args, { cwd });
      expect(r.code, r.stderr).toBe(1);
      expect(errorLines(r.stderr)[0]).toMatch(
        new RegExp(`^letters: letters/l\\.yaml:${line}:\\d+: intro nests lists and block quotes more than 8 deep — `),
      );
    }
  });

  test('the deepest nesting allowed prints every word, inside the text column', async () => {
    const words = Array.from({ length: 8 }, (_, i) => `Level${i} ${'words that wrap '.repeat(6)}end${i}.`);
    const markdown = words.map((w, i) => `${'  '.repeat(i)}- ${w}`).join('\n');
    const { cwd } = project(
      `${HEAD}issues:\n  - title: Deep\n    body: |\n${block(block(block(markdown)))}\n  - title: After\n    body: The last word.\n`,
    );
    const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pdf = await readPdf(r.bytes);
    for (let i = 0; i < 8; i++) {
      expect(pdf.text).toContain(`Level${i}`);
      expect(pdf.text).toContain(`end${i}.`);
    }
    expect(pdf.text).toContain('The last word.');
    for (const page of pdf.pages) for (const item of page.items) expect(item.x).toBeLessThan(page.width - 72);
  });
});

describe('every name that passes validation can be signed', () => {
  test.each([
    ['--org', '...And Justice for All', '  - organization: ...And Justice for All'],
    ['--name', '--- Fundación', '  - name: "--- Fundación"'],
    ['--org', 'Yes: We Can #1', '  - organization: "Yes: We Can #1"'],
    ['--title', '> Director', '    title: "> Director"'],
  ])('sign %s %j, and it reads back', async (flag, value, written) => {
    const { cwd, read } = project(`${HEAD}signatories:\n  - organization: First\n`);
    const args = flag === '--org' ? ['--org', value] : flag === '--name' ? ['--name', value] : ['--org', 'Second', '--title', value];
    const r = await runInMemory(['sign', 'l', ...args], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(read()).toContain(`${written}\n`);
    expect((await runInMemory(['check', 'l'], { cwd })).stdout).toContain('ok  letters/l.yaml (2 signatories)');
  });

  test('a no-break space typed in --name is kept, as it is kept when typed in the file', async () => {
    const { cwd, read } = project(`${HEAD}signatories:\n  - name: "Ion\u00a0Pop"\n`);
    const r = await runInMemory(['sign', 'l', '--name', 'Ana\u00a0Pop'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(read()).toContain('  - name: Ana\u00a0Pop\n');
    // And the name with an ordinary space is the same signatory.
    const again = await runInMemory(['sign', 'l', '--name', 'Ana Pop'], { cwd });
    expect(again.stderr).toMatch(/the individual "Ana\u00a0Pop" has already signed/);
  });
});

describe('sign refuses what the letter could not print, naming the flag and the character', () => {
  test.each([
    ['--name', 'Ana\u0085Pop', /^letters: --name contains a control character \(U\+0085\) — /],
    ['--org', 'Evil\u009b2JOrg', /^letters: --org contains a control character \(U\+009B\) — /],
    ['--name', 'Ana\u202ePop', /^letters: --name contains a direction control character \(U\+202E\) — /],
    ['--title', 'Dir\u2067ector', /^letters: --title contains a direction control character \(U\+2067\) — /],
    ['--name', '\u200b\u00ad', /^letters: --name has no visible characters \(only U\+200B, U\+00AD\) — /],
    ['--org', '\u2060', /^letters: --org has no visible characters \(only U\+2060\) — /],
  ])('%s %j', async (flag, value, message) => {
    const source = `${HEAD}signatories:\n  - organization: First\n`;
    const { cwd, read } = project(source);
    const args = flag === '--title' ? ['--org', 'Second', '--title', value] : flag === '--org' ? ['--org', value] : ['--name', value];
    const r = await runInMemory(['sign', 'l', ...args], { cwd });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(read()).toBe(source);
  });
});

describe('the file reader refuses the same, at its place', () => {
  test.each([
    ['a NUL byte', '  - name: Ana\u0000Pop\n', '6:14: "name" contains a control character (U+0000)'],
    ['a NUL escape', '  - name: "Ana\\0Pop"\n', '6:11: "name" contains a control character (U+0000)'],
    ['a C1 control', '  - name: Ana\u0085Pop\n', '6:14: "name" contains a control character (U+0085)'],
    [
      'a right-to-left override',
      '  - organization: "Ana\u202ePop"\n',
      '6:23: "organization" contains a direction control character (U+202E)',
    ],
    ['a name of zero-width spaces', '  - name: "\u200b\u200b"\n', '6:11: "name" has no visible characters (only U+200B)'],
    [
      'a name of soft hyphens beside an organization',
      '  - organization: Org\n    name: "\u00ad"\n',
      '7:11: "name" has no visible characters (only U+00AD)',
    ],
  ])('%s: check names the line and column, and sign refuses to touch the file', async (_, entry, expected) => {
    const source = `${HEAD}signatories:\n${entry}`;
    const { cwd, read } = project(source);
    const check = await runInMemory(['check', 'l'], { cwd });
    expect(check.code).toBe(1);
    expect(errorLines(check.stderr)[0]).toContain(`letters: letters/l.yaml:${expected} — `);
    const sign = await runInMemory(['sign', 'l', '--org', 'Another'], { cwd });
    expect(sign.code).toBe(1);
    expect(sign.stderr).toContain(`letters/l.yaml:${expected}`);
    expect(read()).toBe(source);
  });
});

describe('unsign removes only what its flags name', () => {
  const source = `${HEAD}signatories:\n  - organization: Human Rights Watch\n    name: Jane Roe\n  - name: Ana Pop\n`;

  test("--name of an organization's signer is refused, pointing to --org, and removes nothing", async () => {
    const { cwd, read } = project(source);
    const r = await runInMemory(['unsign', 'l', '--name', 'Jane Roe'], { cwd });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      'letters: no individual named "Jane Roe" has signed; "Jane Roe" signed for "Human Rights Watch" — to remove that signature, use --org "Human Rights Watch"',
    ]);
    expect(read()).toBe(source);
  });

  test('--org with a name that is not its signer says the name does not match, and names the signer', async () => {
    const { cwd, read } = project(source);
    const r = await runInMemory(['unsign', 'l', '--org', 'Human Rights Watch', '--name', 'Ana Pop'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: the name "Ana Pop" does not match the signer of "Human Rights Watch", "Jane Roe" — /);
    expect(read()).toBe(source);
  });

  test('--name of an individual, and --org with its signer, remove just that entry', async () => {
    const { cwd, read } = project(source);
    expect((await runInMemory(['unsign', 'l', '--name', 'ana pop'], { cwd })).code).toBe(0);
    expect((await runInMemory(['unsign', 'l', '--org', 'human rights watch', '--name', 'Jane Roe'], { cwd })).code).toBe(0);
    // Withdrawn, not deleted: each entry is kept under withdrawn: with the day.
    expect(read()).toBe(
      `${HEAD}signatories:\nwithdrawn:\n  - name: Ana Pop\n    withdrawn: 2026-03-02\n  - organization: Human Rights Watch\n    name: Jane Roe\n    withdrawn: 2026-03-02\n`,
    );
  });
});

describe('character entities in Markdown are checked like typed characters', () => {
  test.each([
    ['&#x4E2D;', `closing has a character the letter's font cannot print: "中" (U+4E2D) — replace or remove it`],
    ['&#0;', 'closing has the entity &#0;, which is not a character — '],
    ['&#xD800;', 'closing has the entity &#xD800;, which is not a character — '],
    ['&#xFFFF;', 'closing has the entity &#xFFFF;, which is not a character — '],
    ['&#x85;', 'closing has the entity &#x85;, which stands for a control character (U+0085) — '],
    ['&#x202E;', 'closing has the entity &#x202E;, which stands for a direction control character (U+202E) — '],
  ])('%s in the closing is located at the entity', async (entity, message) => {
    const { cwd } = project(`${HEAD}closing: |\n  Thank you.\n  We remain, ${entity} yours.\n`);
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(1);
    const [first] = errorLines(r.stderr);
    expect(first).toContain(`letters: letters/l.yaml:7:14: ${message}`);
    expect(first).not.toContain('templates/');
  });

  test('a link address shown decoded is checked like typed text, at the link', async () => {
    const { cwd } = project(`${HEAD}intro: |\n  Hello.\n  See <https://example.org/%E4%B8%AD> for more.\n`);
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)[0]).toBe(
      `letters: letters/l.yaml:7:8: intro has a character the letter's font cannot print: "中" (U+4E2D) — replace or remove it; fonts for other scripts are not supported yet`,
    );
  });

  test('an entity the font has is printed; an invisible one is not', async () => {
    const { cwd } = project(`${HEAD}closing: |\n  Caf&eacute; &copy; zero&#x200B;width\n`);
    const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect((await readPdf(r.bytes)).text).toContain('Café © zerowidth');
  });
});

describe("a date the letter's language writes in another script points at lang", () => {
  test.each(['ar', 'zh', 'hi', 'th-u-nu-thai'])('lang: %s', async (lang) => {
    const { cwd } = project(`title: T\ndate: 2026-03-02\nlang: ${lang}\nrecipient:\n  name: R\n`);
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(1);
    const [first] = errorLines(r.stderr);
    expect(first).toMatch(
      new RegExp(
        `^letters: letters/l\\.yaml:3:7: dates in the letter's language \\(lang: ${lang}\\) are written with a character the letter's font cannot print: `,
      ),
    );
    expect(first).toContain('— use a language whose dates are in Latin, Greek or Cyrillic script');
    expect(first).toContain('or remove the date');
  });
});

describe('a template nested thousands of levels deep is refused at once', () => {
  test.each([
    ['8,000 nested {{#if}}', `<p>{{title}}</p>\n${'{{#if title}}'.repeat(8000)}x${'{{/if}}'.repeat(8000)}\n`, 2],
    ['deep sub-expressions', `<p>\n{{title}}\n{{lookup ${'(lookup '.repeat(5000)}this${')'.repeat(5000)} "x"}}</p>`, 3],
  ])('%s: a template error with the file and line, quickly', async (_, text, line) => {
    const { cwd } = project(`${HEAD}template: deep\n`, { 'templates/deep.hbs': text });
    const started = Date.now();
    const r = await runBin(['render', 'l'], { cwd, timeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      `letters: template "deep" nests blocks more than 100 deep — fix templates/deep.hbs near line ${line}`,
    ]);
  });

  test('a partial that includes itself is a template error, not a crash', async () => {
    const { cwd } = project(`${HEAD}template: loop\n`, { 'templates/loop.hbs': '{{#*inline "me"}}<p>{{> me}}</p>{{/inline}}{{> me}}' });
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: letters\/l\.yaml: template "loop" cannot be used: it calls itself or nests too deeply/m);
  });

  test('a template at the deepest nesting allowed still prints every word inside the page, on A4', async () => {
    const text = `${'<blockquote>'.repeat(12)}<p>{{title}}</p>{{intro}}${'</blockquote>'.repeat(12)}`;
    const intro = 'Narrow column words '.repeat(30);
    const { cwd } = project(`${HEAD}paper: a4\ntemplate: deep\nintro: ${intro.trim()} last.\n`, { 'templates/deep.hbs': text });
    const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pdf = await readPdf(r.bytes);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain(`${intro.trim()} last.`);
    for (const page of pdf.pages) for (const item of page.items) expect(item.x).toBeLessThan(page.width - 72);
  });

  test.each([
    ['20,000 nested elements', `${'<span>'.repeat(20_000)}{{title}}${'</span>'.repeat(20_000)}`, /nests elements more than 256 deep/],
    ['lists 14 deep', `${'<ul><li>'.repeat(14)}{{title}}${'</li></ul>'.repeat(14)}`, /nests lists and block quotes more than 12 deep/],
  ])('a template whose HTML nests %s is a template error', async (_, text, message) => {
    const { cwd } = project(`${HEAD}template: deep\n`, { 'templates/deep.hbs': text });
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('sign, --update and unsign leave every line break outside the edit as it was', () => {
  const lines = [
    'title: T',
    'recipient:',
    '  name: R',
    'status: open',
    'signatories:',
    '  - organization: A',
    '    name: Jane',
    '  - name: Bob',
    'signoff: Yours,',
  ];
  const files = {
    LF: lines.map((l) => `${l}\n`).join(''),
    CRLF: lines.map((l) => `${l}\r\n`).join(''),
    mixed: lines.map((l, i) => `${l}${i >= 5 && i <= 7 ? '\n' : '\r\n'}`).join(''),
  };

  test.each(Object.entries(files))('%s', async (_, source) => {
    const { cwd, read } = project(source);
    const nl = (after: string): string => (source.startsWith('\r\n', source.indexOf(after) + after.length) ? '\r\n' : '\n');

    expect((await runInMemory(['sign', 'l', '--org', 'New'], { cwd })).code).toBe(0);
    const at = source.indexOf('  - name: Bob') + '  - name: Bob'.length;
    const text = /text: ([0-9a-f]{8})/.exec(read())?.[1];
    const b = nl('  - name: Bob');
    const signed = `${source.slice(0, at)}${b}  - organization: New${b}    signed: 2026-03-02${b}    text: ${text}${source.slice(at)}`;
    expect(read()).toBe(signed);

    expect((await runInMemory(['sign', 'l', '--org', 'a', '--title', 'Chair', '--update'], { cwd })).code).toBe(0);
    const jane = signed.indexOf('    name: Jane') + '    name: Jane'.length;
    const n = nl('    name: Jane');
    const updated = `${signed.slice(0, jane)}${n}    title: Chair${n}    signed: 2026-03-02${signed.slice(jane)}`.replace(
      'organization: A',
      'organization: a',
    );
    expect(read()).toBe(updated);

    expect((await runInMemory(['unsign', 'l', '--name', 'Bob'], { cwd })).code).toBe(0);
    const eol = source.includes('\r\n') ? '\r\n' : '\n';
    expect(read()).toBe(`${updated.replace(/ {2}- name: Bob\r?\n/, '')}withdrawn:${eol}  - name: Bob${eol}    withdrawn: 2026-03-02${eol}`);
  });
});

test('the letter file written by hand with a NUL is refused by render too, with nothing written', async () => {
  const { cwd } = project(`${HEAD}signatories:\n  - name: Ana\u0000Pop\n`);
  const r = await runInMemory(['render', 'l'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('letters/l.yaml:6:14: "name" contains a control character (U+0000)');
  expect(() => readFileSync(path.join(cwd, 'l.pdf'))).toThrow();
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/** What a terminal acts on instead of showing (C0, DEL, C1, line separators, bidi controls). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_TITLE = '\u001b[2J\u001b]0;pwned\u0007';

/** A letter file whose title (and more) is given as YAML double-quoted text, escapes and all. */
const letter = (title: string, rest = ''): string => `title: "${title}"\nrecipient:\n  name: R\n${rest}`;

/** Every line ends in \n and holds nothing a terminal would act on; every stderr line is ours. */
function expectSafe(result: { stdout: string; stderr: string }): void {
  for (const stream of [result.stdout, result.stderr]) {
    if (stream !== '') expect(stream.endsWith('\n'), stream).toBe(true);
    for (const line of stream.split('\n')) expect(line).not.toMatch(UNSAFE);
  }
  for (const line of result.stderr.trimEnd().split('\n').filter(Boolean)) expect(line).toMatch(/^letters: .+ — .+/);
}

describe('file text never drives the terminal', () => {
  test.each([false, true])('list shows a hostile title escaped (stdout a terminal: %s)', async (tty) => {
    // A letter cannot hold ESC or BEL (the file reader refuses them); a tab is text, shown escaped.
    const cwd = testdir({ 'letters/l.yaml': letter('\\e[2J\\e]0;pwned\\a'), 'letters/t.yaml': letter('Tab\\there') });
    const r = await runInMemory(['list'], { cwd, tty });
    expect(r.code).toBe(1);
    expectSafe(r);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      'l     invalid       -        -        -',
      't     draft         0        0        0  Tab\\there',
    ]);
    expect(r.stderr.split('\n')[0]).toBe(
      'letters: letters/l.yaml:1:8: "title" contains a control character (U+001B) — remove it; control characters cannot be printed',
    );
  });

  test('list keeps titles in any script as they are', async () => {
    const titles = ['رسالة مفتوحة إلى الوزير', 'Familie 👨\u200d👩\u200d👧 \u200fעברית\u200e', 'می\u200cخواهیم — Nguyễn'];
    const cwd = testdir(Object.fromEntries(titles.map((t, i) => [`letters/l${i}.yaml`, letter(t)])));
    const r = await runInMemory(['list'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    for (const t of titles) expect(r.stdout).toContain(`  ${t}\n`);
  });

  test('list --json escapes every control character, C1 and bidi included, and reads back as the file', async () => {
    // The file reader refuses C0 (but tab), C1, line separators and bidi controls in a value;
    // what a title can still hold reads back exactly, and a refused one is listed as invalid.
    const title = 'Tab\there \u200f mark \u200d joiner عربي';
    const cwd = testdir({ 'letters/l.yaml': letter(title), 'letters/m.yaml': letter(`${HOSTILE_TITLE} \u009b2J \u202eevil\u202c`) });
    const r = await runInMemory(['list', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(UNSAFE);
    expect(JSON.parse(r.stdout).letters).toEqual([
      { slug: 'l', status: 'draft', signatories: 0, pending: 0, earlierText: 0, title, languages: [{ lang: 'en', state: 'letter' }] },
      { slug: 'm', status: 'invalid', signatories: null, pending: null, earlierText: null, title: '', languages: [] },
    ]);
  });

  test('list reports a broken letter with its file text escaped', async () => {
    const cwd = testdir({ 'letters/a.yaml': letter('A'), 'letters/b.yaml': letter('B', 'status: "open\\tnow"\n') });
    const r = await runInMemory(['list'], { cwd });
    expect(r.code).toBe(1);
    expectSafe(r);
    expect(r.stderr.split('\n')[0]).toBe('letters: letters/b.yaml:4:9: "status" cannot be "open\\tnow" — use one of draft, open, closed');
  });

  test('check shows a file name with control characters escaped, on stdout and stderr', async () => {
    const name = 'letters/x\u001b[2J\u0007.yaml';
    const cwd = testdir({ [name]: letter('T'), 'letters/bad.yaml': letter('T', 'paper: "legal\\tsize"\n') });
    const ok = await runInMemory(['check', name], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expectSafe(ok);
    expect(ok.stdout).toBe('ok  letters/x\\x1b[2J\\x07.yaml (0 signatories)\n');
    const bad = await runInMemory(['check', 'bad'], { cwd });
    expect(bad.code).toBe(1);
    expectSafe(bad);
    expect(bad.stderr).toMatch(/^letters: letters\/bad\.yaml:4:8: "paper" cannot be "legal\\tsize" — /);
  });

  test('render: its report and its errors are escaped', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('T'), 'letters/m.yaml': letter('T', 'closing: "\\e[2J\\u202e"\n') });
    const wrote = await runInMemory(['render', 'l', '-o', 'out\u001b]0;x\u0007.pdf'], { cwd });
    expect(wrote.code, wrote.stderr).toBe(0);
    expectSafe(wrote);
    expect(wrote.stdout).toBe('Wrote out\\x1b]0;x\\x07.pdf (0 signatories)\n');
    const refused = await runInMemory(['render', 'm'], { cwd });
    expect(refused.code).toBe(1);
    expectSafe(refused);
    expect(refused.stderr).toBe(
      'letters: letters/m.yaml:4:10: "closing" contains a control character (U+001B) — remove it; control characters cannot be printed\n',
    );
  });

  // Whether sign accepts these characters is the signing rules' business; whatever it prints is escaped.
  test("sign's echo shows what it signed escaped, whether the text came from a flag or from the file", async () => {
    const cwd = testdir({
      'letters/l.yaml': letter('T', 'signatories:\n  - organization: Org\n    name: "Ana\\e[2J\\u202eX"\n'),
    });
    const fromFlags = await runInMemory(['sign', 'l', '--org', 'New\u202eOrg\u009b', '--name', 'B'], { cwd });
    expectSafe(fromFlags);
    if (fromFlags.code === 0) expect(fromFlags.stdout).toContain('Signed: B, New\\u202eOrg\\x9b\n');
    const fromFile = await runInMemory(['sign', 'l', '--org', 'Org', '--title', 'Director', '--update'], { cwd });
    expectSafe(fromFile);
    if (fromFile.code === 0) expect(fromFile.stdout).toContain('Updated: Ana\\x1b[2J\\u202eX, Director, Org\n');
  });

  test('with LETTERS_DEBUG=1 the stack trace is escaped line by line too', async () => {
    const cwd = testdir({ 'letters/l.yaml': `"\\e]0;pwned\\a\\nletters: ok": 1\n${letter('T')}` });
    const r = await runInMemory(['render', 'l'], { cwd, env: cleanEnv({ LETTERS_DEBUG: '1' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
    for (const line of r.stderr.split('\n')) expect(line).not.toMatch(UNSAFE);
    expect(r.stderr).not.toMatch(/^letters: ok/m);
  });

  test('the real binary writes escapes to its stdout and stderr pipes', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('Tab\\there', 'lang: "en\\tGB"\n') });
    const listed = await runBin(['list', '--dir', 'letters'], { cwd });
    expect(listed.code).toBe(1);
    expectSafe(listed);
    expect(listed.stderr).toContain('"lang" is not a language tag: en\\tGB — ');
    expect(listed.stderr.includes('\t')).toBe(false);
  });
});

describe('each problem is one line through the CLI: letters: file:line:col: what — what to do', () => {
  const cases: [name: string, source: string, lines: RegExp[]][] = [
    [
      'a key with newlines that imitates a letters: line',
      `"evil\\nkey\\nletters: fake error": 1\n${letter('T')}`,
      [/^letters: letters\/l\.yaml:1:1: unknown field "evil\\nkey\\nletters: fake error" in the letter — valid fields are: /],
    ],
    [
      'a second YAML document',
      `${letter('T')}---\ntitle: U\n`,
      [
        /^letters: letters\/l\.yaml:4:1: the file holds a second YAML document after line 3 — a letter file is one document; remove the --- line/,
      ],
    ],
    [
      'a %YAML 1.1 file where yes would be a boolean',
      `%YAML 1.1\n---\n${letter('T')}  organization: yes\n`,
      [
        /^letters: letters\/l\.yaml:1:1: the file declares %YAML 1\.1, where yes, no, on and off mean true and false — letters reads YAML 1\.2/,
      ],
    ],
    [
      'a file with old Mac line endings',
      '# A letter\r# to the minister\rtitle: T\rrecipient:\r  name: R\r',
      [/^letters: letters\/l\.yaml:1:1: the file uses old Mac line endings \(CR only\) — save it with LF or CRLF line endings$/],
    ],
    [
      'two problems on line 1 of a file with a byte-order mark',
      '\uFEFFtitel: 2026\nrecipient:\n  name: R\nstatus: [open]\n',
      [
        /^letters: letters\/l\.yaml:1:1: unknown field "titel" in the letter — did you mean "title"\?$/,
        /^letters: letters\/l\.yaml:1:1: missing required field "title" — add title: …$/,
        /^letters: letters\/l\.yaml:4:9: "status" must be text, not a list — /,
      ],
    ],
  ];

  test.each(cases)('%s', async (_, source, expected) => {
    const cwd = testdir({ 'letters/l.yaml': source });
    const before = readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8');
    for (const args of [
      ['check', 'l'],
      ['render', 'l'],
      ['sign', 'l', '--org', 'O'],
    ]) {
      const r = await runInMemory(args, { cwd });
      expect(r.code, r.stderr).toBe(1);
      expectSafe(r);
      const lines = r.stderr.trimEnd().split('\n');
      // check adds one summary line after the problems.
      expect(lines).toHaveLength(expected.length + (args[0] === 'check' ? 1 : 0));
      for (const [i, pattern] of expected.entries()) expect(lines[i]).toMatch(pattern);
    }
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toBe(before);
  });

  test('yes in a YAML 1.2 file is text, as the README says', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${letter('T')}  organization: yes\nsignatories:\n  - organization: no\n` });
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('ok  letters/l.yaml (1 signatory)\n');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { expectCleanError, fixtureLetter, runBin, runInMemory, snapshot } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/*
 * `sign` and `import` take only what the letter can print and what the file would accept: a
 * character no font of letters has (Javanese here), a direction control, a line separator or
 * a value of invisible characters only is refused before anything is written, in the words
 * `check` uses for the same value in the file.
 */

const JAVANESE = 'ꦲꦏ'; // U+A9B2 U+A98F: no font of the stack has Javanese

function setup(extra: Record<string, string> = {}): string {
  return testdir({ 'letters/water.yaml': fixtureLetter(), ...extra });
}

const count = (cwd: string): number =>
  parseLetter(readFileSync(path.join(cwd, 'letters', 'water.yaml'), 'utf8'), 'water.yaml').letter.signatories.length;

describe('sign refuses what no font can print', () => {
  test.each([
    ['--org', ['--org', `Java ${JAVANESE} Org`, '--name', 'Ana Pop'], 'organization'],
    ['--name', ['--name', `Ana ${JAVANESE}`, '--affiliation', 'Uni'], 'name'],
    ['--title', ['--org', 'Fine Org', '--title', `Chair ${JAVANESE}`], 'title'],
    ['--affiliation', ['--name', 'Bo Li', '--affiliation', JAVANESE], 'affiliation'],
    ['--country', ['--org', 'Fine Org 2', '--country', JAVANESE], 'country'],
  ])('%s', async (flag, args, field) => {
    const cwd = setup();
    const before = snapshot(cwd);
    const n = count(cwd);
    const r = await runInMemory(['sign', 'water', ...args], { cwd });
    expectCleanError(
      r,
      2,
      new RegExp(
        `^letters: signatory ${n + 1}, ${field} has characters no font of letters can print: "ꦲ" \\(U\\+A9B2\\), "ꦏ" \\(U\\+A98F\\) — replace or remove them \\(${flag}\\); nothing was changed\\n$`,
      ),
    );
    expect(snapshot(cwd)).toEqual(before);
  });

  test('the message is the one check gives once the value is in the file', async () => {
    const cwd = setup();
    const n = count(cwd);
    const refused = await runInMemory(['sign', 'water', '--org', `Java ${JAVANESE}`], { cwd });
    const message = refused.stderr.split(' — ')[0]!.replace(/^letters: /, '');
    // Written by hand, the same value is what check reports.
    const file = path.join(cwd, 'letters', 'water.yaml');
    const text = readFileSync(file, 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `${text.trimEnd()}\n  - organization: Java ${JAVANESE}\n`);
    expect(count(cwd)).toBe(n + 1);
    const checked = await runInMemory(['check', 'water'], { cwd });
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(message);
  });

  test('Chinese, Arabic and Devanagari names are signed (their fonts are in the stack)', async () => {
    const cwd = setup();
    const r = await runInMemory(['sign', 'water', '--org', '王海天基金会', '--name', 'مريم الحسن', '--title', 'निदेशक'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Signed: مريم الحسن, निदेशक, 王海天基金会');
  });

  test('--update checks the values it is given, not ones already in the file', async () => {
    const cwd = setup();
    const signed = await runInMemory(['sign', 'water', '--org', 'Fine Org', '--name', 'Ana Pop'], { cwd });
    expect(signed.code, signed.stderr).toBe(0);
    const bad = await runInMemory(['sign', 'water', '--org', 'Fine Org', '--update', '--title', JAVANESE], { cwd });
    expectCleanError(bad, 2, /title has characters no font of letters can print: .* \(--title\); nothing was changed/);
    const ok = await runInMemory(['sign', 'water', '--org', 'Fine Org', '--update', '--title', 'Chair'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
  });

  test('through the binary: exit 2, one line, the letter unchanged', async () => {
    const cwd = setup();
    const before = snapshot(cwd);
    const r = await runBin(['sign', 'water', '--org', JAVANESE], { cwd });
    expectCleanError(r, 2, /^letters: signatory \d+, organization has characters no font of letters can print/);
    expect(snapshot(cwd)).toEqual(before);
  });
});

describe('import refuses rows the letter could not hold or print', () => {
  const sheet = [
    'Organization,Name',
    'Good Org,Bob Good',
    '"Evil \u202e Org",Bob Two',
    '"\u200b",Bob Three',
    `"Java ${JAVANESE}",Bob Four`,
    '"A\u2028B",Bob Five',
    'Fine Org,"Ana \u0085 Pop"',
    '',
  ].join('\r\n');

  test('each bad cell is located and named; nothing is written', async () => {
    const cwd = setup({ 'sheet.csv': sheet });
    const before = snapshot(cwd);
    const r = await runBin(['import', 'water', 'sheet.csv'], { cwd });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^letters: sheet\.csv:3:1: row 3, column "Organization": Organization contains a direction control character \(U\+202E\) — /,
      ),
      expect.stringMatching(
        /^letters: sheet\.csv:4:1: row 4, column "Organization": Organization has no visible characters \(only U\+200B\) — /,
      ),
      expect.stringMatching(
        /^letters: sheet\.csv:5:1: row 5, column "Organization": Organization has characters no font of letters can print: "ꦲ" \(U\+A9B2\), "ꦏ" \(U\+A98F\) — replace or remove them$/,
      ),
      expect.stringMatching(
        /^letters: sheet\.csv:6:1: row 6, column "Organization": Organization contains a Unicode line separator \(U\+2028\) — /,
      ),
      expect.stringMatching(/^letters: sheet\.csv:7:\d+: row 7, column "Name": Name contains a control character \(U\+0085\) — /),
      expect.stringMatching(/^letters: 5 of 6 rows of sheet\.csv cannot be imported — nothing was written/),
    ]);
    expect(snapshot(cwd)).toEqual(before);
  });

  test('--skip-invalid imports the good row only, and the letter still checks', async () => {
    const cwd = setup({ 'sheet.csv': sheet });
    const n = count(cwd);
    const r = await runInMemory(['import', 'water', 'sheet.csv', '--skip-invalid'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(count(cwd)).toBe(n + 1);
    const checked = await runInMemory(['check', 'water'], { cwd });
    expect(checked.code, checked.stderr).toBe(0);
  });

  test('a no-break space in a cell is kept, as sign keeps it; only ASCII spaces are tidied', async () => {
    const cwd = setup({ 'nb.csv': 'Organization,Name\r\n"  Caf\u00e9\u00a0Org  ","Ana \t  Pop"\r\n' });
    const r = await runInMemory(['import', 'water', 'nb.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(utf-8, comma-separated, 1 row)');
    const list = parseLetter(readFileSync(path.join(cwd, 'letters', 'water.yaml'), 'utf8'), 'water.yaml').letter.signatories;
    expect(list.at(-1)).toEqual(expect.objectContaining({ organization: 'Caf\u00e9\u00a0Org', name: 'Ana Pop' }));
  });
});

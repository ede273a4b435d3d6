import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/*
 * `render --recipients` (the mail merge) and `letters import` read CSV with one reader: the
 * same files are read the same way, and the same fault gets the same located line from both.
 */

const LETTER = 'title: T\nrecipient:\n  name: X\nintro: We write to you.\nsignoff: Sincerely,\n';
const EMPTY = 'title: T\nrecipient:\n  name: X\n';

function folder(csv: string | Buffer): string {
  const cwd = testdir({ 'letters/l.yaml': LETTER, 'letters/e.yaml': EMPTY, 'out/.keep': '' });
  writeFileSync(path.join(cwd, 'in.csv'), csv);
  return cwd;
}

const merge = (cwd: string, ...extra: string[]) =>
  runInMemory(['render', 'l', '--recipients', 'in.csv', '--format', 'txt', '-o', 'out', ...extra], { cwd });
const load = (cwd: string, ...extra: string[]) => runInMemory(['import', 'e', 'in.csv', '--dry-run', ...extra], { cwd });
const written = (cwd: string): string[] =>
  readdirSync(path.join(cwd, 'out'))
    .filter((f) => f !== '.keep')
    .sort();
const imported = (cwd: string): string => readFileSync(path.join(cwd, 'letters/e.yaml'), 'utf8');

describe('the mail merge reads what import reads', () => {
  test("Excel's sep= line names the separator", async () => {
    const cwd = folder('sep=;\r\nName;Organization\r\nAna Lima;Ministry, of Water\r\n');
    const r = await merge(cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(written(cwd)).toEqual(['l-ana-lima.txt']);
    expect(readFileSync(path.join(cwd, 'out/l-ana-lima.txt'), 'utf8')).toMatch(/^Ana Lima\nMinistry, of Water\n/);
  });

  test('old Mac line ends (CR only)', async () => {
    const cwd = folder('Name\rAna Lima\rBo Chen\r');
    const r = await merge(cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(written(cwd)).toEqual(['l-ana-lima.txt', 'l-bo-chen.txt']);
  });

  test('--encoding for a file without a byte-order mark, as Excel on Windows saves "CSV"', async () => {
    const cwd = folder(Buffer.from('Name\nJosé Martí\n', 'latin1'));
    const refused = await merge(cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'letters: in.csv:2:1: in.csv is not UTF-8 or UTF-16 text — save it as "CSV UTF-8" from the spreadsheet, or name its encoding with --encoding windows-1252\n',
    );
    expect(written(cwd)).toEqual([]);
    const r = await merge(cwd, '--encoding', 'windows-1252');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'out/l-jose-marti.txt'), 'utf8')).toMatch(/^José Martí\n/);
  });

  test('--encoding without --recipients is a usage error, not ignored', async () => {
    const cwd = folder('Name\nAna\n');
    const r = await runInMemory(['render', 'l', '--encoding', 'windows-1252', '-o', 'out'], { cwd });
    expect(r).toMatchObject({ code: 2, stderr: 'letters: --encoding is for a mail merge — add --recipients FILE.csv\n' });
  });

  test('a line of spaces is no recipient; "no rows" points below the header, after a sep= line too', async () => {
    const cwd = folder('sep=,\nName,Title\n   \nAna Lima,\n');
    const r = await merge(cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(written(cwd)).toEqual(['l-ana-lima.txt']);
    const none = await merge(folder('sep=,\nName\n'));
    expect(none).toMatchObject({
      code: 1,
      stderr: 'letters: in.csv:3:1: in.csv has no rows below its header — add one row per recipient\n',
    });
  });
});

describe('one fault, one located line, from both commands', () => {
  const cases: [string, string, RegExp][] = [
    [
      'an unclosed quote, at the quote',
      'Name,Organization\nAna,"Water\nBo,X\n',
      /^letters: in\.csv:2:5: a quoted field is never closed — add the missing closing " in the sheet, or export the CSV again\n/,
    ],
    [
      'an empty file',
      '\n\n',
      /^letters: in\.csv:1:1: in\.csv is empty: it has no header row — export the sheet with its first row naming the columns\n/,
    ],
    ['a blank first row', ',,\nAna,X,\n', /^letters: in\.csv:1:1: the first row is empty, so the file has no header row — /],
    [
      'bytes that are not UTF-8, at their line',
      'Name\nAna\nJos\xe9\n',
      /^letters: in\.csv:3:1: in\.csv is not UTF-8 or UTF-16 text — save it as "CSV UTF-8" from the spreadsheet, or name its encoding with --encoding windows-1252\n/,
    ],
  ];
  test.each(cases)('%s', async (_, csv, stderr) => {
    const bytes = Buffer.from(csv, 'latin1');
    const a = folder(bytes);
    const viaMerge = await merge(a);
    expect(viaMerge.code).toBe(1);
    expect(viaMerge.stderr).toMatch(stderr);
    expect(written(a)).toEqual([]);
    const b = folder(bytes);
    const viaImport = await runInMemory(['import', 'e', 'in.csv'], { cwd: b });
    expect(viaImport.code).toBe(1);
    expect(viaImport.stderr).toMatch(stderr);
    expect(viaImport.stderr).toBe(viaMerge.stderr);
    expect(imported(b)).toBe(EMPTY);
  });

  test('a missing file', async () => {
    const cwd = testdir({ 'letters/l.yaml': LETTER, 'letters/e.yaml': EMPTY, 'out/.keep': '' });
    const a = await merge(cwd);
    const b = await load(cwd);
    expect(a).toMatchObject({ code: 1, stderr: 'letters: no file at in.csv — check the path of the CSV file\n' });
    expect(b).toMatchObject({ code: 1, stderr: a.stderr });
  });

  test('a value beyond the header: the same words; the merge refuses the file, import the row', async () => {
    const csv = 'Name,Organization\nAna Lima,Water\nBo Chen,"Rivers, Inc.",extra\n';
    const a = folder(csv);
    const viaMerge = await merge(a);
    const what = 'a value in column 3, beyond the 2 columns the header names';
    const hint = 'check for a separator inside an unquoted cell, or add a heading for that column';
    expect(viaMerge).toMatchObject({ code: 1, stderr: `letters: in.csv:3:24: ${what} — ${hint}\n` });
    expect(written(a)).toEqual([]);
    const viaImport = await runInMemory(['import', 'e', 'in.csv', '--skip-invalid'], { cwd: folder(csv) });
    expect(viaImport.code, viaImport.stderr).toBe(0);
    expect(viaImport.stderr).toContain(`letters: in.csv:3:24: warning: row 3, column 3: ${what} (skipped) — ${hint}\n`);
  });

  test('a stray quote: the merge refuses the file at the cell, import takes the name as typed', async () => {
    const csv = 'Organization,Name\nWater,Ana "Nana" Lima\n';
    const viaMerge = await merge(folder(csv));
    expect(viaMerge).toMatchObject({ code: 1 });
    expect(viaMerge.stderr).toMatch(
      /^letters: in\.csv:2:7: a quote inside a field that is not quoted — put the field in quotes and write the quote twice/,
    );
    const cwd = folder(csv);
    const viaImport = await runInMemory(['import', 'e', 'in.csv'], { cwd });
    expect(viaImport.code, viaImport.stderr).toBe(0);
    expect(imported(cwd)).toContain('name: Ana "Nana" Lima');
  });
});

describe('mail merge problems name the cell by line and character, as import does', () => {
  test('a row without a name, in a file with a multi-byte name before it', async () => {
    const cwd = folder('Title,Name\nMinistre,Agnès Moreau\nDéputé,\n');
    const r = await merge(cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: in\.csv:3:8: this row has no recipient's name — /);
  });
});

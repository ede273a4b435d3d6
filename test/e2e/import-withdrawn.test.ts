import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { cleanEnv, runInMemory, snapshot } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/*
 * What a routine re-import of a form's newer export must not do: sign again a partner who
 * withdrew (the form keeps their old answer), shift a row whose last value sits under a
 * header's trailing separator, take a date in the future, or read a cell of no-break spaces
 * as empty. And `sign --update` of someone who never signed adds nobody.
 */

const LETTER = [
  'title: T',
  'recipient:',
  '  name: R',
  'status: open',
  'signatories:',
  '  - organization: Stays Org',
  'withdrawn:',
  '  - organization: Acme Water Trust',
  '    withdrawn: 2026-02-20',
  '    reason: board decision',
  '',
].join('\n');

const letterOf = (cwd: string) => parseLetter(readFileSync(path.join(cwd, 'letters', 'w.yaml'), 'utf8'), 'w.yaml').letter;

describe('import and withdrawals', () => {
  test('a row of someone who withdrew is skipped and listed, not signed again', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER, 'form.csv': 'Organization\nACME Water Trust\nNew Org\n' });
    const r = await runInMemory(['import', 'w', 'form.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Skip, withdrawn: 1 (if one signed again, sign them with letters sign)\n');
    expect(r.stdout).toContain('  row 2 (line 2) "ACME Water Trust": withdrew on 2026-02-20 (letters/w.yaml:8)\n');
    expect(letterOf(cwd).signatories.map((s) => s.organization)).toEqual(['Stays Org', 'New Org']);
    const json = await runInMemory(['import', 'w', 'form.csv', '--json', '--dry-run'], { cwd });
    expect(JSON.parse(json.stdout).withdrawn).toEqual([{ row: 2, line: 2, withdrawn: 1, on: '2026-02-20' }]);
  });

  test('a row dated after the withdrawal is a new signature, said so; the withdrawal stays on record', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER, 'form.csv': 'Timestamp,Organization\n2026-02-10,Acme Water Trust\n' });
    const before = snapshot(cwd);
    const old = await runInMemory(['import', 'w', 'form.csv'], { cwd });
    expect(old.code, old.stderr).toBe(0);
    expect(old.stdout).toContain('Skip, withdrawn: 1');
    expect(snapshot(cwd)).toEqual(before);

    const again = testdir({ 'letters/w.yaml': LETTER, 'form.csv': 'Timestamp,Organization\n2026-02-25,Acme Water Trust\n' });
    const r = await runInMemory(['import', 'w', 'form.csv'], { cwd: again });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Signed again: row 2 (line 2) "Acme Water Trust" is dated after their withdrawal on 2026-02-20 (letters/w.yaml:8); the withdrawal stays on record',
    );
    const letter = letterOf(again);
    expect(letter.signatories.at(-1)).toMatchObject({ organization: 'Acme Water Trust', signed: '2026-02-25' });
    expect(letter.withdrawn).toHaveLength(1);
  });
});

describe('rows import refuses', () => {
  test('a value under an empty heading (a header ending in a separator) is a shifted row, not data', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER, 'shift.csv': 'Organization,Name,\nWater Rights Coalition, Inc.,Jane Roe\n' });
    const before = snapshot(cwd);
    const r = await runInMemory(['import', 'w', 'shift.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: shift\.csv:2:30: row 2, column 3: a value in column 3, which has no heading — /);
    expect(r.stdout).toContain('Not used: column 3 (no heading)');
    expect(snapshot(cwd)).toEqual(before);
  });

  test('a date after today', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER, 'd.csv': 'Timestamp,Organization\n2099-01-01,Future Org\n' });
    const r = await runInMemory(['import', 'w', 'd.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: d\.csv:2:1: row 2, column "Timestamp": signed 2099-01-01, which is after today \(2026-03-02\) — /);
  });

  test('a cell of no-break spaces only: invisible, not empty (the row would become an individual)', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER, 'n.csv': 'Organization,Name\n\u00a0,Ann Lee\n' });
    const r = await runInMemory(['import', 'w', 'n.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 2, column "Organization": Organization has no visible characters \(only U\+00A0\)/);
  });
});

describe('rows import refuses, as sign refuses the same flags', () => {
  test('an organization row with an affiliation (it used to fail at the write as "cannot edit safely")', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER, 'aff.csv': 'Organization,Affiliation\nAcme,Uni\n' });
    const before = snapshot(cwd);
    const r = await runInMemory(['import', 'w', 'aff.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^letters: aff\.csv:2:6: row 2, column "Affiliation": Affiliation is for individuals, and this row has an organization — /,
    );
    expect(snapshot(cwd)).toEqual(before);
  });
});

describe('a YAML 1.1 tag', () => {
  test('!!binary is refused at its place as any unknown tag, whichever build of the yaml package reads it', async () => {
    const cwd = testdir({ 'letters/b.yaml': 'title: T\nsubject: !!binary "a-b"\nsignatories: []\n' });
    const r = await runInMemory(['check', 'b'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^letters: letters\/b\.yaml:2:10: YAML warning: Unresolved tag: tag:yaml\.org,2002:binary — remove the !tag\n/,
    );
  });
});

describe('sign --update of someone who has not signed', () => {
  test('is refused (it used to add an entry with no agreed text), naming a namesake’s affiliation', async () => {
    const cwd = testdir({ 'letters/w.yaml': LETTER });
    const env = cleanEnv();
    expect((await runInMemory(['sign', 'w', '--name', 'Ann Lee', '--affiliation', 'Uni X'], { cwd, env })).code).toBe(0);
    const before = snapshot(cwd);
    const org = await runInMemory(['sign', 'w', '--org', 'Brand New', '--update', '--title', 'X'], { cwd, env });
    expect(org.code).toBe(1);
    expect(org.stderr).toBe(
      'letters: the organization "Brand New" has not signed, so there is nothing to update — sign without --update to add them\n',
    );
    const person = await runInMemory(['sign', 'w', '--name', 'Ann Lee', '--update', '--title', 'Prof'], { cwd, env });
    expect(person.stderr).toBe(
      'letters: the individual "Ann Lee" has not signed, so there is nothing to update — Ann Lee signed with --affiliation "Uni X": give that to say which\n',
    );
    expect(snapshot(cwd)).toEqual(before);
  });

  test('the grouped-letter hint names the individual with the affiliation, quoted for the shell', async () => {
    const cwd = testdir({
      'letters/g.yaml': 'title: T\nrecipient:\n  name: R\ngroups: [Members]\nsignatories:\n  - organization: A\n    group: Members\n',
    });
    const r = await runInMemory(['sign', 'g', '--name', "Ann O'Lee", '--affiliation', '$(touch x)'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`letters sign g --name 'Ann O'\\''Lee' --affiliation '$(touch x)' --update --group "…"`);
  });
});

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { cleanEnv, ROOT, runBin, type CliResult } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'signons');

/** A folder with the fixture letter as letters/water.yaml and the given fixture sheets beside it. */
function setup(...sheets: string[]): string {
  const cwd = testdir();
  mkdirSync(path.join(cwd, 'letters'));
  copyFileSync(path.join(FIXTURES, 'letter.yaml'), path.join(cwd, 'letters', 'water.yaml'));
  for (const s of sheets) copyFileSync(path.join(FIXTURES, s), path.join(cwd, s));
  return cwd;
}

const letterText = (cwd: string): string => readFileSync(path.join(cwd, 'letters', 'water.yaml'), 'utf8');
const signatories = (cwd: string) => parseLetter(letterText(cwd), 'water.yaml').letter.signatories;
const original = readFileSync(path.join(FIXTURES, 'letter.yaml'), 'utf8');

function expectRefused(r: CliResult, cwd: string, pattern: RegExp, code = 1): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(pattern);
  for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^letters: .+ — .+/);
  expect(letterText(cwd)).toBe(original);
}

describe('letters import', () => {
  test('a Google Forms export: quoted commas and line breaks, CRLF, a trailing empty line; comments kept; unused columns listed', async () => {
    const cwd = setup('google-forms.csv');
    // The form's answers run to 14 March.
    const r = await runBin(['import', 'water', 'google-forms.csv'], {
      cwd,
      env: cleanEnv({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 20) / 1000) }),
    });
    expect(r.code, r.stderr).toBe(0);
    // Each column with what it is read as, and its first two answers under it.
    expect(r.stdout).toContain(
      [
        'Columns:',
        '  "Timestamp" → signed',
        '      "3/1/2026 9:15:02", "3/1/2026 10:02:40"',
        '  "Organization name" → organization',
        '      "Human Rights Watch", "Water Rights Coalition, Inc."',
        '  "Full name" → name',
        '      "Jean-François Dubois", "Katarzyna Wiśniewska"',
        '  "Job title" → title',
        '      "Executive Director", "Director, Policy"',
        '  "Email Address" → email',
        '      "jf@example.org", "kw@example.org"',
        '  "Country" → country',
        '      "France", "Poland"',
      ].join('\n'),
    );
    expect(r.stdout).toContain('Not used: "How did you hear about this letter?"');
    expect(r.stdout).toContain('Imported 3 signatories into letters/water.yaml; it now has 4 signatories');
    const list = signatories(cwd);
    expect(list.slice(1)).toEqual([
      expect.objectContaining({
        organization: 'Human Rights Watch',
        name: 'Jean-François Dubois',
        country: 'France',
        signed: '2026-03-01',
      }),
      expect.objectContaining({ organization: 'Water Rights Coalition, Inc.', title: 'Director, Policy', email: 'kw@example.org' }),
      expect.objectContaining({ organization: 'Spolek pro krajinu', name: 'Antonín Dvořák' }),
    ]);
    // Every new signature records the text it was given; the file's own lines are untouched.
    expect(new Set(list.slice(1).map((s) => s.text)).size).toBe(1);
    expect(letterText(cwd).startsWith(original.trimEnd())).toBe(true);
  });

  test('a French export: UTF-8 BOM, semicolons, Prénom + Nom, day-first Horodateur', async () => {
    const cwd = setup('horodateur-fr.csv');
    const r = await runBin(['import', 'water', 'horodateur-fr.csv', '--json'], {
      cwd,
      env: cleanEnv({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 20) / 1000) }),
    });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.delimiter).toBe(';');
    expect(plan.written).toBe(true);
    expect(plan.add.map((a: { signatory: unknown }) => a.signatory)).toEqual([
      expect.objectContaining({ organization: 'Ligue des droits asbl', name: 'Agnès Moreau', title: 'Présidente', signed: '2026-03-02' }),
      expect.objectContaining({ organization: 'Association "Eau Vive"', name: 'Zoë Lefèvre', signed: '2026-03-13' }),
    ]);
  });

  test('UTF-16 from Excel ("Unicode text", tab-separated)', async () => {
    const cwd = setup();
    const text = 'Organization\tName\r\nFundacja Praw Rolników\tKatarzyna Wiśniewska\r\n';
    writeFileSync(path.join(cwd, 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await runBin(['import', 'water', 'u16.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(signatories(cwd)[1]).toMatchObject({ organization: 'Fundacja Praw Rolników', name: 'Katarzyna Wiśniewska' });
  });

  test('broken rows: each located as file:line:col with its column, and nothing written', async () => {
    const cwd = setup('broken.csv');
    const r = await runBin(['import', 'water', 'broken.csv'], { cwd });
    expectRefused(r, cwd, /3 of 5 rows of broken\.csv cannot be imported/);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'letters: broken.csv:4:23: row 4, column "Email": Email is not an e-mail address: "bo(at)example.org" — correct it in the sheet, or leave the cell empty',
    );
    expect(lines[1]).toMatch(/^letters: broken\.csv:5:1: row 5: the row has neither an organization nor a name/);
    expect(lines[2]).toMatch(/^letters: broken\.csv:6:37: row 6, column "Timestamp": Signed is not a date letters can read: "someday"/);
    expect(r.stdout).toContain('Blank rows: 1');
  });

  test('--skip-invalid imports the others and warns for each skipped row; --dry-run writes nothing', async () => {
    const cwd = setup('broken.csv');
    const dry = await runBin(['import', 'water', 'broken.csv', '--skip-invalid', '--dry-run'], { cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written (1 signatory would be added)');
    expect(letterText(cwd)).toBe(original);
    const r = await runBin(['import', 'water', 'broken.csv', '--skip-invalid'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(3);
    expect(r.stderr).toMatch(/^letters: broken\.csv:4:23: warning: .*\(skipped\)/);
    expect(signatories(cwd).map((s) => s.organization)).toEqual(['Electronic Frontier Foundation (EFF)', 'Good Org']);
  });

  test('probable duplicates of the letter are warnings with both lines; without a terminal the import is refused unless --allow-similar', async () => {
    const cwd = setup('similar.csv');
    const r = await runBin(['import', 'water', 'similar.csv'], { cwd });
    expectRefused(r, cwd, /2 rows look like signatories already there/);
    expect(r.stderr).toContain(
      'letters: similar.csv:2:1: warning: row 2 "EFF" may be the same as signatory 1 of the letter (letters/water.yaml:16), "Electronic Frontier Foundation (EFF)" (acronym)',
    );
    expect(r.stderr).toMatch(/similar\.csv:3:1: warning: row 3 "The Electronic Frontier Foundation Inc\." may be the same as signatory 1/);
    // The exact repeat of an earlier row is skipped, with both rows named.
    expect(r.stdout).toContain('row 5 (line 5) "human rights watch": same organization as row 4 (line 4)');

    const ok = await runBin(['import', 'water', 'similar.csv', '--allow-similar'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    // "Max Mustermann" is a form's placeholder name: that row waits for review instead of signing.
    expect(ok.stderr).toMatch(/similar\.csv:2:5: warning: row 2, column "Name": the name is the form's own text or a placeholder/);
    expect(signatories(cwd).map((s) => s.organization)).toEqual([
      'Electronic Frontier Foundation (EFF)',
      'The Electronic Frontier Foundation Inc.',
      'Human Rights Watch',
    ]);
    expect(parseLetter(letterText(cwd), 'w').letter.pending?.map((s) => s.organization)).toEqual(['EFF']);
    // Importing the same sheet again adds nothing: every row is now an exact repeat.
    const again = await runBin(['import', 'water', 'similar.csv'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to add');
  });

  test('no column for an organization or a name, an unknown --map column, a missing file: usage errors, nothing written', async () => {
    const cwd = setup();
    writeFileSync(path.join(cwd, 'odd.csv'), 'Q1,Q2\nAcme,Jo\n');
    expectRefused(await runBin(['import', 'water', 'odd.csv'], { cwd }), cwd, /no column letters reads as an organization or a name/, 2);
    expectRefused(await runBin(['import', 'water', 'odd.csv', '--map', 'organization=Nope'], { cwd }), cwd, /no column "Nope"/, 2);
    expectRefused(await runBin(['import', 'water', 'missing.csv'], { cwd }), cwd, /no file at missing\.csv/);
    const ok = await runBin(['import', 'water', 'odd.csv', '--map', 'organization=q1', '--map', 'name=Q2'], {
      cwd,
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(signatories(cwd)[1]).toMatchObject({ organization: 'Acme', name: 'Jo' });
  });

  test('ambiguous slashed dates need --date-order; a closed letter and a passed deadline refuse', async () => {
    const cwd = setup();
    writeFileSync(path.join(cwd, 'us.csv'), 'Timestamp,Organization\n3/2/2026 10:00,Acme\n');
    const r = await runBin(['import', 'water', 'us.csv'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^letters: us\.csv:1:1: the dates in column "Timestamp" could be day\/month or month\/day/);
    writeFileSync(path.join(cwd, 'letters', 'water.yaml'), original.replace('status: open', 'status: closed'));
    const closed = await runBin(['import', 'water', 'us.csv', '--date-order', 'mdy'], { cwd });
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/this letter is closed to new signatures/);
    writeFileSync(path.join(cwd, 'letters', 'water.yaml'), original.replace('status: open', 'status: open\ndeadline: 2026-02-28'));
    const late = await runBin(['import', 'water', 'us.csv', '--date-order', 'mdy'], { cwd });
    expect(late.code).toBe(1);
    // Dated rows are measured by their own date: this one was signed after the deadline.
    expect(late.stderr).toMatch(
      /^letters: us\.csv:2:1: row 2, column "Timestamp": signed 2026-03-02, after the deadline 2026-02-28 — add --late/,
    );
    // Without a date column every row is dated today, so today decides for the whole sheet.
    writeFileSync(path.join(cwd, 'nodate.csv'), 'Organization\nAcme\n');
    const undated = await runBin(['import', 'water', 'nodate.csv'], { cwd });
    expect(undated.code).toBe(1);
    expect(undated.stderr).toMatch(/the deadline for signatures was 2026-02-28 \(today is 2026-03-02\)/);
    // A row dated before the deadline is taken after it.
    writeFileSync(path.join(cwd, 'early.csv'), 'Timestamp,Organization\n2026-02-20,Early Org\n');
    const early = await runBin(['import', 'water', 'early.csv'], { cwd });
    expect(early.code, early.stderr).toBe(0);
    expect(signatories(cwd).at(-1)).toMatchObject({ organization: 'Early Org', signed: '2026-02-20' });
    expect(signatories(cwd).at(-1)!.late).toBeUndefined();
    const accepted = await runBin(['import', 'water', 'us.csv', '--date-order', 'mdy', '--late'], { cwd });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(signatories(cwd).find((s) => s.organization === 'Acme')).toMatchObject({
      organization: 'Acme',
      signed: '2026-03-02',
      late: true,
    });
  });
});

describe('import keeps to the groups a letter lists, as sign does', () => {
  const grouped = [
    'title: T',
    'recipient:',
    '  name: R',
    'groups: [Member organizations, Supporters]',
    'signatories:',
    '  - organization: A Org',
    '    group: Member organizations',
    '',
  ].join('\n');
  const sheet = 'Organization,Group\nB Org,member organisations\nC Org,SUPPORTERS\n';

  test('a group that groups: does not list is refused at its cell, naming the nearest listed group; nothing is written', async () => {
    const cwd = testdir({ 'letters/g.yaml': grouped, 'form.csv': sheet });
    const r = await runBin(['import', 'g', 'form.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `letters: form.csv:2:7: row 2, column "Group": the letter's groups do not include "member organisations" — did you mean "Member organizations"? Correct the cell, or add "member organisations" to groups: in the letter\n`,
    );
    expect(r.stderr).toContain('letters: 1 of 2 rows of form.csv cannot be imported');
    expect(readFileSync(path.join(cwd, 'letters', 'g.yaml'), 'utf8')).toBe(grouped);
    // sign says the same of the same group, with its flag.
    const sign = await runBin(['sign', 'g', '--org', 'B Org', '--group', 'member organisations'], { cwd });
    expect(sign.code).toBe(1);
    expect(sign.stderr).toContain(
      `the letter's groups do not include "member organisations" — did you mean --group "Member organizations"?`,
    );
  });

  test('with --skip-invalid the other rows go in, each group spelled as groups: spells it, and the letter checks clean', async () => {
    const cwd = testdir({ 'letters/g.yaml': grouped, 'form.csv': sheet });
    const r = await runBin(['import', 'g', 'form.csv', '--skip-invalid'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const letter = parseLetter(readFileSync(path.join(cwd, 'letters', 'g.yaml'), 'utf8'), 'g.yaml').letter;
    expect(letter.signatories.map((s) => [s.organization, s.group])).toEqual([
      ['A Org', 'Member organizations'],
      ['C Org', 'Supporters'],
    ]);
    const check = await runBin(['check', 'g'], { cwd });
    expect(check.code, check.stderr).toBe(0);
  });
});

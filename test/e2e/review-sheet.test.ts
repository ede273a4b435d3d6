// The review sheet: `letters export --pending` writes the queue as a spreadsheet, a person decides
// in it (approve, reject with a reason, correct, keep), `letters import --update` takes it back —
// every row found by its key, every problem at its cell, all or nothing, comments kept.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { entryKeys, readDecision } from '../../src/core/sheets/review-sheet.js';
import { runBin, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const head = `# The coalition's letter: every comment here must survive a review.
title: Review by sheet
status: open
deadline: 2026-03-10
groups:
  - Members
  - Supporters
recipient:
  name: Minister Amara Okonkwo-Lindqvist
intro: We ask you to act.
signoff: Sincerely,
signatories:
  - organization: Human Rights Watch   # signed at the launch
    name: Jane Roe
    group: Members
    signed: 2026-03-01
`;

const signups = [
  'Timestamp,Organization,Full name,Title,Email,Phone',
  '2026-02-27 09:00:00,Acme Trust,Ann Acme,Director,aa@example.org,0612 345 678',
  '2026-02-27 10:00:00,Beta Fund,Bo Li,Chair,bl@example.org,',
  '2026-02-27 11:00:00,www.spam.example,SPAM SPAM,,x@example.org,',
  '2026-02-27 12:00:00,Gamma Group,JOHN SMITH,Coordinator,js@example.org,',
  '2026-02-28 08:30:00,Delta Org,Dee Delta,Officer,dd@example.org,',
  '',
].join('\n');

type Sheet = { header: string[]; rows: string[][] };

function readSheet(file: string): Sheet {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\ufeff'), 'the sheet opens in Excel as UTF-8').toBe(true);
  const [header, ...rows] = parse(text.slice(1), { relax_column_count: true }) as string[][];
  return { header: header!, rows };
}

/** Written back as a spreadsheet would: CRLF, quoted where needed, optionally another separator and no BOM. */
function writeSheet(file: string, sheet: Sheet, { separator = ',', bom = true } = {}): void {
  const cell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [sheet.header, ...sheet.rows].map((r) => r.map(cell).join(separator));
  writeFileSync(file, `${bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`);
}

/** Set cells of the row whose Organization is `org`. */
function decide(sheet: Sheet, org: string, cells: Record<string, string>): void {
  const row = sheet.rows.find((r) => r[sheet.header.indexOf('Organization')] === org);
  expect(row, org).toBeDefined();
  for (const [heading, value] of Object.entries(cells)) {
    const i = sheet.header.indexOf(heading);
    expect(i, heading).toBeGreaterThanOrEqual(0);
    row![i] = value;
  }
}

/** A letter with the sign-ups imported as pending, and its review sheet exported. */
async function queued(): Promise<{ cwd: string; letterFile: string; sheetFile: string }> {
  const cwd = testdir({ 'letters/l.yaml': head, 'signups.csv': signups });
  const imported = await runBin(['import', 'l', 'signups.csv', '--pending'], { cwd });
  expect(imported.code, imported.stderr).toBe(0);
  // A comment written above a pending entry goes where the entry goes.
  const letterFile = path.join(cwd, 'letters/l.yaml');
  // Comments inside entries, and a value quoted by hand, stay with their entries too.
  writeFileSync(
    letterFile,
    readFileSync(letterFile, 'utf8')
      .replace('  - organization: Beta Fund', '  # called us on March 1\n  - organization: Beta Fund')
      .replace('    title: Chair\n', '    title: Chair   # as on their website\n')
      .replace('    name: Ann Acme\n', "    name: 'Ann Acme'\n")
      .replace('    email: js@example.org\n', '    email: js@example.org  # the coordinator\n'),
  );
  const exported = await runBin(['export', 'l', '--pending', '-o', 'review.csv'], { cwd });
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stdout).toContain('Wrote review.csv (5 entries pending review');
  expect(exported.stdout).toContain('letters import l review.csv --update');
  return { cwd, letterFile, sheetFile: path.join(cwd, 'review.csv') };
}

describe('export --pending: the queue as a sheet to decide in', () => {
  test('a Decision column, the fields, the flags and the source of each row, and a key', async () => {
    const { sheetFile, letterFile } = await queued();
    const sheet = readSheet(sheetFile);
    expect(sheet.header).toEqual([
      'Decision',
      'Reason',
      'Organization',
      'Name',
      'Title',
      'Affiliation',
      'Country',
      'Description',
      'Highlight',
      'Group',
      'Logo',
      'Sort as',
      'Signed',
      'Email',
      'Phone',
      'Notes',
      'Flagged',
      'Source',
      'Review key',
    ]);
    const col = (h: string) => sheet.header.indexOf(h);
    expect(sheet.rows.map((r) => r[col('Organization')])).toEqual([
      'Acme Trust',
      'Beta Fund',
      'www.spam.example',
      'Gamma Group',
      'Delta Org',
    ]);
    expect(sheet.rows.map((r) => r[col('Source')])).toEqual([
      'signups.csv row 2',
      'signups.csv row 3',
      'signups.csv row 4',
      'signups.csv row 5',
      'signups.csv row 6',
    ]);
    expect(sheet.rows[2]![col('Flagged')]).toMatch(/web address/);
    expect(sheet.rows[0]![col('Phone')]).toBe('0612 345 678');
    expect(sheet.rows.every((r) => r[col('Decision')] === '' && /^r[0-9a-z]{11}$/.test(r[col('Review key')]!))).toBe(true);
    const pending = parseLetter(readFileSync(letterFile, 'utf8'), 'l').letter.pending!;
    expect(sheet.rows.map((r) => r[col('Review key')])).toEqual(entryKeys(pending));
  });

  test('keys: the same for an entry wherever it stands, another when it changes; alike entries told apart', () => {
    const a = { organization: 'A', signed: '2026-03-01' };
    const b = { organization: 'B' };
    const [ka, kb] = entryKeys([a, b]);
    expect(entryKeys([b, a])).toEqual([kb, ka]);
    expect(entryKeys([{ ...a, flagged: 'a note' }])).toEqual([ka]);
    expect(entryKeys([{ ...a, name: 'X' }])[0]).not.toBe(ka);
    expect(entryKeys([a, a])).toEqual([ka, `${ka}-2`]);
  });

  test('decisions in English, and yes or no as sheets write them', () => {
    expect(['approve', 'Approved', 'YES', 'x', 'oui'].map(readDecision)).toEqual(Array(5).fill('approve'));
    expect(['reject', 'R', 'no', 'nein'].map(readDecision)).toEqual(Array(4).fill('reject'));
    expect(['', 'keep', 'Pending'].map(readDecision)).toEqual(Array(3).fill('keep'));
    expect(readDecision('maybe')).toBeUndefined();
  });

  test('--json and --private are refused with it; an empty queue gives the headings alone', async () => {
    const cwd = testdir({ 'letters/l.yaml': head });
    const json = await runInMemory(['export', 'l', '--pending', '--json'], { cwd });
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('letters review l --json');
    const empty = await runInMemory(['export', 'l', '--pending', '-o', 'r.csv'], { cwd });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('nothing is pending review');
    expect(readSheet(path.join(cwd, 'r.csv')).rows).toEqual([]);
    // An earlier review sheet is replaced; another file is not.
    expect((await runInMemory(['export', 'l', '--pending', '-o', 'r.csv'], { cwd })).code).toBe(0);
    writeFileSync(path.join(cwd, 'notes.csv'), 'my own notes\n');
    const other = await runInMemory(['export', 'l', '--pending', '-o', 'notes.csv'], { cwd });
    expect(other.code).not.toBe(0);
    expect(readFileSync(path.join(cwd, 'notes.csv'), 'utf8')).toBe('my own notes\n');
  });
});

describe('import --update: the decided sheet taken back', () => {
  test('through the CLI: rows sorted, dates and semicolons as a spreadsheet writes them, approve / reject / correct / keep; comments and layout survive', async () => {
    const { cwd, letterFile, sheetFile } = await queued();
    const before = readFileSync(letterFile, 'utf8');
    const sheet = readSheet(sheetFile);
    decide(sheet, 'Acme Trust', { Decision: 'approve' });
    decide(sheet, 'Beta Fund', { Decision: 'Approve', Title: 'Chairwoman', Group: 'supporters' });
    decide(sheet, 'www.spam.example', { Decision: 'reject', Reason: 'spam' });
    decide(sheet, 'Gamma Group', { Name: 'John Smith' });
    // A spreadsheet's own ways: dates month-first, the rows sorted, another separator, no BOM.
    const signed = sheet.header.indexOf('Signed');
    for (const r of sheet.rows) r[signed] = r[signed]!.replace(/^2026-0(\d)-(\d\d)$/, '$1/$2/2026');
    sheet.rows.sort((a, b) => a[2]!.localeCompare(b[2]!)).reverse();
    writeSheet(sheetFile, sheet, { separator: ';', bom: false });

    const dry = await runBin(['import', 'l', 'review.csv', '--update', '--dry-run'], { cwd });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written');
    expect(readFileSync(letterFile, 'utf8')).toBe(before);

    const r = await runBin(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Review review.csv against letters/l.yaml');
    expect(r.stdout).toMatch(
      /Approve: 2\n {2}row \d "Beta Fund \(Bo Li\)", corrected: Title "Chair" → "Chairwoman"; Group \(empty\) → "Supporters"\n {2}row \d "Acme Trust \(Ann Acme\)"\n/,
    );
    expect(r.stdout).toMatch(/Reject: 1 \(kept under rejected:, never printed\)\n {2}row \d "www\.spam\.example \(SPAM SPAM\)": spam\n/);
    expect(r.stdout).toMatch(/Correct, still pending: 1\n {2}row \d "Gamma Group \(JOHN SMITH\)": Name "JOHN SMITH" → "John Smith"\n/);
    expect(r.stdout).toMatch(/Keep pending: 1 \(row \d\)\n/);
    expect(r.stdout).toContain(
      'Reviewed letters/l.yaml: 2 approved, 1 rejected, 1 entry corrected; it now has 3 signatories; 2 entries still pending review',
    );

    const text = readFileSync(letterFile, 'utf8');
    const letter = parseLetter(text, 'l').letter;
    expect(letter.signatories.map((s) => s.organization)).toEqual(['Human Rights Watch', 'Acme Trust', 'Beta Fund']);
    expect(letter.signatories[2]).toMatchObject({
      title: 'Chairwoman',
      group: 'Supporters',
      signed: '2026-02-27',
      source: 'signups.csv row 3',
    });
    expect(letter.signatories[1]).toMatchObject({ phone: '0612 345 678', email: 'aa@example.org' });
    expect(letter.signatories.some((s) => s.flagged !== undefined)).toBe(false);
    expect(letter.pending?.map((p) => [p.organization, p.name])).toEqual([
      ['Gamma Group', 'John Smith'],
      ['Delta Org', 'Dee Delta'],
    ]);
    expect(letter.rejected).toEqual([
      expect.objectContaining({ organization: 'www.spam.example', rejected: '2026-03-02', reason: 'spam' }),
    ]);
    // Every line the user wrote, in place: the head with its comments, the inline comment, the moved comment with its entry.
    expect(text.startsWith(head)).toBe(true);
    expect(text).toMatch(
      / {2}# called us on March 1\n {2}- organization: Beta Fund\n {4}name: Bo Li\n {4}title: Chairwoman {3}# as on their website\n {4}group: Supporters\n {4}signed: 2026-02-27\n/,
    );
    expect(text).toMatch(/ {2}- organization: Acme Trust\n {4}name: 'Ann Acme'\n/);
    expect(text).toMatch(
      / {2}- organization: Gamma Group\n {4}name: John Smith\n(?: {4}.*\n)*? {4}email: js@example\.org {2}# the coordinator\n/,
    );
    // Approved, an entry loses the import's flagged: note and nothing else.
    const acme = text.slice(text.indexOf('- organization: Acme Trust'), text.indexOf('# called us on March 1'));
    expect(acme).toContain('source: signups.csv row 2');
    expect(acme).not.toContain('flagged');
    expect(text.indexOf('# called us on March 1')).toBeLessThan(text.indexOf('\npending:'));
  });

  test('a sheet that no longer matches the queue is refused at its cell: an entry approved meanwhile, a key no entry has, a row twice, a row without a key', async () => {
    const { cwd, letterFile, sheetFile } = await queued();
    const sheet = readSheet(sheetFile);
    const key = sheet.header.indexOf('Review key');
    decide(sheet, 'Delta Org', { Decision: 'approve' });
    sheet.rows.push([...sheet.rows[0]!]);
    sheet.rows.push(sheet.header.map((h) => (h === 'Organization' ? 'New Org' : h === 'Decision' ? 'approve' : '')));
    sheet.rows[1]![key] = 'r00000000000';
    writeSheet(sheetFile, sheet);
    // Meanwhile, someone approves Acme Trust with letters review.
    const line = readFileSync(letterFile, 'utf8').split('\n').indexOf('  - organization: Acme Trust') + 1;
    expect((await runBin(['review', 'l', '--approve', String(line)], { cwd })).code).toBe(0);
    const before = readFileSync(letterFile, 'utf8');

    const r = await runBin(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(r.code).toBe(1);
    expect(readFileSync(letterFile, 'utf8')).toBe(before);
    const lines = r.stderr.trim().split('\n');
    const keyCol = (row: number) => readFileSync(sheetFile, 'utf8').split('\r\n')[row - 1]!.lastIndexOf(',') + 2;
    expect(lines[0]).toBe(
      `letters: review.csv:2:${keyCol(2)}: row 2, column "Review key": "Acme Trust (Ann Acme)" is no longer pending: it has been approved (signatory 2, line 17) — nothing was written; export the sheet again (letters export l --pending -o review.csv), or delete this row`,
    );
    expect(lines[1]).toMatch(/^letters: review\.csv:3:\d+: row 3, column "Review key": no pending entry has the review key "r00000000000"/);
    expect(lines[2]).toMatch(/^letters: review\.csv:7:\d+: row 7, column "Review key": "Acme Trust \(Ann Acme\)" is no longer pending/);
    expect(lines[3]).toMatch(
      /^letters: review\.csv:8:\d+: row 8, column "Review key": the row has no review key, so it is no pending entry/,
    );
    expect(lines[4]).toBe(
      'letters: 4 of 7 rows of review.csv cannot be taken back — nothing was written; correct the cells above, or export the sheet again (letters export l --pending)',
    );
    // The same row twice, while both still stand in the queue.
    const fresh = await queued();
    const twice = readSheet(fresh.sheetFile);
    twice.rows.push([...twice.rows[1]!]);
    writeSheet(fresh.sheetFile, twice);
    const t = await runInMemory(['import', 'l', 'review.csv', '--update'], { cwd: fresh.cwd });
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/row 7, column "Review key": the same pending entry as row 3/);
  });

  test('a correction goes through the checks a typed value does, each refusal at its cell, nothing written', async () => {
    const { cwd, letterFile, sheetFile } = await queued();
    const sheet = readSheet(sheetFile);
    decide(sheet, 'Acme Trust', { Decision: 'approve', Reason: 'fine', Phone: '612345678' });
    decide(sheet, 'Beta Fund', { Decision: 'keep', Email: 'not-an-email', Signed: '2026-03-05' });
    decide(sheet, 'www.spam.example', { Decision: 'perhaps', Source: 'me', Group: 'Membres' });
    decide(sheet, 'Gamma Group', { Decision: 'approve', Name: 'Bad\u200bName\u202e', Organization: 'Human Rights Watch' });
    decide(sheet, 'Delta Org', { Decision: 'approve', Organization: '', Name: '', Title: '\u200b' });
    writeSheet(sheetFile, sheet);
    const before = readFileSync(letterFile, 'utf8');
    const r = await runInMemory(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(r.code).toBe(1);
    expect(readFileSync(letterFile, 'utf8')).toBe(before);
    const says = (row: number, column: string, text: RegExp) =>
      expect(r.stderr).toMatch(new RegExp(`letters: review\\.csv:${row}:\\d+: row ${row}, column "${column}": ${text.source}`));
    says(2, 'Reason', /a reason is kept only with a rejection, and this row says approve/);
    says(2, 'Phone', /Phone "612345678" is "0612 345 678" as a spreadsheet writes a number/);
    says(3, 'Email', /Email is not an e-mail address: "not-an-email"/);
    says(4, 'Group', /the letter's groups do not include "Membres" — did you mean "Members"\?/);
    says(3, 'Signed', /signed 2026-03-05, which is after today \(2026-03-02\)/);
    says(4, 'Decision', /"perhaps" is not a decision — write approve, reject or keep/);
    says(4, 'Source', /Source is letters' record of the entry, not changed in review/);
    says(5, 'Name', /Name contains a direction control character \(U\+202E\)/);
    says(6, 'Title', /Title has no visible characters/);
    says(6, 'Organization', /the row has neither an organization nor a name/);
    expect(r.stderr).toMatch(/5 of 5 rows of review\.csv cannot be taken back/);
  });

  test('the signing rules decide approvals: one who signed already, two rows that are one signer, a date after today; a correction that would stand twice in the queue', async () => {
    const { cwd, sheetFile } = await queued();
    const sheet = readSheet(sheetFile);
    decide(sheet, 'Delta Org', { Decision: 'approve' });
    decide(sheet, 'Acme Trust', { Decision: 'approve', Organization: 'HUMAN RIGHTS WATCH' });
    decide(sheet, 'Beta Fund', { Decision: 'approve', Organization: 'Delta Org' });
    decide(sheet, 'Gamma Group', { Signed: '2026-03-03' });
    decide(sheet, 'www.spam.example', { Organization: 'Gamma Group' });
    writeSheet(sheetFile, sheet);
    const r = await runInMemory(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 2, column "Decision": "HUMAN RIGHTS WATCH \(Ann Acme\)" has already signed \(signatory 1, line 13\)/);
    expect(r.stderr).toMatch(/row 6, column "Decision": "Delta Org \(Dee Delta\)" is the same signer as row 3, approved too/);
    expect(r.stderr).toMatch(/row 5, column "Signed": signed 2026-03-03, which is after today \(2026-03-02\)/);
    expect(r.stderr).toMatch(
      /row 4, column "Organization": as corrected, "Gamma Group \(SPAM SPAM\)" would stand twice in pending: with row 5/,
    );
  });

  test('a late date corrected with --late is marked late; an entry left out of the sheet stays as it was', async () => {
    const { cwd, letterFile, sheetFile } = await queued();
    const sheet = readSheet(sheetFile);
    decide(sheet, 'Gamma Group', { Decision: 'approve', Signed: '2026-03-02', Name: 'John Smith' });
    sheet.rows = sheet.rows.filter((r) => r[2] === 'Gamma Group');
    writeSheet(sheetFile, sheet);
    const letterWithDeadline = readFileSync(letterFile, 'utf8').replace('deadline: 2026-03-10', 'deadline: 2026-03-01');
    writeFileSync(letterFile, letterWithDeadline);
    const refused = await runInMemory(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/column "Signed": signed 2026-03-02, after the deadline 2026-03-01 — add --late/);
    const r = await runInMemory(['import', 'l', 'review.csv', '--update', '--late'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Not in the sheet, still pending: 4');
    const letter = parseLetter(readFileSync(letterFile, 'utf8'), 'l').letter;
    expect(letter.signatories.at(-1)).toMatchObject({ organization: 'Gamma Group', name: 'John Smith', signed: '2026-03-02', late: true });
    expect(letter.pending).toHaveLength(4);
  });

  test('what the sheet is: a review sheet refuses a plain import, a sign-up sheet refuses --update, a column added by hand needs --ignore', async () => {
    const { cwd, sheetFile } = await queued();
    const plain = await runInMemory(['import', 'l', 'review.csv'], { cwd });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe(
      'letters: review.csv:1:1: review.csv is a review sheet (letters export --pending), not sign-ups — take the decisions in it back with --update\n',
    );
    const signupsBack = await runInMemory(['import', 'l', 'signups.csv', '--update'], { cwd });
    expect(signupsBack.code).toBe(2);
    expect(signupsBack.stderr).toMatch(/signups\.csv has no "Review key" column, so it is not a review sheet/);
    const mapped = await runInMemory(['import', 'l', 'review.csv', '--update', '--map', 'name=Name'], { cwd });
    expect(mapped.code).toBe(2);
    expect(mapped.stderr).toMatch(/--map goes with a sign-up import, not with --update/);

    const sheet = readSheet(sheetFile);
    sheet.header.push('My notes');
    for (const r of sheet.rows) r.push('call back');
    decide(sheet, 'Delta Org', { Decision: 'yes' });
    writeSheet(sheetFile, sheet);
    const extra = await runInMemory(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(
      /review\.csv:1:\d+: column 20 "My notes" is not a column of the review sheet — nothing was written; delete the column, or leave it out with --ignore "My notes"/,
    );
    const ignored = await runInMemory(['import', 'l', 'review.csv', '--update', '--ignore', 'My notes', '--json'], { cwd });
    expect(ignored.code, ignored.stderr).toBe(0);
    const json = JSON.parse(ignored.stdout);
    expect(json).toMatchObject({
      letter: 'letters/l.yaml',
      file: 'review.csv',
      approve: [{ row: 6, who: 'Delta Org (Dee Delta)', changes: [] }],
      written: true,
    });
    expect(json.keep).toHaveLength(4);
  });

  test('slashed dates that could be either way round need --date-order; a read-only letter needs --force', async () => {
    const { cwd, letterFile, sheetFile } = await queued();
    const sheet = readSheet(sheetFile);
    // Every date rewritten as 02/03/2026: the 2nd of March or the 3rd of February, nothing in the column tells.
    const signed = sheet.header.indexOf('Signed');
    for (const r of sheet.rows) r[signed] = '02/03/2026';
    decide(sheet, 'Delta Org', { Decision: 'approve' });
    writeSheet(sheetFile, sheet);
    const asked = await runInMemory(['import', 'l', 'review.csv', '--update'], { cwd });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/the dates in column "Signed" could be day\/month or month\/day .* — say which with --date-order dmy/);
    // Read day-first, 02/03/2026 is a correction of the date to March 2.
    chmodSync(letterFile, 0o444);
    const readOnly = await runInMemory(['import', 'l', 'review.csv', '--update', '--date-order', 'dmy'], { cwd });
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(/read-only/);
    const r = await runInMemory(['import', 'l', 'review.csv', '--update', '--date-order', 'dmy', '--force'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Correct, still pending: 4/);
    const letter = parseLetter(readFileSync(letterFile, 'utf8'), 'l').letter;
    expect(letter.pending!.map((p) => p.signed)).toEqual(Array(4).fill('2026-03-02'));
    expect(letter.signatories.at(-1)).toMatchObject({ organization: 'Delta Org', signed: '2026-03-02' });
  });
});

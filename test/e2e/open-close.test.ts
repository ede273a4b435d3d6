import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { ROOT, cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'signons', 'letter.yaml');

function setup(): { cwd: string; file: string } {
  const cwd = testdir();
  mkdirSync(path.join(cwd, 'letters'));
  const file = path.join(cwd, 'letters', 'water.yaml');
  copyFileSync(FIXTURE, file);
  return { cwd, file };
}
const read = (file: string) => parseLetter(readFileSync(file, 'utf8'), 'w').letter;

describe('open, close and the deadline', () => {
  test('open writes status and deadline in place, keeping comments; after the deadline sign refuses naming it, --late marks the signature', async () => {
    const { cwd, file } = setup();
    let r = await runBin(['open', 'water', '--deadline', '2026-03-10'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('letters/water.yaml is open for signatures until 2026-03-10\n');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('status: open # open for signatures\ndeadline: 2026-03-10\n');
    expect(text).toMatch(/^# A letter for the sign-on tests/);

    // 2026-03-11, local day: one day after the deadline.
    const after = cleanEnv({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 11, 12) / 1000) });
    r = await runBin(['sign', 'water', '--org', 'Acme'], { cwd, env: after });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: the deadline for signatures was 2026-03-10 (today is 2026-03-11) — add --late to record a late signature (marked late: true), or move the deadline with `letters open <letter> --deadline YYYY-MM-DD`\n',
    );
    r = await runBin(['sign', 'water', '--org', 'Acme', '--late'], { cwd, env: after });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Signed: Acme (late)\n2 signatories\n');
    expect(read(file).signatories[1]).toMatchObject({ organization: 'Acme', signed: '2026-03-11', late: true });
    // On the deadline itself, a signature is on time.
    const onDay = cleanEnv({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 10, 12) / 1000) });
    r = await runBin(['sign', 'water', '--org', 'Beta'], { cwd, env: onDay });
    expect(r.code, r.stderr).toBe(0);
    expect(read(file).signatories[2]!.late).toBeUndefined();
  });

  test('close refuses sign and import even with --late; open reopens', async () => {
    const { cwd, file } = setup();
    let r = await runBin(['close', 'water'], { cwd });
    expect(r.stdout).toBe('Closed letters/water.yaml with 1 signatory; sign and import now refuse new signatures\n');
    expect(read(file).status).toBe('closed');
    const before = readFileSync(file, 'utf8');
    r = await runBin(['sign', 'water', '--org', 'Acme', '--late'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/this letter is closed to new signatures/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    r = await runBin(['open', 'water'], { cwd });
    expect(r.stdout).toBe('Reopened letters/water.yaml for signatures\n');
    expect((await runBin(['sign', 'water', '--org', 'Acme'], { cwd })).code).toBe(0);
  });

  test('a letter without status: gets one; an invalid --deadline is a usage error', async () => {
    const cwd = testdir({ 'letters/t.yaml': 'title: T\nrecipient:\n  name: R\n' });
    expect((await runBin(['open', 't', '--deadline', '2026-02-30'], { cwd })).code).toBe(2);
    const r = await runBin(['open', 't', '--deadline', '2026-04-01'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters/t.yaml'), 'utf8')).toBe(
      'title: T\nstatus: open\ndeadline: 2026-04-01\nrecipient:\n  name: R\n',
    );
  });
});

describe('withdrawals', () => {
  test('unsign moves the entry to withdrawn: with the day and reason; it is not rendered, counted by status, and may sign again', async () => {
    const { cwd, file } = setup();
    await runBin(['sign', 'water', '--org', 'Acme Water Trust', '--name', 'Jo Lind'], { cwd });
    let r = await runBin(['unsign', 'water', '--org', 'acme water trust', '--reason', 'board decision: not this year'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Withdrawn: Jo Lind, Acme Water Trust (kept under withdrawn:, never printed)\n1 signatory\n');
    const letter = read(file);
    expect(letter.signatories.map((s) => s.organization)).toEqual(['Electronic Frontier Foundation (EFF)']);
    expect(letter.withdrawn).toEqual([
      expect.objectContaining({
        organization: 'Acme Water Trust',
        name: 'Jo Lind',
        withdrawn: '2026-03-02',
        reason: 'board decision: not this year',
      }),
    ]);
    expect(readFileSync(file, 'utf8')).toMatch(/^# A letter for the sign-on tests/);

    r = await runBin(['status', 'water'], { cwd });
    expect(r.stdout).toContain('Withdrawn: 1\n  Jo Lind, Acme Water Trust, 2026-03-02: board decision: not this year\n');
    r = await runBin(['render', 'water', '-o', 'w.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(cwd, 'w.pdf')));
    expect(pdf.text).toContain('Electronic Frontier Foundation');
    expect(pdf.text).not.toMatch(/Acme|Jo Lind|board decision/);

    r = await runBin(['sign', 'water', '--org', 'Acme Water Trust'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(withdrawn on 2026-03-02; signed again — the withdrawal stays on record)');
    const again = read(file);
    expect(again.signatories.map((s) => s.organization)).toEqual(['Electronic Frontier Foundation (EFF)', 'Acme Water Trust']);
    expect(again.withdrawn).toHaveLength(1);
  });

  test('the withdrawn entry keeps its own lines and comments, and the comment just above it', async () => {
    const { cwd, file } = setup();
    const r = await runBin(['unsign', 'water', '--org', 'Electronic Frontier Foundation (EFF)'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(
      /\nsignatories:\nwithdrawn:\n {2}# the first partner, signed at the meeting\n {2}- organization: Electronic Frontier Foundation \(EFF\)\n {4}name: Jane Roe\n {4}signed: 2026-02-20 # on paper\n {4}withdrawn: 2026-03-02\n$/,
    );
  });
});

describe('comments above a withdrawn entry', () => {
  const letter = [
    'title: T',
    'recipient:',
    '  name: R',
    'signatories:',
    '  # the list: add new ones at the end',
    '  - organization: A Org',
    '  # B came via the partner call on 3 March',
    '  # (and asked to be listed)',
    '  - organization: B Org   # trailing note',
    '    name: Bo',
    '',
    '  # section: late additions',
    '',
    '  - organization: C Org',
    '',
  ].join('\n');

  test('the comment lines just above it leave with it, above the first entry too; a comment after a blank line stays', async () => {
    const cwd = testdir({ 'letters/c.yaml': letter });
    let r = await runInMemory(['unsign', 'c', '--org', 'B Org', '--reason', 'asked to'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    r = await runInMemory(['unsign', 'c', '--org', 'C Org'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    r = await runInMemory(['unsign', 'c', '--org', 'A Org'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters', 'c.yaml'), 'utf8')).toBe(
      [
        'title: T',
        'recipient:',
        '  name: R',
        'signatories:',
        '',
        '  # section: late additions',
        '',
        'withdrawn:',
        '  # B came via the partner call on 3 March',
        '  # (and asked to be listed)',
        '  - organization: B Org   # trailing note',
        '    name: Bo',
        '    withdrawn: 2026-03-02',
        '    reason: asked to',
        '  - organization: C Org',
        '    withdrawn: 2026-03-02',
        '  # the list: add new ones at the end',
        '  - organization: A Org',
        '    withdrawn: 2026-03-02',
        '',
      ].join('\n'),
    );
  });
});

describe('unsign --delete', () => {
  test('removes an entry added by mistake and the comment just above it with no record; refuses --reason; comments elsewhere kept', async () => {
    const cwd = testdir({
      'letters/d.yaml':
        'title: T # the title\nrecipient:\n  name: R\nsignatories:\n  - organization: A Org # first\n  # added by mistake\n  - organization: Typo Orgg\n  - organization: C Org\n',
    });
    const file = path.join(cwd, 'letters', 'd.yaml');
    const before = readFileSync(file, 'utf8');
    const refused = await runInMemory(['unsign', 'd', '--org', 'Typo Orgg', '--delete', '--reason', 'typo'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^letters: --delete removes an entry added by mistake and keeps no record, so it takes no --reason — /);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const r = await runInMemory(['unsign', 'd', '--org', 'Typo Orgg', '--delete'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Deleted: Typo Orgg (no record kept; use git to get it back)\n2 signatories\n');
    expect(readFileSync(file, 'utf8')).toBe(before.replace('  # added by mistake\n  - organization: Typo Orgg\n', ''));
    expect(read(file).withdrawn ?? []).toEqual([]);
  });
});

describe('sign into a grouped letter without --group', () => {
  test('signs, and warns where the entry will print and how to move it', async () => {
    const cwd = testdir({
      'letters/g.yaml': 'title: T\nrecipient:\n  name: R\ngroups: [Alpha, Beta]\nsignatories:\n  - organization: A Org\n    group: Alpha\n',
    });
    const r = await runInMemory(['sign', 'g', '--org', 'B Org'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'letters: warning: "B Org" has no group, so it is printed before the groups ("Alpha", "Beta"), under no heading — if it belongs to one: letters sign g --org "B Org" --update --group "…"\n',
    );
    const grouped = await runInMemory(['sign', 'g', '--org', 'C Org', '--group', 'Beta'], { cwd });
    expect(grouped.stderr).toBe('');
    const plain = testdir({ 'letters/p.yaml': 'title: T\nrecipient:\n  name: R\nsignatories: []\n' });
    const none = await runInMemory(['sign', 'p', '--org', 'B Org'], { cwd: plain });
    expect(none.stderr).toBe('');
  });
});

describe('probable duplicates in check', () => {
  test('a warning with both lines; the letter still passes', async () => {
    const cwd = testdir({
      'letters/d.yaml':
        'title: T\nrecipient:\n  name: R\nsignatories:\n  - organization: Friends & Partners e.V.\n  - organization: Acme\n  - organization: Friends and Partners\n',
    });
    const r = await runBin(['check', 'd'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'letters: letters/d.yaml:7:5: warning: signatory 3 "Friends and Partners" may be the same as signatory 1 "Friends & Partners e.V." (line 5; same name written differently) — if they are one, remove one entry; if not, nothing to do\n',
    );
    expect(r.stdout).toBe('ok  letters/d.yaml (3 signatories, 1 warning)\n');
  });
});

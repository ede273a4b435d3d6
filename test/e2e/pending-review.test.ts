import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { buildView } from '../../src/render/document/view.js';
import { runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

const head = `title: Pending stays out
status: open
recipient:
  name: Minister Amara Okonkwo-Lindqvist
intro: We ask you to act.
signoff: Sincerely,
signatories:
  - organization: Human Rights Watch
    name: Jane Roe
    title: Director
    signed: 2026-03-01
`;
/** Entries that wait for review or were rejected, every field a marker that must never be printed or counted. */
const queue = `pending:
  - organization: MARKERPENDING Org
    name: MARKERPENDING Person
    title: MARKERPENDING Title
    country: MARKERCOUNTRY
    description: MARKERDESCRIPTION
    signed: 2026-03-01
    source: MARKERSOURCE row 4
    flagged: MARKERFLAG
  - name: MARKERPENDING Individual
    affiliation: MARKERAFFILIATION
rejected:
  - organization: MARKERREJECTED Org
    rejected: 2026-03-02
    reason: MARKERREASON
`;
const MARKER = /marker/i;

describe('pending and rejected entries never reach a printed letter, a count or a template', () => {
  test('the template data has none of them, and counts only the signed', () => {
    const view = buildView(parseLetter(head + queue, 'p.yaml').letter);
    expect(JSON.stringify(view)).not.toMatch(MARKER);
    expect(view.signatoryCount).toBe(1);
  });

  test('render says in one warning line that the pending entries are left out; a letter without any gets none', async () => {
    const cwd = testdir({ 'letters/p.yaml': head + queue, 'letters/q.yaml': head });
    const p = await runInMemory(['render', 'p', '--final', '--format', 'txt', '-o', 'p.txt'], { cwd });
    expect(p.code, p.stderr).toBe(0);
    const line = (head + queue).split('\n').indexOf('pending:') + 2;
    expect(p.stderr).toBe(
      `letters: letters/p.yaml:${line}:3: warning: 2 entries pending review are left out: not signed until approved — approve or reject them with \`letters review p\`\n`,
    );
    const q = await runInMemory(['render', 'q', '--format', 'txt', '-o', 'q.txt'], { cwd });
    expect(q.stderr).toBe('');
    const all = await runInMemory(['render', '--all', '--format', 'txt', '-o', '.'], { cwd });
    expect(all.stderr.match(/pending review are left out/g)).toHaveLength(1);
  });

  test('PDF, HTML, Markdown, text and PNG are the same as without them, --final too; a template asking for them gets nothing', async () => {
    const greedy = `{{#each signatories}}{{organization}} {{name}} {{pending}} {{source}} {{flagged}}{{/each}} {{signatoryCount}} {{pending}} {{@root.pending}} {{@root.rejected}} {{json}}`;
    const cwd = testdir({ 'letters/p.yaml': head + queue, 'letters/q.yaml': head, 'templates/greedy.hbs': `<p>${greedy}</p>` });
    for (const format of ['pdf', 'html', 'md', 'txt', 'png']) {
      for (const slug of ['p', 'q']) {
        const r = await runInMemory(['render', slug, '--final', '--format', format, '-o', `${slug}.${format}`], { cwd });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('(1 signatory)');
      }
      const [p, q] = ['p', 'q'].map((s) => readFileSync(path.join(cwd, `${s}.${format}`)));
      if (format === 'pdf') {
        const [a, b] = await Promise.all([readPdf(p!), readPdf(q!)]);
        expect(a.text).toContain('Jane Roe');
        expect(a.text).not.toMatch(MARKER);
        expect(a.text).toBe(b.text);
      } else if (format === 'png') {
        expect(p!.equals(q!), 'the PNG of the letter with a queue is the PNG without it').toBe(true);
      } else {
        expect(p!.toString('utf8')).not.toMatch(MARKER);
        expect(p!.toString('utf8')).toBe(q!.toString('utf8'));
      }
    }
    const r = await runInMemory(['render', 'p', '--template', 'greedy', '--format', 'html', '-o', 'greedy.html'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(cwd, 'greedy.html'), 'utf8');
    expect(html).not.toMatch(MARKER);
    expect(html).toContain('Human Rights Watch Jane Roe');
  });

  test('status counts them apart; export leaves them out; list and check count the signed', async () => {
    const cwd = testdir({ 'letters/p.yaml': head + queue });
    const status = await runInMemory(['status', 'p'], { cwd });
    expect(status.stdout).toContain('Signatories: 1 (1 organization, 0 individuals)');
    expect(status.stdout).toContain('Pending review: 2 (not signed, never printed or counted: letters review p)');
    expect(status.stdout).toContain('Rejected in review: 1');
    const json = JSON.parse((await runInMemory(['status', 'p', '--json'], { cwd })).stdout);
    expect(json).toMatchObject({ signatories: 1, pending: 2, rejected: [{ organization: 'MARKERREJECTED Org', rejected: '2026-03-02' }] });
    expect(json.counts).toEqual({ signed: 1, pending: 2, rejected: 1, withdrawn: 0 });
    const listed = await runInMemory(['list'], { cwd });
    expect(listed.stdout).toMatch(/^SLUG\s+STATUS\s+SIGNED\s+PENDING\s+EARLIER\s+TITLE\np\s+open\s+1\s+2\s+0\s+Pending stays out\n$/);
    expect(JSON.parse((await runInMemory(['list', '--json'], { cwd })).stdout).letters).toMatchObject([
      { slug: 'p', signatories: 1, pending: 2 },
    ]);
    for (const args of [['export', 'p'], ['export', 'p', '--private', '--json'], ['list']]) {
      const r = await runInMemory(args, { cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(MARKER);
    }
  });
});

describe('letters review', () => {
  const sheet = [
    'Timestamp,Organization,Full name,Title,Email',
    '2026-02-27 09:00:00,Acme Trust,Jane Doe,Director,jd@example.org',
    '2026-02-27 10:00:00,Beta Fund,Bo Li,Chair,bl@example.org',
    '2026-02-27 11:00:00,www.spam.example,SPAM SPAM,,x@example.org',
    '',
  ].join('\n');

  test('import --pending holds every row; review lists, approves and rejects by selector; a rejected row stays out of a later import', async () => {
    const cwd = testdir({ 'letters/l.yaml': head, 'f.csv': sheet });
    const imported = await runBin(['import', 'l', 'f.csv', '--pending'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      'Imported 0 signatories into letters/l.yaml; it now has 1 signatory; 3 entries wait for review: letters review l',
    );
    let letter = parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'l').letter;
    expect(letter.pending?.map((p) => p.source)).toEqual(['f.csv row 2', 'f.csv row 3', 'f.csv row 4']);

    const listed = await runBin(['review', 'l'], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /Pending review in letters\/l\.yaml: 3\n {2}line \d+: Acme Trust \(Jane Doe\) — Director, 2026-02-27\n {6}from jd@example\.org, f\.csv row 2/,
    );
    expect(listed.stdout).toMatch(/flagged: .*web address/);

    const unknown = await runBin(['review', 'l', '--approve', 'Nobody Org'], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no pending entry matches "Nobody Org"/);
    const both = await runBin(['review', 'l', '--approve', 'all', '--reject', 'row:4'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/both approved and rejected/);

    const decided = await runBin(
      ['review', 'l', '--approve', 'Acme Trust', '--approve', 'row:3', '--reject', 'row:4', '--reason', 'spam'],
      { cwd },
    );
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('letters/l.yaml now has 3 signatories; 0 entries still pending review');
    const text = readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8');
    letter = parseLetter(text, 'l').letter;
    expect(letter.signatories.map((s) => s.organization)).toEqual(['Human Rights Watch', 'Acme Trust', 'Beta Fund']);
    expect(letter.signatories[1]).toMatchObject({ source: 'f.csv row 2', email: 'jd@example.org' });
    expect(letter.signatories.some((s) => s.flagged !== undefined)).toBe(false);
    expect(letter.pending).toBeUndefined();
    expect(text).toContain('pending: []');
    expect(letter.rejected).toEqual([
      expect.objectContaining({ organization: 'www.spam.example', rejected: '2026-03-02', reason: 'spam' }),
    ]);
    expect(text.startsWith(head)).toBe(true);

    // The same export again: the signed rows are repeats, the rejected one stays rejected.
    const again = await runBin(['import', 'l', 'f.csv', '--pending'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Skip, rejected in review: 1');
    expect(again.stdout).toContain('Nothing to add');
  });

  test('intake: review holds every row and refuses --no-pending; sign refuses one waiting for review', async () => {
    const cwd = testdir({ 'letters/l.yaml': head.replace('status: open', 'status: open\nintake: review'), 'f.csv': sheet });
    const refused = await runBin(['import', 'l', 'f.csv', '--no-pending'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^letters: letters\/l\.yaml:3:9: letters\/l\.yaml says intake: review/);
    const r = await runBin(['import', 'l', 'f.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'l').letter.pending).toHaveLength(3);
    const sign = await runBin(['sign', 'l', '--org', 'Acme Trust'], { cwd });
    expect(sign.code).toBe(1);
    expect(sign.stderr).toMatch(/"Acme Trust" is waiting in pending: for review — approve that entry with letters review/);
  });

  test('on a terminal: approve, edit then approve, same as a line, keep pending', async () => {
    const { review } = await import('../../src/commands/signatures/review.js');
    const cwd = testdir({ 'letters/l.yaml': head, 'f.csv': `${sheet}2026-02-27 12:00:00,Gamma,Cy Ng,Chair,cy@example.org\n` });
    expect((await runBin(['import', 'l', 'f.csv', '--pending'], { cwd })).code).toBe(0);
    const answers = ['a', 'e', 'Beta Fund International', 'Bo Li', 'Chair', 'a', 's 8', 'k'];
    const out: string[] = [];
    await review(
      {
        cwd,
        env: {},
        dir: path.join(cwd, 'letters'),
        interactive: true,
        now: () => new Date('2026-03-02T10:00:00Z'),
        prompt: { input: async () => answers.shift() ?? 'q' },
        out: (l) => out.push(l),
        outJson: () => undefined,
        err: () => undefined,
        writeStdout: async () => undefined,
      },
      'l',
      {},
    );
    const letter = parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'l').letter;
    expect(letter.signatories.map((s) => s.organization)).toEqual(['Human Rights Watch', 'Acme Trust', 'Beta Fund International']);
    expect(letter.rejected).toEqual([
      expect.objectContaining({ organization: 'www.spam.example', reason: 'same as line 8 (Human Rights Watch (Jane Roe))' }),
    ]);
    expect(letter.pending?.map((p) => p.organization)).toEqual(['Gamma']);
    expect(out.at(-1)).toBe('letters/l.yaml now has 3 signatories; 1 entry still pending review');
  });

  test('the merge driver merges a branch that approved with one that imported', async () => {
    const { mergeLetterVersions } = await import('../../src/core/edit/three-way-merge.js');
    const base = `${head}pending:\n  - organization: Acme Trust\n    signed: 2026-03-01\n`;
    const ours = `${head}  - organization: Acme Trust\n    signed: 2026-03-01\npending: []\n`;
    const theirs = `${base}  - organization: Beta Fund\n    signed: 2026-03-01\n`;
    const merged = mergeLetterVersions(base, ours, theirs, 'l.yaml');
    expect(merged.kind).toBe('merged');
    const letter = parseLetter((merged as { text: string }).text, 'l').letter;
    expect(letter.signatories.map((s) => s.organization)).toEqual(['Human Rights Watch', 'Acme Trust']);
    expect(letter.pending?.map((s) => s.organization)).toEqual(['Beta Fund']);
  });
});

test('a signatory written with pending: true is told where the queue goes', async () => {
  const cwd = testdir({ 'letters/p.yaml': `${head}    pending: true\n` });
  const r = await runInMemory(['check', 'p'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/unknown field "pending" in signatory 1 — an entry waiting for review goes under pending:/);
  writeFileSync(path.join(cwd, 'letters/p.yaml'), head);
});

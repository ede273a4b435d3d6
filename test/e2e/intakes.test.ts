import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { runBin, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const letter = 'title: T\nstatus: open\nrecipient:\n  name: R\nsignatories: []\n';
const signed = (cwd: string) => parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'l').letter;

describe('JSON, JSON Lines, GitHub issue forms and e-mail go through the same planner and plan', () => {
  test('a JSON array, an export that nests it, and JSON Lines give the same signatories, each with its source', async () => {
    const people = [
      {
        'Submitted at': '2026-02-27T09:00:00Z',
        'Your full name': 'Jane Roe',
        'Organisation / group': 'Acme Trust',
        'Job title': 'Director',
        id: 'r1',
      },
      {
        'Submitted at': '2026-02-27T10:00:00Z',
        'Your full name': 'Bo Li',
        'Organisation / group': 'Beta Fund',
        'Job title': 'Chair',
        id: 'r2',
      },
    ];
    const nested = {
      form: { title: 'Sign on' },
      responses: people.map(({ 'Job title': t, ...rest }) => ({ ...rest, answers: [{ label: 'Job title', value: t }] })),
    };
    const files = {
      'letters/l.yaml': letter,
      'a.json': JSON.stringify(people, null, 2),
      'b.json': JSON.stringify(nested, null, 2),
      'c.jsonl': `${people.map((p) => JSON.stringify(p)).join('\n')}\n`,
    };
    const results = [];
    for (const [file, summary] of [
      ['a.json', 'JSON, 2 objects in the top-level array'],
      ['b.json', 'JSON, 2 objects in responses'],
      ['c.jsonl', 'JSON Lines, 2 objects'],
    ] as const) {
      const cwd = testdir(files);
      const r = await runBin(['import', 'l', file], { cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Import ${file} into letters/l.yaml (${summary})`);
      expect(r.stdout).toContain('"Your full name" → name\n      "Jane Roe", "Bo Li"');
      const s = signed(cwd).signatories;
      results.push(s.map(({ source, ...rest }) => rest));
      expect(s.map((x) => x.source)).toEqual(
        file === 'c.jsonl' ? ['c.jsonl line 1 (id r1)', 'c.jsonl line 2 (id r2)'] : [`${file} item 1 (id r1)`, `${file} item 2 (id r2)`],
      );
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]![0]).toMatchObject({ organization: 'Acme Trust', name: 'Jane Roe', title: 'Director', signed: '2026-02-27' });
  });

  test('a bad value in JSON is reported at its place; broken JSON at its character', async () => {
    const cwd = testdir({
      'letters/l.yaml': letter,
      'bad.json': '[\n  {"Organization": "Acme", "Email": "not-an-address"}\n]\n',
      'broken.json': '[\n  {"Organization": "Acme",}\n]\n',
    });
    const bad = await runInMemory(['import', 'l', 'bad.json'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^letters: bad\.json:2:37: item 1, column "Email": Email is not an e-mail address/);
    const broken = await runInMemory(['import', 'l', 'broken.json'], { cwd });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^letters: broken\.json:2:27: broken\.json is not JSON letters can read/);
  });

  test('GitHub issue forms from gh issue list --json: sections as questions, the issue and its author kept', async () => {
    const issues = [
      {
        number: 12,
        title: '[SIGN] Acme Trust',
        author: { login: 'octocat' },
        createdAt: '2026-02-27T09:00:00Z',
        body: '### Organization\n\nAcme Trust\n\n### Name of signatory\n\nJane Roe\n\n### Position / title\n\n_No response_\n\n### Anything else?\n\nGood luck',
      },
      {
        number: 13,
        title: 'Question about the letter',
        author: { login: 'someone' },
        createdAt: '2026-02-28T09:00:00Z',
        body: 'Can I sign later?',
      },
    ];
    const cwd = testdir({ 'letters/l.yaml': letter, 'issues.json': JSON.stringify(issues) });
    const r = await runInMemory(['import', 'l', 'issues.json'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/issue #13 has no issue-form sections/);
    const ok = await runInMemory(['import', 'l', 'issues.json', '--skip-invalid'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('(GitHub issue forms, 2 issues)');
    expect(ok.stdout).toContain('Not used: "Anything else?"');
    expect(signed(cwd).signatories).toEqual([
      expect.objectContaining({
        organization: 'Acme Trust',
        name: 'Jane Roe',
        signed: '2026-02-27',
        source: 'issues.json issue #12 by @octocat',
      }),
    ]);
    expect(signed(cwd).signatories[0]!.title).toBeUndefined();
  });

  test('reply e-mails: the sender, the day in their own time, the body’s labelled lines; quoted text and signature left out', async () => {
    const eml = (from: string, date: string, id: string, body: string): string =>
      `From: ${from}\r\nTo: coalition@example.org\r\nSubject: Re: Sign-on letter\r\nDate: ${date}\r\nMessage-ID: ${id}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`;
    const cwd = testdir({
      'letters/l.yaml': letter,
      'replies/a.eml': eml(
        '"Katarzyna Wiśniewska" <kw@example.org>',
        'Fri, 27 Feb 2026 23:30:00 -0500',
        '<a1@example.org>',
        'Yes, we sign!\r\n\r\nOrganization: Fundacja Praw Rolników\r\nTitle: Prezes\r\n\r\n-- \r\nOrganization: Not This One\r\n',
      ),
      'replies/b.eml': eml(
        'jf@example.org',
        'Sat, 28 Feb 2026 10:00:00 +0100',
        '<b2@example.org>',
        'Nom : Jean-François Dubois\r\nOrganisation : Human Rights Watch\r\n\r\nOn Fri, Feb 27, 2026 at 9:00 AM Coalition <c@example.org> wrote:\r\n> Name: Quoted Person\r\n',
      ),
    });
    const r = await runInMemory(['import', 'l', 'replies/a.eml', 'replies/b.eml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(e-mail, 2 messages)');
    expect(signed(cwd).signatories).toEqual([
      expect.objectContaining({
        organization: 'Fundacja Praw Rolników',
        name: 'Katarzyna Wiśniewska',
        title: 'Prezes',
        email: 'kw@example.org',
        signed: '2026-02-27',
        source: 'a.eml, Message-ID <a1@example.org>',
      }),
      expect.objectContaining({
        organization: 'Human Rights Watch',
        name: 'Jean-François Dubois',
        email: 'jf@example.org',
        signed: '2026-02-28',
      }),
    ]);
    const mixed = await runInMemory(['import', 'l', 'replies/a.eml', 'letters/l.yaml'], { cwd });
    expect(mixed.code).toBe(2);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { mergeLetterVersions } from '../../src/core/edit/three-way-merge.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { BIN, cleanEnv, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const letter = `# Shared letter. This comment must survive merges.
title: Clean water
status: open
recipient:
  name: Minister Okonkwo
intro: |
  We ask you to restore the quota.
signatories:
  # signed at the first meeting
  - organization: Human Rights Watch
    name: Jane Roe   # confirmed by phone
    signed: 2026-03-01
  - organization: Acme Water Trust
    signed: 2026-03-01
`;

/** A repository with the letter committed, `letters init-git` run, and `letters` on PATH as git will call it. */
async function repo(): Promise<{ cwd: string; run: (...args: string[]) => { code: number; out: string } }> {
  const cwd = testdir({ 'letters/water.yaml': letter });
  const bin = path.join(cwd, '.bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'letters'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(path.join(bin, 'letters'), 0o755);
  const env = {
    ...cleanEnv(),
    PATH: `${bin}${path.delimiter}${process.env['PATH']}`,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.org',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.org',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const run = (...args: string[]) => {
    const r = spawnSync(args[0]!, args.slice(1), { cwd, env, encoding: 'utf8' });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  run('git', 'init', '-q', '-b', 'main');
  writeFileSync(path.join(cwd, '.gitignore'), '.bin/\n');
  const init = await runBin(['init-git'], { cwd, env });
  expect(init.code, init.stderr).toBe(0);
  expect(init.stdout).toContain('Added to .gitattributes: letters/*.yaml merge=letters');
  run('git', 'add', '.');
  run('git', 'commit', '-qm', 'letter');
  return { cwd, run };
}

const file = (cwd: string): string => readFileSync(path.join(cwd, 'letters', 'water.yaml'), 'utf8');
const who = (cwd: string): string[] => parseLetter(file(cwd), 'w').letter.signatories.map((s) => s.organization ?? s.name ?? '');

describe('letters merge-driver under a real git merge', () => {
  test('two branches that each add signatories merge with no conflict, both kept in a stable order, comments intact', async () => {
    const { cwd, run } = await repo();
    run('git', 'checkout', '-qb', 'alice');
    expect(run('letters', 'sign', 'water', '--org', 'Amnesty International').code).toBe(0);
    run('git', 'commit', '-qam', 'alice signs');
    run('git', 'checkout', '-q', 'main');
    expect(run('letters', 'sign', 'water', '--org', 'Oxfam', '--name', 'Bo Chen').code).toBe(0);
    expect(run('letters', 'sign', 'water', '--org', 'Greenpeace').code).toBe(0);
    run('git', 'commit', '-qam', 'main signs');
    const merge = run('git', 'merge', '--no-edit', 'alice');
    expect(merge.code, merge.out).toBe(0);
    expect(who(cwd)).toEqual(['Human Rights Watch', 'Acme Water Trust', 'Oxfam', 'Greenpeace', 'Amnesty International']);
    expect(file(cwd)).toContain('# Shared letter. This comment must survive merges.');
    expect(file(cwd)).toContain(
      '  # signed at the first meeting\n  - organization: Human Rights Watch\n    name: Jane Roe   # confirmed by phone\n',
    );
    expect(run('git', 'status', '--porcelain').out).toBe('');
  });

  test('an update, a withdrawal and an edit of the text on one branch, signatures on the other: no conflict', async () => {
    const { cwd, run } = await repo();
    run('git', 'checkout', '-qb', 'edits');
    writeFileSync(path.join(cwd, 'letters/water.yaml'), file(cwd).replace('restore the quota.', 'restore the full quota.'));
    expect(run('letters', 'sign', 'water', '--org', 'Human Rights Watch', '--title', 'Director', '--update').code).toBe(0);
    expect(run('letters', 'unsign', 'water', '--org', 'Acme Water Trust', '--reason', 'board').code).toBe(0);
    run('git', 'commit', '-qam', 'edits');
    run('git', 'checkout', '-q', 'main');
    expect(run('letters', 'sign', 'water', '--name', 'Ana Lima').code).toBe(0);
    run('git', 'commit', '-qam', 'a signature');
    const merge = run('git', 'merge', '--no-edit', 'edits');
    expect(merge.code, merge.out).toBe(0);
    const merged = parseLetter(file(cwd), 'w').letter;
    expect(merged.intro).toContain('restore the full quota');
    expect(merged.signatories.map((s) => [s.organization ?? s.name, s.title])).toEqual([
      ['Human Rights Watch', 'Director'],
      ['Ana Lima', undefined],
    ]);
    expect(merged.withdrawn?.map((w) => [w.organization, w.reason])).toEqual([['Acme Water Trust', 'board']]);
  });

  test('the same signatory changed on both branches is a real conflict: git reports it, with conflict markers', async () => {
    const { cwd, run } = await repo();
    run('git', 'checkout', '-qb', 'alice');
    run('letters', 'sign', 'water', '--org', 'Acme Water Trust', '--title', 'Chair', '--update');
    run('git', 'commit', '-qam', 'alice');
    run('git', 'checkout', '-q', 'main');
    run('letters', 'sign', 'water', '--org', 'Acme Water Trust', '--title', 'Treasurer', '--update');
    run('git', 'commit', '-qam', 'main');
    const merge = run('git', 'merge', '--no-edit', 'alice');
    expect(merge.code).not.toBe(0);
    expect(merge.out).toMatch(/both branches changed the signatory "Acme Water Trust" in different ways/);
    expect(merge.out).toMatch(/CONFLICT \(content\): Merge conflict in letters\/water\.yaml/);
    expect(file(cwd)).toMatch(/<<<<<<< ours\n[\s\S]*Treasurer[\s\S]*=======\n[\s\S]*Chair[\s\S]*>>>>>>> theirs\n/);
  });

  test('the text changed on both branches in the same place is left to git', async () => {
    const { cwd, run } = await repo();
    run('git', 'checkout', '-qb', 'alice');
    writeFileSync(path.join(cwd, 'letters/water.yaml'), file(cwd).replace('restore the quota.', 'restore the quota now.'));
    run('git', 'commit', '-qam', 'alice');
    run('git', 'checkout', '-q', 'main');
    writeFileSync(path.join(cwd, 'letters/water.yaml'), file(cwd).replace('restore the quota.', 'restore the quota at once.'));
    run('git', 'commit', '-qam', 'main');
    const merge = run('git', 'merge', '--no-edit', 'alice');
    expect(merge.code).not.toBe(0);
    expect(file(cwd)).toContain('<<<<<<< ours');
  });
});

describe('mergeLetterVersions', () => {
  const add = (text: string, entry: string): string => `${text}${entry}`;
  test('both sides adding the same signatory the same way keep one; CRLF files stay CRLF', () => {
    const entry = '  - organization: Same Org\n    signed: 2026-03-02\n';
    const r = mergeLetterVersions(letter, add(letter, entry), add(letter, entry), 'w.yaml');
    expect(r.kind).toBe('merged');
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    const c = mergeLetterVersions(crlf(letter), crlf(add(letter, entry)), crlf(add(letter, '  - organization: Other\n')), 'w.yaml');
    expect(c.kind === 'merged' && c.text).toBe(crlf(`${letter}${entry}  - organization: Other\n`));
  });

  test('the first signatures on both sides of an empty list', () => {
    const empty = 'title: T\nrecipient:\n  name: R\nsignatories: []\n';
    const r = mergeLetterVersions(empty, empty.replace(' []', '\n  - organization: A'), empty.replace(' []', '\n  - name: B'), 'w.yaml');
    expect(r).toEqual({ kind: 'merged', text: 'title: T\nrecipient:\n  name: R\nsignatories:\n  - organization: A\n  - name: B\n' });
  });

  test('merged signatories keep the signing rules: a group the merged groups: no longer lists is a conflict naming it', () => {
    const base = 'title: T\nrecipient:\n  name: R\ngroups: [Members]\nsignatories:\n  - organization: A\n    group: Members\n';
    const ours = base.replace(/Members/g, 'Partners');
    const theirs = `${base}  - organization: B\n    group: Members\n`;
    expect(mergeLetterVersions(base, ours, theirs, 'w.yaml')).toEqual({
      kind: 'conflict',
      reason: 'the merged signatory "B" is in group "Members", which the merged groups: does not list',
    });
    expect(mergeLetterVersions(base, ours, `${base}  - organization: B\n    group: members\n`, 'w.yaml').kind).toBe('conflict');
    expect(mergeLetterVersions(base, base, theirs, 'w.yaml').kind).toBe('merged');
  });

  test('a version that is not a letter is a conflict', () => {
    expect(mergeLetterVersions(letter, 'title: [', letter, 'w.yaml').kind).toBe('conflict');
  });
});

describe('a translation under a real git merge', () => {
  const french = `# Traduction française
title: De l'eau potable
salutation: Monsieur le Ministre,
intro: |
  Nous vous demandons de rétablir le quota.
`;
  const fr = (cwd: string): string => readFileSync(path.join(cwd, 'letters', 'water.fr.yaml'), 'utf8');

  test("two translators' edits to different fields merge by lines; the same field edited twice is a conflict git shows", async () => {
    const { cwd, run } = await repo();
    writeFileSync(path.join(cwd, 'letters', 'water.fr.yaml'), french);
    run('git', 'add', '.');
    run('git', 'commit', '-qm', 'French');
    run('git', 'checkout', '-qb', 'title');
    writeFileSync(path.join(cwd, 'letters', 'water.fr.yaml'), french.replace("De l'eau potable", "De l'eau potable pour tous"));
    run('git', 'commit', '-qam', 'title');
    run('git', 'checkout', '-q', 'main');
    writeFileSync(path.join(cwd, 'letters', 'water.fr.yaml'), french.replace('rétablir le quota', 'rétablir sans délai le quota'));
    run('git', 'commit', '-qam', 'intro');
    const merged = run('git', 'merge', '-q', '--no-edit', 'title');
    expect(merged.code, merged.out).toBe(0);
    expect(fr(cwd)).toBe(
      french.replace("De l'eau potable", "De l'eau potable pour tous").replace('rétablir le quota', 'rétablir sans délai le quota'),
    );
    const check = await runBin(['check', 'water'], { cwd });
    expect(check.code, check.stderr).toBe(0);

    run('git', 'checkout', '-qb', 'other');
    writeFileSync(path.join(cwd, 'letters', 'water.fr.yaml'), fr(cwd).replace('pour tous', 'pour chacun'));
    run('git', 'commit', '-qam', 'other title');
    run('git', 'checkout', '-q', 'main');
    writeFileSync(path.join(cwd, 'letters', 'water.fr.yaml'), fr(cwd).replace('pour tous', 'pour toutes et tous'));
    run('git', 'commit', '-qam', 'main title');
    const conflict = run('git', 'merge', '-q', '--no-edit', 'other');
    expect(conflict.code).not.toBe(0);
    expect(fr(cwd)).toMatch(
      /<<<<<<< [^\n]*\ntitle: De l'eau potable pour toutes et tous\n=======\ntitle: De l'eau potable pour chacun\n>>>>>>> /,
    );
  });
});

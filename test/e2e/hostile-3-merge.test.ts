// The third hostile run, git merges: a driver that works however letters was started, git's
// own markers whenever it cannot merge by entries, an error that says what the file holds, and
// a signature never both standing and withdrawn. Each case failed before its fix.
import { spawnSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const LETTER = `title: Clean water
status: open
recipient:
  name: Minister Okonkwo
signatories:
  - organization: Human Rights Watch
    name: Jane Roe
    title: Director
    country: US
    signed: 2026-03-01
  - organization: Acme Water Trust
    signed: 2026-03-01
`;

/**
 * A repository with the letter committed and `node bin/letters.js init-git` run, as one runs
 * letters from a checkout: no `letters` on the PATH git hands its merge driver.
 */
async function repo() {
  const cwd = testdir({ 'letters/water.yaml': LETTER });
  const env = {
    ...cleanEnv(),
    PATH: '/usr/local/bin:/usr/bin:/bin',
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
  expect(run('sh', '-c', 'command -v letters').code).not.toBe(0);
  run('git', 'init', '-q', '-b', 'main');
  const init = await runBin(['init-git'], { cwd, env });
  expect(init.code, init.stderr).toBe(0);
  run('git', 'add', '.');
  run('git', 'commit', '-qm', 'letter');
  const letters = (...args: string[]) => run(process.execPath, BIN, ...args);
  return { cwd, run, letters };
}

const file = (cwd: string): string => readFileSync(path.join(cwd, 'letters/water.yaml'), 'utf8');

describe('init-git registers a driver that works however letters was started', () => {
  test('started as `node bin/letters.js`, with no letters on the PATH: two branches of signatures merge cleanly', async () => {
    const { cwd, run, letters } = await repo();
    const driver = run('git', 'config', 'merge.letters.driver').out.trim();
    expect(driver.startsWith(`${process.execPath} ${BIN} merge-driver %O %A %B %P || `)).toBe(true);
    run('git', 'checkout', '-qb', 'alice');
    expect(letters('sign', 'water', '--org', 'Amnesty International').code).toBe(0);
    run('git', 'commit', '-qam', 'alice');
    run('git', 'checkout', '-q', 'main');
    expect(letters('sign', 'water', '--org', 'Oxfam').code).toBe(0);
    run('git', 'commit', '-qam', 'main');
    const merge = run('git', 'merge', '--no-edit', 'alice');
    expect(merge.code, merge.out).toBe(0);
    expect(file(cwd)).toMatch(/organization: Oxfam[\s\S]*organization: Amnesty International/);
  });

  test('a driver that cannot start at all (node moved) leaves git’s own conflict markers, both sides’ signatures inside', async () => {
    const { cwd, run, letters } = await repo();
    const driver = run('git', 'config', 'merge.letters.driver').out.trim();
    run('git', 'config', 'merge.letters.driver', driver.replace(process.execPath, '/nonexistent/node'));
    run('git', 'checkout', '-qb', 'alice');
    letters('sign', 'water', '--org', 'Amnesty International');
    run('git', 'commit', '-qam', 'alice');
    run('git', 'checkout', '-q', 'main');
    letters('sign', 'water', '--org', 'Oxfam');
    run('git', 'commit', '-qam', 'main');
    const merge = run('git', 'merge', '--no-edit', 'alice');
    expect(merge.code).not.toBe(0);
    expect(merge.out).toMatch(/CONFLICT \(content\): Merge conflict in letters\/water\.yaml/);
    expect(file(cwd)).toMatch(/<<<<<<< ours\n[\s\S]*Oxfam[\s\S]*=======\n[\s\S]*Amnesty International[\s\S]*>>>>>>> theirs\n/);
  });
});

describe('a merge the driver cannot make by entries', () => {
  test('one entry changed two ways on lines git merges cleanly: the error says the file holds git’s merge, without markers', async () => {
    const { cwd, run } = await repo();
    // Edited by hand, a line apart: git's line merge takes both.
    const edit = (from: string, to: string) => writeFileSync(path.join(cwd, 'letters/water.yaml'), file(cwd).replace(from, to));
    run('git', 'checkout', '-qb', 'alice');
    edit('name: Jane Roe', 'name: Ann Other');
    run('git', 'commit', '-qam', 'alice');
    run('git', 'checkout', '-q', 'main');
    edit('country: US', 'country: FR');
    run('git', 'commit', '-qam', 'main');
    const merge = run('git', 'merge', '--no-edit', 'alice');
    expect(merge.code).not.toBe(0);
    expect(merge.out).toContain(
      `letters: letters/water.yaml: both branches changed the signatory "Human Rights Watch" in different ways — the file holds git's line-by-line merge, which has no conflict markers: check that entry by hand, then run \`letters check\` and commit`,
    );
    expect(merge.out).not.toContain('resolve the conflict markers');
    expect(file(cwd)).not.toContain('<<<<<<<');
    expect(file(cwd)).toMatch(/name: Ann Other\n {4}title: Director\n {4}country: FR\n/);
  });

  test('a version the driver cannot read as a letter still gets git’s markers', async () => {
    const cwd = testdir({
      'base.yaml': LETTER,
      'ours.yaml': `${LETTER}  - organization: Oxfam\n`,
      'theirs.yaml': `${LETTER.replace('title: Clean water', 'title: [')}  - organization: Amnesty International\n`,
    });
    const r = await runInMemory(['merge-driver', 'base.yaml', 'ours.yaml', 'theirs.yaml', 'letters/water.yaml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: letters/water.yaml: one of the versions is not a valid letter — resolve the conflict markers in the file by hand, then run `letters check` and commit\n',
    );
    expect(readFileSync(path.join(cwd, 'ours.yaml'), 'utf8')).toMatch(/<<<<<<< ours\n[\s\S]*Oxfam[\s\S]*>>>>>>> theirs\n/);
  });
});

test('a version git cannot merge either (too large, binary): the error says the file is left as our side, never "resolve the markers"', async () => {
  const cwd = testdir({ 'base.yaml': LETTER, 'ours.yaml': `${LETTER}  - organization: Oxfam\n`, 'theirs.yaml': '' });
  truncateSync(path.join(cwd, 'theirs.yaml'), 65 * 1024 * 1024); // sparse: no disk used
  const r = await runInMemory(['merge-driver', 'base.yaml', 'ours.yaml', 'theirs.yaml', 'letters/water.yaml'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^letters: letters\/water\.yaml: .*theirs\.yaml is too large to be a letter file: 65 MiB \(the limit is 64 MiB\)/,
  );
  expect(r.stderr).toContain(
    "— git merge-file could not merge the file, so it is left as your branch has it: take the other branch's entries from `git show :3:letters/water.yaml` by hand",
  );
  expect(readFileSync(path.join(cwd, 'ours.yaml'), 'utf8')).toBe(`${LETTER}  - organization: Oxfam\n`);
});

describe('a signature standing and withdrawn at once', () => {
  const BOTH = `${LETTER}withdrawn:\n  - organization: Acme Water Trust\n    signed: 2026-03-01\n    withdrawn: 2026-03-05\n`;

  test('what a conflict resolved by keeping both sides leaves: check refuses it, naming both', async () => {
    const cwd = testdir({ 'letters/water.yaml': BOTH });
    const r = await runInMemory(['check', 'water'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'letters: letters/water.yaml:11:5: signatory 2, the organization "Acme Water Trust", is also withdrawn entry 1 (withdrawn on 2026-03-05): a signature is standing or withdrawn, not both — keep one: remove this entry if the withdrawal stands (a merge may have kept both sides), or the withdrawn entry if it was a mistake; if they signed again, it is dated 2026-03-05 or later (signed:)',
    );
    const render = await runInMemory(['render', 'water', '-o', 'w.pdf'], { cwd });
    expect(render.code).toBe(1);
  });

  test('one who signed again after withdrawing, even the same day, is fine', async () => {
    const again = BOTH.replace(
      '  - organization: Acme Water Trust\n    signed: 2026-03-01\n',
      '  - organization: Acme Water Trust\n    signed: 2026-03-05\n',
    );
    const cwd = testdir({ 'letters/water.yaml': again });
    const r = await runInMemory(['check', 'water'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const day = testdir({ 'letters/d.yaml': 'title: D\nrecipient:\n  name: R\n' });
    for (const args of [
      ['sign', 'd', '--org', 'Acme'],
      ['unsign', 'd', '--org', 'Acme'],
      ['sign', 'd', '--org', 'Acme'],
      ['check', 'd'],
    ]) {
      const step = await runInMemory(args, { cwd: day });
      expect(step.code, `${args.join(' ')}: ${step.stderr}`).toBe(0);
    }
  });

  test('the merge of a withdrawal on one branch with the untouched entry on the other keeps only the withdrawal', async () => {
    const { cwd, run, letters } = await repo();
    run('git', 'checkout', '-qb', 'alice');
    letters('unsign', 'water', '--org', 'Acme Water Trust');
    run('git', 'commit', '-qam', 'alice');
    run('git', 'checkout', '-q', 'main');
    letters('sign', 'water', '--org', 'Oxfam');
    run('git', 'commit', '-qam', 'main');
    expect(run('git', 'merge', '--no-edit', 'alice').code).toBe(0);
    expect(letters('check', 'water').code).toBe(0);
    expect(file(cwd)).toMatch(/signatories:\n[\s\S]*Oxfam[\s\S]*withdrawn:\n {2}- organization: Acme Water Trust\n/);
    expect(file(cwd).match(/Acme Water Trust/g)).toHaveLength(1);
  });
});

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { ROOT, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'signons', 'letter.yaml');

function setup(): { cwd: string; file: string } {
  const cwd = testdir();
  mkdirSync(path.join(cwd, 'letters'));
  const file = path.join(cwd, 'letters', 'water.yaml');
  copyFileSync(FIXTURE, file);
  return { cwd, file };
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.org',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.org',
};
const gitIn = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
const editText = (file: string): void =>
  writeFileSync(file, readFileSync(file, 'utf8').replace('restore the water quota', 'restore the full water quota'));

describe('who signed which text', () => {
  test('sign stamps the text; after an edit, status names who signed the earlier text, render warns, --final refuses, --reconfirm records agreement', async () => {
    const { cwd, file } = setup();
    let r = await runBin(['sign', 'water', '--org', 'Human Rights Watch', '--name', 'Jo Roe'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const before = parseLetter(readFileSync(file, 'utf8'), 'w').letter.signatories[1]!.text;
    expect(before).toMatch(/^[0-9a-f]{8}$/);
    editText(file);

    r = await runBin(['status', 'water'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Status: open$/m);
    expect(r.stdout).toMatch(/^Signatories: 2 \(2 organizations, 0 individuals\)$/m);
    expect(r.stdout).toContain(`Signed an earlier text: 1\n  Jo Roe, Human Rights Watch (text ${before}, line 19)`);
    expect(r.stdout).toContain('Text not recorded: 1');
    const json = JSON.parse((await runBin(['status', 'water', '--json'], { cwd })).stdout);
    expect(json.earlierText).toEqual([
      { signatory: 2, line: 19, organization: 'Human Rights Watch', name: 'Jo Roe', text: before, lang: null },
    ]);
    expect(json.text).not.toBe(before);

    r = await runBin(['list'], { cwd });
    expect(r.stdout).toMatch(/^SLUG\s+STATUS\s+SIGNED\s+PENDING\s+EARLIER\s+TITLE\nwater\s+open\s+2\s+0\s+1\s+Clean water/);

    r = await runBin(['render', 'water', '-o', 'w.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^letters: letters\/water\.yaml:19:5: warning: 1 signatory signed an earlier text than the current one \([0-9a-f]{8}\): Human Rights Watch — /,
    );
    r = await runBin(['render', 'water', '--final', '-o', 'final.pdf'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--final renders only a text every signatory agreed to/);

    r = await runBin(['sign', 'water', '--reconfirm', '--org', 'human rights watch'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Reconfirmed: Jo Roe, Human Rights Watch agreed to the current text \(([0-9a-f]{8}); was [0-9a-f]{8}\)/);
    expect(readFileSync(file, 'utf8')).toMatch(/^# A letter for the sign-on tests/);
    r = await runBin(['render', 'water', '--final', '-o', 'final.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('diff --since finds the signed text in git history and prints what changed; says clearly when it cannot', async () => {
    const { cwd, file } = setup();
    let r = await runBin(['diff', 'water', '--since', '0123abcd'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/letters\/water\.yaml is not in a git repository, so text 0123abcd cannot be found/);

    gitIn(cwd, 'init', '-q');
    gitIn(cwd, 'add', '.');
    gitIn(cwd, 'commit', '-qm', 'the letter');
    await runBin(['sign', 'water', '--org', 'Human Rights Watch'], { cwd });
    gitIn(cwd, 'commit', '-qam', 'a signature');
    editText(file);
    gitIn(cwd, 'commit', '-qam', 'an edit');

    r = await runBin(['diff', 'water', '--since', 'Human Rights Watch'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Changes since the text Human Rights Watch signed \([0-9a-f]{8}\):\n--- text [0-9a-f]{8} \(commit [0-9a-f]{7}, /,
    );
    expect(r.stdout).toContain(
      '-We, the undersigned organizations, ask you to restore the water quota.\n+We, the undersigned organizations, ask you to restore the full water quota.',
    );

    r = await runBin(['diff', 'water', '--since', 'deadbeef'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no commit of letters\/water\.yaml has text deadbeef \(3 commits searched\)/);
    r = await runBin(['diff', 'water', '--since', 'Electronic Frontier Foundation (EFF)'], { cwd });
    expect(r.stderr).toMatch(/records no text/);
    await runBin(['sign', 'water', '--reconfirm', '--org', 'Human Rights Watch'], { cwd });
    r = await runBin(['diff', 'water', '--since', 'Human Rights Watch'], { cwd });
    expect(r.stdout).toMatch(/^No change: /);
  });

  test('sign warns of a probable duplicate with its line and, without a terminal, refuses unless --allow-similar', async () => {
    const { cwd, file } = setup();
    const original = readFileSync(file, 'utf8');
    let r = await runBin(['sign', 'water', '--org', 'The Electronic Frontier Foundation, Inc.'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'letters: letters/water.yaml:16:5: warning: "The Electronic Frontier Foundation, Inc." may be the same as signatory 1, "Jane Roe, Electronic Frontier Foundation (EFF)" (same name written differently)',
    );
    expect(readFileSync(file, 'utf8')).toBe(original);
    r = await runBin(['sign', 'water', '--org', 'EFF', '--allow-similar'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Signed: EFF\n2 signatories\n');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const stale = readFileSync(path.join(ROOT, 'test/fixtures/merge-agreement/stale.yaml'), 'utf8');
const people = 'Name,Title\nAna Lima,Minister\nBo Chen,Deputy Minister\n';

describe('a mail merge checks who signed an earlier text, as render does', () => {
  test('it warns once on stderr, naming them at their line, and still writes every letter', async () => {
    const cwd = testdir({ 'letters/water.yaml': stale, 'people.csv': people, 'out/.keep': '' });
    const r = await runInMemory(['render', 'water', '--recipients', 'people.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^letters: letters\/water\.yaml:11:5: warning: 2 signatories signed an earlier text than the current one \([0-9a-f]{8}\): Water Rights Coalition, River Keepers — see what changed with `letters diff water --since "Water Rights Coalition"`/,
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['.keep', 'water-ana-lima.txt', 'water-bo-chen.txt']);
  });

  test.each([[[]], [['--combined']]])('--final %j refuses, exit 1, nothing written', async (extra) => {
    const cwd = testdir({ 'letters/water.yaml': stale, 'people.csv': people, 'out/.keep': '' });
    const output = extra.length > 0 ? ['-o', 'out/all.pdf'] : ['-o', 'out'];
    const r = await runInMemory(['render', 'water', '--recipients', 'people.csv', '--final', ...extra, ...output], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^letters: letters\/water\.yaml:11:5: 2 signatories signed an earlier text than the current one \([0-9a-f]{8}\): Water Rights Coalition, River Keepers — --final renders only a text every signatory agreed to; /,
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['.keep']);
  });

  test('once they reconfirm, --final merges without a word on stderr', async () => {
    const cwd = testdir({ 'letters/water.yaml': stale, 'people.csv': people, 'out/.keep': '' });
    for (const org of ['Water Rights Coalition', 'River Keepers']) {
      const s = await runInMemory(['sign', 'water', '--reconfirm', '--org', org], { cwd });
      expect(s.code, s.stderr).toBe(0);
    }
    const r = await runInMemory(['render', 'water', '--recipients', 'people.csv', '--final', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(readdirSync(path.join(cwd, 'out'))).toHaveLength(3);
  });
});

describe('render --all with a mail merge flag', () => {
  test.each([
    [['--recipients', 'people.csv'], '--recipients'],
    [['--combined'], '--combined'],
    [['--encoding', 'latin1'], '--encoding'],
  ])('%s is refused, not ignored', async (flags, flag) => {
    const cwd = testdir({ 'letters/a.yaml': 'title: A\nrecipient:\n  name: R\nsignatories: []\n' });
    const r = await runInMemory(['render', '--all', ...flags], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`letters: ${flag} is for one letter's mail merge, not --all — give the letter to send to each recipient\n`);
  });
});

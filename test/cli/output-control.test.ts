import { describe, expect, test } from 'vitest';
import { createProgress, progressMode } from '../../src/io/terminal/progress.js';
import { useColor } from '../../src/io/terminal/color.js';
import { cleanEnv, fixtureLetter, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const letter = 'title: T\nstatus: open\nrecipient:\n  name: R\n';
const RED = '\u001b[1;31mletters:\u001b[39;22m';
const YELLOW = '\u001b[1;33mletters:\u001b[39;22m';

/** The test environment without its NO_COLOR, plus `extra`. */
function colorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NO_COLOR: _, ...env } = cleanEnv();
  return { ...env, ...extra };
}

describe('--quiet', () => {
  test('reports and warnings go; errors and what was asked for stay', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter });
    const signed = await runInMemory(['sign', 'l', '--org', 'Acme', '--quiet'], { cwd });
    expect([signed.code, signed.stdout, signed.stderr]).toEqual([0, '', '']);
    const warned = await runInMemory(['open', 'l', '--deadline', '2020-01-01'], { cwd });
    expect(warned.stderr).toMatch(/^letters: warning: the deadline 2020-01-01 has passed/);
    const quiet = await runInMemory(['-q', 'open', 'l', '--deadline', '2020-01-01'], { cwd });
    expect([quiet.stdout, quiet.stderr]).toEqual(['', '']);
    const listed = await runInMemory(['list', '--quiet'], { cwd });
    expect(listed.stdout).toMatch(/^SLUG\s+STATUS/);
    const failed = await runInMemory(['sign', 'l', '--org', 'ACME', '--late', '--quiet'], { cwd });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^letters: the organization "Acme" has already signed/);
  });
});

describe('--verbose', () => {
  test('says where the letters folder and the settings were found', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter });
    const r = await runInMemory(['--verbose', 'list'], { cwd });
    expect(r.stderr).toMatch(
      /^letters verbose: settings: no letters\.config\.yaml here or above\nletters verbose: letters folder: letters \(found from here\)\nletters verbose: done in \d+\.\d\d s\n$/,
    );
    const signed = await runInMemory(['sign', 'l', '--org', 'Acme', '--verbose'], { cwd });
    expect(signed.stderr).toMatch(/^letters verbose: wrote letters\/l\.yaml \(\d+ bytes\)$/m);
    const rendered = await runInMemory(['render', 'l', '--format', 'md', '--verbose'], { cwd });
    expect(rendered.stderr).toMatch(/^letters verbose: wrote l\.md \(\d+ bytes\)$/m);
    const set = testdir({ 'campaign/l.yaml': letter, 'letters.config.yaml': 'dir: campaign\n' });
    expect((await runInMemory(['list', '--verbose'], { cwd: set })).stderr).toMatch(
      /^letters verbose: settings: letters\.config\.yaml\nletters verbose: letters folder: campaign \(from letters\.config\.yaml:1\)\n/,
    );
    expect((await runInMemory(['list'], { cwd })).stderr).toBe('');
  });
});

describe('colour', () => {
  test('on a terminal an error is red and a warning yellow; the words are the same', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter });
    const err = await runInMemory(['sign', 'nope', '--org', 'A'], { cwd, tty: true, env: colorEnv() });
    expect(err.stderr.startsWith(`${RED} no letter "nope"`)).toBe(true);
    expect(err.stderr).toContain('\u001b[2m— ');
    const warned = await runInMemory(['open', 'l', '--deadline', '2020-01-01'], { cwd, tty: true, env: colorEnv() });
    expect(warned.stderr.startsWith(`${YELLOW} \u001b[1;33mwarning:\u001b[39;22m the deadline`)).toBe(true);
    expect(warned.stderr.replace(/\u001b\[[0-9;]*m/g, '')).toBe(
      (await runInMemory(['open', 'l', '--deadline', '2020-01-01'], { cwd })).stderr,
    );
  });

  test.each([
    ['a terminal', true, {}, [], true],
    ['NO_COLOR', true, { NO_COLOR: '1' }, [], false],
    ['TERM=dumb', true, { TERM: 'dumb' }, [], false],
    ['no terminal', false, {}, [], false],
    ['FORCE_COLOR without a terminal', false, { FORCE_COLOR: '1' }, [], true],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, [], false],
    ['FORCE_COLOR over NO_COLOR', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, [], true],
    ['--color always without a terminal', false, {}, ['--color', 'always'], true],
    ['--color never over FORCE_COLOR', true, { FORCE_COLOR: '1' }, ['--color', 'never'], false],
  ])('%s', async (_name, tty, extra, flags, colored) => {
    const cwd = testdir();
    const r = await runInMemory([...flags, 'sign', 'nope'], { cwd, tty, env: colorEnv(extra) });
    expect(r.stderr.startsWith(RED)).toBe(colored);
    expect(useColor((flags[1] as 'always' | 'never' | undefined) ?? 'auto', { isTTY: tty }, colorEnv(extra))).toBe(colored);
  });

  test('--color takes auto, always or never', async () => {
    const r = await runInMemory(['--color', 'sometimes', 'list'], { cwd: testdir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^letters: option '--color <when>' argument 'sometimes' is invalid\. Allowed choices are auto, always, never\. — see letters --help\n$/,
    );
  });
});

describe('progress', () => {
  const recorder = () => {
    let now = 0;
    const written: string[] = [];
    const tick = (ms: number): void => {
      now += ms;
    };
    return { written, tick, clock: () => now, write: (t: string) => void written.push(t) };
  };

  test('on a terminal: redrawn at most every 100 ms, the last step always, cleared at the end', () => {
    const r = recorder();
    const p = createProgress('Rendering', 4, { mode: 'terminal', write: r.write, clock: r.clock });
    p.update(1, 'a');
    r.tick(50);
    p.update(2, 'b'); // too soon
    r.tick(60);
    p.update(3, 'c');
    p.update(4, 'd'); // the last: drawn at once
    p.end();
    expect(r.written).toEqual(['\r\u001b[KRendering 1/4: a', '\r\u001b[KRendering 3/4: c', '\r\u001b[KRendering 4/4: d', '\r\u001b[K']);
  });

  test('a line longer than the terminal is cut to fit, and an item is escaped', () => {
    const r = recorder();
    const p = createProgress('Writing', 2, { mode: 'terminal', write: r.write, clock: r.clock, columns: 20 });
    p.update(1, 'a-very-long-name\u001b[2J.pdf');
    expect(r.written).toEqual(['\r\u001b[KWriting 1/2: a-ver…']); // 19 columns: the cursor keeps the 20th
  });

  test('in CI one line at the end; without a terminal nothing; --quiet nothing', () => {
    const r = recorder();
    const p = createProgress('Checking rows', 10_000, { mode: 'ci', write: r.write, clock: r.clock });
    for (let i = 1; i <= 10_000; i++) p.update(i);
    r.tick(2_345);
    p.end();
    p.end();
    expect(r.written).toEqual(['Checking rows 10000/10000 (2.3 s)\n']);
    expect(progressMode({ isTTY: false }, {}, false)).toBe('off');
    expect(progressMode({ isTTY: false }, { CI: 'true' }, false)).toBe('ci');
    expect(progressMode({ isTTY: true }, { CI: 'true' }, false)).toBe('terminal');
    expect(progressMode({ isTTY: true }, {}, true)).toBe('off');
  });

  test('every long command uses it: render --all, the mail merge, import', async () => {
    const cwd = testdir({
      'letters/a.yaml': fixtureLetter(),
      'letters/b.yaml': fixtureLetter(),
      'people.csv': 'Name\nJane Doe\nJo Roe\n',
      'rows.csv': 'Organization\nNew One\nNew Two\n',
    });
    const ci = cleanEnv({ CI: 'true' });
    const all = await runInMemory(['render', '--all', '--format', 'md'], { cwd, env: ci });
    expect(all.stderr).toMatch(/^Rendering 2\/2 \(\d+\.\d s\)\n$/);
    const merge = await runInMemory(['render', 'a', '--recipients', 'people.csv', '--format', 'txt', '-o', '.'], { cwd, env: ci });
    expect(merge.stderr).toMatch(/Checking recipients 2\/2 \(\d+\.\d s\)\nWriting 2\/2 \(\d+\.\d s\)\n$/);
    const imported = await runInMemory(['import', 'a', 'rows.csv'], { cwd, env: ci });
    expect(imported.stderr).toMatch(/^Checking rows 2\/2 \(\d+\.\d s\)\n$/);
    const terminal = await runInMemory(['import', 'b', 'rows.csv', '--dry-run'], { cwd, tty: true });
    expect(terminal.stderr).toBe('\r\u001b[KChecking rows 1/2\r\u001b[KChecking rows 2/2\r\u001b[K');
    expect((await runInMemory(['render', '--all', '--format', 'md', '-q'], { cwd, env: ci })).stderr).toBe('');
  });

  test('a problem printed while the line shows clears it first', async () => {
    const cwd = testdir({ 'letters/a.yaml': 'title: [\n', 'letters/b.yaml': fixtureLetter() });
    const r = await runInMemory(['render', '--all', '--format', 'md'], { cwd, tty: true });
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('\r\u001b[KRendering 1/2: a\r\u001b[Kletters: letters/a.yaml:')).toBe(true);
  });
});

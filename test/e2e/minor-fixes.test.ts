// Small fixes: each case failed before its fix.
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const LETTER = 'title: Minor fixes\nrecipient:\n  name: Jane Doe\nsignatories:\n  - name: Ana Pop\n';

describe('a flag value the terminal did not send as UTF-8', () => {
  test.each([
    ['sign', '--name'],
    ['sign', '--org'],
    ['sign', '--title'],
  ])('%s %s with U+FFFD is refused, naming the flag, and the file is unchanged', async (cmd, flag) => {
    const cwd = testdir({ 'letters/l.yaml': LETTER });
    const args = flag === '--title' ? ['--name', 'Bo Li', flag, 'Chef \ufffd'] : [flag, 'Jos\ufffd'];
    const r = await runInMemory([cmd, 'l', ...args], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^letters: ${flag} contains U\\+FFFD: the terminal sent bytes that are not UTF-8 text — `));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toBe(LETTER);
  });

  test('new --to with U+FFFD writes no letter', async () => {
    const cwd = testdir();
    const r = await runInMemory(['new', 'x', '--title', 'T', '--to', 'Jos\ufffd'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--to contains U+FFFD: the terminal sent bytes that are not UTF-8 text');
    expect(existsSync(path.join(cwd, 'letters/x.yaml'))).toBe(false);
  });

  test('a U+FFFD typed in the letter file stays allowed', async () => {
    const cwd = testdir({ 'letters/l.yaml': LETTER.replace('Ana Pop', 'Ana \ufffd') });
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(0);
    expect(r).toMatchObject({ stdout: 'ok  letters/l.yaml (1 signatory)\n', stderr: '' });
  });
});

describe('sign --update in a CRLF file', () => {
  test.each([
    [
      'before a later field',
      '  - name: Ana Pop\r\n    signed: 2026-01-01\r\n',
      '  - name: Ana Pop\r\n    title: Chair\r\n    signed: 2026-03-02\r\n',
    ],
    [
      'at the end of the entry',
      '  - name: Ana Pop\r\n  - name: Bo Li\r\n',
      '  - name: Ana Pop\r\n    title: Chair\r\n    signed: 2026-03-02\r\n  - name: Bo Li\r\n',
    ],
    [
      'at the end of a file without a last line break',
      '  - name: Ana Pop',
      '  - name: Ana Pop\r\n    title: Chair\r\n    signed: 2026-03-02',
    ],
  ])('a new title line %s takes CRLF, byte for byte', async (_, entries, after) => {
    const head = 'title: T\r\nrecipient:\r\n  name: R\r\nsignatories:\r\n';
    const cwd = testdir({ 'letters/l.yaml': head + entries });
    const r = await runInMemory(['sign', 'l', '--name', 'Ana Pop', '--title', 'Chair', '--update'], { cwd });
    expect(r.stderr).toBe('');
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'latin1')).toBe(head + after);
  });
});

describe('SOURCE_DATE_EPOCH near the end of 9999, east of UTC', () => {
  test('the message names the time zone and a last second that is accepted', async () => {
    const cwd = testdir({ 'letters/l.yaml': LETTER });
    const env = cleanEnv({ TZ: 'Asia/Tokyo', SOURCE_DATE_EPOCH: '253402300799' });
    const r = await runBin(['sign', 'l', '--name', 'Bo Li'], { cwd, env });
    expect(r.code).toBe(2);
    const m =
      /^letters: SOURCE_DATE_EPOCH is past the year 9999 in this time zone \(Asia\/Tokyo\): 253402300799 — set it to whole seconds since 1970 from 0 to (\d+) \(9999-12-31\)/.exec(
        r.stderr,
      );
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBe(253402300799 - 9 * 3600);
    const ok = await runBin(['sign', 'l', '--name', 'Bo Li'], { cwd, env: { ...env, SOURCE_DATE_EPOCH: m![1]! } });
    expect(ok.stderr).toBe('');
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toContain('signed: 9999-12-31');
    const over = await runBin(['sign', 'l', '--name', 'Cy Do'], { cwd, env: { ...env, SOURCE_DATE_EPOCH: String(Number(m![1]) + 1) } });
    expect(over.code).toBe(2);
  });
});

describe('an old-style lock folder', () => {
  test('an empty one unchanged for over 10 s is removed, as the README says; a younger or non-empty one is not', async () => {
    const cwd = testdir({ 'letters/l.yaml': LETTER });
    const lock = path.join(cwd, 'letters/l.yaml.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const r = await runInMemory(['sign', 'l', '--name', 'Bo Li'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);

    // A younger empty one may still be held: waited for, then busy, and left in place.
    mkdirSync(lock);
    const young = await runInMemory(['sign', 'l', '--name', 'Cy Do'], { cwd, env: cleanEnv({ LETTERS_LOCK_WAIT: '0.2' }) });
    expect(young.code).toBe(1);
    expect(young.stderr).toMatch(/^letters: letters\/l\.yaml is still locked by another letters command \(since [\d:]+\) after 0\.2 s — /);
    expect(statSync(lock).isDirectory()).toBe(true);

    writeFileSync(path.join(lock, 'keep'), 'x');
    utimesSync(lock, old, old);
    const busy = await runInMemory(['sign', 'l', '--name', 'Cy Do'], { cwd });
    expect(busy.code).not.toBe(0);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('a folder with files in it');
    expect(statSync(path.join(lock, 'keep')).isFile()).toBe(true);
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).not.toContain('Cy Do');

    const readme = readFileSync(path.join(__dirname, '../../docs/reliability.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain('an empty folder there is the lock of letters 0.1, and is removed once unchanged for 10 seconds');
  });
});

// What letters reads and where it writes: only regular files, folders called what they are,
// slugs that fit a file name, -o folders, .yml letters, the place of a bad byte, and a stdout
// that is closed or full.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { firstInvalidUtf8 } from '../../src/io/files/letter-files.js';
import { testdir } from '../helpers/testdir.js';

const LETTER = 'title: Files test\nrecipient:\n  name: Jane Doe\nsignatories:\n  - name: Ana Pop\n';

type Result = { code: number | null; stdout: string; stderr: string };

function lines(r: Result): string[] {
  return r.stderr.trimEnd().split('\n');
}

/** Run through a shell, so that the shell can close or redirect stdout. */
function viaShell(command: string, cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      'sh',
      ['-c', command],
      { cwd, env: { ...cleanEnv(), LETTERS: `${process.execPath} ${BIN}` }, timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

describe('only regular files are read: a pipe or a device named like a letter never hangs a command', () => {
  const specials: [string, (file: string) => void, string][] = [
    ['a named pipe (FIFO)', (file) => execFileSync('mkfifo', [file]), 'a named pipe \\(FIFO\\)'],
    ['a symbolic link to /dev/zero', (file) => symlinkSync('/dev/zero', file), 'a device'],
  ];

  test.each(specials)('%s: list and check skip it with a line saying why; sign and render refuse it', async (_name, make, what) => {
    const cwd = testdir({ 'letters/a.yaml': LETTER });
    const file = path.join(cwd, 'letters/x.yaml');
    make(file);
    const entry = new RegExp(`^letters: letters/x\\.yaml is ${what}, not a letter file — letters reads only regular files`);

    const list = await runBin(['list'], { cwd, timeoutMs: 10_000 });
    expect(list.code).toBe(1);
    expect(list.stdout).toMatch(/^a +draft +1 +0 +0 +Files test\nx +invalid +- +- +-\n$/m);
    expect(lines(list)).toHaveLength(2);
    expect(lines(list)[0]).toMatch(entry);

    const check = await runBin(['check'], { cwd, timeoutMs: 10_000 });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('ok  letters/a.yaml (1 signatory)\n');
    expect(lines(check)).toHaveLength(2);
    expect(lines(check)[0]).toMatch(entry);

    for (const args of [
      ['sign', 'x', '--name', 'B'],
      ['render', 'x'],
      ['check', 'x'],
      ['sign', 'letters/x.yaml', '--name', 'B'],
    ]) {
      const r = await runInMemory(args, { cwd });
      expect(r.code, args.join(' ')).toBe(1);
      expect(lines(r)[0], args.join(' ')).toMatch(entry);
    }
    expect(readdirSync(cwd).sort()).toEqual(['letters']);
  });
});

describe('a letter path that is a folder is called a folder', () => {
  test.each([
    [['sign', 'ex', '--name', 'B']],
    [['render', 'ex']],
    [['unsign', 'ex', '--name', 'B']],
    [['sign', 'letters/ex.yaml', '--name', 'B']],
    [['check', 'ex']],
  ])('%j', async (args) => {
    const cwd = testdir({ 'letters/ex.yaml/notes.txt': 'not a letter' });
    const r = await runInMemory(args, { cwd });
    expect(r.code).toBe(1);
    expect(lines(r)[0]).toBe('letters: letters/ex.yaml is a folder, not a letter file — give a .yaml file or a slug');
  });

  test('new refuses to make a letter where a folder has its name', async () => {
    const cwd = testdir({ 'letters/ex.yaml/notes.txt': 'not a letter' });
    const r = await runInMemory(['new', 'ex', '--force', '--title', 'T', '--to', 'R'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('letters: letters/ex.yaml is a folder, not a letter file — give a .yaml file or a slug\n');
  });
});

describe('slugs fit a file name, with room for the lock and temporary names', () => {
  const longest = `${'a'.repeat(50)}-${'b'.repeat(49)}`;
  const tooLong = `${longest}c`;

  test('a 100-character slug works for new, sign and render', async () => {
    expect(longest).toHaveLength(100);
    const cwd = testdir();
    expect((await runInMemory(['new', longest, '--title', 'T', '--to', 'R'], { cwd })).code).toBe(0);
    const signed = await runInMemory(['sign', longest, '--name', 'Ana Pop'], { cwd });
    expect(signed.code, signed.stderr).toBe(0);
    const rendered = await runInMemory(['render', longest], { cwd });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(existsSync(path.join(cwd, `${longest}.pdf`))).toBe(true);
  });

  test.each([[['new', tooLong, '--title', 'T', '--to', 'R']], [['sign', tooLong, '--name', 'B']], [['render', tooLong]]])(
    'a 101-character slug is a usage error: %j',
    async (args) => {
      const cwd = testdir();
      const r = await runInMemory(args, { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `letters: "${tooLong}" is not a letter name: a letter name is at most 100 characters long (this one has 101) — use a shorter name, at most 100 characters\n`,
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
  );
});

describe('-o with a trailing slash names a folder', () => {
  test('a missing folder is an error, and no file is written in its place', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await runInMemory(['render', 'x', '-o', 'out/'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('letters: the folder out/ does not exist — create it first (mkdir -p out/), or choose another -o\n');
    expect(readdirSync(cwd)).toEqual(['letters']);
  });

  test('an existing folder gets <slug>.pdf', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'out/keep.txt': '' });
    const r = await runInMemory(['render', 'x', '-o', 'out/'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Wrote out/x.pdf (1 signatory)\n');
    expect(readFileSync(path.join(cwd, 'out/x.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('a file named with a trailing slash is not a folder', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'out.pdf': '%PDF-1.7 old' });
    const r = await runInMemory(['render', 'x', '-o', 'out.pdf/'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('letters: out.pdf is not a folder — without the trailing slash -o names a file; or choose another -o\n');
    expect(readFileSync(path.join(cwd, 'out.pdf'), 'utf8')).toBe('%PDF-1.7 old');
  });
});

describe('.yml letters are letters everywhere', () => {
  test('list, check, sign, unsign and render find letters/x.yml by its slug', async () => {
    const cwd = testdir({ 'letters/x.yml': LETTER, 'letters/a.yaml': LETTER });
    let r = await runInMemory(['list'], { cwd });
    expect(r.stdout).toMatch(/^a +draft +1 +0 +0 +Files test\nx +draft +1 +0 +0 +Files test\n$/m);
    r = await runInMemory(['sign', 'x', '--name', 'Bo Li'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters/x.yml'), 'utf8')).toContain('Bo Li');
    r = await runInMemory(['unsign', 'x', '--name', 'Ana Pop'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    r = await runInMemory(['check', 'x'], { cwd });
    expect(r.stdout).toBe('ok  letters/x.yml (1 signatory)\n');
    r = await runInMemory(['render', 'x'], { cwd });
    expect(r.stdout).toBe('Wrote x.pdf (1 signatory)\n');
    r = await runInMemory(['new', 'x', '--title', 'T', '--to', 'R'], { cwd });
    expect(r.stderr).toBe('letters: letters/x.yml already exists — pick another name, or add --force to replace it\n');
    expect(readdirSync(path.join(cwd, 'letters')).sort()).toEqual(['a.yaml', 'x.yml']);
  });

  test('a slug that is both x.yaml and x.yml is refused with both names', async () => {
    const cwd = testdir({ 'letters/x.yml': LETTER, 'letters/x.yaml': LETTER });
    const both =
      'letters: letters/x.yaml and letters/x.yml are both the letter "x" — keep one: merge them, then remove or rename the other';
    for (const args of [
      ['sign', 'x', '--name', 'B'],
      ['render', 'x'],
      ['check', 'x'],
      ['new', 'x', '--force', '--title', 'T', '--to', 'R'],
      ['check'],
      ['list'],
    ]) {
      const r = await runInMemory(args, { cwd });
      expect(r.code, args.join(' ')).toBe(1);
      expect(lines(r)[0], args.join(' ')).toBe(both);
    }
    expect(readFileSync(path.join(cwd, 'letters/x.yml'), 'utf8')).toBe(LETTER);
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toBe(LETTER);
  });
});

test('a byte that is not UTF-8 is reported at its line and column', async () => {
  const cwd = testdir();
  const text = Buffer.concat([
    Buffer.from(`${LETTER}${Array.from({ length: 74 }, (_, i) => `  - name: Person ${i}\n`).join('')}`),
    Buffer.from('  - name: Caf'),
    Buffer.from([0xe9]),
    Buffer.from('\n'),
  ]);
  writeFileSync(path.join(cwd, 'l.yaml'), text);
  const r = await runInMemory(['check', 'l.yaml'], { cwd });
  expect(r.code).toBe(1);
  expect(lines(r)[0]).toBe(
    'letters: l.yaml:80:14: the file is not UTF-8 text: byte 0xE9 here is not UTF-8 — save the file as UTF-8 in your editor',
  );
});

describe('a stdout that is closed or full', () => {
  test('render -o - with stdout closed: a write error, exit 1', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await viaShell('$LETTERS render x -o - >&-', cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: cannot write the PDF to standard output: it is closed — redirect it to a file (… -o - > file.pdf), or give -o a file name\n',
    );
  });

  test('render -o - to /dev/full: a write error, exit 1', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await viaShell('$LETTERS render x -o - >/dev/full', cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: cannot write the PDF to standard output: no space is left where it goes — write it to a file with -o instead\n',
    );
  });

  test('lines for people to /dev/full: one line, exit 1, no stack; the command itself was done', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await viaShell('$LETTERS sign x --name "Bo Li" >/dev/full', cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: cannot write to standard output: no space is left where it goes — the command itself finished, but what it printed was lost\n',
    );
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toContain('Bo Li');
  });

  test('lines for people to a closed stdout are dropped quietly: the command succeeds', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await viaShell('$LETTERS list >&-', cwd);
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  test('to /dev/null (written straight to, without a stream): render -o -, sign and --help succeed, saying nothing', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    for (const args of ['render x -o -', 'sign x --name "Bo Li"', '--help', 'export x']) {
      const r = await viaShell(`$LETTERS ${args} >/dev/null`, cwd);
      expect(r, args).toMatchObject({ code: 0, stderr: '' });
    }
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toContain('Bo Li');
  });
});

test('a PDF written in place of an earlier one keeps its mode', async () => {
  const cwd = testdir({ 'letters/x.yaml': LETTER });
  mkdirSync(path.join(cwd, 'out'));
  writeFileSync(path.join(cwd, 'out/x.pdf'), '%PDF-1.7\n(letters 0.1.0) old', { mode: 0o600 });
  const r = await runInMemory(['render', 'x', '-o', 'out'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  expect(statSync(path.join(cwd, 'out/x.pdf')).mode & 0o777).toBe(0o600);
  expect(readdirSync(path.join(cwd, 'out'))).toEqual(['x.pdf']);
});

test.each([
  ['plain ASCII', [0x61, 0x62], -1],
  ['a valid 2-, 3- and 4-byte sequence', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
  ['a lone continuation byte', [0x61, 0x80], 1],
  ['an overlong encoding', [0x61, 0xc0, 0x80], 1],
  ['a surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
  ['a sequence cut off at the end', [0x61, 0xe2, 0x82], 1],
  ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ['a byte never used in UTF-8', [0x61, 0xff], 1],
])('firstInvalidUtf8: %s', (_name, bytes, at) => {
  expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  expect(at === -1).toBe(
    (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
        return true;
      } catch {
        return false;
      }
    })(),
  );
});

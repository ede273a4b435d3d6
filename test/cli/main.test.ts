import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { EXIT_CODES } from '../../src/errors.js';
import { ROOT, cleanEnv, expectCleanError, fixtureLetter, runInMemory, snapshot } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

// The command line through main() in this process: the same wiring, messages and exit codes
// as the binary, without a process per case. test/e2e spawns the binary for what only a real
// process shows.

const fixture = fixtureLetter();

describe('commands that change a letter', () => {
  test('--dir and LETTERS_DIR choose the letters folder; -o into a folder names the file by slug', async () => {
    const cwd = testdir({ 'campaign/example.yaml': fixture, 'out/.keep': '' });
    expect((await runInMemory(['--dir', 'campaign', 'list'], { cwd })).stdout).toMatch(/example\s+open\s+7/);
    expect((await runInMemory(['list'], { cwd, env: cleanEnv({ LETTERS_DIR: 'campaign' }) })).stdout).toMatch(/example\s+open\s+7/);
    const r = await runInMemory(['render', 'example', '--dir', 'campaign', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(cwd, 'out/example.pdf'))).toBe(true);
  });

  test('unsign withdraws one signatory', async () => {
    const cwd = testdir({ 'letters/example.yaml': fixture });
    const r = await runInMemory(['unsign', 'example', '--org', 'toprak ve su dernegi'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      'Withdrawn: Elif Ağaoğlu, Executive Director, Toprak ve Su Derneği (kept under withdrawn:, never printed)\n6 signatories\n',
    );
    const { letter } = parseLetter(readFileSync(path.join(cwd, 'letters/example.yaml'), 'utf8'), 'x');
    expect(letter.signatories.map((s) => s.name)).not.toContain('Elif Ağaoğlu');
    expect(letter.withdrawn?.map((s) => s.name)).toEqual(['Elif Ağaoğlu']);
  });

  test('a byte-order mark at the start of a letter file survives signing', async () => {
    const cwd = testdir();
    writeFileSync(path.join(cwd, 'l.yaml'), Buffer.from(`\ufeff${letter('signatories:\n  - name: A\n')}`, 'utf8'));
    const r = await runInMemory(['sign', 'l.yaml', '--name', 'B'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'l.yaml')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  test('a lock left behind by a crashed sign is taken over, not waited on forever', async () => {
    const cwd = testdir({ 'letters/l.yaml': fixture });
    const lock = path.join(cwd, 'letters/l.yaml.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const r = await runInMemory(['sign', 'l', '--org', 'After A Crash'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    const { letter: signed } = parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'x');
    expect(signed.signatories.at(-1)?.organization).toBe('After A Crash');
  });
});

describe('help', () => {
  test('--help lists every command with an example; each command has its own', async () => {
    const cwd = testdir();
    const r = await runInMemory(['--help'], { cwd });
    expect(r.code).toBe(0);
    for (const cmd of ['new', 'sign', 'unsign', 'render', 'list', 'check']) expect(r.stdout).toMatch(new RegExp(`\\n  ${cmd} `));
    for (const cmd of ['new', 'sign', 'unsign', 'render', 'list', 'check']) {
      const sub = await runInMemory([cmd, '--help'], { cwd });
      expect(sub.code).toBe(0);
      expect(sub.stdout).toMatch(new RegExp(`Usage: letters ${cmd}`));
      expect(sub.stdout).toMatch(/Examples?:\n {2}\$ letters /);
    }
    expect((await runInMemory(['-V'], { cwd })).stdout).toBe(
      `${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`,
    );
  });

  test('no arguments at all prints the help on stderr and exits 2', async () => {
    const r = await runInMemory([], { cwd: testdir() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: letters /);
  });
});

type Case = {
  name: string;
  files?: Record<string, string | Buffer>;
  args: string[];
  code: number;
  stderr: RegExp;
  env?: Record<string, string>;
};

const letter = (extra: string): string => `title: T\nrecipient:\n  name: R\n${extra}`;
const bomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
].join('\n');

const badInputs: Case[] = [
  {
    name: 'malformed YAML',
    files: { 'letters/l.yaml': 'title: "unclosed\nrecipient:\n  name: R\n' },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml:\d+:\d+: YAML syntax error/,
  },
  {
    name: 'an unknown field',
    files: { 'letters/l.yaml': letter('signatores: []\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml:4:1: unknown field "signatores" in the letter — did you mean "signatories"\?\n$/,
  },
  {
    name: 'a missing required field',
    files: { 'letters/l.yaml': 'title: T\nrecipient:\n  title: Minister\n' },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml:3:3: missing required field "recipient\.name" — add recipient\.name: …\n$/,
  },
  {
    name: 'a wrongly-typed required field',
    files: { 'letters/l.yaml': 'title: 42\nrecipient:\n  name: R\n' },
    args: ['check', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:1:8: "title" must be text, but YAML reads 42 as a number/,
  },
  {
    name: 'an invalid date',
    files: { 'letters/l.yaml': letter('date: 2026-02-31\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:4:7: "date" is not a valid date: 2026-02-31 — write it as YYYY-MM-DD/,
  },
  {
    name: 'an unknown template in the letter',
    files: { 'letters/l.yaml': letter('template: fancy\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: no template named "fancy" — use one of: formal/,
  },
  {
    name: 'an unknown template on the command line',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '--template', 'fancy'],
    code: 1,
    stderr: /no template named "fancy" — use one of: formal/,
  },
  {
    name: 'a letter that does not exist',
    files: { 'letters/visit-2026.yaml': letter('') },
    args: ['render', 'visit-2062'],
    code: 1,
    stderr: /^letters: no letter "visit-2062" in letters\/ — did you mean "visit-2026"\?\n$/,
  },
  { name: 'a path that does not exist', args: ['sign', 'nope/x.yaml', '--org', 'A'], code: 1, stderr: /no letter file at nope\/x\.yaml/ },
  {
    name: 'an uppercase slug',
    args: ['new', 'Visit', '--title', 'T', '--to', 'R'],
    code: 2,
    stderr: /"Visit" is not a letter name: a letter name must be lowercase — try: letters new visit/,
  },
  {
    name: 'a slug with spaces',
    args: ['new', 'my visit', '--title', 'T', '--to', 'R'],
    code: 2,
    stderr: /cannot contain spaces — try: letters new my-visit/,
  },
  { name: 'a slug with ../', args: ['new', '../escape', '--title', 'T', '--to', 'R'], code: 2, stderr: /cannot contain \/ \\ or \.\./ },
  {
    name: 'an existing file on new',
    files: { 'letters/l.yaml': letter('') },
    args: ['new', 'l', '--title', 'T', '--to', 'R'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml already exists — pick another name, or add --force to replace it\n$/,
  },
  {
    name: 'a duplicate signatory',
    files: { 'letters/l.yaml': letter('signatories:\n  - organization: Amnistía Internacional\n') },
    args: ['sign', 'l', '--org', 'AMNISTIA  internacional'],
    code: 1,
    stderr: /the organization "Amnistía Internacional" has already signed \(signatory 1\) — add --update/,
  },
  {
    name: 'a closed letter',
    files: { 'letters/l.yaml': letter('status: closed\n') },
    args: ['sign', 'l', '--org', 'A'],
    code: 1,
    stderr: /this letter is closed to new signatures — reopen it with `letters open <letter>`/,
  },
  {
    name: '-o into a folder that does not exist',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '-o', 'missing/l.pdf'],
    code: 1,
    stderr: /^letters: the folder missing does not exist — create it first, or choose another -o\n$/,
  },
  { name: 'no TTY and --title missing', args: ['new', 'x', '--to', 'R'], code: 2, stderr: /^letters: missing --title — pass --title/ },
  {
    name: 'no TTY and no signer',
    files: { 'letters/l.yaml': letter('') },
    args: ['sign', 'l'],
    code: 2,
    stderr: /a signature needs an organization or a name — pass --org/,
  },
  {
    name: 'unsign without saying whom',
    files: { 'letters/l.yaml': letter('signatories:\n  - name: A\n') },
    args: ['unsign', 'l'],
    code: 2,
    stderr: /^letters: say which signature to remove — pass --org/,
  },
  {
    name: 'a control character in a flag',
    files: { 'letters/l.yaml': letter('') },
    args: ['sign', 'l', '--org', 'A\u0007B'],
    code: 2,
    stderr: /^letters: --org contains a control character \(U\+0007\) — remove it; control characters cannot be printed\n$/,
  },
  { name: 'an alias bomb', files: { 'letters/l.yaml': letter(`${bomb}\n`) }, args: ['render', 'l'], code: 1, stderr: /unknown field "a"/ },
  {
    name: 'an alias to a list',
    files: { 'letters/l.yaml': letter('issues: &x []\nsignatories: *x\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /"signatories" uses a YAML alias \(\*x\)/,
  },
  {
    name: 'very deep nesting',
    files: { 'letters/l.yaml': letter(`intro: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`) },
    args: ['check', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:\d+:\d+: cannot read the file: it is nested too deeply/,
  },
  {
    name: 'a __proto__ key',
    files: { 'letters/l.yaml': letter('__proto__: {polluted: true}\n') },
    args: ['sign', 'l', '--org', 'A'],
    code: 1,
    stderr: /letters\/l\.yaml:4:1: unknown field "__proto__"/,
  },
  {
    name: 'a character no font has',
    files: { 'letters/l.yaml': letter('signatories:\n  - name: 王伟 𓀀\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:5:14: signatory 1, name has a character no font of letters can print: "𓀀" \(U\+13000\)/,
  },
  {
    name: 'a file that is not UTF-8',
    files: { 'letters/l.yaml': Buffer.from('title: Caf\xe9\n', 'latin1') },
    args: ['render', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:1:11: the file is not UTF-8 text/,
  },
  {
    name: 'an unknown option',
    args: ['sign', 'l', '--orgg', 'A'],
    code: 2,
    stderr: /^letters: unknown option '--orgg' \(Did you mean --org\?\) — see letters sign --help\n$/,
  },
  {
    name: 'an unknown option after a global option with a value',
    args: ['--dir', 'campaign', 'sign', 'l', '--orgg', 'A'],
    code: 2,
    stderr: /^letters: unknown option '--orgg' \(Did you mean --org\?\) — see letters sign --help\n$/,
  },
  {
    name: 'a missing argument',
    args: ['render'],
    code: 2,
    stderr: /^letters: missing required argument 'letter' — see letters render --help\n$/,
  },
  {
    name: 'a global option without its value',
    args: ['--dir'],
    code: 2,
    stderr: /^letters: option '-d, --dir <dir>' argument missing — see letters --help\n$/,
  },
  {
    name: 'an unknown command near a real one',
    args: ['sing', 'l'],
    code: 2,
    stderr: /^letters: unknown command 'sing' \(Did you mean sign\?\) — see letters --help\n$/,
  },
  {
    name: 'an unknown command near none',
    args: ['tweet', 'l', 'signatures.csv'],
    code: 2,
    stderr:
      /^letters: unknown command 'tweet' — the commands are new, sign, unsign, render, send, notify, remind, publish, templates, import, review, export, status, diff, open, close, merge-driver, init-git, list, translate, check, config, completion, help; see letters --help\n$/,
  },
  {
    name: '-o onto the letter file itself',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '-o', 'letters/l.yaml'],
    code: 2,
    stderr: /^letters: refusing to write the PDF over letters\/l\.yaml — give -o a \.pdf file name\n$/,
  },
  {
    name: '-o onto a file that is not a PDF',
    files: { 'letters/l.yaml': letter(''), 'notes.pdf': 'my notes' },
    args: ['render', 'l', '-o', 'notes.pdf'],
    code: 1,
    stderr:
      /^letters: notes\.pdf exists and is not a PDF written by letters \(its producer is not letters\) — choose another -o, move that file away first, or add --force to replace it\n$/,
  },
  {
    name: '-o onto a device',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '-o', '/dev/null'],
    code: 2,
    stderr: /^letters: \/dev\/null is not a regular file — give -o a file name, or -o - to write the PDF to standard output\n$/,
  },
  {
    name: 'a letters folder that is a file',
    files: { 'notes.txt': 'x' },
    args: ['--dir', 'notes.txt', 'list'],
    code: 1,
    stderr: /the letters folder .*notes\.txt is not a folder — give --dir/,
  },
  {
    name: 'a bad SOURCE_DATE_EPOCH',
    files: { 'letters/l.yaml': letter('') },
    args: ['sign', 'l', '--org', 'A'],
    env: { SOURCE_DATE_EPOCH: 'yesterday' },
    code: 2,
    stderr: /SOURCE_DATE_EPOCH is not a number of seconds/,
  },
  {
    name: 'a SOURCE_DATE_EPOCH past the year 9999, in sign',
    files: { 'letters/l.yaml': letter('') },
    args: ['sign', 'l', '--org', 'A'],
    env: { SOURCE_DATE_EPOCH: '253402300800' },
    code: 2,
    stderr:
      /^letters: SOURCE_DATE_EPOCH is past the year 9999: 253402300800 — set it to whole seconds since 1970 from 0 to 253402300799 \(9999-12-31\)/,
  },
  {
    name: 'a SOURCE_DATE_EPOCH past the year 9999, in render',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l'],
    env: { SOURCE_DATE_EPOCH: '253402300800' },
    code: 2,
    stderr: /^letters: SOURCE_DATE_EPOCH is past the year 9999: 253402300800 — set it to whole seconds since 1970 from 0 to 253402300799/,
  },
  {
    name: 'a SOURCE_DATE_EPOCH too large for a number',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l'],
    env: { SOURCE_DATE_EPOCH: '9'.repeat(400) },
    code: 2,
    stderr: /^letters: SOURCE_DATE_EPOCH is past the year 9999: 9{400} — set it to whole seconds/,
  },
];

describe('bad input: one clear line, the right exit code, no file changed', () => {
  test.each(badInputs)('$name', async ({ files, args, code, stderr, env }) => {
    const cwd = testdir();
    for (const [name, content] of Object.entries(files ?? {})) {
      mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
      writeFileSync(path.join(cwd, name), content);
    }
    const before = snapshot(cwd);
    const result = await runInMemory(args, { cwd, env: cleanEnv(env ?? {}) });
    expectCleanError(result, code, stderr);
    expect(result.stdout).toBe('');
    expect(snapshot(cwd)).toEqual(before);
  });

  test('LETTERS_DEBUG=1 adds the stack trace', async () => {
    const cwd = testdir();
    const r = await runInMemory(['render', 'nope'], { cwd, env: cleanEnv({ LETTERS_DEBUG: '1' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
    // The trace first, then the same one line as without LETTERS_DEBUG, last.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('LettersError: no letter "nope" in letters/');
    expect(lines.at(-1)).toBe('letters: no letter "nope" in letters/ — create it with: letters new nope');
  });
});

describe('SOURCE_DATE_EPOCH is read only by commands that stamp a time', () => {
  test.each([
    ['list', ['list']],
    ['list --json', ['list', '--json']],
    ['check', ['check']],
    ['new', ['new', 'another', '--title', 'T', '--to', 'R']],
  ])('%s ignores a bad value', async (_, args) => {
    const cwd = testdir({ 'letters/l.yaml': letter('signatories:\n  - name: A\n') });
    const r = await runInMemory(args, { cwd, env: cleanEnv({ SOURCE_DATE_EPOCH: 'abc' }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  test.each([
    ['sign', ['sign', 'l', '--org', 'A']],
    ['render', ['render', 'l']],
    ['render -o -', ['render', 'l', '-o', '-']],
  ])('%s refuses a bad value before writing anything', async (_, args) => {
    const cwd = testdir({ 'letters/l.yaml': letter('') });
    const before = snapshot(cwd);
    const r = await runInMemory(args, { cwd, env: cleanEnv({ SOURCE_DATE_EPOCH: 'abc' }) });
    expectCleanError(r, 2, /^letters: SOURCE_DATE_EPOCH is not a number of seconds: "abc" — set it to whole seconds since 1970 from 0 to/);
    expect(r.stdout).toBe('');
    expect(snapshot(cwd)).toEqual(before);
  });

  test('the last second of 9999 is accepted, and signs with that day', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('') });
    const r = await runInMemory(['sign', 'l', '--org', 'A'], { cwd, env: cleanEnv({ SOURCE_DATE_EPOCH: '253402300799' }) });
    expect(r.code, r.stderr).toBe(0);
    expect(parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'x').letter.signatories).toEqual([
      { organization: 'A', signed: '9999-12-31', text: expect.stringMatching(/^[0-9a-f]{8}$/) },
    ]);
  });
});

describe('exit codes', () => {
  test('every error code exits with a code docs/reliability.md documents', () => {
    const readme = readFileSync(path.join(ROOT, 'docs', 'reliability.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| (\d+) \| /gm)].map((m) => Number(m[1])));
    expect([...documented].sort((a, b) => a - b)).toEqual([0, 1, 2, 130]);
    for (const [code, exit] of Object.entries(EXIT_CODES)) expect(documented, code).toContain(exit);
    expect(EXIT_CODES.usage).toBe(2);
    expect(EXIT_CODES['missing-input']).toBe(2);
    expect(EXIT_CODES.cancelled).toBe(130);
  });
});

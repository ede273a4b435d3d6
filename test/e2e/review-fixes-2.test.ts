// Fixes from a second review: each case failed before its fix.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/** A letter whose first signatory signed an earlier text (its `text:` is not the current one). */
const LETTER = [
  'title: Review fixes two',
  'recipient:',
  '  name: Jane Doe',
  'status: open',
  'signatories:',
  '  - organization: Acme',
  '    name: Ana Pop',
  '    text: 0000000000',
  '  - name: Bo Li',
  '',
].join('\n');

/** What a POSIX shell makes of a suggested `letters …` command: its words, one per line, nothing run. */
function shellWords(command: string, cwd: string): string[] {
  const out = execFileSync('sh', ['-c', `letters() { printf '%s\\n' "$@"; }; ${command}`], { cwd, encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

// ---- 1. --force on every command that writes a letter ------------------------------------------

describe('a read-only letter file: the hint says --force, and --force works, for every command that writes one', () => {
  // Each command with what its forced change leaves in the file.
  const cases: [string, string[], RegExp][] = [
    ['sign', ['sign', 'x', '--name', 'Cy Dee'], /\n {2}- name: Cy Dee\n/],
    [
      'sign --reconfirm',
      ['sign', 'x', '--reconfirm', '--org', 'Acme'],
      /\n {2}- organization: Acme\n {4}name: Ana Pop\n {4}text: [0-9a-f]{8}\n/,
    ],
    ['unsign', ['unsign', 'x', '--name', 'Bo Li'], /\nwithdrawn:\n {2}- name: Bo Li\n/],
    ['import', ['import', 'x', 'people.csv'], /\n {2}- name: Di Eng\n/],
    ['open', ['open', 'x', '--deadline', '2026-04-01'], /\ndeadline: 2026-04-01\n/],
    ['close', ['close', 'x'], /\nstatus: closed\n/],
  ];
  test.each(cases)('%s', async (_, args, changed) => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'people.csv': 'Name\nDi Eng\n' });
    const file = path.join(cwd, 'letters/x.yaml');
    chmodSync(file, 0o444);
    const refused = await runInMemory(args, { cwd });
    expect(refused.stderr).toBe(
      'letters: letters/x.yaml is read-only — nothing was changed; make it writable (chmod u+w letters/x.yaml), or add --force to change it and keep it read-only\n',
    );
    expect(refused.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(LETTER);

    const forced = await runInMemory([...args, '--force'], { cwd });
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(LETTER);
    expect(readFileSync(file, 'utf8')).toMatch(changed);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  test('--help of import, open and close describes --force', async () => {
    for (const command of ['import', 'open', 'close']) {
      const r = await runInMemory([command, '--help'], { cwd: testdir() });
      expect(r.stdout.replace(/\s+/g, ' '), command).toMatch(
        /--force \w+( it)? even if the letter file is read-only \(it stays read-only\)/,
      );
    }
  });
});

// ---- 2. export to a full or closed standard output -------------------------------------------

/** Run the binary with its standard output on `stdout` (a file descriptor, or 'closed' to start without one). */
function runWithStdout(args: string[], cwd: string, stdout: number | 'closed'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child =
      stdout === 'closed'
        ? spawn('sh', ['-c', 'exec "$0" "$@" >&-', process.execPath, BIN, ...args], {
            cwd,
            env: cleanEnv(),
            stdio: ['ignore', 'ignore', 'pipe'],
          })
        : spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

(existsSync('/dev/full') ? describe : describe.skip)('letters export to /dev/full', () => {
  test.each([
    ['CSV', []],
    ['JSON', ['--json']],
  ])('%s: the one "cannot write to standard output" line, exit 1', async (kind, flags) => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runWithStdout(['export', 'x', ...flags], cwd, full);
      // The CSV is written by export itself; the JSON document by the one output path, after the command.
      expect(r.stderr).toBe(
        kind === 'CSV'
          ? `letters: cannot write the ${kind} to standard output: no space is left where it goes — write it to a file with -o instead\n`
          : 'letters: cannot write to standard output: no space is left where it goes — the command itself finished, but what it printed was lost\n',
      );
      expect(r.code).toBe(1);
    } finally {
      closeSync(full);
    }
  });
});

test('letters export with standard output closed: an error naming it, with a redirect for an export', async () => {
  const cwd = testdir({ 'letters/x.yaml': LETTER });
  const r = await runWithStdout(['export', 'x'], cwd, 'closed');
  expect(r.stderr).toBe(
    'letters: cannot write the CSV to standard output: it is closed — redirect it to a file (… > signatories.csv), or give -o a file name\n',
  );
  expect(r.code).toBe(1);
});

// ---- 3. a mail merge checks its flags and its sheet before any warning -----------------------

describe('render --recipients: every flag and the sheet are checked before the earlier-text warning', () => {
  const ENCODING = 'letters: --encoding bogus: not an encoding letters knows — use utf-8, utf-16le, windows-1252 or latin1\n';

  test('an unknown --encoding: the usage error alone, exit 2', async () => {
    const cwd = testdir({ 'letters/m.yaml': LETTER, 'people.csv': 'Name\nJo Ng\n', 'out/.keep': '' });
    const r = await runInMemory(['render', 'm', '--recipients', 'people.csv', '--encoding', 'bogus', '-o', 'out'], { cwd });
    expect(r.stderr).toBe(ENCODING);
    expect(r.code).toBe(2);
  });

  test('an unknown --encoding is refused even for a sheet whose byte-order mark says its encoding', async () => {
    const cwd = testdir({ 'letters/m.yaml': LETTER, 'people.csv': '\ufeffName\nJo Ng\n', 'out/.keep': '' });
    const r = await runInMemory(['render', 'm', '--recipients', 'people.csv', '--encoding', 'bogus', '-o', 'out'], { cwd });
    expect(r.stderr).toBe(ENCODING);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(cwd, 'out/m-jo-ng.pdf'))).toBe(false);
  });

  test('a sheet that does not exist: that error alone', async () => {
    const cwd = testdir({ 'letters/m.yaml': LETTER, 'out/.keep': '' });
    const r = await runInMemory(['render', 'm', '--recipients', 'nobody.csv', '-o', 'out'], { cwd });
    expect(r.stderr).toBe('letters: no file at nobody.csv — check the path of the CSV file\n');
    expect(r.code).toBe(1);
  });
});

// ---- 4. suggested commands are safe to paste into a shell ------------------------------------

describe('a suggested command reads back, word for word, in a POSIX shell', () => {
  const NAME = `O'Brien "$(touch pwned)" & Co`;
  const HOSTILE = LETTER.replace('organization: Acme', `organization: '${NAME.replace(/'/g, "''")}'`);

  test("render's earlier-text warning: letters diff <path with a space and $> --since <a name with quotes and $(…)>", async () => {
    const cwd = testdir({ 'my $dir/x.yaml': HOSTILE });
    const r = await runInMemory(['render', 'my $dir/x.yaml', '--format', 'txt', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const diff = /`(letters diff [^`]*)`/.exec(r.stderr)?.[1];
    const sign = /`(letters sign [^`]*)`/.exec(r.stderr)?.[1];
    expect(shellWords(diff!, cwd)).toEqual(['diff', 'my $dir/x.yaml', '--since', NAME]);
    expect(shellWords(sign!, cwd)).toEqual(['sign', 'my $dir/x.yaml', '--reconfirm', '--org', '…']);
    expect(existsSync(path.join(cwd, 'pwned'))).toBe(false);
  });

  test("status's suggestion", async () => {
    const cwd = testdir({ 'my dir/x.yaml': LETTER });
    const r = await runInMemory(['status', 'my dir/x.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const [, diff, sign] = /see what changed: (letters diff .*); then: (letters sign .*)$/m.exec(r.stdout) ?? [];
    expect(shellWords(diff!, cwd)).toEqual(['diff', 'my dir/x.yaml', '--since', '<organization>']);
    expect(shellWords(sign!, cwd)).toEqual(['sign', 'my dir/x.yaml', '--reconfirm', '--org', '…']);
  });

  test('chmod and mkdir suggestions quote a path with a space', async () => {
    const cwd = testdir({ 'my dir/x.yaml': LETTER });
    chmodSync(path.join(cwd, 'my dir/x.yaml'), 0o444);
    const signed = await runInMemory(['sign', 'my dir/x.yaml', '--name', 'Cy Dee'], { cwd });
    expect(signed.stderr).toContain('(chmod u+w "my dir/x.yaml")');
    const rendered = await runInMemory(['render', 'my dir/x.yaml', '-o', 'new folder/'], { cwd });
    expect(rendered.stderr).toContain('(mkdir -p "new folder/")');
    const all = await runInMemory(['render', '--all', '-o', 'no such/'], { cwd });
    expect(all.stderr).toContain('(mkdir -p "no such/")');
  });
});

// ---- 5. counts agree with their nouns --------------------------------------------------------

describe('"1 organization", never "1 organizations"', () => {
  test('status', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await runInMemory(['status', 'x'], { cwd });
    expect(r.stdout).toContain('Signatories: 2 (1 organization, 1 individual)\n');
  });

  test('list and check with one broken letter', async () => {
    const cwd = testdir({ 'letters/x.yaml': 'title: [\n' });
    const listed = await runInMemory(['list'], { cwd });
    expect(listed.stderr).toMatch(/^letters: 1 of 1 letter could not be read — /m);
    const checked = await runInMemory(['check'], { cwd });
    expect(checked.stderr).toMatch(/^letters: 1 of 1 letter has problems — /m);
    writeFileSync(path.join(cwd, 'letters/y.yaml'), LETTER);
    const two = await runInMemory(['check'], { cwd });
    expect(two.stderr).toMatch(/^letters: 1 of 2 letters has problems — /m);
  });

  test('a combined mail merge of one recipient', async () => {
    const ok = LETTER.replace('    text: 0000000000\n', '');
    const cwd = testdir({ 'letters/m.yaml': ok, 'people.csv': 'Name\nJo Ng\n' });
    const r = await runInMemory(['render', 'm', '--recipients', 'people.csv', '--combined'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Wrote m-combined.pdf (1 letter)\n');
  });
});

// ---- 6. the hint for a signatory not found names a command that shows them -------------------

test('unsign of someone who never signed points at letters export, which lists who did', async () => {
  const cwd = testdir({ 'letters/x.yaml': LETTER });
  const r = await runInMemory(['unsign', 'x', '--name', 'Xavier Quintero-Zapata'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    'letters: no individual named "Xavier Quintero-Zapata" has signed — see who has signed with `letters export <letter>`, or under signatories: in the letter file\n',
  );
  const shown = await runInMemory(['export', 'x'], { cwd });
  expect(shown.stdout).toContain('Acme,Ana Pop');
  expect(shown.stdout).toContain('Bo Li');
});

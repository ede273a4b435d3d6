// Writes that lose nothing, tested on real disks and with real processes: a full disk (a small
// tmpfs the test mounts), a read-only folder, and locks held by live, stopped and killed
// processes.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  statSync,
  statfsSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test, type TestContext } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { LettersError } from '../../src/errors.js';
import { updateLetter } from '../../src/io/files/letter-files.js';
import { BIN, cleanEnv, runBin, type CliResult } from '../helpers/cli.js';
import { bundledFixture } from '../helpers/bundle.js';
import { mountTmpfs, whyNoTmpfs } from '../helpers/tmpfs.js';

const HEAD = 'title: Full disk test\nrecipient:\n  name: Jane Doe\n';

/** A letter of `count` signatories, ~80 bytes each (307 make the ~24 KB of the issue). */
function bigLetter(count: number): string {
  const rows = Array.from(
    { length: count },
    (_, i) => `  - organization: Organization number ${i + 1}\n    name: Person ${i + 1}\n    signed: 2026-03-01\n`,
  );
  return `${HEAD}signatories:\n${rows.join('')}`;
}

/** Every file under `dir` but the filler, with its bytes: to show that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name !== 'filler') out[path.relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

function oneLine(r: CliResult, code: number, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The one line a full disk gives, for the file that was being written. */
function diskFull(display: string, untouched: 'changed' | 'created'): RegExp {
  const d = reEscape(display);
  return new RegExp(
    `^letters: cannot write ${d}: the disk is full \\([\\d,]+ KB needed, [\\d,]+ KB free\\) — free some space and try again; ${d} was not ${untouched}\\n$`,
  );
}

// ---- a small real disk -------------------------------------------------------------------

const noTmpfs = whyNoTmpfs();

type Finished = TestContext['onTestFinished'];

/** A folder holding `files` (path → content), removed when the test ends. Tests here run concurrently, so cleanup goes through each test's own context. */
function tempDir(onTestFinished: Finished, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** A folder on a fresh 128 KB tmpfs holding `files`, unmounted when the test ends. */
function smallDisk(onTestFinished: Finished, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-disk-'));
  mountTmpfs(dir);
  onTestFinished(() => {
    execFileSync('umount', [dir], { stdio: 'pipe' });
    rmdirSync(dir);
  });
  writeFiles(dir, files);
  return dir;
}

/** Fill the disk holding `dir` until `leave` bytes are free. */
function fill(dir: string, leave: number): void {
  const { bavail, bsize } = statfsSync(dir);
  writeFileSync(path.join(dir, 'filler'), Buffer.alloc(bavail * bsize - leave));
  expect(statfsSync(dir).bavail * bsize).toBe(leave);
}

(noTmpfs === undefined ? describe.concurrent : describe.skip)(
  `a full disk: a 128 KB tmpfs${noTmpfs ? ` — SKIPPED: ${noTmpfs}` : ''}`,
  () => {
    test('the issue: sign of a 24 KB letter of 307 signatories with 12 KB free is refused whole; check still counts 307', async ({
      onTestFinished,
    }) => {
      const letter = bigLetter(307);
      expect(letter.length).toBeGreaterThan(23_000);
      const cwd = smallDisk(onTestFinished, { 'letters/x.yaml': letter });
      fill(cwd, 12 * 1024);
      const before = snapshot(cwd);
      const r = await runBin(['sign', 'x', '--org', 'One More'], { cwd });
      oneLine(r, 1, diskFull('letters/x.yaml', 'changed'));
      expect(r.stdout).toBe('');
      expect(snapshot(cwd)).toEqual(before);
      expect(readdirSync(path.join(cwd, 'letters'))).toEqual(['x.yaml']);
      const check = await runBin(['check', 'x'], { cwd });
      expect(check.stdout).toBe('ok  letters/x.yaml (307 signatories)\n');
    });

    test('unsign with too little space: refused, the letter byte-identical, no temporary file', async ({ onTestFinished }) => {
      const cwd = smallDisk(onTestFinished, { 'letters/x.yaml': bigLetter(307) });
      fill(cwd, 12 * 1024);
      const before = snapshot(cwd);
      const r = await runBin(['unsign', 'x', '--org', 'Organization number 1'], { cwd });
      oneLine(r, 1, diskFull('letters/x.yaml', 'changed'));
      expect(snapshot(cwd)).toEqual(before);
      expect(readdirSync(path.join(cwd, 'letters'))).toEqual(['x.yaml']);
    });

    test('new --force with too little space: the old letter stays', async ({ onTestFinished }) => {
      const cwd = smallDisk(onTestFinished, { 'letters/x.yaml': bigLetter(307) });
      fill(cwd, 4 * 1024);
      const before = snapshot(cwd);
      const address = Array.from({ length: 40 }, (_, i) => [
        '--address',
        `Line ${i} of an address that is long enough to need room ${'x'.repeat(80)}`,
      ]);
      const r = await runBin(['new', 'x', '--force', '--title', 'T', '--to', 'R', ...address.flat()], { cwd });
      oneLine(r, 1, diskFull('letters/x.yaml', 'changed'));
      expect(snapshot(cwd)).toEqual(before);
      expect(readdirSync(path.join(cwd, 'letters'))).toEqual(['x.yaml']);
    });

    test('render with no room and no earlier PDF: no PDF, no temporary file', async ({ onTestFinished }) => {
      const cwd = smallDisk(onTestFinished, { 'letters/x.yaml': bigLetter(3) });
      fill(cwd, 4 * 1024);
      const r = await runBin(['render', 'x'], { cwd });
      oneLine(r, 1, diskFull('x.pdf', 'created'));
      expect(r.stdout).toBe('');
      expect(readdirSync(cwd).sort()).toEqual(['filler', 'letters']);
    });

    test('render with no room keeps the earlier good PDF byte for byte', async ({ onTestFinished }) => {
      const cwd = smallDisk(onTestFinished, { 'letters/x.yaml': bigLetter(3) });
      expect((await runBin(['render', 'x'], { cwd })).code).toBe(0);
      const good = readFileSync(path.join(cwd, 'x.pdf'));
      writeFileSync(path.join(cwd, 'letters/x.yaml'), bigLetter(40));
      fill(cwd, 4 * 1024);
      const r = await runBin(['render', 'x'], { cwd });
      oneLine(r, 1, diskFull('x.pdf', 'changed'));
      expect(readFileSync(path.join(cwd, 'x.pdf')).equals(good)).toBe(true);
      expect(readdirSync(cwd).sort()).toEqual(['filler', 'letters', 'x.pdf']);
    });

    test('a letter on a read-only file system: one line at once, not a minute of retries', async ({ onTestFinished }) => {
      const cwd = smallDisk(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
      execFileSync('mount', ['-o', 'remount,ro', cwd], { stdio: 'pipe' });
      const started = Date.now();
      const r = await runBin(['sign', 'x', '--org', 'New'], { cwd });
      expect(Date.now() - started).toBeLessThan(5_000);
      oneLine(
        r,
        1,
        /^letters: cannot lock letters\/x\.yaml: the folder letters\/ is on a read-only file system — .*nothing was changed\n$/,
      );
    });
  },
);

// ---- locks ------------------------------------------------------------------------------

/** A process that holds a letter's lock through letters' own lock module. */
const lockHolder = bundledFixture('io/hold-lock.ts');

/** Start a process that holds the lock on `file`; resolves once it holds it. */
function holdLock(onTestFinished: Finished, file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [lockHolder.script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
  });
}

const exited = (child: ChildProcess): Promise<void> => new Promise((resolve) => child.once('exit', () => resolve()));

describe.concurrent('locks', () => {
  test('a holder killed with kill -9: the next sign takes its lock over at once, without a word', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const holder = await holdLock(onTestFinished, path.join(cwd, 'letters/x.yaml'));
    const lock = path.join(cwd, 'letters/x.yaml.lock');
    expect(lstatSync(lock).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: holder.pid, host: hostname(), command: 'a test holder' });
    const gone = exited(holder);
    holder.kill('SIGKILL');
    await gone;
    const started = Date.now();
    const r = await runBin(['sign', 'x', '--org', 'After The Crash'], { cwd });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toContain('After The Crash');
    expect(readdirSync(path.join(cwd, 'letters'))).toEqual(['x.yaml']);
  });

  test('a live holder: one line saying what it waits for, then a busy error naming the holder', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const holder = await holdLock(onTestFinished, path.join(cwd, 'letters/x.yaml'));
    const before = readFileSync(path.join(cwd, 'letters/x.yaml'));
    const started = Date.now();
    const r = await runBin(['sign', 'x', '--org', 'Waiting'], { cwd, env: cleanEnv({ LETTERS_LOCK_WAIT: '1.2' }) });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_200);
    expect(took).toBeLessThan(8_000);
    expect(r.code, r.stderr).toBe(1);
    const pid = holder.pid!;
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^letters: letters/x\\.yaml is locked by a test holder \\(pid ${pid}, since \\d\\d:\\d\\d:\\d\\d\\) — waiting up to 1\\.2 s for it to finish$`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^letters: letters/x\\.yaml is still locked by a test holder \\(pid ${pid}, since [\\d:]+\\) after 1\\.2 s — wait for it to finish, or stop it \\(kill ${pid}\\)`,
      ),
    );
    expect(readFileSync(path.join(cwd, 'letters/x.yaml')).equals(before)).toBe(true);
  });

  test('a stopped (SIGSTOP) holder is still a live holder: waited for, then busy', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const holder = await holdLock(onTestFinished, path.join(cwd, 'letters/x.yaml'));
    holder.kill('SIGSTOP');
    onTestFinished(() => {
      holder.kill('SIGCONT');
    });
    const before = readFileSync(path.join(cwd, 'letters/x.yaml'));
    const started = Date.now();
    const r = await runBin(['sign', 'x', '--org', 'Waiting'], { cwd, env: cleanEnv({ LETTERS_LOCK_WAIT: '0.5' }) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/is still locked by a test holder .* after 0\.5 s — /);
    expect(readFileSync(path.join(cwd, 'letters/x.yaml')).equals(before)).toBe(true);
  });

  test('a holder that finishes while sign waits: sign says it waits, then signs', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const holder = await holdLock(onTestFinished, path.join(cwd, 'letters/x.yaml'));
    const sign = spawn(process.execPath, [BIN, 'sign', 'x', '--org', 'Patient'], {
      cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      sign.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    sign.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    const code = new Promise<number | null>((resolve) => sign.once('close', resolve));
    // Release the lock only once sign has said that it waits for it.
    await new Promise<void>((resolve) =>
      sign.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('\n')) resolve();
      }),
    );
    holder.kill('SIGTERM');
    expect(await code, stderr).toBe(0);
    expect(stderr).toMatch(
      /^letters: letters\/x\.yaml is locked by a test holder \(pid \d+, since [\d:]+\) — waiting up to 30 s for it to finish\n$/,
    );
    expect(stdout).toBe('Signed: Patient\n3 signatories\n');
  });

  test('a lock held from another host is waited for, and the busy error says what to check', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const owner = {
      letters: 1,
      pid: 1,
      host: `not-${hostname()}`,
      since: new Date().toISOString(),
      started: 0,
      command: 'letters sign',
      token: 'ab',
    };
    writeFileSync(path.join(cwd, 'letters/x.yaml.lock'), `${JSON.stringify(owner)}\n`);
    const r = await runBin(['sign', 'x', '--org', 'Elsewhere'], { cwd, env: cleanEnv({ LETTERS_LOCK_WAIT: '0' }) });
    oneLine(
      r,
      1,
      new RegExp(
        `^letters: letters/x\\.yaml is still locked by letters sign \\(pid 1 on not-${reEscape(hostname())}, since .*\\) after 0 s — if that command no longer runs on not-${reEscape(hostname())}, delete letters/x\\.yaml\\.lock and try again\\n$`,
      ),
    );
  });

  test.for<[string, (lock: string) => void, string]>([
    ['a plain file', (lock: string) => writeFileSync(lock, 'my notes\n'), 'a file'],
    ['a folder with files in it', (lock: string) => mkdirSync(path.join(lock, 'inside'), { recursive: true }), 'a folder with files in it'],
    ['a link to something else', (lock: string) => symlinkSync('x.yaml', lock), 'a link to x.yaml'],
  ])('a .lock path that is %s is not blamed on a letters command', async ([, make, what], { onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    make(path.join(cwd, 'letters/x.yaml.lock'));
    const before = readFileSync(path.join(cwd, 'letters/x.yaml'));
    const started = Date.now();
    const r = await runBin(['sign', 'x', '--org', 'New'], { cwd });
    expect(Date.now() - started).toBeLessThan(3_000);
    oneLine(
      r,
      1,
      new RegExp(
        `^letters: letters/x\\.yaml\\.lock exists and is not a letters lock \\(it is ${reEscape(what)}\\) — letters needs that name to lock letters/x\\.yaml while changing it: move or delete it, then try again\\n$`,
      ),
    );
    expect(readFileSync(path.join(cwd, 'letters/x.yaml')).equals(before)).toBe(true);
    expect(existsSync(path.join(cwd, 'letters/x.yaml.lock'))).toBe(true);
  });

  test.for<[string, (lock: string) => void]>([
    ['removed', (lock: string) => rmSync(lock)],
    [
      'taken over by another process',
      (lock: string) => {
        rmSync(lock);
        writeFileSync(
          lock,
          JSON.stringify({ letters: 1, pid: 1, host: hostname(), since: '', started: 0, command: 'letters sign', token: 'x' }),
        );
      },
    ],
  ])('a lock %s while the command holds it: its own error, nothing written', async ([, compromise], { onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const file = path.join(cwd, 'letters/x.yaml');
    const before = readFileSync(file);
    const lock = { waitMs: 1_000, notify: () => undefined, command: 'letters sign' };
    const attempt = updateLetter(file, cwd, { lock }, (parsed) => {
      compromise(`${file}.lock`);
      return { text: `${parsed.source}# changed\n`, result: undefined };
    });
    await expect(attempt).rejects.toThrow(LettersError);
    await expect(attempt).rejects.toMatchObject({
      code: 'lock-lost',
      message: 'the lock on letters/x.yaml was removed or taken over while this command held it, so nothing was written',
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.join(cwd, 'letters')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('LETTERS_LOCK_WAIT that is not a number of seconds is a usage error', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const r = await runBin(['sign', 'x', '--org', 'A'], { cwd, env: cleanEnv({ LETTERS_LOCK_WAIT: 'soon' }) });
    oneLine(r, 2, /^letters: LETTERS_LOCK_WAIT is not a number of seconds: soon — /);
  });
});

// ---- read-only files ----------------------------------------------------------------------

describe('a letter file its owner made read-only (mode 0444)', () => {
  test.for<[string, string[]]>([
    ['sign', ['sign', 'x', '--org', 'New Org']],
    ['unsign', ['unsign', 'x', '--org', 'Organization number 1']],
  ])('%s refuses it, file untouched; with --force it changes it and it stays 0444', async ([, args], { onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    const file = path.join(cwd, 'letters/x.yaml');
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const r = await runBin(args, { cwd });
    oneLine(
      r,
      1,
      /^letters: letters\/x\.yaml is read-only — nothing was changed; make it writable \(chmod u\+w letters\/x\.yaml\), or add --force to change it and keep it read-only\n$/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o444);

    const forced = await runBin([...args, '--force'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(parseLetter(readFileSync(file, 'utf8'), 'x').letter.signatories).toHaveLength(args[0] === 'sign' ? 3 : 1);
  });

  test('render does not replace a read-only PDF (a copy someone keeps)', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2), 'x.pdf': '%PDF-1.7 the signed copy that was sent' });
    chmodSync(path.join(cwd, 'x.pdf'), 0o444);
    const r = await runBin(['render', 'x'], { cwd });
    oneLine(
      r,
      1,
      /^letters: x\.pdf is read-only — nothing was written; choose another -o, or make it writable \(chmod u\+w x\.pdf\) to replace it\n$/,
    );
    expect(readFileSync(path.join(cwd, 'x.pdf'), 'utf8')).toBe('%PDF-1.7 the signed copy that was sent');
  });

  test('the mode of a letter file survives a sign', async ({ onTestFinished }) => {
    const cwd = tempDir(onTestFinished, { 'letters/x.yaml': bigLetter(2) });
    chmodSync(path.join(cwd, 'letters/x.yaml'), 0o640);
    expect((await runBin(['sign', 'x', '--org', 'New'], { cwd })).code).toBe(0);
    expect(statSync(path.join(cwd, 'letters/x.yaml')).mode & 0o777).toBe(0o640);
  });
});

// The read of a big letter a command just wrote, stored in the background (dist/warm.js), through the real binary: the next command reads it from the cache and prints the same; a stale or misplaced store writes nothing; off means no process.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { bigLetter } from '../helpers/big-letter.js';
import { ROOT, cleanEnv, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const WARMER = path.join(ROOT, 'dist', 'warm.js');
const SIGN = ['sign', 'big', '--org', 'One More Organization', '--name', 'Ana Ţepeş', '--verbose'];

/** The environment of a command that stores in the background as a user's does (LETTERS_CACHE_WARM unset), into `cache`. */
function warmEnv(cache: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({ LETTERS_CACHE_DIR: cache, ...extra });
  if (extra['LETTERS_CACHE_WARM'] === undefined) delete env['LETTERS_CACHE_WARM'];
  return env;
}

/** The cache's entries that hold a read (not the empty marks of a text seen once). */
const stored = (cache: string): string[] =>
  existsSync(cache) ? readdirSync(cache).filter((n) => n.endsWith('.bin') && readFileSync(path.join(cache, n)).length > 0) : [];

/** Wait until `ready` says yes, polling; a bounded wait (a store that never comes fails the test, it does not time it). */
async function until(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 90 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Node flags that make the binary record each process it spawns in `log`: a line each, its
 * command and arguments, then the names of the environment it is given ('inherited' when none).
 */
function recordSpawns(log: string): string[] {
  const code = [
    "import cp from 'node:child_process';",
    "import { appendFileSync } from 'node:fs';",
    'const spawn = cp.spawn;',
    `cp.spawn = (cmd, args, ...rest) => { appendFileSync(${JSON.stringify(log)}, JSON.stringify([cmd, ...(args ?? []), rest[0]?.env ? Object.keys(rest[0].env).sort().join(',') : 'inherited']) + '\\n'); return spawn(cmd, args, ...rest); };`,
  ].join('\n');
  return ['--import', `data:text/javascript,${encodeURIComponent(code)}`];
}

/** The letter folder's file, rendered to PDF: with this environment. */
async function render(dir: string, env: NodeJS.ProcessEnv): Promise<{ bytes: Buffer; stderr: string }> {
  const r = await runBin(['render', 'big', '-o', 'out.pdf', '--verbose'], { cwd: dir, env, timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return { bytes: readFileSync(path.join(dir, 'out.pdf')), stderr: r.stderr };
}

test('after a sign, the new text is stored in the background: a render right after it reads it in full, a later one from the cache, both the same bytes', {
  timeout: 300_000,
}, async () => {
  const dir = testdir({ 'letters/big.yaml': bigLetter(3000) });
  const cache = path.join(dir, 'cache');
  mkdirSync(cache);
  const log = path.join(dir, 'spawns.log');
  // A password in the command's environment (one that sends mail has one) does not reach the process.
  const env = warmEnv(cache, { LETTERS_SMTP_PASSWORD: 'not for the store' });
  const signed = await runBin(SIGN, { cwd: dir, env, node: recordSpawns(log), timeoutMs: 120_000 });
  expect(signed.code, signed.stderr).toBe(0);
  expect(signed.stderr).toContain('cache: storing the read of letters/big.yaml in the background\n');
  const spawned = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
  expect(spawned.map((a) => a[1])).toStrictEqual([WARMER]);
  expect(spawned[0]![4]).toBe(path.join(dir, 'letters', 'big.yaml'));
  expect(spawned[0]![5]).toBe('letters/big.yaml');
  expect(spawned[0]![7]).toBe('TMPDIR');
  // `letters sign … && letters render …`: the render races the store, and reads in full or from the cache, the same.
  const racing = await render(dir, cleanEnv({ LETTERS_CACHE_DIR: cache }));
  await until(() => stored(cache).length === 1, 'the read stored in the background');
  const warm = await render(dir, cleanEnv({ LETTERS_CACHE_DIR: cache }));
  expect(warm.stderr).toMatch(/cache: read letters\/big\.yaml from /);
  const uncached = await render(dir, cleanEnv({ LETTERS_NO_CACHE: '1' }));
  expect(racing.bytes.equals(uncached.bytes)).toBe(true);
  expect(warm.bytes.equals(uncached.bytes)).toBe(true);
});

test('LETTERS_CACHE_WARM=wait: the sign returns once the read is stored, and the next sign reads it from the cache', {
  timeout: 300_000,
}, async () => {
  const dir = testdir({ 'letters/big.yaml': bigLetter(3000) });
  const cache = path.join(dir, 'cache');
  const env = warmEnv(cache, { LETTERS_CACHE_WARM: 'wait' });
  const first = await runBin(SIGN, { cwd: dir, env, timeoutMs: 120_000 });
  expect(first.code, first.stderr).toBe(0);
  expect(stored(cache)).toHaveLength(1);
  const second = await runBin(['sign', 'big', '--org', 'Another Organization', '--verbose'], { cwd: dir, env, timeoutMs: 120_000 });
  expect(second.code, second.stderr).toBe(0);
  expect(second.stderr).toMatch(/cache: read letters\/big\.yaml from /);
  expect(stored(cache)).toHaveLength(2);
});

test('LETTERS_NO_CACHE=1, LETTERS_CACHE_WARM=0 (or off) and a small letter start no process', { timeout: 300_000 }, async () => {
  for (const [extra, letter] of [
    [{ LETTERS_NO_CACHE: '1' }, bigLetter(3000)],
    [{ LETTERS_CACHE_WARM: '0' }, bigLetter(3000)],
    [{ LETTERS_CACHE_WARM: ' Off ' }, bigLetter(3000)],
    [{}, bigLetter(20)],
  ] as const) {
    const dir = testdir({ 'letters/big.yaml': letter });
    const log = path.join(dir, 'spawns.log');
    const r = await runBin(SIGN, { cwd: dir, env: warmEnv(path.join(dir, 'cache'), extra), node: recordSpawns(log), timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('wrote letters/big.yaml');
    expect(r.stderr).not.toContain('in the background');
    expect(existsSync(log), JSON.stringify(extra)).toBe(false);
  }
});

/** Run the background store as a command would start it, for `file`; its exit code. */
function warmer(cache: string, file: string, display: string, hash: string, codeId = buildCodeId()): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WARMER, cache, codeId, file, display, hash], { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    child.stdout.on('data', (d: Buffer) => (said += d));
    child.stderr.on('data', (d: Buffer) => (said += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (said !== '') reject(new Error(`the background store printed: ${said}`));
      else resolve(code);
    });
  });
}

/** The cache's key for this build and this Node, as letter-cache.ts makes it. */
function buildCodeId(): string {
  const id = readFileSync(path.join(ROOT, 'dist', 'build-id.txt'), 'utf8').trim();
  return `${id} ${process.version} icu ${process.versions.icu} unicode ${process.versions.unicode}`;
}

test('the background store writes only a read of the text it was given, never makes the cache folder, and prints nothing', {
  timeout: 300_000,
}, async () => {
  const dir = testdir({ 'letters/big.yaml': bigLetter(3000) });
  const file = path.join(dir, 'letters', 'big.yaml');
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex');
  const other = createHash('sha256').update('another text').digest('hex');
  const cache = path.join(dir, 'cache');
  mkdirSync(cache);
  // Another text (the file was written again since), another build or Node: nothing.
  expect(await warmer(cache, file, 'letters/big.yaml', other)).toBe(0);
  expect(await warmer(cache, file, 'letters/big.yaml', hash, `another build ${process.version}`)).toBe(0);
  expect(readdirSync(cache)).toStrictEqual([]);
  // No cache folder (removed since): none made.
  rmSync(cache, { recursive: true });
  expect(await warmer(cache, file, 'letters/big.yaml', hash)).toBe(0);
  expect(existsSync(cache)).toBe(false);
  // The text as written: stored, under the key a command from the letter's folder reads (it reads it from there).
  mkdirSync(cache);
  expect(await warmer(cache, file, 'letters/big.yaml', hash)).toBe(0);
  expect(stored(cache)).toHaveLength(1);
  expect(readdirSync(cache)).toHaveLength(1);
  const r = await runBin(['status', 'big', '--verbose'], { cwd: dir, env: cleanEnv({ LETTERS_CACHE_DIR: cache }) });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/cache: read letters\/big\.yaml from /);
  // A spoilt file in place of the letter's text: nothing more.
  writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00]));
  expect(await warmer(cache, file, 'letters/big.yaml', hash)).toBe(0);
  expect(readdirSync(cache)).toHaveLength(1);
});

/** The nice value of each thread of process `pid` (Linux: /proc/<pid>/task/<tid>/stat, the 19th field). */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

test.runIf(process.platform === 'linux')(
  "the background store runs at the lowest priority in every thread (V8's and libuv's too), not its main thread alone",
  {
    timeout: 120_000,
  },
  async () => {
    const dir = testdir();
    const cache = path.join(dir, 'cache');
    mkdirSync(cache);
    // A named pipe for the letter: the store waits in reading it, past the point where it lowered its priority.
    const fifo = path.join(dir, 'big.yaml');
    execFileSync('mkfifo', [fifo]);
    const hash = '0'.repeat(64);
    const child = spawn(process.execPath, [WARMER, cache, buildCodeId(), fifo, 'big.yaml', hash], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let writer: number | undefined;
    try {
      const deadline = Date.now() + 60_000;
      while (writer === undefined) {
        try {
          writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      const nices = threadNices(child.pid!);
      expect(nices.length).toBeGreaterThan(1);
      expect(nices).toStrictEqual(nices.map(() => 19));
    } finally {
      if (writer !== undefined) {
        writeSync(writer, 'another text');
        closeSync(writer);
      } else child.kill('SIGKILL');
    }
    expect(await exited).toBe(0);
    expect(readdirSync(cache)).toStrictEqual([]);
  },
);

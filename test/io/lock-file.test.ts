// The lock as a regular file created whole (hard link from a flushed temporary file, or an
// exclusive create where the file system has no hard links), its stale takeover through claims,
// the locks of earlier versions, and the leftovers of crashes. In process: a lock held by this
// process counts as held by a live one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  promises as fs,
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LettersError } from '../../src/errors.js';
import { type LockOptions, lockFile } from '../../src/io/files/lock.js';
import { testdir } from '../helpers/testdir.js';

/** A folder holding the letter x.yaml; the lock options name paths relative to it. */
function letterDir(): { dir: string; file: string; lock: string; options: (extra?: Partial<LockOptions>) => LockOptions } {
  const dir = testdir({ 'x.yaml': 'title: T\n' });
  const file = path.join(dir, 'x.yaml');
  return {
    dir,
    file,
    lock: `${file}.lock`,
    options: (extra = {}) => ({
      display: 'x.yaml',
      show: (p) => path.relative(dir, p),
      waitMs: 5_000,
      notify: () => undefined,
      command: 'letters sign',
      ...extra,
    }),
  };
}

let exited: number | undefined;

/** The pid of a process that has exited (one for the whole file: starting node takes a while). */
function deadPid(): number {
  exited ??= spawnSync(process.execPath, ['-e', '']).pid;
  expect(() => process.kill(exited!, 0)).toThrow();
  return exited;
}

function record(fields: { pid: number; started?: number; token?: string; host?: string; command?: string }): string {
  return JSON.stringify({
    letters: 1,
    pid: fields.pid,
    host: fields.host ?? hostname(),
    since: new Date().toISOString(),
    started: fields.started ?? 0,
    command: fields.command ?? 'letters sign',
    token: fields.token ?? 'a1b2c3d4e5f60718',
  });
}

const noHardLinks = async (): Promise<void> => {
  throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
};

describe('the lock on disk', () => {
  test('is a regular file holding the whole record of its holder; no temporary file stays', async () => {
    const { dir, lock, file, options } = letterDir();
    const held = await lockFile(file, options());
    const stat = lstatSync(lock);
    expect(stat.isFile()).toBe(true);
    expect(stat.nlink).toBe(1);
    const text = readFileSync(lock, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      letters: 1,
      pid: process.pid,
      host: hostname(),
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      started: expect.any(Number),
      command: 'letters sign',
      token: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await held.verify();
    await held.release();
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });

  test('appears by a hard link from a flushed temporary file <lock>.<pid>.<random>.tmp that already holds the record', async () => {
    const { dir, lock, file, options } = letterDir();
    const seen: { from: string; to: string; content: string }[] = [];
    const link = async (from: string, to: string): Promise<void> => {
      seen.push({ from, to, content: readFileSync(from, 'utf8') });
      await fs.link(from, to);
    };
    const held = await lockFile(file, options({ link }));
    expect(seen).toHaveLength(1);
    expect(path.basename(seen[0]!.from)).toMatch(new RegExp(`^x\\.yaml\\.lock\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(seen[0]!.to).toBe(lock);
    expect(seen[0]!.content).toBe(readFileSync(lock, 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await held.release();
  });

  test('a second command finds it held by a live process: one waiting line, then busy naming the holder; no temporary file', async () => {
    const { dir, file, options } = letterDir();
    const first = await lockFile(file, options());
    const lines: string[] = [];
    const second = lockFile(file, options({ waitMs: 1_100, notify: (line) => lines.push(line), command: 'letters unsign' }));
    await expect(second).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringMatching(
        new RegExp(`^x\\.yaml is still locked by letters sign \\(pid ${process.pid}, since [\\d:]+\\) after 1\\.1 s$`),
      ),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^letters: x\.yaml is locked by letters sign \(pid \d+, since [\d:]+\) — waiting up to 1\.1 s/);
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await first.release();
  });

  test.for([
    ['EIO', /^cannot lock x\.yaml: the disk reported an input\/output error$/],
    ['ENOSPC', /^cannot lock x\.yaml: the disk is full \(no room for x\.yaml\.lock\)$/],
  ] as const)('a link that fails with %s fails at once with that cause, and the temporary file is removed', async ([code, message]) => {
    const { dir, file, options } = letterDir();
    const link = async (): Promise<void> => {
      throw Object.assign(new Error(`${code}: link`), { code });
    };
    const started = Date.now();
    const attempt = lockFile(file, options({ link }));
    await expect(attempt).rejects.toBeInstanceOf(LettersError);
    await expect(attempt).rejects.toMatchObject({ code: 'io', message: expect.stringMatching(message) });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });
});

describe('locks of earlier versions of letters', () => {
  test('a symbolic link to the record of a process that is gone is taken over', async () => {
    const { dir, lock, file, options } = letterDir();
    symlinkSync(record({ pid: deadPid() }), lock);
    const started = Date.now();
    const held = await lockFile(file, options());
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(lstatSync(lock).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await held.release();
  });

  test('a symbolic link to the record of a live process is waited for, and left alone', async () => {
    const { lock, file, options } = letterDir();
    const raw = record({ pid: process.pid, started: await ownStart(), command: 'letters render' });
    symlinkSync(raw, lock);
    await expect(lockFile(file, options({ waitMs: 200 }))).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/^x\.yaml is still locked by letters render \(pid \d+, since [\d:]+\) after 0\.2 s$/),
    });
    expect(lstatSync(lock).isSymbolicLink()).toBe(true);
    expect(readlinkSync(lock)).toBe(raw);
  });
});

/** The start time this process records in its own locks (so that a record naming it counts as alive). */
async function ownStart(): Promise<number> {
  const { lock, file, options } = letterDir();
  const held = await lockFile(file, options());
  const started = JSON.parse(readFileSync(lock, 'utf8')).started as number;
  await held.release();
  return started;
}

/** The name under which a taker claims the stale lock `content` (the module comment of src/io/files/lock.ts explains it). */
function claimOf(dir: string, content: string): string {
  return path.join(dir, `x.yaml.lock.${createHash('sha256').update(`file:${content}`).digest('hex').slice(0, 16)}.takeover`);
}

describe('stale locks', () => {
  test('a lock file of a process that is gone is taken over at once', async () => {
    const { dir, lock, file, options } = letterDir();
    writeFileSync(lock, `${record({ pid: deadPid() })}\n`);
    const lines: string[] = [];
    const held = await lockFile(file, options({ notify: (line) => lines.push(line) }));
    expect(lines).toEqual([]);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await held.release();
  });

  test('twenty commands finding the same stale lock take it one after another; none loses it while holding it', async () => {
    const { dir, lock, file, options } = letterDir();
    writeFileSync(lock, `${record({ pid: deadPid() })}\n`);
    let inside = 0;
    let most = 0;
    const one = async (): Promise<void> => {
      const held = await lockFile(file, options({ waitMs: 20_000 }));
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 2));
      await held.verify();
      inside -= 1;
      await held.release();
    };
    await Promise.all(Array.from({ length: 20 }, one));
    expect(most).toBe(1);
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });

  test('a claim left by a command that died while taking the lock over does not block the next one', async () => {
    const { dir, lock, file, options } = letterDir();
    const stale = `${record({ pid: deadPid() })}\n`;
    writeFileSync(lock, stale);
    writeFileSync(claimOf(dir, stale), `${record({ pid: deadPid(), token: '0f0f0f0f0f0f0f0f' })}\n`);
    const held = await lockFile(file, options({ waitMs: 1_000 }));
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await held.release();
  });

  test('a stale lock that a live command is taking over is left to it, and waited for', async () => {
    const { dir, lock, file, options } = letterDir();
    const stale = `${record({ pid: deadPid() })}\n`;
    writeFileSync(lock, stale);
    const claim = `${record({ pid: process.pid, started: await ownStart(), token: '0e0e0e0e0e0e0e0e' })}\n`;
    writeFileSync(claimOf(dir, stale), claim);
    await expect(lockFile(file, options({ waitMs: 300 }))).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/ after 0\.3 s$/),
    });
    expect(readFileSync(lock, 'utf8')).toBe(stale);
    expect(readFileSync(claimOf(dir, stale), 'utf8')).toBe(claim);
  });

  test('a new lock another command took while this one claimed the stale one is left in place', async () => {
    const { dir, lock, file, options } = letterDir();
    writeFileSync(lock, `${record({ pid: deadPid() })}\n`);
    const live = `${record({ pid: process.pid, started: await ownStart(), token: 'feedfeedfeedfeed', command: 'letters unsign' })}\n`;
    let ino = 0;
    const link = async (from: string, to: string): Promise<void> => {
      if (to.endsWith('.takeover') && ino === 0) {
        // Meanwhile, another command removed the stale lock and took a new one.
        rmSync(lock);
        writeFileSync(lock, live);
        ino = statSync(lock).ino;
      }
      await fs.link(from, to);
    };
    await expect(lockFile(file, options({ link, waitMs: 300 }))).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringContaining('locked by letters unsign'),
    });
    expect(ino).not.toBe(0);
    expect(statSync(lock).ino).toBe(ino);
    expect(readFileSync(lock, 'utf8')).toBe(live);
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
  });

  test('leftovers of crashed commands beside the lock are removed; those of live ones and other files stay', async () => {
    const { dir, file, options } = letterDir();
    const dead = deadPid();
    const leftovers = {
      [`x.yaml.lock.${dead}.0a1b2c3d.tmp`]: `${record({ pid: dead })}\n`,
      'x.yaml.lock.0123456789abcdef.takeover': `${record({ pid: dead, token: 'ffff' })}\n`,
    };
    const keep = {
      [`x.yaml.lock.${process.pid}.deadbeef.tmp`]: `${record({ pid: process.pid, started: await ownStart() })}\n`,
      'x.yaml.lock.notes': 'mine\n',
      [`y.yaml.lock.${dead}.0a1b2c3d.tmp`]: `${record({ pid: dead })}\n`,
    };
    for (const [name, content] of Object.entries({ ...leftovers, ...keep })) writeFileSync(path.join(dir, name), content);
    const held = await lockFile(file, options());
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock', ...Object.keys(keep)].sort());
    await held.release();
  });
});

describe('a file system without hard links (link fails with EPERM)', () => {
  test('the lock file is created exclusively with the whole record; no temporary file stays', async () => {
    const { dir, lock, file, options } = letterDir();
    const held = await lockFile(file, options({ link: noHardLinks }));
    expect(lstatSync(lock).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, command: 'letters sign' });
    expect(readdirSync(dir).sort()).toEqual(['x.yaml', 'x.yaml.lock']);
    await held.verify();
    await held.release();
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });

  test('a second command waits for the holder and says who it is; a stale lock is taken over', async () => {
    const { dir, lock, file, options } = letterDir();
    const first = await lockFile(file, options({ link: noHardLinks }));
    await expect(lockFile(file, options({ link: noHardLinks, waitMs: 200 }))).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringContaining(`locked by letters sign (pid ${process.pid}, `),
    });
    await first.release();
    writeFileSync(lock, `${record({ pid: deadPid() })}\n`);
    const second = await lockFile(file, options({ link: noHardLinks }));
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await second.release();
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });

  test.for([
    ['empty', ''],
    ['holding the start of a record', '{"letters":1,"pid":12'],
  ] as const)('a lock file that is %s and new is being written: waited for as held', async ([, content]) => {
    const { lock, file, options } = letterDir();
    writeFileSync(lock, content);
    await expect(lockFile(file, options({ link: noHardLinks, waitMs: 300 }))).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/^x\.yaml is still locked by another letters command \(since [\d:]+\) after 0\.3 s$/),
      hint: 'if no letters command is running, delete x.yaml.lock and try again',
    });
    expect(readFileSync(lock, 'utf8')).toBe(content);
  });

  test.for([
    ['empty', '', 'an empty file'],
    ['holding the start of a record', '{"letters":1,"pid":12', 'a file with an unfinished lock record'],
  ] as const)('a lock file that is %s and older than a few seconds is named, not removed', async ([, content, what]) => {
    const { lock, file, options } = letterDir();
    writeFileSync(lock, content);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const started = Date.now();
    await expect(lockFile(file, options({ link: noHardLinks }))).rejects.toMatchObject({
      code: 'exists',
      message: `x.yaml.lock exists and is not a letters lock (it is ${what})`,
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(readFileSync(lock, 'utf8')).toBe(content);
  });
});

test('a lock file whose content is not a record is named at once, never removed, with hard links or without', async () => {
  for (const link of [undefined, noHardLinks]) {
    const { lock, file, options } = letterDir();
    writeFileSync(lock, 'my notes\n');
    await expect(lockFile(file, options({ link }))).rejects.toMatchObject({
      code: 'exists',
      message: 'x.yaml.lock exists and is not a letters lock (it is a file)',
    });
    expect(existsSync(lock)).toBe(true);
    expect(readFileSync(lock, 'utf8')).toBe('my notes\n');
  }
});

//! The lock that lets one letters command at a time change a letter file.
//!
//! The lock is a symbolic link `<file>.lock` whose target is a line of JSON naming its holder
//! (pid, host, when, which command, a random token). Making a symlink is atomic, so a lock is
//! never seen half-written, and it needs no timer: a lock is stale when its holder's process is
//! gone from this host, which can be checked at once. Only "someone else holds it" is waited on,
//! and only for a bounded time; every other error fails at once with its own cause.
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LettersError } from '../errors.js';
import { errnoCode, ioError, isCode, isFull, reason } from './fs-errors.js';

/** How long a command waits for a lock held by a live process, unless LETTERS_LOCK_WAIT says. */
export const DEFAULT_LOCK_WAIT_SECONDS = 30;
/** After this long waiting, say what for (once). */
const NOTICE_AFTER_MS = 1_000;
/** An empty lock folder is what letters 0.1 (proper-lockfile) left; it refreshed it while held. */
const LEGACY_STALE_MS = 10_000;

export interface LockOptions {
  /** The locked file, as messages name it. */
  display: string;
  /** Any path, as messages name it. */
  show: (file: string) => string;
  /** How long to wait for a holder that is still running. */
  waitMs: number;
  /** Prints one line on stderr. */
  notify: (line: string) => void;
  /** What takes the lock, for the messages of whoever waits for it ("letters sign"). */
  command: string;
}

export interface HeldLock {
  /** Throws unless the lock is still ours: call it right before a write takes effect. */
  verify(): Promise<void>;
  release(): Promise<void>;
}

interface Owner {
  letters: 1;
  pid: number;
  host: string;
  since: string;
  /** When the holder's process started (ms since 1970): a reused pid has another start. */
  started: number;
  command: string;
  token: string;
}

type LockState =
  | { kind: 'free' }
  | { kind: 'foreign'; what: string }
  | { kind: 'held'; ino: number; raw: string | undefined; owner: Owner | undefined; since: Date; holder: Holder };

/** alive: that very process runs; maybe: a process with its pid runs (its start could not be checked); unknown: on another host. */
type Holder = 'alive' | 'maybe' | 'gone' | 'unknown';

/** The seconds to wait for a busy lock, from LETTERS_LOCK_WAIT. */
export function lockWaitMs(env: NodeJS.ProcessEnv): number {
  const raw = env['LETTERS_LOCK_WAIT'];
  if (raw === undefined || raw === '') return DEFAULT_LOCK_WAIT_SECONDS * 1000;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) > 86_400) {
    throw new LettersError(
      'usage',
      `LETTERS_LOCK_WAIT is not a number of seconds: ${raw}`,
      `set it to the seconds to wait for a letter another command is changing (default ${DEFAULT_LOCK_WAIT_SECONDS}), or unset it`,
    );
  }
  return Number(raw) * 1000;
}

/** Take the lock on `file`, waiting (boundedly) only while another live process holds it. */
export async function lockFile(file: string, options: LockOptions): Promise<HeldLock> {
  const lockPath = `${file}.lock`;
  const lockDisplay = options.show(lockPath);
  const owner: Owner = {
    letters: 1,
    pid: process.pid,
    host: os.hostname(),
    since: '',
    started: processStartMs(process.pid) ?? Math.round(performance.timeOrigin),
    command: options.command,
    token: randomBytes(8).toString('hex'),
  };
  const startedWaiting = Date.now();
  let told = false;
  let delay = 5;
  for (;;) {
    owner.since = new Date().toISOString();
    const mine = JSON.stringify(owner);
    try {
      await fs.symlink(mine, lockPath);
      return held(lockPath, mine, options.display, lockDisplay);
    } catch (err) {
      if (!isCode(err, 'EEXIST')) throw lockError(err, file, options);
    }
    const state = await inspect(lockPath).catch((err: unknown) => {
      throw lockError(err, file, options);
    });
    if (state.kind === 'free') continue;
    if (state.kind === 'foreign') {
      throw new LettersError(
        'exists',
        `${lockDisplay} exists and is not a letters lock (it is ${state.what})`,
        `letters needs that name to lock ${options.display} while changing it: move or delete it, then try again`,
      );
    }
    if (state.holder === 'gone') {
      await takeOver(lockPath, state).catch((err: unknown) => {
        throw lockError(err, file, options);
      });
      continue;
    }
    const waited = Date.now() - startedWaiting;
    if (!told && waited >= NOTICE_AFTER_MS) {
      told = true;
      options.notify(
        `letters: ${options.display} is locked by ${holderText(state)} — waiting up to ${seconds(options.waitMs)} for it to finish`,
      );
    }
    if (waited >= options.waitMs) throw busyError(state, options, lockDisplay);
    await sleep(Math.min(delay * (0.5 + Math.random()), options.waitMs - waited + 1));
    delay = Math.min(delay * 1.5, 100);
  }
}

function held(lockPath: string, mine: string, display: string, lockDisplay: string): HeldLock {
  const ours = (): Promise<boolean> =>
    fs.readlink(lockPath).then(
      (raw) => raw === mine,
      () => false,
    );
  return {
    async verify() {
      if (!(await ours())) {
        throw new LettersError(
          'lock-lost',
          `the lock on ${display} was removed or taken over while this command held it, so nothing was written`,
          `another program or person removed ${lockDisplay}; check ${display}, then run the command again`,
        );
      }
    },
    async release() {
      if (await ours()) await fs.unlink(lockPath).catch(() => undefined);
    },
  };
}

async function inspect(lockPath: string): Promise<LockState> {
  let stat: Awaited<ReturnType<typeof fs.lstat>>;
  try {
    stat = await fs.lstat(lockPath);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return { kind: 'free' };
    throw err;
  }
  if (stat.isDirectory()) {
    const entries = await fs.readdir(lockPath).catch((err: unknown) => (isCode(err, 'ENOENT') ? [] : ['?']));
    if (entries.length > 0) return { kind: 'foreign', what: 'a folder with files in it' };
    const gone = Date.now() - stat.mtimeMs > LEGACY_STALE_MS;
    return { kind: 'held', ino: stat.ino, raw: undefined, owner: undefined, since: stat.mtime, holder: gone ? 'gone' : 'unknown' };
  }
  if (!stat.isSymbolicLink()) return { kind: 'foreign', what: stat.isFile() ? 'a file' : 'not a file or a folder' };
  let raw: string;
  try {
    raw = await fs.readlink(lockPath);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return { kind: 'free' };
    throw err;
  }
  const owner = parseOwner(raw);
  if (!owner) return { kind: 'foreign', what: `a link to ${raw.slice(0, 60)}` };
  const since = new Date(owner.since);
  return { kind: 'held', ino: stat.ino, raw, owner, since: Number.isNaN(since.getTime()) ? stat.mtime : since, holder: holderState(owner) };
}

function parseOwner(raw: string): Owner | undefined {
  if (!raw.startsWith('{')) return undefined;
  try {
    const o = JSON.parse(raw) as Partial<Owner>;
    const ok =
      o.letters === 1 &&
      Number.isSafeInteger(o.pid) &&
      o.pid! > 0 && // kill(0 or -1, 0) would ask about a whole group of processes
      typeof o.host === 'string' &&
      typeof o.since === 'string' &&
      typeof o.started === 'number' &&
      typeof o.command === 'string' &&
      typeof o.token === 'string';
    return ok ? (o as Owner) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's holder still runs. On another host nobody can tell: it is waited for. */
function holderState(owner: Owner): Holder {
  if (owner.host !== os.hostname()) return 'unknown';
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if (isCode(err, 'ESRCH')) return 'gone';
    if (!isCode(err, 'EPERM')) return 'maybe'; // EPERM: it runs, as another user
  }
  // A process with that pid runs; it is the holder only if it started when the holder did.
  const started = processStartMs(owner.pid);
  if (started === undefined) return 'maybe';
  return Math.abs(started - owner.started) > 2_000 ? 'gone' : 'alive';
}

/** When a process started, from Linux's /proc (clock ticks since boot); undefined elsewhere. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]); // field 22, starttime
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove a stale lock. It is first renamed aside, so that of several waiters only one removes
 * it; if what was moved turns out to be a newer lock (taken in between), it is put back.
 */
async function takeOver(lockPath: string, stale: Extract<LockState, { kind: 'held' }>): Promise<void> {
  const aside = `${lockPath}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await fs.rename(lockPath, aside);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return;
    throw err;
  }
  const moved = await fs.lstat(aside);
  const raw = moved.isSymbolicLink() ? await fs.readlink(aside).catch(() => undefined) : undefined;
  if (moved.ino !== stale.ino || raw !== stale.raw) {
    // Not the lock judged stale: give it back (if the name is still free; if not, its holder
    // finds its lock gone before it writes, and stops).
    const putBack = raw !== undefined ? fs.symlink(raw, lockPath) : fs.rename(aside, lockPath);
    await putBack.catch(() => undefined);
  }
  await (moved.isDirectory() ? fs.rmdir(aside) : fs.unlink(aside)).catch(() => undefined);
}

function holderText(state: Extract<LockState, { kind: 'held' }>): string {
  const since = `since ${clockTime(state.since)}`;
  const o = state.owner;
  if (!o) return `another letters command (${since})`;
  const where = o.host === os.hostname() ? '' : ` on ${o.host}`;
  return `${o.command} (pid ${o.pid}${where}, ${since})`;
}

function busyError(state: Extract<LockState, { kind: 'held' }>, options: LockOptions, lockDisplay: string): LettersError {
  const o = state.owner;
  const hint =
    o && state.holder === 'alive'
      ? `wait for it to finish, or stop it (kill ${o.pid}), then try again`
      : o && state.holder === 'maybe'
        ? `wait for it to finish; if process ${o.pid} is not a letters command, delete ${lockDisplay} and try again`
        : o
          ? `if that command no longer runs on ${o.host}, delete ${lockDisplay} and try again`
          : `if no letters command is running, delete ${lockDisplay} and try again`;
  return new LettersError('busy', `${options.display} is still locked by ${holderText(state)} after ${seconds(options.waitMs)}`, hint);
}

function lockError(err: unknown, file: string, options: LockOptions): LettersError {
  const folder = `${options.show(path.dirname(file))}/`;
  const lockDisplay = options.show(`${file}.lock`);
  if (isCode(err, 'ENOENT')) {
    return new LettersError('not-found', `no letter file at ${options.display}`, 'check the name with `letters list`');
  }
  if (isFull(err)) {
    return new LettersError(
      'io',
      `cannot lock ${options.display}: ${reason(err)} (no room for ${lockDisplay})`,
      `free some space and try again; ${options.display} was not changed`,
      { cause: err },
    );
  }
  if (isCode(err, 'EACCES', 'EPERM', 'EROFS')) {
    const why =
      errnoCode(err) === 'EROFS' ? `the folder ${folder} is on a read-only file system` : `permission denied in the folder ${folder}`;
    return new LettersError(
      'io',
      `cannot lock ${options.display}: ${why}`,
      `letters creates ${lockDisplay} while it changes the letter, so it needs a folder it may write to; nothing was changed`,
      { cause: err },
    );
  }
  if (isCode(err, 'ENAMETOOLONG')) {
    return new LettersError(
      'io',
      `cannot lock ${options.display}: its name is too long to add ".lock"`,
      'rename the file to a shorter name',
      {
        cause: err,
      },
    );
  }
  return ioError(err, options.display, 'lock');
}

function clockTime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  const now = new Date();
  return date.toDateString() === now.toDateString()
    ? time
    : `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${time}`;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${s} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

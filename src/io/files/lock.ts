//! The lock that lets one letters command at a time change a letter file: taking it (waiting,
//! boundedly, only for a live holder; taking over a stale one), holding it and releasing it. The
//! record a lock is made of, how it is written whole and how a found lock is judged, are in
//! lock-record.ts.
//!
//! There is no timer: a lock is stale when its holder's process is gone from this host (or its
//! pid now belongs to a process that started at another time), which can be checked at once. Only
//! a lock held by a live process (or by one on another host, which cannot be checked) is waited
//! for, and only for a bounded time; every other error fails at once with its own cause.
//!
//! Taking over a stale lock, without a race. Several commands may find the same stale lock at once;
//! by the time one of them acts, another may have removed it and a third taken a new lock under the
//! name. Moving the lock aside, looking, and putting back what turns out to be a new lock (what
//! letters did before) leaves a moment in which a live lock is missing: its holder fails if it
//! checks its lock then, or, if it had just checked it, may write while a command that took the
//! free name reads. So no lock is ever moved. A taker first claims the stale record, by creating
//! `<file>.lock.<id>.takeover` exclusively (the same way as a lock), <id> derived from the record;
//! only the one claimant reads the lock again and, if it still holds that very record, removes it,
//! then removes its claim. Nothing else can change the name in between: the record's holder is
//! gone; a lock cannot be created over an existing name; and only a claimant removes a lock that is
//! not its own, claims of one record exclude each other, and a record once removed never comes back
//! (its token is random), so a later claimant of the same record finds another lock or none and
//! removes nothing. So a live lock is never touched by another command, and a holder that has
//! checked its lock right before it writes still holds it when it writes. A claim left by a taker
//! that died in between is itself the record of a gone holder and is removed the same way, by a
//! claim on it; a claim of a live taker (stopped, say) is waited for like a lock. All of this rests
//! on the judgement "gone" being right, and on nobody but letters changing these files.
//!
//! Leftovers of a crash (a temporary file, a claim) are removed by the next command that takes
//! the lock, when their holder is gone too: once a command holds the lock, every claim is about a
//! record no longer under the lock's name, so removing one can do no harm.
import { promises as fs, readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LettersError } from '../../errors.js';
import { errnoCode, ioError, isCode, isFull, reason } from './fs-errors.js';
import { letGoOnSignal } from './lock-signals.js';
import { nodeCrypto, randomHex } from './random.js';
import {
  type Held,
  type MakeExclusive,
  type Names,
  type Owner,
  exclusiveMaker,
  look,
  processStartMs,
  readRecordFile,
  recordText,
} from './lock-record.js';

/** How long a command waits for a lock held by a live process, unless LETTERS_LOCK_WAIT says. */
export const DEFAULT_LOCK_WAIT_SECONDS = 30;
/** After this long waiting, say what for (once). */
const NOTICE_AFTER_MS = 1_000;

/** How lockFile names files in its messages, how long it waits, and whom it tells. */
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
  /** Makes a hard link (fs.link); tests pass one that fails as on a file system without them. */
  link?: (existing: string, newPath: string) => Promise<void>;
}

/** A lock this command holds, until it releases it. */
export interface HeldLock {
  /** Throws unless the lock is still ours: call it right before a write takes effect. */
  verify(): Promise<void>;
  release(): Promise<void>;
}

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
  const names: Names = { lockPath, dir: path.dirname(lockPath), prefix: shortName(path.basename(lockPath)) };
  const make = exclusiveMaker(names, options.link ?? fs.link);
  const fail = (err: unknown): never => {
    throw lockError(err, file, options);
  };
  const owner: Owner = {
    letters: 1,
    pid: process.pid,
    host: os.hostname(),
    since: '',
    started: processStartMs(process.pid) ?? Math.round(performance.timeOrigin),
    command: options.command,
    token: randomHex(8),
  };
  const startedWaiting = Date.now();
  let told = false;
  let delay = 5;
  for (;;) {
    owner.since = new Date().toISOString();
    const mine = recordText(owner);
    // Held from the moment the file is there: the signal handlers are in place before it is
    // made, so a signal while it is made or swept removes it too (only if it is ours).
    const lock = held(lockPath, mine, options.display, lockDisplay);
    let made = false;
    try {
      made = await make(lockPath, mine).catch(fail);
      if (made) await sweep(names);
    } catch (err) {
      await lock.release();
      throw err;
    }
    if (made) return lock;
    await lock.release(); // not ours: only lets go of the handlers

    // Taken: look, and wait (a record is written only when the lock looks free again).
    for (;;) {
      const state = await look(lockPath, 'lock').catch(fail);
      if (state.kind === 'free') break;
      if (state.kind === 'foreign') {
        throw new LettersError(
          'exists',
          `${lockDisplay} exists and is not a letters lock (it is ${state.what})`,
          `letters needs that name to lock ${options.display} while changing it: move or delete it, then try again`,
        );
      }
      if (state.holder === 'gone') {
        const claimer: Owner = { ...owner, since: new Date().toISOString(), token: randomHex(8) };
        if (await takeOver(names, lockPath, state, claimer, make).catch(fail)) break;
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
}

function held(lockPath: string, mine: string, display: string, lockDisplay: string): HeldLock {
  const ours = (): Promise<boolean> =>
    readRecordFile(lockPath).then(
      (found) => typeof found === 'object' && found.raw === mine,
      () => false,
    );
  // Stopped by a signal while holding the lock: remove it (if it is still ours) before the
  // process ends (lock-signals.ts). A lock left behind would be taken over later, but one on a
  // shared folder would first keep everyone else waiting.
  const forget = letGoOnSignal(() => {
    if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
  });
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
      // The signal hook stays until the lock is gone: a signal while it is looked at or removed
      // still removes it (if it is ours).
      try {
        if (await ours()) await fs.unlink(lockPath).catch(() => undefined);
      } finally {
        forget();
      }
    },
  };
}

/**
 * Remove the stale lock (or claim) `judged` found at `target`, if it is still there, as its one
 * claimant (see the module comment). True when the caller should try the lock again; false when
 * another command is taking it over right now (its claim stands), so the caller waits.
 */
async function takeOver(names: Names, target: string, judged: Held, claimer: Owner, make: MakeExclusive, depth = 0): Promise<boolean> {
  const claim = path.join(
    names.dir,
    `${names.prefix}.${nodeCrypto().createHash('sha256').update(judged.id).digest('hex').slice(0, 16)}.takeover`,
  );
  const mine = recordText(claimer);
  if (!(await make(claim, mine))) {
    const other = await look(claim, 'claim');
    if (other.kind === 'free') return true;
    // A claim whose taker died before it finished: claim that, remove it, and start again.
    if (other.kind === 'held' && other.holder === 'gone' && depth < 3) {
      return takeOver(names, claim, other, { ...claimer, token: randomHex(8) }, make, depth + 1);
    }
    return false;
  }
  try {
    const now = await look(target, target === names.lockPath ? 'lock' : 'claim');
    if (now.kind === 'held' && now.id === judged.id) {
      await (now.form === 'folder' ? fs.rmdir(target) : fs.unlink(target)).catch((err: unknown) => {
        if (!isCode(err, 'ENOENT')) throw err;
      });
    }
  } finally {
    const still = await readRecordFile(claim).catch(() => undefined);
    if (typeof still === 'object' && still.raw === mine) await fs.unlink(claim).catch(() => undefined);
  }
  return true;
}

/**
 * Remove what crashed commands left beside the lock: temporary files and claims whose holder is
 * gone. Only called while holding the lock (see the module comment); never fails a command.
 */
async function sweep(names: Names): Promise<void> {
  const entries = await fs.readdir(names.dir).catch(() => [] as string[]);
  const leftover = /^(?:\d+\.[0-9a-f]{8}\.tmp|[0-9a-f]{16}\.takeover)$/;
  for (const name of entries) {
    if (!name.startsWith(`${names.prefix}.`) || !leftover.test(name.slice(names.prefix.length + 1))) continue;
    const file = path.join(names.dir, name);
    const state = await look(file, 'claim').catch(() => undefined);
    if (state?.kind === 'held' && state.holder === 'gone' && state.form === 'file') await fs.unlink(file).catch(() => undefined);
  }
}

/** At most 200 bytes of `base`, so that a companion's name stays under the 255-byte limit. */
function shortName(base: string): string {
  let short = '';
  for (const ch of base) {
    if (Buffer.byteLength(short + ch) > 200) break;
    short += ch;
  }
  return short;
}

function holderText(state: Held): string {
  const since = `since ${clockTime(state.since)}`;
  const o = state.owner;
  if (!o) return `another letters command (${since})`;
  const where = o.host === os.hostname() ? '' : ` on ${o.host}`;
  return `${o.command} (pid ${o.pid}${where}, ${since})`;
}

function busyError(state: Held, options: LockOptions, lockDisplay: string): LettersError {
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

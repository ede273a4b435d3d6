//! A lock's record: its format, how it is written whole under a name only if the name is free,
//! and how whatever is found at a lock's name is read and judged (held by a live holder, stale,
//! or not a letters lock). lock.ts takes, holds and releases locks made of these records.
//!
//! The lock is a regular file `<file>.lock` holding one line of JSON that names its holder: pid,
//! host, when it took the lock, when its process started, which command, and a random token that
//! makes each record unique. It appears whole or not at all: the record is written to a temporary
//! file beside it (`<file>.lock.<pid>.<random>.tmp`, created exclusively), flushed to disk, and
//! hard-linked to the lock's name. A link fails if the name exists, so of several commands exactly
//! one gets the lock; the temporary name is then removed, on every path. (letters used to make the
//! lock a symbolic link, which Windows allows only to administrators; hard links work for everyone
//! on NTFS, ext4, APFS and tmpfs.)
//!
//! Where the file system has no hard links (FAT, some network shares: link fails with EPERM,
//! ENOTSUP or EOPNOTSUPP), the lock file itself is created exclusively and the record written and
//! flushed into it. A reader may then find it half-written, so a lock file that is empty or holds
//! the start of a record counts as held (being written) while it is younger than WRITING_MS, and
//! once older as a file that is not a letters lock: named in the error, never removed.
//!
//! Locks of earlier versions of letters are understood: a symbolic link whose target is the same
//! record, and an empty folder (letters 0.1), stale when not refreshed for LEGACY_STALE_MS.
import { type Stats, constants as fsc, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isCode } from './fs-errors.js';
import { randomHex } from './random.js';

/** An empty lock folder is what letters 0.1 (proper-lockfile) left; it refreshed it while held. */
const LEGACY_STALE_MS = 10_000;
/** Without hard links a lock file is written after it is created: this is ample time to finish. */
const WRITING_MS = 5_000;
/** A record is one short line; a bigger file is not one. */
const RECORD_MAX_BYTES = 4_096;
/** link() errors that mean the file system has no hard links. */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'];
/** Open without following a link, and without waiting on a named pipe (flags Windows lacks are 0). */
const READ_FLAGS = fsc.O_RDONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0);

/** A record: who holds the lock, on which host, since when, for which command. */
export interface Owner {
  letters: 1;
  pid: number;
  host: string;
  since: string;
  /** When the holder's process started (ms since 1970): a reused pid has another start. */
  started: number;
  command: string;
  token: string;
}

/** A lock (or a claim on one) that someone holds, as found at its name. */
export interface Held {
  kind: 'held';
  /** What was found, exactly: the same id later means the same lock. */
  id: string;
  form: 'file' | 'link' | 'folder';
  owner: Owner | undefined;
  since: Date;
  holder: Holder;
}

/** What is at a lock's name: nothing, something that is not a letters lock, or a held lock. */
export type LockState = { kind: 'free' } | { kind: 'foreign'; what: string } | Held;

/** alive: that very process runs; maybe: a process with its pid runs (its start could not be checked); unknown: on another host. */
export type Holder = 'alive' | 'maybe' | 'gone' | 'unknown';

/** Creates a file with the given content, whole, only if its name is free; false when it is taken. */
export type MakeExclusive = (target: string, content: string) => Promise<boolean>;

/** Where a lock's companions live: its folder, and the start of their names. */
export interface Names {
  lockPath: string;
  dir: string;
  prefix: string;
}

/** The record as written: one line of JSON. */
export function recordText(owner: Owner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** Empty (or zeroed by a crash), or the start of a record whose writing was cut short. */
function unfinished(raw: string): boolean {
  const head = '{"letters":1,';
  return /^\0*$/.test(raw) || head.startsWith(raw) || raw.startsWith(head);
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

/**
 * How records are created whole under a name only if it is free: by hard link from a flushed
 * temporary file, or, once the file system has refused a hard link, by exclusive create.
 */
export function exclusiveMaker(names: Names, link: (existing: string, newPath: string) => Promise<void>): MakeExclusive {
  let hardLinks = true;
  const make: MakeExclusive = async (target, content) => {
    if (hardLinks) {
      const tmp = path.join(names.dir, `${names.prefix}.${process.pid}.${randomHex(4)}.tmp`);
      await writeNew(tmp, content);
      try {
        await link(tmp, target);
        return true;
      } catch (err) {
        if (isCode(err, 'EEXIST')) return false;
        // Our own temporary file vanished (another command judged it a leftover): write another.
        // If the folder itself is gone, writing the next one says so.
        if (isCode(err, 'ENOENT') && !(await exists(tmp))) return make(target, content);
        if (!isCode(err, ...NO_HARD_LINKS)) throw err;
        hardLinks = false;
      } finally {
        await fs.unlink(tmp).catch(() => undefined);
      }
    }
    try {
      await writeNew(target, content);
      return true;
    } catch (err) {
      if (isCode(err, 'EEXIST')) return false;
      throw err;
    }
  };
  return make;
}

/** Create `file` (it must not exist), write `content` and flush it; on any failure remove it again. */
async function writeNew(file: string, content: string): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o644);
  try {
    // Whoever waits for the lock must be able to read who holds it, whatever our umask.
    await handle.chmod(0o644).catch(() => undefined);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.unlink(file).catch(() => undefined);
    throw err;
  }
  try {
    await handle.close();
  } catch (err) {
    await fs.unlink(file).catch(() => undefined);
    throw err;
  }
}

/**
 * What is at `file`. For the lock, a file with an unfinished record is held while it may still
 * be being written, then not ours; a temporary file or claim like it is, by then, a leftover.
 */
export async function look(file: string, what: 'lock' | 'claim'): Promise<LockState> {
  let stat: Stats;
  try {
    stat = await fs.lstat(file);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return { kind: 'free' };
    throw err;
  }
  if (stat.isDirectory()) {
    if (what === 'claim') return { kind: 'foreign', what: 'a folder' };
    const entries = await fs.readdir(file).catch((err: unknown) => (isCode(err, 'ENOENT') ? [] : ['?']));
    if (entries.length > 0) return { kind: 'foreign', what: 'a folder with files in it' };
    const gone = Date.now() - stat.mtimeMs > LEGACY_STALE_MS;
    const id = `folder:${stat.ino}:${stat.mtimeMs}`;
    return { kind: 'held', id, form: 'folder', owner: undefined, since: stat.mtime, holder: gone ? 'gone' : 'unknown' };
  }
  if (stat.isSymbolicLink()) {
    // The lock of letters before it wrote lock files: a link whose target is the record.
    let raw: string;
    try {
      raw = await fs.readlink(file);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return { kind: 'free' };
      throw err;
    }
    const owner = parseOwner(raw);
    if (!owner) return { kind: 'foreign', what: `a link to ${raw.slice(0, 60)}` };
    return heldBy('link', raw, owner, stat.mtime);
  }
  if (!stat.isFile()) return { kind: 'foreign', what: 'not a file or a folder' };
  let found: Awaited<ReturnType<typeof readRecordFile>>;
  try {
    found = await readRecordFile(file);
  } catch (err) {
    if (isCode(err, 'EACCES', 'EPERM')) return { kind: 'foreign', what: 'a file letters may not read' };
    throw err;
  }
  // Replaced by something else since lstat: look again from the start.
  if (found === undefined) return { kind: 'free' };
  if (found === 'large') return { kind: 'foreign', what: 'a file' };
  const owner = parseOwner(found.raw);
  if (owner) return heldBy('file', found.raw, owner, found.stat.mtime);
  if (!unfinished(found.raw)) return { kind: 'foreign', what: 'a file' };
  const young = Date.now() - found.stat.mtimeMs < WRITING_MS;
  if (!young && what === 'lock') {
    return { kind: 'foreign', what: /^\0*$/.test(found.raw) ? 'an empty file' : 'a file with an unfinished lock record' };
  }
  const id = `part:${found.stat.ino}:${found.stat.size}:${found.stat.mtimeMs}`;
  return { kind: 'held', id, form: 'file', owner: undefined, since: found.stat.mtime, holder: young ? 'unknown' : 'gone' };
}

function heldBy(form: 'file' | 'link', raw: string, owner: Owner, mtime: Date): Held {
  const since = new Date(owner.since);
  return {
    kind: 'held',
    id: `${form}:${raw}`,
    form,
    owner,
    since: Number.isNaN(since.getTime()) ? mtime : since,
    holder: holderState(owner),
  };
}

/** The content of the regular file `file` (a link is not followed): undefined if it is not one now. */
export async function readRecordFile(file: string): Promise<{ raw: string; stat: Stats } | 'large' | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, READ_FLAGS);
  } catch (err) {
    if (isCode(err, 'ENOENT', 'ELOOP', 'EMLINK', 'EISDIR', 'ENXIO')) return undefined;
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    if (stat.size > RECORD_MAX_BYTES) return 'large';
    const buffer = Buffer.alloc(RECORD_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > RECORD_MAX_BYTES) return 'large';
    }
    return { raw: buffer.toString('utf8', 0, length), stat };
  } finally {
    await handle.close().catch(() => undefined);
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
export function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]); // field 22, starttime
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

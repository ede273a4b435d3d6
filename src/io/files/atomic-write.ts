//! The one way letters writes a file (letter edits, new letters, PDFs): the old file or the new
//! one, never a torn one, and never "done" for bytes that did not reach the disk.
import { type Stats, promises as fs } from 'node:fs';
import path from 'node:path';
import { LettersError } from '../../errors.js';
import { isCode, isFull, kilobytes, reason } from './fs-errors.js';
import { tempSuffix } from './random.js';

export interface AtomicWriteOptions {
  /** The target as messages name it. */
  display: string;
  /** The last check before the new file takes the target's place (e.g. that our lock is still ours). */
  beforeCommit?: () => Promise<void>;
  /**
   * Many files written into a few folders (a mail merge, `render --all`): the folder is flushed
   * once for them all, by `folders.flush()`, which the caller awaits before saying they are
   * written, instead of after each file. Each file is still whole or absent.
   */
  folders?: FolderFlush;
}

/** Folders whose new names are flushed to the disk together, once a run's files are all written. */
export class FolderFlush {
  private readonly pending = new Map<string, string>();

  add(dir: string, display: string): void {
    if (!this.pending.has(dir)) this.pending.set(dir, display);
  }

  /** Flush every folder written into since the last flush: only then do its new files stay after a crash. */
  async flush(): Promise<void> {
    for (const [dir, display] of this.pending) {
      this.pending.delete(dir);
      await syncFolder(dir, display);
    }
  }
}

/**
 * Replace (or create) `target` with `data`: a temporary file beside it, created exclusively and
 * given the target's mode and owner, written until every byte is in, fsynced and closed, then
 * renamed over the target, then the folder fsynced. On any failure the temporary file is removed
 * and the target is as it was; a full disk says so, with the space needed.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const before = await fs.stat(target).catch(() => undefined);
  await commitTemp(target, data, before, options, (tmp) => fs.rename(tmp, target));
}

/** Errors of a file system that has no hard links (FAT, exFAT, some network and FUSE mounts). */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV'];

/**
 * Create `target` only if no file has that name, even in a race with another writer: the
 * complete temporary file is hard-linked to the name, which fails if the name exists. Where
 * the file system has no hard links, the name is claimed by an exclusive create and the complete
 * file renamed over the claim. Returns false, having written nothing, when it exists.
 * `link` is there for tests of a file system without links.
 */
export async function createFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
  link: (from: string, to: string) => Promise<void> = fs.link,
): Promise<boolean> {
  let created = true;
  await commitTemp(target, data, undefined, options, async (tmp) => {
    try {
      await link(tmp, target);
    } catch (err) {
      if (isCode(err, 'EEXIST')) created = false;
      else if (NO_HARD_LINKS.some((code) => isCode(err, code))) {
        created = await claimAndRename(tmp, target);
        if (created) return;
      } else throw err;
    }
    await fs.unlink(tmp);
  });
  return created;
}

/** Claim `target` with an empty file created exclusively, then rename `tmp` over it; false when the name was taken. */
async function claimAndRename(tmp: string, target: string): Promise<boolean> {
  let claim: fs.FileHandle;
  try {
    claim = await fs.open(target, 'wx');
  } catch (err) {
    if (isCode(err, 'EEXIST')) return false;
    throw err;
  }
  await claim.close();
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.unlink(target).catch(() => undefined);
    throw err;
  }
  return true;
}

async function commitTemp(
  target: string,
  data: string | Uint8Array,
  before: Stats | undefined,
  options: AtomicWriteOptions,
  commit: (tmp: string) => Promise<void>,
): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dir = path.dirname(target);
  let tmp = '';
  let handle: fs.FileHandle | undefined;
  try {
    // 0600 until the target's own mode is copied, so nobody reads a half-written copy of a
    // file they could not read.
    handle = await openTemp(dir, path.basename(target), before ? 0o600 : 0o666, (name) => {
      tmp = name;
    });
    await writeAll(handle, bytes);
    if (before) await keepModeAndOwner(handle, before);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await options.beforeCommit?.();
    await commit(tmp);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    // Only a temporary file this write created: a name found taken is another writer's.
    if (tmp !== '') await fs.unlink(tmp).catch(() => undefined);
    if (err instanceof LettersError) throw err;
    throw await writeError(err, target, bytes.length, before !== undefined, options.display);
  }
  if (options.folders !== undefined) options.folders.add(dir, options.display);
  else await syncFolder(dir, options.display);
}

/** How many fresh names a write tries before it gives up on a folder whose temporary names are all taken. */
const TEMP_TRIES = 5;

/**
 * Create a temporary file beside the target, exclusively, under a fresh name; `created` is told its
 * name once it is this write's own. A name another writer has (EEXIST) is left to it: another name
 * is tried, a few times.
 */
async function openTemp(dir: string, base: string, mode: number, created: (tmp: string) => void): Promise<fs.FileHandle> {
  for (let tries = 1; ; tries++) {
    const tmp = path.join(dir, tempName(base));
    try {
      const handle = await fs.open(tmp, 'wx', mode);
      created(tmp);
      return handle;
    } catch (err) {
      if (!isCode(err, 'EEXIST') || tries >= TEMP_TRIES) throw err;
    }
  }
}

/** A write may take fewer bytes than given; keep going, and call a write that takes none a failure. */
async function writeAll(handle: fs.FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, offset);
    if (bytesWritten <= 0) {
      throw Object.assign(new Error(`short write: ${offset} of ${bytes.length} bytes`), { code: 'ESHORTWRITE' });
    }
    offset += bytesWritten;
  }
}

async function keepModeAndOwner(handle: fs.FileHandle, before: Stats): Promise<void> {
  await handle.chmod(before.mode & 0o7777);
  // Only root can give a file away; root editing someone's letter must not make it root's.
  if (process.getuid?.() === 0 && (before.uid !== 0 || before.gid !== 0)) {
    await handle.chown(before.uid, before.gid).catch(() => undefined);
  }
}

/** Room for ".<8 hex>.tmp" under the 255-byte name limit, whatever the target's name. */
function tempName(base: string): string {
  let short = '';
  for (const ch of base) {
    if (Buffer.byteLength(short + ch) > 200) break;
    short += ch;
  }
  return `${short}.${tempSuffix()}.tmp`;
}

/** A rename is durable only once the folder holding the name is flushed too. */
async function syncFolder(dir: string, display: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Some systems and file systems cannot open or flush a folder; the rename itself is done.
    if (isCode(err, 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF', 'EPERM', 'EACCES')) return;
    throw new LettersError(
      'io',
      `${display} was written, but flushing its folder to disk failed: ${reason(err)}`,
      'check the disk, then run the command again',
      {
        cause: err,
      },
    );
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function writeError(err: unknown, target: string, size: number, existed: boolean, display: string): Promise<LettersError> {
  const untouched = existed ? `${display} was not changed` : `${display} was not created`;
  if (isFull(err)) {
    const free = await fs.statfs(path.dirname(target)).then(
      (s) => s.bavail * s.bsize,
      () => undefined,
    );
    const space = free === undefined ? `${kilobytes(size)} needed` : `${kilobytes(size)} needed, ${kilobytes(free)} free`;
    return new LettersError('io', `cannot write ${display}: ${reason(err)} (${space})`, `free some space and try again; ${untouched}`, {
      cause: err,
    });
  }
  const advice = isCode(err, 'EACCES', 'EPERM', 'EROFS')
    ? 'check the permissions of the file and its folder'
    : 'fix the cause and try again';
  return new LettersError('io', `cannot write ${display}: ${reason(err)}`, `${advice}; ${untouched}`, { cause: err });
}

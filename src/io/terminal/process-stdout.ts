//! The process's standard output, as start.ts hands it to the program: writes that fail are
//! remembered instead of thrown from a stream event, and a closed stdout is recognised.
import { fstatSync, readFileSync, statSync, writeSync } from 'node:fs';

export interface ProcessStdout {
  isTTY?: boolean;
  /** The process started with stdout closed (`>&-`): anything written to it is lost. */
  closed: boolean;
  write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void): boolean;
  /** The first error writing to stdout, other than a reader that went away. */
  failure(): NodeJS.ErrnoException | undefined;
}

export function processStdout(): ProcessStdout {
  let failure: NodeJS.ErrnoException | undefined;
  let readerGone = false;
  const target = whereTo(1);
  // A file or /dev/null is written straight to (below): Node's stream for it, and the stream
  // modules behind it (milliseconds of `letters --help > file`), are never made.
  const direct = target !== 'stream';
  if (!direct) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      // The reader went away (`letters list | head -1`): lines for people are let go quietly, as
      // Unix tools do. The process is not ended here: a command whose product goes to stdout
      // (`render -o -`, `export`) hears of it from its own write and fails saying so.
      if (err.code === 'EPIPE' || readerGone) {
        readerGone = true;
        return;
      }
      failure ??= err;
    });
  }
  return {
    ...(direct ? {} : { isTTY: process.stdout.isTTY }),
    closed: target === 'null' && startedClosed(1),
    // Node's stream to a file makes one write call and ignores a short one, so a PDF sent to
    // `> out.pdf` on a nearly full disk would be cut off without a word: write it ourselves.
    write: direct
      ? (chunk, cb) => {
          try {
            writeAllSync(1, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
          } catch (caught) {
            // Marked so the message can say it is the disk that is full, not the reader.
            const err = Object.assign(caught as NodeJS.ErrnoException, { toFile: true });
            failure ??= err;
            cb?.(err);
            return false;
          }
          cb?.();
          return true;
        }
      : (chunk, cb) => process.stdout.write(chunk, cb),
    failure: () => failure,
  };
}

/**
 * After the command: a failed write is reported by a stream event on a later tick, so those are let
 * arrive first; then a command that did its work but whose printed output was lost (stdout is
 * /dev/full, a full disk …) says so on stderr and ends with the I/O exit code. What says it is loaded
 * only then: a stored help page (start.ts) is printed without it.
 */
export async function reportLostOutput(stdout: ProcessStdout): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const failure = stdout.failure();
  if (failure && process.exitCode === 0) {
    const [{ EXIT_CODES }, { isFull }, { formatProblem }] = await Promise.all([
      import('../../errors.js'),
      import('../files/fs-errors.js'),
      import('./diagnostics.js'),
    ]);
    const why = isFull(failure) ? 'no space is left where it goes' : failure.message;
    process.stderr.write(
      `${formatProblem({ message: `cannot write to standard output: ${why}`, hint: 'the command itself finished, but what it printed was lost' })}\n`,
    );
    process.exitCode = EXIT_CODES.io;
  }
}

/** Where file descriptor `fd` goes: a regular file, /dev/null, or anything else (a terminal, a pipe, a socket …). */
function whereTo(fd: number): 'file' | 'null' | 'stream' {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return 'file';
    return stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev ? 'null' : 'stream';
  } catch {
    return 'stream';
  }
}

/** Every byte, or an error: a write that takes none is a full disk, like ENOSPC. */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) {
      throw Object.assign(new Error(`short write: ${offset} of ${bytes.length} bytes`), { code: 'ESHORTWRITE' });
    }
    offset += written;
  }
}

/**
 * Whether file descriptor `fd` was closed when the process started. Node then opens /dev/null
 * in its place, read-write; a shell's `>/dev/null` opens it write-only. Only Linux shows the
 * open mode (in /proc); elsewhere this answers false.
 */
function startedClosed(fd: number): boolean {
  try {
    if (fstatSync(fd).rdev !== statSync('/dev/null').rdev) return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & 3) === 2; // O_RDWR
  } catch {
    return false;
  }
}

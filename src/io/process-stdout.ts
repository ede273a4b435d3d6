//! The process's standard output, as main.ts hands it to the program: writes that fail are
//! remembered instead of thrown from a stream event, and a closed stdout is recognised.
import { fstatSync, readFileSync, statSync } from 'node:fs';

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
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // The reader went away (`letters list | head -1`): stop quietly, as Unix tools do.
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    failure ??= err;
  });
  return {
    isTTY: process.stdout.isTTY,
    closed: startedClosed(1),
    write: (chunk, cb) => process.stdout.write(chunk, cb),
    failure: () => failure,
  };
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

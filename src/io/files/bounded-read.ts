//! Reading a file named by the user that must be a regular file of bounded size (a sheet, a
//! template): a named pipe would wait forever, a device such as /dev/zero never ends, and a
//! file far larger than any real one is refused by its size before it is read.
import { constants as fsc, promises as fs, type Stats } from 'node:fs';
import { LettersError } from '../../errors.js';
import { ioError, isCode } from './fs-errors.js';

export interface BoundedFile {
  /** The path as the user knows it, for messages. */
  display: string;
  /** The largest file read, in bytes. */
  limit: number;
  /** What the file should be, with its article: "a CSV file", "a template". */
  what: string;
  /** Why the limit is far above what is needed ("a sign-up sheet of 10,000 rows is about 1.5 MiB"). */
  sizeHint: string;
  /** The error when nothing is there. */
  missing: () => LettersError;
  /** The code of the error for a file too large. */
  code: 'invalid-csv' | 'invalid-letter' | 'template';
}

/** "1.5 MiB". */
export function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;
}

function kindOf(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

/** The file's bytes, or an error saying why it is not read: not there, not a regular file, too large. */
export async function readBounded(file: string, spec: BoundedFile): Promise<Buffer> {
  let handle: fs.FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer.
    handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const stat = await handle.stat();
    const kind = kindOf(stat);
    if (kind !== undefined) {
      throw new LettersError(
        'not-found',
        `${spec.display} is ${kind}, not ${spec.what}`,
        kind === 'a folder' ? `give the path of ${spec.what}` : `letters reads only regular files: give the path of ${spec.what}`,
      );
    }
    if (stat.size > spec.limit) throw tooLarge(spec, stat.size);
    // Read no further than the limit, whatever the size said: a file may grow while it is read.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > spec.limit) throw tooLarge(spec, length);
        return Buffer.concat([buffer, await readRest(handle, spec, length)]);
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) return buffer.subarray(0, length);
      length += bytesRead;
    }
  } catch (err) {
    if (err instanceof LettersError) throw err;
    if (isCode(err, 'ENOENT', 'ENOTDIR')) throw spec.missing();
    if (isCode(err, 'EISDIR'))
      throw new LettersError('not-found', `${spec.display} is a folder, not ${spec.what}`, `give the path of ${spec.what}`);
    throw ioError(err, spec.display, 'read');
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** What is past the size the file had when opened, up to the limit. */
async function readRest(handle: fs.FileHandle, spec: BoundedFile, from: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = from;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
    if (bytesRead === 0) return Buffer.concat(chunks);
    length += bytesRead;
    if (length > spec.limit) throw tooLarge(spec, length);
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

function tooLarge(spec: BoundedFile, size: number): LettersError {
  return new LettersError(
    spec.code,
    `${spec.display} is too large to be ${spec.what}: ${mebibytes(size)} (the limit is ${mebibytes(spec.limit)})`,
    `${spec.sizeHint}: check that this is the right file`,
  );
}

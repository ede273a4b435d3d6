// Render replaces only its own earlier outputs; one file per page of a PNG preview.
import { constants as fsc, promises as fs } from 'node:fs';
import { LettersError } from '../../errors.js';
import { HEAD_BYTES, type OutputFormat } from '../../render/writers/formats.js';
import { ioError } from './fs-errors.js';
import { displayPath } from './letter-files.js';

/** The largest existing file read whole to tell whether letters wrote it; a larger one is not taken for ours. */
const WHOLE_LIMIT = 256 * 1024 * 1024;

/**
 * Render replaces a file only when it is an earlier output of letters in the same format
 * (render/writers/formats.ts says how each is recognized); a typo in -o must never replace
 * someone's document. Nothing at `file` is fine too; `force` (render --force) replaces any file.
 */
export async function refuseForeign(file: string, format: OutputFormat, fresh: Buffer, cwd: string, force = false): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    // Looked at only to be replaced: what fails here (a name too long, a folder without
    // permission) is what writing it would meet.
    throw ioError(err, displayPath(file, cwd), 'write');
  }
  if (force) {
    await handle.close();
    return;
  }
  let existing: Buffer;
  try {
    const { size } = await handle.stat();
    const length = format.readsWhole ? Math.min(size, WHOLE_LIMIT) : HEAD_BYTES;
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    existing = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!format.isOwn(existing, fresh)) {
    throw new LettersError(
      'exists',
      `${displayPath(file, cwd)} exists and ${format.ownRule}`,
      'choose another -o, move that file away first, or add --force to replace it',
    );
  }
}

/** `out/visit.png` → `out/visit-2.png`: one file per page of a preview. */
export function pageFile(file: string, page: number): string {
  const dot = file.lastIndexOf('.');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return dot > slash ? `${file.slice(0, dot)}-${page}${file.slice(dot)}` : `${file}-${page}`;
}

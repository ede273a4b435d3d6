// Reading a picture's file: inside the repository only (no link out of it), a regular file, within the size limit, read whole.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** The largest picture file read: a camera's photo fits, a file that would fill memory does not. */
export const MAX_PICTURE_BYTES = 20 * 1024 * 1024;

/** Why a picture cannot be read, in words for its field. */
export interface PictureRefusal {
  message: string;
  hint: string;
}

export type PictureBytes = { ok: true; bytes: Buffer } | { ok: false; refusal: PictureRefusal };

const refuse = (message: string, hint: string): PictureBytes => ({ ok: false, refusal: { message, hint } });

const inside = (dir: string, file: string): boolean => file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/**
 * The bytes of `source`, a path relative to the repository folder `root`, as checked by
 * core/letter/pictures.ts. The file must be there once every link is followed (a link to
 * /etc/passwd named logo.png is refused), be a plain file (a pipe would never end), and hold
 * at most MAX_PICTURE_BYTES. Opened without following a link and without waiting.
 */
export async function readPictureFile(root: string, source: string): Promise<PictureBytes> {
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  const full = path.resolve(root, source);
  if (!inside(path.resolve(root), full)) return refuse(`${source} is outside the repository`, 'give a path inside the repository folder');
  let real: string;
  try {
    real = await fs.realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const link = await fs.lstat(full).catch(() => undefined);
      return link?.isSymbolicLink()
        ? refuse(`${source} is a link to a file that is not there`, 'replace the link by the picture itself')
        : refuse(
            `there is no file ${source} in the repository`,
            `check the path (from the repository's folder, ${path.basename(realRoot)}/), or add the file`,
          );
    }
    if (code === 'ELOOP') return refuse(`${source} is a link that leads back to itself`, 'replace the link by the picture itself');
    return refuse(`${source} cannot be read (${code ?? 'error'})`, 'check that the file can be read');
  }
  if (!inside(realRoot, real)) {
    return refuse(
      `${source} is a link to a file outside the repository, which letters does not read`,
      'copy the picture itself into the repository in place of the link',
    );
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      return refuse(`${source} cannot be read: permission denied`, 'let your user read it (chmod u+r)');
    if (code === 'EISDIR') return refuse(`${source} is a folder, not a picture`, 'name a PNG, JPEG or SVG file in it');
    return refuse(`${source} cannot be read (${code ?? 'error'})`, 'check that the file can be read');
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return refuse(`${source} is a folder, not a picture`, 'name a PNG, JPEG or SVG file in it');
    if (!stat.isFile()) return refuse(`${source} is not a plain file`, 'give the path of a PNG, JPEG or SVG file');
    if (stat.size === 0) return refuse(`${source} is empty`, 'replace it by the picture');
    if (stat.size > MAX_PICTURE_BYTES) {
      return refuse(
        `${source} is ${(stat.size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_PICTURE_BYTES / 1024 / 1024} MB letters reads`,
        'save a smaller copy (a letter prints it a few inches wide: 2,000 pixels across is plenty)',
      );
    }
    // Read up to one byte past the limit: a file that grew since stat is caught too.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_PICTURE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > MAX_PICTURE_BYTES) return refuse(`${source} is larger than ${MAX_PICTURE_BYTES / 1024 / 1024} MB`, 'save a smaller copy');
    return { ok: true, bytes: buffer.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

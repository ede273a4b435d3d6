// The pictures a letter names, read and decoded at the edge, each problem at the field that names the picture.
import type { PictureRef } from '../../core/letter/pictures.js';
import type { Problem, SourceLocation } from '../../errors.js';
import type { Picture } from '../../render/pictures.js';
import { decodePicture, type PixelBox } from './decode-picture.js';
import { readPictureFile } from './picture-file.js';

/** A picture to read: where it is named, the largest box it is printed in, and where to point a problem. */
export interface PictureRequest {
  ref: PictureRef;
  box: PixelBox;
  location: SourceLocation;
}

export interface LoadedPictures {
  pictures: Map<string, Picture>;
  problems: Problem[];
}

const FIELD_WORDS: Record<PictureRef['use'], string> = { letterhead: 'the letterhead', logo: 'the logo', text: 'the image' };

/**
 * Read every picture once, from the repository folder `root`, scaled for the largest box it
 * is printed in; a picture that cannot be read is a problem at each field that names it.
 */
export async function loadPictures(root: string, requests: readonly PictureRequest[]): Promise<LoadedPictures> {
  const bySource = new Map<string, PictureRequest[]>();
  for (const request of requests) {
    const list = bySource.get(request.ref.source) ?? [];
    list.push(request);
    bySource.set(request.ref.source, list);
  }
  const pictures = new Map<string, Picture>();
  const problems: Problem[] = [];
  for (const [source, uses] of bySource) {
    const box = { width: Math.max(...uses.map((u) => u.box.width)), height: Math.max(...uses.map((u) => u.box.height)) };
    const read = await readPictureFile(root, source);
    const decoded = read.ok ? await decodePicture(read.bytes, { width: Math.ceil(box.width), height: Math.ceil(box.height) }) : undefined;
    if (decoded?.ok) {
      pictures.set(source, { source, ...decoded.picture });
      continue;
    }
    const why = read.ok
      ? { message: `${source} ${decoded!.ok ? '' : decoded!.message}`, hint: decoded!.ok ? '' : decoded!.hint }
      : read.refusal;
    for (const use of uses) {
      problems.push({ message: `${FIELD_WORDS[use.ref.use]}: ${why.message}`, hint: why.hint, location: use.location });
    }
  }
  return { pictures, problems };
}

/**
 * Whether `source` is a picture letters can print, read and decoded as render will (sign
 * --logo and an import's logo column ask before writing the path into a letter): undefined
 * when it is, else why not.
 */
export async function checkPicture(root: string, source: string): Promise<{ message: string; hint: string } | undefined> {
  const read = await readPictureFile(root, source);
  if (!read.ok) return read.refusal;
  // A small box: the file is decoded whole all the same, and nothing large is encoded again.
  const decoded = await decodePicture(read.bytes, { width: 64, height: 64 });
  return decoded.ok ? undefined : { message: `${source} ${decoded.message}`, hint: decoded.hint };
}

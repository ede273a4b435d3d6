/**
 * A picture's bytes decoded and made ready to print: what it is told by its bytes, never its
 * name (PNG, JPEG, SVG); its size checked from its header before anything is decoded (a
 * "PNG bomb" of 100,000 × 100,000 pixels in a few kilobytes is refused there); decoded in
 * full by pngjs or jpeg-js, so a truncated or damaged file is refused rather than printed
 * half grey; an SVG screened (svg-screen.ts), then rasterised by @napi-rs/canvas (Skia).
 * Then scaled down to the largest size it is printed at, at 300 dots an inch, laid on white
 * (no transparency is left for PDF/A-2b to weigh), and encoded again: PNG, or JPEG for a photo.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Picture } from '../../render/pictures.js';
import { fitInside, flattenOnWhite, scaleDown } from './pixels.js';
import { screenSvg } from './svg-screen.js';

/** The most pixels a PNG or JPEG may have: a 30-megapixel photo (6,000 × 5,000) fits; decoding more would take gigabytes. */
export const MAX_PICTURE_PIXELS = 30_000_000;
/** The longest side a picture may have, in pixels. */
export const MAX_PICTURE_SIDE = 20_000;

/** The largest box, in pixels, a picture is printed in: it is scaled down to fit inside, never up. */
export interface PixelBox {
  width: number;
  height: number;
}

export type Decoded = { ok: true; picture: Omit<Picture, 'source'> } | { ok: false; message: string; hint: string };

const SAVE_AGAIN = 'open it in an image editor and save it again as PNG or JPEG, or replace it';

const fail = (message: string, hint = SAVE_AGAIN): Decoded => ({ ok: false, message, hint });

type Kind =
  | { kind: 'png'; width: number; height: number }
  | { kind: 'jpeg'; width: number; height: number; components: number }
  | { kind: 'svg' };

/** What the bytes are, by their signature and header; a problem for anything else. */
function sniff(bytes: Buffer): Kind | Decoded {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    if (bytes.toString('latin1', 12, 16) !== 'IHDR') return fail('is a damaged PNG (it has no header)');
    return { kind: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegHeader(bytes);
  const head = bytes.toString('utf8', 0, Math.min(bytes.length, 4096)).replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(head)) return { kind: 'svg' };
  const other = bytes.toString('latin1', 0, 4) === 'GIF8' ? 'a GIF' : bytes.toString('latin1', 8, 12) === 'WEBP' ? 'a WebP' : undefined;
  if (other) return fail(`is ${other} picture, which letters does not print`, 'save it as PNG (or JPEG for a photo)');
  return fail('is not a picture letters can read (not a PNG, JPEG or SVG file, whatever its name says)', 'give a PNG, JPEG or SVG file');
}

/** A JPEG's size and colour components, from its frame header (SOFn). */
function jpegHeader(bytes: Buffer): Kind | Decoded {
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return fail('is a damaged JPEG (its markers are broken)');
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = bytes.readUInt16BE(i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 10 > bytes.length) break;
      return { kind: 'jpeg', height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7), components: bytes[i + 9]! };
    }
    i += 2 + length;
  }
  return fail('is a JPEG that ends before its picture starts (the file is cut short)');
}

/** Refuse a size past the limits, from the header, before decoding. */
function sizeProblem(width: number, height: number): Decoded | undefined {
  if (width === 0 || height === 0) return fail('is a picture of no pixels');
  if (width > MAX_PICTURE_SIDE || height > MAX_PICTURE_SIDE || width * height > MAX_PICTURE_PIXELS) {
    return fail(
      `is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels, more than the ${MAX_PICTURE_PIXELS / 1e6} megapixels (${MAX_PICTURE_SIDE.toLocaleString('en-US')} a side) letters decodes`,
      'save a smaller copy: a letter prints it a few inches wide, and 2,000 pixels across is plenty',
    );
  }
  return undefined;
}

const digest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 32);

/** Opaque pixels (RGBA, alpha 255) encoded as an 8-bit RGB PNG, which pdfkit embeds as it is. */
function encodePng(data: Uint8Array, width: number, height: number): Buffer {
  return PNG.sync.write({ width, height, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) } as PNG, {
    colorType: 2,
    inputColorType: 6,
    inputHasAlpha: true,
    // One filter for every row (Up: a logo's rows repeat), not pngjs's trial of all five per row, four times the work.
    filterType: 2,
  });
}

/**
 * RGBA pixels (opaque) as a JPEG of quality 90, by Skia's encoder (@napi-rs/canvas, native):
 * jpeg-js's encoder builds its tables again for each picture, a tenth of a second a logo.
 */
async function encodeJpeg(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  const { createCanvas, ImageData } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const pixels = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  return canvas.toBuffer('image/jpeg', 90);
}

function done(bytes: Buffer, format: 'png' | 'jpeg', width: number, height: number, natural: PixelBox): Decoded {
  return {
    ok: true,
    picture: { format, bytes, width, height, naturalWidth: natural.width, naturalHeight: natural.height, key: digest(bytes) },
  };
}

/** Decode `bytes` and make them ready to print inside `box` (pixels at 300 dpi of the largest printed size). */
export async function decodePicture(bytes: Buffer, box: PixelBox): Promise<Decoded> {
  const kind = sniff(bytes);
  if ('ok' in kind) return kind;
  if (kind.kind === 'svg') return svgPicture(bytes, box);
  const tooLarge = sizeProblem(kind.width, kind.height);
  if (tooLarge) return tooLarge;
  const natural = { width: kind.width, height: kind.height };
  const fit = fitInside(natural, box);
  if (kind.kind === 'jpeg') {
    let decoded: { width: number; height: number; data: Uint8Array };
    try {
      decoded = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxResolutionInMP: MAX_PICTURE_PIXELS / 1e6,
        maxMemoryUsageInMB: 1024,
      });
    } catch {
      return fail('is a damaged or truncated JPEG: it cannot be decoded to the end');
    }
    if (decoded.width !== kind.width || decoded.height !== kind.height)
      return fail('is a damaged JPEG (its size does not match its header)');
    // A JPEG already small enough, in RGB or grey, is printed as it is: decoding it proved it whole.
    if (fit.width === kind.width && (kind.components === 1 || kind.components === 3))
      return done(bytes, 'jpeg', kind.width, kind.height, natural);
    const scaled = scaleDown(decoded.data, decoded.width, decoded.height, fit.width, fit.height);
    return done(await encodeJpeg(scaled, fit.width, fit.height), 'jpeg', fit.width, fit.height, natural);
  }
  if (!interlacedWithinSize(bytes, kind.width, kind.height)) {
    return fail(
      'is a PNG whose data unpacks to far more than its size says (a "PNG bomb")',
      'replace it by a picture saved again by an image editor',
    );
  }
  let png: PNG;
  try {
    png = PNG.sync.read(bytes, { checkCRC: true });
  } catch {
    return fail('is a damaged or truncated PNG: it cannot be decoded to the end');
  }
  if (png.width !== kind.width || png.height !== kind.height) return fail('is a damaged PNG (its size does not match its header)');
  flattenOnWhite(png.data);
  const scaled = scaleDown(png.data, png.width, png.height, fit.width, fit.height);
  return done(encodePng(scaled, fit.width, fit.height), 'png', fit.width, fit.height, natural);
}

/**
 * pngjs unpacks an interlaced PNG's data without a bound (a plain one only up to the size its
 * header says): the data is unpacked here first with one, so a few megabytes that would unpack
 * to gigabytes are refused. True for a PNG that is not interlaced.
 */
function interlacedWithinSize(bytes: Buffer, width: number, height: number): boolean {
  if (bytes[28] !== 1) return true;
  const idat: Buffer[] = [];
  for (let i = 8; i + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(i);
    if (bytes.toString('latin1', i + 4, i + 8) === 'IDAT') idat.push(bytes.subarray(i + 8, i + 8 + length));
    i += 12 + length;
  }
  // Eight bytes a pixel (16-bit RGBA) and a filter byte for each row of each of the seven passes: more than any PNG needs.
  const bound = (width * 8 + 7) * height + 1024;
  try {
    inflateSync(Buffer.concat(idat), { maxOutputLength: bound });
    return true;
  } catch (err) {
    return !(err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE');
  }
}

/** An SVG, screened, drawn at the size it is printed at, on white. */
async function svgPicture(bytes: Buffer, box: PixelBox): Promise<Decoded> {
  const text = bytes.toString('utf8');
  const screen = screenSvg(text);
  if (!screen.ok) return fail(screen.message, screen.hint);
  const natural = { width: screen.width, height: screen.height };
  // An SVG is drawn straight at the box's size: a vector has no pixels of its own to keep.
  const scale = Math.min(box.width / natural.width, box.height / natural.height);
  const width = Math.max(1, Math.round(natural.width * scale));
  const height = Math.max(1, Math.round(natural.height * scale));
  const { createCanvas, Image } = await import('@napi-rs/canvas');
  const image = new Image();
  image.width = width;
  image.height = height;
  const loaded = new Promise<boolean>((resolve) => {
    image.onload = () => resolve(true);
    image.onerror = () => resolve(false);
  });
  image.src = bytes;
  if (!(await loaded) || image.width === 0)
    return fail('is an SVG that cannot be drawn (it is damaged or empty)', 'open it in an editor and save it again, or save it as PNG');
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(image, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  return done(encodePng(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height), 'png', width, height, natural);
}

/**
 * A picture's bytes decoded and made ready to print: what it is told by its bytes, never its
 * name (PNG, JPEG, SVG); its size checked from its header before anything is decoded (a
 * "PNG bomb" of 100,000 × 100,000 pixels in a few kilobytes is refused there). A PNG is proved
 * whole before it is decoded: every chunk's checksum, its end, and its data unpacked (zlib,
 * bounded) to exactly the size its header says; a JPEG must reach its end marker. Then Skia
 * (@napi-rs/canvas, the library the PNG output draws with) decodes it, lays it on white (no
 * transparency is left for PDF/A-2b to weigh) and scales it down to the largest size it is
 * printed at, at 300 dots an inch; it is encoded again as an 8-bit RGB PNG (pngjs), or a JPEG
 * for a JPEG. An SVG is screened (svg-screen.ts), then drawn by Skia at that size.
 */
import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';
import type { Picture } from '../../render/pictures.js';
import { fitInside } from './pixels.js';
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

/**
 * Opaque pixels (RGBA, alpha 255) encoded as an 8-bit RGB PNG, which pdfkit embeds as it is.
 * pngjs is loaded here, when a picture is decoded, not with every command that may read one.
 */
async function encodePng(data: Uint8Array, width: number, height: number): Promise<Buffer> {
  // A CommonJS package: its exports are the default export once bundled (named ones too in Node).
  const pngjs = (await import('pngjs')) as typeof import('pngjs') & { default?: typeof import('pngjs') };
  const { PNG } = pngjs.default ?? pngjs;
  return PNG.sync.write({ width, height, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) } as import('pngjs').PNG, {
    colorType: 2,
    inputColorType: 6,
    inputHasAlpha: true,
    // One filter for every row (Up: a logo's rows repeat), not pngjs's trial of all five per row, four times the work.
    filterType: 2,
  });
}

function done(bytes: Buffer, format: 'png' | 'jpeg', width: number, height: number, natural: PixelBox): Decoded {
  return {
    ok: true,
    picture: { format, bytes, width, height, naturalWidth: natural.width, naturalHeight: natural.height, key: digest(bytes) },
  };
}

type Canvas = import('@napi-rs/canvas').Canvas;

/** Bytes Skia decodes, or undefined when it cannot. */
async function skiaImage(bytes: Buffer, size?: PixelBox): Promise<import('@napi-rs/canvas').Image | undefined> {
  const { Image } = await import('@napi-rs/canvas');
  const image = new Image();
  if (size) {
    image.width = size.width;
    image.height = size.height;
  }
  const loaded = new Promise<boolean>((resolve) => {
    image.onload = () => resolve(true);
    image.onerror = () => resolve(false);
  });
  image.src = bytes;
  return (await loaded) && image.width > 0 ? image : undefined;
}

/** A picture drawn on white into a canvas `width` × `height`, scaled with Skia's best filter. */
async function onWhite(image: import('@napi-rs/canvas').Image, width: number, height: number): Promise<Canvas> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, 0, 0, width, height);
  return canvas;
}

/** A canvas's pixels (opaque) as an 8-bit RGB PNG. */
function canvasPng(canvas: Canvas): Promise<Buffer> {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  return encodePng(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), canvas.width, canvas.height);
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
    if (!jpegReachesItsEnd(bytes)) return fail('is a damaged or truncated JPEG: it cannot be decoded to the end');
    const image = await skiaImage(bytes);
    if (image === undefined) return fail('is a damaged or truncated JPEG: it cannot be decoded to the end');
    if (image.width !== kind.width || image.height !== kind.height) return fail('is a damaged JPEG (its size does not match its header)');
    // A JPEG already small enough, in RGB or grey, is printed as it is: it decoded, whole.
    if (fit.width === kind.width && (kind.components === 1 || kind.components === 3))
      return done(bytes, 'jpeg', kind.width, kind.height, natural);
    const canvas = await onWhite(image, fit.width, fit.height);
    return done(canvas.toBuffer('image/jpeg', 90), 'jpeg', fit.width, fit.height, natural);
  }
  const whole = pngWhole(bytes, kind.width, kind.height);
  if (whole !== undefined) return whole;
  const image = await skiaImage(bytes);
  if (image === undefined) return fail('is a damaged or truncated PNG: it cannot be decoded to the end');
  if (image.width !== kind.width || image.height !== kind.height) return fail('is a damaged PNG (its size does not match its header)');
  return done(await canvasPng(await onWhite(image, fit.width, fit.height)), 'png', fit.width, fit.height, natural);
}

/** True when a JPEG's data runs to its end marker (EOI) after its first scan: a file cut short has none. */
function jpegReachesItsEnd(bytes: Buffer): boolean {
  // Walk the segments to the first scan (SOS), skipping what they hold (a thumbnail in EXIF has markers of its own).
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return false;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xda) break;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  // In the entropy-coded data a 0xFF is always followed by 0x00 or a restart marker: 0xFF 0xD9 is the end.
  return i + 4 <= bytes.length && bytes.indexOf(Buffer.from([0xff, 0xd9]), i) > 0;
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's seven passes: where each starts and how far apart its pixels are. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * A PNG proved whole before it is decoded, or why not: every chunk within the file and its
 * checksum right, an end chunk, and the image data unpacked (with a bound: a few megabytes that
 * would unpack to gigabytes are refused) to exactly the size the header says, each row with a
 * known filter. Undefined when it is whole.
 */
function pngWhole(bytes: Buffer, width: number, height: number): Decoded | undefined {
  const damaged = fail('is a damaged or truncated PNG: it cannot be decoded to the end');
  const depth = bytes[24]!;
  const channels = PNG_CHANNELS[bytes[25]!];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(depth)) return fail('is a damaged PNG (its header is not one PNG allows)');
  const idat: Buffer[] = [];
  let ended = false;
  for (let i = 8; i + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(i);
    if (i + 12 + length > bytes.length) return damaged;
    if (crc32(bytes.subarray(i + 4, i + 8 + length)) !== bytes.readUInt32BE(i + 8 + length)) return damaged;
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(i + 8, i + 8 + length));
    if (type === 'IEND') {
      ended = true;
      break;
    }
    i += 12 + length;
  }
  if (!ended || idat.length === 0) return damaged;
  const rowBytes = (w: number): number => Math.ceil((w * depth * channels) / 8);
  const interlaced = bytes[28] === 1;
  let expected = 0;
  if (!interlaced) expected = (rowBytes(width) + 1) * height;
  else
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = Math.ceil((width - x0) / dx);
      const h = Math.ceil((height - y0) / dy);
      if (w > 0 && h > 0) expected += (rowBytes(w) + 1) * h;
    }
  let data: Buffer;
  try {
    data = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return fail(
        'is a PNG whose data unpacks to far more than its size says (a "PNG bomb")',
        'replace it by a picture saved again by an image editor',
      );
    return damaged;
  }
  if (data.length !== expected) return damaged;
  if (!interlaced) for (let y = 0, stride = rowBytes(width) + 1; y < height; y++) if (data[y * stride]! > 4) return damaged;
  return undefined;
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
  const image = await skiaImage(bytes, { width, height });
  if (image === undefined)
    return fail('is an SVG that cannot be drawn (it is damaged or empty)', 'open it in an editor and save it again, or save it as PNG');
  return done(await canvasPng(await onWhite(image, width, height)), 'png', width, height, natural);
}

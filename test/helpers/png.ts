import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/** A greyscale picture, one byte per pixel (0 black, 255 white). */
export interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** True when poppler's pdftoppm is on PATH (Debian: poppler-utils; macOS: brew install poppler). */
export function hasPdftoppm(): boolean {
  return spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** One region of a PDF page as a PNG, by poppler's pdftoppm; the crop is in pixels at `dpi`. */
export function cropPage(pdf: Buffer, page: number, dpi: number, crop: { x: number; y: number; w: number; h: number }): Buffer {
  return execFileSync(
    'pdftoppm',
    ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page)].concat([
      '-x',
      String(crop.x),
      '-y',
      String(crop.y),
      '-W',
      String(crop.w),
      '-H',
      String(crop.h),
      '-',
    ]),
    { input: pdf, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Decode an 8-bit greyscale or RGB, non-interlaced PNG (what pdftoppm writes) to greyscale. */
export function decodeGrayPng(png: Buffer): Gray {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || (data[9] !== 0 && data[9] !== 2) || data[12] !== 0)
        throw new Error('not an 8-bit greyscale or RGB, non-interlaced PNG');
      channels = data[9] === 2 ? 3 : 1;
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const bytes = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? bytes[y * stride + x - channels]! : 0;
      const b = y > 0 ? bytes[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? bytes[(y - 1) * stride + x - channels]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      bytes[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    let sum = 0;
    for (let k = 0; k < channels; k++) sum += bytes[i * channels + k]!;
    pixels[i] = Math.round(sum / channels);
  }
  return { width, height, pixels };
}

/**
 * How far `actual` is from `expected`: pixels that differ by more than half the grey range,
 * as a share of the reference's ink (pixels darker than mid-grey). Anti-aliasing differences
 * between poppler versions stay far below 0.1; a missing join, a misplaced mark or a word in
 * the wrong order is well above it.
 */
export function inkDifference(expected: Gray, actual: Gray): number {
  if (expected.width !== actual.width || expected.height !== actual.height) return Number.POSITIVE_INFINITY;
  let ink = 0;
  let differ = 0;
  for (let i = 0; i < expected.pixels.length; i++) {
    if (expected.pixels[i]! < 128) ink++;
    if (Math.abs(expected.pixels[i]! - actual.pixels[i]!) > 128) differ++;
  }
  return ink === 0 ? Number.POSITIVE_INFINITY : differ / ink;
}

/**
 * Each picture against its reference `<folder>/<name>.png`: the failures, one line each (the
 * picture written beside the system's temporary files to look at). With
 * LETTERS_UPDATE_REFERENCES=1 the pictures are written as the new references instead.
 */
export function referenceFailures(folder: string, pictures: [string, Buffer][]): string[] {
  const failures: string[] = [];
  for (const [name, png] of pictures) {
    const file = path.join(folder, `${name}.png`);
    if (process.env['LETTERS_UPDATE_REFERENCES'] === '1') {
      mkdirSync(folder, { recursive: true });
      writeFileSync(file, png);
      continue;
    }
    const difference = inkDifference(decodeGrayPng(readFileSync(file)), decodeGrayPng(png));
    if (difference > 0.1) {
      const actual = path.join(tmpdir(), `letters-${name}.actual.png`);
      writeFileSync(actual, png);
      failures.push(`${name}: ${(difference * 100).toFixed(0)}% of the ink differs (see ${actual})`);
    }
  }
  return failures;
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { decodePicture, MAX_PICTURE_PIXELS } from '../../src/io/pictures/decode-picture.js';
import { checkPicture, loadPictures } from '../../src/io/pictures/load-pictures.js';
import { MAX_PICTURE_BYTES, readPictureFile } from '../../src/io/pictures/picture-file.js';
import { fitInside } from '../../src/io/pictures/pixels.js';
import { screenSvg } from '../../src/io/pictures/svg-screen.js';
import { makeLogo, makeMap, pngBomb } from '../helpers/pictures.js';
import { seeded } from '../helpers/random.js';
import { testdir } from '../helpers/testdir.js';

const BOX = { width: 400, height: 200 };

describe('decoding a picture: what its bytes say, never its name', () => {
  test('a PNG, a JPEG and an SVG decode; each comes out opaque and at most the box', async () => {
    const random = seeded(1);
    for (const shape of ['wide', 'tall', 'clear', 'jpeg', 'svg'] as const) {
      const { bytes } = makeLogo(shape, 'AB', random);
      const decoded = await decodePicture(bytes, BOX);
      expect(decoded.ok, shape).toBe(true);
      if (!decoded.ok) continue;
      const p = decoded.picture;
      expect(p.width).toBeLessThanOrEqual(BOX.width);
      expect(p.height).toBeLessThanOrEqual(BOX.height);
      if (p.format === 'png') {
        // 8-bit RGB, no alpha channel: nothing for PDF/A-2b's transparency rules to weigh.
        expect(p.bytes[24]).toBe(8);
        expect(p.bytes[25]).toBe(2);
      } else {
        expect(p.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      }
    }
  });

  test('a transparent logo is laid on white: its clear corners print white, its ink stays', async () => {
    const { bytes } = makeLogo('clear', 'AB', seeded(2));
    const decoded = await decodePicture(bytes, { width: 300, height: 300 });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const png = PNG.sync.read(decoded.picture.bytes);
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    const centre = (png.width * (png.height / 2) + png.width / 2) * 4;
    expect(png.data[centre]! + png.data[centre + 1]! + png.data[centre + 2]!).toBeLessThan(600);
  });

  test('a map 1600 pixels wide is scaled down to the box; its own size is kept for placing it', async () => {
    const decoded = await decodePicture(makeMap(1600, 900), { width: 800, height: 800 });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect([decoded.picture.width, decoded.picture.height]).toEqual([800, 450]);
    expect([decoded.picture.naturalWidth, decoded.picture.naturalHeight]).toEqual([1600, 900]);
  });

  test('a JPEG small enough is kept byte for byte; a large one is encoded again, smaller', async () => {
    const { bytes } = makeLogo('jpeg', 'AB', seeded(3));
    const small = await decodePicture(bytes, { width: 1000, height: 1000 });
    expect(small.ok && small.picture.bytes.equals(bytes)).toBe(true);
    const scaled = await decodePicture(bytes, { width: 100, height: 100 });
    expect(scaled.ok && scaled.picture.width === 100 && !scaled.picture.bytes.equals(bytes)).toBe(true);
  });

  test.each([
    ['a PNG bomb (50,000 × 50,000 in a kilobyte)', () => pngBomb(), /50,000 × 50,000 pixels, more than the 30 megapixels/],
    ['a picture of no pixels', () => pngBomb(0, 10), /no pixels/],
    ['an interlaced PNG whose data unpacks far past its size', () => pngBomb(1000, 1000, true, 200_000), /PNG bomb/],
    ['a truncated PNG', () => makeMap(400, 300).subarray(0, 2000), /damaged or truncated PNG/],
    [
      'a truncated JPEG',
      () => {
        const { bytes } = makeLogo('jpeg', 'AB', seeded(4));
        return bytes.subarray(0, bytes.length / 2);
      },
      /damaged or truncated JPEG/,
    ],
    ['a JPEG cut before its frame', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), /cut short|damaged JPEG/],
    ['a text file named .png', () => Buffer.from('root:x:0:0:root:/root:/bin/bash\n'), /not a picture letters can read/],
    ['a GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'), /is a GIF picture/],
  ])('%s is refused', async (_, make, message) => {
    const decoded = await decodePicture(make(), BOX);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toMatch(message);
  });

  test(`the limit is ${MAX_PICTURE_PIXELS / 1e6} megapixels: checked from the header, before decoding`, async () => {
    const started = Date.now();
    const decoded = await decodePicture(pngBomb(6000, 5001), BOX);
    expect(decoded.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('an SVG is screened before it is drawn', () => {
  const svg = (inner: string, attrs = 'width="100" height="50"'): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${inner}</svg>`;
  test.each([
    ['a script', svg('<script>alert(1)</script>'), /script/],
    ['an event handler', svg('<rect width="1" height="1" onclick="x()"/>'), /script in its onclick/],
    ['an outside image', svg('<image xlink:href="http://example.org/x.png" width="1" height="1"/>'), /refers to something outside it/],
    ['a file on the machine', svg('<image href="file:///etc/passwd"/>'), /refers to something outside it/],
    ['an embedded raster', svg('<image href="data:image/png;base64,AAAA"/>'), /refers to something outside it/],
    ['a url() to a file', svg('<rect fill="url(other.svg#g)" width="1" height="1"/>'), /outside it/],
    ['a style that imports', svg('<style>@import url(x.css);</style>'), /style refers/],
    ['an entity declaration', `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>${svg('<text>&a;</text>')}`, /entity declarations/],
    ['embedded HTML', svg('<foreignObject><div>x</div></foreignObject>'), /foreignObject/],
    ['no size', svg('<rect width="1" height="1"/>', ''), /gives no size/],
    ['another root', '<html><svg/></html>', /not an SVG picture/],
  ])('%s is refused', (_, text, message) => {
    const screen = screenSvg(text);
    expect(screen.ok).toBe(false);
    if (!screen.ok) expect(screen.message).toMatch(message);
  });

  test('shapes, gradients referred to inside the file, and its size in any unit pass', () => {
    const ok = screenSvg(
      svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/><use href="#g"/>', 'width="2in" height="1in"'),
    );
    expect(ok).toEqual({ ok: true, width: 192, height: 96 });
    expect(screenSvg(svg('', 'viewBox="0 0 300 100" width="150"'))).toEqual({ ok: true, width: 150, height: 50 });
  });
});

describe('reading a picture file: inside the repository only', () => {
  test('a link to /etc/passwd named logo.png, a missing file, a folder and an empty file are refused; a link inside is read', async () => {
    const root = testdir({ 'images/ok.png': 'x', 'images/empty.png': '' });
    symlinkSync('/etc/passwd', path.join(root, 'images/logo.png'));
    symlinkSync('ok.png', path.join(root, 'images/inside.png'));
    symlinkSync('gone.png', path.join(root, 'images/dangling.png'));
    mkdirSync(path.join(root, 'images/dir.png'));
    const refusal = async (source: string): Promise<string> => {
      const read = await readPictureFile(root, source);
      return read.ok ? 'read' : read.refusal.message;
    };
    expect(await refusal('images/logo.png')).toMatch(/link to a file outside the repository/);
    expect(await refusal('images/none.png')).toMatch(/there is no file images\/none.png/);
    expect(await refusal('images/dangling.png')).toMatch(/link to a file that is not there/);
    expect(await refusal('images/dir.png')).toMatch(/is a folder/);
    expect(await refusal('images/empty.png')).toMatch(/is empty/);
    expect(await refusal('images/inside.png')).toBe('read');
  });

  test(`a file over ${MAX_PICTURE_BYTES / 1024 / 1024} MB is refused unread`, async () => {
    const root = testdir();
    mkdirSync(path.join(root, 'images'));
    writeFileSync(path.join(root, 'images/big.png'), Buffer.alloc(MAX_PICTURE_BYTES + 1));
    const read = await readPictureFile(root, 'images/big.png');
    expect(read.ok ? '' : read.refusal.message).toMatch(/more than the 20 MB/);
  });

  test('a named pipe called logo.png is refused at once, never waited on', async () => {
    const root = testdir();
    mkdirSync(path.join(root, 'images'));
    execFileSync('mkfifo', [path.join(root, 'images/logo.png')]);
    const read = await readPictureFile(root, 'images/logo.png');
    expect(read.ok ? '' : read.refusal.message).toMatch(/not a plain file/);
  });

  test('the same picture named in two places is read once; a problem is said at each place', async () => {
    const root = testdir();
    mkdirSync(path.join(root, 'images'));
    writeFileSync(path.join(root, 'images/a.png'), makeLogo('wide', 'A', seeded(5)).bytes);
    const at = (line: number) => ({ file: 'l.yaml', line, col: 1 });
    const loaded = await loadPictures(root, [
      { ref: { source: 'images/a.png', field: 'signatories.0.logo', use: 'logo' }, box: { width: 100, height: 50 }, location: at(3) },
      { ref: { source: 'images/a.png', field: 'signatories.1.logo', use: 'logo' }, box: { width: 200, height: 50 }, location: at(5) },
      { ref: { source: 'images/b.png', field: 'signatories.2.logo', use: 'logo' }, box: { width: 100, height: 50 }, location: at(7) },
      { ref: { source: 'images/b.png', field: 'intro', use: 'text', line: 2 }, box: { width: 100, height: 50 }, location: at(9) },
    ]);
    expect([...loaded.pictures.keys()]).toEqual(['images/a.png']);
    // Scaled for the larger of its two boxes.
    expect(loaded.pictures.get('images/a.png')!.width).toBe(200);
    expect(loaded.problems.map((p) => [p.location?.line, p.message])).toEqual([
      [7, 'the logo: there is no file images/b.png in the repository'],
      [9, 'the image: there is no file images/b.png in the repository'],
    ]);
    expect(await checkPicture(root, 'images/a.png')).toBeUndefined();
  });
});

describe('pixels', () => {
  test('scaling keeps a mean: a black and white checkerboard scaled to a quarter is grey, half transparent black on white is grey', async () => {
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(64, 64);
    const g = canvas.getContext('2d');
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++) {
        g.fillStyle = (x + y) % 2 === 0 ? '#000000' : '#ffffff';
        g.fillRect(x, y, 1, 1);
      }
    const decoded = await decodePicture(canvas.toBuffer('image/png'), { width: 16, height: 16 });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const png = PNG.sync.read(decoded.picture.bytes);
    expect(png.width).toBe(16);
    for (let i = 0; i < png.data.length; i += 4) expect(Math.abs(png.data[i]! - 128)).toBeLessThan(24);
    const clear = createCanvas(8, 8);
    clear.getContext('2d').fillStyle = 'rgba(0, 0, 0, 0.5)';
    clear.getContext('2d').fillRect(0, 0, 8, 8);
    const half = await decodePicture(clear.toBuffer('image/png'), { width: 8, height: 8 });
    expect(half.ok && PNG.sync.read(half.picture.bytes).data[0]).toBeCloseTo(128, -1);
    expect(fitInside({ width: 1000, height: 100 }, { width: 200, height: 200 })).toEqual({ width: 200, height: 20 });
    expect(fitInside({ width: 10, height: 10 }, { width: 200, height: 200 })).toEqual({ width: 10, height: 10 });
  });
});

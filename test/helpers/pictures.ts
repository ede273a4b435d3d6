// Pictures made for tests: logos of varied shapes (wide, tall, square, transparent PNG, JPEG, SVG) from a seed, a map, and hostile files.
import { crc32, deflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';

const COLORS = ['#1f3f73', '#b22222', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#37474f'];

export type LogoShape = 'wide' | 'tall' | 'square' | 'clear' | 'jpeg' | 'svg';
export const LOGO_SHAPES: readonly LogoShape[] = ['wide', 'tall', 'square', 'clear', 'jpeg', 'svg'];

/** A logo of a shape, with its initials, as the file's bytes and its extension. */
export function makeLogo(shape: LogoShape, initials: string, random: () => number): { bytes: Buffer; ext: string } {
  const color = COLORS[Math.floor(random() * COLORS.length)]!;
  if (shape === 'svg') {
    const w = 240 + Math.floor(random() * 200);
    return {
      ext: 'svg',
      bytes: Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} 120"><rect x="4" y="4" width="${w - 8}" height="112" rx="24" fill="${color}"/><circle cx="60" cy="60" r="36" fill="#fff"/><rect x="120" y="40" width="${w - 150}" height="40" fill="#fff"/></svg>`,
      ),
    };
  }
  const [w, h] = shape === 'wide' ? [480, 120] : shape === 'tall' ? [160, 320] : [300, 300];
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  if (shape !== 'clear') {
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, w, h);
  }
  g.fillStyle = color;
  const r = Math.min(w, h) * 0.4;
  g.beginPath();
  g.arc(shape === 'wide' ? h / 2 : w / 2, shape === 'tall' ? h * 0.35 : h / 2, r, 0, Math.PI * 2);
  g.fill();
  g.fillRect(
    shape === 'wide' ? h : w * 0.15,
    shape === 'tall' ? h * 0.75 : h * 0.85,
    shape === 'wide' ? w - h - 10 : w * 0.7,
    Math.max(8, h * 0.08),
  );
  g.fillStyle = '#ffffff';
  g.font = `bold ${Math.round(r * 0.8)}px sans-serif`;
  g.fillText(initials, (shape === 'wide' ? h / 2 : w / 2) - r * 0.55, (shape === 'tall' ? h * 0.35 : h / 2) + r * 0.28);
  return shape === 'jpeg' ? { ext: 'jpg', bytes: canvas.toBuffer('image/jpeg', 90) } : { ext: 'png', bytes: canvas.toBuffer('image/png') };
}

/** A map-like picture `w` × `h` pixels: a river on green, a black frame. */
export function makeMap(w = 1600, h = 900): Buffer {
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  g.fillStyle = '#e3f2e0';
  g.fillRect(0, 0, w, h);
  g.strokeStyle = '#0d47a1';
  g.lineWidth = w / 120;
  g.beginPath();
  g.moveTo(0, h / 2);
  g.bezierCurveTo(w / 4, h / 8, w / 2, h, w, h / 3);
  g.stroke();
  g.strokeStyle = '#000000';
  g.lineWidth = 8;
  g.strokeRect(4, 4, w - 8, h - 8);
  return canvas.toBuffer('image/png');
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG whose header claims `w` × `h` pixels (grey), with a little compressed data: a few kilobytes that would decode to gigabytes. */
export function pngBomb(w = 50_000, h = 50_000, interlaced = false, rows = 20): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8;
  header[9] = 0;
  header[12] = interlaced ? 1 : 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc((w + 1) * rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A letter with a letterhead picture and a map in its text (images/head.png, images/map.png), for the picture tests. */
export const MAP_LETTER = `title: Clean water for the river basin
date: 2026-03-02
letterhead:
  image: images/head.png
  alt: Coalition for Clean Water
  lines: [Coalition for Clean Water, 1 Main Street, Springfield, example.org]
recipient:
  name: Jane Doe
  title: Minister
intro: |
  We write about the river basin and the plan to dam it.

  ![A map of the river basin, the dam site marked](images/map.png "The river basin in 2026")

  The map shows what the dam would flood.
signoff: Sincerely,
signatories:
  - organization: River Friends
  - organization: Water Watch
`;

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { cropPage, hasPdftoppm, referenceFailures } from '../helpers/png.js';
import { LOGO_SHAPES, MAP_LETTER, makeLogo, makeMap } from '../helpers/pictures.js';
import { seeded } from '../helpers/random.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Pictures as pictures, looked at by a person: a letter on a letterhead with a map and its
 * caption (page 1), and a logo wall of every shape (wide, tall, square, transparent, JPEG, SVG)
 * with organizations without a logo in the same grid, at 60 dpi. LETTERS_UPDATE_REFERENCES=1
 * rewrites them: look at every one before committing it.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/pictures');
const DPI = 60;

/** The extension makeLogo gives a shape. */
const extOf = (i: number): string => ({ jpeg: 'jpg', svg: 'svg' })[LOGO_SHAPES[i % 6] as string] ?? 'png';

const WALL = `title: Logos
salutation: ""
intro: Signed by the organizations below.
signatory_layout: logos
groups: [Members, Supporters]
signatories:
${Array.from({ length: 14 }, (_, i) => {
  const logo = i % 4 === 3 ? '' : `    logo: images/logo-${i}.${extOf(i)}\n`;
  return `  - organization: ${i % 4 === 3 ? 'An Organization Without a Logo' : 'Organization'} ${i + 1}\n    group: ${i < 8 ? 'Members' : 'Supporters'}\n${logo}`;
}).join('')}`;

async function renderPdf(yaml: string, pictures: Record<string, Buffer>): Promise<Buffer> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  mkdirSync(path.join(cwd, 'images'));
  for (const [name, bytes] of Object.entries(pictures)) writeFileSync(path.join(cwd, name), bytes);
  const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.bytes;
}

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('pictures, against reference pictures', () => {
  test('a letter on a letterhead with a map; a logo wall of every shape', async () => {
    const random = seeded(60);
    const map = await renderPdf(MAP_LETTER, { 'images/head.png': makeLogo('wide', 'CW', random).bytes, 'images/map.png': makeMap() });
    const logos: Record<string, Buffer> = {};
    for (let i = 0; i < 14; i++) {
      if (i % 4 === 3) continue;
      const logo = makeLogo(LOGO_SHAPES[i % 6]!, String(i + 1), random);
      logos[`images/logo-${i}.${logo.ext}`] = logo.bytes;
    }
    const wall = await renderPdf(WALL, logos);
    const letterPage = { x: 0, y: 0, w: Math.round((612 * DPI) / 72), h: Math.round((792 * DPI) / 72) };
    const pictures: [string, Buffer][] = [
      ['letterhead-map', cropPage(map, 1, DPI, letterPage)],
      ['logo-wall', cropPage(wall, 1, DPI, letterPage)],
    ];
    expect(referenceFailures(FIXTURES, pictures)).toEqual([]);
  });
});

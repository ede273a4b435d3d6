// A face's `post` table read lazily (withPostHeader): its header from the file's bytes, the glyph names only when asked, and every field as fontkit decodes it, for every face of the stack.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, test, vi } from 'vitest';
import { readFontFile } from '../../src/io/fonts.js';
import { faceFile, STACK } from '../../src/render/inline/font-list.js';
import { withPostHeader } from '../../src/render/inline/font-names.js';

/** withPostHeader over fontkit's table cache and decoder, as the pdfkit adapter calls it. */
function lazyPost(font: Font): void {
  const kit = font as unknown as { _tables: Record<string, unknown>; _decodeTable: (table: object) => unknown };
  withPostHeader(font, kit._tables, (table) => kit._decodeTable(table));
}
import { runBin } from '../helpers/cli.js';

const HEADER = [
  'version',
  'italicAngle',
  'underlinePosition',
  'underlineThickness',
  'isFixedPitch',
  'minMemType42',
  'maxMemType42',
  'minMemType1',
  'maxMemType1',
] as const;
const BODY = ['numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map'] as const;

/** Every face file of the stack, once. */
const FACES = [
  ...new Map(
    STACK.flatMap((font) =>
      [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ].map(([bold, italic]) => {
        const { file } = faceFile(font, bold!, italic!);
        return [`${font.id}/${file}`, () => readFontFile(font, file)] as const;
      }),
    ),
  ),
];

type Post = Record<string, unknown>;
const postOf = (font: Font): Post => (font as unknown as { post: Post }).post;
/** What fontkit's font has beyond its type declarations. */
const kit = (font: Font) => font as unknown as { italicAngle: number; numGlyphs: number; getGlyph: (id: number) => { name: string } };

describe('the post table of every face', () => {
  test.each(FACES)('%s: the header and the glyph names as fontkit reads them', (_name, read) => {
    const bytes = read();
    const plain = postOf(create(bytes));
    const lazy = create(bytes);
    const decode = vi.spyOn(lazy as unknown as { _decodeTable: (entry: unknown) => unknown }, '_decodeTable');
    lazyPost(lazy);
    for (const field of HEADER) expect(postOf(lazy)[field], field).toStrictEqual(plain[field]);
    // The header alone is what pdfkit reads when it embeds the face: nothing decoded for it.
    expect(decode.mock.calls.filter(([entry]) => (entry as { tag?: string }).tag === 'post')).toHaveLength(0);
    expect(kit(lazy).italicAngle).toBe(kit(create(bytes)).italicAngle);
    for (const field of BODY) expect(postOf(lazy)[field], field).toStrictEqual(plain[field]);
    // A glyph's name (from the names decoded on first ask), as fontkit gives it.
    const id = Math.min(36, kit(lazy).numGlyphs - 1);
    const glyph = kit(lazy).getGlyph(id);
    const same = kit(create(bytes)).getGlyph(id);
    expect(glyph.name).toBe(same.name);
  });

  test('a font whose post table fontkit would not read is left as it is', () => {
    const bytes = Buffer.from(FACES[0]![1]());
    const font = create(bytes) as unknown as { directory: { tables: Record<string, { offset: number }> } };
    // Version 7 is none of fontkit's: the table is decoded (and refused) by fontkit itself.
    bytes.writeInt32BE(7 * 65536, font.directory.tables['post']!.offset);
    const odd = create(bytes);
    lazyPost(odd);
    expect('post' in (odd as unknown as { _tables: object })._tables).toBe(false);
  });
});

describe('through the binary', () => {
  test('an italic and a bold face embedded with the italic angle and flags their files give', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'letters-post-'));
    mkdirSync(path.join(dir, 'letters'));
    writeFileSync(
      path.join(dir, 'letters', 'faces.yaml'),
      'title: Faces\nrecipient:\n  name: Minister\nintro: Plain, *italic* and **bold** words.\nsignatories:\n  - organization: One\n',
    );
    const r = await runBin(['render', 'faces', '-o', 'faces.pdf'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'faces.pdf'), 'latin1');
    const italic = create(readFontFile(STACK[0]!, faceFile(STACK[0]!, false, true).file));
    const angles = [...text.matchAll(/\/ItalicAngle (-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(angles).toContain(0);
    expect(angles).toContain(kit(italic).italicAngle);
    expect(kit(italic).italicAngle).not.toBe(0);
    // Not fixed pitch (bit 1 unset), symbolic (bit 3), italic (bit 7) for the italic face.
    const flags = [...text.matchAll(/\/Flags (\d+)/g)].map((m) => Number(m[1]));
    expect(flags).toContain(4 | 64);
    expect(flags.every((f) => (f & 1) === 0)).toBe(true);
  });
});

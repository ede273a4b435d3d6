// The PostScript name read from a face's record (font-names.ts) against fontkit's, on every face
// of the font stack: the same name, or none (fontkit then answers); and the body font's faces,
// which every letter embeds, are read quickly.
import { create, type Font } from 'fontkit';
import { describe, expect, test } from 'vitest';
import { readFontFile } from '../../src/io/fonts.js';
import { postscriptNameOf, withQuickPostscriptName } from '../../src/render/inline/font-names.js';
import { PRIMARY, STACK } from '../../src/render/inline/font-list.js';

const faces = STACK.flatMap((font) =>
  [font.regular, font.bold, font.italic, font.boldItalic]
    .filter((file): file is string => file !== undefined)
    .map((file) => ({ font, file })),
);

/** A face as fontkit opens it (the first of a collection, as the shaper takes it). */
function open(font: (typeof STACK)[number], file: string): Font {
  const opened = create(readFontFile(font, file)) as Font & { fonts?: Font[] };
  return opened.fonts?.[0] ?? opened;
}

describe('postscriptNameOf', () => {
  test.each(faces.map(({ font, file }) => [`${font.id} ${file}`, font, file] as const))('%s: fontkit’s name, or none', (_, font, file) => {
    const quick = postscriptNameOf(open(font, file));
    const fontkit = open(font, file).postscriptName;
    if (quick !== undefined) expect(quick).toBe(fontkit);
  });

  test('reads the body font’s faces itself', () => {
    for (const file of [PRIMARY.regular, PRIMARY.bold, PRIMARY.italic, PRIMARY.boldItalic]) {
      const name = postscriptNameOf(open(PRIMARY, file!));
      expect(name, file).toMatch(/^[!-~]+$/);
    }
  });

  test('withQuickPostscriptName gives the font that name, before fontkit decodes the name table', () => {
    const font = open(PRIMARY, PRIMARY.regular);
    withQuickPostscriptName(font);
    expect((font as unknown as { _tables: Record<string, unknown> })._tables['name']).toBeUndefined();
    expect(font.postscriptName).toBe(open(PRIMARY, PRIMARY.regular).postscriptName);
  });

  test('leaves a face whose records it cannot read to fontkit', () => {
    const font = open(PRIMARY, PRIMARY.regular);
    const bytes = (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;
    const table = (font as unknown as { directory: { tables: Record<string, { offset: number }> } }).directory.tables['name']!;
    const copy = Uint8Array.from(bytes);
    const view = new DataView(copy.buffer);
    // Every record of the copy made a Mac one: fontkit reads those in MacRoman, in its own order.
    for (let i = 0; i < view.getUint16(table.offset + 2); i++) view.setUint16(table.offset + 6 + i * 12, 1);
    expect(postscriptNameOf(create(Buffer.from(copy)) as Font)).toBeUndefined();
  });
});

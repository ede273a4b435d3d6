//! The PNG writer: a preview of the PDF's pages, drawn by pdf.js onto @napi-rs/canvas (both
//! loaded only here, so other formats never pay for them). Each PNG carries a tEXt chunk
//! "Software" = "letters", by which render knows its own earlier previews.

import { crc32 } from 'node:zlib';
import { LettersError } from '../../errors.js';
import { PNG_SOFTWARE, type PageSelection, type Writer } from './writer.js';
import { documentPdf } from '../pdf/render-pdf.js';

/** A PNG with a tEXt chunk inserted after its header chunk (IHDR is always first, 25 bytes). */
export function withSoftwareText(png: Buffer, software: string): Buffer {
  const data = Buffer.from(`Software\u0000${software}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterHeader = 8 + 25;
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** The page numbers a selection names in a document of `count` pages. */
export function selectedPages(selection: PageSelection, count: number): number[] {
  if (selection.kind === 'all') return Array.from({ length: count }, (_, i) => i + 1);
  if (selection.from > count) {
    throw new LettersError(
      'usage',
      `the letter has ${count} page${count === 1 ? '' : 's'}, so there is no page ${selection.from}`,
      `give --pages a number from 1 to ${count}, or all`,
    );
  }
  const to = Math.min(selection.to, count);
  return Array.from({ length: to - selection.from + 1 }, (_, i) => selection.from + i);
}

/** The PNG writer: one PNG per selected page of the PDF, at `dpi`. */
export const writePng: Writer = async ({ document, fonts, creator, now, pages, dpi }) => {
  if (fonts === undefined) throw new Error('the PNG writer needs fonts');
  const pdf = await documentPdf(document, fonts, creator, now);
  const [{ getDocument }, { createCanvas }] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('@napi-rs/canvas')]);
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const out = [];
    for (const n of selectedPages(pages, doc.numPages)) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const context = canvas.getContext('2d');
      // Paper is white; an unpainted canvas is transparent, which viewers show as black or a checkerboard.
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdf.js types its canvas as the DOM's; @napi-rs/canvas is the Node stand-in it supports.
      await page.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
      out.push({ page: n, bytes: withSoftwareText(canvas.toBuffer('image/png'), PNG_SOFTWARE) });
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
};

//! The PDF writer: the document tree laid out and drawn by the pdf stage with the letter's fonts.

import type { Writer } from './writer.js';
import { documentPdf } from '../pdf/render-pdf.js';

/** The PDF writer: one PDF, PDF/A-2b when asked. */
export const writePdf: Writer = async ({ document, fonts, creator, now, pdfa }) => {
  if (fonts === undefined) throw new Error('the PDF writer needs fonts');
  return [{ bytes: await documentPdf(document, fonts, creator, now, pdfa === true) }];
};

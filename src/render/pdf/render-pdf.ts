// The PDF stage's entry: checked documents drawn as PDF bytes, one letter or several in one file.
import PDFDocument from 'pdfkit';
import type { Paper } from '../../core/letter/letter.js';
import { plural } from '../../core/text/plural.js';
import type { LetterDocument, PrintedLetterhead } from '../document/document.js';
import type { Block } from '../document/tree.js';
import type { Fonts } from '../inline/fonts.js';
import { isRtlLanguage } from '../inline/runs.js';
import { prepareDocument, type RenderInput } from '../prepare.js';
import { PdfLayout } from './layout.js';
import { BODY_SIZE, MARGIN, PAGE_SIZES, TEXT_COLOR } from './page-style.js';
import { batchPageContent, replaceXmpInfo } from './pdfkit-adapter.js';
import { type DocumentInfo, xmpInfo } from './xmp.js';

export interface PdfMeta extends DocumentInfo {
  /** Laid out right to left (Arabic, Hebrew, Persian, Urdu …): paragraphs, bullets and columns mirrored. */
  rtl: boolean;
  paper: Paper;
  /** Write PDF/A-2b (archival): XMP metadata with its identification, an sRGB output intent. */
  pdfa?: boolean;
}

/** The pdfkit document a PDF is drawn into: tagged PDF 1.7 (or PDF/A-2b) with the letter's information. */
function createDocument(meta: PdfMeta): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: PAGE_SIZES[meta.paper],
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    autoFirstPage: true,
    // The standard font pdfkit opens first, before letters registers its own: never drawn nor
    // written, but opened for every document; Helvetica's kerning table takes 0.5 ms to build,
    // ZapfDingbats has none (a mail merge opens hundreds).
    font: 'ZapfDingbats',
    pdfVersion: '1.7',
    tagged: true,
    ...(meta.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    lang: meta.lang,
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Creator: meta.creator,
      Producer: meta.creator,
      CreationDate: meta.creationDate,
      ModDate: meta.creationDate,
    },
  });
  if (meta.pdfa) replaceXmpInfo(doc, xmpInfo(meta));
  // Before any other listener of pageAdded draws on a new page.
  batchPageContent(doc);
  doc.fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
  return doc;
}

/** Draw the document tree as a PDF and return its bytes. */
export function renderPdf(blocks: readonly Block[], fonts: Fonts, meta: PdfMeta, letterhead?: PrintedLetterhead): Promise<Buffer> {
  return renderPdfSeries([blocks], fonts, meta, [letterhead]);
}

/** Several letters in one PDF (a mail merge's --combined): each from a new page, numbered from 1. */
export function renderPdfSeries(
  letters: readonly (readonly Block[])[],
  fonts: Fonts,
  meta: PdfMeta,
  letterheads: readonly (PrintedLetterhead | undefined)[] = [],
): Promise<Buffer> {
  const doc = createDocument(meta);
  const layout = new PdfLayout(doc, fonts, meta);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  letters.forEach((blocks, i) => {
    if (i > 0) layout.nextLetter();
    layout.letter(blocks, letterheads[i]);
  });
  layout.finish();
  doc.end();
  return done;
}

/** A checked document as PDF bytes. Same input and same `now` give the same bytes. */
export function documentPdf(document: LetterDocument, fonts: Fonts, creator: string, now: Date, pdfa = false): Promise<Buffer> {
  return renderPdf(
    document.blocks,
    fonts,
    {
      title: document.title,
      subject: document.subject,
      creator,
      lang: document.lang,
      rtl: isRtlLanguage(document.lang),
      paper: document.paper,
      creationDate: now,
      pdfa,
    },
    document.letterhead,
  );
}

/** Several checked documents in one PDF, each from a new page numbered 1 (a mail merge's --combined). */
export function documentsPdf(
  documents: readonly LetterDocument[],
  fonts: Fonts,
  creator: string,
  now: Date,
  pdfa = false,
): Promise<Buffer> {
  const first = documents[0]!;
  return renderPdfSeries(
    documents.map((d) => d.blocks),
    fonts,
    {
      title: first.title,
      subject: `${first.title}: ${plural(documents.length, 'letter')}`,
      creator,
      lang: first.lang,
      rtl: isRtlLanguage(first.lang),
      paper: first.paper,
      creationDate: now,
      pdfa,
    },
    documents.map((d) => d.letterhead),
  );
}

/** The letter as PDF bytes. Same input and same `now` give the same bytes. */
export async function renderLetterPdf(input: RenderInput & { creator: string; now: Date; pdfa?: boolean }): Promise<Buffer> {
  const document = prepareDocument(input.parsed, input.template, input.fonts, input.pictures);
  return documentPdf(document, input.fonts, input.creator, input.now, input.pdfa === true);
}

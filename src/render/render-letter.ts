//! The steps from a parsed letter to its outputs: the document tree (pure, font-free), the
//! check that the fonts can print every character (the PDF and PNG writers' business), and
//! the PDF itself.

import { codePointLabel, findMissingGlyphs, isLayoutSpace } from '../core/glyphs.js';
import type { Letter } from '../core/letter.js';
import { fillRecipient } from '../core/recipients.js';
import type { ParsedLetter } from '../core/schema.js';
import { InvalidLetterError, LettersError, type SourceLocation } from '../errors.js';
import { buildDocument, type LetterDocument } from './document.js';
import { fontCoverage } from './fonts.js';
import { renderPdf, renderPdfSeries, type FontFaces } from './pdf.js';
import type { TemplateSource } from './template.js';
import { treeText, type Block } from './tree.js';
import { printedTexts } from './view.js';

export interface RenderInput {
  parsed: ParsedLetter;
  template: TemplateSource;
  fonts: FontFaces;
}

/** One coverage test per set of fonts: parsing them again for each letter of a merge costs more than drawing it. */
const coverages = new WeakMap<FontFaces, (codePoint: number) => boolean>();

/**
 * Refuse a document the fonts cannot print: each character of the letter's fields that no
 * face has is a problem located in the letter file (or wherever `locate` says), and a
 * template's own words must be printable too.
 */
export function checkGlyphs(
  letter: Letter,
  document: LetterDocument,
  template: TemplateSource,
  fonts: FontFaces,
  locate: (path: string) => SourceLocation,
): void {
  let covers = coverages.get(fonts);
  if (covers === undefined) {
    covers = fontCoverage(fonts);
    coverages.set(fonts, covers);
  }
  const problems = findMissingGlyphs(printedTexts(letter, document.view), covers, locate);
  if (problems.length > 0) throw new InvalidLetterError(problems);
  for (const text of treeText(document.blocks)) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (!isLayoutSpace(ch) && !covers(cp)) {
        throw new LettersError(
          'missing-glyph',
          `template "${template.name}" has a character the font cannot print: "${ch}" (${codePointLabel(cp)})`,
          `edit ${template.file}`,
        );
      }
    }
  }
}

/**
 * Everything short of drawing a PDF: the document tree and the check that every character
 * can be printed. `letters check` stops here.
 */
export function prepareLetter({ parsed, template, fonts }: RenderInput): Block[] {
  const locate = (path: string): SourceLocation => parsed.locate(path);
  const { letter, problems } = fillRecipient(parsed.letter, locate);
  if (problems.length > 0) throw new InvalidLetterError(problems);
  const document = buildDocument(letter, template);
  checkGlyphs(letter, document, template, fonts, locate);
  return document.blocks;
}

/** A checked document as PDF bytes. Same input and same `now` give the same bytes. */
export function documentPdf(document: LetterDocument, fonts: FontFaces, creator: string, now: Date): Promise<Buffer> {
  return renderPdf(document.blocks, fonts, {
    title: document.title,
    subject: document.subject,
    creator,
    lang: document.lang,
    paper: document.paper,
    creationDate: now,
  });
}

/** Several checked documents in one PDF, each from a new page numbered 1 (a mail merge's --combined). */
export function documentsPdf(documents: readonly LetterDocument[], fonts: FontFaces, creator: string, now: Date): Promise<Buffer> {
  const first = documents[0]!;
  return renderPdfSeries(
    documents.map((d) => d.blocks),
    fonts,
    {
      title: first.title,
      subject: `${first.title}: ${documents.length} letters`,
      creator,
      lang: first.lang,
      paper: first.paper,
      creationDate: now,
    },
  );
}

/** The letter as PDF bytes. Same input and same `now` give the same bytes. */
export async function renderLetterPdf(input: RenderInput & { creator: string; now: Date }): Promise<Buffer> {
  const document = buildDocument(input.parsed.letter, input.template);
  checkGlyphs(input.parsed.letter, document, input.template, input.fonts, (path) => input.parsed.locate(path));
  return documentPdf(document, input.fonts, input.creator, input.now);
}

//! The pipeline's entry, from a parsed letter to the checked document every format is written
//! from: the document tree (pure, font-free) and the check that the fonts can print every
//! character (the PDF and PNG writers' business). The PDF itself is pdf/render-pdf.ts's.

import { codePointLabel, isLayoutSpace } from '../core/text/glyphs.js';
import { fillRecipient } from '../core/sheets/recipient-fields.js';
import { type ParsedLetter, withParts } from '../core/read/parse-letter.js';
import { InvalidLetterError, LettersError, type Problem } from '../errors.js';
import { buildDocument, type LetterDocument, type LetterPictures } from './document/document.js';
import { templateInfo } from './document/template-info.js';
import type { Fonts } from './inline/fonts.js';
import type { TemplateSource } from './document/template.js';
import { treeText, type Block } from './document/tree.js';
import { buildView, printProblems, printedDate, type ViewOptions } from './document/view.js';

export interface RenderInput {
  parsed: ParsedLetter;
  template: TemplateSource;
  fonts: Fonts;
  /** The pictures the letter prints, read at the edge; absent: it prints none. */
  pictures?: LetterPictures;
  /**
   * True when textProblems found nothing in this very letter with these fonts (check asks it
   * first): its text need not be looked at again, unless filling in recipient fields changes it.
   */
  textChecked?: boolean;
}

/**
 * The checked document of a letter in a template. Every format refuses what would not be
 * printed as written (Markdown nested past what can be laid out, an entity that is no
 * character), each at its place (`parsed.locate`: the letter file, or in a mail merge the CSV
 * cell). With `fonts` (PDF and PNG), every character must also be in them, the template's own
 * words included; HTML, Markdown and text need no fonts.
 */
export function prepareDocument(
  parsed: ParsedLetter,
  template: TemplateSource,
  fonts: Fonts | undefined,
  pictures?: LetterPictures,
  options: Omit<ViewOptions, 'layout'> = {},
  textChecked = false,
): LetterDocument {
  const filled = parsed.recipientsFilled ? parsed : withRecipientFields(parsed);
  const view = buildView(filled.letter, { ...options, layout: templateInfo(template).layout ?? 'blocks' });
  const covers = fonts === undefined ? () => true : (cp: number): boolean => fonts.stack.covers(cp);
  // What it prints depends on the letter's text and date alone, not the layout: asked once.
  if (!(textChecked && filled === parsed && fonts !== undefined)) {
    const problems = printProblems(filled, view, covers, fonts && ((cluster) => fonts.stack.fontForCluster(cluster) !== undefined));
    if (problems.length > 0) throw new InvalidLetterError(problems);
  }
  const document = buildDocument(filled.letter, template, view, pictures);
  if (fonts !== undefined) checkTemplateGlyphs(document, template, covers);
  if (fonts !== undefined) checkLetterheadGlyphs(document, covers);
  return document;
}

/**
 * The letterhead's lines must be printable too. Lines of the letter's own `letterhead:` are
 * found at their place by printProblems; these are the project's default's.
 */
function checkLetterheadGlyphs(document: LetterDocument, covers: (codePoint: number) => boolean): void {
  for (const line of document.letterhead?.lines ?? []) {
    for (const ch of line) {
      const cp = ch.codePointAt(0)!;
      if (!isLayoutSpace(ch) && !covers(cp)) {
        throw new LettersError(
          'missing-glyph',
          `the letterhead has a character no font of letters can print: "${ch}" (${codePointLabel(cp)})`,
          'edit the letterhead (letterhead: in the letter, or in letters.config.yaml)',
        );
      }
    }
  }
}

/** The template's own words (a heading, a label) must be printable too. */
function checkTemplateGlyphs(document: LetterDocument, template: TemplateSource, covers: (codePoint: number) => boolean): void {
  // Each character asked once, read by code unit: a long signatory list repeats a few hundred.
  const covered = new Set<number>();
  for (const text of treeText(document.blocks)) {
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (covered.has(cp)) continue;
      const ch = String.fromCodePoint(cp);
      if (isLayoutSpace(ch) || covers(cp)) {
        covered.add(cp);
      } else {
        throw new LettersError(
          'missing-glyph',
          `template "${template.name}" has a character no font of letters can print: "${ch}" (${codePointLabel(cp)})`,
          `edit ${template.file}`,
        );
      }
    }
  }
}

/** The letter with `{{recipient.…}}` filled in; an unknown field is a problem at its place. */
export function withRecipientFields(parsed: ParsedLetter): ParsedLetter {
  const { letter, problems } = fillRecipient(parsed.letter, (path) => parsed.locate(path));
  if (problems.length > 0) throw new InvalidLetterError(problems);
  return letter === parsed.letter ? parsed : withParts(parsed, { letter });
}

/**
 * Everything short of drawing a PDF: the document tree and the check that every character
 * can be printed. `letters check` stops here.
 */
export function prepareLetter({ parsed, template, fonts, pictures, textChecked }: RenderInput): Block[] {
  return prepareDocument(parsed, template, fonts, pictures, {}, textChecked).blocks;
}

/**
 * Problems in the letter's own text, found without a template: characters no font has,
 * Markdown letters cannot print. `check` asks for them even when the file has other problems.
 */
export function textProblems(
  parsed: ParsedLetter,
  covers: (codePoint: number) => boolean,
  together?: (cluster: string) => boolean,
): Problem[] {
  // Of the whole view, only the date is looked at: the signatories' sections need not be built.
  return printProblems(parsed, { date: printedDate(parsed.letter) }, covers, together);
}

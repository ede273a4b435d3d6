import { codePointLabel, isLayoutSpace } from '../core/glyphs.js';
import type { ParsedLetter } from '../core/schema.js';
import { InvalidLetterError, LettersError } from '../errors.js';
import { renderPdf, type Fonts } from './pdf.js';
import { isRtlLanguage } from './runs.js';
import { applyTemplate, type TemplateSource } from './template.js';
import { buildTree, treeText, type Block } from './tree.js';
import { buildView, printProblems } from './view.js';

export interface RenderInput {
  parsed: ParsedLetter;
  template: TemplateSource;
  fonts: Fonts;
}

/**
 * Everything short of drawing: view, template, document tree, and the check that every
 * character can be printed. `letters check` stops here; `letters render` goes on to the PDF.
 */
export function prepareLetter({ parsed, template, fonts }: RenderInput): Block[] {
  const { letter } = parsed;
  const view = buildView(letter);
  const covers = (cp: number): boolean => fonts.stack.covers(cp);
  const problems = printProblems(parsed, view, covers);
  if (problems.length > 0) throw new InvalidLetterError(problems);
  const tree = buildTree(applyTemplate(template, view), template.name);
  // The template's own words (a heading, a label) must be printable too.
  for (const text of treeText(tree)) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (!isLayoutSpace(ch) && !covers(cp)) {
        throw new LettersError(
          'missing-glyph',
          `template "${template.name}" has a character no font of letters can print: "${ch}" (${codePointLabel(cp)})`,
          `edit ${template.file}`,
        );
      }
    }
  }
  return tree;
}

/** The letter as PDF bytes. Same input and same `now` give the same bytes. */
export async function renderLetterPdf(input: RenderInput & { creator: string; now: Date; pdfa?: boolean }): Promise<Buffer> {
  const tree = prepareLetter(input);
  const { letter } = input.parsed;
  const recipient = [letter.recipient.name, letter.recipient.organization].filter(Boolean).join(', ');
  return renderPdf(tree, input.fonts, {
    title: letter.title,
    subject: `Letter to ${recipient}`,
    creator: input.creator,
    lang: letter.lang,
    rtl: isRtlLanguage(letter.lang),
    paper: letter.paper,
    creationDate: input.now,
    pdfa: input.pdfa === true,
  });
}

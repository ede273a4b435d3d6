import { codePointLabel, isLayoutSpace } from '../core/glyphs.js';
import type { ParsedLetter } from '../core/schema.js';
import { InvalidLetterError, LettersError, type Problem } from '../errors.js';
import { fontCoverage } from './fonts.js';
import { renderPdf, type FontFaces } from './pdf.js';
import { applyTemplate, type TemplateSource } from './template.js';
import { buildTree, treeText, type Block } from './tree.js';
import { footnotesHtml } from './letter-markdown.js';
import { pdfSubject, templateLayout } from './letter-shape.js';
import { buildView, printProblems } from './view.js';

export interface RenderInput {
  parsed: ParsedLetter;
  template: TemplateSource;
  fonts: FontFaces;
}

/**
 * Everything short of drawing: view, template, document tree, and the check that every
 * character can be printed. `letters check` stops here; `letters render` goes on to the PDF.
 */
export function prepareLetter({ parsed, template, fonts }: RenderInput): Block[] {
  const { letter } = parsed;
  const view = buildView(letter, { layout: templateLayout(template.text) });
  const covers = fontCoverage(fonts);
  const problems = printProblems(parsed, view, covers);
  if (problems.length > 0) throw new InvalidLetterError(problems);
  // Footnotes follow the template's text whatever the template: no note is ever dropped.
  const notes = footnotesHtml(view.footnotes.map((f) => ({ number: f.number, html: f.html.html })));
  const tree = buildTree(applyTemplate(template, view) + notes, template.name);
  // The template's own words (a heading, a label) must be printable too.
  for (const text of treeText(tree)) {
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
  return tree;
}

/**
 * Problems in the letter's own text, found without a template: characters the font lacks,
 * Markdown letters cannot print. `check` asks for them even when the file has other problems.
 */
export function textProblems(parsed: ParsedLetter, covers: (codePoint: number) => boolean): Problem[] {
  return printProblems(parsed, buildView(parsed.letter), covers);
}

/** The letter as PDF bytes. Same input and same `now` give the same bytes. */
export async function renderLetterPdf(input: RenderInput & { creator: string; now: Date }): Promise<Buffer> {
  const tree = prepareLetter(input);
  const { letter } = input.parsed;
  return renderPdf(tree, input.fonts, {
    title: letter.title,
    subject: pdfSubject(letter),
    creator: input.creator,
    lang: letter.lang,
    paper: letter.paper,
    creationDate: input.now,
  });
}

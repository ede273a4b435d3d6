//! Stage one of rendering: a letter and a template become the document tree every format is
//! written from. Pure and font-free: HTML, Markdown and text never load a font.

import type { Letter, Paper } from '../../core/letter/letter.js';
import { footnotesHtml } from './letter-markdown.js';
import { pdfSubject } from './letter-shape.js';
import { applyTemplate, type TemplateSource } from './template.js';
import { buildTree, type Block } from './tree.js';
import { buildView, type LetterView } from './view.js';

/** A letter ready to be written in any format. */
export interface LetterDocument {
  blocks: Block[];
  title: string;
  /** BCP 47 language tag. */
  lang: string;
  /** The base direction of the letter's language. */
  dir: 'ltr' | 'rtl';
  paper: Paper;
  /** "Letter to <recipient>, <organization>" or "Open letter", in the letter's language: the PDF's subject, the HTML description. */
  subject: string;
  view: LetterView;
  /** The same letter in other languages, beside it (`render --all-langs`): HTML links each with hreflang. */
  alternates?: { lang: string; href: string }[];
}

// Languages written right to left (their default scripts): the base direction of a page in them.
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku-arab', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg']);

/** "ltr" or "rtl" for a BCP 47 tag: an explicit script decides, else the language. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(lang);
    if (locale.script !== undefined) return RTL_SCRIPTS.has(locale.script) ? 'rtl' : 'ltr';
    return RTL_LANGUAGES.has(locale.language) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** The document tree of a letter filled into a template (`view`: the letter's template data, when already built). */
export function buildDocument(letter: Letter, template: TemplateSource, view: LetterView = buildView(letter)): LetterDocument {
  // Footnotes follow the template's text whatever the template: no note is ever dropped.
  const notes = footnotesHtml(view.footnotes.map((f) => ({ number: f.number, html: f.html.html })));
  const blocks = buildTree(applyTemplate(template, view) + notes, template.name);
  return {
    blocks,
    title: view.title,
    lang: letter.lang,
    dir: directionOf(letter.lang),
    paper: letter.paper,
    subject: pdfSubject(letter),
    view,
  };
}

//! Stage one of rendering: a letter and a template become the document tree every format is
//! written from. Pure and font-free: HTML, Markdown and text never load a font.

import type { Letter, Paper } from '../../core/letter/letter.js';
import type { Letterhead } from '../../core/letter/pictures.js';
import { NO_PICTURES, type Picture, type Pictures } from '../pictures.js';
import { footnotesHtml } from './letter-markdown.js';
import { pdfSubject } from './letter-shape.js';
import { templateInfo } from './template-info.js';
import { applyTemplate, type TemplateSource } from './template.js';
import { buildTree, type Block } from './tree.js';
import { buildView, printable, type LetterView } from './view.js';

/** The letterhead as printed: above the template's text on the first page, whatever the template. */
export interface PrintedLetterhead {
  picture?: Picture;
  /** What the picture shows; absent: it is decoration beside the lines. */
  alt?: string;
  /** Its lines of text, as printed. */
  lines: string[];
  /** Repeated, smaller, at the head of every later page (the template's `running letterhead: yes`). */
  running: boolean;
}

/** What a letter's pictures are, once read at the edge: its letterhead (its own or the project's) and every picture by path. */
export interface LetterPictures {
  pictures: Pictures;
  letterhead?: Letterhead;
}

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
  letterhead?: PrintedLetterhead;
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
export function buildDocument(
  letter: Letter,
  template: TemplateSource,
  view: LetterView = buildView(letter),
  pictures: LetterPictures = { pictures: NO_PICTURES },
): LetterDocument {
  // Footnotes follow the template's text whatever the template: no note is ever dropped.
  const notes = footnotesHtml(view.footnotes.map((f) => ({ number: f.number, html: f.html.html })));
  const blocks = buildTree(applyTemplate(template, view) + notes, template.name, pictures.pictures);
  const letterhead = printedLetterhead(pictures, templateInfo(template).runningHead);
  return {
    ...(letterhead === undefined ? {} : { letterhead }),
    blocks,
    title: view.title,
    lang: letter.lang,
    dir: directionOf(letter.lang),
    paper: letter.paper,
    subject: pdfSubject(letter),
    view,
  };
}

/** The letterhead to print, its picture among those read; none for `letterhead: false` or when there is none. */
function printedLetterhead({ pictures, letterhead }: LetterPictures, running: boolean): PrintedLetterhead | undefined {
  if (letterhead === undefined) return undefined;
  const printed: PrintedLetterhead = { lines: letterhead.lines.map(printable).filter((l) => l.trim() !== ''), running };
  if (letterhead.image !== undefined) {
    const picture = pictures.get(letterhead.image);
    // The edge reads every picture the letter names before the document is built.
    if (picture === undefined) throw new Error(`the letterhead's picture ${letterhead.image} was not read`);
    printed.picture = picture;
    if (letterhead.alt !== undefined) printed.alt = printable(letterhead.alt);
  }
  return printed;
}

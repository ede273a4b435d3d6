import MarkdownIt from 'markdown-it';
import { languageTable } from '../core/languages.js';
import { footnoteRefRule, footnoteSyntax } from './footnote-syntax.js';

/**
 * Markdown → HTML for the letter's prose fields. Raw HTML is shown as text (html: false),
 * links only to safe schemes (markdown-it's validateLink), and straight quotes and dashes
 * become typographic ones, with the quotation marks of the letter's language. Footnotes are
 * read here and numbered in letter-markdown.ts; images and tables are read only to be
 * refused there, with their line, rather than printed as "!alt" or pipes.
 */
function create(quotes: readonly string[]): MarkdownIt {
  const md = new MarkdownIt('default', { html: false, linkify: true, typographer: true, breaks: false, quotes: [...quotes] }).use(
    footnoteSyntax,
  );
  md.renderer.rules['footnote_ref'] = footnoteRefRule;
  // A definition outside letter-markdown.ts (which takes them out first) prints nothing.
  md.renderer.rules['footnote_def_open'] = () => '';
  md.renderer.rules['footnote_def_close'] = () => '';
  return md;
}

const byQuotes = new Map<string, MarkdownIt>();

/** The Markdown reader for a language (one per set of quotation marks, made once). */
export function markdownFor(lang: string): MarkdownIt {
  const quotes = languageTable(lang).quotes;
  const key = quotes.join('');
  const md = byQuotes.get(key) ?? create(quotes);
  byQuotes.set(key, md);
  return md;
}

export function markdownToHtml(text: string, lang = 'en'): string {
  return markdownFor(lang).render(text);
}

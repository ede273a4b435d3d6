import MarkdownIt from 'markdown-it';

/**
 * Markdown → HTML for the letter's prose fields. Raw HTML is shown as text (html: false),
 * links only to safe schemes (markdown-it's validateLink), and straight quotes and dashes
 * become typographic ones.
 */
const md = new MarkdownIt('default', { html: false, linkify: true, typographer: true, breaks: false }).disable(['table', 'image']);

export function markdownToHtml(text: string): string {
  return md.render(text);
}

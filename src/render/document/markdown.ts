// Markdown → HTML for a letter's prose fields, with the language's quotation marks, footnotes and safe links only.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { languageTable } from '../../core/letter/languages.js';
import { footnoteRefRule, footnoteSyntax } from './syntax/footnote-syntax.js';
import { langSyntax } from './syntax/lang-syntax.js';
import { isCjkText } from './typography.js';
import { isValidLang } from '../../core/letter/values.js';

/**
 * Markdown → HTML for the letter's prose fields. Raw HTML is shown as text (html: false),
 * links only to safe schemes (markdown-it's validateLink), and straight quotes and dashes
 * become typographic ones, with the quotation marks of the letter's language (and, in French,
 * its no-break spaces before : ; ! ? and inside « »: typography.ts). Footnotes are
 * read here and numbered in letter-markdown.ts; images and tables are read only to be
 * refused there, with their line, rather than printed as "!alt" or pipes.
 */
function create(lang: string, quotes: readonly string[], french: boolean): MarkdownIt {
  const md = new MarkdownIt('default', { html: false, linkify: true, typographer: true, breaks: false, quotes: [...quotes] }).use(
    footnoteSyntax,
  );
  md.renderer.rules['footnote_ref'] = footnoteRefRule;
  // A definition outside letter-markdown.ts (which takes them out first) prints nothing.
  md.renderer.rules['footnote_def_open'] = () => '';
  md.renderer.rules['footnote_def_close'] = () => '';
  // Entities are tokens of their own only until markdown-it's text_join rule merges them into
  // the text around them; they are collected just before, when inspectMarkdown asks for them.
  md.core.ruler.before('text_join', 'letters_inspect', (state) => {
    const env = state.env as InspectEnv;
    if (!env.findings) return;
    for (const token of state.tokens) {
      if (token.type === 'inline' && token.children) env.findings.push(...inlineFindings(token.children, token.map?.[0] ?? 0));
    }
  });
  // Passages marked with another language ([…]{lang=en}, ::: {lang=en}) take its quotes and spacing.
  md.use(langSyntax, { lang, quotes, french });
  return md;
}

const byQuotes = new Map<string, MarkdownIt>();

/** The Markdown reader for a language (one per set of quotation marks and spacing, made once). */
export function markdownFor(lang: string): MarkdownIt {
  const { quotes, frenchSpacing } = languageTable(lang);
  // Chinese and Japanese read straight quotes between characters too (typography.ts): a reader of their own.
  const key = `${quotes.join('')}${frenchSpacing ? ' fr' : ''}${isCjkText(lang) ? ' cjk' : ''}`;
  const md = byQuotes.get(key) ?? create(lang, quotes, frenchSpacing);
  byQuotes.set(key, md);
  return md;
}

const md = markdownFor('en');

/** markdown-it's own nesting limit (its option maxNesting, which @types/markdown-it does not declare). */
const PARSER_MAX_NESTING = (md.options as { maxNesting?: number }).maxNesting ?? 100;

/**
 * How many lists and block quotes a Markdown field may nest inside each other. Each level
 * indents the text; a letter needs two or three, and past this the text column would get too
 * narrow to read. markdown-it drops, without a word, everything after the point where its own
 * nesting limit (maxNesting, token levels: two per list, one per quote) is reached; that limit
 * is far above this one, so any text it would drop is reported here first.
 */
export const MAX_MARKDOWN_DEPTH = 8;

export function markdownToHtml(text: string, lang = 'en'): string {
  return markdownFor(lang).render(text);
}

/** Something in a Markdown field that cannot be printed as written; `line` is 0-based in the field. */
export type MarkdownFinding =
  | { kind: 'too-deep'; line: number; text: string }
  /** A character entity (`&#x4E2D;`, `&eacute;`) and what it stands for (undefined past U+10FFFF). */
  | { kind: 'entity'; line: number; markup: string; char: string | undefined }
  /** The text shown for a bare or <angle-bracket> link: its address decoded (`%E4%B8%AD` → 中). */
  | { kind: 'link-text'; line: number; text: string; href: string }
  /** A passage's language (`[…]{lang=xx}`, `::: {lang=xx}`) that is no language tag. */
  | { kind: 'lang'; line: number; tag: string; markup: string };

const CONTAINERS = new Set(['blockquote_open', 'bullet_list_open', 'ordered_list_open']);

interface InspectEnv {
  findings?: MarkdownFinding[];
}

/** What `markdownToHtml` would lose or change without a word: nesting past the limit, character entities. */
export function inspectMarkdown(text: string): MarkdownFinding[] {
  const env: InspectEnv = { findings: [] };
  const tokens = md.parse(text, env);
  let depth = 0;
  let line = 0;
  for (const token of tokens) {
    if (token.map) line = token.map[0];
    if (CONTAINERS.has(token.type)) depth++;
    else if (token.nesting === -1 && CONTAINERS.has(token.type.replace(/_close$/, '_open'))) depth--;
    if (token.type === 'lang_block_open' && !isValidLang(token.attrGet('lang') ?? '')) {
      env.findings!.push({ kind: 'lang', line, tag: token.attrGet('lang') ?? '', markup: ':::' });
    }
    if (depth > MAX_MARKDOWN_DEPTH || token.level >= PARSER_MAX_NESTING - 1) {
      // One is enough: the rest of the field is deeper still, or follows it.
      return [{ kind: 'too-deep', line, text: (text.split('\n')[line] ?? '').trim().slice(0, 20) }];
    }
  }
  return env.findings!;
}

/** The entities and shown link addresses of one paragraph, each with the line it is on. */
function inlineFindings(children: Token[], first: number): MarkdownFinding[] {
  const found: MarkdownFinding[] = [];
  let line = first;
  children.forEach((child, i) => {
    if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
    if (child.type === 'lang_open' && !isValidLang(child.attrGet('lang') ?? '')) {
      found.push({ kind: 'lang', line, tag: child.attrGet('lang') ?? '', markup: child.markup });
    }
    if (child.type === 'text_special' && child.info === 'entity') {
      found.push({ kind: 'entity', line, markup: child.markup, char: entityChar(child.markup, child.content) });
    }
    const shown = children[i + 1];
    if (child.type === 'link_open' && (child.markup === 'autolink' || child.markup === 'linkify') && shown?.type === 'text') {
      found.push({ kind: 'link-text', line, text: shown.content, href: child.attrGet('href') ?? '' });
    }
  });
  return found;
}

/**
 * What a numeric entity stands for, whatever markdown-it made of it: it prints U+FFFD for one
 * it does not accept (`&#0;`, `&#xD800;`, `&#x85;`), and that would be printed without a word.
 * Undefined past U+10FFFF.
 */
function entityChar(markup: string, decoded: string): string | undefined {
  const numeric = /^&#(x[0-9a-f]+|[0-9]+);$/i.exec(markup);
  if (!numeric) return decoded;
  const digits = numeric[1]!;
  const cp = /^x/i.test(digits) ? Number.parseInt(digits.slice(1), 16) : Number.parseInt(digits, 10);
  return cp > 0x10ffff ? undefined : String.fromCodePoint(cp);
}

/**
 * A passage's language in the letter's Markdown: `[text]{lang=en}` for words inside a paragraph
 * (Pandoc's bracketed span) and a fenced block for whole paragraphs,
 *
 *     ::: {lang=zh-Hant}
 *     …
 *     :::
 *
 * They become `<span lang>` and `<div lang>`, so the document tree marks their runs with the
 * language (fonts, line breaking, bidi and the PDF's /Lang follow it), and their quotation
 * marks and French spacing are their language's, not the letter's.
 */
import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { languageTable } from '../../../core/letter/languages.js';
import { cjkQuotes, frenchSpacingIn, isCjkText, quoteTokens } from '../typography.js';

/** `{lang=xx}` after a bracketed span, or on a fence's line: the tag (quotes allowed), checked later by `check`. */
const ATTRIBUTES = /^\{[ \t]*lang[ \t]*=[ \t]*(?:"([^"\n{}]*)"|'([^'\n{}]*)'|([^\s"'{}]+))[ \t]*\}/;
const FENCE = /^(:{3,})[ \t]*(\{[^\n]*\})?[ \t]*$/;

/** `[words]{lang=xx}`: the words, parsed as Markdown, in a span of that language. */
function langSpan(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5b /* [ */ || state.src.charCodeAt(start + 1) === 0x5e /* ^: a footnote */) return false;
  const end = state.md.helpers.parseLinkLabel(state, start, false);
  if (end < 0) return false;
  const attributes = ATTRIBUTES.exec(state.src.slice(end + 1, state.posMax));
  if (!attributes) return false;
  if (!silent) {
    const lang = attributes[1] ?? attributes[2] ?? attributes[3] ?? '';
    const open = state.push('lang_open', 'span', 1);
    open.attrSet('lang', lang);
    open.markup = attributes[0];
    const max = state.posMax;
    state.pos = start + 1;
    state.posMax = end;
    state.md.inline.tokenize(state);
    state.posMax = max;
    state.push('lang_close', 'span', -1);
  }
  state.pos = end + 1 + attributes[0].length;
  return true;
}

/** A fence's opening line (`::: {lang=xx}`), and its tag; a bare `:::` line closes. */
function fenceAt(state: StateBlock, line: number): { colons: number; lang?: string } | undefined {
  const text = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
  const m = FENCE.exec(text);
  if (!m) return undefined;
  if (m[2] === undefined) return { colons: m[1]!.length };
  const attributes = ATTRIBUTES.exec(m[2]);
  if (!attributes || attributes[0].length !== m[2].trimEnd().length) return undefined;
  return { colons: m[1]!.length, lang: attributes[1] ?? attributes[2] ?? attributes[3] ?? '' };
}

/** `::: {lang=xx}` … `:::`: the paragraphs between, in a div of that language. Nested fences count; an unclosed one runs to the field's end. */
function langBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const opening = fenceAt(state, startLine);
  if (opening?.lang === undefined) return false;
  if (silent) return true;
  let depth = 1;
  let next = startLine;
  let closed = false;
  while (++next < endLine) {
    const indented = state.sCount[next]! < state.blkIndent;
    if (indented && state.bMarks[next]! + state.tShift[next]! < state.eMarks[next]!) break; // a less indented line ends the block's container
    if (state.sCount[next]! - state.blkIndent >= 4) continue;
    const fence = fenceAt(state, next);
    if (fence === undefined) continue;
    if (fence.lang !== undefined) depth++;
    else if (fence.colons >= 3 && --depth === 0) {
      closed = true;
      break;
    }
  }
  const parent = state.parentType;
  const lineMax = state.lineMax;
  state.parentType = 'blockquote';
  state.lineMax = next;
  const open = state.push('lang_block_open', 'div', 1);
  open.block = true;
  open.attrSet('lang', opening.lang);
  open.map = [startLine, next];
  state.md.block.tokenize(state, startLine + 1, next);
  const close = state.push('lang_block_close', 'div', -1);
  close.block = true;
  state.parentType = parent;
  state.lineMax = lineMax;
  state.line = next + (closed ? 1 : 0);
  return true;
}

/** The language of each inline token's text: the block's (from `::: {lang}`), or the letter's (undefined). */
function blockLanguages(tokens: readonly Token[]): (string | undefined)[] {
  const stack: string[] = [];
  return tokens.map((t) => {
    if (t.type === 'lang_block_open') stack.push(t.attrGet('lang') ?? '');
    else if (t.type === 'lang_block_close') stack.pop();
    return stack[stack.length - 1];
  });
}

/**
 * Quotation marks by the passage's language, before smartquotes gives the rest the letter's:
 * each span's text, innermost first, then each paragraph of a fenced block in another language.
 */
function passageQuotes(letterQuotes: readonly string[]) {
  const quotesOf = (lang: string): readonly string[] => languageTable(lang).quotes;
  const same = (q: readonly string[]): boolean => q.join('') === letterQuotes.join('');
  return (state: StateCore): void => {
    const langs = blockLanguages(state.tokens);
    state.tokens.forEach((token, i) => {
      const children = token.type === 'inline' ? token.children : null;
      if (!children) return;
      const opens: { index: number; lang: string }[] = [];
      children.forEach((child, j) => {
        if (child.type === 'lang_open') opens.push({ index: j, lang: child.attrGet('lang') ?? '' });
        else if (child.type === 'lang_close') {
          const open = opens.pop();
          if (open !== undefined) quoteTokens(children.slice(open.index + 1, j), quotesOf(open.lang));
        }
      });
      const block = langs[i];
      if (block !== undefined && !same(quotesOf(block))) quoteTokens(children, quotesOf(block));
    });
  };
}

/**
 * Straight double quotes in Chinese and Japanese text (the letter's, a block's, a span's), made
 * the language's marks in turn before smartquotes, which would leave a quote between two
 * characters straight (core/typography.ts).
 */
function cjkPassages(letterLang: string) {
  return (state: StateCore): void => {
    const langs = blockLanguages(state.tokens);
    state.tokens.forEach((token, i) => {
      const children = token.type === 'inline' ? token.children : null;
      if (!children || !token.content.includes('"')) return;
      const stack: string[] = [langs[i] ?? letterLang];
      const turns = new Map<string, { open: boolean }>();
      children.forEach((child, j) => {
        if (child.type === 'lang_open') stack.push(child.attrGet('lang') ?? letterLang);
        else if (child.type === 'lang_close' && stack.length > 1) stack.pop();
        const lang = stack[stack.length - 1]!;
        if (child.type !== 'text' || !isCjkText(lang)) return;
        const turn = turns.get(lang) ?? turns.set(lang, { open: false }).get(lang)!;
        const before = children[j - 1]?.content.slice(-1) ?? '';
        const after = children[j + 1]?.content[0] ?? '';
        child.content = cjkQuotes(child.content, languageTable(lang).quotes, turn, before, after);
      });
    });
  };
}

/** French spacing where the text is French: the letter's language unless a span or a fenced block says another. */
function passageSpacing(letterFrench: boolean) {
  const french = (lang: string | undefined): boolean => (lang === undefined ? letterFrench : languageTable(lang).frenchSpacing);
  return (state: StateCore): void => {
    const langs = blockLanguages(state.tokens);
    state.tokens.forEach((token, i) => {
      const children = token.type === 'inline' ? token.children : null;
      if (!children) return;
      const stack: (string | undefined)[] = [langs[i]];
      frenchSpacingIn(children, (j) => {
        const child = children[j]!;
        if (child.type === 'lang_open') stack.push(child.attrGet('lang') ?? undefined);
        else if (child.type === 'lang_close' && stack.length > 1) stack.pop();
        return french(stack[stack.length - 1]);
      });
    });
  };
}

/** The plugin: the two syntaxes, and quotation marks and spacing by each passage's language. */
export function langSyntax(md: MarkdownIt, options: { lang: string; quotes: readonly string[]; french: boolean }): void {
  md.block.ruler.before('fence', 'lang_block', langBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.inline.ruler.before('link', 'lang_span', langSpan);
  md.core.ruler.before('smartquotes', 'letters_cjk_quotes', cjkPassages(options.lang));
  md.core.ruler.before('smartquotes', 'letters_passage_quotes', passageQuotes(options.quotes));
  md.core.ruler.push('letters_french_spacing', passageSpacing(options.french));
}

/**
 * Typography for the letter's printed text, by its language's rules: straight quotes and
 * apostrophes become the language's typographic ones in the plain-text fields (title, names,
 * headings …) exactly as markdown-it's smartquotes makes them in the Markdown fields, and
 * French text gets the Imprimerie nationale's no-break spaces. Nothing else of a text changes:
 * no Markdown is read in a plain field, no dash or "(c)" is replaced in a name.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { languageTable } from '../../core/letter/languages.js';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

const quoters = new Map<string, MarkdownIt>();

/** A markdown-it that runs only its smartquotes rule, with these quotation marks. */
function quoter(quotes: readonly string[]): MarkdownIt {
  const key = quotes.join('');
  let md = quoters.get(key);
  if (md === undefined) {
    md = new MarkdownIt('zero', { typographer: true, quotes: [...quotes] });
    md.core.ruler.enableOnly(['smartquotes']);
    quoters.set(key, md);
  }
  return md;
}

/** "Texans' right" → "Texans’ right", "a "b" c" → "a “b” c": one text token through markdown-it's smartquotes. */
export function smartQuotes(text: string, quotes: readonly string[]): string {
  if (!/['"]/.test(text)) return text;
  const md = quoter(quotes);
  const state = new md.core.State('', md, {});
  const inline = new state.Token('inline', '', 0);
  const child = new state.Token('text', '', 0);
  inline.content = text;
  child.content = text;
  inline.children = [child];
  state.tokens = [inline];
  md.core.process(state);
  return child.content;
}

/** A character of Chinese or Japanese text, its full-width punctuation included. */
const CJK_CHARACTER = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]/u;
/** Languages whose text is set without spaces, where a straight quote stands between two characters. */
const WITHOUT_SPACES = new Set(['zh', 'ja', 'yue']);

/** True for a language written in Chinese or Japanese characters. */
export function isCjkText(lang: string | undefined): boolean {
  return lang !== undefined && WITHOUT_SPACES.has(lang.split('-')[0]!.toLowerCase());
}

/**
 * Straight double quotes beside Chinese or Japanese characters made the language's marks,
 * opening and closing in turn: smartquotes reads a quote between two letters as inside a word
 * and leaves it ("就"國家安全"條例" would stay straight). `state` carries the turn across a
 * paragraph's pieces; `before` and `after` are the characters around `text`.
 */
export function cjkQuotes(text: string, quotes: readonly string[], state: { open: boolean }, before = '', after = ''): string {
  if (!text.includes('"')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const prev = i > 0 ? text[i - 1]! : before;
    const next = i + 1 < text.length ? text[i + 1]! : after;
    if (ch === '"' && (CJK_CHARACTER.test(prev) || CJK_CHARACTER.test(next))) {
      out += state.open ? quotes[1] : quotes[0];
      state.open = !state.open;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Web and mail addresses (as the line breaker finds them): their ":" and "?" are not punctuation. */
const ADDRESS = /[!-~]*(?::\/\/|www\.|\w@\w)[!-~]*/g;
/** What may follow ":" ";" "!" "?" used as punctuation: nothing, a space, closing marks, more of them. */
const AFTER_PUNCTUATION = /^$|^[\s»”’"')\]}…;:!?.,]/u;
/** Before these no space is added: a space already, an opening bracket, or another of ; : ! ? ("Quoi ?!"). */
const NO_SPACE_AFTER = /^[\s([{«“‘;:!?]$/u;

/**
 * French spacing by the Imprimerie nationale's rule: a no-break space before ":" and inside
 * « », a narrow no-break space before ";", "!" and "?". A plain space typed there becomes the
 * no-break one; where none was typed, one is added; any other space already there is kept, so
 * it never doubles. Not in addresses (https://…, a?b=c) nor between digits (10:30).
 * `before` and `after` are the characters around `text` when it is part of a longer one.
 */
export function frenchSpacing(text: string, before = '', after = ''): string {
  if (!/[:;!?«»]/.test(text)) return text;
  const skip = new Set<number>();
  for (const m of text.matchAll(ADDRESS)) for (let i = m.index; i < m.index + m[0].length; i++) skip.add(i);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const prev = i > 0 ? text[i - 1]! : before;
    const next = i + 1 < text.length ? text[i + 1]! : after;
    if (skip.has(i)) {
      out += ch;
    } else if (':;!?'.includes(ch) && AFTER_PUNCTUATION.test(next)) {
      out = spaceBefore(out, prev, ch === ':' ? NBSP : NARROW_NBSP) + ch;
    } else if (ch === '»') {
      out = spaceBefore(out, prev, NBSP) + ch;
    } else if (ch === '«') {
      out += ch;
      const typed = i + 1 < text.length && (next === ' ' || next === '\t');
      if (typed) i++;
      if (typed || (next !== '' && !/\s/u.test(next))) out += NBSP;
    } else {
      out += ch;
    }
  }
  return out;
}

/** `out` with the space before a mark made `space`: a typed plain space replaced, none added, another kept. */
function spaceBefore(out: string, prev: string, space: string): string {
  if (prev === '') return out;
  if ((prev === ' ' || prev === '\t') && out !== '') return out.slice(0, -1) + space;
  if (prev === ' ' || prev === '\t' || NO_SPACE_AFTER.test(prev)) return out;
  return out + space;
}

/**
 * The typography of a language for plain-text fields: its quotation marks and, in French,
 * its spacing. The identity of a text (who signed, sorting, the fingerprint) is never taken
 * from this: it is for printing only.
 */
export function typesetter(lang: string): (text: string) => string {
  const row = languageTable(lang);
  const quotes = row.quotes;
  if (isCjkText(lang)) return (text) => smartQuotes(cjkQuotes(text, quotes, { open: false }), quotes);
  return row.frenchSpacing ? (text) => frenchSpacing(smartQuotes(text, quotes)) : (text) => smartQuotes(text, quotes);
}

/** Text tokens of a link whose text is its address (<https://…>, a bare www.…): left as they are. */
function isShownAddress(token: Token): boolean {
  return token.type === 'link_open' && (token.markup === 'autolink' || token.markup === 'linkify');
}

/**
 * French spacing in a paragraph's inline tokens where `frenchAt(i)` (asked of every token, in
 * order) says the text is French: each text token with the characters around it (in the tokens
 * before and after, up to a line break), never inside a shown address or code.
 */
export function frenchSpacingIn(children: Token[], frenchAt: (index: number) => boolean): void {
  let inAddress = false;
  children.forEach((token, i) => {
    const french = frenchAt(i);
    if (isShownAddress(token)) inAddress = true;
    else if (token.type === 'link_close') inAddress = false;
    if (token.type !== 'text' || inAddress || !french) return;
    token.content = frenchSpacing(token.content, neighbour(children, i, -1), neighbour(children, i, 1));
  });
}

/**
 * Straight quotes in some inline tokens (a passage in another language) made the typographic
 * ones of `quotes`, by markdown-it's own smartquotes, before the letter's own pass: that pass
 * then finds none left in them.
 */
export function quoteTokens(children: Token[], quotes: readonly string[]): void {
  const content = children.map((c) => (c.type === 'text' ? c.content : '')).join('');
  if (!/['"]/.test(content)) return;
  const md = quoter(quotes);
  const state = new md.core.State('', md, {});
  const inline = new state.Token('inline', '', 0);
  inline.content = content;
  inline.children = children;
  state.tokens = [inline];
  md.core.process(state);
}

/** The character next to token i on one side, within the same line; "" at a line's start or end. */
function neighbour(tokens: Token[], i: number, step: -1 | 1): string {
  for (let j = i + step; j >= 0 && j < tokens.length; j += step) {
    const t = tokens[j]!;
    if (t.type === 'softbreak' || t.type === 'hardbreak') return '';
    if (t.content === '') continue;
    return step < 0 ? t.content[t.content.length - 1]! : t.content[0]!;
  }
  return '';
}

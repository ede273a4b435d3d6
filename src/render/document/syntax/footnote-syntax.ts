/**
 * Markdown footnote syntax for markdown-it: references `text[^1]` and definitions
 * `[^1]: the note` (continued by indented lines). Adapted from markdown-it-footnote (MIT,
 * Vitaly Puzrin, Alex Kocharin) with one difference that matters here: a reference is a
 * token whether or not its note is defined in the same field, because a letter's notes may
 * be defined in any of its Markdown fields, and a reference without a note must be reported,
 * not printed as typed. Numbering and rendering happen in letter-markdown.ts.
 */
import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';

const OPEN_BRACKET = 0x5b;
const CARET = 0x5e;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;

/** `[^label]:` at the start of a block: the note's content follows, indented lines continue it. */
function footnoteDefinition(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (start + 4 > max) return false;
  if (state.src.charCodeAt(start) !== OPEN_BRACKET || state.src.charCodeAt(start + 1) !== CARET) return false;
  let pos = start + 2;
  for (; pos < max; pos++) {
    const ch = state.src.charCodeAt(pos);
    if (ch === SPACE) return false;
    if (ch === CLOSE_BRACKET) break;
  }
  if (pos === start + 2) return false;
  if (pos + 1 >= max || state.src.charCodeAt(++pos) !== COLON) return false;
  if (silent) return true;
  pos++;
  const label = state.src.slice(start + 2, pos - 2);

  const open = state.push('footnote_def_open', '', 1);
  open.meta = { label };
  open.map = [startLine, startLine + 1];

  const oldBMark = state.bMarks[startLine]!;
  const oldTShift = state.tShift[startLine]!;
  const oldSCount = state.sCount[startLine]!;
  const oldParentType = state.parentType;
  const posAfterColon = pos;
  const initial = state.sCount[startLine]! + pos - (state.bMarks[startLine]! + state.tShift[startLine]!);
  let offset = initial;
  while (pos < max) {
    const ch = state.src.charCodeAt(pos);
    if (ch === TAB) offset += 4 - (offset % 4);
    else if (ch === SPACE) offset++;
    else break;
    pos++;
  }
  state.tShift[startLine] = pos - posAfterColon;
  state.sCount[startLine] = offset - initial;
  state.bMarks[startLine] = posAfterColon;
  state.blkIndent += 4;
  state.parentType = 'footnote' as typeof state.parentType;
  if (state.sCount[startLine]! < state.blkIndent) state.sCount[startLine]! += state.blkIndent;
  state.md.block.tokenize(state, startLine, endLine);
  state.parentType = oldParentType;
  state.blkIndent -= 4;
  state.tShift[startLine] = oldTShift;
  state.sCount[startLine] = oldSCount;
  state.bMarks[startLine] = oldBMark;

  const close = state.push('footnote_def_close', '', -1);
  close.meta = { label };
  open.map[1] = state.line;
  return true;
}

/** `[^label]` in running text. */
function footnoteReference(state: StateInline, silent: boolean): boolean {
  const max = state.posMax;
  const start = state.pos;
  if (start + 3 > max) return false;
  if (state.src.charCodeAt(start) !== OPEN_BRACKET || state.src.charCodeAt(start + 1) !== CARET) return false;
  let pos = start + 2;
  for (; pos < max; pos++) {
    const ch = state.src.charCodeAt(pos);
    if (ch === SPACE || ch === NEWLINE) return false;
    if (ch === CLOSE_BRACKET) break;
  }
  if (pos === start + 2 || pos >= max) return false;
  if (!silent) {
    const token = state.push('footnote_ref', '', 0);
    token.meta = { label: state.src.slice(start + 2, pos) };
  }
  state.pos = pos + 1;
  return true;
}

export function footnoteSyntax(md: MarkdownIt): void {
  md.block.ruler.before('reference', 'footnote_def', footnoteDefinition, { alt: ['paragraph', 'reference'] });
  md.inline.ruler.after('image', 'footnote_ref', footnoteReference);
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 12 → "¹²": the marker printed after the text it annotates. */
export function superscript(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join('');
}

/** How a reference is written into the HTML the document tree reads. */
export function footnoteRefRule(tokens: Token[], idx: number, _options: unknown, env: { numbers?: Map<string, number> }): string {
  const label = String(tokens[idx]!.meta.label);
  const n = env.numbers?.get(label);
  const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return n === undefined ? `[^${escaped}]` : `<sup class="footnote-ref" data-note="${n}">${superscript(n)}</sup>`;
}

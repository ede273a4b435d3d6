// Lines of a letter file's text, for the edits that splice into it: where a line starts and
// ends (before its CR LF, or past it), which line break a new line takes, where an entry's
// content ends, and the document markers. LF, CRLF and a mix of both, all kept as they were.
import { isMap, type Node as YamlNode } from 'yaml';

/** Where the line holding `offset` starts. */
export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the text of the line holding `offset` ends: before its line break, the CR of a CR LF too. */
export function lineEndBeforeBreak(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  if (nl === -1) return source.length;
  return nl > 0 && source[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Where the next line starts: past the line break (LF or CR LF) of the line holding `offset`. */
export function nextLineStart(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl === -1 ? source.length : nl + 1;
}

/** The column of `offset` on its line, from 0. */
export function column(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

/** The line break ending the line that holds `offset` (or, on a last line without one, the line before). */
export function lineBreakNear(source: string, offset: number): '\n' | '\r\n' {
  let nl = source.indexOf('\n', offset);
  if (nl === -1) nl = source.lastIndexOf('\n', offset - 1);
  return nl > 0 && source[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Text to insert at `offset`, its line breaks those of the line it joins: a file with mixed
 * line breaks keeps every one it had, and the new lines match their neighbours.
 */
export function withLineBreaksOf(source: string, offset: number, text: string): string {
  return lineBreakNear(source, offset) === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** `end` moved back over the line breaks (LF or CR) just before it, never below `floor`. */
export function beforeLineBreaks(source: string, end: number, floor = 0): number {
  let at = end;
  while (at > floor && (source[at - 1] === '\n' || source[at - 1] === '\r')) at--;
  return at;
}

/**
 * Where a node's content ends: a block mapping's at its last value (a comment after it on the
 * line aside), a flow collection's at its closing bracket, a block scalar's before its final
 * line break. Edits take the line this offset is on.
 */
export function contentEnd(source: string, node: YamlNode): number {
  let end = node.range![1];
  if (isMap(node) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1]!;
    end = ((last.value ?? last.key) as YamlNode).range?.[1] ?? end;
  }
  return beforeLineBreaks(source, end);
}

/**
 * A document marker as the YAML reader takes one: `---` or `...` at the start of a line, then a
 * space, a tab, a line break or the end of the text. After a letter's content only `...` (the
 * document's end) can stand: a `---` there starts a second document, which no letter has.
 */
export const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/m;

import { isMap, isScalar, isSeq, stringify, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LettersError } from '../errors.js';
import { SIGNATORY_FIELDS, parseLetter, type ParsedLetter } from './schema.js';
import type { Signatory } from './letter.js';
import type { SignDecision } from './signatories.js';

/*
 * Edits to a letter file are splices into its text at positions the YAML Document gives.
 * Re-serialising the Document (doc.toString()) re-indents lists, re-flows folded scalars
 * and moves comments; a splice leaves every byte the edit is not about exactly as the user
 * wrote it. Each edit is then re-parsed and checked to mean what was intended.
 */

interface Splice {
  start: number;
  end: number;
  text: string;
}

function applySplices(source: string, splices: Splice[]): string {
  let out = source;
  // From the end backwards, so earlier offsets stay valid; inserts at one offset keep their order.
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.start - a.s.start || b.i - a.i);
  // Inserted lines use the file's own line breaks.
  const crlf = source.includes('\r\n');
  for (const { s } of ordered) out = out.slice(0, s.start) + (crlf ? s.text.replace(/\r?\n/g, '\r\n') : s.text) + out.slice(s.end);
  return out;
}

/** A value as YAML text on one line, quoted only when YAML would otherwise misread it. */
export function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function flowScalar(value: string): string {
  // Double-quoted YAML is JSON: safe inside [ ] and { } where plain text cannot hold , [ ] { }.
  return JSON.stringify(value);
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the line holding `offset` ends, before its line break (\n or \r\n). */
function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  if (nl === -1) return source.length;
  return nl > 0 && source[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Where the next line starts, past the line break of the line holding `offset`. */
function nextLineStart(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl === -1 ? source.length : nl + 1;
}

function column(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

function signatoryFields(s: Signatory): [string, string][] {
  return SIGNATORY_FIELDS.flatMap((f) => (s[f] === undefined ? [] : [[f, s[f]] as [string, string]]));
}

/** A signatory as block lines: `- organization: X` then the other fields under it. */
function blockItem(s: Signatory, dashIndent: number, contentOffset: number): string {
  const fields = signatoryFields(s);
  return fields
    .map(([k, v], i) => {
      const prefix = i === 0 ? ' '.repeat(dashIndent) + '-' + ' '.repeat(contentOffset - 1) : ' '.repeat(dashIndent + contentOffset);
      return `${prefix}${k}: ${yamlScalar(v)}`;
    })
    .join('\n');
}

function flowItem(s: Signatory): string {
  return `{ ${signatoryFields(s).map(([k, v]) => `${k}: ${flowScalar(v)}`).join(', ')} }`;
}

function signatoriesPair(parsed: ParsedLetter): Pair<YamlNode, YamlNode | null> | undefined {
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  return root.items.find((p) => isScalar(p.key) && p.key.value === 'signatories');
}

function seqOf(parsed: ParsedLetter): YAMLSeq<YamlNode> | undefined {
  const value = signatoriesPair(parsed)?.value;
  return isSeq(value) ? (value as YAMLSeq<YamlNode>) : undefined;
}

/** End offset of an item's last content (its last value), before any trailing newline or comment. */
function contentEnd(source: string, item: YamlNode): number {
  let end = item.range![1];
  if (isMap(item) && item.items.length > 0) {
    const last = item.items[item.items.length - 1]!;
    const node = (last.value ?? last.key) as YamlNode;
    end = node.range?.[1] ?? end;
  }
  // A block scalar's range ends after its final line break; its content ends before it.
  while (end > 0 && (source[end - 1] === '\n' || source[end - 1] === '\r')) end--;
  return end;
}

function appendSplices(parsed: ParsedLetter, s: Signatory): Splice[] {
  const { source } = parsed;
  const pair = signatoriesPair(parsed);
  if (!pair) {
    const sep = source.length === 0 || source.endsWith('\n') ? '' : '\n';
    return [{ start: source.length, end: source.length, text: `${sep}signatories:\n${blockItem(s, 2, 2)}\n` }];
  }
  const value = pair.value;
  const seq = isSeq(value) ? (value as YAMLSeq<YamlNode>) : undefined;
  if (value == null || (isScalar(value) && value.value == null) || (seq && seq.items.length === 0)) {
    // `signatories:`, `signatories: ~` or `signatories: []`: drop the empty value, start a block list.
    const keyStart = (pair.key as YamlNode).range![0];
    const keyCol = column(source, keyStart);
    const at = lineEnd(source, keyStart);
    const splices: Splice[] = [];
    if (value?.range && value.range[0] < at && value.range[1] > value.range[0]) {
      const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
      splices.push({ start: colon + 1, end: Math.min(value.range[1], at), text: '' });
    }
    splices.push({ start: at, end: at, text: `\n${blockItem(s, keyCol + 2, 2)}` + (at === source.length ? '\n' : '') });
    return splices;
  }
  if (!seq) {
    throw new LettersError('invalid-letter', '"signatories" is not a list', 'make it a list or remove it', { location: parsed.locate('signatories') });
  }
  if (seq.flow) {
    const close = seq.range![1] - 1; // the `]`
    return [{ start: close, end: close, text: `, ${flowItem(s)}` }];
  }
  const first = seq.items[0]!;
  const last = seq.items[seq.items.length - 1]!;
  const dashIndent = column(source, seq.range![0]);
  const contentOffset = Math.max(2, column(source, first.range![0]) - dashIndent);
  const at = lineEnd(source, contentEnd(source, last));
  return [{ start: at, end: at, text: `\n${blockItem(s, dashIndent, contentOffset)}` + (at === source.length ? '\n' : '') }];
}

function replaceSplices(parsed: ParsedLetter, index: number, s: Signatory): Splice[] {
  const { source } = parsed;
  const item = seqOf(parsed)?.items[index];
  if (!item || !isMap(item)) throw new Error(`signatory ${index + 1} is not a mapping`);
  if (item.flow) return [{ start: item.range![0], end: item.range![1], text: flowItem(s) }];
  // Field by field, so comments inside the entry and the order of its keys survive.
  const splices: Splice[] = [];
  const added: string[] = [];
  const indent = column(source, item.range![0]);
  const pairOf = (key: string): Pair | undefined => item.items.find((p) => isScalar(p.key) && p.key.value === key);
  for (const [key, value] of signatoryFields(s)) {
    const pair = pairOf(key);
    const node = pair?.value as YamlNode | null | undefined;
    if (pair && node?.range && !(isScalar(node) && node.value == null)) {
      if (!(isScalar(node) && node.value === value)) splices.push({ start: node.range[0], end: node.range[1], text: yamlScalar(value) });
    } else if (pair) {
      const keyEnd = (pair.key as YamlNode).range![1];
      const colon = source.indexOf(':', keyEnd);
      splices.push({ start: colon + 1, end: node?.range ? Math.max(colon + 1, node.range[1]) : colon + 1, text: ` ${yamlScalar(value)}` });
    } else {
      // A new key goes before the first later key in the usual order (title before signed).
      const later = SIGNATORY_FIELDS.slice(SIGNATORY_FIELDS.indexOf(key as (typeof SIGNATORY_FIELDS)[number]) + 1)
        .map(pairOf)
        .find((p) => p !== undefined);
      const laterStart = (later?.key as YamlNode | undefined)?.range?.[0];
      if (laterStart !== undefined && laterStart !== item.range![0]) {
        const at = lineStart(source, laterStart);
        splices.push({ start: at, end: at, text: `${' '.repeat(indent)}${key}: ${yamlScalar(value)}\n` });
      } else {
        added.push(`\n${' '.repeat(indent)}${key}: ${yamlScalar(value)}`);
      }
    }
  }
  if (added.length > 0) {
    const at = lineEnd(source, contentEnd(source, item));
    splices.push({ start: at, end: at, text: added.join('') });
  }
  return splices;
}

function removeSplices(parsed: ParsedLetter, index: number): Splice[] {
  const { source } = parsed;
  const seq = seqOf(parsed);
  const item = seq?.items[index];
  if (!seq || !item?.range) throw new Error(`no signatory ${index + 1}`);
  if (seq.flow) {
    const after = /^\s*,\s*/.exec(source.slice(item.range[1]));
    if (after) return [{ start: item.range[0], end: item.range[1] + after[0].length, text: '' }];
    const before = /,\s*$/.exec(source.slice(0, item.range[0]));
    return [{ start: before ? item.range[0] - before[0].length : item.range[0], end: item.range[1], text: '' }];
  }
  const start = lineStart(source, item.range[0]);
  return [{ start, end: nextLineStart(source, contentEnd(source, item)), text: '' }];
}

/** The letter's own content, for checking that an edit touched nothing but the signatories. */
function withoutSignatories(parsed: ParsedLetter): string {
  return JSON.stringify({ ...parsed.letter, signatories: undefined });
}

/**
 * Apply a sign decision (or a removal) to the file's text. The result is re-parsed and
 * must hold exactly the intended signatories and nothing else changed; otherwise nothing is
 * written and the user is told to make the edit by hand.
 */
export function editSignatories(parsed: ParsedLetter, edit: SignDecision | { action: 'remove'; index: number }): string {
  const expected = [...parsed.letter.signatories];
  let splices: Splice[];
  switch (edit.action) {
    case 'append':
      splices = appendSplices(parsed, edit.signatory);
      expected.push(edit.signatory);
      break;
    case 'replace':
      splices = replaceSplices(parsed, edit.index, edit.signatory);
      expected[edit.index] = edit.signatory;
      break;
    case 'remove':
      splices = removeSplices(parsed, edit.index);
      expected.splice(edit.index, 1);
      break;
  }
  const text = applySplices(parsed.source, splices);
  let check: ParsedLetter | undefined;
  try {
    check = parseLetter(text, parsed.file);
  } catch {
    check = undefined;
  }
  if (!check || JSON.stringify(check.letter.signatories) !== JSON.stringify(expected) || withoutSignatories(check) !== withoutSignatories(parsed)) {
    throw new LettersError(
      'invalid-letter',
      'the signatories list is laid out in a way letters cannot edit safely',
      'nothing was changed; edit the signatories in the file by hand (see letters/example.yaml for the usual layout)',
      { location: parsed.locate('signatories') },
    );
  }
  return text;
}

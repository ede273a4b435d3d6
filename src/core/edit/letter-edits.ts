/*
 * Edits to a letter file are splices into its text at positions the YAML Document gives.
 * Re-serialising the Document (doc.toString()) re-indents lists, re-flows folded scalars
 * and moves comments; a splice leaves every byte the edit is not about exactly as the user
 * wrote it. The changed lines are then re-read and checked to mean what was intended.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LettersError } from '../../errors.js';
import { SIGNATORY_FIELD_NAMES } from '../letter/fields.js';
import { isIsoDate } from '../letter/values.js';
import type { ParsedLetter } from '../read/parse-letter.js';
import type { Signatory } from '../letter/letter.js';
import type { SignDecision } from '../signing/signatories.js';
import { applySplices, checkEdits, type Edit, type EditWindow, type Splice } from './edit-check.js';
import { column, contentEnd, DOCUMENT_MARKER, lineEndBeforeBreak, lineStart, nextLineStart } from './source-lines.js';

export type { Splice } from './edit-check.js';

/**
 * A value as YAML text on one line: plain when the YAML reader reads it back as exactly this
 * text (under YAML 1.2 and 1.1 alike), double-quoted otherwise. Never a block scalar, whose
 * lines would have to be indented under the entry.
 */
export function yamlScalar(value: string): string {
  return readsBackPlain(value) ? value : doubleQuoted(value);
}

/** Text that cannot start a plain scalar, spaces of any kind at either end, and what YAML 1.1 reads as line breaks. */
const NOT_PLAIN =
  /^[-?:,[\]{}#&*!|>'"%@`]|^[\s\p{Default_Ignorable_Code_Point}]|[\s\p{Default_Ignorable_Code_Point}]$|: | #|:$|[\p{Cc}\u2028\u2029\ufeff]/u;

/**
 * A signatory field's value. The signing date stays plain as letters has always written it
 * (`signed: 2026-03-01`), although YAML 1.1 would read it as a timestamp; names never do.
 */
function fieldValue(key: string, value: string | boolean): string {
  if (typeof value === 'boolean') return String(value); // a flag (late: true)
  return key === 'signed' && isIsoDate(value) ? value : yamlScalar(value);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Words that YAML 1.1 or 1.2 would read as something else than text when written plain (booleans,
 * null), compared in lower case; numbers, dates and times all start with a digit, a sign or a dot.
 */
const YAML_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~']);

/** Text that is plain for certain: it starts with a letter and holds only letters, digits, spaces and . , ' ’ ( ) / & @ + _ - */
const SURELY_PLAIN = /^\p{L}[\p{L}\p{M}\p{N} .,'’()/&@+_-]*$/u;

/** Answers already worked out: an import writes the same title, date and text fingerprint on every row. */
const plainAnswers = new Map<string, boolean>();

/** SURELY_PLAIN in ASCII, where no value has a character NOT_PLAIN refuses but a space at its end. */
const SURELY_PLAIN_ASCII = /^[A-Za-z][A-Za-z0-9 .,'()/&@+_-]*$/;
/** An exponent alone ("e2", "E-10"): YAML 1.1 reads it as a number, though it starts with a letter. */
const EXPONENT = /^[eE][-+]?\d+$/;

function readsBackPlain(value: string): boolean {
  // The same answer with one test of ASCII for most values (an import writes 70,000 of them).
  if (SURELY_PLAIN_ASCII.test(value) && !value.endsWith(' ') && !YAML_WORDS.has(value.toLowerCase()) && !EXPONENT.test(value)) return true;
  if (value === '' || NOT_PLAIN.test(value) || LONE_SURROGATE.test(value)) return false;
  // Most names need no YAML reading at all, which a 10,000-row import would otherwise do 100,000 times.
  if (SURELY_PLAIN.test(value) && !YAML_WORDS.has(value.toLowerCase()) && !EXPONENT.test(value)) return true;
  const known = plainAnswers.get(value);
  if (known !== undefined) return known;
  if (plainAnswers.size > 10_000) plainAnswers.clear();
  const answer = readsBackPlainInYaml(value);
  plainAnswers.set(value, answer);
  return answer;
}

function readsBackPlainInYaml(value: string): boolean {
  for (const version of ['1.2', '1.1'] as const) {
    const doc = parseDocument(`k: ${value}\n`, { version });
    if (doc.errors.length > 0 || doc.warnings.length > 0) return false;
    const node = (doc.contents as YAMLMap<unknown, unknown> | null)?.get('k', true);
    if (!isScalar(node) || node.type !== 'PLAIN' || node.value !== value) return false;
  }
  return true;
}

/**
 * Double-quoted YAML is JSON with more escapes: safe on one line in any context, inside
 * [ ] and { } too. What YAML counts as unprintable (DEL, C1) and the line and paragraph
 * separators are escaped as well, so an editor shows the value on one line.
 */
function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** Start of the line holding a list entry's dash, even when the dash stands on a line of its own. */
export function itemLineStart(source: string, item: YamlNode): number {
  let i = item.range![0] - 1;
  while (i >= 0 && (source[i] === ' ' || source[i] === '\n' || source[i] === '\r')) i--;
  return lineStart(source, source[i] === '-' ? i : item.range![0]);
}

/** A signatory's fields in the table's order, each value as it is compared and written. */
function signatoryFields(s: Signatory): [string, string | boolean][] {
  const out: [string, string | boolean][] = [];
  for (const f of SIGNATORY_FIELD_NAMES) {
    const value = s[f];
    if (value !== undefined) out.push([f, value]);
  }
  return out;
}

/** A signatory as block lines: `- organization: X` then the other fields under it. */
export function blockItem(s: Signatory, dashIndent: number, contentOffset: number): string {
  const fields = signatoryFields(s);
  return fields
    .map(([k, v], i) => {
      const prefix = i === 0 ? ' '.repeat(dashIndent) + '-' + ' '.repeat(contentOffset - 1) : ' '.repeat(dashIndent + contentOffset);
      return `${prefix}${k}: ${fieldValue(k, v)}`;
    })
    .join('\n');
}

function flowItem(s: Signatory): string {
  return `{ ${signatoryFields(s)
    .map(([k, v]) => `${k}: ${typeof v === 'boolean' ? String(v) : doubleQuoted(v)}`)
    .join(', ')} }`;
}

function signatoriesPair(parsed: ParsedLetter): Pair<YamlNode, YamlNode | null> | undefined {
  const root = parsed.doc.contents as YAMLMap<YamlNode, YamlNode | null>;
  return root.items.find((p) => isScalar(p.key) && p.key.value === 'signatories');
}

function seqOf(parsed: ParsedLetter): YAMLSeq<YamlNode> | undefined {
  const value = signatoriesPair(parsed)?.value;
  return isSeq(value) ? (value as YAMLSeq<YamlNode>) : undefined;
}

function keyStartOf(pair: Pair<YamlNode, YamlNode | null>): number {
  return (pair.key as YamlNode).range![0];
}

/** A flow list is rewritten in place and checked whole (they are short, written by hand). */
function flowWindow(source: string, pair: Pair<YamlNode, YamlNode | null>, seq: YAMLSeq<YamlNode>, expect: Signatory[]): EditWindow {
  return { from: lineStart(source, keyStartOf(pair)), to: lineEndBeforeBreak(source, seq.range![1]), kind: 'key', expect };
}

function planAppend(parsed: ParsedLetter, added: readonly Signatory[]): Edit {
  const { source } = parsed;
  const all = [...parsed.letter.signatories, ...added];
  const block = (dashIndent: number, contentOffset: number): string => added.map((s) => blockItem(s, dashIndent, contentOffset)).join('\n');
  const pair = signatoriesPair(parsed);
  if (!pair) {
    // At the end of the document: before a document-end marker (`...`), which would otherwise
    // leave the new key in a second document after it.
    const at = documentEnd(parsed);
    const sep = at === 0 || source[at - 1] === '\n' ? '' : '\n';
    return {
      splices: [{ start: at, end: at, text: `${sep}signatories:\n${block(2, 2)}\n` }],
      window: { from: at, to: at, kind: 'key', expect: all, appended: { from: 0, dash: 2 } },
    };
  }
  const value = pair.value;
  const seq = isSeq(value) ? (value as YAMLSeq<YamlNode>) : undefined;
  const keyStart = keyStartOf(pair);
  if (value == null || (isScalar(value) && value.value == null) || (seq && seq.items.length === 0)) {
    // `signatories:`, `signatories: ~` or `signatories: []`: drop the empty value, start a block list.
    const keyCol = column(source, keyStart);
    const at = lineEndBeforeBreak(source, keyStart);
    const splices: Splice[] = [];
    if (value?.range && value.range[0] < at && value.range[1] > value.range[0]) {
      const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
      splices.push({ start: colon + 1, end: Math.min(value.range[1], at), text: '' });
    }
    splices.push({ start: at, end: at, text: `\n${block(keyCol + 2, 2)}` + (at === source.length ? '\n' : '') });
    return {
      splices,
      // The window's first line is the key's: the entries come after it.
      window: { from: lineStart(source, keyStart), to: at, kind: 'key', expect: all, appended: { from: 0, dash: keyCol + 2 } },
    };
  }
  if (!seq) {
    throw new LettersError('invalid-letter', '"signatories" is not a list', 'make it a list or remove it', {
      location: parsed.locate('signatories'),
    });
  }
  if (seq.flow) {
    // Right after the last entry, so the new one shares its line (the `]` may be on a line of its own).
    const at = seq.items[seq.items.length - 1]!.range![1];
    return { splices: [{ start: at, end: at, text: `, ${added.map(flowItem).join(', ')}` }], window: flowWindow(source, pair, seq, all) };
  }
  const first = seq.items[0]!;
  const last = seq.items[seq.items.length - 1]!;
  const dashIndent = column(source, seq.range![0]);
  const contentOffset = Math.max(2, column(source, first.range![0]) - dashIndent);
  const at = lineEndBeforeBreak(source, contentEnd(source, last));
  return {
    splices: [{ start: at, end: at, text: `\n${block(dashIndent, contentOffset)}` + (at === source.length ? '\n' : '') }],
    // The new entries and the one they follow: enough to see they became siblings, not children.
    window: {
      from: itemLineStart(source, last),
      to: at,
      kind: 'items',
      expect: all.slice(-(added.length + 1)),
      appended: { from: at - itemLineStart(source, last), dash: dashIndent },
    },
  };
}

/** Where the document's text ends: the start of its `...` line, or the end of the file. */
function documentEnd(parsed: ParsedLetter): number {
  const { source } = parsed;
  const end = parsed.doc.contents?.range?.[1] ?? 0;
  const marker = DOCUMENT_MARKER.exec(source.slice(end));
  return marker ? end + marker.index : source.length;
}

function planReplace(parsed: ParsedLetter, index: number, s: Signatory): Edit {
  const { source } = parsed;
  const pair = signatoriesPair(parsed)!;
  const seq = seqOf(parsed)!;
  const item = seq.items[index];
  if (!item || !isMap(item)) throw new Error(`signatory ${index + 1} is not a mapping`);
  const all = parsed.letter.signatories.map((x, i) => (i === index ? s : x));
  if (seq.flow || item.flow) {
    return {
      splices: [{ start: item.range![0], end: item.range![1], text: flowItem(s) }],
      window: seq.flow
        ? flowWindow(source, pair, seq, all)
        : { from: itemLineStart(source, item), to: lineEndBeforeBreak(source, item.range![1]), kind: 'items', expect: [s] },
    };
  }
  const { splices, end } = fieldSplices(source, item, s);
  return { splices, window: { from: itemLineStart(source, item), to: end, kind: 'items', expect: [s] } };
}

/**
 * A block entry (of `signatories:` or `pending:`) changed into `s` field by field, as splices of
 * `source`, so comments inside the entry, the order of its keys and the way each unchanged value
 * is written survive: a changed value replaced, a new key put before the first later one in the
 * table's order, a key `s` no longer has removed with its lines (unless it opens the entry).
 * `end` is where the entry's last line ends.
 */
export function fieldSplices(source: string, item: YAMLMap, s: Signatory): { splices: Splice[]; end: number } {
  const splices: Splice[] = [];
  const added: string[] = [];
  const indent = column(source, item.range![0]);
  const pairOf = (key: string): Pair | undefined => item.items.find((p) => isScalar(p.key) && p.key.value === key);
  for (const [key, value] of signatoryFields(s)) {
    const field = pairOf(key);
    const node = field?.value as YamlNode | null | undefined;
    if (field && node?.range && !(isScalar(node) && node.value == null)) {
      if (!(isScalar(node) && node.value === value))
        splices.push({ start: node.range[0], end: node.range[1], text: fieldValue(key, value) });
    } else if (field) {
      const colon = source.indexOf(':', (field.key as YamlNode).range![1]);
      splices.push({
        start: colon + 1,
        end: node?.range ? Math.max(colon + 1, node.range[1]) : colon + 1,
        text: ` ${fieldValue(key, value)}`,
      });
    } else {
      // A new key goes before the first later key in the usual order (title before signed).
      const later = SIGNATORY_FIELD_NAMES.slice(SIGNATORY_FIELD_NAMES.indexOf(key as (typeof SIGNATORY_FIELD_NAMES)[number]) + 1)
        .map(pairOf)
        .find((p) => p !== undefined);
      const laterStart = (later?.key as YamlNode | undefined)?.range?.[0];
      if (laterStart !== undefined && laterStart !== item.range![0]) {
        const at = lineStart(source, laterStart);
        splices.push({ start: at, end: at, text: `${' '.repeat(indent)}${key}: ${fieldValue(key, value)}\n` });
      } else {
        added.push(`\n${' '.repeat(indent)}${key}: ${fieldValue(key, value)}`);
      }
    }
  }
  // A field the new entry no longer has (--no-highlight): its lines go, unless it opens the entry.
  item.items.forEach((field, i) => {
    const key = isScalar(field.key) ? field.key.value : undefined;
    if (typeof key !== 'string' || !(SIGNATORY_FIELD_NAMES as readonly string[]).includes(key) || key in s || i === 0) return;
    const at = lineStart(source, (field.key as YamlNode).range![0]);
    const value = field.value as YamlNode | null;
    splices.push({
      start: at,
      end: nextLineStart(source, value?.range ? contentEnd(source, value) : (field.key as YamlNode).range![1]),
      text: '',
    });
  });
  const end = lineEndBeforeBreak(source, contentEnd(source, item));
  if (added.length > 0) splices.push({ start: end, end, text: added.join('') });
  return { splices, end };
}

/**
 * Signatory `index` taken out, as a splice of its lines and the window around it: the entries
 * on either side must still be two whole, separate entries.
 */
export function planRemoval(parsed: ParsedLetter, index: number): Edit {
  const { source } = parsed;
  const pair = signatoriesPair(parsed)!;
  const seq = seqOf(parsed)!;
  const item = seq.items[index];
  if (!item?.range) throw new Error(`no signatory ${index + 1}`);
  const rest = parsed.letter.signatories.filter((_, i) => i !== index);
  if (seq.flow) {
    const after = /^\s*,\s*/.exec(source.slice(item.range[1]));
    const before = /,\s*$/.exec(source.slice(0, item.range[0]));
    const splice = after
      ? { start: item.range[0], end: item.range[1] + after[0].length, text: '' }
      : { start: before ? item.range[0] - before[0].length : item.range[0], end: item.range[1], text: '' };
    return { splices: [splice], window: flowWindow(source, pair, seq, rest) };
  }
  const start = itemLineStart(source, item);
  const end = nextLineStart(source, contentEnd(source, item));
  const prev = seq.items[index - 1];
  const next = seq.items[index + 1];
  const signatories = parsed.letter.signatories;
  if (!prev && !next) {
    return { splices: [{ start, end, text: '' }], window: { from: lineStart(source, keyStartOf(pair)), to: end, kind: 'key', expect: [] } };
  }
  return {
    splices: [{ start, end, text: '' }],
    // The neighbours on either side must still be two whole, separate entries.
    window: {
      from: prev ? itemLineStart(source, prev) : start,
      to: next ? lineEndBeforeBreak(source, contentEnd(source, next)) : end,
      kind: 'items',
      expect: [...(prev ? [signatories[index - 1]!] : []), ...(next ? [signatories[index + 1]!] : [])],
    },
  };
}

/**
 * Apply a sign decision (or a removal) to the file's text as splices, leaving every other
 * byte as the user wrote it. The changed lines are re-read and must hold exactly the
 * intended signatories; otherwise nothing is written and the user is told to edit by hand.
 */
export function editSignatories(
  parsed: ParsedLetter,
  edit: SignDecision | { action: 'remove'; index: number } | { action: 'append-all'; signatories: readonly Signatory[] },
): string {
  if (edit.action === 'append-all' && edit.signatories.length === 0) return parsed.source;
  const plan =
    edit.action === 'append'
      ? planAppend(parsed, [edit.signatory])
      : edit.action === 'append-all'
        ? planAppend(parsed, edit.signatories)
        : edit.action === 'replace'
          ? planReplace(parsed, edit.index, edit.signatory)
          : planRemoval(parsed, edit.index);
  const text = applySplices(parsed.source, plan.splices);
  if (!checkEdits(parsed, text, [plan])) {
    throw new LettersError(
      'invalid-letter',
      'the signatories list is laid out in a way letters cannot edit safely',
      'nothing was changed; edit the signatories in the file by hand (see letters/example.yaml for the usual layout)',
      { location: parsed.locate('signatories') },
    );
  }
  return text;
}

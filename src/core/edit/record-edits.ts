// Records appended to a letter (`delivered:`, `notified:`, `reminded:`) as text splices: every other byte stays as written, and the new text is re-read and must hold exactly the records meant.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LettersError } from '../../errors.js';
import { LETTER_FIELDS } from '../letter/letter.js';
import { readLetterSource, type ParsedLetter } from '../read/parse-letter.js';
import { yamlScalar } from './letter-edits.js';
import { beforeLineBreaks, column, contentEnd, DOCUMENT_MARKER, lineEndBeforeBreak, withLineBreaksOf } from './source-lines.js';

export type RecordField = 'delivered' | 'notified' | 'reminded';

/** A record as the file writes it: keys in order, each a text or a list of texts. */
export type RecordEntry = [key: string, value: string | string[]][];

function pairOf(root: YAMLMap, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  return (root.items as Pair<YamlNode, YamlNode | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** One record as block lines under a list at `indent`. */
function blockEntry(entry: RecordEntry, indent: number): string {
  const pad = ' '.repeat(indent + 2);
  return entry
    .map(([key, value], i) => {
      const lead = i === 0 ? `${' '.repeat(indent)}- ` : pad;
      if (typeof value === 'string') return `${lead}${key}: ${yamlScalar(value)}`;
      if (value.length === 0) return `${lead}${key}: []`;
      return `${lead}${key}:\n${value.map((v) => `${pad}  - ${yamlScalar(v)}`).join('\n')}`;
    })
    .join('\n');
}

/** The records as the reader gives them back, for comparing what was written with what was meant. */
function asRead(entries: readonly RecordEntry[]): string {
  return JSON.stringify(entries.map((e) => Object.fromEntries(e)));
}

/**
 * Append records to `field` (creating it after the field before it in the format's order), as a
 * splice. The whole new text is read again and must hold every record it held before and these
 * after them; otherwise nothing is written and the user is told.
 */
export function appendRecords(parsed: ParsedLetter, field: RecordField, entries: readonly RecordEntry[]): string {
  if (entries.length === 0) return parsed.source;
  const refuse = (): never => {
    throw new LettersError(
      'invalid-letter',
      `the letter's ${field}: list is laid out in a way letters cannot add to safely`,
      `write it as a block list (one "- at: …" entry per record), then run the command again; the messages sent are in the journal`,
      { location: parsed.locate(field) },
    );
  };
  const root = parsed.doc.contents;
  if (!isMap(root) || root.flow) return refuse();
  const { source } = parsed;
  const pair = pairOf(root, field);
  let splice: { at: number; end: number; text: string };
  if (pair === undefined) {
    const before = LETTER_FIELDS.slice(0, LETTER_FIELDS.indexOf(field))
      .map((k) => pairOf(root, k))
      .filter((p): p is Pair<YamlNode, YamlNode | null> => p !== undefined)
      .at(-1);
    const block = `${field}:\n${entries.map((e) => blockEntry(e, 2)).join('\n')}`;
    if (before === undefined) {
      splice = { at: 0, end: 0, text: `${block}\n` };
    } else {
      const keyStart = (before.key as YamlNode).range![0];
      const value = before.value;
      const end =
        value && (isMap(value) || isSeq(value))
          ? contentEnd(source, value)
          : beforeLineBreaks(source, value?.range?.[1] ?? (before.key as YamlNode).range![1], keyStart);
      const at = lineEndBeforeBreak(source, end);
      // Before a document-end marker, never after it.
      if (DOCUMENT_MARKER.test(source.slice(keyStart, at).split('\n').slice(1).join('\n'))) return refuse();
      splice = { at, end: at, text: `\n${block}` };
    }
  } else {
    const value = pair.value;
    const keyStart = (pair.key as YamlNode).range![0];
    const keyCol = column(source, keyStart);
    if (value == null || (isScalar(value) && value.value == null) || (isSeq(value) && value.items.length === 0)) {
      // `delivered:`, `delivered: ~` or `delivered: []`: the value becomes a block list.
      const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
      const lineEnd = lineEndBeforeBreak(source, keyStart);
      const end = value?.range ? Math.min(Math.max(value.range[1], colon + 1), lineEnd) : colon + 1;
      splice = { at: colon + 1, end, text: `\n${entries.map((e) => blockEntry(e, keyCol + 2)).join('\n')}` };
    } else if (isSeq(value) && !value.flow) {
      const seq = value as YAMLSeq<YamlNode>;
      const last = seq.items[seq.items.length - 1]!;
      const indent = column(source, seq.range![0]);
      const at = lineEndBeforeBreak(source, contentEnd(source, last));
      splice = { at, end: at, text: `\n${entries.map((e) => blockEntry(e, indent)).join('\n')}` };
    } else {
      return refuse();
    }
  }
  const text = source.slice(0, splice.at) + withLineBreaksOf(source, splice.at, splice.text) + source.slice(splice.end);
  const reread = readLetterSource(text, parsed.file);
  if (reread.parsed === undefined || reread.problems.length > 0) return refuse();
  const doc = reread.parsed.doc.contents as YAMLMap;
  const list = pairOf(doc, field)?.value;
  if (!isSeq(list)) return refuse();
  const json = (list.toJSON() as unknown[]).slice(-entries.length);
  if (JSON.stringify(json) !== asRead(entries)) return refuse();
  // Nothing else of the letter changed: every field read the same as before.
  const before = { ...parsed.letter, [field]: undefined };
  const after = { ...reread.parsed.letter, [field]: undefined };
  if (JSON.stringify(before) !== JSON.stringify(after)) return refuse();
  return text;
}

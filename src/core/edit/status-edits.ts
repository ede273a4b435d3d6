//! Edits to a letter's top-level settings (`status:`, `deadline:`, `allow_repeats:`) as text splices: a value
//! replaced where it stands, or a new line placed after the field that comes before it in
//! the format's order. Every comment and every other byte stays; the result is re-read.
import { isMap, isScalar, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { LettersError } from '../../errors.js';
import { yamlScalar } from './letter-edits.js';
import { isIsoDate } from '../letter/values.js';
import { LETTER_FIELDS } from '../letter/letter.js';
import { parseLetter, readLetterSource, type ParsedLetter } from '../read/parse-letter.js';
import { beforeLineBreaks, column, lineEndBeforeBreak, withLineBreaksOf } from './source-lines.js';

type TopField = (typeof LETTER_FIELDS)[number];

/** A date stays plain (`deadline: 2026-03-15`), as letters writes dates, and so does a flag; other values are quoted when YAML needs it. */
const scalar = (value: string | boolean): string => (typeof value === 'boolean' || isIsoDate(value) ? String(value) : yamlScalar(value));

/** The Letter's name of a field where it is not the file's. */
const LETTER_KEY: Partial<Record<TopField, string>> = { allow_repeats: 'allowRepeats' };

function pairOf(root: YAMLMap, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  return (root.items as Pair<YamlNode, YamlNode | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** Set top-level scalar fields, in one pass; the new text is re-read and must hold exactly the new values. */
export function setTopLevel(parsed: ParsedLetter, values: Partial<Record<TopField, string | boolean>>): string {
  const root = parsed.doc.contents;
  const refuse = (): never => {
    throw new LettersError(
      'invalid-letter',
      'the letter file is laid out in a way letters cannot edit safely',
      `nothing was changed; set ${Object.keys(values).join(' and ')} in the file by hand`,
      { location: { file: parsed.file, line: 1, col: 1 } },
    );
  };
  if (!isMap(root) || root.flow) return refuse();
  const { source } = parsed;
  const splices: { at: number; end: number; text: string }[] = [];
  for (const [key, value] of Object.entries(values) as [TopField, string | boolean][]) {
    const pair = pairOf(root, key);
    const node = pair?.value;
    if (pair && node?.range && !(isScalar(node) && node.value == null)) {
      splices.push({ at: node.range[0], end: node.range[1], text: scalar(value) });
    } else if (pair) {
      const colon = source.indexOf(':', (pair.key as YamlNode).range![1]);
      splices.push({ at: colon + 1, end: node?.range ? Math.max(colon + 1, node.range[1]) : colon + 1, text: ` ${scalar(value)}` });
    } else {
      // After the nearest field that comes before it in the format's order (deadline after status).
      const before = LETTER_FIELDS.slice(0, LETTER_FIELDS.indexOf(key))
        .map((k) => pairOf(root, k))
        .filter((p): p is Pair<YamlNode, YamlNode | null> => p !== undefined)
        .at(-1);
      if (before === undefined) {
        splices.push({ at: 0, end: 0, text: `${key}: ${scalar(value)}\n` });
        continue;
      }
      const keyStart = (before.key as YamlNode).range![0];
      const indent = ' '.repeat(column(source, keyStart));
      // The end of the earlier field's content: a block scalar or a mapping ends past its last line break.
      const end = beforeLineBreaks(source, before.value?.range?.[1] ?? (before.key as YamlNode).range![1], keyStart);
      const at = lineEndBeforeBreak(source, end);
      splices.push({ at, end: at, text: `\n${indent}${key}: ${scalar(value)}` });
    }
  }
  let text = source;
  // From the end backwards; inserts at one point keep the order they were planned in, and take
  // the line break of the line they join.
  const ordered = splices.map((s, i) => ({ ...s, i })).sort((a, b) => b.at - a.at || b.i - a.i);
  for (const s of ordered) text = text.slice(0, s.at) + withLineBreaksOf(source, s.at, s.text) + text.slice(s.end);
  const reread = readLetterSource(text, parsed.file);
  if (reread.parsed === undefined || reread.problems.length > 0) return refuse();
  const check = reread.parsed.letter as unknown as Record<string, unknown>;
  const before = parsed.letter as unknown as Record<string, unknown>;
  const wanted = new Map(Object.entries(values).map(([k, v]) => [LETTER_KEY[k as TopField] ?? k, v]));
  for (const key of Object.keys({ ...before, ...check })) {
    const want = wanted.has(key) ? wanted.get(key) : before[key];
    if (JSON.stringify(check[key]) !== JSON.stringify(want)) return refuse();
  }
  return text;
}

/**
 * The letter with `allow_repeats: true`, written in when it is not there yet: what --allow-repeat
 * on `sign` and `import` does before adding a repeat, so the file says it keeps repeats on purpose.
 */
export function allowingRepeats(parsed: ParsedLetter): ParsedLetter {
  if (parsed.letter.allowRepeats === true) return parsed;
  return parseLetter(setTopLevel(parsed, { allow_repeats: true }), parsed.file);
}

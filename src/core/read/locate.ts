// Where something was written in a letter file: a field by its dotted path, a place inside a text value.
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../../errors.js';
import type { TextPlace } from '../text/place.js';
import type { OffsetLocator } from './yaml.js';

/** Where a field sits, by dotted path; `within` points inside a text field (see ParsedLetter.locate). */
export type PathLocator = (path: string, within?: TextPlace) => SourceLocation;

/** Where a dotted path points in a letter's YAML. */
interface Place {
  /** Where the deepest part of the path that is in the file starts; undefined when not even its first part is. */
  offset?: number;
  /** True when the whole path is in the file. */
  exact: boolean;
  /** The value of a field the path ends at (not a list entry), to point inside its text. */
  field?: YamlNode;
}

/**
 * How a letter read from `root` places a dotted path: at the field, inside its text when asked,
 * or at its nearest parent that is in the file.
 */
export function pathLocator(root: YAMLMap, source: string, at: OffsetLocator, file: string): PathLocator {
  return (path, within) => {
    const place = placeOf(root, path);
    if (within && place.exact && place.field?.range) return locateWithin(place.field, within, source, at);
    return place.offset === undefined ? { file, line: 1, col: 1 } : at(place.offset);
  };
}

/** True when the whole dotted path is written in the file (not only a parent of it). */
export function isWritten(root: YAMLMap, path: string): boolean {
  return placeOf(root, path).exact;
}

/**
 * Where a field sits, by dotted path (`signatories.3.name`, `recipients.0.address.1`), found
 * in the YAML document when asked: a letter is read without a table of every field's place,
 * which for 10,000 signatories held 50,000 paths and took half the time of reading their
 * fields. A field points at
 * its value (at its key when it has none); a list entry at its start; a path not in the file
 * at its nearest parent that is.
 */
function placeOf(root: YAMLMap, path: string): Place {
  const steps = recipientSteps(root, path.split('.'));
  const place: Place = { exact: false };
  let node: unknown = root;
  for (const step of steps) {
    delete place.field;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
      if (!pair) return place;
      const value = pair.value as YamlNode | null;
      place.offset = value?.range?.[0] ?? (pair.key as YamlNode).range?.[0] ?? 0;
      if (value) place.field = value;
      node = value;
    } else if (isSeq(node) && /^\d+$/.test(step) && Number(step) < node.items.length) {
      const item = node.items[Number(step)] as YamlNode | null;
      place.offset = item?.range?.[0] ?? 0;
      node = item;
    } else {
      return place;
    }
  }
  place.exact = true;
  return place;
}

/**
 * One addressee is `recipients.0` to the rest of letters, and `recipient`, wherever the file
 * wrote it: `recipient:` or a `recipients:` list of one.
 */
function recipientSteps(root: YAMLMap, steps: string[]): string[] {
  const has = (key: string): boolean => root.items.some((p) => isScalar(p.key) && p.key.value === key);
  if (steps[0] === 'recipients' && steps[1] === '0' && !has('recipients') && has('recipient')) return ['recipient', ...steps.slice(2)];
  if (steps[0] === 'recipient' && steps.length > 1 && !has('recipient')) {
    const many = root.items.find((p) => isScalar(p.key) && p.key.value === 'recipients')?.value;
    if (isSeq(many) && many.items.length === 1) return ['recipients', '0', ...steps.slice(1)];
  }
  return steps;
}

/**
 * Where a place inside a text value was written. In a literal block (`|`, how Markdown fields
 * are usually written) each line of the value is a line of the file, so the place is exact;
 * in other styles the line is found by its first word, and failing that, the value's start.
 */
export function locateWithin(node: YamlNode, place: TextPlace, source: string, at: OffsetLocator): SourceLocation {
  const [start, end] = node.range!;
  const value = isScalar(node) && typeof node.value === 'string' ? node.value : '';
  const valueLines = value.split('\n');
  const lineText = valueLines[place.line] ?? '';
  let from = start;
  let limit = end;
  if (isScalar(node) && node.type === 'BLOCK_LITERAL') {
    let next = source.indexOf('\n', start) + 1; // past the `|` header line
    for (let k = 0; k < place.line && next > 0; k++) next = source.indexOf('\n', next) + 1;
    if (next > 0 && next < end) {
      const lineEnd = source.indexOf('\n', next);
      limit = lineEnd === -1 ? source.length : lineEnd;
      const text = source.slice(next, limit).replace(/\r$/, '');
      // Past the block's indentation and the line's own (a nested Markdown list item).
      from = next + Math.max(0, text.length - lineText.length) + /^[ \t]*/.exec(lineText)![0].length;
    }
  } else {
    for (let k = 1; k <= place.line; k++) {
      const word = valueLines[k]?.trim().split(/\s/)[0];
      const i = word ? source.indexOf(word, from + 1) : -1;
      if (i !== -1 && i < end) from = i;
    }
  }
  if (place.text) {
    const i = source.indexOf(place.text, from);
    if (i !== -1 && i < limit) return at(i);
  }
  return at(from);
}

// Reading `letterhead:`, in a letter file or the project's settings file: an image, lines of text, both, or false for none.
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Letterhead } from '../letter/pictures.js';
import type { Reader } from './reader.js';

/** The fields of a `letterhead:` written as a mapping. */
export const LETTERHEAD_FIELDS = ['image', 'alt', 'lines'] as const;

/**
 * `letterhead:` as written: a picture's path (`images/head.png`), a list of lines of text, a
 * mapping of `image:`, `alt:` and `lines:`, or `false` (this letter has none, whatever the
 * project's default). Undefined when absent or when it cannot be read (the problem is reported).
 */
export function readLetterhead(r: Reader, node: YamlNode | null | undefined, parent: YamlNode): Letterhead | false | undefined {
  if (node == null || (isScalar(node) && node.value == null)) return undefined;
  if (isScalar(node) && typeof node.value === 'boolean') {
    if (!node.value) return false;
    r.fail(node, '"letterhead" cannot be true', "write the letterhead's image or lines here, or false for none");
    return undefined;
  }
  if (isScalar(node)) {
    const image = r.picture(node, 'letterhead', parent);
    return image === undefined ? undefined : { image, lines: [] };
  }
  if (isSeq(node)) {
    const lines = readLines(r, node, parent);
    return lines.length === 0 ? undefined : { lines };
  }
  if (!isMap(node)) {
    r.fail(node, '"letterhead" must be a picture, lines of text, or both', 'write letterhead: images/head.png, or a list of lines');
    return undefined;
  }
  const f = r.fields(node, LETTERHEAD_FIELDS, 'letterhead');
  const head: Letterhead = { lines: readLines(r, f.get('lines'), node) };
  const image = r.picture(f.get('image'), 'letterhead.image', node);
  if (image !== undefined) head.image = image;
  const alt = r.text(f.get('alt'), 'letterhead.alt', node);
  if (alt !== undefined) {
    if (f.get('image') == null)
      r.fail(f.get('alt'), '"letterhead.alt" describes an image, and the letterhead has none', 'add image: …, or remove alt:');
    head.alt = alt;
  }
  if (head.image === undefined && head.lines.length === 0) {
    r.fail(node, '"letterhead" has neither an image nor lines', 'add image: images/head.png or lines: [Organization, Address]');
    return undefined;
  }
  return head;
}

/** One line of text, or a list of them. */
function readLines(r: Reader, node: YamlNode | null | undefined, parent: YamlNode): string[] {
  if (node == null) return [];
  if (isScalar(node) && typeof node.value === 'string') return [r.text(node, 'letterhead.lines', parent) ?? ''].filter(Boolean);
  return r
    .list(node, 'letterhead.lines')
    .map((line, i) => r.text(line, `letterhead line ${i + 1}`, parent))
    .filter((line): line is string => line !== undefined);
}

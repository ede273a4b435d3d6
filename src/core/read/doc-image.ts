// A letter's YAML document as plain data (typed arrays and lists, no classes), to keep beside a stored read and make the same document again without parsing.
import { parseDocument, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * A document's nodes in pre-order: one kind per node, three range numbers per node that has
 * a range, scalars' values and sources in order, a collection's item count, and the few
 * other fields (comments, tags, styles) by node number. Made only of what structured cloning
 * keeps, and decoded without parsing.
 */
export interface DocImage {
  kinds: Uint8Array;
  ranges: Int32Array;
  /** Per scalar: its value, then its source when that is not the same string. */
  scalars: unknown[];
  /** Per scalar: its style (Scalar.type), as an index into STYLES, plus OWN_SOURCE when its source follows its value. */
  styles: Uint8Array;
  /** Per collection: how many items. */
  counts: Int32Array;
  /** Fields beyond those, by node number: rare (a comment, a tag, a flow list). */
  extras: [number, Record<string, unknown>][];
  /** The document's own fields. */
  document: Record<string, unknown>;
}

const NONE = 0;
const SCALAR = 1;
const PAIR = 2;
const MAP = 3;
const SEQ = 4;

/** A scalar whose source is not its value (a number, a boolean, an escape), so both are kept. */
const OWN_SOURCE = 0x80;

const STYLES = [undefined, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;

/** The fields each kind may carry beyond kind, range, items, value and source: anything else and no image is made. */
const SCALAR_EXTRAS = new Set(['comment', 'commentBefore', 'spaceBefore', 'tag', 'anchor', 'format', 'minFractionDigits']);
const COLLECTION_EXTRAS = new Set(['comment', 'commentBefore', 'spaceBefore', 'tag', 'anchor', 'flow']);
const DOCUMENT_FIELDS = ['comment', 'commentBefore', 'range'] as const;

/**
 * The image of a document the reader accepted, or undefined when it holds something the image
 * does not carry (an alias, a field this code does not know): that document is parsed again
 * when it is needed, never made up.
 */
export function docImage(doc: Document.Parsed): DocImage | undefined {
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const kinds: number[] = [];
  const ranges: number[] = [];
  const scalars: unknown[] = [];
  const styles: number[] = [];
  const counts: number[] = [];
  const extras: [number, Record<string, unknown>][] = [];
  const extra = (node: object, allowed: Set<string>, own: Set<string>): boolean => {
    let found: Record<string, unknown> | undefined;
    for (const key of Object.keys(node)) {
      if (own.has(key)) continue;
      if (!allowed.has(key)) return false;
      const value = (node as Record<string, unknown>)[key];
      if (value === undefined) continue;
      found ??= {};
      found[key] = value;
    }
    if (found) extras.push([kinds.length - 1, found]);
    return true;
  };
  const range = (r: unknown): boolean => {
    if (!Array.isArray(r) || r.length !== 3) return false;
    ranges.push(r[0] as number, r[1] as number, r[2] as number);
    return true;
  };
  const walk = (node: unknown): boolean => {
    if (node === null || node === undefined) {
      if (node === undefined) return false;
      kinds.push(NONE);
      return true;
    }
    if (isScalar(node)) {
      kinds.push(SCALAR);
      const style = STYLES.indexOf(node.type as (typeof STYLES)[number]);
      if (style < 0 || typeof node.source !== 'string') return false;
      if (node.value === node.source) {
        scalars.push(node.value);
        styles.push(style);
      } else {
        scalars.push(node.value, node.source);
        styles.push(style | OWN_SOURCE);
      }
      return range(node.range) && extra(node, SCALAR_EXTRAS, SCALAR_OWN);
    }
    if (isPair(node)) {
      kinds.push(PAIR);
      if (Object.keys(node).some((k) => k !== 'key' && k !== 'value')) return false;
      return walk(node.key) && walk(node.value);
    }
    if (isMap(node) || isSeq(node)) {
      kinds.push(isMap(node) ? MAP : SEQ);
      counts.push(node.items.length);
      if (!range(node.range) || !extra(node, COLLECTION_EXTRAS, COLLECTION_OWN)) return false;
      for (const item of node.items) if (!walk(item)) return false;
      return true;
    }
    return false; // an alias, or a node this code does not know
  };
  if (!walk(doc.contents)) return undefined;
  const document: Record<string, unknown> = {};
  for (const key of DOCUMENT_FIELDS) document[key] = doc[key];
  const { docStart, docEnd, yaml, tags } = doc.directives;
  document['directives'] = { docStart, docEnd, yaml: { ...yaml }, tags: { ...tags } };
  return {
    kinds: Uint8Array.from(kinds),
    ranges: Int32Array.from(ranges),
    scalars,
    styles: Uint8Array.from(styles),
    counts: Int32Array.from(counts),
    extras,
    document,
  };
}

const SCALAR_OWN = new Set(['value', 'source', 'type', 'range']);
const COLLECTION_OWN = new Set(['items', 'range']);

/**
 * The document an image was made of: the same nodes (classes, fields, ranges) as parsing the
 * same text with the same options gives. `shellOptions` are the options the text was parsed with.
 */
export function docFromImage(image: DocImage, shellOptions: Parameters<typeof parseDocument>[1]): Document.Parsed {
  const doc = parseDocument('', shellOptions) as Document.Parsed;
  const { kinds, ranges, scalars, styles, counts } = image;
  const extras = new Map(image.extras);
  let at = 0;
  let rangeAt = 0;
  let scalarAt = 0;
  let valueAt = 0;
  let countAt = 0;
  const range = (): [number, number, number] => {
    const r: [number, number, number] = [ranges[rangeAt]!, ranges[rangeAt + 1]!, ranges[rangeAt + 2]!];
    rangeAt += 3;
    return r;
  };
  const build = (): unknown => {
    const index = at++;
    const kind = kinds[index];
    let node: Scalar | Pair | YAMLMap | YAMLSeq | null;
    if (kind === NONE) return null;
    if (kind === SCALAR) {
      const code = styles[scalarAt++]!;
      const value = scalars[valueAt++];
      const scalar = new Scalar(value);
      scalar.range = range();
      scalar.source = (code & OWN_SOURCE ? scalars[valueAt++] : value) as string;
      const style = STYLES[code & ~OWN_SOURCE];
      if (style !== undefined) scalar.type = style;
      node = scalar;
    } else if (kind === PAIR) {
      const key = build();
      return new Pair(key, build());
    } else {
      const collection = kind === MAP ? new YAMLMap(doc.schema) : new YAMLSeq(doc.schema);
      const count = counts[countAt++]!;
      collection.range = range();
      const more = extras.get(index);
      if (more) Object.assign(collection, more);
      for (let i = 0; i < count; i++) (collection.items as unknown[]).push(build());
      return collection;
    }
    const more = extras.get(index);
    if (more) Object.assign(node, more);
    return node;
  };
  doc.contents = build() as Document.Parsed['contents'];
  if (at !== kinds.length || scalarAt !== styles.length || valueAt !== scalars.length)
    throw new Error('a document image that does not decode whole');
  const { directives, ...fields } = image.document as { directives: Record<string, unknown> } & Record<string, unknown>;
  Object.assign(doc, fields);
  Object.assign(doc.directives, directives);
  return doc;
}

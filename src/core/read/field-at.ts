// Which field of a letter file a place is in (`signatories.3.name`), for diagnostics that name the field as well as the line.
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';

/** The offset of a 1-based line and column in `source` (columns as the YAML reader counts them, after a byte-order mark). */
function offsetOf(source: string, line: number, col: number): number {
  let offset = source.startsWith('\uFEFF') ? 1 : 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return source.length;
    offset = next + 1;
  }
  return offset + col - 1;
}

const within = (node: YamlNode | null | undefined, offset: number): boolean => {
  const range = node?.range;
  return range != null && offset >= range[0] && offset < Math.max(range[2], range[0] + 1);
};

/**
 * The dotted path of the deepest field or list entry holding line:col in the document, as the
 * letter's problems name fields (`recipient.name`, `signatories.3.organization`); undefined
 * for a place outside every field (a comment between fields, the top of the file). A place at
 * the start of a mapping is the mapping's (a missing field is reported there), unless
 * `mentions` says the problem is about the first key written there ("unknown field "nme"").
 */
export function fieldAt(
  doc: Document.Parsed,
  source: string,
  line: number,
  col: number,
  mentions: (key: string) => boolean = () => false,
): string | undefined {
  const offset = offsetOf(source, line, col);
  const path: string[] = [];
  let node = doc.contents as YamlNode | null;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key as YamlNode, offset) || within(p.value as YamlNode, offset));
      if (!pair || !isScalar(pair.key)) break;
      if (path.length > 0 && node.range?.[0] === offset && !mentions(String(pair.key.value))) break;
      path.push(String(pair.key.value));
      if (within(pair.key as YamlNode, offset)) break;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item as YamlNode, offset));
      if (index < 0) break;
      path.push(String(index));
      node = node.items[index] as YamlNode | null;
    } else {
      break;
    }
  }
  return path.length > 0 ? path.join('.') : undefined;
}

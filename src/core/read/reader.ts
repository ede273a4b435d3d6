// Reading a letter file, the typed reads: text, choices, dates, flags, lists and mappings over YAML nodes, each fault a located problem.
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Problem, SourceLocation } from '../../errors.js';
import type { SignatoryField } from '../letter/fields.js';
import { picturePathFault } from '../letter/pictures.js';
import { isIsoDate, literalOf, nearest } from '../letter/values.js';
import { describeInvisible, findBadCharacter, hasNothingVisible, trimAscii } from '../text/characters.js';
import { locateWithin } from './locate.js';
import type { OffsetLocator } from './yaml.js';

/**
 * Typed reads over the YAML nodes of one letter file. Each read returns the value, or
 * undefined after adding a located problem: the reader goes on, so every problem in the file
 * is reported at once.
 */
export class Reader {
  readonly problems: Problem[] = [];

  constructor(
    /** Where an offset into the file sits. */
    readonly at: OffsetLocator,
    readonly source: string,
  ) {}

  /** Adds a problem, located at `node` unless a location is given. */
  fail(node: YamlNode | null | undefined, message: string, hint: string, location?: SourceLocation): void {
    this.problems.push({ message, hint, location: location ?? this.at(node?.range?.[0]) });
  }

  /** Reports an alias and returns true; aliases are refused, so they are never expanded. */
  private refusedAlias(node: YamlNode | null | undefined, field: string, what: string): boolean {
    if (!isAlias(node)) return false;
    this.fail(
      node,
      `"${field}" uses a YAML alias (*${node.source})`,
      `write ${what} out in full; aliases are not supported in letter files`,
    );
    return true;
  }

  /** A key that is not text: missing, a list or mapping, or a word YAML reads as a number, boolean or null. */
  private badKey(keyNode: YamlNode | null, value: YamlNode | null, allowed: readonly string[], where: string): void {
    if (keyNode == null || (isScalar(keyNode) && keyNode.value == null && !keyNode.source)) {
      this.fail(
        keyNode ?? value,
        `${where} has a value with no field name before its colon`,
        `write the field's name before the colon, like ${allowed[0]}:`,
      );
      return;
    }
    if (!isScalar(keyNode)) {
      const what = isSeq(keyNode) ? 'a list' : isMap(keyNode) ? 'a mapping' : 'an alias';
      this.fail(keyNode, `${where} has a key that is ${what}, not a field name`, `write keys as plain words, like ${allowed[0]}:`);
      return;
    }
    const written = String(keyNode.source ?? keyNode.value);
    const guess = nearest(written, allowed);
    const type = keyNode.value === null ? 'null (no value)' : `a ${typeof keyNode.value}`;
    this.fail(
      keyNode,
      `${where} has the key ${written}, which YAML reads as ${type}, not a field name`,
      guess ? `did you mean "${guess}"?` : `valid fields are: ${allowed.join(', ')}`,
    );
  }

  /** A mapping's fields, reporting unknown and malformed keys; returns key → value node. */
  fields(map: YAMLMap, allowed: readonly string[], where: string): Map<string, YamlNode | null> {
    const out = new Map<string, YamlNode | null>();
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode | null;
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.badKey(keyNode, pair.value as YamlNode | null, allowed, where);
        continue;
      }
      const key = keyNode.value;
      if (!allowed.includes(key)) {
        const guess = nearest(key, allowed);
        // `pending: true` on a signatory: the queue is a list of its own, so nothing pending can be printed.
        const pendingHint = key === 'pending' && where.startsWith('signatory ');
        this.fail(
          keyNode,
          `unknown field "${key}" in ${where}`,
          pendingHint
            ? 'an entry waiting for review goes under pending: (a list of its own, as `letters import --pending` writes it); move it there, or delete this line'
            : guess
              ? `did you mean "${guess}"?`
              : `valid fields are: ${allowed.join(', ')}`,
        );
        continue;
      }
      out.set(key, pair.value as YamlNode | null);
    }
    return out;
  }

  /** Text, or undefined when absent or empty (null). Reports wrong types. */
  text(
    node: YamlNode | null | undefined,
    field: string,
    parent: YamlNode,
    options: { required?: boolean; multiline?: boolean } = {},
  ): string | undefined {
    if (node == null || (isScalar(node) && node.value == null)) {
      if (options.required) this.fail(node ?? parent, `missing required field "${field}"`, `add ${field}: …`);
      return undefined;
    }
    if (this.refusedAlias(node, field, 'the text')) return undefined;
    if (!isScalar(node)) {
      this.fail(node, `"${field}" must be text, not a ${isSeq(node) ? 'list' : 'mapping'}`, `write ${field}: followed by the text`);
      return undefined;
    }
    if (typeof node.value !== 'string') {
      // A number or boolean here would silently change what is printed ("0123" → 123).
      this.fail(
        node,
        `"${field}" must be text, but YAML reads ${String(node.value)} as a ${typeof node.value}`,
        `put it in quotes: ${field}: "${String(node.source ?? node.value)}"`,
      );
      return undefined;
    }
    const value = node.value;
    // The same rules `letters sign` applies to what is typed on the command line (core/text/characters.ts).
    const bad = findBadCharacter(value);
    if (bad) {
      const line = value.slice(0, bad.index).split('\n').length - 1;
      this.fail(node, `"${field}" contains ${bad.what}`, bad.hint, locateWithin(node, { line, text: bad.char }, this.source, this.at));
      return undefined;
    }
    // Only ASCII white space is trimmed: a no-break space is kept as typed, as `sign` keeps it.
    const trimmed = trimAscii(value);
    if (trimmed === '') {
      if (options.required) this.fail(node, `"${field}" is empty`, `write the ${field}`);
      return undefined;
    }
    if (!options.multiline && /[\r\n]/.test(trimmed)) {
      this.fail(node, `"${field}" must be a single line`, 'remove the line breaks');
      return undefined;
    }
    if (hasNothingVisible(trimmed)) {
      // It would print as a blank (a blank signature block, an empty title) and still count.
      this.fail(
        node,
        `"${field}" has no visible characters (only ${describeInvisible(trimmed)})`,
        options.required ? `write the ${field}` : `write the ${field}, or remove the field`,
      );
      return undefined;
    }
    return options.multiline ? value : trimmed;
  }

  /** One of `values`, with the nearest offered for a typo. */
  choice<T extends string>(node: YamlNode | null | undefined, field: string, parent: YamlNode, values: readonly T[]): T | undefined {
    const value = this.text(node, field, parent);
    if (value === undefined) return undefined;
    // The literal, not the string read: see literalOf.
    const chosen = literalOf(values, value);
    if (chosen === undefined) {
      const guess = nearest(value, values);
      this.fail(node, `"${field}" cannot be "${value}"`, `use one of ${values.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`);
      return undefined;
    }
    return chosen;
  }

  /** A real calendar date written as YYYY-MM-DD. */
  date(node: YamlNode | null | undefined, field: string, parent: YamlNode): string | undefined {
    const value = this.text(node, field, parent);
    if (value !== undefined && !isIsoDate(value)) {
      this.fail(node, `"${field}" is not a valid date: ${value}`, 'write it as YYYY-MM-DD, for example 2026-03-02');
      return undefined;
    }
    return value;
  }

  /** true or false, written as YAML booleans. */
  flag(node: YamlNode | null | undefined, field: string): boolean | undefined {
    if (node == null || (isScalar(node) && node.value == null)) return undefined;
    if (this.refusedAlias(node, field, 'the value')) return undefined;
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.fail(node, `"${field}" must be true or false`, `write ${field}: true (or remove the line)`);
      return undefined;
    }
    return node.value;
  }

  /** A whole number from `least` to `most`, written as a YAML number. */
  whole(node: YamlNode | null | undefined, field: string, least: number, most: number): number | undefined {
    if (node == null || (isScalar(node) && node.value == null)) return undefined;
    if (this.refusedAlias(node, field, 'the value')) return undefined;
    // "3" in quotes is the number it spells.
    const raw = isScalar(node) ? node.value : undefined;
    const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < least || value > most) {
      const written = isScalar(node) ? String(node.source ?? node.value) : isSeq(node) ? 'a list' : 'a mapping';
      this.fail(
        node,
        `"${field}" must be a whole number from ${least} to ${most}, not ${written}`,
        `write ${field}: ${least} … ${most} (or remove the line)`,
      );
      return undefined;
    }
    return value;
  }

  /** A short fingerprint: hex digits, which YAML may have read as a number ("12345678"). */
  hash(node: YamlNode | null | undefined, field: string): string | undefined {
    if (node == null || (isScalar(node) && node.value == null)) return undefined;
    if (this.refusedAlias(node, field, 'the value')) return undefined;
    const written = isScalar(node) ? String(typeof node.value === 'string' ? node.value : (node.source ?? node.value)).trim() : '';
    if (!/^[0-9a-f]{6,64}$/.test(written)) {
      this.fail(node, `"${field}" is not a text fingerprint`, `it is 6 to 64 hex digits written by letters; remove the line if unsure`);
      return undefined;
    }
    return written;
  }

  /** A signatory field, read as its row in the field table says. */
  signatoryField(row: SignatoryField, node: YamlNode | null | undefined, map: YAMLMap): string | boolean | undefined {
    switch (row.kind) {
      case 'text':
        return this.text(node, row.name, map, { multiline: row.multiline === true });
      case 'date':
        return this.date(node, row.name, map);
      case 'flag':
        return this.flag(node, row.name);
      case 'hash':
        return this.hash(node, row.name);
      case 'picture':
        return this.picture(node, row.name, map);
    }
  }

  /** A picture's path under the repository (core/letter/pictures.ts): whether the file is there is read later. */
  picture(node: YamlNode | null | undefined, field: string, parent: YamlNode): string | undefined {
    const value = this.text(node, field, parent);
    if (value === undefined) return undefined;
    const fault = picturePathFault(value, `"${field}"`);
    if (fault) {
      this.fail(node, fault.message, fault.hint);
      return undefined;
    }
    return value;
  }

  /** Like text, but an empty value ("") is kept as "", meaning "none"; absent is undefined. */
  textOrNone(node: YamlNode | null | undefined, field: string, parent: YamlNode): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() === '') return '';
    return this.text(node, field, parent);
  }

  /** A mapping of fields (aliases refused). */
  map(node: YamlNode | null | undefined, field: string): YAMLMap | undefined {
    if (this.refusedAlias(node, field, 'it')) return undefined;
    if (!isMap(node)) {
      this.fail(node, `"${field}" must be a mapping of fields`, `indent its fields under ${field}:`);
      return undefined;
    }
    return node;
  }

  /** Each entry of a list of mappings (issues, signatories), with its known fields. */
  entries(
    node: YamlNode | null | undefined,
    field: string,
    label: string,
    allowed: readonly string[],
    visit: (fields: Map<string, YamlNode | null>, map: YAMLMap, index: number) => void,
  ): void {
    this.list(node, field).forEach((item, i) => {
      const map = this.map(item, `${field}[${i + 1}]`);
      if (map) visit(this.fields(map, allowed, `${label} ${i + 1}`), map, i);
    });
  }

  /** A list, or [] when absent. */
  list(node: YamlNode | null | undefined, field: string): YamlNode[] {
    if (node == null || (isScalar(node) && node.value == null)) return [];
    if (this.refusedAlias(node, field, 'it')) return [];
    if (!isSeq(node)) {
      this.fail(node, `"${field}" must be a list`, `write each entry on its own line starting with "- "`);
      return [];
    }
    return node.items as YamlNode[];
  }
}

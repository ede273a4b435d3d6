// Reading a letter file: YAML hygiene, a typed reader over YAML nodes, every field, and where a path sits.
import { closest, distance } from 'fastest-levenshtein';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import { InvalidLetterError, type Problem, type SourceLocation } from '../../errors.js';
import { SIGNATORY_FIELDS, SIGNATORY_FIELD_NAMES, WITHDRAWAL_FIELDS, type SignatoryField } from '../letter/fields.js';
import { identity } from '../letter/identity.js';
import {
  DEFAULT_TEMPLATE,
  ORDERS,
  PAPERS,
  SIGNATORY_LAYOUTS,
  STATUSES,
  type Issue,
  type Letter,
  type Recipient,
  type Signatory,
  type Withdrawal,
} from '../letter/letter.js';
import { shapeProblems } from '../letter/rules.js';
import { describeInvisible, findBadCharacter, hasNothingVisible, trimAscii } from '../text/characters.js';
import type { TextPlace } from '../text/place.js';

/** The one place that knows the letter format: every field, its type, its default. */
export const LETTER_FIELDS = [
  'title',
  'subtitle',
  'date',
  'place',
  'lang',
  'status',
  'deadline',
  'template',
  'paper',
  'recipient',
  'recipients',
  'cc',
  'subject',
  'salutation',
  'intro',
  'issues',
  'closing',
  'signoff',
  'groups',
  'signatory_layout',
  'order',
  'individuals_note',
  'signatories',
  'withdrawn',
] as const;
export const RECIPIENT_FIELDS = ['name', 'title', 'organization', 'address'] as const;
export const ISSUE_FIELDS = ['title', 'body'] as const;

/** Fields whose text is Markdown and may run over several lines. */
const MARKDOWN_FIELDS = new Set(['intro', 'closing', 'body']);

/** A parsed, valid letter file: the typed letter plus what is needed to edit and to point into it. */
export interface ParsedLetter {
  file: string;
  source: string;
  doc: Document.Parsed;
  letter: Letter;
  /** Things worth saying that do not stop the letter (severity "warning"), each located. */
  warnings: Problem[];
  /**
   * Where a field sits, by dotted path (`signatories.3.name`); falls back to the nearest parent.
   * `within` points inside a text field: a line of its value (0-based) and, on it, some text.
   */
  locate(path: string, within?: TextPlace): SourceLocation;
}

export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isValidLang(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Suggest the closest of `candidates` when it is plausibly a typo of `word`. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word.toLowerCase(), [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(word.toLowerCase(), best) <= limit ? best : undefined;
}

/** Parse with the limits that keep hostile input from hanging or crashing the process. */
export function parseYaml(source: string): { doc: Document.Parsed; lines: LineCounter } | { error: string } {
  const lines = new LineCounter();
  try {
    const doc = parseDocument(source, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      // A YAML 1.1 tag (!!binary, !!timestamp) stays a tag the reader refuses, the same way
      // whichever build of the yaml package runs (the bundle's decodes base64 differently).
      resolveKnownTags: false,
    });
    return { doc, lines };
  } catch (err) {
    // The yaml package throws plain errors (RangeError: stack size) for pathological nesting.
    // Aliases are never expanded here (the reader refuses them), so an alias bomb costs nothing.
    const what = err instanceof RangeError ? 'it is nested too deeply' : 'the YAML reader failed';
    return { error: what };
  }
}

class Reader {
  readonly problems: Problem[] = [];

  constructor(
    readonly file: string,
    readonly lines: LineCounter,
    readonly source: string,
    /** The text starts with a byte-order mark, which is no column in any editor. */
    readonly bom: boolean,
  ) {}

  at(offset: number | undefined): SourceLocation {
    const pos = this.lines.linePos(offset ?? 0);
    const col = this.bom && pos.line === 1 && pos.col > 1 ? pos.col - 1 : pos.col;
    return { file: this.file, line: pos.line, col };
  }

  fail(node: YamlNode | null | undefined, message: string, hint: string, location?: SourceLocation): void {
    this.problems.push({ message, hint, location: location ?? this.at(node?.range?.[0]) });
  }

  /**
   * Where a place inside a text value was written. In a literal block (`|`, how Markdown fields
   * are usually written) each line of the value is a line of the file, so the place is exact;
   * in other styles the line is found by its first word, and failing that, the value's start.
   */
  within(node: YamlNode, place: TextPlace): SourceLocation {
    const { source } = this;
    const [start, end] = node.range!;
    const value = isScalar(node) && typeof node.value === 'string' ? node.value : '';
    const valueLines = value.split('\n');
    const lineText = valueLines[place.line] ?? '';
    let from = start;
    let limit = end;
    if (isScalar(node) && node.type === 'BLOCK_LITERAL') {
      let at = source.indexOf('\n', start) + 1; // past the `|` header line
      for (let k = 0; k < place.line && at > 0; k++) at = source.indexOf('\n', at) + 1;
      if (at > 0 && at < end) {
        const lineEnd = source.indexOf('\n', at);
        limit = lineEnd === -1 ? source.length : lineEnd;
        const text = source.slice(at, limit).replace(/\r$/, '');
        // Past the block's indentation and the line's own (a nested Markdown list item).
        from = at + Math.max(0, text.length - lineText.length) + /^[ \t]*/.exec(lineText)![0].length;
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
      if (i !== -1 && i < limit) return this.at(i);
    }
    return this.at(from);
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
        this.fail(
          keyNode,
          `unknown field "${key}" in ${where}`,
          guess ? `did you mean "${guess}"?` : `valid fields are: ${allowed.join(', ')}`,
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
    // The same rules `letters sign` applies to what is typed on the command line (core/text.ts).
    const bad = findBadCharacter(value);
    if (bad) {
      const line = value.slice(0, bad.index).split('\n').length - 1;
      this.fail(node, `"${field}" contains ${bad.what}`, bad.hint, this.within(node, { line, text: bad.char }));
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

  choice<T extends string>(node: YamlNode | null | undefined, field: string, parent: YamlNode, values: readonly T[]): T | undefined {
    const value = this.text(node, field, parent);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      const guess = nearest(value, values);
      this.fail(node, `"${field}" cannot be "${value}"`, `use one of ${values.join(', ')}${guess ? ` (did you mean "${guess}"?)` : ''}`);
      return undefined;
    }
    return value as T;
  }

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
    }
  }

  /** Like text, but an empty value ("") is kept as "", meaning "none"; absent is undefined. */
  textOrNone(node: YamlNode | null | undefined, field: string, parent: YamlNode): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() === '') return '';
    return this.text(node, field, parent);
  }

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

/** One addressee: `recipient:` (path "recipient") or an entry of `recipients:` ("recipients.2"). */
function readRecipient(r: Reader, node: YamlNode | null | undefined, path: string, where: string): Recipient | undefined {
  const map = r.map(node, where);
  if (!map) return undefined;
  const f = r.fields(map, RECIPIENT_FIELDS, where);
  const name = r.text(f.get('name'), `${path}.name`, map, { required: true });
  const address = readLines(r, f.get('address'), `${path}.address`, map);
  const recipient: Recipient = { name: name ?? '', address };
  assign(recipient, 'title', r.text(f.get('title'), `${path}.title`, map));
  assign(recipient, 'organization', r.text(f.get('organization'), `${path}.organization`, map));
  return name === undefined ? undefined : recipient;
}

/** The letter's addressees: `recipient:`, `recipients:` or neither (an open letter, a statement). */
function readRecipients(r: Reader, f: Map<string, YamlNode | null>): Recipient[] {
  const one = f.get('recipient');
  const many = f.get('recipients');
  if (one != null && many != null) {
    r.fail(many, 'the letter has both "recipient" and "recipients"', 'keep one: move the recipient into the recipients list');
    return [];
  }
  if (one != null) {
    const recipient = readRecipient(r, one, 'recipient', 'recipient');
    return recipient === undefined ? [] : [recipient];
  }
  return r
    .list(many, 'recipients')
    .map((item, i) => readRecipient(r, item, `recipients.${i}`, `recipient ${i + 1}`))
    .filter((x): x is Recipient => x !== undefined);
}

/** A list of one-line texts (an address, cc, groups); a single text is a list of one. */
function readLines(r: Reader, node: YamlNode | null | undefined, path: string, parent: YamlNode): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [r.text(node, path, parent) ?? ''].filter(Boolean);
  return r
    .list(node, path)
    .map((line, i) => r.text(line, `${path} line ${i + 1}`, parent))
    .filter((line): line is string => line !== undefined);
}

function readIssues(r: Reader, node: YamlNode | null | undefined): Issue[] {
  const issues: Issue[] = [];
  r.entries(node, 'issues', 'issue', ISSUE_FIELDS, (f, map) => {
    const title = r.text(f.get('title'), 'title', map, { required: true });
    const body = r.text(f.get('body'), 'body', map, { required: true, multiline: true });
    if (title !== undefined && body !== undefined) issues.push({ title, body });
  });
  return issues;
}

function readSignatories(r: Reader, node: YamlNode | null | undefined): Signatory[] {
  const out: Signatory[] = [];
  const seen = new Map<string, number>();
  r.entries(node, 'signatories', 'signatory', SIGNATORY_FIELD_NAMES, (f, map, i) => {
    const reported = r.problems.length;
    const s: Record<string, string | boolean> = {};
    for (const row of SIGNATORY_FIELDS) {
      const value = r.signatoryField(row, f.get(row.name), map);
      if (value !== undefined) s[row.name] = value;
    }
    // An empty organization and name would print a blank block; a badly typed one is reported already.
    if (s.organization === undefined && s.name === undefined) {
      if (r.problems.length === reported)
        r.fail(map, `signatory ${i + 1} has neither organization nor name`, 'add organization: or name: (or both)');
    } else {
      // The rule `letters sign` enforces, checked here too for entries written by hand.
      const who = identity(s as Signatory);
      const first = seen.get(`${who.field}\u0000${who.key}`);
      if (first !== undefined) {
        r.fail(f.get(who.field), `signatory ${i + 1} repeats ${who.label} of signatory ${first + 1}`, 'remove one of the two entries');
      } else {
        seen.set(`${who.field}\u0000${who.key}`, i);
      }
    }
    out.push(s as Signatory);
  });
  return out;
}

/** `withdrawn:` entries: the signatory fields as they stood, and when and why they were withdrawn. */
function readWithdrawn(r: Reader, node: YamlNode | null | undefined): Withdrawal[] {
  const out: Withdrawal[] = [];
  const allowed = [...SIGNATORY_FIELD_NAMES, ...WITHDRAWAL_FIELDS.map((f) => f.name)];
  r.entries(node, 'withdrawn', 'withdrawn entry', allowed, (f, map, i) => {
    const s: Record<string, string | boolean> = {};
    for (const row of SIGNATORY_FIELDS) {
      const value = r.signatoryField(row, f.get(row.name), map);
      if (value !== undefined) s[row.name] = value;
    }
    if (s['organization'] === undefined && s['name'] === undefined)
      r.fail(map, `withdrawn entry ${i + 1} has neither organization nor name`, 'add organization: or name: (or both)');
    const reported = r.problems.length;
    const date = r.date(f.get('withdrawn'), 'withdrawn', map);
    if (date === undefined && r.problems.length === reported)
      r.fail(map, `withdrawn entry ${i + 1} has no withdrawn: date`, 'add withdrawn: YYYY-MM-DD, the day it was withdrawn');
    const reason = r.text(f.get('reason'), 'reason', map);
    out.push({ ...(s as Signatory), withdrawn: date ?? '', ...(reason === undefined ? {} : { reason }) });
  });
  return out;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/**
 * Parse and validate a letter file. Reports every problem at once, each with file:line:col,
 * by throwing InvalidLetterError; a file that passes is a fully typed Letter.
 */
export function parseLetter(source: string, file: string): ParsedLetter {
  const { parsed, problems } = readLetterSource(source, file);
  if (problems.length > 0 || parsed === undefined) throw new InvalidLetterError(problems);
  return parsed;
}

/**
 * Read a letter file without stopping at its problems: every problem, and the letter as far
 * as it could be read (absent when the file is not a mapping of fields at all), so `check`
 * can go on to look for characters the font lacks in the same pass.
 */
export function readLetterSource(source: string, file: string): { parsed: ParsedLetter | undefined; problems: Problem[] } {
  try {
    return { parsed: readLetter(source, file), problems: [] };
  } catch (err) {
    if (err instanceof PartialLetter) return { parsed: err.parsed, problems: err.problems };
    if (err instanceof InvalidLetterError) return { parsed: undefined, problems: err.problems };
    throw err;
  }
}

/** A letter read with problems: both travel together out of readLetter. */
class PartialLetter extends Error {
  constructor(
    readonly parsed: ParsedLetter,
    readonly problems: Problem[],
  ) {
    super('the letter has problems');
  }
}

function readLetter(source: string, file: string): ParsedLetter {
  const parsed = parseYaml(source);
  if ('error' in parsed) {
    throw new InvalidLetterError([
      {
        message: `cannot read the file: ${parsed.error}`,
        hint: 'a letter file is a flat list of fields; see letters/example.yaml',
        location: { file, line: 1, col: 1 },
      },
    ]);
  }
  const { doc, lines } = parsed;
  const r = new Reader(file, lines, source, source.startsWith('\uFEFF'));
  // YAML's own line breaks are CR LF, CR and LF, but the yaml package (and its LineCounter)
  // breaks lines only at LF: a CR alone would be read as part of a key or a value.
  const lonelyCr = source.search(/\r(?!\n)/);
  if (lonelyCr !== -1) {
    throw new InvalidLetterError([
      source.includes('\n')
        ? {
            message: 'this line ends with a CR alone (an old Mac line ending)',
            hint: 'save the file with LF or CRLF line endings',
            location: r.at(lonelyCr),
          }
        : {
            message: 'the file uses old Mac line endings (CR only)',
            hint: 'save it with LF or CRLF line endings',
            location: { file, line: 1, col: 1 },
          },
    ]);
  }
  // Under %YAML 1.1, yes/no/on/off are booleans, 010 is octal and dates are timestamps; one
  // reading for every letter file keeps `organization: yes` the same text in all of them.
  if (doc.directives.yaml.explicit && doc.directives.yaml.version === '1.1') {
    const directive = /^\uFEFF?%YAML/m.exec(source);
    throw new InvalidLetterError([
      {
        message: 'the file declares %YAML 1.1, where yes, no, on and off mean true and false',
        hint: 'letters reads YAML 1.2: remove the %YAML line (yes, no, on and off are then text)',
        location: r.at(directive ? directive.index + (directive[0].startsWith('\uFEFF') ? 1 : 0) : 0),
      },
    ]);
  }
  for (const e of [...doc.errors, ...doc.warnings]) {
    const message = e.message
      .replace(/ at line \d+, column \d+:?[\s\S]*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (e.code === 'MULTIPLE_DOCS') {
      r.problems.push(secondDocument(r, source, e.pos[0]));
      continue;
    }
    if (/call stack/i.test(message)) {
      // The yaml package turns its own stack overflow on pathological nesting into an error.
      r.problems.push({
        message: 'cannot read the file: it is nested too deeply',
        hint: 'a letter file needs only a few levels of indentation; see letters/example.yaml',
        location: r.at(e.pos[0]),
      });
      continue;
    }
    r.problems.push({
      message: `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'syntax error'}: ${message}`,
      hint: yamlHint(e.code),
      location: r.at(e.pos[0]),
    });
  }
  if (r.problems.length > 0) throw new InvalidLetterError(r.problems);

  const root = doc.contents as YamlNode | null;
  if (root == null || (isScalar(root) && root.value == null)) {
    throw new InvalidLetterError([
      {
        message: 'the letter file is empty',
        hint: 'start from `letters new <slug>` or copy letters/example.yaml',
        location: { file, line: 1, col: 1 },
      },
    ]);
  }
  if (!isMap(root) && !isAlias(root)) {
    r.fail(
      root,
      `the letter file holds ${isSeq(root) ? 'a list' : 'a single value'}, not fields`,
      'write one field per line, like title: …; `letters new <slug>` writes a file to start from',
    );
    throw new InvalidLetterError(r.problems);
  }
  const map = r.map(root, 'the letter');
  if (!map) throw new InvalidLetterError(r.problems);

  const f = r.fields(map, LETTER_FIELDS, 'the letter');
  const title = r.text(f.get('title'), 'title', map, { required: true });
  const recipients = readRecipients(r, f);
  const lang = r.text(f.get('lang'), 'lang', map);
  if (lang !== undefined && !isValidLang(lang))
    r.fail(f.get('lang'), `"lang" is not a language tag: ${lang}`, 'use a BCP 47 tag such as en, fr, es-MX');
  const template = r.text(f.get('template'), 'template', map);
  if (template !== undefined && !TEMPLATE_NAME.test(template))
    r.fail(
      f.get('template'),
      `"template" is not a template name: ${template}`,
      'use the name of a file in templates/ without .hbs, such as formal',
    );

  const letter: Letter = {
    title: title ?? '',
    lang: lang !== undefined && isValidLang(lang) ? lang : 'en',
    status: r.choice(f.get('status'), 'status', map, STATUSES) ?? 'draft',
    template: template ?? DEFAULT_TEMPLATE,
    paper: r.choice(f.get('paper'), 'paper', map, PAPERS) ?? 'letter',
    recipients,
    cc: readLines(r, f.get('cc'), 'cc', map),
    issues: readIssues(r, f.get('issues')),
    groups: readLines(r, f.get('groups'), 'groups', map),
    order: r.choice(f.get('order'), 'order', map, ORDERS) ?? 'as-signed',
    signatories: readSignatories(r, f.get('signatories')),
  };
  const withdrawn = readWithdrawn(r, f.get('withdrawn'));
  if (withdrawn.length > 0) letter.withdrawn = withdrawn;
  assign(letter, 'date', r.date(f.get('date'), 'date', map));
  assign(letter, 'deadline', r.date(f.get('deadline'), 'deadline', map));
  assign(letter, 'signatoryLayout', r.choice(f.get('signatory_layout'), 'signatory_layout', map, SIGNATORY_LAYOUTS));
  for (const key of ['subtitle', 'place', 'subject', 'intro', 'closing', 'signoff'] as const) {
    assign(letter, key, r.text(f.get(key), key, map, { multiline: MARKDOWN_FIELDS.has(key) }));
  }
  // "" is a choice here ("no salutation", "no note"), not a missing value.
  assign(letter, 'salutation', r.textOrNone(f.get('salutation'), 'salutation', map));
  assign(letter, 'individualsNote', r.textOrNone(f.get('individuals_note'), 'individuals_note', map));

  const parsedLetter: ParsedLetter = {
    file,
    source,
    doc,
    letter,
    warnings: [],
    locate(path: string, within?: TextPlace): SourceLocation {
      const place = placeOf(map, path);
      if (within && place.exact && place.field?.range) return r.within(place.field, within);
      return place.offset === undefined ? { file, line: 1, col: 1 } : r.at(place.offset);
    },
  };
  const shape = shapeProblems(letter, parsedLetter.locate, (path) => placeOf(map, path).exact);
  r.problems.push(...shape.filter((p) => p.severity !== 'warning'));
  parsedLetter.warnings = shape.filter((p) => p.severity === 'warning');
  if (r.problems.length > 0) throw new PartialLetter(parsedLetter, r.problems);
  return parsedLetter;
}

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

/** The start of a line that begins with a document marker (`---` or `...`). */
const DOCUMENT_MARKER = /(?:---|\.\.\.)(?=[ \t\r\n]|$)/y;

/**
 * A second document after the letter, located at the marker that starts it. The yaml package
 * points at the marker (`---`) or, after an end marker (`...`), at the next document's first
 * line: walk back to the marker, which is the line the user has to remove.
 */
function secondDocument(r: Reader, source: string, offset: number): Problem {
  const lineStart = (i: number): number => (i <= 0 ? 0 : source.lastIndexOf('\n', i - 1) + 1);
  const markerAt = (i: number): string | undefined => {
    DOCUMENT_MARKER.lastIndex = i;
    return DOCUMENT_MARKER.exec(source)?.[0];
  };
  let start = lineStart(offset);
  while (markerAt(start) === undefined && start > 0) start = lineStart(start - 1);
  const marker = markerAt(start);
  const at = r.at(marker ? start : offset);
  return {
    message: `the file holds a second YAML document after line ${Math.max(1, at.line - 1)}`,
    hint: `a letter file is one document; remove the ${marker ?? '---'} line and what follows, or move that part into its own file`,
    location: at,
  };
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each field may appear once; remove or rename the repeated one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and punctuation on this line';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_ALIAS':
    case 'UNRESOLVED_ALIAS':
      return 'write the value out in full instead of using an alias';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the !tag';
    case 'BAD_DIRECTIVE':
      return 'remove this line; a letter file needs no % directives';
    case 'BAD_DQ_ESCAPE':
      return 'inside double quotes write a backslash as \\\\, or put the text in single quotes';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'KEY_OVER_1024_CHARS':
      return 'a field name and its colon go on one line, like title:';
    default:
      return 'text with a colon, # or a leading quote needs quotes around it';
  }
}

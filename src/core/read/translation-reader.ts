// Reading a translation file (`letters/<slug>.<lang>.yaml`): its YAML, each field read as a letter's is, every fault a located problem.
import { isMap, isScalar, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Problem, SourceLocation } from '../../errors.js';
import type { Issue } from '../letter/letter.js';
import {
  TRANSLATED_FIELDS,
  TRANSLATION_FIELDS,
  TRANSLATION_MARKDOWN_FIELDS,
  TRANSLATION_TEXT_FIELDS,
  type TranslatedField,
  type Translation,
  type TranslationPlaces,
} from '../letter/translation.js';
import { nearest } from '../letter/values.js';
import { pathLocator, type PathLocator } from './locate.js';
import { Reader } from './reader.js';
import { readYaml } from './yaml.js';

/** A translation file as read: the translation, its text and where its parts are. */
export interface ParsedTranslation {
  /** The file as messages name it. */
  file: string;
  source: string;
  doc: Document.Parsed;
  translation: Translation;
  /** Where a field sits, by dotted path in the translation file (`issues.1.body`). */
  locate: PathLocator;
  places: TranslationPlaces;
}

/** A translation file read without stopping at its problems: every problem, and the translation as far as it could be read. */
export interface TranslationRead {
  parsed: ParsedTranslation | undefined;
  problems: Problem[];
}

/** Fields of a letter that a translation never repeats, with why: said instead of "unknown field". */
const NOT_HERE: Record<string, string> = {
  lang: "the language is the one in the file's name (letters/<slug>.<lang>.yaml): remove this line",
  signatories: 'signatories sign the letter once, in its own file, with lang: for the version they signed: remove them here',
  recipient: "the recipients are the letter's own, in every language: remove this here",
  recipients: "the recipients are the letter's own, in every language: remove this here",
  date: "the date is the letter's own, printed in each language's way: remove this here",
};

/** Read a translation file in the language `lang` (from its name). */
export function readTranslationSource(source: string, file: string, lang: string): TranslationRead {
  const yaml = readYaml(source, file);
  if (!yaml.ok) return { parsed: undefined, problems: yaml.problems };
  const r = new Reader(yaml.at, source);
  const contents = yaml.doc.contents as YamlNode | null;
  if (contents == null || (isScalar(contents) && contents.value == null)) {
    r.fail(contents, 'the translation file is empty', 'start it with `letters translate <letter> --lang <tag>`', { file, line: 1, col: 1 });
    return { parsed: undefined, problems: r.problems };
  }
  const root = r.map(contents, 'the translation');
  if (root === undefined) return { parsed: undefined, problems: r.problems };
  const translation = readTranslation(r, root, lang);
  const locate = pathLocator(root, source, yaml.at, file);
  const places: TranslationPlaces = {
    field: (path) => locate(path),
    group: (heading) => groupPlace(root, heading, yaml.at) ?? locate('groups'),
    top: { file, line: 1, col: 1 },
  };
  return { parsed: { file, source, doc: yaml.doc, translation, locate, places }, problems: r.problems };
}

function groupPlace(root: YAMLMap, heading: string, at: (offset: number | undefined) => SourceLocation): SourceLocation | undefined {
  const groups = root.items.find((p) => isScalar(p.key) && p.key.value === 'groups')?.value;
  if (!isMap(groups)) return undefined;
  const pair = groups.items.find((p) => isScalar(p.key) && String(p.key.value) === heading);
  return pair ? at((pair.key as YamlNode).range?.[0]) : undefined;
}

function readTranslation(r: Reader, map: YAMLMap, lang: string): Translation {
  const refused = Object.keys(NOT_HERE);
  const f = r.fields(map, [...TRANSLATION_FIELDS, ...refused], 'the translation');
  for (const key of refused) {
    const node = f.get(key);
    if (f.has(key)) r.fail(node ?? map, `a translation has no "${key}"`, NOT_HERE[key]!);
  }
  const t: Translation = { lang, texts: {}, untranslated: readUntranslated(r, f.get('untranslated')) };
  const source = r.hash(f.get('source'), 'source');
  if (source !== undefined) t.source = source;
  for (const field of TRANSLATION_TEXT_FIELDS) {
    const value = r.text(f.get(field), field, map, { multiline: TRANSLATION_MARKDOWN_FIELDS.has(field) });
    if (value !== undefined) t.texts[field] = value;
  }
  if (f.has('issues')) t.issues = readIssues(r, f.get('issues'));
  if (f.has('cc')) t.cc = readCc(r, f.get('cc'), map);
  if (f.has('groups')) {
    const groups = readGroups(r, f.get('groups'));
    if (groups !== undefined) t.groups = groups;
  }
  return t;
}

/** `issues:` entries, each a title and a Markdown body, as in the letter. */
function readIssues(r: Reader, node: YamlNode | null | undefined): Issue[] {
  const issues: Issue[] = [];
  r.entries(node, 'issues', 'issue', ['title', 'body'], (f, map) => {
    const title = r.text(f.get('title'), 'title', map, { required: true });
    const body = r.text(f.get('body'), 'body', map, { required: true, multiline: true });
    issues.push({ title: title ?? '', body: body ?? '' });
  });
  return issues;
}

/** The cc lines as printed: the names only, the addresses being the letter's. */
function readCc(r: Reader, node: YamlNode | null | undefined, parent: YamlNode): string[] {
  const items = isScalar(node) && typeof node.value === 'string' ? [node] : r.list(node, 'cc');
  return items.map((item, i) => {
    const line = r.text(item, `cc line ${i + 1}`, parent, { required: true }) ?? '';
    if (/<[^<>\s]+@[^<>\s]+>/.test(line)) {
      r.fail(
        item,
        `cc line ${i + 1} has an e-mail address`,
        "write the line as it is printed, without the address: the letter's cc: says where copies go",
      );
    }
    return line;
  });
}

/** `groups:`, each source heading followed by its translation. */
function readGroups(r: Reader, node: YamlNode | null | undefined): Map<string, string> | undefined {
  if (node == null || (isScalar(node) && node.value == null)) return new Map();
  const map = r.map(node, 'groups');
  if (map === undefined) return undefined;
  const out = new Map<string, string>();
  for (const pair of map.items) {
    const key = pair.key as YamlNode | null;
    if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
      r.fail(
        key ?? map,
        'each line under groups: is a group of the letter, a colon, and its heading here',
        'write it as "Member organizations": Organisations membres',
      );
      continue;
    }
    // A group left empty is said once, with the others, by what the translation lacks.
    const heading = r.text(pair.value as YamlNode | null, `groups: ${String(key.value)}`, map);
    if (heading !== undefined) out.set(String(key.value), heading);
  }
  return out;
}

/** `untranslated:`: fields printed in the letter's own language on purpose, as a list or one name. */
function readUntranslated(r: Reader, node: YamlNode | null | undefined): TranslatedField[] {
  const items = isScalar(node) && typeof node.value === 'string' ? [node] : r.list(node, 'untranslated');
  const out: TranslatedField[] = [];
  for (const item of items) {
    const name = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : undefined;
    if (name !== undefined && (TRANSLATED_FIELDS as readonly string[]).includes(name)) {
      if (!out.includes(name as TranslatedField)) out.push(name as TranslatedField);
      continue;
    }
    const guess = name === undefined ? undefined : nearest(name, TRANSLATED_FIELDS);
    r.fail(
      item,
      `untranslated: lists ${name === undefined ? 'something that is not a field name' : `"${name}", which is not a field a translation carries`}`,
      guess !== undefined ? `did you mean "${guess}"?` : `the fields are: ${TRANSLATED_FIELDS.join(', ')}`,
    );
  }
  return out;
}

// Reading a letter file, the fields: its top-level mapping read field by field into a typed Letter, every fault a located problem.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Problem } from '../../errors.js';
import { REJECTION_FIELDS, SIGNATORY_FIELDS, SIGNATORY_FIELD_NAMES, WITHDRAWAL_FIELDS } from '../letter/fields.js';
import { identity, identityKey } from '../letter/identity.js';
import {
  DEFAULT_TEMPLATE,
  ENUMERATED_FIELDS,
  ISSUE_FIELDS,
  LETTER_FIELDS,
  MAX_SIGNATORY_COLUMNS,
  RECIPIENT_FIELDS,
  type EnumeratedField,
  type Issue,
  type Letter,
  type Numbering,
  type Recipient,
  type Rejection,
  type Signatory,
  type Withdrawal,
} from '../letter/letter.js';
import { isValidLang, TEMPLATE_NAME } from '../letter/values.js';
import { readDeliveryFields, readRecipientEmail } from './delivery-reader.js';
import { readLetterhead } from './letterhead-reader.js';
import { Reader } from './reader.js';
import type { OffsetLocator } from './yaml.js';

/** Fields whose text is Markdown and may run over several lines. */
const MARKDOWN_FIELDS = new Set(['intro', 'closing', 'body', 'signatories_intro', 'signatories_outro']);

/** A mapping's fields by name, as Reader.fields returns them. */
type Fields = Map<string, YamlNode | null>;

/**
 * A letter file's fields as read: the letter, as far as it could be read, with the mapping it
 * was read from and every problem found; no letter when the file holds no mapping of fields.
 */
export type LetterFields = { letter: Letter; root: YAMLMap; problems: Problem[] } | { letter: undefined; problems: Problem[] };

/**
 * Read a letter file's YAML document into a typed Letter, field by field, going on past each
 * fault so that every problem is found in one pass.
 */
export function readLetterFields(doc: Document.Parsed, source: string, file: string, at: OffsetLocator): LetterFields {
  const r = new Reader(at, source);
  const root = letterRoot(r, doc, file);
  if (root === undefined) return { letter: undefined, problems: r.problems };
  return { letter: readLetter(r, root), root, problems: r.problems };
}

/** The letter's top-level mapping, or undefined (with the problem) when the file holds none. */
function letterRoot(r: Reader, doc: Document.Parsed, file: string): YAMLMap | undefined {
  const root = doc.contents as YamlNode | null;
  if (root == null || (isScalar(root) && root.value == null)) {
    r.fail(root, 'the letter file is empty', 'start from `letters new <slug>` or copy letters/example.yaml', { file, line: 1, col: 1 });
    return undefined;
  }
  if (!isMap(root) && !isAlias(root)) {
    r.fail(
      root,
      `the letter file holds ${isSeq(root) ? 'a list' : 'a single value'}, not fields`,
      'write one field per line, like title: …; `letters new <slug>` writes a file to start from',
    );
    return undefined;
  }
  return r.map(root, 'the letter');
}

/** Every field of the letter, in the order its problems have always been reported. */
function readLetter(r: Reader, map: YAMLMap): Letter {
  const f = r.fields(map, LETTER_FIELDS, 'the letter');
  const title = r.text(f.get('title'), 'title', map, { required: true });
  const recipients = readRecipients(r, f);
  const lang = readLang(r, f, map);
  const template = readTemplate(r, f, map);
  // Read before the signatories: whether a signatory may stand twice.
  const allowRepeats = r.flag(f.get('allow_repeats'), 'allow_repeats');
  const letter: Letter = {
    title: title ?? '',
    lang,
    status: chosen(r, f, map, 'status') ?? 'draft',
    template,
    paper: chosen(r, f, map, 'paper') ?? 'letter',
    recipients,
    cc: [],
    issues: readIssues(r, f.get('issues')),
    groups: readLines(r, f.get('groups'), 'groups', map),
    order: chosen(r, f, map, 'order') ?? 'as-signed',
    signatories: readSignatories(r, f.get('signatories'), allowRepeats === true, 'signatories', 'signatory'),
  };
  assign(letter, 'allowRepeats', allowRepeats);
  readDeliveryFields(r, f, map, letter);
  addOptionalFields(r, f, map, letter);
  return letter;
}

/** An enumerated field (ENUMERATED_FIELDS): one of its values, the nearest offered for a typo. */
function chosen<K extends Exclude<EnumeratedField, 'numbered'>>(
  r: Reader,
  f: Fields,
  map: YAMLMap,
  key: K,
): (typeof ENUMERATED_FIELDS)[K]['values'][number] | undefined {
  const { field, values } = ENUMERATED_FIELDS[key];
  return r.choice(f.get(field), field, map, values as readonly (typeof ENUMERATED_FIELDS)[K]['values'][number][]);
}

/** The letter's language: its tag, or en when it has none or an invalid one (reported). */
function readLang(r: Reader, f: Fields, map: YAMLMap): string {
  const lang = r.text(f.get('lang'), 'lang', map);
  if (lang === undefined) return 'en';
  if (isValidLang(lang)) return lang;
  r.fail(f.get('lang'), `"lang" is not a language tag: ${lang}`, 'use a BCP 47 tag such as en, fr, es-MX');
  return 'en';
}

/** The template's name, or the default; a name that is not one is reported (and kept, as the letter is refused anyway). */
function readTemplate(r: Reader, f: Fields, map: YAMLMap): string {
  const template = r.text(f.get('template'), 'template', map);
  if (template !== undefined && !TEMPLATE_NAME.test(template))
    r.fail(
      f.get('template'),
      `"template" is not a template name: ${template}`,
      'use the name of a file in templates/ without .hbs, such as formal',
    );
  return template ?? DEFAULT_TEMPLATE;
}

/** The fields a letter may leave out, set on it only when written. */
function addOptionalFields(r: Reader, f: Fields, map: YAMLMap, letter: Letter): void {
  const pending = readSignatories(r, f.get('pending'), letter.allowRepeats === true, 'pending', 'pending entry');
  if (pending.length > 0) letter.pending = pending;
  const withdrawn = readWithdrawn(r, f.get('withdrawn'));
  if (withdrawn.length > 0) letter.withdrawn = withdrawn;
  const rejected = readRejected(r, f.get('rejected'));
  if (rejected.length > 0) letter.rejected = rejected;
  assign(letter, 'intake', chosen(r, f, map, 'intake'));
  assign(letter, 'date', r.date(f.get('date'), 'date', map));
  assign(letter, 'deadline', r.date(f.get('deadline'), 'deadline', map));
  assign(letter, 'signatoryLayout', chosen(r, f, map, 'signatoryLayout'));
  assign(letter, 'signatoryColumns', r.whole(f.get('signatory_columns'), 'signatory_columns', 1, MAX_SIGNATORY_COLUMNS));
  assign(letter, 'logoNames', r.flag(f.get('logo_names'), 'logo_names'));
  assign(letter, 'letterhead', readLetterhead(r, f.get('letterhead'), map));
  for (const key of ['subtitle', 'place', 'subject', 'intro', 'closing', 'signoff'] as const) {
    assign(letter, key, r.text(f.get(key), key, map, { multiline: MARKDOWN_FIELDS.has(key) }));
  }
  assign(letter, 'signatoriesIntro', r.text(f.get('signatories_intro'), 'signatories_intro', map, { multiline: true }));
  assign(letter, 'signatoriesOutro', r.text(f.get('signatories_outro'), 'signatories_outro', map, { multiline: true }));
  assign(letter, 'numbered', readNumbered(r, f.get('numbered')));
  assign(letter, 'sectionHeadings', r.flag(f.get('section_headings'), 'section_headings'));
  assign(letter, 'bilingual', chosen(r, f, map, 'bilingual'));
  // "" is a choice here ("no salutation", "no note"), not a missing value.
  assign(letter, 'salutation', r.textOrNone(f.get('salutation'), 'salutation', map));
  assign(letter, 'individualsNote', r.textOrNone(f.get('individuals_note'), 'individuals_note', map));
}

/** `numbered:` true (one count across the list), false, or per-group (from 1 under each heading). */
function readNumbered(r: Reader, node: YamlNode | null | undefined): Numbering | undefined {
  if (node == null || (isScalar(node) && node.value == null)) return undefined;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value ? 'across' : undefined;
  if (isScalar(node) && node.value === 'per-group') return 'per-group';
  r.fail(
    node,
    `"numbered" must be true, false or per-group`,
    'write numbered: true (one count through the whole list) or numbered: per-group (from 1 under each heading)',
  );
  return undefined;
}

/** One addressee: `recipient:` (path "recipient") or an entry of `recipients:` ("recipients.2"). */
function readRecipient(r: Reader, node: YamlNode | null | undefined, path: string, where: string): Recipient | undefined {
  const map = r.map(node, where);
  if (!map) return undefined;
  const f = r.fields(map, RECIPIENT_FIELDS, where);
  const name = r.text(f.get('name'), `${path}.name`, map, { required: true });
  const address = readLines(r, f.get('address'), `${path}.address`, map);
  const recipient: Recipient = { name: name ?? '', address };
  assign(recipient, 'honorific', r.text(f.get('honorific'), `${path}.honorific`, map));
  assign(recipient, 'title', r.text(f.get('title'), `${path}.title`, map));
  assign(recipient, 'organization', r.text(f.get('organization'), `${path}.organization`, map));
  assign(recipient, 'email', readRecipientEmail(r, f.get('email'), path, map));
  return name === undefined ? undefined : recipient;
}

/** The letter's addressees: `recipient:`, `recipients:` or neither (an open letter, a statement). */
function readRecipients(r: Reader, f: Fields): Recipient[] {
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

/** `issues:` entries, each with a title and a Markdown body. */
function readIssues(r: Reader, node: YamlNode | null | undefined): Issue[] {
  const issues: Issue[] = [];
  r.entries(node, 'issues', 'issue', ISSUE_FIELDS, (f, map) => {
    const title = r.text(f.get('title'), 'title', map, { required: true });
    const body = r.text(f.get('body'), 'body', map, { required: true, multiline: true });
    if (title !== undefined && body !== undefined) issues.push({ title, body });
  });
  return issues;
}

/**
 * `signatories:` (or `pending:`) entries, each an organization or a person, none standing twice
 * in its list unless the letter allows repeats.
 */
function readSignatories(r: Reader, node: YamlNode | null | undefined, allowRepeats: boolean, list: string, label: string): Signatory[] {
  const out: Signatory[] = [];
  const seen = new Map<string, number>();
  r.entries(node, list, label, SIGNATORY_FIELD_NAMES, (f, map, i) => {
    const reported = r.problems.length;
    const s = readSignatoryFields(r, f, map);
    if (s.organization === undefined && s.logo !== undefined)
      r.fail(
        f.get('logo'),
        `${label} ${i + 1} has a logo but no organization`,
        'add organization:, or remove logo: (logos are for organizations)',
      );
    // An empty organization and name would print a blank block; a badly typed one is reported already.
    if (s.organization === undefined && s.name === undefined) {
      if (r.problems.length === reported)
        r.fail(map, `${label} ${i + 1} has neither organization nor name`, 'add organization: or name: (or both)');
    } else if (!allowRepeats) {
      // The rule `letters sign` enforces, checked here too for entries written by hand.
      // The key alone for each entry; who it is in words only for a repeat.
      const key = identityKey(s as Signatory);
      const first = seen.get(key);
      if (first !== undefined) {
        const who = identity(s as Signatory);
        r.fail(
          f.get(who.field),
          `${label} ${i + 1} repeats ${who.label} of ${label} ${first + 1}`,
          'remove one of the two entries, or write allow_repeats: true if the original lists it twice',
        );
      } else {
        seen.set(key, i);
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
    const s = readSignatoryFields(r, f, map);
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

/** `rejected:` entries: the signatory fields a pending entry had, and when and why review rejected it. */
function readRejected(r: Reader, node: YamlNode | null | undefined): Rejection[] {
  const out: Rejection[] = [];
  const allowed = [...SIGNATORY_FIELD_NAMES, ...REJECTION_FIELDS.map((f) => f.name)];
  r.entries(node, 'rejected', 'rejected entry', allowed, (f, map, i) => {
    const s = readSignatoryFields(r, f, map);
    if (s['organization'] === undefined && s['name'] === undefined)
      r.fail(map, `rejected entry ${i + 1} has neither organization nor name`, 'add organization: or name: (or both)');
    const reported = r.problems.length;
    const date = r.date(f.get('rejected'), 'rejected', map);
    if (date === undefined && r.problems.length === reported)
      r.fail(map, `rejected entry ${i + 1} has no rejected: date`, 'add rejected: YYYY-MM-DD, the day it was rejected');
    const reason = r.text(f.get('reason'), 'reason', map);
    out.push({ ...(s as Signatory), rejected: date ?? '', ...(reason === undefined ? {} : { reason }) });
  });
  return out;
}

/** A signatory's fields (a signature or a withdrawn one), each read as its row in the field table says. */
function readSignatoryFields(r: Reader, f: Fields, map: YAMLMap): Record<string, string | boolean> {
  const s: Record<string, string | boolean> = {};
  for (const row of SIGNATORY_FIELDS) {
    const value = r.signatoryField(row, f.get(row.name), map);
    if (value !== undefined) s[row.name] = value;
  }
  return s;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

//! The JSON intake: a form platform's export as JSON or JSON Lines. Shapes read: an array of
//! objects; an object holding such an array (under responses, data, items, results,
//! submissions, records, entries, rows, signatures — or its only one), one level down too;
//! JSON Lines, one object a line. In each object a value is an answer under its key; an object
//! inside is read through ("contact": {"name": …} is "contact name"; Airtable's "fields",
//! Jotform's "answers" by their own keys); a list of {label, value} (or question/answer) pairs
//! gives a question each. Every answer is located at its value, `file:line:col`.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import { LettersError, type SourceLocation } from '../../errors.js';
import { plural } from '../../core/text/plural.js';
import { answersTable, type IntakeTable, offsetLocator } from './intake.js';

/** Keys that hold the sign-ups in an export that wraps them. */
const WRAPPERS = [
  'responses',
  'data',
  'items',
  'results',
  'submissions',
  'records',
  'entries',
  'rows',
  'signatures',
  'signatories',
  'content',
];
/** Keys whose object holds the answers by their own names. */
const TRANSPARENT = new Set(['fields', 'answers', 'data', 'values', 'properties', 'responses']);
const LABEL_KEYS = ['label', 'question', 'title', 'text', 'name', 'field', 'key'];
const VALUE_KEYS = ['answer', 'value', 'response', 'prettyFormat'];

/** A JSON text as a tree, or the first syntax error at its place. */
export function jsonTree(text: string, file: string, at: (offset: number) => SourceLocation): Node {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || tree === undefined) {
    const e = errors[0];
    throw new LettersError(
      'invalid-csv',
      `${file} is not JSON letters can read: ${
        e === undefined
          ? 'it is empty'
          : printParseErrorCode(e.error)
              .replace(/([a-z])([A-Z])/g, '$1 $2')
              .toLowerCase()
      }`,
      'export it again from the form, or check it with a JSON validator',
      { location: at(e?.offset ?? 0) },
    );
  }
  return tree;
}

const objects = (node: Node | undefined): Node[] | undefined =>
  node?.type === 'array' && (node.children ?? []).length > 0 && node.children!.every((c) => c.type === 'object')
    ? node.children!
    : undefined;

const property = (object: Node, key: string): Node | undefined =>
  object.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];

/** The sign-ups in a JSON document and where they were found ("the top-level array", "responses"). */
export function jsonItems(tree: Node, file: string, at: (offset: number) => SourceLocation): { items: Node[]; where: string } {
  const top = objects(tree);
  if (top) return { items: top, where: 'the top-level array' };
  if (tree.type === 'object') {
    const found: { path: string; items: Node[] }[] = [];
    const look = (object: Node, prefix: string, depth: number): void => {
      for (const p of object.children ?? []) {
        const key = String(p.children?.[0]?.value);
        const value = p.children?.[1];
        const list = objects(value);
        if (list) found.push({ path: `${prefix}${key}`, items: list });
        else if (value?.type === 'object' && depth < 2) look(value, `${prefix}${key}.`, depth + 1);
      }
    };
    look(tree, '', 0);
    const known = found.find((f) => WRAPPERS.includes(f.path.split('.').at(-1)!));
    const pick = known ?? (found.length === 1 ? found[0] : undefined);
    if (pick) return { items: pick.items, where: pick.path };
    if (found.length > 1) {
      throw new LettersError(
        'invalid-csv',
        `${file} holds several lists of objects (${found.map((f) => f.path).join(', ')}), and letters cannot tell which are the sign-ups`,
        'save that list alone as a JSON array (for example with jq), and import that',
        { location: at(tree.offset) },
      );
    }
    // One sign-up on its own: `gh issue view --json`, a webhook's body.
    return { items: [tree], where: 'one object' };
  }
  throw new LettersError(
    'invalid-csv',
    `${file} holds no objects letters can read as sign-ups`,
    'import an array of objects (one per sign-up), an object holding such an array, or JSON Lines',
    { location: at(tree.offset) },
  );
}

/** A scalar, or a list or object of scalars, as the text of an answer; undefined for anything deeper. */
function answerText(node: Node): string | undefined {
  if (node.type === 'string') return node.value as string;
  if (node.type === 'number') return String(node.value);
  if (node.type === 'boolean') return node.value ? 'yes' : 'no';
  if (node.type === 'null') return '';
  const parts = (node.children ?? []).map((c) => (node.type === 'object' ? c.children?.[1] : c));
  if (parts.some((p) => p === undefined || p.type === 'object' || p.type === 'array')) return undefined;
  return parts
    .map((p) => answerText(p!)!)
    .filter((t) => t !== '')
    .join(node.type === 'array' ? ', ' : ' ');
}

type Answer = { question: string; answer: string; at: SourceLocation };

/** Every answer of one sign-up object, nested ones read through; problems for values too deep to read. */
export function objectAnswers(object: Node, at: (offset: number) => SourceLocation, prefix = ''): { answers: Answer[]; deep: Answer[] } {
  const answers: Answer[] = [];
  const deep: Answer[] = [];
  for (const p of object.children ?? []) {
    const key = String(p.children?.[0]?.value ?? '');
    const value = p.children?.[1];
    if (value === undefined) continue;
    const question = `${prefix}${key}`;
    const pairs = labelled(value);
    if (pairs) {
      for (const pair of pairs) answers.push({ question: pair.question, answer: pair.answer, at: at(pair.offset) });
      continue;
    }
    const text = answerText(value);
    if (text !== undefined) {
      answers.push({ question, answer: text, at: at(value.offset) });
      continue;
    }
    if (value.type === 'object') {
      const inner = objectAnswers(value, at, TRANSPARENT.has(key) ? prefix : `${prefix}${key} `);
      answers.push(...inner.answers);
      deep.push(...inner.deep);
    } else deep.push({ question, answer: '', at: at(value.offset) });
  }
  return { answers, deep };
}

/** A list (or object) of {label, value} pairs — a form's questions with their answers — or undefined. */
function labelled(node: Node): { question: string; answer: string; offset: number }[] | undefined {
  const entries = node.type === 'array' ? node.children : node.type === 'object' ? node.children?.map((p) => p.children?.[1]) : undefined;
  if (!entries || entries.length === 0 || !entries.every((e) => e?.type === 'object')) return undefined;
  const out: { question: string; answer: string; offset: number }[] = [];
  for (const e of entries as Node[]) {
    const label = LABEL_KEYS.map((k) => property(e, k)).find((n) => n?.type === 'string');
    const value = VALUE_KEYS.map((k) => property(e, k)).find((n) => n !== undefined);
    if (label === undefined || value === undefined) return undefined;
    const text = answerText(value);
    if (text === undefined) return undefined;
    out.push({ question: label.value as string, answer: text, offset: value.offset });
  }
  return out;
}

/** An id the platform gave the sign-up, for its source. */
function idOf(object: Node): string | undefined {
  for (const key of ['id', '_id', 'response_id', 'responseId', 'submission_id', 'submissionId', 'token']) {
    const v = property(object, key);
    if (v?.type === 'string' || v?.type === 'number') return String(v.value);
  }
  return undefined;
}

/** A JSON or JSON Lines file's sign-ups as a table of answers. */
export function jsonIntake(text: string, file: string, name: string, lines: boolean): IntakeTable {
  const at = offsetLocator(text, file);
  const items: { node: Node; line?: number }[] = [];
  let where: string;
  if (lines) {
    let offset = 0;
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() !== '') {
        const node = jsonTree(line, file, (o) => at(offset + o));
        if (node.type !== 'object') {
          throw new LettersError(
            'invalid-csv',
            `line ${i + 1} of ${file} is not a JSON object`,
            'write one object per line: {"Name": "…", …}',
            {
              location: at(offset),
            },
          );
        }
        shift(node, offset);
        items.push({ node, line: i + 1 });
      }
      offset += line.length + 1;
    }
    where = 'lines';
  } else {
    const found = jsonItems(jsonTree(text, file, at), file, at);
    where = found.where;
    for (const node of found.items) items.push({ node });
  }
  const rows = items.map(({ node, line }, i) => {
    const { answers, deep } = objectAnswers(node, at);
    const id = idOf(node);
    const start = at(node.offset);
    const label = lines ? `line ${line}` : `item ${i + 1} (line ${start.line})`;
    return {
      answers,
      at: start,
      label,
      number: i + 1,
      source: `${name} ${lines ? `line ${line}` : `item ${i + 1}`}${id === undefined ? '' : ` (id ${id})`}`,
      ...(deep.length > 0
        ? {
            unreadable: {
              message: `"${deep[0]!.question}" holds values nested too deep to read as one answer`,
              hint: 'flatten the export (one value per question), or leave that question out',
            },
          }
        : {}),
    };
  });
  const count = plural(items.length, 'object');
  return answersTable(
    { file, kind: lines ? 'jsonl' : 'json', summary: lines ? `JSON Lines, ${count}` : `JSON, ${count} in ${where}`, encoding: 'utf-8' },
    rows,
  );
}

/** A tree parsed from one line, its offsets moved to the file's. */
function shift(node: Node, by: number): void {
  (node as { offset: number }).offset += by;
  for (const c of node.children ?? []) shift(c, by);
}

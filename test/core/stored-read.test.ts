// A read made from a stored read (the cache's) is the read: the same letter, warnings, problems, YAML document, places and edits as reading the text, on every letter of a corpus.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, test } from 'vitest';
import type { Document } from 'yaml';
import { editSignatories } from '../../src/core/edit/letter-edits.js';
import { planRemoval } from '../../src/core/edit/letter-edits.js';
import type { DocImage } from '../../src/core/read/doc-image.js';
import { readForStore, readLetterSource, readStored, type LetterRead, type StoredRead } from '../../src/core/read/parse-letter.js';
import { YAML_SPECIAL, YAML_SPECIAL_INSIDE } from '../fixtures/text/yaml-special.js';
import { bigLetter } from '../helpers/big-letter.js';

const root = path.resolve(import.meta.dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

const head = 'title: T\nrecipient:\n  name: R\nstatus: open\n';

/** Letters that are hard to read: every YAML feature a hand-written file may use, and faults. */
const HOSTILE: Record<string, string> = {
  empty: '',
  'only a comment': '# nothing\n',
  'a list': '- a\n- b\n',
  'a scalar': 'hello\n',
  'no final line break': `${head}signatories:\n  - organization: A`,
  crlf: bigLetter(5, '\r\n'),
  bom: `\uFEFF${head}`,
  'lone CR': 'title: T\rrecipient: x\r',
  'YAML 1.1': `%YAML 1.1\n---\n${head}`,
  'YAML 1.2 declared': `%YAML 1.2\n---\n${head}`,
  'document markers': `---\n${head}...\n`,
  'second document': `${head}---\ntitle: U\n`,
  'duplicate key': `${head}title: again\n`,
  'syntax error': `${head}signatories: [\n`,
  tab: `${head}signatories:\n\t- organization: A\n`,
  'anchors and aliases': `${head}signatories:\n  - &a\n    organization: A\n  - *a\n`,
  'an anchor alone': `${head}signatories:\n  - &a\n    organization: A\n`,
  tags: `${head}signatories:\n  - organization: !!str 123\n    name: !custom x\n`,
  binary: `${head}cc: !!binary aGVsbG8=\n`,
  'flow list': `${head}signatories: [{ organization: A, name: B }, { organization: C }]\n`,
  'flow list over lines': `${head}signatories: [\n  { organization: A },  # first\n  { organization: B }\n]\n`,
  'comments everywhere': `# top\ntitle: T # after\n# between\nrecipient: # here\n  # inside\n  name: R\nsignatories: # list\n  # before\n  - organization: A # org\n    # mid\n    name: B\n  # end\n# last\n`,
  'blank lines': `${head}\n\nsignatories:\n\n  - organization: A\n\n  - organization: B\n\n`,
  'quoted and escaped': `${head}signatories:\n  - organization: "A \\"quoted\\" \\u00e9 \\t org"\n    name: 'It''s me'\n`,
  'multi-line scalars': `${head}intro: this is\n  a plain scalar\n  over lines\nsignatories:\n  - organization: "double\n      quoted over lines"\n    name: 'single\n\n      quoted'\n`,
  'block scalars': `${head}intro: |+\n  keep\n\nbody: >-\n  folded\n  text\n\nclosing: |2\n    indented\n`,
  'numbers and booleans': `${head}signatories:\n  - organization: 123\n    name: true\n    title: 1.50\n  - organization: 0x1F\n    name: null\n`,
  'explicit keys': `${head}? signatories\n: - organization: A\n`,
  'unknown field': `${head}colour: blue\nsignatories:\n  - organization: A\n    shoe: 42\n`,
  'deep nesting': `${head}x: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
  'long key': `${head}${'k'.repeat(1100)}: v\n`,
  'indented root': `  title: T\n  recipient:\n    name: R\n`,
  'repeated signatory': `${head}signatories:\n  - organization: A\n  - organization: a\n`,
  'empty signatories': `${head}signatories:\n`,
  'signatories null': `${head}signatories: ~\n`,
  'recipients list': `title: T\nrecipients:\n  - name: A\n    address: [a@example.org]\n  - name: B\n`,
  'withdrawn list': `${head}signatories:\n  - organization: A\nwithdrawn:\n  - organization: B\n    withdrawn: 2026-03-01\n    reason: changed mind\n`,
  'special values': `${head}signatories:\n${[...YAML_SPECIAL, ...YAML_SPECIAL_INSIDE].map((v) => `  - organization: ${JSON.stringify(v)}`).join('\n')}\n`,
};

const corpus: [string, string][] = [
  ...[...yamlFiles(path.join(root, 'test', 'fixtures')), path.join(root, 'letters', 'example.yaml')].map((f): [string, string] => [
    path.relative(root, f),
    readFileSync(f, 'utf8'),
  ]),
  ...Object.entries(HOSTILE).map(([name, text]): [string, string] => [`hostile: ${name}`, text]),
  ['bench shape, 7', bigLetter(7)],
  ['bench shape, 400', bigLetter(400)],
];

/** A stored read as the cache hands it back: cloned through node:v8, as written to and read from a file. */
function fromStore(source: string, file: string): { read: LetterRead; image: DocImage | undefined } {
  const { stored, image } = readForStore(source, file);
  const back = deserialize(serialize(stored)) as StoredRead;
  const imageBack = image === undefined ? undefined : (deserialize(serialize(image)) as DocImage);
  return { read: readStored(source, file, back, () => imageBack), image: imageBack };
}

/** What a document is to the code that edits: its nodes (classes, fields, ranges) and its own fields. */
function docParts(doc: Document.Parsed): unknown {
  const { contents, range, comment, commentBefore } = doc;
  const { docStart, docEnd, yaml, tags } = doc.directives;
  return { contents, range, comment, commentBefore, directives: { docStart, docEnd, yaml, tags } };
}

/** Paths into a letter: every top-level field and each field of a few entries, and some that are not there. */
function pathsOf(read: LetterRead): string[] {
  const letter = read.parsed!.letter as unknown as Record<string, unknown>;
  const paths = Object.keys(letter).filter((k) => letter[k] !== undefined);
  for (const list of ['signatories', 'withdrawn', 'recipients', 'issues']) {
    const items = (letter[list] ?? []) as Record<string, unknown>[];
    for (const i of [0, 1, items.length - 1]) {
      const item = items[i];
      if (item === undefined) continue;
      paths.push(`${list}.${i}`, ...Object.keys(item).map((k) => `${list}.${i}.${k}`));
    }
  }
  return [...paths, 'signatories.99999.name', 'nowhere.at.all', 'recipient.name', 'recipients.0.name'];
}

describe('a read from the store is the read', () => {
  test.each(corpus)('%s', (file, source) => {
    const fresh = readLetterSource(source, file);
    const { read: cached, image } = fromStore(source, file);
    expect(cached.problems).toStrictEqual(fresh.problems);
    expect(cached.parsed === undefined).toBe(fresh.parsed === undefined);
    if (fresh.parsed === undefined || cached.parsed === undefined) return;
    expect(cached.parsed.letter).toStrictEqual(fresh.parsed.letter);
    expect(cached.parsed.warnings).toStrictEqual(fresh.parsed.warnings);
    expect(cached.parsed.source).toBe(fresh.parsed.source);
    expect(cached.parsed.file).toBe(fresh.parsed.file);
    // The document: made from the image where one was kept, parsed again where not.
    expect(docParts(cached.parsed.doc)).toStrictEqual(docParts(fresh.parsed.doc));
    for (const p of pathsOf(fresh)) {
      expect(cached.parsed.locate(p), p).toStrictEqual(fresh.parsed.locate(p));
      expect(cached.parsed.locate(p, { line: 0, text: 'e' }), p).toStrictEqual(fresh.parsed.locate(p, { line: 0, text: 'e' }));
    }
    // Edits planned on either give the same text, or the same refusal.
    const edit = (read: LetterRead, how: (r: NonNullable<LetterRead['parsed']>) => unknown): unknown => {
      try {
        return how(read.parsed!);
      } catch (err) {
        return (err as Error).message;
      }
    };
    const sign = (p: NonNullable<LetterRead['parsed']>): unknown =>
      editSignatories(p, { action: 'append', signatory: { organization: 'New Org', signed: '2026-03-02' } } as never);
    expect(edit(cached, sign)).toStrictEqual(edit(readLetterSource(source, file), sign));
    if (fresh.parsed.letter.signatories.length > 0) {
      const remove = (p: NonNullable<LetterRead['parsed']>): unknown => planRemoval(p, 0);
      expect(edit(cached, remove)).toStrictEqual(edit(readLetterSource(source, file), remove));
    }
    // A letter the reader accepts whose document is plain keeps its image; the bench's always does.
    if (file.startsWith('bench')) expect(image).toBeDefined();
  });
});

//! The three-way merge of a letter file's versions, for the git merge driver (not the mail
//! merge). Signatories, pending, withdrawn and rejected entries merge one by one (by who signed): two branches that
//! each add, update or withdraw different signatories merge cleanly, every entry's own text and
//! comments carried over. The rest of the file merges as a whole: taken from the side that
//! changed it, or handed back to git when both did. The merged signatories must keep the signing
//! rules (core/signing/signing-rules.ts). A real conflict is reported, never resolved by guessing.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Signatory } from '../letter/letter.js';
import { readLetterSource, type ParsedLetter } from '../read/parse-letter.js';
import { identityKey } from '../letter/identity.js';
import { listProblem, type ListProblem } from '../signing/signing-rules.js';
import { column, contentEnd, lineEndBeforeBreak } from './source-lines.js';

const LISTS = ['signatories', 'pending', 'withdrawn', 'rejected'] as const;
type ListName = (typeof LISTS)[number];

/** Where a list's entries sit in the file's text, as a hole the merged entries fill (text, so git can merge the rest). */
const HOLE: Record<ListName, string> = {
  signatories: '@@letters-merge:signatories@@',
  pending: '@@letters-merge:pending@@',
  withdrawn: '@@letters-merge:withdrawn@@',
  rejected: '@@letters-merge:rejected@@',
};

/** A list's entries as the letter read them. */
function entriesOf(parsed: ParsedLetter, name: ListName): Signatory[] {
  const letter = parsed.letter;
  return name === 'signatories'
    ? letter.signatories
    : ((name === 'pending' ? letter.pending : name === 'withdrawn' ? letter.withdrawn : letter.rejected) ?? []);
}

interface Chunk {
  /** Who the entry is (withdrawn entries also by day and occurrence). */
  key: string;
  /** The entry's lines, with the comment lines above it, its indentation removed. */
  text: string;
  /** Its meaning, for the check after merging. */
  entry: Signatory;
}

interface Side {
  parsed: ParsedLetter;
  /** The text with each list's entries replaced by its hole. */
  rest: string;
  lists: Record<ListName, { chunks: Chunk[]; indent?: number } | undefined>;
}

/** Two versions that cannot be merged by entries, and why: handed back to git and to a person. */
export type MergeConflict = { kind: 'conflict'; reason: string };

export type MergeOutcome =
  | { kind: 'merged'; text: string }
  | MergeConflict
  /** Both sides changed the rest of the file: git merges the three rests; `finish` completes the merge with its result. */
  | { kind: 'merge-rest'; rests: { base: string; ours: string; theirs: string }; finish: (rest: string) => MergeOutcome };

const conflict = (reason: string): MergeConflict => ({ kind: 'conflict', reason });
const isConflict = <T extends object>(value: T | MergeConflict): value is MergeConflict => 'kind' in value && value.kind === 'conflict';

function shift(text: string, by: number): string {
  if (by === 0) return text;
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      if (by > 0) return ' '.repeat(by) + line;
      const spaces = /^ */.exec(line)![0].length;
      return line.slice(Math.min(spaces, -by));
    })
    .join('\n');
}

/** Cut a version into its rest and its list entries, or say why it cannot be. */
function cut(parsed: ParsedLetter): Side | MergeConflict {
  const source = parsed.source;
  const contents = parsed.doc.contents;
  if (!isMap(contents)) return conflict('one of the versions is not a mapping of fields letters can take apart');
  const root = contents as YAMLMap<YamlNode, YamlNode | null>;
  const cuts: { start: number; end: number; hole: string }[] = [];
  const lists = { signatories: undefined, pending: undefined, withdrawn: undefined, rejected: undefined } as Side['lists'];
  for (const name of LISTS) {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === name) as Pair<YamlNode, YamlNode | null> | undefined;
    if (!pair) continue;
    const key = pair.key as YamlNode;
    const value = pair.value;
    const entries: Signatory[] = entriesOf(parsed, name);
    if (value == null || (isScalar(value) && value.value == null) || (isSeq(value) && value.items.length === 0)) {
      const colon = source.indexOf(':', key.range![1]);
      const end = value?.range ? Math.max(colon + 1, value.range[1]) : colon + 1;
      cuts.push({ start: colon + 1, end, hole: HOLE[name] });
      lists[name] = { chunks: [] };
      continue;
    }
    const seq = value as YAMLSeq<YamlNode>;
    if (!isSeq(value) || seq.flow) return conflict(`"${name}" is not a block list`);
    if (seq.items.length !== entries.length) return conflict(`"${name}" did not read as one entry per item`);
    const keyLineEnd = lineEndBeforeBreak(source, key.range![0]);
    const indent = column(source, seq.range![0]);
    const seen = new Map<string, number>();
    const chunks: Chunk[] = seq.items.map((item, i) => {
      const start = i === 0 ? keyLineEnd + 1 : lineEndBeforeBreak(source, contentEnd(source, seq.items[i - 1]!)) + 1;
      const end = lineEndBeforeBreak(source, contentEnd(source, item));
      const entry = entries[i]!;
      // Who signed, as the signing rules tell one signatory from another.
      let id = identityKey(entry);
      if (name === 'withdrawn') id += `\u0000${(entry as { withdrawn?: string }).withdrawn ?? ''}`;
      if (name === 'rejected') id += `\u0000${(entry as { rejected?: string }).rejected ?? ''}`;
      // A repeat kept on purpose (allow_repeats: true) is told apart by its place among its namesakes.
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      id += `\u0000${n}`;
      return { key: id, text: shift(source.slice(start, end), -indent), entry };
    });
    cuts.push({
      start: keyLineEnd,
      end: lineEndBeforeBreak(source, contentEnd(source, seq.items[seq.items.length - 1]!)),
      hole: HOLE[name],
    });
    lists[name] = { chunks, indent };
  }
  let rest = source;
  for (const c of cuts.sort((a, b) => b.start - a.start)) rest = rest.slice(0, c.start) + c.hole + rest.slice(c.end);
  return { parsed, rest, lists };
}

const who = (c: Chunk): string => c.entry.organization ?? c.entry.name ?? '';

/** The merged entries of one list, or why they cannot be merged. */
function mergeEntries(name: ListName, base: Chunk[], ours: Chunk[], theirs: Chunk[]): Chunk[] | MergeConflict {
  const index = (list: Chunk[]) => new Map(list.map((c) => [c.key, c]));
  const [o, a, b] = [index(base), index(ours), index(theirs)];
  const chosen = new Map<string, Chunk | undefined>();
  for (const key of new Set([...a.keys(), ...b.keys(), ...o.keys()])) {
    const [x, y, z] = [o.get(key)?.text, a.get(key)?.text, b.get(key)?.text];
    if (y === z) chosen.set(key, a.get(key));
    else if (y === x) chosen.set(key, b.get(key));
    else if (z === x) chosen.set(key, a.get(key));
    else {
      const c = (a.get(key) ?? b.get(key))!;
      const label = name === 'signatories' ? 'signatory' : `${name === 'withdrawn' ? 'withdrawn' : name} entry`;
      return conflict(`both branches changed the ${label} "${who(c)}" in different ways`);
    }
  }
  // Ours in its order, then what only theirs has, in theirs' order: the same every time.
  const out: Chunk[] = [];
  for (const c of ours) {
    const pick = chosen.get(c.key);
    if (pick) out.push(pick);
  }
  for (const c of theirs) if (!a.has(c.key) && chosen.get(c.key)) out.push(chosen.get(c.key)!);
  return out;
}

/** Canonical meaning of a list, for the check after merging. */
const meaning = (entries: readonly Signatory[]): string =>
  JSON.stringify(entries.map((e) => Object.entries(e).sort(([p], [q]) => p.localeCompare(q))));

/** Put the merged entries into the rest's holes, re-indented to the list's own indentation. */
function assemble(rest: string, merged: Record<ListName, Chunk[]>, indents: Record<ListName, number | undefined>): string {
  let text = rest;
  for (const name of LISTS) {
    const chunks = merged[name];
    const at = text.indexOf(HOLE[name]);
    const holeEnd = at + HOLE[name].length;
    if (at === -1) {
      if (chunks.length === 0) continue;
      const sep = text.endsWith('\n') || text === '' ? '' : '\n';
      text = `${text}${sep}${name}:\n${chunks.map((c) => shift(c.text, 2)).join('\n')}\n`;
      continue;
    }
    const keyCol = column(text, text.lastIndexOf(`${name}:`, at));
    const indent = indents[name] ?? keyCol + 2;
    if (chunks.length === 0) {
      // A block hole sits at the end of the key's line; an empty list is written [].
      const block = text[holeEnd] === '\n' || holeEnd === text.length;
      text = text.slice(0, at) + (block && text[at - 1] === ':' ? ' []' : '') + text.slice(holeEnd);
      continue;
    }
    const body = chunks.map((c) => shift(c.text, indent)).join('\n');
    // After the key's line (its comment stays on it), whether the hole was there or after the colon.
    const without = text.slice(0, at) + text.slice(holeEnd);
    const end = lineEndBeforeBreak(without, at);
    text = `${without.slice(0, end)}\n${body}${without.slice(end)}`;
  }
  return text;
}

/** A signing rule the merged signatories break, said for the person resolving the merge. */
function brokenRule(broken: ListProblem, entries: readonly Signatory[]): string {
  const s = entries[broken.index]!;
  const name = s.organization ?? s.name ?? '';
  const problem = broken.problem;
  switch (problem.rule) {
    case 'no-organization-or-name':
      return `merged signatory ${broken.index + 1} has neither organization nor name`;
    case 'individual-only':
      return `the merged signatory "${name}" has both organization and ${problem.field}`;
    case 'organization-only':
      return `the merged signatory "${name}" has ${problem.field} but no organization`;
    case 'unlisted-group':
      return `the merged signatory "${name}" is in group "${problem.group}", which the merged groups: does not list`;
    case 'repeated-identity':
      return `the merged signatories hold "${name}" twice (signatories ${problem.first + 1} and ${broken.index + 1})`;
  }
}

function finish(sides: [Side, Side, Side], rest: string, file: string, restFrom: ParsedLetter | undefined): MergeOutcome {
  const [base, ours, theirs] = sides;
  const merged = {} as Record<ListName, Chunk[]>;
  const indents = {} as Record<ListName, number | undefined>;
  for (const name of LISTS) {
    const entries = mergeEntries(name, base.lists[name]?.chunks ?? [], ours.lists[name]?.chunks ?? [], theirs.lists[name]?.chunks ?? []);
    if (isConflict(entries)) return entries;
    merged[name] = entries;
    indents[name] = ours.lists[name]?.indent ?? theirs.lists[name]?.indent;
  }
  const text = assemble(rest, merged, indents);
  const { parsed, problems } = readLetterSource(text, file);
  // Entries merged from two branches are signatures like any other: the rules `sign` and
  // `import` keep hold of the merged list too, said by name before the file's own problems.
  const signatories = merged.signatories.map((c) => c.entry);
  const broken = parsed === undefined ? undefined : listProblem(parsed.letter, signatories);
  if (broken !== undefined) return conflict(brokenRule(broken, signatories));
  if (parsed === undefined || problems.length > 0) return conflict('the merged file would not be a valid letter');
  const check = parsed.letter;
  if (meaning(check.signatories) !== meaning(signatories)) return conflict('the merged signatories did not read back as merged');
  for (const name of ['pending', 'withdrawn', 'rejected'] as const) {
    if (meaning(entriesOf(parsed, name)) !== meaning(merged[name].map((c) => c.entry)))
      return conflict(`the merged ${name} entries did not read back as merged`);
  }
  if (restFrom) {
    const strip = (l: object): string =>
      JSON.stringify({ ...l, signatories: undefined, pending: undefined, withdrawn: undefined, rejected: undefined });
    if (strip(check) !== strip(restFrom.letter)) return conflict('the merged letter did not read back as its text');
  }
  return { kind: 'merged', text };
}

/** A version read as a letter and cut into its rest and entries, or why it cannot be. */
function side(text: string, file: string): Side | MergeConflict {
  const { parsed, problems } = readLetterSource(text, file);
  if (parsed === undefined || problems.length > 0) return conflict('one of the versions is not a valid letter');
  return cut(parsed);
}

/**
 * Merge three versions of a letter file: `base` (the common ancestor), `ours` and `theirs`.
 * Line endings follow ours.
 */
export function mergeLetterVersions(base: string, ours: string, theirs: string, file: string): MergeOutcome {
  const crlf = ours.includes('\r\n');
  const lf = (s: string): string => s.replace(/\r\n/g, '\n');
  const back = (outcome: MergeOutcome): MergeOutcome => {
    if (outcome.kind === 'merged' && crlf) return { kind: 'merged', text: outcome.text.replace(/\n/g, '\r\n') };
    if (outcome.kind === 'merge-rest') return { ...outcome, finish: (rest) => back(outcome.finish(lf(rest))) };
    return outcome;
  };
  const read = [base, ours, theirs].map((s) => side(lf(s), file));
  const unreadable = read.find(isConflict);
  if (unreadable) return unreadable;
  const sides = read as [Side, Side, Side];
  const [o, a, b] = sides;
  if (a.rest === o.rest || a.rest === b.rest) return back(finish(sides, b.rest, file, b.parsed));
  if (b.rest === o.rest) return back(finish(sides, a.rest, file, a.parsed));
  return back({
    kind: 'merge-rest',
    rests: { base: o.rest, ours: a.rest, theirs: b.rest },
    finish: (rest) => (rest.includes('<<<<<<<') ? conflict('both branches changed the text') : finish(sides, rest, file, undefined)),
  });
}

//! A document in two languages (`render --bilingual en,fr`): the same letter built in each
//! language from the same template, merged block by block. Each text in the first language is
//! followed by its translation (`paragraphs`), or stands beside it (`columns`); what is the same
//! in both (the address block) and the signatories are printed once; labels in both languages.
//! Every run is marked with its language, so fonts, line breaking and the PDF's /Lang follow it.
import type { BilingualLayout } from '../core/letter/letter.js';
import type { LetterDocument } from './document/document.js';
import type { Block, Run } from './document/tree.js';

/** Every run of the blocks marked with `lang`, unless a passage says another (`[…]{lang=…}`). */
function marked(blocks: readonly Block[], lang: string): Block[] {
  return blocks.map((b) => markBlock(b, lang));
}

function markBlock(b: Block, lang: string): Block {
  const runs = (list: readonly Run[]): Run[] => list.map((r) => (r.lang === undefined ? { ...r, lang } : r));
  switch (b.kind) {
    case 'paragraph':
    case 'heading':
      return { ...b, runs: runs(b.runs) };
    case 'list':
      return { ...b, items: b.items.map((item) => marked(item, lang)) };
    case 'quote':
      return { ...b, blocks: marked(b.blocks, lang) };
    case 'signatures':
      return b; // names are in no one language: each takes the forms its script asks for
    case 'footnotes':
      return { ...b, notes: b.notes.map((n) => ({ ...n, blocks: marked(n.blocks, lang) })) };
    case 'parallel':
      return { ...b, sides: b.sides.map((side) => marked(side, lang)) };
    case 'figure':
      // Its caption is in the language of the text around it.
      return b.caption === undefined ? b : { ...b, caption: runs(b.caption) };
  }
}

const partOf = (b: Block | undefined): string | undefined =>
  b === undefined || b.kind === 'signatures' || b.kind === 'footnotes' || b.kind === 'parallel' ? undefined : b.part;

/** The same block, languages aside: the address block, a list of names, printed once. */
function same(a: Block, b: Block): boolean {
  const plain = (x: Block): string => JSON.stringify(x, (key, value: unknown) => (key === 'lang' || key === 'part' ? undefined : value));
  return plain(a) === plain(b);
}

/** The blocks from `i` on that come from one field of the letter's Markdown. */
function group(blocks: readonly Block[], i: number): Block[] {
  const part = partOf(blocks[i]);
  const out: Block[] = [];
  for (let k = i; k < blocks.length && partOf(blocks[k]) === part; k++) out.push(blocks[k]!);
  return out;
}

class Merger {
  readonly out: Block[] = [];

  constructor(private readonly layout: BilingualLayout) {}

  /** A text and its translation: paragraph by paragraph when they have as many, else whole. */
  pair(a: readonly Block[], b: readonly Block[]): void {
    if (a.length === b.length) {
      for (const [k, block] of a.entries()) this.row([block], [b[k]!]);
    } else {
      this.row(a, b);
    }
  }

  private row(a: readonly Block[], b: readonly Block[]): void {
    if (this.layout === 'columns') this.out.push({ kind: 'parallel', sides: [[...a], [...b]] });
    else this.out.push(...a, ...b);
  }

  /**
   * One of the template's own blocks in both languages. A heading is one heading in both
   * ("Organizations / Organisations"), so a group's heading stays one, set as it always is over
   * its names; the note under a section heading stays a paragraph each, under it; the rest is a
   * text and its translation.
   */
  template(a: Block, b: Block): void {
    if (a.kind === 'heading' && b.kind === 'heading' && a.level === b.level) {
      const between = { text: a.level === 1 ? '\n' : ' / ', bold: true, italic: false };
      this.out.push({ ...a, runs: [...a.runs, between, ...b.runs] });
    } else if (a.kind === 'paragraph' && b.kind === 'paragraph' && a.role === 'note' && b.role === 'note') {
      this.out.push(a, b);
    } else if (
      this.layout === 'paragraphs' &&
      a.kind === 'paragraph' &&
      b.kind === 'paragraph' &&
      a.role !== undefined &&
      a.role === b.role
    ) {
      // A line of the letter's frame (the date, the subject, the salutation, "Sincerely,"): both languages in one paragraph, a line each, with its class's spacing once.
      this.out.push({ ...a, runs: [...a.runs, { text: '\n', bold: false, italic: false }, ...b.runs] });
    } else {
      this.row([a], [b]);
    }
  }

  /** A list in both languages (the issues): item by item, each followed by (or beside) its translation. */
  list(a: Extract<Block, { kind: 'list' }>, b: Extract<Block, { kind: 'list' }>): void {
    if (this.layout === 'columns') {
      for (const [k, item] of a.items.entries()) {
        const left: Block = { ...a, start: a.start + k, items: [item] };
        const right: Block = { ...b, start: b.start + k, items: [b.items[k]!] };
        this.out.push({ kind: 'parallel', sides: [[left], [right]] });
      }
      return;
    }
    this.out.push({ ...a, items: a.items.map((item, k) => [...item, ...b.items[k]!]) });
  }
}

/** A field of the letter's Markdown (its blocks together), or one block of the template's own. */
interface Unit {
  key: string;
  blocks: Block[];
}

/** Blocks as units, each with the key two languages' units are matched by: its field, or what it is (its kind, class, level). */
function units(blocks: readonly Block[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < blocks.length; ) {
    const block = blocks[i]!;
    const part = partOf(block);
    if (part !== undefined) {
      const blocksOfPart = group(blocks, i);
      out.push({ key: `part:${part}`, blocks: blocksOfPart });
      i += blocksOfPart.length;
      continue;
    }
    const role = block.kind === 'paragraph' || block.kind === 'list' ? (block.role ?? '') : '';
    const level = block.kind === 'heading' ? block.level : '';
    out.push({ key: `${block.kind}:${role}:${level}`, blocks: [block] });
    i++;
  }
  return out;
}

/**
 * Which units of two languages stand for each other, in order: the longest common sequence of
 * their keys. Most are matched; what the language puts elsewhere (the date after the body in
 * Chinese, above it in English) is not, and is printed where its own language puts it.
 */
function matches(a: readonly Unit[], b: readonly Unit[]): [number, number][] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i]!.key === b[j]!.key ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const out: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]!.key === b[j]!.key) out.push([i++, j++]);
    else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}

/**
 * The blocks of a document in two languages, built from the same template: aligned by what
 * each block is (a field of the letter's Markdown by its part, the template's own blocks by their
 * kind and class). A block one language has and the other not stands alone where its language
 * puts it; nothing is dropped but the second list of signatories, which is the first's.
 */
export function mergeBlocks(first: readonly Block[], second: readonly Block[], layout: BilingualLayout): Block[] {
  const merger = new Merger(layout);
  const notesOf = (blocks: readonly Block[]) => blocks.flatMap((x) => (x.kind === 'footnotes' ? x.notes : []));
  const notes = [...notesOf(first), ...notesOf(second)];
  const a = units(first.filter((x) => x.kind !== 'footnotes'));
  const b = units(second.filter((x) => x.kind !== 'footnotes'));
  const alone = (unit: Unit, second: boolean): void =>
    void merger.out.push(...unit.blocks.filter((x) => !second || x.kind !== 'signatures'));
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches(a, b), [a.length, b.length] as [number, number]]) {
    while (i < mi) alone(a[i++]!, false);
    while (j < mj) alone(b[j++]!, true);
    if (mi === a.length) break;
    const x = a[i++]!;
    const y = b[j++]!;
    const [bx] = x.blocks;
    const [by] = y.blocks;
    if (x.key.startsWith('part:')) merger.pair(x.blocks, y.blocks);
    else if (bx!.kind === 'signatures') merger.out.push(bx!);
    else if (same(bx!, by!)) merger.out.push(bx!);
    else if (bx!.kind === 'list' && by!.kind === 'list' && bx!.items.length === by!.items.length) merger.list(bx!, by!);
    else merger.template(bx!, by!);
  }
  if (notes.length > 0) merger.out.push({ kind: 'footnotes', notes });
  return merger.out;
}

/**
 * The letter in two languages as one document: `first`'s language is the document's (its
 * dates, page numbers, PDF language), `second`'s text beside or after it, every run marked with
 * its language. `second` was built with its notes numbered after `first`'s.
 */
export function bilingualDocument(first: LetterDocument, second: LetterDocument, layout: BilingualLayout): LetterDocument {
  const blocks = mergeBlocks(marked(first.blocks, first.lang), marked(second.blocks, second.lang), layout);
  const title = first.title === second.title ? first.title : `${first.title} / ${second.title}`;
  return { ...first, blocks, title, subject: first.subject === second.subject ? first.subject : `${first.subject} / ${second.subject}` };
}

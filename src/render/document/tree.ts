/*
 * The document tree: what every output format is drawn from. Templates produce a small
 * subset of HTML; this module turns it into blocks of styled text runs.
 */
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { NOT_PRINTED } from '../../core/text/glyphs.js';
import { LettersError } from '../../errors.js';
import { safeHref } from './links.js';
import { NO_PICTURES, type Picture, type Pictures } from '../pictures.js';
import { BLOCK_ROLES } from './roles.js';

export interface Run {
  /** The text; "\n" is a line break (<br>). */
  text: string;
  bold: boolean;
  italic: boolean;
  href?: string;
  /** A footnote marker ("¹"): the number of the note it refers to. */
  note?: number;
  /** The text's language where a template's lang="…" gives it: its CJK text takes that region's forms. */
  lang?: string;
}

/** A footnote: its number and its text, placed at the foot of the page that refers to it. */
export interface Note {
  number: number;
  blocks: Block[];
}

export type Block =
  | { kind: 'paragraph'; role?: string; runs: Run[] }
  | { kind: 'heading'; level: 1 | 2 | 3; runs: Run[] }
  | { kind: 'list'; ordered: boolean; start: number; role?: string; items: Block[][] }
  | { kind: 'quote'; blocks: Block[] }
  | {
      kind: 'signatures';
      /** How many columns; with `minColumns`, the most. */
      columns: number;
      /** The fewest columns, when the entries' widths choose between it and `columns`. */
      minColumns?: number;
      signatures: Run[][];
      layout?: 'lines' | 'names' | 'logos';
      /** Each signature's classes besides "signatory" ("highlight"), for HTML; absent when none has any. */
      marks?: string[][];
      /** Each signature's logo, in the logos layout; absent when none has one. */
      pictures?: (Picture | undefined)[];
      /** The logos layout without the names under the logos (`logo_names: false`): a logo stands for its name. */
      hideNames?: boolean;
    }
  /** A picture on its own, at the text's width or its own size if smaller, its caption under it; never split. */
  | { kind: 'figure'; picture: Picture; alt: string; caption?: Run[] }
  | { kind: 'footnotes'; notes: Note[] };

interface Style {
  bold: boolean;
  italic: boolean;
  href?: string;
  pre: boolean;
  lang?: string;
}

/** The style inside an element: its lang="…", if it has one, marks the text's language. */
function withLang(el: Element, style: Style): Style {
  const lang = el.attribs['lang']?.trim();
  return lang ? { ...style, lang } : style;
}

/** Elements a template may use, with what they become. */
export const SUPPORTED_ELEMENTS =
  'p, address, h1–h3, strong, em, b, i, a, br, ul, ol, li, blockquote, div, span, img (alone in its paragraph, or in a signatory) (div class="signatories" holding div class="signatory")';

const BLOCK_TAGS = new Set([
  'p',
  'address',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'div',
  'pre',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'main',
]);
const INLINE_TAGS = new Set(['strong', 'b', 'em', 'i', 'a', 'br', 'span', 'code', 's', 'del', 'sup', 'sub', 'u', 'small', 'img']);

/**
 * How deep lists and block quotes may nest, template and Markdown together. Each level
 * indents by about a quarter inch; at twelve the text column is still some 160 points wide
 * on A4 (a Markdown field alone may nest eight, see markdown.ts).
 */
export const MAX_INDENT_DEPTH = 12;
/** How deep elements of any kind may nest: well past what a template and Markdown make, short of the stack's limit. */
export const MAX_ELEMENT_DEPTH = 256;

/**
 * A signatory grid's `data-columns`: "N" (1–4), or a range "2-4" within which the entries'
 * widths choose. A names list's "N" is the most, as it has always been (at least two).
 */
export function columnRange(value: string | undefined, layout: 'lines' | 'names' | 'logos' | undefined): { least: number; most: number } {
  const clamp = (n: number): number => Math.max(1, Math.min(4, n));
  const range = /^\s*(\d)\s*[-–]\s*(\d)\s*$/.exec(value ?? '');
  if (range) {
    const [a, b] = [clamp(Number(range[1])), clamp(Number(range[2]))];
    return { least: Math.min(a, b), most: Math.max(a, b) };
  }
  const most = clamp(Number(value ?? '1') || 1);
  return { least: layout === 'names' ? Math.min(most, 2) : most, most };
}

function classOf(el: Element): string | undefined {
  return el.attribs['class']?.trim().split(/\s+/)[0] || undefined;
}

/** Every class of an element, in order. */
function classesOf(el: Element): string[] {
  return (el.attribs['class'] ?? '').split(/\s+/).filter((c) => c !== '');
}

class TreeBuilder {
  private implicit = new WeakSet<Block>();
  private elements = 0;
  private indents = 0;

  constructor(
    private readonly templateName: string,
    private readonly pictures: Pictures,
  ) {}

  /** The picture an `<img>` shows: one the letter names (loaded before), never a file the template reaches for. */
  private picture(el: Element): Picture {
    const src = el.attribs['src'] ?? '';
    const picture = this.pictures.get(src);
    if (picture === undefined) {
      throw new LettersError(
        'template',
        `template "${this.templateName}" shows an image the letter does not name: <img src="${src.slice(0, 80)}">`,
        "a template shows only the pictures of the letter: {{letterhead}}, a signatory's {{picture}}, the images in its Markdown",
      );
    }
    return picture;
  }

  /** A paragraph that holds one `<img>` and nothing else but space: a figure. */
  private figure(el: Element, style: Style): Block | undefined {
    const meaningful = el.children.filter((c) => !(c.type === 'text' && c.data.trim() === '') && c.type !== 'comment');
    const only = meaningful[0];
    if (meaningful.length !== 1 || only?.type !== 'tag' || only.name !== 'img') return undefined;
    const figure: Block = { kind: 'figure', picture: this.picture(only), alt: (only.attribs['alt'] ?? '').trim() };
    const title = only.attribs['title']?.trim();
    if (title) figure.caption = tidy([plain(title.replace(/[ \t\r\n\f]+/g, ' '), style)]);
    return figure;
  }

  /** Run `build` one element deeper; refuses nesting that would overflow the stack or the page. */
  private nested<T>(indents: boolean, build: () => T): T {
    this.elements++;
    if (indents) this.indents++;
    try {
      if (this.elements > MAX_ELEMENT_DEPTH) {
        throw new LettersError(
          'template',
          `template "${this.templateName}" nests elements more than ${MAX_ELEMENT_DEPTH} deep`,
          'nest its elements less deeply',
        );
      }
      if (this.indents > MAX_INDENT_DEPTH) {
        throw new LettersError(
          'template',
          `template "${this.templateName}" with the letter's text nests lists and block quotes more than ${MAX_INDENT_DEPTH} deep, which does not fit the page`,
          "nest lists and block quotes less deeply in the template (or in the letter's Markdown)",
        );
      }
      return build();
    } finally {
      this.elements--;
      if (indents) this.indents--;
    }
  }

  blocks(nodes: ChildNode[], style: Style): Block[] {
    const out: Block[] = [];
    let pending: Run[] = [];
    const flush = (): void => {
      const runs = tidy(pending);
      pending = [];
      if (runs.length > 0) {
        const block: Block = { kind: 'paragraph', runs };
        this.implicit.add(block);
        out.push(block);
      }
    };
    for (const node of nodes) {
      if (node.type === 'tag' && BLOCK_TAGS.has(node.name)) {
        flush();
        const el = node;
        out.push(...this.nested(el.name === 'ul' || el.name === 'ol' || el.name === 'blockquote', () => this.block(el, style)));
      } else {
        this.inline(node, style, pending);
      }
    }
    flush();
    return out;
  }

  private block(el: Element, outer: Style): Block[] {
    const style = withLang(el, outer);
    const role = classOf(el);
    switch (el.name) {
      case 'p':
      case 'address': {
        const figure = el.name === 'p' ? this.figure(el, style) : undefined;
        if (figure) return [figure];
        const runs = tidy(this.runs(el.children, style));
        return runs.length === 0 ? [] : [{ kind: 'paragraph', role: role ?? (el.name === 'address' ? 'address' : undefined), runs }];
      }
      case 'pre': {
        const runs = tidy(this.runs(el.children, { ...style, pre: true }));
        return runs.length === 0 ? [] : [{ kind: 'paragraph', runs }];
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const level = Math.min(3, Number(el.name[1])) as 1 | 2 | 3;
        const runs = tidy(this.runs(el.children, { ...style, bold: true }));
        return runs.length === 0 ? [] : [{ kind: 'heading', level, runs }];
      }
      case 'ul':
      case 'ol': {
        const items = el.children
          .filter((c): c is Element => c.type === 'tag' && c.name === 'li')
          .map((li) => this.listItem(li, style))
          .filter((item) => item.length > 0);
        const start = Number(el.attribs['start'] ?? '1');
        const list: Block = { kind: 'list', ordered: el.name === 'ol', start: Number.isFinite(start) ? start : 1, items };
        if (role !== undefined) list.role = role;
        return items.length === 0 ? [] : [list];
      }
      case 'li':
        return this.listItem(el, style);
      case 'blockquote': {
        const blocks = this.blocks(el.children, style);
        return blocks.length === 0 ? [] : [{ kind: 'quote', blocks }];
      }
      case 'hr':
        return [];
      default: {
        if (role === 'signatories') return [this.signatures(el, style)];
        if (role === 'footnotes') return [this.footnotes(el, style)];
        const blocks = this.blocks(el.children, style);
        // A div whose class means something (roles.ts) gives it to the paragraphs inside it that
        // have none: the letter's Markdown around the list, which arrives as plain paragraphs.
        if (role !== undefined && Object.hasOwn(BLOCK_ROLES, role)) {
          for (const b of blocks) if (b.kind === 'paragraph' && b.role === undefined) b.role = role;
        }
        return blocks;
      }
    }
  }

  /** A list item; an inline lead-in (an issue's bold title) runs into its first paragraph. */
  private listItem(li: Element, style: Style): Block[] {
    const blocks = this.blocks(li.children, style);
    const [lead, next] = blocks;
    if (lead && next && this.implicit.has(lead) && lead.kind === 'paragraph' && next.kind === 'paragraph') {
      const merged: Block = { ...next, runs: tidy([...lead.runs, plain(' ', style), ...next.runs]) };
      return [merged, ...blocks.slice(2)];
    }
    return blocks;
  }

  private signatures(el: Element, style: Style): Block {
    const entries = el.children
      .filter((c): c is Element => c.type === 'tag')
      .map((c) => {
        // A signatory's logo: its one <img>, wherever it stands in the entry; the rest is its text.
        const img = c.children.find((n): n is Element => n.type === 'tag' && n.name === 'img');
        const text = c.children.filter((n) => n !== img);
        return {
          runs: tidy(this.runs(text, style)),
          marks: classesOf(c).filter((m) => m !== 'signatory'),
          picture: img === undefined ? undefined : this.picture(img),
        };
      })
      .filter((e) => e.runs.length > 0);
    const signatures = entries.map((e) => e.runs);
    const attribute = el.attribs['data-layout'];
    // lines and names are set close together; blocks (the default) keep a gap between rows.
    const layout = attribute === 'lines' || attribute === 'names' || attribute === 'logos' ? attribute : undefined;
    const { least, most } = columnRange(el.attribs['data-columns'], layout);
    const block: Extract<Block, { kind: 'signatures' }> = { kind: 'signatures', columns: most, signatures };
    if (least < most) block.minColumns = least;
    if (layout !== undefined) block.layout = layout;
    if (entries.some((e) => e.marks.length > 0)) block.marks = entries.map((e) => e.marks);
    if (layout === 'logos' && entries.some((e) => e.picture !== undefined)) block.pictures = entries.map((e) => e.picture);
    if (layout === 'logos' && el.attribs['data-names'] === 'false') block.hideNames = true;
    return block;
  }

  private footnotes(el: Element, style: Style): Block {
    const notes = el.children
      .filter((c): c is Element => c.type === 'tag')
      .map((c) => ({ number: Number(c.attribs['data-note']), blocks: this.blocks(c.children, style) }))
      .filter((n) => Number.isInteger(n.number) && n.blocks.length > 0);
    return { kind: 'footnotes', notes };
  }

  runs(nodes: ChildNode[], style: Style): Run[] {
    const out: Run[] = [];
    for (const node of nodes) this.inline(node, style, out);
    return out;
  }

  private inline(node: ChildNode, style: Style, out: Run[]): void {
    if (node.type === 'text') {
      // Only ASCII white space collapses: a no-break space stays, and keeps its words together.
      // Invisible characters that print nothing go, as they go from the letter's fields (view.ts): here
      // they could only come from the template or a Markdown entity (&#x200B;).
      const data = node.data.replace(NOT_PRINTED, '');
      // Tested first: replacing every single space by itself copies a long text in millions of pieces.
      const text = style.pre || !COLLAPSIBLE.test(data) ? data : data.replace(/[ \t\r\n\f]+/g, ' ');
      if (text !== '') out.push(plain(text, style));
      return;
    }
    if (node.type !== 'tag') return; // comments, directives
    const el = node;
    this.nested(false, () => this.inlineElement(el, withLang(el, style), out));
  }

  private inlineElement(node: Element, style: Style, out: Run[]): void {
    const name = node.name;
    if (BLOCK_TAGS.has(name)) {
      // A block inside inline content (e.g. <p> inside <a>): keep its text, break the line.
      out.push(plain('\n', style), ...this.runs(node.children, style), plain('\n', style));
      return;
    }
    if (!INLINE_TAGS.has(name)) {
      throw new LettersError(
        'template',
        `template "${this.templateName}" uses <${name}>, which letters cannot lay out`,
        `use only ${SUPPORTED_ELEMENTS}`,
      );
    }
    switch (name) {
      case 'br':
        out.push(plain('\n', style));
        return;
      case 'sup': {
        const note = Number(node.attribs['data-note']);
        if (classOf(node) === 'footnote-ref' && Number.isInteger(note)) {
          const start = out.length;
          this.inlineChildren(node, style, out);
          for (const run of out.slice(start)) run.note = note;
          return;
        }
        this.inlineChildren(node, style, out);
        return;
      }
      case 'img':
        throw new LettersError(
          'template',
          `template "${this.templateName}" puts an <img> inside a line of text, which letters cannot lay out`,
          "put the <img> alone in a <p>, or inside a signatory's <div>",
        );
      case 'strong':
      case 'b':
        this.inlineChildren(node, { ...style, bold: true }, out);
        return;
      case 'em':
      case 'i':
        this.inlineChildren(node, { ...style, italic: true }, out);
        return;
      case 'a': {
        const href = safeHref(node.attribs['href']);
        this.inlineChildren(node, href !== undefined ? { ...style, href } : style, out);
        return;
      }
      default:
        this.inlineChildren(node, style, out);
    }
  }

  private inlineChildren(el: Element, style: Style, out: Run[]): void {
    for (const child of el.children) this.inline(child, style, out);
  }
}

/** White space that collapses to one space: anything but a single space. */
const COLLAPSIBLE = /[\t\r\n\f]| {2}/;

function plain(text: string, style: Style): Run {
  const run: Run = { text, bold: style.bold, italic: style.italic };
  if (style.href !== undefined) run.href = style.href;
  if (style.lang !== undefined) run.lang = style.lang;
  return run;
}

/**
 * Normalise a paragraph's runs: no space at either end or around a line break, no two
 * spaces in a row across runs, adjacent runs of the same style merged.
 */
export function tidy(runs: Run[]): Run[] {
  const out: Run[] = [];
  let lastChar = '\n';
  for (const run of runs) {
    let text = run.text;
    if (text === '\n') {
      const prev = out[out.length - 1];
      if (prev) prev.text = prev.text.replace(/ +$/, '');
      if (out.length === 0) continue;
    } else if (lastChar === ' ' || lastChar === '\n') {
      text = text.replace(/^ +/, '');
    }
    if (text === '') continue;
    lastChar = text[text.length - 1]!;
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.bold === run.bold &&
      prev.italic === run.italic &&
      prev.href === run.href &&
      prev.note === run.note &&
      prev.lang === run.lang
    ) {
      prev.text += text;
    } else {
      out.push({ ...run, text });
    }
  }
  // Trailing spaces and breaks.
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    last.text = last.text.replace(/[ \n]+$/, '');
    if (last.text !== '') break;
    out.pop();
  }
  return out;
}

/** Parse a filled template into the document tree. */
export function buildTree(html: string, templateName: string, pictures: Pictures = NO_PICTURES): Block[] {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  return new TreeBuilder(templateName, pictures).blocks(dom.children, { bold: false, italic: false, pre: false });
}

/** Every run of text in the tree, in reading order. */
export function* treeText(blocks: readonly Block[]): Generator<string> {
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
      case 'heading':
        for (const r of b.runs) yield r.text;
        break;
      case 'list':
        for (const item of b.items) yield* treeText(item);
        break;
      case 'quote':
        yield* treeText(b.blocks);
        break;
      case 'signatures':
        for (const s of b.signatures) for (const r of s) yield r.text;
        break;
      case 'figure':
        for (const r of b.caption ?? []) yield r.text;
        break;
      case 'footnotes':
        for (const n of b.notes) yield* treeText(n.blocks);
        break;
    }
  }
}

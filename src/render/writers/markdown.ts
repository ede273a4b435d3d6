//! The Markdown writer: CommonMark with GitHub's extensions, from the document tree. Every
//! piece of text is escaped (core/text/markdown-escape.ts), so a name like `*Bold* [x](…)` prints
//! as typed; only http, https and mailto links are links. The first line is an HTML comment
//! that marks the file as letters' output (invisible once rendered).

import { escapeMarkdown } from '../../core/text/markdown-escape.js';
import type { LetterDocument } from '../document/document.js';
import { MARKDOWN_MARK, type Writer } from './writer.js';
import { superscript } from '../document/footnote-syntax.js';
import { linkSpans } from '../document/links.js';
import type { Block, Run } from '../document/tree.js';

/** An address inside <…>: only characters that would end it or the line are encoded. */
function destination(href: string): string {
  return `<${href.replace(/[<>\s\\]/g, (c) => encodeURIComponent(c))}>`;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * One styled run, escaped. Emphasis delimiters go inside the run's outer spaces, and where
 * CommonMark would not see them as delimiters (punctuation against a letter) the run uses
 * <strong>/<em>, which GitHub renders too.
 */
function styled(run: Run, before: string | undefined, after: string | undefined): string {
  const text = escapeMarkdown(run.text).replace(/\n/g, '\\\n');
  if (!run.bold && !run.italic) return text;
  const lead = /^ */.exec(text)![0];
  const trail = / *$/.exec(text.slice(lead.length))![0];
  const core = text.slice(lead.length, text.length - trail.length);
  if (core === '') return text;
  const first = core[0]!;
  const last = core[core.length - 1]!;
  const leftOk = !/[\p{P}\p{S}\\]/u.test(first) || !isWordChar(lead ? ' ' : before);
  const rightOk = !/[\p{P}\p{S}]/u.test(last) || !isWordChar(trail ? ' ' : after);
  if (leftOk && rightOk && !core.includes('\n')) {
    const mark = run.bold && run.italic ? '***' : run.bold ? '**' : '*';
    return `${lead}${mark}${core}${mark}${trail}`;
  }
  let html = core;
  if (run.italic) html = `<em>${html}</em>`;
  if (run.bold) html = `<strong>${html}</strong>`;
  return `${lead}${html}${trail}`;
}

function inline(runs: readonly Run[]): string {
  return linkSpans(runs)
    .map(({ href, start, end }) => {
      let inner = '';
      for (let j = start; j < end; j++) inner += styled(runs[j]!, runs[j - 1]?.text.at(-1), runs[j + 1]?.text[0]);
      return href === undefined ? inner : `[${inner}](${destination(href)})`;
    })
    .join('');
}

type Lines = string[];

/** Prefix every line: `first` on the first, `rest` on the others (blank lines stay bare). */
function prefix(lines: Lines, first: string, rest: string): Lines {
  return lines.map((line, i) => (line === '' ? (i === 0 ? first.trimEnd() : rest.trimEnd()) : `${i === 0 ? first : rest}${line}`));
}

class MarkdownWriter {
  // Two lists in a row with the same marker would merge into one list; alternate markers.
  private lastBullet = '*';
  private lastOrdered = ')';

  constructor(private readonly picturePath: (source: string) => string) {}

  blocks(list: readonly Block[]): Lines {
    const out: Lines = [];
    for (const b of list) {
      if (out.length > 0) out.push('');
      out.push(...this.block(b));
    }
    return out;
  }

  private bullet(): string {
    this.lastBullet = this.lastBullet === '-' ? '*' : '-';
    return this.lastBullet;
  }

  private block(b: Block): Lines {
    switch (b.kind) {
      case 'paragraph':
        return inline(b.runs).split('\n');
      case 'heading':
        return [`${'#'.repeat(b.level)} ${inline(b.runs).replace(/\\\n/g, ' ')}`];
      case 'quote':
        return prefix(this.blocks(b.blocks), '> ', '> ');
      case 'list': {
        const bullet = this.bullet();
        if (b.ordered) this.lastOrdered = this.lastOrdered === '.' ? ')' : '.';
        const delimiter = this.lastOrdered;
        const out: Lines = [];
        b.items.forEach((item, i) => {
          const marker = b.ordered ? `${b.start + i}${delimiter} ` : `${bullet} `;
          if (i > 0) out.push('');
          const body = this.blocks(item);
          out.push(...prefix(body.length > 0 ? body : [''], marker, ' '.repeat(marker.length)));
        });
        return out;
      }
      case 'signatures': {
        const marker = `${this.bullet()} `;
        const out: Lines = [];
        b.signatures.forEach((runs, i) => {
          if (i > 0) out.push('');
          out.push(...prefix(inline(runs).split('\n'), marker, '  '));
        });
        return out;
      }
      case 'figure': {
        // The picture by its path from where the Markdown is written, its caption as its title and under it.
        const caption = b.caption?.map((r) => r.text.replace(/\n/g, ' ')).join('');
        const title = caption ? ` "${caption.replace(/[\\"]/g, '\\$&')}"` : '';
        const image = `![${escapeMarkdown(b.alt)}](${destination(this.picturePath(b.picture.source))}${title})`;
        return b.caption ? [image, '', `*${inline(b.caption).replace(/\\\n/g, ' ')}*`] : [image];
      }
      case 'footnotes': {
        // The markers in the text are superscript numbers: each note starts with its own.
        const out: Lines = [];
        for (const note of b.notes) {
          if (out.length > 0) out.push('');
          const marker = `${superscript(note.number)} `;
          out.push(...prefix(this.blocks(note.blocks), marker, ' '.repeat(marker.length)));
        }
        return out;
      }
    }
  }
}

/** The letter as Markdown text. */
export function documentMarkdown(document: LetterDocument, picturePath: (source: string) => string = (s) => s): string {
  const hasTitle = document.blocks.some((b) => b.kind === 'heading' && b.level === 1);
  const lines = [MARKDOWN_MARK, ''];
  // The letterhead's lines of text (its picture is the printed page's), one line each.
  const head = document.letterhead?.lines ?? [];
  if (head.length > 0) lines.push(head.map(escapeMarkdown).join('\\\n'), '');
  if (!hasTitle) lines.push(`# ${escapeMarkdown(document.title)}`, '');
  lines.push(...new MarkdownWriter(picturePath).blocks(document.blocks));
  return `${lines.join('\n')}\n`;
}

/** The Markdown writer: one file, its first line the mark render knows it by. */
export const writeMarkdown: Writer = async ({ document, picturePath }) => [
  { bytes: Buffer.from(documentMarkdown(document, picturePath), 'utf8') },
];

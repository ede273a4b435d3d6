/**
 * The letter's Markdown fields (intro, issue bodies, closing, the text around the signatories) read as one text: footnotes
 * defined in any field and numbered in reading order across all of them, the pictures they
 * show, and the Markdown letters cannot print (tables, an image inside a line of text, one
 * without words for it) found with their line, as problems.
 */
import type Token from 'markdown-it/lib/token.mjs';
import { fieldLabel } from '../../core/text/glyphs.js';
import type { Letter } from '../../core/letter/letter.js';
import { picturePathFault, type PictureRef } from '../../core/letter/pictures.js';
import { markdownFor } from './markdown.js';

export { superscript } from './syntax/footnote-syntax.js';

export interface MarkdownField {
  /** Dotted path into the letter file: `intro`, `issues.2.body`, `closing`. */
  path: string;
  text: string;
}

/** A problem inside a Markdown field, `line` counted from the field's first line (0). */
export interface FieldProblem {
  path: string;
  line: number;
  message: string;
  hint: string;
}

export interface Footnote {
  number: number;
  /** The note as HTML. */
  html: string;
}

export interface LetterMarkdown {
  /** HTML of each field, by path. */
  html: Map<string, string>;
  footnotes: Footnote[];
  /** The images the fields show, each once per place, in reading order. */
  pictures: PictureRef[];
  problems: FieldProblem[];
}

/** An image's path as written: markdown-it percent-encodes it (spaces, accents) in the token. */
export function pictureSource(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

export function markdownFields(letter: Letter, text: (s: string) => string = (s) => s): MarkdownField[] {
  return [
    ...(letter.intro === undefined ? [] : [{ path: 'intro', text: text(letter.intro) }]),
    ...letter.issues.map((issue, i) => ({ path: `issues.${i}.body`, text: text(issue.body) })),
    ...(letter.closing === undefined ? [] : [{ path: 'closing', text: text(letter.closing) }]),
    ...(letter.signatoriesIntro === undefined ? [] : [{ path: 'signatories_intro', text: text(letter.signatoriesIntro) }]),
    ...(letter.signatoriesOutro === undefined ? [] : [{ path: 'signatories_outro', text: text(letter.signatoriesOutro) }]),
  ];
}

interface Definition {
  path: string;
  line: number;
  tokens: Token[];
}

/**
 * Every token, depth first, with its line in the field: a block's own, or for a reference or
 * an image inside a paragraph, the paragraph's line plus the line breaks before it.
 */
function* walk(tokens: readonly Token[], line = 0): Generator<{ token: Token; line: number; parent?: Token; index?: number }> {
  for (const [index, token] of tokens.entries()) {
    const at = token.map?.[0] ?? line;
    yield { token, line: at, index };
    if (!token.children) continue;
    let cursor = 0;
    for (const child of token.children) {
      const written = child.type === 'footnote_ref' ? `[^${String(child.meta.label)}]` : child.type === 'image' ? '![' : undefined;
      const index = written === undefined ? -1 : token.content.indexOf(written, cursor);
      if (index >= 0) cursor = index + 1;
      const before = index >= 0 ? token.content.slice(0, index).split('\n').length - 1 : 0;
      yield { token: child, line: at + before, parent: token };
    }
  }
}

/** How a letter's Markdown is made into HTML for one document. */
export interface MarkdownOptions {
  /** The number of the first note: in a document in two languages, the second's notes follow the first's. */
  firstNote?: number;
  /** Wrap each field's HTML in `<div data-part="path">`, so its blocks say where they come from (a bilingual document pairs them). */
  parts?: boolean;
}

/** The Markdown field paths of a translation's fields kept in the letter's language (`untranslated:`). */
function keptPaths(letter: Letter): Set<string> {
  const kept = new Set<string>();
  for (const field of letter.untranslated?.fields ?? []) {
    if (field !== 'issues') kept.add(field);
    else for (let i = 0; i < letter.issues.length; i++) kept.add(`issues.${i}.body`);
  }
  return kept;
}

const asWritten = (s: string): string => s;

/** Per way of reading the text, the last letter's Markdown and what it was made from. */
const lastMade = new WeakMap<(s: string) => string, { key: string; made: LetterMarkdown }>();
/**
 * The last made by any way of reading: the key is everything the Markdown is made from, so a letter
 * whose text reads the same both ways (already printable, the usual case) is made once for its
 * pictures and problems (as written) and for its view (printable), not twice.
 */
let lastOfAny: { key: string; made: LetterMarkdown } | undefined;

/**
 * The letter's Markdown as HTML, its notes, pictures and problems. The same fields give the
 * same answer: a document asks for it several times (its view, its problems, its pictures),
 * and a mail merge's letters share every field a row does not fill, so the last answer for
 * each way of reading the text is kept, read-only, and given again when the fields match.
 */
export function renderLetterMarkdown(
  letter: Letter,
  text: (s: string) => string = asWritten,
  options: MarkdownOptions = {},
): LetterMarkdown {
  const fields = markdownFields(letter, text);
  const key = JSON.stringify([
    letter.lang,
    letter.untranslated?.lang,
    letter.untranslated?.fields,
    options.firstNote,
    options.parts,
    fields.map((f) => [f.path, f.text]),
  ]);
  const last = lastMade.get(text);
  if (last?.key === key) return last.made;
  if (lastOfAny?.key === key) {
    lastMade.set(text, lastOfAny);
    return lastOfAny.made;
  }
  const made = makeLetterMarkdown(letter, fields, options);
  Object.freeze(made.footnotes);
  Object.freeze(made.pictures);
  Object.freeze(made.problems);
  lastOfAny = { key, made };
  lastMade.set(text, lastOfAny);
  return made;
}

function makeLetterMarkdown(letter: Letter, fields: readonly MarkdownField[], options: MarkdownOptions): LetterMarkdown {
  const md = markdownFor(letter.lang);
  const problems: FieldProblem[] = [];
  const definitions = new Map<string, Definition>();
  const bodies: { path: string; tokens: Token[] }[] = [];
  // A translation's field kept in the letter's own language is read with that language's quotation marks, and said to be in it.
  const kept = keptPaths(letter);
  const keptLang = letter.untranslated?.lang;

  for (const field of fields) {
    const tokens = (kept.has(field.path) && keptLang !== undefined ? markdownFor(keptLang) : md).parse(field.text, {});
    const body: Token[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== 'footnote_def_open') {
        body.push(token);
        continue;
      }
      // A definition runs to its matching close; nested definitions are not Markdown.
      let depth = 1;
      let j = i + 1;
      for (; j < tokens.length && depth > 0; j++) {
        if (tokens[j]!.type === 'footnote_def_open') depth++;
        if (tokens[j]!.type === 'footnote_def_close') depth--;
      }
      const label = String(token.meta.label);
      const line = token.map?.[0] ?? 0;
      const first = definitions.get(label);
      if (first) {
        problems.push({
          path: field.path,
          line,
          message: `${fieldLabel(field.path)} defines the note [^${label}] again (first in ${fieldLabel(first.path)})`,
          hint: 'keep one of the two definitions, or give this note another label',
        });
      } else {
        definitions.set(label, { path: field.path, line, tokens: tokens.slice(i + 1, j - 1) });
      }
      i = j - 1;
    }
    bodies.push({ path: field.path, tokens: body });
  }

  // Numbers follow the first reference to each note, in reading order; notes may cite notes.
  const numbers = new Map<string, number>();
  const pictures: PictureRef[] = [];
  const number = (tokens: readonly Token[], path: string): void => {
    for (const { token, line, parent, index } of walk(tokens)) {
      if (token.type === 'inline' && index !== undefined && tokens[index - 1]?.type === 'paragraph_open') {
        // Alone in its paragraph: a figure. Kept on the token for the check below.
        const shown = (token.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === '') && c.type !== 'softbreak');
        if (shown.length === 1 && shown[0]!.type === 'image') shown[0]!.meta = { ...(shown[0]!.meta as object), alone: true };
      }
      if (token.type === 'footnote_ref') {
        const label = String(token.meta.label);
        if (!definitions.has(label)) {
          problems.push({
            path,
            line,
            message: `${fieldLabel(path)} refers to the note [^${label}], which is not written anywhere`,
            hint: `add a line "[^${label}]: the note" to the intro, an issue or the closing, or remove [^${label}]`,
          });
        } else if (!numbers.has(label)) {
          numbers.set(label, numbers.size + (options.firstNote ?? 1));
        }
      } else if (token.type === 'image') {
        const problem = imageProblem(token, path, parent);
        if (problem) problems.push({ path, line, ...problem });
        else pictures.push({ source: pictureSource(token.attrGet('src') ?? ''), field: path, use: 'text', line });
      } else if (token.type === 'table_open') {
        problems.push({
          path,
          line,
          message: `${fieldLabel(path)} has a table, which letters cannot print yet`,
          hint: 'write it as a list or as paragraphs',
        });
      }
    }
  };
  for (const body of bodies) number(body.tokens, body.path);
  for (let k = 0; k < numbers.size; k++) {
    const label = [...numbers.keys()][k]!;
    const d = definitions.get(label)!;
    number(d.tokens, d.path);
  }
  for (const [label, d] of definitions) {
    if (!numbers.has(label)) {
      problems.push({
        path: d.path,
        line: d.line,
        message: `${fieldLabel(d.path)} has the note [^${label}], but no text refers to it`,
        hint: `put [^${label}] after the words it annotates, or remove the note`,
      });
    }
  }

  const env = { numbers };
  const wrap = (path: string, html: string): string => {
    const lang = kept.has(path) && keptLang !== undefined ? ` lang="${keptLang.replace(/[^A-Za-z0-9-]/g, '')}"` : '';
    return options.parts || lang !== '' ? `<div${options.parts ? ` data-part="${path}"` : ''}${lang}>${html}</div>` : html;
  };
  const html = new Map(bodies.map((b) => [b.path, wrap(b.path, md.renderer.render(b.tokens, md.options, env))]));
  const footnotes = [...numbers].map(([label, n]) => ({
    number: n,
    html: md.renderer.render(definitions.get(label)!.tokens, md.options, env),
  }));
  return { html, footnotes, pictures, problems };
}

/** What keeps an image from being printed: a path out of the repository, words for it missing, text beside it. */
function imageProblem(token: Token, path: string, parent: Token | undefined): { message: string; hint: string } | undefined {
  const src = pictureSource(token.attrGet('src') ?? '');
  const written = `![${token.content}](${src.length > 60 ? `${src.slice(0, 57)}…` : src})`;
  const fault = picturePathFault(src, `${fieldLabel(path)} has an image ${written} whose path`);
  if (fault) return fault;
  if ((token.meta as { alone?: boolean } | null)?.alone !== true || parent === undefined) {
    return {
      message: `${fieldLabel(path)} has an image inside a line of text (${written}), which letters cannot lay out`,
      hint: 'put the image on a line of its own, with a blank line before and after it',
    };
  }
  if (token.content.trim() === '') {
    return {
      message: `${fieldLabel(path)} has an image without words for it: ${written}`,
      hint: 'say what it shows between the brackets, ![a map of the river basin](…): screen readers and the text version read it',
    };
  }
  return undefined;
}

/** The notes as HTML the document tree turns into a footnotes block. */
export function footnotesHtml(footnotes: readonly Footnote[]): string {
  if (footnotes.length === 0) return '';
  return `<div class="footnotes">${footnotes.map((f) => `<div class="footnote" data-note="${f.number}">${f.html}</div>`).join('')}</div>`;
}

//! The HTML writer: one self-contained, accessible page from the document tree. Semantic
//! elements, `lang` and `dir` on the root, no script and no external request (a Content
//! Security Policy says so to the browser too; pictures are in the page, as data: addresses,
//! each once per place it is shown), and a print stylesheet that lays the page out
//! like the PDF: paper size and margins, serif type, signatories in columns, blocks kept whole,
//! two lines at least of a paragraph at a page's foot and head, headings and the signoff kept
//! with what follows.

import type { Paper } from '../../core/letter/letter.js';
import { BLOCK_ROLES, HEADING_ROLE, type BlockRole } from '../document/roles.js';
import type { LetterDocument } from '../document/document.js';
import { HTML_GENERATOR, type Writer } from './writer.js';
import { linkSpans } from '../document/links.js';
import type { Block, Run } from '../document/tree.js';
import type { PrintedLetterhead } from '../document/document.js';
import type { Picture } from '../pictures.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: every character that could start markup is an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Runs as inline HTML; consecutive runs with one address make one link. */
function inline(runs: readonly Run[]): string {
  return linkSpans(runs)
    .map(({ href, start, end }) => {
      const inner = runs.slice(start, end).map(styled).join('');
      return href === undefined ? inner : `<a href="${escapeHtml(href)}">${inner}</a>`;
    })
    .join('');
}

function styled(run: Run): string {
  let html = escapeHtml(run.text).replace(/\n/g, '<br>\n');
  if (run.italic) html = `<em>${html}</em>`;
  if (run.bold) html = `<strong>${html}</strong>`;
  if (run.lang !== undefined) html = `<span lang="${escapeHtml(run.lang)}">${html}</span>`;
  return html;
}

/** A picture in the page: its bytes as a data: address, its size, its words for screen readers. */
function img(picture: Picture, alt: string, size?: { width: number; height: number }): string {
  const dimensions = size === undefined ? '' : ` width="${Math.round(size.width)}" height="${Math.round(size.height)}"`;
  return `<img src="data:image/${picture.format};base64,${picture.bytes.toString('base64')}" alt="${escapeHtml(alt)}"${dimensions}>`;
}

/** The letterhead above the letter: its picture and its lines. */
function letterhead(head: PrintedLetterhead | undefined): string {
  if (head === undefined) return '';
  const picture = head.picture === undefined ? '' : `\n      ${img(head.picture, head.alt ?? '')}`;
  const lines = head.lines.length === 0 ? '' : `\n      <p>${head.lines.map(escapeHtml).join('<br>')}</p>`;
  return `    <header class="letterhead">${picture}${lines}\n    </header>\n`;
}

/** One entry of a logo wall: the logo in its box and the name under it, or the name alone in the box. */
function logoEntry(picture: Picture | undefined, runs: readonly Run[], hideNames: boolean): string {
  const name = runs.map((r) => r.text.replace(/\n/g, ' ')).join('');
  if (picture === undefined) return `<span class="logo-box no-logo">${inline(runs)}</span>`;
  // The name printed under the logo says what it shows; a logo without it says it in its alt.
  const logo = `<span class="logo-box">${img(picture, hideNames ? name : '')}</span>`;
  return hideNames ? logo : `${logo}<span class="logo-name">${inline(runs)}</span>`;
}

const classAttr = (role: string | undefined): string => (role === undefined ? '' : ` class="${escapeHtml(role)}"`);

function blocks(list: readonly Block[], indent: string): string {
  return list.map((b) => block(b, indent)).join('\n');
}

function block(b: Block, indent: string): string {
  switch (b.kind) {
    case 'paragraph':
      if (b.role === 'address') return `${indent}<address>${inline(b.runs)}</address>`;
      return `${indent}<p${classAttr(b.role)}>${inline(b.runs)}</p>`;
    case 'heading':
      return `${indent}<h${b.level}>${inline(b.runs)}</h${b.level}>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      const items = b.items.map((item) => `${indent}  <li>\n${blocks(item, `${indent}    `)}\n${indent}  </li>`).join('\n');
      return `${indent}<${tag}${classAttr(b.role)}${start}>\n${items}\n${indent}</${tag}>`;
    }
    case 'quote':
      return `${indent}<blockquote>\n${blocks(b.blocks, `${indent}  `)}\n${indent}</blockquote>`;
    case 'figure': {
      const own = { width: b.picture.naturalWidth, height: b.picture.naturalHeight };
      const caption = b.caption === undefined ? '' : `\n${indent}  <figcaption>${inline(b.caption)}</figcaption>`;
      return `${indent}<figure>\n${indent}  ${img(b.picture, b.alt, own)}${caption}\n${indent}</figure>`;
    }
    case 'signatures': {
      const logos = b.layout === 'logos';
      const items = b.signatures
        .map(
          (runs, i) =>
            `${indent}  <li class="${escapeHtml(['signatory', ...(b.marks?.[i] ?? [])].join(' '))}">${logos ? logoEntry(b.pictures?.[i], runs, b.hideNames === true) : inline(runs)}</li>`,
        )
        .join('\n');
      const layout = b.layout === undefined ? '' : ` data-layout="${b.layout}"`;
      // A browser cannot measure the entries as the PDF does: names take CSS columns up to the
      // most (each at least 13em), a grid or lines the fewest of their range.
      const columns = b.layout === 'names' || logos ? b.columns : (b.minColumns ?? b.columns);
      // A list of eight lines or fewer stays on one page when printed, as in the PDF.
      const short = !logos && listLines(b.signatures, columns) <= SHORT_LIST_LINES ? ' data-short' : '';
      return `${indent}<ul class="signatories" data-columns="${columns}"${layout}${short} aria-label="Signatories">\n${items}\n${indent}</ul>`;
    }
    case 'footnotes': {
      // The markers in the text are superscript numbers; the notes follow the letter, numbered alike.
      const items = b.notes
        .map((n) => `${indent}  <li value="${n.number}">\n${blocks(n.blocks, `${indent}    `)}\n${indent}  </li>`)
        .join('\n');
      return `${indent}<ol class="footnotes" aria-label="Notes">\n${items}\n${indent}</ol>`;
    }
  }
}

/** A list of up to this many lines is never split over printed pages (the PDF's rule). */
const SHORT_LIST_LINES = 8;

/** How many lines a list takes in `columns` columns, row by row: the tallest entry of each row. */
function listLines(signatures: readonly Run[][], columns: number): number {
  let lines = 0;
  for (let row = 0; row < signatures.length && lines <= SHORT_LIST_LINES; row += columns) {
    const heights = signatures.slice(row, row + columns).map(
      (runs) =>
        runs
          .map((r) => r.text)
          .join('')
          .split('\n')
          .filter((l) => l.trim() !== '').length,
    );
    lines += Math.max(1, ...heights);
  }
  return lines;
}

const PAGE: Record<Paper, string> = { letter: 'letter', a4: 'A4' };

/** The class rules every format shares (document/roles.ts), as CSS. */
function roleRules(): string {
  const rule = (selector: string, role: BlockRole, whole = selector): string[] => {
    const decl: string[] = [];
    if (role.gapBefore > 0) decl.push(`margin-top: calc(${1 + role.gapBefore} * var(--gap))`);
    if (role.gapAfter > 0) decl.push(`margin-bottom: calc(${1 + role.gapAfter} * var(--gap))`);
    if (role.keepWithNext) decl.push('break-after: avoid');
    if (role.keepWithPrevious) decl.push('break-before: avoid');
    const out = decl.length === 0 ? [] : [`${selector} { ${decl.join('; ')}; }`];
    if (role.keepWhole) out.push(`${whole} { break-inside: avoid; }`);
    return out;
  };
  return [
    ...Object.entries(BLOCK_ROLES).flatMap(([name, role]) =>
      name === 'address'
        ? rule('address, .address', role)
        : // A grid keeps each of its blocks whole, not the whole grid.
          name === 'signatories'
          ? rule('.signatories', role, '.signatories > li')
          : rule(`.${name}`, role),
    ),
    ...rule('h1, h2, h3', HEADING_ROLE),
  ].join('\n');
}

function stylesheet(paper: Paper): string {
  return `
:root { --gap: 9pt; color: #000; background: #fff; }
body { margin: 2rem auto; max-width: 6.5in; padding: 0 1rem; font: 11pt/1.4 "Noto Serif", Georgia, "Times New Roman", serif; }
article > *, li > * { margin: 0 0 var(--gap); }
p, li { orphans: 2; widows: 2; }
article > :last-child, li > :last-child { margin-bottom: 0; }
h1 { font-size: 16pt; } h2 { font-size: 13.5pt; } h3 { font-size: 12pt; }
h1, h2, h3 { line-height: 1.4; }
address { font-style: normal; }
a { color: #1f3f73; }
ul, ol { padding-inline-start: 18pt; }
li + li { margin-top: var(--gap); }
blockquote { margin-inline: 24pt 0; }
.letter-title { margin-bottom: calc(2 * var(--gap)); }
.signatories { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(var(--columns, 1), minmax(0, 1fr)); gap: 14pt 24pt; }
.signatories > li { margin: 0; }
.signatories[data-short] { break-inside: avoid; }
.signatories[data-columns="2"] { --columns: 2; }
.signatories[data-columns="3"] { --columns: 3; }
.signatories[data-columns="4"] { --columns: 4; }
.signatories[data-layout="lines"] { gap: 2pt 24pt; }
.signatories[data-layout="names"] { display: block; columns: var(--columns, 1) 13em; column-gap: 16pt; font-size: 9pt; line-height: 1.2; }
.signatories[data-layout="names"] > li { padding-inline-start: 1em; text-indent: -1em; break-inside: avoid; }
h3:has(+ .signatories[data-layout="names"]) { font-size: 10pt; line-height: 1.2; margin-bottom: 3pt; }
h3 + .signatories[data-layout="names"] { margin-top: 0; }
.letterhead { display: flex; justify-content: space-between; align-items: flex-start; gap: 18pt; margin-bottom: 18pt; }
.letterhead img { max-height: 64pt; max-width: 60%; width: auto; height: auto; }
.letterhead p { margin: 0; margin-inline-start: auto; text-align: end; font-size: 9.5pt; line-height: 1.25; }
figure { margin: 0 0 var(--gap); text-align: center; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 9.5pt; margin-top: 4pt; }
.signatories[data-layout="logos"] { grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr)); gap: 14pt 18pt; font-size: 9pt; line-height: 1.2; text-align: center; }
.signatories[data-layout="logos"] > li { display: flex; flex-direction: column; align-items: center; break-inside: avoid; }
.logo-box { display: flex; align-items: center; justify-content: center; width: 100%; height: 4.5rem; }
.logo-box img { max-width: 100%; max-height: 100%; width: auto; height: auto; object-fit: contain; }
.logo-name { margin-top: 4pt; }
${roleRules()}
@page { size: ${PAGE[paper]}; margin: 72pt; @bottom-center { content: counter(page); font: 9pt "Noto Serif", Georgia, serif; } }
@page :first { @bottom-center { content: none; } }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  .signatories[data-layout="logos"] { grid-template-columns: repeat(var(--columns, 4), minmax(0, 1fr)); }
  .letter-title { display: none; }
  a { text-decoration: underline; }
}
@media (max-width: 32rem) {
  .signatories { grid-template-columns: 1fr; }
}`.trim();
}

/**
 * What a published page adds to the letter's page (`letters publish`): meta tags, a header above
 * the letter, more style, and its one script, which the Content Security Policy allows by its
 * hash and nothing else.
 */
export interface PageAdditions {
  head: string;
  header: string;
  style: string;
  script: string;
  /** The script's SHA-256, base64, as the policy names it. */
  scriptHash: string;
}

/** The whole page. */
export function documentHtml(document: LetterDocument, generator: string, page?: PageAdditions): string {
  const hasTitle = document.blocks.some((b) => b.kind === 'heading' && b.level === 1);
  // A page needs a first-level heading to be navigable; the PDF shows none, so print hides it.
  const title = hasTitle ? '' : `    <h1 class="letter-title">${escapeHtml(document.title)}</h1>\n`;
  const scripts = page === undefined ? '' : ` script-src 'sha256-${page.scriptHash}';`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(document.lang)}" dir="${document.dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none';${scripts} style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(generator)}">
<meta name="description" content="${escapeHtml(document.subject)}">
${page?.head ?? ''}<title>${escapeHtml(document.title)}</title>
<style>
${stylesheet(document.paper)}${page?.style ?? ''}
</style>
</head>
<body>
${page?.header ?? ''}  <main>
  <article class="letter">
${letterhead(document.letterhead)}${title}${blocks(document.blocks, '    ')}
  </article>
  </main>
${page === undefined ? '' : `<script>${page.script}</script>\n`}</body>
</html>
`;
}

/** The HTML writer: one page, marked as letters' own by its generator meta tag. */
export const writeHtml: Writer = async ({ document, creator }) => [
  // The generator mark is how render recognizes its own earlier page (formats.ts).
  { bytes: Buffer.from(documentHtml(document, creator.startsWith(HTML_GENERATOR) ? creator : `${HTML_GENERATOR} ${creator}`), 'utf8') },
];

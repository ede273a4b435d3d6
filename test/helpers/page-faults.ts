// Page-break faults a typesetter would not send, found in a PDF read back (test/helpers/pdf.ts)
// of a corpus letter (test/fixtures/pages/corpus.ts), whose words say which paragraph or
// signatory each line belongs to.
import type { ReadPdf } from './pdf.js';

export type FaultKind =
  | 'orphan' // a paragraph's first line alone at the foot of a page
  | 'widow' // a paragraph's last line alone at the head of a page
  | 'heading-at-foot' // a heading (or another line kept with the next: the salutation, a section's note) ends a page
  | 'few-entries' // a page with fewer than 3 signatory entries, the list (or the group, split over pages) being longer
  | 'signoff-apart' // the last text line, the signoff and the first entries are not on one page
  | 'split-entry' // one signatory's lines on two pages
  | 'split-short-list' // a signature list of 8 lines or fewer split over pages
  | 'empty-page' // a page with nothing of the letter on it
  | 'note-apart'; // a footnote that does not start on the page of the line that refers to it

export interface Fault {
  kind: FaultKind;
  page: number;
  detail: string;
}

export interface PageLine {
  text: string;
  /** The baseline, from the page's foot, as pdf.js gives it. */
  y: number;
}

/** A row's pieces as one line; pieces apart by more than a space (the cells of a row of columns) are set apart by one. */
function joinParts(parts: readonly { x: number; width: number; text: string }[]): string {
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  for (const p of parts) {
    if (text !== '' && p.x > end + 6) text += '  ';
    text += p.text;
    end = p.x + p.width;
  }
  return text;
}

/** The page's lines, top to bottom, without the page number (a line of digits alone in the bottom margin). */
export function linesOf(page: ReadPdf['pages'][number]): PageLine[] {
  const rows = new Map<number, { y: number; parts: { x: number; width: number; text: string }[] }>();
  for (const item of page.items) {
    const key = Math.round(item.y);
    let row = rows.get(key) ?? rows.get(key - 1) ?? rows.get(key + 1);
    if (!row) {
      row = { y: item.y, parts: [] };
      rows.set(key, row);
    }
    row.parts.push({ x: item.x, width: item.width, text: item.text });
  }
  return [...rows.values()]
    .sort((a, b) => b.y - a.y)
    .map((r) => ({ y: r.y, text: joinParts(r.parts.sort((a, b) => a.x - b.x)) }))
    .filter((l) => !(l.y < 60 && /^\s*\d+\s*$/.test(l.text)));
}

type Kind =
  | { kind: 'paragraph'; k: number }
  | { kind: 'note' }
  | { kind: 'entry'; ids: number[] }
  | { kind: 'signoff' }
  | { kind: 'heading' }
  | { kind: 'other' };

function classify(text: string, signoff: string | undefined, headings: RegExp): Kind {
  const p = /\bp(\d+)x/.exec(text);
  if (p) return { kind: 'paragraph', k: Number(p[1]) };
  if (/\bn\d+x/.test(text)) return { kind: 'note' };
  const ids = [...text.matchAll(/\bS(\d+)\b/g)].map((m) => Number(m[1]));
  if (ids.length > 0) return { kind: 'entry', ids };
  if (signoff !== undefined && text.trim() === signoff) return { kind: 'signoff' };
  if (headings.test(text.trim())) return { kind: 'heading' };
  return { kind: 'other' };
}

export interface FaultOptions {
  signoff: string | undefined;
  /** How many signatories the letter has. */
  signatories: number;
  /** Lines of text that are headings (group and section headings), or that must not end a page otherwise. */
  headings: RegExp;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const fromSuperscript = (s: string): number => Number([...s].map((c) => SUPERSCRIPT_DIGITS.indexOf(c)).join(''));

/** Every fault of one letter's PDF. */
export function pageFaults(pdf: ReadPdf, options: FaultOptions): Fault[] {
  const faults: Fault[] = [];
  const pages = pdf.pages.map((page) => linesOf(page).map((l) => ({ ...l, what: classify(l.text, options.signoff, options.headings) })));
  // Where each paragraph's lines and each signatory's lines stand: page per line.
  const paragraphPages = new Map<number, number[]>();
  const entryPages = new Map<number, Set<number>>();
  /** Each group's entries per page: a group is the entries between two headings. */
  const groupPages: Map<number, number>[] = [];
  let group = -1;
  const refPages = new Map<number, number>();
  const notePages = new Map<number, number>();
  let signoffPage: number | undefined;
  let entryLines = 0;
  pages.forEach((lines, p) => {
    const body = lines.filter((l) => l.what.kind !== 'note');
    if (body.length === 0) faults.push({ kind: 'empty-page', page: p + 1, detail: 'no text of the letter' });
    for (const l of lines) {
      if (l.what.kind === 'paragraph') {
        const list = paragraphPages.get(l.what.k) ?? [];
        list.push(p);
        paragraphPages.set(l.what.k, list);
        for (const m of l.text.matchAll(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g)) if (!refPages.has(fromSuperscript(m[0]))) refPages.set(fromSuperscript(m[0]), p);
      } else if (l.what.kind === 'note') {
        const m = /^\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s/.exec(l.text);
        if (m && !notePages.has(fromSuperscript(m[1]!))) notePages.set(fromSuperscript(m[1]!), p);
      } else if (l.what.kind === 'entry') {
        entryLines++;
        if (group < 0) group = 0;
        for (const id of l.what.ids) {
          const set = entryPages.get(id) ?? new Set();
          if (set.size === 0) {
            groupPages[group] ??= new Map();
            groupPages[group]!.set(p, (groupPages[group]!.get(p) ?? 0) + 1);
          }
          set.add(p);
          entryPages.set(id, set);
        }
      } else if (l.what.kind === 'heading') {
        if (group >= 0 || entryLines === 0) group++;
      } else if (l.what.kind === 'signoff') {
        signoffPage ??= p;
      }
    }
    const last = body[body.length - 1];
    if (last && last.what.kind === 'heading' && p < pages.length - 1) {
      faults.push({ kind: 'heading-at-foot', page: p + 1, detail: last.text });
    }
  });
  for (const [k, onPages] of paragraphPages) {
    if (onPages.length < 2) continue;
    const first = onPages[0]!;
    const last = onPages[onPages.length - 1]!;
    if (first === last) continue;
    if (onPages.filter((p) => p === first).length === 1) faults.push({ kind: 'orphan', page: first + 1, detail: `paragraph ${k}` });
    if (onPages.filter((p) => p === last).length === 1) faults.push({ kind: 'widow', page: last + 1, detail: `paragraph ${k}` });
  }
  // Entries per page: at least 3 on each page, unless the list is shorter.
  const perPage = new Map<number, number>();
  for (const [id, set] of entryPages) {
    if (set.size > 1) faults.push({ kind: 'split-entry', page: Math.min(...set) + 1, detail: `signatory S${id}` });
    const p = Math.min(...set);
    perPage.set(p, (perPage.get(p) ?? 0) + 1);
  }
  const least = Math.min(3, options.signatories);
  for (const [p, n] of perPage) {
    if (n < least) faults.push({ kind: 'few-entries', page: p + 1, detail: `${n} of ${options.signatories}` });
  }
  // A group split over pages leaves at least 3 of its entries on each.
  groupPages.forEach((onPages, g) => {
    if (onPages.size < 2) return;
    const size = [...onPages.values()].reduce((a, b) => a + b, 0);
    for (const [p, n] of onPages) {
      if (n < Math.min(3, size))
        faults.push({ kind: 'few-entries', page: p + 1, detail: `${n} of the ${size} entries under heading ${g}` });
    }
  });
  for (const [n, p] of notePages) {
    const ref = refPages.get(n);
    if (ref !== undefined && ref !== p) faults.push({ kind: 'note-apart', page: ref + 1, detail: `note ${n} starts on page ${p + 1}` });
  }
  if (entryLines <= 8 && perPage.size > 1)
    faults.push({ kind: 'split-short-list', page: Math.min(...perPage.keys()) + 1, detail: `${entryLines} lines` });
  // The last text line, the signoff and the first entries on one page.
  const lastParagraph = Math.max(...paragraphPages.keys());
  const lastTextPage = paragraphPages.get(lastParagraph)?.at(-1);
  const firstEntryPage = perPage.size > 0 ? Math.min(...perPage.keys()) : undefined;
  const together = [lastTextPage, signoffPage, firstEntryPage].filter((p) => p !== undefined);
  if (new Set(together).size > 1) {
    faults.push({
      kind: 'signoff-apart',
      page: Math.min(...together) + 1,
      detail: `last text line on page ${lastTextPage! + 1}, signoff on ${signoffPage === undefined ? '-' : signoffPage + 1}, first signatory on ${firstEntryPage === undefined ? '-' : firstEntryPage + 1}`,
    });
  }
  return faults;
}

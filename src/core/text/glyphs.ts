// What will be printed, and whether a font can print it: printed texts, invisible characters, missing glyphs.
import type { Problem, SourceLocation } from '../../errors.js';
import { graphemesOf } from './graphemes.js';
import type { TextPlace } from './place.js';

/** A piece of text that will be printed, with the letter field it came from. */
export interface PrintedText {
  /** Dotted path into the letter file, e.g. `signatories.3.name`. */
  path: string;
  text: string;
  /** Where it was written, when it was not typed as is (a Markdown entity such as `&#x4E2D;`). */
  place?: TextPlace;
}

/**
 * Invisible format characters (soft hyphen, zero-width space and joiners, direction marks,
 * variation selectors, BOM): two names that differ only by them are the same name.
 */
export const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]/gu;

/**
 * The invisible characters removed before printing: soft hyphen, zero-width space, word
 * joiner, invisible operators, BOM. Joiners (ZWJ, ZWNJ), direction marks and isolates, and
 * variation selectors stay: Persian, Urdu and Indic words, emoji sequences and mixed-direction
 * names need them, and the shaper draws them as nothing.
 */
export const NOT_PRINTED = /[\u00ad\u200b\u2060-\u2064\ufeff]/gu;

/** True for a character the layout turns into space rather than a glyph. */
export function isLayoutSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

/** How a field path reads to a person: `signatories.3.name` → `signatory 4, name`. */
export function fieldLabel(path: string): string {
  return path
    .replace(/^signatories\.(\d+)\.?/, (_, i: string) => `signatory ${Number(i) + 1}${path.split('.').length > 2 ? ', ' : ''}`)
    .replace(/^issues\.(\d+)\.?/, (_, i: string) => `issue ${Number(i) + 1}${path.split('.').length > 2 ? ', ' : ''}`)
    .replace(/^recipients\.(\d+)\.?/, (_, i: string) => `recipient ${Number(i) + 1}${path.split('.').length > 2 ? ', ' : ''}`)
    .replace(/^recipient\./, 'recipient ');
}

/** The 0-based line of `text` that holds `index`. */
export function lineOf(text: string, index: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Outside ASCII: only such text can hold a letter with marks from another font's script. */
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The characters no font of letters can draw: one problem per field naming each of them,
 * placed at the first, so a missing glyph is an error that names the field instead of a
 * blank or a wrong glyph. With `together` (whether one font draws a whole grapheme cluster:
 * the font the PDF would choose for it), a letter with a mark no font draws with it (a Hebrew
 * letter with an Arabic vowel mark) is one too, at its place: each character has a font, but
 * the cluster, drawn in one, has none.
 */
export function findMissingGlyphs(
  texts: readonly PrintedText[],
  covers: (codePoint: number) => boolean,
  locate: (path: string, within?: TextPlace) => SourceLocation | undefined,
  together?: (cluster: string) => boolean,
): Problem[] {
  // A field printed in several pieces (address lines) is one field: its characters are gathered,
  // and the problem points at the first of them.
  const fields = new Map<string, { missing: Map<number, string>; location: SourceLocation | undefined }>();
  const known = new Map<number, boolean>();
  for (const { path, text, place } of texts) {
    // By code unit, not by a string per character: 10,000 signatories are a million characters.
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (cp === 0x20 || cp === 0x0a || cp === 0x09 || cp === 0x0d) continue;
      let ok = known.get(cp);
      if (ok === undefined) {
        ok = covers(cp);
        known.set(cp, ok);
      }
      if (ok || fields.get(path)?.missing.has(cp)) continue;
      const ch = String.fromCodePoint(cp);
      let field = fields.get(path);
      if (!field) {
        // The line the first is on, and the character there; or where the entity was written.
        field = { missing: new Map(), location: locate(path, place ?? { line: lineOf(text, text.indexOf(ch)), text: ch }) };
        fields.set(path, field);
      }
      field.missing.set(cp, ch);
    }
  }
  const problems: Problem[] = [];
  if (together !== undefined) {
    const apart = new Set<string>();
    for (const { path, text, place } of texts) {
      if (fields.has(path) || apart.has(path) || !NON_ASCII.test(text)) continue;
      const cluster = unprintableCluster(text, together);
      if (cluster === undefined) continue;
      apart.add(path);
      const codes = [...cluster].map((ch) => codePointLabel(ch.codePointAt(0)!)).join(' ');
      const problem: Problem = {
        message: `${fieldLabel(path)} has "${cluster}" (${codes}), a letter and a mark no one font of letters can print together`,
        hint: "remove the mark, or use one of the letter's own script",
      };
      const location = locate(path, place ?? { line: lineOf(text, text.indexOf(cluster)), text: cluster });
      if (location !== undefined) problem.location = location;
      problems.push(problem);
    }
  }
  return [...problems, ...missingProblems(fields)];
}

/**
 * Text whose every grapheme cluster is one UTF-16 unit (or a CR LF, which is space): Latin,
 * Greek and Cyrillic letters as precomposed characters, punctuation. None of these joins the
 * character before or after it into a cluster (no mark, joiner, variation selector, Hangul
 * jamo, prepended or spacing mark, surrogate), so such text holds no cluster to test, and the
 * grapheme segmenter, slow on 10,000 names, need not walk it.
 */
export const ONE_UNIT_CLUSTERS = /^[\u0000-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*$/;

/** The first grapheme cluster of `text` of several characters that no one font draws. */
function unprintableCluster(text: string, together: (cluster: string) => boolean): string | undefined {
  if (ONE_UNIT_CLUSTERS.test(text)) return undefined;
  for (const { segment } of graphemesOf(text)) {
    if (segment.length > 1 && NON_ASCII.test(segment) && !/^\s+$/.test(segment) && !together(segment)) return segment;
  }
  return undefined;
}

function missingProblems(fields: Map<string, { missing: Map<number, string>; location: SourceLocation | undefined }>): Problem[] {
  return [...fields].map(([path, { missing, location }]) => {
    const list = [...missing].map(([cp, ch]) => `"${ch}" (${codePointLabel(cp)})`).join(', ');
    const problem: Problem = {
      message: `${fieldLabel(path)} has ${missing.size === 1 ? 'a character' : 'characters'} no font of letters can print: ${list}`,
      hint: missing.size === 1 ? 'replace or remove it' : 'replace or remove them',
    };
    if (location !== undefined) problem.location = location;
    return problem;
  });
}

/**
 * The check's problem for one value that is not in a letter file yet (a flag of `sign`, a
 * cell of a sign-up sheet), named as `path` reads: `signatories.3.name` gives the words
 * `check` would use once it is written.
 */
export function missingGlyphsIn(
  path: string,
  text: string,
  covers: (codePoint: number) => boolean,
  together?: (cluster: string) => boolean,
): Problem | undefined {
  return findMissingGlyphs([{ path, text }], covers, () => undefined, together)[0];
}

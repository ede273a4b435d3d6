import type { Problem, SourceLocation } from '../errors.js';
import type { TextPlace } from './schema.js';

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
 * variation selectors, BOM): they change nothing in Latin-script text, and drawn by pdfkit
 * they would show as a hyphen or a box. They are removed before printing.
 */
export const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]/gu;

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

/**
 * Every character the fonts cannot draw, reported once per field naming all of them, so a
 * missing glyph is an error that names the field instead of a blank or a wrong glyph.
 */
export function findMissingGlyphs(
  texts: readonly PrintedText[],
  covers: (codePoint: number) => boolean,
  locate: (path: string, within?: TextPlace) => SourceLocation,
): Problem[] {
  const known = new Map<number, boolean>();
  // A field printed in several pieces (address lines) is one field: its characters are gathered,
  // and the problem points at the first of them.
  const missingByPath = new Map<string, { missing: Set<number>; location: SourceLocation }>();
  for (const { path, text, place } of texts) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (isLayoutSpace(ch)) continue;
      let ok = known.get(cp);
      if (ok === undefined) {
        ok = covers(cp);
        known.set(cp, ok);
      }
      if (ok) continue;
      const field = missingByPath.get(path);
      if (field) field.missing.add(cp);
      // The line it is first on, and the character there; or where the entity was written.
      else
        missingByPath.set(path, {
          missing: new Set([cp]),
          location: locate(path, place ?? { line: lineOf(text, text.indexOf(ch)), text: ch }),
        });
    }
  }
  return [...missingByPath].map(([path, { missing, location }]) => {
    const list = [...missing].map((cp) => `"${String.fromCodePoint(cp)}" (${codePointLabel(cp)})`).join(', ');
    const what = missing.size === 1 ? 'a character' : `${missing.size} characters`;
    return {
      message: `${fieldLabel(path)} has ${what} the letter's font cannot print: ${list}`,
      hint: `replace or remove ${missing.size === 1 ? 'it' : 'them'}; fonts for other scripts are not supported yet`,
      location,
    };
  });
}

/*
 * Which text each shaped glyph stands for, so that a PDF reader copying, searching or reading
 * aloud the glyphs in the order they are drawn gets back exactly what was typed. Shaping makes
 * one glyph of several characters (क्ष, emoji with a joiner), several glyphs of one (an Arabic
 * letter's skeleton and its dots, the two parts of Bengali ো), and moves glyphs before others
 * (Devanagari ि before its consonant). Glyphs are grouped into clusters, the smallest runs of
 * glyphs that stand for a run of the text; a cluster's text is then handed out over its glyphs
 * in drawing order. A glyph left with no text of its own (a dot, the second part of a vowel
 * sign) is drawn as an outline, not as text: readers then have nothing to misread.
 */
import type { Glyph } from 'fontkit';

/** Format characters: a glyph whose text ends in one is dropped whole by pdf.js. */
const FORMAT = /\p{Cf}$/u;

/**
 * The text each glyph of `glyphs` (in reading order: left to right, or right to left for
 * right-to-left text) stands for, from `shaped`, the word they were shaped from, read as
 * `typed` (the same word before brackets were mirrored: character for character the same
 * length); undefined for a glyph that stands for no text and is drawn as an outline. Joined in
 * order, the texts are `typed` exactly.
 */
export function glyphTexts(shaped: string, glyphs: readonly Glyph[], typed = shaped): (string | undefined)[] {
  // The common case: every glyph is one character's (or a ligature's several), in order.
  let joined = '';
  for (const g of glyphs) joined += String.fromCodePoint(...g.codePoints);
  if (joined === shaped && glyphs.every((g) => g.codePoints.length > 0)) {
    if (shaped === typed) return glyphs.map((g) => String.fromCodePoint(...g.codePoints));
    const chars = [...typed];
    let at = 0;
    return glyphs.map((g) => {
      at += g.codePoints.length;
      return chars.slice(at - g.codePoints.length, at).join('');
    });
  }
  return byClusters(shaped, glyphs, [...typed]);
}

/** A character of the text as the shaper may have decomposed it (ো → ে + া), and the character it came from. */
interface Piece {
  cp: number;
  owner: number;
}

function byClusters(text: string, glyphs: readonly Glyph[], chars: string[]): (string | undefined)[] {
  const pieces: Piece[] = [];
  const whole: number[] = [];
  [...text].forEach((ch, owner) => {
    whole.push(ch.codePointAt(0)!);
    for (const part of ch.normalize('NFD')) pieces.push({ cp: part.codePointAt(0)!, owner });
  });
  const used = new Array<boolean>(pieces.length).fill(false);
  /** Per glyph, the characters it was shaped from (empty: none, or none that could be found). */
  const owners: number[][] = glyphs.map((g) => {
    const found: number[] = [];
    for (const cp of g.codePoints) {
      // The first unclaimed character as typed (إ), or part of one as the shaper may have
      // decomposed it (ে of ো), in the order of the text.
      const at = pieces.findIndex(
        (p, i) => !used[i] && (p.cp === cp || (whole[p.owner] === cp && (i === 0 || pieces[i - 1]!.owner !== p.owner))),
      );
      if (at >= 0) {
        const owner = pieces[at]!.owner;
        if (whole[owner] === cp) for (let i = at; i < pieces.length && pieces[i]!.owner === owner; i++) used[i] = true;
        else used[at] = true;
      }
      if (at >= 0 && !found.includes(pieces[at]!.owner)) found.push(pieces[at]!.owner);
    }
    return found;
  });
  const claimed = new Array<boolean>(chars.length).fill(false);
  for (const list of owners) for (const o of list) claimed[o] = true;
  // The lowest character any glyph from i on was shaped from.
  const after = new Array<number>(glyphs.length + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = glyphs.length - 1; i >= 0; i--) after[i] = Math.min(after[i + 1]!, ...owners[i]!);

  const out: (string | undefined)[] = new Array(glyphs.length).fill(undefined);
  let i = 0;
  let from = 0;
  while (i < glyphs.length) {
    // A cluster: glyphs up to where no later glyph was shaped from a character it covers.
    const start = i;
    let high = from - 1;
    do {
      for (const o of owners[i]!) high = Math.max(high, o);
      i++;
      // Glyphs with no text of their own (an Arabic letter's dots) stay with the one before.
      while (i < glyphs.length && owners[i]!.length === 0) i++;
    } while (i < glyphs.length && !(high >= from && after[i]! > high));
    if (i === glyphs.length) high = chars.length - 1;
    // Characters no glyph was shaped from (a joiner the shaper dropped) go with the cluster before.
    while (high + 1 < chars.length && high + 1 < after[i]! && !claimed[high + 1]) high++;
    assign(chars.slice(from, high + 1), glyphs, owners, start, i, from, out);
    from = high + 1;
  }
  keepFormatCharacters(out);
  return out;
}

/**
 * Hand out the cluster text `chars` (from character `from` on) over glyphs [start, end): each
 * glyph its own characters when they follow one another in drawing order; otherwise character
 * by character over the glyphs shaped from the text, in drawing order, the last one taking what
 * is left and any more drawn as outlines.
 */
function assign(
  chars: string[],
  glyphs: readonly Glyph[],
  owners: number[][],
  start: number,
  end: number,
  from: number,
  out: (string | undefined)[],
): void {
  let next = 0;
  let inOrder = true;
  for (let i = start; i < end && inOrder; i++) {
    for (const o of [...owners[i]!].sort((a, b) => a - b)) {
      if (o - from !== next) inOrder = false;
      next++;
    }
  }
  if (inOrder && next === chars.length) {
    for (let i = start; i < end; i++) {
      if (owners[i]!.length > 0) out[i] = owners[i]!.map((o) => chars[o - from]).join('');
    }
    return;
  }
  const takers: number[] = [];
  for (let i = start; i < end; i++) if (glyphs[i]!.codePoints.length > 0 || owners[i]!.length > 0) takers.push(i);
  if (takers.length === 0) takers.push(start);
  const n = Math.min(takers.length, chars.length);
  for (let k = 0; k < n; k++) out[takers[k]!] = k === n - 1 ? chars.slice(k).join('') : chars[k]!;
}

/**
 * A glyph whose text ends in format characters (a joiner) after other text hands them on to
 * the next glyph with text: pdf.js drops a glyph's text whole when it ends in one.
 */
function keepFormatCharacters(out: (string | undefined)[]): void {
  for (let i = 0; i < out.length; i++) {
    const t = out[i];
    if (t === undefined || !FORMAT.test(t)) continue;
    const chars = [...t];
    let k = chars.length;
    while (k > 0 && FORMAT.test(chars[k - 1]!)) k--;
    let j = i + 1;
    while (j < out.length && out[j] === undefined) j++;
    if (k === 0 || j === out.length) continue;
    out[i] = chars.slice(0, k).join('');
    out[j] = chars.slice(k).join('') + out[j]!;
  }
}

/** A glyph where it is drawn, and the text it stands for. */
export interface ReadGlyph {
  glyph: Glyph;
  /** What a reader copying the glyph gets; undefined: it stands for no text and is drawn as an outline. */
  text: string | undefined;
  /** From the run's left edge and up from its baseline, in 1/1000 of the font size. */
  x: number;
  y: number;
  /** How far the shaper moves on after it (1/1000 of the font size). */
  advance: number;
  /** The width the PDF gives the glyph when not its own: it spans an outline drawn after it (see settleForReaders). */
  width?: number;
  /** Written as a text item of its own for pdf.js (see settleForReaders). */
  apart?: boolean;
}

/**
 * Settle the glyphs of a word (in reading order) for the way readers put text together:
 * - left to right, marks (glyphs that move the pen on by nothing: Thai tone marks, Tibetan
 *   vowel signs, Devanagari's anusvara) are drawn as outlines, and their text, with any
 *   nonspacing mark inside a glyph's text (a conjunct's virama), is carried by an empty glyph
 *   at the end of the glyph before (see attachMarks);
 * - format characters (a zero-width non-joiner the shaper dropped) that ended up at the start
 *   of a glyph's text get an empty glyph of their own at the boundary: as part of a
 *   right-to-left glyph's text, readers would put them on the wrong side of it;
 * - left to right, a glyph followed by outlines that advance (the second part of Bengali ো)
 *   spans them, so that no reader sees a gap there and puts a space in the word;
 * - right to left, a glyph whose text holds a nonspacing mark (Hebrew points, Arabic harakat)
 *   is set apart for pdf.js: it joins such a glyph to the text item before it, a letter's, and
 *   reverses each right-to-left item's characters, which puts the marks before their letter.
 *   Each in an item of its own, the items of one glyph each read in the PDF's reading order.
 */
export function settleForReaders(glyphs: ReadGlyph[], rtl: boolean, empty: () => Glyph): void {
  attachMarks(glyphs, rtl, empty);
  splitFormatCharacters(glyphs, rtl, empty);
  if (rtl) {
    for (const g of glyphs) if (g.text !== undefined && HAS_NONSPACING.test(g.text)) g.apart = true;
    return;
  }
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i]!;
    if (g.text === undefined) continue;
    const own = g.width ?? g.advance;
    let width = own;
    let j = i + 1;
    while (j < glyphs.length && glyphs[j]!.text === undefined) width += glyphs[j++]!.advance;
    if (j > i + 1 && width !== own) g.width = width;
  }
}

const LEADING_FORMAT = /^\p{Cf}+/u;
const ONLY_FORMAT = /^\p{Cf}*$/u;
const NONSPACING = /^\p{Mn}$/u;
const LEADING_NONSPACING = /^\p{Mn}+/u;
const HAS_NONSPACING = /\p{Mn}/u;

/**
 * How far back from the end of its base the glyph carrying marks' text starts, in 1/1000 of the
 * font size: at least 0.1 (poppler takes a glyph closer to the start of the one before for a
 * duplicate), at most 0.2 (poppler and pdf.js start a new word further back), under 0.15 (MuPDF
 * puts a space at that distance).
 */
const CARRIER_BACK = 120;

const isMark = (g: ReadGlyph): boolean => g.text !== undefined && Math.abs(g.advance) < 1 && !ONLY_FORMAT.test(g.text);

/**
 * Left to right, the marks over a glyph are drawn as outlines and their text is carried by an
 * empty glyph that ends where the glyph does: drawn where they are, at or before the start of
 * the glyph before them, poppler takes them for a duplicate or a new word and MuPDF puts a space
 * after them; and as part of the glyph's own text, pdf.js would take the glyph for a mark of no
 * width (it does so for any text with a nonspacing mark in it). Right to left, readers take
 * marks as they are.
 */
function attachMarks(glyphs: ReadGlyph[], rtl: boolean, empty: () => Glyph): void {
  if (rtl) return;
  // A spacing glyph whose text starts with nonspacing marks (the virama of a conjunct drawn
  // after a vowel sign moved before it) gives them to the glyph before.
  let before: ReadGlyph | undefined;
  for (const g of glyphs) {
    if (g.text === undefined || isMark(g)) continue;
    const lead = LEADING_NONSPACING.exec(g.text)?.[0];
    if (before !== undefined && lead !== undefined && lead !== g.text) {
      before.text += lead;
      g.text = g.text.slice(lead.length);
    }
    before = g;
  }
  for (let i = 0; i < glyphs.length; i++) {
    const base = glyphs[i]!;
    if (base.text === undefined || isMark(base)) continue;
    let text = '';
    let j = i + 1;
    for (; j < glyphs.length; j++) {
      const g = glyphs[j]!;
      if (g.text === undefined) continue;
      if (!isMark(g)) break;
      text += g.text;
      g.text = undefined;
    }
    // Text from the first nonspacing mark on (a virama inside a conjunct's text too) is carried.
    const chars = [...(base.text + text)];
    const at = chars.findIndex((c, k) => k > 0 && NONSPACING.test(c));
    if (at > 0) {
      base.text = chars.slice(0, at).join('');
      text = chars.slice(at).join('');
    }
    if (text === '') continue;
    const back = Math.min(CARRIER_BACK, Math.max(0, base.advance) / 2);
    glyphs.splice(j, 0, { glyph: empty(), text, x: base.x + base.advance - back, y: 0, advance: 0, width: back });
    i = j;
  }
}

function splitFormatCharacters(glyphs: ReadGlyph[], rtl: boolean, empty: () => Glyph): void {
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i]!;
    const m = g.text === undefined ? null : LEADING_FORMAT.exec(g.text);
    if (!m || m[0] === g.text) continue;
    g.text = g.text!.slice(m[0].length);
    // Right to left, on the boundary with the glyph read before (its left edge); left to right,
    // inside that glyph's end, as a mark's carrier is (see CARRIER_BACK).
    const x = rtl ? g.x + g.advance : g.x - CARRIER_BACK;
    const width = rtl ? 0 : CARRIER_BACK;
    glyphs.splice(i, 0, { glyph: empty(), text: m[0], x, y: 0, advance: 0, width });
    i++;
  }
}

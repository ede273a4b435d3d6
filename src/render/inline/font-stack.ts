/*
 * Font coverage: which font of the stack draws a character, answered from the generated
 * coverage table, without reading a font file. A font's ranges are decoded the first time a
 * character falls through to it, so Latin-only text decodes only the body font's.
 */
import { COVERAGE } from './font-coverage.generated.js';
import { type CjkRegion, STACK, type StackFont } from './font-list.js';

/** Characters that draw nothing and belong to their neighbours (joiners, direction marks, variation selectors). */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/** True for a character that draws nothing (see IGNORABLE): no font needs to have it. */
export function isIgnorable(ch: string): boolean {
  return IGNORABLE.test(ch);
}

/** One font's coverage: sorted code point ranges, decoded from the table once. */
class Ranges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Answers for the Basic Multilingual Plane, filled as they are asked: 1 has, 2 has not. */
  private readonly bmp = new Uint8Array(0x10000);

  constructor(encoded: string) {
    let end = 0;
    for (const part of encoded.split(',')) {
      const [gap, length] = part.split('+') as [string, string];
      const start = end + Number.parseInt(gap, 36);
      end = start + Number.parseInt(length, 36);
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  has(cp: number): boolean {
    if (cp < 0x10000) {
      const known = this.bmp[cp]!;
      if (known !== 0) return known === 1;
      const has = this.search(cp);
      this.bmp[cp] = has ? 1 : 2;
      return has;
    }
    return this.search(cp);
  }

  private search(cp: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < this.starts[mid]!) hi = mid - 1;
      else if (cp >= this.ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

const EMOJI_PRESENTATION = 0xfe0f;

/** The stack of fonts and what each can draw. */
export class FontStack {
  private readonly ranges = new Map<string, Ranges>();
  private readonly first = new Map<number, StackFont | null>();

  constructor(readonly fonts: readonly StackFont[] = STACK) {}

  /** True when `font` has every face's glyph for `cp`. */
  has(font: StackFont, cp: number): boolean {
    let ranges = this.ranges.get(font.id);
    if (!ranges) {
      const encoded = COVERAGE[font.id];
      if (encoded === undefined) throw new Error(`no coverage for font ${font.id}: run node scripts/font-coverage.mjs`);
      ranges = new Ranges(encoded);
      this.ranges.set(font.id, ranges);
    }
    return ranges.has(cp);
  }

  /** The first font of the stack that has `cp`, or undefined when none has it. */
  fontFor(cp: number): StackFont | undefined {
    let font = this.first.get(cp);
    if (font === undefined) {
      font = this.fonts.find((f) => this.has(f, cp)) ?? null;
      this.first.set(cp, font);
    }
    return font ?? undefined;
  }

  /**
   * The font for a grapheme cluster: the first that has every character of it (a base with
   * its combining marks). A cluster asking for emoji presentation (U+FE0F) takes the emoji
   * font when it has the base. Undefined when no font has them all.
   */
  fontForCluster(cluster: string): StackFont | undefined {
    const cps: number[] = [];
    let emoji = false;
    for (const ch of cluster) {
      const cp = ch.codePointAt(0)!;
      if (cp === EMOJI_PRESENTATION) emoji = true;
      if (!isIgnorable(ch)) cps.push(cp);
    }
    if (cps.length === 0) return this.fonts[0];
    if (emoji) {
      const font = this.fonts.find((f) => f.id === 'emoji');
      if (font && cps.every((cp) => this.has(font, cp))) return font;
    }
    const first = this.fontFor(cps[0]!);
    if (cps.length === 1 || (first && cps.every((cp) => this.has(first, cp)))) return first;
    return this.fonts.find((f) => cps.every((cp) => this.has(f, cp)));
  }

  /** True when `font` has every character of `text` that draws something (spaces aside). */
  hasAll(font: StackFont, text: string): boolean {
    for (const ch of text) {
      if (ch === ' ' || ch === '\n') continue;
      if (!this.has(font, ch.codePointAt(0)!) && !isIgnorable(ch)) return false;
    }
    return true;
  }

  /** The stack's CJK font for a region's glyph forms. */
  regional(region: CjkRegion): StackFont | undefined {
    return this.fonts.find((f) => f.cjk === region);
  }

  /** True when some font of the stack can draw `cp` (characters that draw nothing count as drawn). */
  covers(cp: number): boolean {
    return this.fontFor(cp) !== undefined || isIgnorable(String.fromCodePoint(cp));
  }
}

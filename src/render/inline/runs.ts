/*
 * Run resolution, the step between the document tree and line breaking: a paragraph's
 * styled runs are split further by the font that draws each character (the first of the
 * stack that has it) and by bidi embedding level (UAX #9), so that every resulting run is
 * measured, shaped and drawn in one face and one direction. Han characters and full-width
 * punctuation then take the CJK font of their language's region (cjk-regions.ts).
 */
import { bidi } from './bidi.js';
import { applyCjkRegions, type FontCluster } from './cjk-regions.js';
import { PRIMARY, type StackFont } from './font-list.js';
import type { FontStack } from './font-stack.js';
import type { Run } from '../document/tree.js';
import { graphemesOf } from '../../core/text/graphemes.js';

/** A styled run drawn in one font at one bidi level (odd: right to left). */
export interface ResolvedRun extends Run {
  font: StackFont;
  level: number;
}

/** Text the body font draws without a second look: printable ASCII. */
const ASCII = /^[\n\u0020-\u007e]*$/;
/** A strong right-to-left character or control: only then is the bidi algorithm needed. */
const RTL = /[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
/** Digits, punctuation, spaces and marks: they take the font of the text around them. */
const COMMON = /^[\p{Script=Common}\p{Script=Inherited}\s]+$/u;

/** Languages written right to left (BCP 47 primary subtags). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** True when a letter in `lang` is laid out right to left. */
export function isRtlLanguage(lang: string): boolean {
  const [primary, ...rest] = lang.toLowerCase().split('-');
  // A script subtag overrides the language's usual script: "ug-Latn", "sd-Deva".
  const script = rest.find((s) => s.length === 4);
  if (script !== undefined) return ['arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg'].includes(script);
  return RTL_LANGUAGES.has(primary ?? '');
}

/** A grapheme cluster of a run and the font that draws it. */
interface Cluster extends FontCluster {
  /** Offset in the paragraph's text. */
  start: number;
}

/**
 * Split runs by font and bidi level. `rtl` is the paragraph's base direction (the letter's);
 * `lang` the letter's language, whose region's glyph forms CJK text takes unless the text
 * says otherwise (kana, Hangul). Throws when a character has no font: the glyph check must
 * have refused it before.
 */
export function resolveRuns(runs: readonly Run[], stack: FontStack, rtl: boolean, lang?: string): ResolvedRun[] {
  const text = runs.map((r) => r.text).join('');
  const levels = rtl || RTL.test(text) ? bidi().getEmbeddingLevels(text, rtl ? 'rtl' : 'ltr').levels : undefined;
  const pieces: { run: Run; clusters?: Cluster[] }[] = [];
  let offset = 0;
  let previous: StackFont | undefined;
  let cjk = false;
  for (const run of runs) {
    if (levels === undefined && (ASCII.test(run.text) || allIn(stack, PRIMARY, run.text))) {
      pieces.push({ run });
      previous = PRIMARY;
    } else {
      const clusters = fontClusters(run.text, offset, stack, previous);
      pieces.push({ run, clusters });
      cjk ||= clusters.some((c) => c.font!.cjk !== undefined);
      previous = clusters[clusters.length - 1]?.font ?? previous;
    }
    offset += run.text.length;
  }
  if (cjk) applyCjkRegions(pieces, text, stack, lang);
  const out: ResolvedRun[] = [];
  for (const { run, clusters } of pieces) {
    if (clusters === undefined) push(out, run, run.text, PRIMARY, 0);
    else for (const c of clusters) push(out, run, c.text, c.font!, levels?.[c.start] ?? 0);
  }
  return out;
}

function push(out: ResolvedRun[], run: Run, text: string, font: StackFont, level: number): void {
  const last = out[out.length - 1];
  if (
    last &&
    last.font === font &&
    last.level === level &&
    last.bold === run.bold &&
    last.italic === run.italic &&
    last.href === run.href &&
    last.note === run.note &&
    last.lang === run.lang
  ) {
    last.text += text;
    return;
  }
  const resolved: ResolvedRun = { text, bold: run.bold, italic: run.italic, font, level };
  if (run.href !== undefined) resolved.href = run.href;
  if (run.note !== undefined) resolved.note = run.note;
  // The passage's language goes with its text to the line breaker and the PDF's /Lang.
  if (run.lang !== undefined) resolved.lang = run.lang;
  out.push(resolved);
}

/**
 * The font of each grapheme cluster. A cluster keeps its combining marks and joiners with
 * its base; digits, punctuation and spaces stay in the font of the text before them (or
 * after them, at the start) when that font has them and is not one of symbols or emoji.
 */
function fontClusters(text: string, offset: number, stack: FontStack, before: StackFont | undefined): Cluster[] {
  const clusters: Cluster[] = [];
  for (const { segment, index } of graphemesOf(text)) {
    const common = COMMON.test(segment);
    clusters.push({ text: segment, start: offset + index, common, font: common ? undefined : stack.fontForCluster(segment) });
  }
  // A space after an emoji is a text space, not the emoji font's (which is as wide as an emoji).
  const fits = (font: StackFont | undefined, c: Cluster): boolean => font !== undefined && !font.symbols && stack.hasAll(font, c.text);
  let next: StackFont | undefined;
  // Right to left, so each common cluster knows the font of the next non-common one.
  const after: (StackFont | undefined)[] = new Array(clusters.length);
  for (let i = clusters.length - 1; i >= 0; i--) {
    after[i] = next;
    if (!clusters[i]!.common) next = clusters[i]!.font;
  }
  let current = before;
  clusters.forEach((c, i) => {
    if (c.common) {
      if (fits(current, c)) c.font = current;
      else if (fits(after[i], c)) c.font = after[i];
      else c.font = /^\s+$/.test(c.text) ? PRIMARY : stack.fontForCluster(c.text);
    }
    if (c.font === undefined) {
      throw new Error(
        `no font has "${c.text}" (U+${c.text.codePointAt(0)!.toString(16).toUpperCase()}): the glyph check should have refused it`,
      );
    }
    current = c.font;
  });
  return clusters;
}

/** True when `font` has every character of `text` (spaces aside): then no cluster needs a closer look. */
function allIn(stack: FontStack, font: StackFont, text: string): boolean {
  for (const ch of text) {
    if (ch !== ' ' && ch !== '\n' && !stack.has(font, ch.codePointAt(0)!)) return false;
  }
  return true;
}

/*
 * Plain words from tables: what fontkit's shaping makes of a word in a face of the body font,
 * read from the tables generated from that face (face-metrics.generated.ts, see
 * scripts/face-metrics.mjs) instead of parsing its GSUB and GPOS tables, which cost more than
 * laying out a one-page letter. A word is plain when each of its characters is in the table its
 * first letter picks (Latin and Greek letters, digits, punctuation; no marks); the glyphs,
 * ligatures and kerning are then exactly fontkit's. Any other word is shaped by fontkit (shape.ts).
 */
import { FACE_METRICS, type FaceTableSource } from './face-metrics.generated.js';

/** A word as fontkit shapes it: glyphs in order, with the code points each stands for, and advances in font units. */
export interface PlainLayout {
  /** The word's characters' own glyphs, before ligatures (fontkit makes those first). */
  charGlyphs: number[];
  codePoints: number[];
  /** The glyphs drawn, with the code points each stands for (a ligature: several). */
  glyphs: { id: number; codePoints: number[] }[];
  /** Each glyph's advance with its kerning, and without. */
  xAdvances: number[];
  advances: number[];
}

interface Table {
  glyphOf: Map<number, number>;
  advance: Map<number, number>;
  /** Per ligature lookup, in order: by first glyph, its ligatures (components after the first, and the glyph made). */
  ligatures: Map<number, [number[], number][]>[];
  left: Map<number, number>;
  right: Map<number, number>;
  /** Kerning by left class × 65536 + right class. */
  pairs: Map<number, number>;
}

const b36 = (s: string): number => Number.parseInt(s, 36);

/** Ranges "start+length", each start counted from the end of the range before (as the coverage table). */
function ranges(encoded: string): number[] {
  const out: number[] = [];
  let end = 0;
  for (const part of encoded === '' ? [] : encoded.split(',')) {
    const [gap, length] = part.split('+') as [string, string];
    const start = end + b36(gap);
    end = start + b36(length);
    for (let cp = start; cp < end; cp++) out.push(cp);
  }
  return out;
}

/** Runs "first+count" of consecutive numbers; a number alone is a run of one. */
function runs(encoded: string): number[] {
  const out: number[] = [];
  for (const part of encoded === '' ? [] : encoded.split(',')) {
    const [first, count = '1'] = part.split('+') as [string, string?];
    for (let i = 0, n = b36(count), f = b36(first); i < n; i++) out.push(f + i);
  }
  return out;
}

/** Space-separated groups of runs: glyph → its group's number, from 1. */
function classes(encoded: string): Map<number, number> {
  const out = new Map<number, number>();
  (encoded === '' ? [] : encoded.split(' ')).forEach((group, i) => {
    for (const g of runs(group)) out.set(g, i + 1);
  });
  return out;
}

function decode(source: FaceTableSource): Table {
  const chars = ranges(source.chars);
  const glyphs = runs(source.glyphs);
  if (chars.length !== glyphs.length) throw new Error('face-metrics.generated.ts is damaged: run node scripts/face-metrics.mjs');
  const advance = new Map<number, number>();
  for (const part of source.advances.split(',')) {
    const [g, a] = part.split(':') as [string, string];
    advance.set(b36(g), b36(a));
  }
  const ligatures = (source.ligatures === '' ? [] : source.ligatures.split(' ')).map((lookup) => {
    const byFirst = new Map<number, [number[], number][]>();
    for (const set of lookup.split(',')) {
      for (const rule of set.split('|')) {
        const [sequence, made] = rule.split('=') as [string, string];
        const [first, ...components] = sequence.split('.').map(b36) as [number, ...number[]];
        if (!byFirst.has(first)) byFirst.set(first, []);
        byFirst.get(first)!.push([components, b36(made)]);
      }
    }
    return byFirst;
  });
  const pairs = new Map<number, number>();
  for (const cell of source.kernPairs === '' ? [] : source.kernPairs.split(',')) {
    const [l, r, v] = cell.split('.') as [string, string, string];
    pairs.set(b36(l) * 65536 + b36(r), v.startsWith('-') ? -b36(v.slice(1)) : b36(v));
  }
  return {
    glyphOf: new Map(chars.map((cp, i) => [cp, glyphs[i]!])),
    advance,
    ligatures,
    left: classes(source.kernLeft),
    right: classes(source.kernRight),
    pairs,
  };
}

/** A face's tables, decoded on first use. */
export class FaceMetrics {
  private static readonly decoded = new Map<string, FaceMetrics | null>();
  private common: Table | undefined;
  private scripts: { letters: Set<number>; source: FaceTableSource; table?: Table }[] | undefined;

  private constructor(private readonly key: string) {}

  /** The tables of a face (`serif-bold`), or undefined when it has none. */
  static of(key: string): FaceMetrics | undefined {
    let metrics = FaceMetrics.decoded.get(key);
    if (metrics === undefined) {
      metrics = FACE_METRICS[key] ? new FaceMetrics(key) : null;
      FaceMetrics.decoded.set(key, metrics);
    }
    return metrics ?? undefined;
  }

  /** The table fontkit's choice of script gives a word: by its first character that is not a digit or punctuation. */
  private tableFor(codePoints: readonly number[]): Table | undefined {
    const source = FACE_METRICS[this.key]!;
    this.common ??= decode(source.common);
    const first = codePoints.find((cp) => !this.common!.glyphOf.has(cp));
    if (first === undefined) return this.common;
    this.scripts ??= source.scripts.map((s) => ({ letters: new Set(ranges(s.letters)), source: s }));
    const script = this.scripts.find((s) => s.letters.has(first));
    if (script === undefined) return undefined;
    script.table ??= decode(script.source);
    return script.table;
  }

  /** A left-to-right word as fontkit shapes it, or undefined when it is not plain. */
  layout(text: string): PlainLayout | undefined {
    const codePoints: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) return undefined;
      codePoints.push(cp);
    }
    const table = this.tableFor(codePoints);
    if (table === undefined) return undefined;
    const charGlyphs: number[] = [];
    for (const cp of codePoints) {
      const g = table.glyphOf.get(cp);
      if (g === undefined) return undefined;
      charGlyphs.push(g);
    }
    let glyphs = charGlyphs.map((id, i) => ({ id, codePoints: [codePoints[i]!] }));
    // Each ligature lookup in one pass from the left, the first ligature that matches made.
    for (const lookup of table.ligatures) {
      const out: typeof glyphs = [];
      for (let i = 0; i < glyphs.length; ) {
        const rules = lookup.get(glyphs[i]!.id);
        const rule = rules?.find(([components]) => components.every((c, k) => glyphs[i + 1 + k]?.id === c));
        if (rule === undefined) {
          out.push(glyphs[i]!);
          i++;
          continue;
        }
        const [components, made] = rule;
        out.push({ id: made, codePoints: glyphs.slice(i, i + 1 + components.length).flatMap((g) => g.codePoints) });
        i += 1 + components.length;
      }
      glyphs = out;
    }
    const advances = glyphs.map((g) => table.advance.get(g.id)!);
    const xAdvances = glyphs.map((g, i) => {
      const next = glyphs[i + 1];
      if (next === undefined) return advances[i]!;
      const l = table.left.get(g.id);
      const r = table.right.get(next.id);
      return advances[i]! + (l === undefined || r === undefined ? 0 : (table.pairs.get(l * 65536 + r) ?? 0));
    });
    return { charGlyphs, codePoints, glyphs, xAdvances, advances };
  }
}

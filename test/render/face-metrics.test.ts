// The body font's tables (face-metrics.generated.ts) against fontkit: regenerated, they are the
// committed file; the glyph runs they give are fontkit's own shaping, glyph for glyph, on the words
// of the test letters, the benchmark's names, every pair of plain characters' kerning and ligatures.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { create, type Font, type Glyph } from 'fontkit';
import { describe, expect, test } from 'vitest';
import { readFontFile } from '../../src/io/fonts.js';
import { FaceMetrics } from '../../src/render/inline/face-metrics.js';
import { FACE_METRICS } from '../../src/render/inline/face-metrics.generated.js';
import { type FaceName, faceFile, PRIMARY } from '../../src/render/inline/font-list.js';
import { type GlyphRun, Shaper } from '../../src/render/inline/shape.js';
import { ROOT } from '../helpers/cli.js';

const FACES: [FaceName, boolean, boolean][] = [
  ['regular', false, false],
  ['bold', true, false],
  ['italic', false, true],
  ['boldItalic', true, true],
];

/** Every word of the YAML files under a folder (the test letters and the example). */
function wordsOf(dir: string, out: Set<string>): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) wordsOf(file, out);
    else if (/\.ya?ml$/.test(name)) for (const w of readFileSync(file, 'utf8').split(/[\s]+/)) if (w) out.add(w);
  }
}

/** Words that exercise the tables: ligatures, kerning pairs, digits, Greek, accents, punctuation. */
function samples(): string[] {
  const words = new Set<string>();
  wordsOf(path.join(ROOT, 'test', 'fixtures'), words);
  wordsOf(path.join(ROOT, 'letters'), words);
  for (const w of 'office affluent fjord fifty ffl ffi Th AV To Yo WA LT P. F, 1,234.56 “Quoted” —dash— l’eau Ωμέγα Ελλάδα ἀρχή'.split(' '))
    words.add(w);
  for (const w of 'Jean-François Wiśniewska Dvořák Őrsi Ağaoğlu Ștefan Nguyễn Løkke Muñoz Zoë Thị Hương'.split(' ')) words.add(w);
  // Every pair of a set of letters and punctuation: the kerning classes and the ligatures' starts.
  const chars = [...'AFLPTVWYafijlortvwy.,-’"(1é'];
  for (const a of chars) for (const b of chars) words.add(`${a}${b}`);
  return [...words];
}

/**
 * fontkit's layout with each glyph carrying the characters it was made from in this word, as
 * the shaper draws them (fontkit's own glyph objects keep those of the first word that asked).
 */
function ownLayout(font: Font, word: string): ReturnType<Font['layout']> {
  const own = font as Font & { getGlyph?: (id: number, codePoints?: number[]) => Glyph };
  const shared = own.getGlyph!;
  own.getGlyph = (id, codePoints) => {
    const glyph = shared.call(font, id, codePoints);
    return codePoints ? (Object.create(glyph, { codePoints: { value: codePoints } }) as Glyph) : glyph;
  };
  try {
    return font.layout(word, undefined, undefined, undefined, 'ltr');
  } finally {
    delete own.getGlyph;
  }
}

type Shown = { glyphs: Pick<Glyph, 'id' | 'codePoints' | 'advanceWidth'>[]; positions: GlyphRun['positions'] };

/** A run as numbers and text, to compare. */
const shown = (run: Shown) =>
  run.glyphs.map((g, i) => {
    const p = run.positions[i]!;
    return `${g.id}:${g.codePoints.join('.')}:${p.xAdvance.toFixed(6)}:${p.xOffset}:${p.yOffset}:${g.advanceWidth}`;
  });

describe('the face tables', () => {
  test('are what the installed font and fontkit give (regenerate with node scripts/face-metrics.mjs)', () => {
    const generated = execFileSync(process.execPath, [path.join(ROOT, 'scripts/face-metrics.mjs'), '--json'], { encoding: 'utf8' });
    expect(JSON.parse(generated)).toEqual(FACE_METRICS);
  });

  test.each(FACES)('give fontkit’s glyph runs in the %s face, word after word', (face, bold, italic) => {
    const { file } = faceFile(PRIMARY, bold, italic);
    const reference: Font = create(readFontFile(PRIMARY, file));
    const shaper = new Shaper(readFontFile);
    const f = shaper.face(PRIMARY, bold, italic);
    expect(f.metrics).toBeDefined();
    const scale = 1000 / reference.unitsPerEm;
    let tabled = 0;
    for (const word of samples()) {
      if (f.metrics!.layout(word)) tabled++;
      const ours = shaper.shape(f, word, false);
      const laid = ownLayout(reference, word);
      const theirs = {
        glyphs: laid.glyphs.map((g) => ({ id: g.id, codePoints: g.codePoints, advanceWidth: g.advanceWidth })),
        positions: laid.positions.map((p) => ({
          ...p,
          xAdvance: p.xAdvance * scale,
          xOffset: p.xOffset * scale,
          yOffset: p.yOffset * scale,
        })),
      };
      expect(shown(ours), `${face}: ${word}`).toEqual(shown(theirs));
    }
    // Most words are plain: the tables, not fontkit, gave them.
    expect(tabled).toBeGreaterThan(samples().length * 0.8);
  });

  test('leave words with marks, other scripts or astral characters to fontkit', () => {
    const metrics = FaceMetrics.of(`${PRIMARY.id}-regular`)!;
    for (const word of ['e\u0301', 'Жанна', 'اسم', '𝒜b', 'a\u200db']) expect(metrics.layout(word), word).toBeUndefined();
    expect(metrics.layout('office')?.glyphs.length).toBeLessThan(6);
  });
});

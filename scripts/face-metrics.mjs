// Writes src/render/inline/face-metrics.generated.ts: for each face of the body font, what fontkit's
// OpenType shaping does to a word of "plain" characters, as tables: the glyph of each character,
// the glyphs' advances, the ligatures (fi, ffl …) and the kerning of every pair. A word made only
// of those characters is then measured and drawn from the tables (shape.ts), without parsing the
// font's GSUB and GPOS tables, which cost more than laying out a one-page letter.
//
// The tables are exact, not an approximation: the lookups are the very ones fontkit applies to a
// left-to-right run (its own shaping plan, read from it), and a character is plain only when every
// lookup that could touch a word made of plain characters is a ligature (GSUB 4) or a pair
// adjustment (GPOS 2), whose effect on such words the tables hold in full. Any other lookup that
// could fire on a plain word takes the characters it covers out of the plain set (they are shaped
// by fontkit as before); a feature of a lookup the tables cannot hold stops this script.
//
// Run it after changing the body font's package version or fontkit's: `node scripts/face-metrics.mjs`.
// A test regenerates the tables and compares them with the committed file, and compares the tables'
// glyph runs with fontkit's on many words. The output is excluded from the linter and formatter.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(path.join(root, 'package.json'));
const fontkit = require('fontkit');
// fontkit's own source of scripts (it picks the script of a run by it).
const { getScript } = require(require.resolve('unicode-properties', { paths: [path.dirname(require.resolve('fontkit'))] }));

const source = readFileSync(path.join(root, 'src/render/inline/font-list.ts'), 'utf8');
const { code } = await transform(source, { loader: 'ts', format: 'esm' });
const { PRIMARY } = await import(`data:text/javascript,${encodeURIComponent(code)}`);

/** The folder of an installed package (some export only their entry, not their files). */
function packageDir(name) {
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name);
    try {
      if (JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')).name === name) return candidate;
    } catch {}
  }
  throw new Error(`${name} is not installed`);
}

/**
 * Characters considered: the blocks letters in Latin and Greek script are written with, with
 * their digits, punctuation and symbols. Marks, controls, default-ignorable characters (fontkit
 * hides them) and the fraction slash (it switches fontkit's fraction features on around it) never
 * are plain.
 */
const BLOCKS = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x370, 0x3ff],
  [0x1e00, 0x1fff],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2100, 0x218f],
  [0xfb00, 0xfb06],
];
const NEVER = /[\p{M}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\u2044]/u;
/** The scripts fontkit may pick for a word of plain characters (Common: digits and punctuation alone). */
const SCRIPT_SAMPLES = { Latin: 'a', Greek: 'α', Common: '1' };

/**
 * The lookups fontkit applies to a left-to-right run of each script, in its order (a lookup
 * shared by two features comes twice, and is applied twice), read from fontkit while it lays
 * out a sample of the script; each marked local when its feature is not on every glyph.
 */
function lookupLists(font) {
  font.layout('a', undefined, undefined, undefined, 'ltr');
  const engine = font._layoutEngine?.engine;
  if (!engine) throw new Error('fontkit has no OpenType layout engine for the font');
  const lists = {};
  for (const [script, sample] of Object.entries(SCRIPT_SAMPLES)) {
    const seen = { GSUB: [], GPOS: [] };
    for (const tag of ['GSUB', 'GPOS']) {
      const processor = engine[`${tag}Processor`];
      if (!processor) continue;
      const apply = processor.applyFeatures;
      processor.applyFeatures = function (features, glyphs, positions) {
        const global = new Set(Object.keys(glyphs[0].features));
        for (const { feature, index, lookup } of this.lookupsForFeatures(features)) {
          seen[tag].push({ feature, index, lookup, local: !global.has(feature) });
        }
        return apply.call(this, features, glyphs, positions);
      };
      try {
        font.layout(sample, undefined, undefined, undefined, 'ltr');
      } finally {
        processor.applyFeatures = apply;
      }
    }
    lists[script] = seen;
  }
  return lists;
}

/** A lookup list as text, to tell which scripts get the same lookups. */
const listKey = (list) => JSON.stringify(['GSUB', 'GPOS'].map((t) => list[t].map((x) => [x.feature, x.index, x.local])));

const coverageGlyphs = (coverage) =>
  coverage.version === 1
    ? [...coverage.glyphs]
    : coverage.rangeRecords.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));

function classOf(gid, classDef) {
  if (!classDef) return 0;
  if (classDef.version === 1) {
    const i = gid - classDef.startGlyph;
    return i >= 0 && i < classDef.classValueArray.length ? classDef.classValueArray[i] : 0;
  }
  for (const r of classDef.classRangeRecord) if (r.start <= gid && gid <= r.end) return r.class;
  return 0;
}

/** A lookup's subtables with extensions unwrapped, each with its real type. */
function subtables(tag, lookup) {
  const extension = tag === 'GSUB' ? 7 : 9;
  return lookup.subTables.map((table) =>
    lookup.lookupType === extension ? { type: table.lookupType, table: table.extension } : { type: lookup.lookupType, table },
  );
}

/** Whether a context lookup's subtable could match a run of glyphs all in `glyphs`; the glyphs it starts on. */
function contextReach(table, glyphs) {
  if (table.version === 3) {
    const all = [...(table.backtrackCoverage ?? []), ...(table.inputCoverage ?? table.coverages ?? []), ...(table.lookaheadCoverage ?? [])];
    if (!all.every((c) => coverageGlyphs(c).some((g) => glyphs.has(g)))) return [];
    return coverageGlyphs((table.inputCoverage ?? table.coverages)[0]).filter((g) => glyphs.has(g));
  }
  // Formats 1 and 2: every glyph the subtable starts on (a superset of what it can match).
  return coverageGlyphs(table.coverage).filter((g) => glyphs.has(g));
}

/** Everything a lookup could start on among `glyphs` that the tables cannot hold (GSUB 4, GPOS 2 aside). */
function untabled(tag, lookup, glyphs) {
  const out = [];
  for (const { type, table } of subtables(tag, lookup)) {
    if ((tag === 'GSUB' && type === 4) || (tag === 'GPOS' && type === 2)) continue;
    if ((tag === 'GSUB' && (type === 5 || type === 6)) || (tag === 'GPOS' && (type === 7 || type === 8))) {
      out.push(...contextReach(table, glyphs));
    } else if (tag === 'GPOS' && type >= 4 && type <= 6) {
      out.push(...coverageGlyphs(type === 6 ? table.mark1Coverage : table.markCoverage).filter((g) => glyphs.has(g)));
    } else {
      out.push(...coverageGlyphs(table.coverage).filter((g) => glyphs.has(g)));
    }
  }
  return out;
}

const isSkipped = (flags, glyphClass) =>
  (flags.ignoreMarks && glyphClass === 3) || (flags.ignoreBaseGlyphs && glyphClass === 1) || (flags.ignoreLigatures && glyphClass === 2);

/**
 * The tables of one face for words whose characters are all in `candidates` and get the
 * lookups `lists`, from the largest subset of them for which the tables are exact.
 */
function faceTables(font, file, lists, candidates) {
  // fontkit tells marks, bases and ligatures apart by GDEF's classes when the font has them.
  if (!font.GDEF?.glyphClassDef) throw new Error(`${file} has no GDEF glyph classes: the tables assume them`);
  const gdefClass = (gid) => classOf(gid, font.GDEF.glyphClassDef);
  let chars = candidates.filter((cp) => gdefClass(font.glyphForCodePoint(cp).id) !== 3);
  // Shrink the plain set until no lookup the tables cannot hold can touch a plain word.
  for (;;) {
    const glyphOf = new Map(chars.map((cp) => [cp, font.glyphForCodePoint(cp).id]));
    const glyphs = new Set(glyphOf.values());
    const ligatures = [];
    const excluded = new Set();
    for (const { lookup, local } of lists.GSUB) {
      if (local) continue;
      for (const g of untabled('GSUB', lookup, glyphs)) excluded.add(g);
      const rules = new Map();
      for (const { type, table } of subtables('GSUB', lookup)) {
        if (type !== 4) continue;
        coverageGlyphs(table.coverage).forEach((first, index) => {
          if (!glyphs.has(first)) return;
          for (const lig of table.ligatureSets.get(index)) {
            if (!lig.components.every((c) => glyphs.has(c))) continue;
            if ([first, ...lig.components].some((g) => isSkipped(lookup.flags.flags ?? {}, gdefClass(g)))) {
              throw new Error(`${file}: a ligature lookup skips glyphs of plain characters`);
            }
            if (!rules.has(first)) rules.set(first, []);
            rules.get(first).push([lig.components, lig.glyph]);
          }
        });
      }
      if (rules.size > 0) {
        ligatures.push(rules);
        for (const list of rules.values()) for (const [, lig] of list) glyphs.add(lig);
      }
    }
    for (const { lookup, local } of lists.GPOS) {
      if (local) continue;
      for (const g of untabled('GPOS', lookup, glyphs)) excluded.add(g);
      const flags = lookup.flags.flags ?? {};
      if ([...glyphs].some((g) => isSkipped(flags, gdefClass(g)) || (lookup.flags.markAttachmentType && gdefClass(g) === 3))) {
        throw new Error(`${file}: a positioning lookup skips glyphs of plain characters`);
      }
    }
    if (excluded.size === 0) return { chars, glyphOf, glyphs, ligatures };
    // A glyph made by a ligature cannot be taken out alone: take out what makes it.
    const before = chars.length;
    chars = chars.filter((cp) => !excluded.has(glyphOf.get(cp)));
    if (chars.length === before) throw new Error(`${file}: a lookup the tables cannot hold touches a ligature glyph`);
  }
}

/** The summed pair adjustments of every pair of `glyphs`, as fontkit's GPOS processor applies them. */
function kerning(lists, glyphs) {
  const total = new Map();
  const add = (a, b, value) => {
    if (!value) return;
    for (const field of ['yAdvance', 'xPlacement', 'yPlacement']) {
      if (value[field]) throw new Error(`a pair adjustment moves ${field}: the tables hold advances only`);
    }
    if (value.xAdvance) total.set(`${a},${b}`, (total.get(`${a},${b}`) ?? 0) + value.xAdvance);
  };
  const list = [...glyphs].sort((x, y) => x - y);
  const moves = (value) => value && Object.values(value).some((v) => typeof v === 'number' && v !== 0);
  for (const { lookup, local } of lists.GPOS) {
    if (local) continue;
    const tables = subtables('GPOS', lookup)
      .filter((s) => s.type === 2)
      .map(({ table }) => ({ table, covered: new Map(coverageGlyphs(table.coverage).map((g, i) => [g, i])), sets: new Map() }));
    if (tables.length === 0) continue;
    for (const a of list) {
      for (const b of list) {
        // The first subtable that applies to the pair, as fontkit tries them.
        for (const t of tables) {
          const index = t.covered.get(a);
          if (index === undefined) continue;
          let pair;
          if (t.table.version === 1) {
            if (!t.sets.has(index)) t.sets.set(index, new Map(t.table.pairSets.get(index).map((p) => [p.secondGlyph, p])));
            pair = t.sets.get(index).get(b);
            if (!pair) continue;
          } else {
            pair = t.table.classRecords.get(classOf(a, t.table.classDef1)).get(classOf(b, t.table.classDef2));
          }
          add(a, b, pair.value1);
          if (moves(pair.value2))
            throw new Error('a pair adjustment moves the second glyph: the tables hold the first glyph’s advance only');
          break;
        }
      }
    }
  }
  for (const [k, v] of total) if (v === 0) total.delete(k);
  return total;
}

const b36 = (n) => n.toString(36);

/** Code points as ranges "start+length" in base 36, each start counted from the last range's end. */
function encodeRanges(codePoints) {
  const parts = [];
  let prevEnd = 0;
  for (let i = 0; i < codePoints.length; ) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j] + 1) j++;
    parts.push(`${b36(codePoints[i] - prevEnd)}+${b36(j - i + 1)}`);
    prevEnd = codePoints[j] + 1;
    i = j + 1;
  }
  return parts.join(',');
}

/** Numbers as runs "first+count" of consecutive values (count 1 written as the number alone). */
function encodeRuns(values) {
  const parts = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    parts.push(j === i ? b36(values[i]) : `${b36(values[i])}+${b36(j - i + 1)}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Classes of glyphs that kern alike: on the left, glyphs with the same row of adjustments; on
 * the right, with the same column. The table is then classes × classes, most of it zero.
 */
function kernClasses(total) {
  const rows = new Map();
  const cols = new Map();
  for (const [k, v] of total) {
    const [a, b] = k.split(',').map(Number);
    if (!rows.has(a)) rows.set(a, []);
    rows.get(a).push(`${b}:${v}`);
    if (!cols.has(b)) cols.set(b, []);
    cols.get(b).push(`${a}:${v}`);
  }
  const classify = (lines) => {
    const ids = new Map();
    const classOfGlyph = new Map();
    for (const g of [...lines.keys()].sort((x, y) => x - y)) {
      const sig = lines.get(g).sort().join(' ');
      if (!ids.has(sig)) ids.set(sig, ids.size + 1);
      classOfGlyph.set(g, ids.get(sig));
    }
    return classOfGlyph;
  };
  const left = classify(rows);
  const right = classify(cols);
  const cells = new Map();
  for (const [k, v] of total) {
    const [a, b] = k.split(',').map(Number);
    cells.set(`${left.get(a)},${right.get(b)}`, v);
  }
  const byClass = (m) => {
    const out = new Map();
    for (const [g, c] of m) {
      if (!out.has(c)) out.set(c, []);
      out.get(c).push(g);
    }
    return [...out.keys()].sort((x, y) => x - y).map((c) => encodeRuns(out.get(c).sort((x, y) => x - y)));
  };
  const matrix = [...cells]
    .map(([k, v]) => [...k.split(',').map(Number), v])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([l, r, v]) => `${b36(l)}.${b36(r)}.${v < 0 ? '-' : ''}${b36(Math.abs(v))}`);
  return { kernLeft: byClass(left).join(' '), kernRight: byClass(right).join(' '), kernPairs: matrix.join(',') };
}

/** The plain characters of a face by script (fontkit's names), in the blocks considered. */
function candidates(font) {
  const byScript = { Latin: [], Greek: [], Common: [] };
  for (const [from, to] of BLOCKS) {
    for (let cp = from; cp <= to; cp++) {
      if (NEVER.test(String.fromCodePoint(cp)) || !font.hasGlyphForCodePoint(cp)) continue;
      if (font.glyphForCodePoint(cp).id === 0) continue;
      byScript[getScript(cp)]?.push(cp);
    }
  }
  return byScript;
}

/** One table: characters, their glyphs, advances, ligatures and kerning, for one lookup list. */
function tableEntry(font, file, lists, chars) {
  const t = faceTables(font, file, lists, chars);
  const total = kerning(lists, t.glyphs);
  const advances = [...t.glyphs].sort((x, y) => x - y).map((g) => `${b36(g)}:${b36(font.getGlyph(g).advanceWidth)}`);
  return {
    chars: encodeRanges(t.chars),
    glyphs: encodeRuns(t.chars.map((cp) => t.glyphOf.get(cp))),
    advances: advances.join(','),
    ligatures: t.ligatures
      .map((rules) =>
        [...rules]
          .sort((x, y) => x[0] - y[0])
          .map(([first, list]) => list.map(([components, lig]) => `${[first, ...components].map(b36).join('.')}=${b36(lig)}`).join('|'))
          .join(','),
      )
      .join(' '),
    ...kernClasses(total),
  };
}

/**
 * A face's tables: one for words of digits, punctuation and symbols alone (fontkit shapes them
 * with the default script's lookups), and one per group of scripts that get the same lookups,
 * for words with letters of those scripts among those characters. fontkit shapes a word with the
 * lookups of the script of its first letter, so a word whose letters are of two groups is not plain.
 */
function faceEntry(file) {
  const font = fontkit.create(readFileSync(file));
  if (font.fvar) throw new Error(`${file} is a variable font: the tables hold no variations`);
  const lists = lookupLists(font);
  const byScript = candidates(font);
  const groups = new Map();
  for (const script of ['Latin', 'Greek']) {
    const key = listKey(lists[script]);
    if (!groups.has(key)) groups.set(key, { scripts: [], lists: lists[script] });
    groups.get(key).scripts.push(script);
  }
  const common = tableEntry(font, file, lists.Common, byScript.Common);
  const letters = [...groups.values()].map(({ scripts, lists: l }) => {
    const own = scripts.flatMap((s) => byScript[s]).sort((x, y) => x - y);
    const entry = tableEntry(
      font,
      file,
      l,
      [...own, ...byScript.Common].sort((x, y) => x - y),
    );
    // The letters of these scripts that stayed plain: a word's first one picks this table.
    const kept = new Set(decodeRanges(entry.chars));
    return { letters: encodeRanges(own.filter((cp) => kept.has(cp))), ...entry };
  });
  return { common, scripts: letters };
}

function decodeRanges(encoded) {
  const out = [];
  let end = 0;
  for (const part of encoded === '' ? [] : encoded.split(',')) {
    const [gap, length] = part.split('+');
    const start = end + Number.parseInt(gap, 36);
    end = start + Number.parseInt(length, 36);
    for (let cp = start; cp < end; cp++) out.push(cp);
  }
  return out;
}

const FACES = ['regular', 'bold', 'italic', 'boldItalic'];
const dir = packageDir(PRIMARY.package);
const table = {};
for (const face of FACES) {
  const file = PRIMARY[face];
  if (file) table[`${PRIMARY.id}-${face}`] = faceEntry(path.join(dir, file));
}

const out = [
  "// Generated by scripts/face-metrics.mjs from the body font and fontkit's shaping: do not edit by hand.",
  '// Per face, tables for words of digits and punctuation alone (common) and for words with letters',
  '// (one per group of scripts fontkit shapes alike; a word takes the group of its first letter). Each',
  '// holds the plain characters (ranges "start+length" in base 36, from the end of the range before),',
  '// their glyphs (runs "first+count"), the advances of those glyphs and of ligatures ("glyph:advance"),',
  '// the ligature lookups in order (space-separated; "first.component…=ligature", alternatives "|"), and',
  '// the kerning: left and right classes of glyphs (space-separated runs) and the pairs "left.right.advance".',
  '',
  '/** One table: the characters it holds and what fontkit makes of them (see above). */',
  'export interface FaceTableSource {',
  '  chars: string;',
  '  glyphs: string;',
  '  advances: string;',
  '  ligatures: string;',
  '  kernLeft: string;',
  '  kernRight: string;',
  '  kernPairs: string;',
  '}',
  '',
  "/** A face's tables: digits and punctuation alone, and words with letters (`letters`: the letters that pick it). */",
  'export interface FaceMetricsSource {',
  '  common: FaceTableSource;',
  '  scripts: (FaceTableSource & { letters: string })[];',
  '}',
  '',
  `export const FACE_METRICS: Readonly<Record<string, FaceMetricsSource>> = ${JSON.stringify(table, null, 2)
    .replace(/"([A-Za-z_]\w*)":/g, '$1:')
    .replace(/"/g, "'")};`,
  '',
].join('\n');

if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(table));
else writeFileSync(path.join(root, 'src/render/inline/face-metrics.generated.ts'), out);

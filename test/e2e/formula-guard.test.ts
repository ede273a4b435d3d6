import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { exportCsv } from '../../src/commands/signatures/export.js';
import { guardFormula, unguardFormula } from '../../src/core/sheets/formula-cells.js';
import type { Signatory } from '../../src/core/letter/letter.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { cleanLine } from '../../src/core/text/characters.js';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';
import { YAML_SPECIAL } from '../fixtures/text/yaml-special.js';
import { seeded as random } from '../helpers/random.js';

/** What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV Injection"). */
const FORMULA = /^[=+\-@\t\r]/;

/** Pieces of names that are formulas, look like them, or carry apostrophes where the guard works. */
const PIECES = [
  '=HYPERLINK("http://evil","click")',
  "=cmd|' /C calc'!A0",
  '=1+2',
  '+1 555 0100',
  '-2+3',
  '@SUM(A1:A9)',
  '-ism collective',
  '+plus',
  "'=already marked",
  "''=two marks",
  "'+x",
  "'-",
  "O'Brien",
  "'single'",
  '=',
  '-',
  '+',
  '@',
  "'",
  "''",
  'a=b',
  'Zoë Łukasiewicz',
  '王小明',
  '"quoted"',
  ', comma',
  'semi;colon',
  ...YAML_SPECIAL,
];

describe('the formula guard', () => {
  test.each([
    ['=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-ism collective', "'-ism collective"],
    ["'=x", "''=x"],
    ["''+x", "'''+x"],
    ["O'Brien", "O'Brien"],
    ["'single'", "'single'"],
    ["'", "'"],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
  ])('%j is written %j and read back as itself', (value, cell) => {
    expect(guardFormula(value)).toBe(cell);
    expect(unguardFormula(cell)).toBe(value);
  });

  test('a sheet cell with a text marker before a formula is read without it; other apostrophes stay', () => {
    expect(unguardFormula("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguardFormula("'@home")).toBe('@home');
    expect(unguardFormula("'quoted'")).toBe("'quoted'");
    expect(unguardFormula("'s-Hertogenbosch")).toBe("'s-Hertogenbosch");
    expect(unguardFormula("O'Brien")).toBe("O'Brien");
  });

  test('property: only an apostrophe is ever added, no cell starts a formula, and every value comes back', () => {
    const chars = ['=', '+', '-', '@', "'", '\t', '\r', '\n', ' ', 'a', 'Z', 'é', '"', ',', '中'];
    for (let seed = 1; seed <= 2000; seed++) {
      const rnd = random(seed);
      const length = Math.floor(rnd() * 7);
      const value = Array.from({ length }, () => chars[Math.floor(rnd() * chars.length)]).join('');
      const cell = guardFormula(value);
      expect([value, `'${value}`], `seed ${seed}`).toContain(cell);
      expect(FORMULA.test(cell), `seed ${seed}: ${JSON.stringify(cell)}`).toBe(false);
      expect(unguardFormula(cell), `seed ${seed}`).toBe(value);
    }
  });
});

/** A letter of signatories whose every field is a tricky value, as `letters sign` would store it. */
function trickyLetter(seed: number): string {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const value = (): string => {
    const parts = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(PIECES));
    return cleanLine(parts.join(pick(['', ' '])), 'v') ?? 'x';
  };
  const q = (v: string): string => JSON.stringify(v);
  const lines = ['title: Round trip', 'recipient:', '  name: R', 'signatories:'];
  for (let i = 0; i < 12; i++) {
    // A unique last word keeps two signatories from being one (names compare without punctuation).
    const unique = (v: string): string => `${v} n${i}x`;
    if (rnd() < 0.7) {
      lines.push(`  - organization: ${q(unique(value()))}`);
      if (rnd() < 0.7) lines.push(`    name: ${q(value())}`);
    } else {
      lines.push(`  - name: ${q(unique(value()))}`);
      if (rnd() < 0.5) lines.push(`    affiliation: ${q(value())}`);
    }
    if (rnd() < 0.5) lines.push(`    title: ${q(value())}`);
    if (rnd() < 0.3) lines.push(`    country: ${q(pick(['US', '=US', '+33', '-', '@FR']))}`);
    if (rnd() < 0.3) lines.push(`    group: ${q(value())}`);
    if (rnd() < 0.3) lines.push(`    sort_as: ${q(value())}`);
    lines.push('    signed: 2026-02-01');
    if (rnd() < 0.5)
      lines.push(`    email: ${q(pick(['=x@example.org', '+tag@example.org', '-d@example.org', "'q@example.org", 'a@example.org']))}`);
    if (rnd() < 0.5) lines.push(`    phone: ${q(pick(['+1 555 0100', '-', '=1+1', '@home', "'0100", '0100']))}`);
    if (rnd() < 0.4) lines.push(`    notes: ${q(`${value()}\n${value()}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('letters export keeps formulas out of spreadsheets, and letters import reads its export back exactly', () => {
  test('the CSV has no cell a spreadsheet would run; --json holds the values as they are', async () => {
    const letter = [
      'title: T',
      'recipient:',
      '  name: R',
      'signatories:',
      '  - organization: \'=HYPERLINK("http://evil","click")\'',
      '    name: "-2+3"',
      '    phone: "+1 555 0100"',
      '  - name: "@SUM(A1:A9)"',
      '    affiliation: "-ism collective"',
      '    notes: "=1+2\\nsecond line"',
      '',
    ].join('\n');
    const cwd = testdir({ 'letters/t.yaml': letter });
    const csv = await runInMemory(['export', 't', '--private'], { cwd });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n').slice(1)).toEqual([
      '"\'=HYPERLINK(""http://evil"",""click"")",\'-2+3,,,,,,,,,,,,,,\'+1 555 0100,,,',
      ",'@SUM(A1:A9),,'-ism collective,,,,,,,,,,,,,\"'=1+2\nsecond line\",,",
      '',
    ]);
    const json = await runInMemory(['export', 't', '--private', '--json'], { cwd });
    expect(JSON.parse(json.stdout).signatories).toEqual([
      { organization: '=HYPERLINK("http://evil","click")', name: '-2+3', phone: '+1 555 0100' },
      { name: '@SUM(A1:A9)', affiliation: '-ism collective', notes: '=1+2\nsecond line' },
    ]);
  });

  test.each([1, 2, 3, 4, 5, 6])('property, seed %i: export → import gives back every value exactly, no cell a formula', async (seed) => {
    const letter = trickyLetter(seed);
    const original = parseLetter(letter, 'p.yaml');
    const cwd = testdir({ 'letters/p.yaml': letter });
    mkdirSync(path.join(cwd, 'copy'));
    writeFileSync(path.join(cwd, 'copy', 'c.yaml'), 'title: C\nrecipient:\n  name: R\n');

    const out = await runInMemory(['export', 'p', '--private', '-o', 'out.csv'], { cwd });
    expect(out.code, out.stderr).toBe(0);
    const csv = readFileSync(path.join(cwd, 'out.csv'), 'utf8');
    const cells = (parse(csv, { bom: true, relax_column_count: true }) as string[][]).flat();
    expect(cells.filter((c) => FORMULA.test(c))).toEqual([]);
    expect(cells.filter((c) => /^'+[=+\-@]/.test(c)).length, 'cells the guard marked').toBeGreaterThan(3);

    const back = await runInMemory(['import', 'copy/c.yaml', 'out.csv', '--allow-similar', '--no-pending'], { cwd });
    expect(back.code, back.stderr).toBe(0);
    const copied = parseLetter(readFileSync(path.join(cwd, 'copy', 'c.yaml'), 'utf8'), 'c.yaml').letter.signatories;
    // Each copy records where it came from (the export's row): the rest is the original, value for value.
    expect(copied.map(({ text, source, ...rest }) => rest)).toEqual(original.letter.signatories as Signatory[]);
    expect(copied.map((s) => s.source)).toEqual(copied.map((_, i) => `out.csv row ${i + 2}`));
  });

  test('exportCsv: an original value that starts with an apostrophe before a formula keeps it', () => {
    const csv = exportCsv([{ organization: "'=kept", name: "'plain" }], false);
    expect(csv.split('\r\n')[1]).toBe("''=kept,'plain,,,,,,,,,,,,");
  });
});

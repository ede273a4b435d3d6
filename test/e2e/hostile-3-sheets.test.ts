// The third hostile run, sheets: a stray quote, groups, windows-1252, what is read as a
// sheet, row counts, headings, --skip-invalid. Each case failed before its fix.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const LETTER = 'title: Sheets\nrecipient:\n  name: Jane Doe\nstatus: open\nintro: We write.\n';
const GROUPED = `${LETTER}groups: [Members, Supporters]\nsignatories:\n  - organization: Acme\n    group: Members\n`;

function folder(csv: string | Buffer, letter = LETTER): string {
  const cwd = testdir({ 'letters/x.yaml': letter, 'out/.keep': '' });
  writeFileSync(path.join(cwd, 'in.csv'), csv);
  return cwd;
}
const letterOf = (cwd: string): string => readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8');
const written = (cwd: string): string[] => readdirSync(path.join(cwd, 'out')).filter((f) => f !== '.keep');

// ---- 1. a stray quote merges rows -------------------------------------------------------------

describe('a line break inside a name, organization or title cell is a broken quote, refused at its cell', () => {
  const STRAY = 'Organization,Name\n"Alpha Org,Ann\nBeta Org,Bob\nGamma Org",Cee\nDelta Org,Dee\n';

  test('import: the cell where the quote opened, nothing written', async () => {
    const cwd = folder(STRAY);
    const r = await runInMemory(['import', 'x', 'in.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: in.csv:2:1: row 2, column "Organization": a line break inside the cell: the quote that opens the cell here runs on over 2 more lines, which are read as part of it — this cell holds one line: close the quote where the value ends (a quote inside a value is written twice, ""), or export the CSV again\n' +
        'letters: 1 of 2 rows of in.csv cannot be imported — nothing was written; fix the rows above, or add --skip-invalid to import the others\n',
    );
    expect(letterOf(cwd)).toBe(LETTER);
  });

  test('render --recipients: refused before any letter is written', async () => {
    const cwd = folder(STRAY.replace('Organization,Name', 'Organization,Name'));
    const r = await runInMemory(['render', 'x', '--recipients', 'in.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^letters: in\.csv:2:1: column "Organization": a line break inside the cell: the quote that opens the cell here/,
    );
    expect(written(cwd)).toEqual([]);
  });

  test('the name and the title too, in either reader', async () => {
    const cwd = folder('Name,Title\nAnn,"Director\nBob,Chair"\n');
    const merged = await runInMemory(['render', 'x', '--recipients', 'in.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(merged.stderr).toMatch(/^letters: in\.csv:2:5: column "Title": a line break inside the cell: .* over the next line/);
    const imported = await runInMemory(['import', 'x', 'in.csv'], { cwd });
    expect(imported.stderr).toMatch(/^letters: in\.csv:2:5: row 2, column "Title": a line break inside the cell/);
  });

  test('a line break is fine in a notes or description cell, and in a mail merge address', async () => {
    const cwd = folder(
      'Organization,Notes,Description\nAcme,"call back\nafter 5",We build\nwells\n'.replace('We build\nwells', '"We build\nwells"'),
    );
    const r = await runInMemory(['import', 'x', 'in.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(letterOf(cwd)).toMatch(/organization: Acme\n {4}description: We build wells\n/);
    const merge = folder('Name,Address\nAnn Lee,"1 Main St\nSpringfield"\n');
    const m = await runInMemory(['render', 'x', '--recipients', 'in.csv', '--format', 'txt', '-o', 'out'], { cwd: merge });
    expect(m.code, m.stderr).toBe(0);
    expect(readFileSync(path.join(merge, 'out/x-ann-lee.txt'), 'utf8')).toMatch(/^Ann Lee\n1 Main St\nSpringfield\n/);
  });
});

// ---- 2. a group that groups: does not list (fixed before this run: one planner) -------------

describe('import never writes a group that groups: does not list', () => {
  test('refused at its cell, as sign --group refuses it; with --skip-invalid the others land and check passes', async () => {
    const cwd = folder('Organization,Group\nBeta,Others\nGamma,members\n', GROUPED);
    const r = await runInMemory(['import', 'x', 'in.csv'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`in.csv:2:6: row 2, column "Group": the letter's groups do not include "Others"`);
    expect(letterOf(cwd)).toBe(GROUPED);
    const signed = await runInMemory(['sign', 'x', '--org', 'Beta', '--group', 'Others'], { cwd });
    expect(signed.code).toBe(1);
    const skipped = await runInMemory(['import', 'x', 'in.csv', '--skip-invalid'], { cwd });
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(letterOf(cwd)).toMatch(/- organization: Gamma\n {4}group: Members\n/);
    expect(letterOf(cwd)).not.toContain('Others');
    const check = await runInMemory(['check', 'x'], { cwd });
    expect(check.code, check.stderr).toBe(0);
  });
});

// ---- 3. windows-1252 with its real table ------------------------------------------------------

/** Windows-1252's 0x80–0x9F (WHATWG's index); undefined where the code page has no character. */
const C1: (number | undefined)[] = [
  0x20ac,
  undefined,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  undefined,
  0x017d,
  undefined,
  undefined,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  undefined,
  0x017e,
  0x0178,
];
/** Every byte from 0x80 to 0xFF and the character windows-1252 gives it (0xA0–0xFF are U+00A0–U+00FF). */
const BYTES = Array.from({ length: 128 }, (_, i) => [0x80 + i, i < 32 ? C1[i] : 0x80 + i] as const);

describe('--encoding windows-1252 decodes every byte from 0x80 to 0xFF by the code page', () => {
  test('each defined byte is its character, in a name read by import', async () => {
    const defined = BYTES.filter(([, cp]) => cp !== undefined);
    const rows = defined.map(([byte]) => Buffer.concat([Buffer.from('Org '), Buffer.from([byte]), Buffer.from(` ${byte.toString(16)}\n`)]));
    const cwd = folder(Buffer.concat([Buffer.from('Organization\n'), ...rows]));
    // --allow-similar: "Org « ab" and "Org ¬ ac" look alike once punctuation is set aside.
    const r = await runInMemory(['import', 'x', 'in.csv', '--encoding', 'windows-1252', '--dry-run', '--json', '--allow-similar'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { encoding: string; add: { signatory: { organization: string } }[]; invalid: unknown[] };
    expect(plan.encoding).toBe('windows-1252');
    // Invisible ones (no-break space, soft hyphen) are values too: every row is added.
    expect(plan.invalid).toEqual([]);
    expect(plan.add.map((a) => a.signatory.organization)).toEqual(
      defined.map(([byte, cp]) => `Org ${String.fromCodePoint(cp!)} ${byte.toString(16)}`),
    );
  });

  test.each(BYTES.filter(([, cp]) => cp === undefined).map(([byte]) => [byte.toString(16).toUpperCase(), byte] as const))(
    'byte 0x%s, which the code page leaves undefined, is refused at its place',
    async (_, byte) => {
      const cwd = folder(Buffer.concat([Buffer.from('Organization\nFine\nBad '), Buffer.from([byte]), Buffer.from('\n')]));
      const r = await runInMemory(['import', 'x', 'in.csv', '--encoding', 'windows-1252'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `letters: in.csv:3:5: in.csv is not windows-1252 text: byte 0x${byte.toString(16).toUpperCase()} here is no character in windows-1252 — save it as "CSV UTF-8" from the spreadsheet, or give --encoding the encoding it was saved in\n`,
      );
    },
  );

  test('the mail merge prints O’Brien, €, “ ”, –, Š, Ž, œ (no font is blamed), and latin1 means the same', async () => {
    const bytes = Buffer.from([
      ...Buffer.from('Name,Organization\nAnn O'),
      0x92,
      ...Buffer.from('Brien,'),
      0x80,
      0x20,
      0x93,
      0x8a,
      0x8e,
      0x9c,
      0x94,
      0x20,
      0x96,
      0x0a,
    ]);
    for (const encoding of ['windows-1252', 'latin1']) {
      const cwd = folder(bytes);
      const r = await runInMemory(['render', 'x', '--recipients', 'in.csv', '--encoding', encoding, '-o', 'out'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(written(cwd)).toEqual(['x-ann-o-brien.pdf']);
      const text = execFileSync('pdftotext', [path.join(cwd, 'out/x-ann-o-brien.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Ann O’Brien');
      expect(text).toContain('€ “ŠŽœ” –');
    }
  });
});

// ---- 5. only regular files of a stated size ----------------------------------------------------

describe('a sheet is a regular file of at most 16 MiB, checked before it is read', () => {
  const commands = (sheet: string): string[][] => [
    ['import', 'x', sheet],
    ['render', 'x', '--recipients', sheet, '-o', 'out'],
  ];

  test.each(commands('/dev/zero'))('/dev/zero: %s … refused at once', async (...args) => {
    const cwd = folder('Name\n');
    const r = await runInMemory(args, { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: /dev/zero is a device, not a CSV file — letters reads only regular files: give the path of a CSV file\n',
    );
  });

  test('a named pipe nobody writes to is refused, not waited on', async () => {
    const cwd = folder('Name\n');
    execFileSync('mkfifo', [path.join(cwd, 'pipe.csv')]);
    for (const args of commands('pipe.csv')) {
      const r = await runInMemory(args, { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'letters: pipe.csv is a named pipe (FIFO), not a CSV file — letters reads only regular files: give the path of a CSV file\n',
      );
    }
  });

  test('a 200 MB file is refused by its size, and a folder by what it is', async () => {
    const cwd = folder('Name\n');
    writeFileSync(path.join(cwd, 'huge.csv'), '');
    truncateSync(path.join(cwd, 'huge.csv'), 200 * 1024 * 1024); // sparse
    mkdirSync(path.join(cwd, 'folder.csv'));
    for (const args of commands('huge.csv')) {
      const r = await runInMemory(args, { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'letters: huge.csv is too large to be a CSV file: 200 MiB (the limit is 16 MiB) — a sign-up sheet of 10,000 rows is about 1.5 MiB: check that this is the right file\n',
      );
    }
    const r = await runInMemory(['import', 'x', 'folder.csv'], { cwd });
    expect(r.stderr).toBe('letters: folder.csv is a folder, not a CSV file — give the path of a CSV file\n');
  });
});

describe('a JSON or e-mail file to import is read as a sheet is: a regular file of at most 16 MiB', () => {
  test('a named pipe given as form.json, as reply.eml, or as the second of two .eml files is refused, not waited on', async () => {
    const cwd = folder('Name\n');
    writeFileSync(path.join(cwd, 'a.eml'), 'From: ann@example.org\nSubject: Sign\n\nI sign.\n');
    for (const name of ['form.json', 'reply.eml']) execFileSync('mkfifo', [path.join(cwd, name)]);
    const cases: [string[], string][] = [
      [['form.json'], 'form.json is a named pipe (FIFO), not a JSON file'],
      [['reply.eml'], 'reply.eml is a named pipe (FIFO), not an e-mail file'],
      [['a.eml', 'reply.eml'], 'reply.eml is a named pipe (FIFO), not an e-mail file'],
    ];
    for (const [files, message] of cases) {
      const r = await runInMemory(['import', 'x', ...files], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^letters: /)]);
      expect(r.stderr).toContain(`letters: ${message} — letters reads only regular files`);
    }
    expect(letterOf(cwd)).toBe(LETTER);
  });

  test('a 200 MB form.json or reply.eml is refused by its size, in one line', async () => {
    const cwd = folder('Name\n');
    for (const [name, what] of [
      ['form.json', 'a JSON file'],
      ['reply.eml', 'an e-mail file'],
    ]) {
      writeFileSync(path.join(cwd, name!), '');
      truncateSync(path.join(cwd, name!), 200 * 1024 * 1024); // sparse
      const r = await runInMemory(['import', 'x', name!], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `letters: ${name} is too large to be ${what}: 200 MiB (the limit is 16 MiB) — a sign-up sheet of 10,000 rows is about 1.5 MiB: check that this is the right file\n`,
      );
    }
    expect(letterOf(cwd)).toBe(LETTER);
  });
});

test('a --message file is a regular file of at most 1 MiB: a named pipe and a 2 MiB file are refused in one line', async () => {
  const letter = `title: W\nstatus: open\nfrom: Coalition <coord@example.org>\nrecipient:\n  name: Jane Doe\nintro: We write.\nsignatories:\n  - organization: Acme\n    email: acme@example.org\n`;
  const cwd = folder('Name\n', letter);
  execFileSync('mkfifo', [path.join(cwd, 'pipe.txt')]);
  writeFileSync(path.join(cwd, 'big.txt'), 'x'.repeat(2 * 1024 * 1024));
  const pipe = await runInMemory(['notify', 'x', '-o', 'out', '--message', 'pipe.txt'], { cwd });
  expect(pipe.code).toBe(1);
  expect(pipe.stderr).toBe(
    'letters: pipe.txt is a named pipe (FIFO), not a message file — letters reads only regular files: give the path of a message file\n',
  );
  const big = await runInMemory(['notify', 'x', '-o', 'out', '--message', 'big.txt'], { cwd });
  expect(big.code).toBe(1);
  expect(big.stderr).toBe(
    'letters: big.txt is too large to be a message file: 2 MiB (the limit is 1 MiB) — a message is a few KiB: check that this is the right file\n',
  );
  expect(written(cwd)).toEqual([]);
});

// ---- 12. rows, not cells -----------------------------------------------------------------------

test('two bad cells in one row: "1 of 1 row cannot be imported", and the plan counts one invalid row', async () => {
  const cwd = folder('Organization,Email,Country\nBeta,x,\u0001\n');
  const r = await runInMemory(['import', 'x', 'in.csv'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('\nInvalid: 1\n');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(3);
  expect(r.stderr).toContain('letters: 1 of 1 row of in.csv cannot be imported — ');
});

// ---- debatable: one heading table; --skip-invalid with nothing valid -------------------------

test.each(['Organisme', 'Entreprise', 'Unternehmen', 'Empresa', 'Firma'])(
  'import reads "%s" as the organization, as the mail merge does',
  async (heading) => {
    const cwd = folder(`${heading},Nom complet,Fonction\nEau Vive,Ana Lima,Directrice\n`);
    const r = await runInMemory(['import', 'x', 'in.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`"${heading}" → organization`);
    expect(letterOf(cwd)).toMatch(/- organization: Eau Vive\n {4}name: Ana Lima\n {4}title: Directrice\n/);
  },
);

test('--skip-invalid when every row is invalid: an error, not a success', async () => {
  const cwd = folder('Organization,Email\nA,x\nB,y\n\n');
  const r = await runInMemory(['import', 'x', 'in.csv', '--skip-invalid'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
    'letters: every row of in.csv is invalid (2 rows), so nothing can be imported — nothing was written; fix the rows above (--skip-invalid leaves out some rows, not all of them)',
  );
  expect(letterOf(cwd)).toBe(LETTER);
  const some = folder('Organization,Email\nA,x\nB,b@example.org\n');
  const ok = await runInMemory(['import', 'x', 'in.csv', '--skip-invalid'], { cwd: some });
  expect(ok.code, ok.stderr).toBe(0);
});

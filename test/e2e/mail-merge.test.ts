import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

const visit = readFileSync(path.join(ROOT, 'test/fixtures/formats/visit.yaml'), 'utf8')
  .replace(/\n {2}A second paragraph.*\n/, '\n')
  .replace('closing: |\n', 'closing: |\n  We hope to see {{recipient.name}} in the valley.\n');

const CSV = [
  'Name;Position;Organisation;Adresse;Code postal;Ville;Formule d’appel;E-mail',
  'Agnès Moreau;Ministre;Ministère de l’Eau;"12 rue de Rivoli\nBâtiment B";75001;Paris;Madame la Ministre,;a@example.org',
  '"*Bold* [x](javascript:alert(1))";Minister;"Water, Sanitation & Hygiene";;;;;',
  '',
].join('\r\n');

describe('render --recipients FILE.csv', () => {
  test('one PDF per row, each with its recipient block, salutation and personalized sentence', async () => {
    const cwd = testdir({ 'letters/visit.yaml': visit, 'people.csv': `\ufeff${CSV}`, 'out/.keep': '' });
    const r = await runBin(['render', 'visit', '--recipients', 'people.csv', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    // The E-mail column is read now: `letters send --recipients` sends each row's letter to it.
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Wrote out/visit-agnes-moreau.pdf, out/visit-bold-x-javascript-alert-1.pdf for 2 recipients\n');
    const first = await readPdf(readFileSync(path.join(cwd, 'out/visit-agnes-moreau.pdf')));
    expect(first.pages[0]!.text).toMatch(/^Agnès Moreau\nMinistre\nMinistère de l’Eau\n12 rue de Rivoli\nBâtiment B\nParis 75001\n/); // an English letter: city, then postal code
    expect(first.text).toContain('Madame la Ministre,');
    expect(first.text).toContain('We hope to see Agnès Moreau in the valley.');
    expect(first.text).not.toContain('Minister Jane Doe');
    const second = await readPdf(readFileSync(path.join(cwd, 'out/visit-bold-x-javascript-alert-1.pdf')));
    // No salutation column value: "Dear <name>,"; the name prints as typed, Markdown and all.
    expect(second.text).toContain('Dear *Bold* [x](javascript:alert(1)),');
    expect(second.text).toContain('We hope to see *Bold* [x](javascript:alert(1)) in the valley.');
    expect(second.pages.flatMap((p) => p.links)).toEqual([
      'https://example.org/dry-fields',
      'https://example.org/reports/2026/dry-fields/annex-with-a-very-long-name.pdf',
    ]);
  });

  test('--combined: one PDF, each letter from a new page, page numbers restarting', async () => {
    const many = `title: Many\nrecipient:\n  name: X\nsignoff: Sincerely,\nsignatories:\n${Array.from({ length: 70 }, (_, i) => `  - organization: Organization ${i + 1}\n`).join('')}`;
    const cwd = testdir({ 'letters/many.yaml': many, 'people.csv': 'Name\nAna\nBo\n' });
    const r = await runInMemory(['render', 'many', '--recipients', 'people.csv', '--combined'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Wrote many-combined.pdf (2 letters)\n');
    const pdf = await readPdf(readFileSync(path.join(cwd, 'many-combined.pdf')));
    const starts = pdf.pages
      .map((p, i) => (p.text.startsWith('Ana\n') ? `Ana@${i}` : p.text.startsWith('Bo\n') ? `Bo@${i}` : ''))
      .filter(Boolean);
    const half = pdf.pages.length / 2;
    expect(starts).toEqual(['Ana@0', `Bo@${half}`]);
    const numbers = pdf.pages.map((p) => p.items.find((it) => /^\d+$/.test(it.text) && it.y < 60)?.text ?? '-');
    expect(numbers).toEqual([
      ...['-', ...Array.from({ length: half - 1 }, (_, i) => String(i + 2))],
      ...['-', ...Array.from({ length: half - 1 }, (_, i) => String(i + 2))],
    ]);
  });

  test('535 rows, as text: each file has its own recipient and salutation', async () => {
    const rows = Array.from(
      { length: 535 },
      (_, i) => `Member ${i + 1},Representative,"${1000 + i} Independence Ave SW",Washington,DC,20515,Dear Representative ${i + 1}:`,
    );
    const cwd = testdir({
      'letters/visit.yaml': visit,
      'house.csv': `Full Name,Title,Address,City,State,ZIP,Salutation\r\n${rows.join('\r\n')}\r\n`,
      'out/.keep': '',
    });
    const r = await runBin(['render', 'visit', '--recipients', 'house.csv', '--format', 'txt', '-o', 'out'], { cwd, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(path.join(cwd, 'out')).filter((f) => f.endsWith('.txt'))).toHaveLength(535);
    for (let i = 1; i <= 535; i++) {
      const text = readFileSync(path.join(cwd, `out/visit-member-${i}.txt`), 'utf8');
      expect(
        text.startsWith(
          `Member ${i}\nRepresentative\n${999 + i} Independence Ave SW\nWashington, DC 20515\n\nMarch 2, 2026\n\nDear Representative ${i}:\n`,
        ),
        text.slice(0, 200),
      ).toBe(true);
      expect(text).toContain(`We hope to see Member ${i} in the valley.`);
    }
  });

  const cases = [
    {
      name: 'an unknown {{recipient.…}} field, located in the letter',
      letter: visit.replace('{{recipient.name}} in the valley', '{{recipient.nickname}} in the valley'),
      csv: 'Name\nAna\n',
      stderr:
        /^letters: letters\/visit\.yaml:\d+:\d+: closing uses \{\{recipient\.nickname\}\}, which is not a recipient field — use one of \{\{recipient\.name\}\}, /,
    },
    {
      name: 'a field a row lacks, located at its cell',
      letter: visit.replace('{{recipient.name}} in the valley', '{{recipient.title}} in the valley'),
      csv: 'Name,Title\nAna,Minister\nBo,\n',
      stderr:
        /^letters: people\.csv:3:4: this recipient has no title, which closing uses \(\{\{recipient\.title\}\}\) — fill in the title, or reword closing\n$/,
    },
    {
      name: 'a row without a name',
      letter: visit,
      csv: 'Title,Name\nT,Ana\nT,\n',
      stderr: /^letters: people\.csv:3:3: this row has no recipient's name — /,
    },
    {
      name: 'an unclosed quote',
      letter: visit,
      csv: 'Name\nAna\n"Bo\n',
      stderr: /^letters: people\.csv:3:1: a quoted field is never closed — /,
    },
    {
      name: 'a character no font has in a name',
      letter: visit,
      csv: 'Name\nAna\n王小明 𓀀\n',
      stderr: /^letters: people\.csv:3:1: recipient name has a character no font of letters can print: "𓀀"/,
    },
    {
      name: 'no name column',
      letter: visit,
      csv: 'Email\na@x\n',
      stderr: /^letters: people\.csv:1:1: no column for the recipient's name among: "Email" — /,
    },
  ];
  test.each(cases)('$name: one located line, exit 1, nothing written', async ({ letter, csv, stderr }) => {
    const cwd = testdir({ 'letters/visit.yaml': letter, 'people.csv': csv, 'out/.keep': '' });
    const r = await runInMemory(['render', 'visit', '--recipients', 'people.csv', '-o', 'out'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(stderr);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['.keep']);
  });

  test('flags that do not go together are usage errors', async () => {
    const cwd = testdir({ 'letters/visit.yaml': visit, 'people.csv': 'Name\nAna\n' });
    const combinedHtml = await runInMemory(['render', 'visit', '--recipients', 'people.csv', '--combined', '--format', 'html'], { cwd });
    expect(combinedHtml).toMatchObject({
      code: 2,
      stderr: 'letters: --combined makes one PDF, not HTML page — drop --format, or drop --combined\n',
    });
    const noCsv = await runInMemory(['render', 'visit', '--combined'], { cwd });
    expect(noCsv).toMatchObject({ code: 2, stderr: 'letters: --combined is for a mail merge — add --recipients FILE.csv\n' });
    writeFileSync(path.join(cwd, 'afile'), 'x');
    const toFile = await runInMemory(['render', 'visit', '--recipients', 'people.csv', '-o', 'afile'], { cwd });
    expect(toFile.code).toBe(2);
    expect(toFile.stderr).toBe('letters: with --recipients, -o names a folder, and afile is a file — give -o a folder\n');
    expect(readFileSync(path.join(cwd, 'afile'), 'utf8')).toBe('x');
    expect(existsSync(path.join(cwd, 'visit-ana.pdf'))).toBe(false);
  });
});

describe('render --all', () => {
  test('every letter in one run; a broken one is reported and the others are written; exit 1', async () => {
    const cwd = testdir({
      'letters/a.yaml': visit,
      'letters/b.yaml': 'title: [broken\n',
      'letters/c.yaml': visit.replace('Minister Jane Doe', 'Minister John Roe'),
      'site/.keep': '',
    });
    const r = await runBin(['render', '--all', '--format', 'html', '-o', 'site'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Rendered 2 of 3 letters as HTML page into site/ (2 files)\n');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^letters: letters\/b\.yaml:\d+:\d+: /);
    expect(lines.at(-1)).toBe('letters: 1 of 3 letters could not be rendered — fix the problems above, then run again');
    expect(r.stderr).not.toMatch(/\r|\u001b/); // no progress line without a terminal
    expect(readdirSync(path.join(cwd, 'site')).sort()).toEqual(['.keep', 'a.html', 'c.html']);
    expect(readFileSync(path.join(cwd, 'site/c.html'), 'utf8')).toContain('Minister John Roe');
  });

  test('a progress line on a terminal; all good exits 0', async () => {
    const cwd = testdir({ 'letters/a.yaml': visit, 'letters/b.yaml': visit });
    const r = await runInMemory(['render', '--all', '--format', 'md'], { cwd, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Rendered 2 of 2 letters as Markdown into ./ (2 files)\n');
    expect(r.stderr).toBe('\r\u001b[KRendering 1/2: a\r\u001b[KRendering 2/2: b\r\u001b[K');
    expect(existsSync(path.join(cwd, 'a.md')) && existsSync(path.join(cwd, 'b.md'))).toBe(true);
  });

  test('--all with a letter, or with -o -, is a usage error', async () => {
    const cwd = testdir({ 'letters/a.yaml': visit });
    const withLetter = await runInMemory(['render', 'a', '--all'], { cwd });
    expect(withLetter.code).toBe(2);
    expect(withLetter.stderr).toBe('letters: --all renders every letter, so "a" is one too many — give a letter or --all, not both\n');
    expect((await runInMemory(['render', '--all', '-o', 'nowhere'], { cwd })).stderr).toBe(
      'letters: the folder nowhere does not exist — create it first (mkdir -p nowhere), or choose another -o\n',
    );
    const toStdout = await runInMemory(['render', '--all', '-o', '-'], { cwd });
    expect(toStdout.stderr).toBe('letters: --all writes several files, so not to standard output — give -o a folder\n');
    expect(toStdout.code).toBe(2);
    expect(readdirSync(cwd)).toEqual(['letters']);
  });
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { buildView } from '../../src/render/document/view.js';
import { ROOT, runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

/** A letter whose every private field, and a withdrawn entry, hold marker strings that must never be printed. */
const privateLetter = `title: Private fields stay private
recipient:
  name: Minister Amara Okonkwo-Lindqvist
intro: We ask you to act.
signatories:
  - organization: Human Rights Watch
    name: Jane Roe
    title: Director
    signed: 2026-03-01
    email: marker-email-7q@example.org
    phone: "+1 555 MARKERPHONE"
    notes: |
      MARKERNOTES first line
      MARKERNOTES second line, "quoted", with a comma
  - name: Ana Lima
    email: ana-MARKERMAIL@example.org
withdrawn:
  - organization: MARKERWITHDRAWN Org
    email: withdrawn-MARKER@example.org
    withdrawn: 2026-03-02
    reason: MARKERREASON
`;
const MARKER = /marker|withdrawn/i;

describe('letters export', () => {
  test('CSV for delivery: BOM, CRLF, fixed headings, no private fields unless --private, never the withdrawn', async () => {
    const cwd = testdir({ 'letters/p.yaml': privateLetter });
    const r = await runBin(['export', 'p'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      '\ufeffOrganization,Name,Title,Affiliation,Country,Description,Highlight,Group,Logo,Sort as,Signed,Text,Late\r\n' +
        'Human Rights Watch,Jane Roe,Director,,,,,,,,2026-03-01,,\r\n' +
        ',Ana Lima,,,,,,,,,,,\r\n',
    );
    const full = await runBin(['export', 'p', '--private', '-o', 'out.csv'], { cwd });
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toBe('Wrote out.csv (2 signatories, with private fields)\n');
    const csv = readFileSync(path.join(cwd, 'out.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeffOrganization,Name,Title,Affiliation,Country,Description,Highlight,Group,Logo,Sort as,Signed,Text,Late,Email,Phone,Notes,Source,Flagged',
    );
    expect(csv).toContain(
      ',marker-email-7q@example.org,\'+1 555 MARKERPHONE,"MARKERNOTES first line\nMARKERNOTES second line, ""quoted"", with a comma",,\r\n',
    );
    expect(csv).not.toMatch(/MARKERWITHDRAWN/);

    // An export reads back through import into an empty letter, field for field.
    mkdirSync(path.join(cwd, 'copy'));
    writeFileSync(path.join(cwd, 'copy', 'c.yaml'), 'title: C\nrecipient:\n  name: R\n');
    // One's own export is a sheet to trust: --no-pending signs its rows, flagged or not.
    const back = await runBin(['import', 'copy/c.yaml', 'out.csv', '--no-pending'], { cwd });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('Not used: "Text", "Late", "Flagged"');
    const copied = parseLetter(readFileSync(path.join(cwd, 'copy', 'c.yaml'), 'utf8'), 'c.yaml').letter.signatories;
    const original = parseLetter(privateLetter, 'p.yaml').letter.signatories;
    expect(copied.map(({ text, signed, source, ...rest }) => rest)).toEqual(
      original.map(({ signed, ...rest }) => (rest.notes ? { ...rest, notes: rest.notes.trimEnd() } : rest)),
    );
  });

  test('--json; -o never replaces a file that is not an earlier export, nor the letter', async () => {
    const cwd = testdir({ 'letters/p.yaml': privateLetter, 'notes.csv': 'my own spreadsheet\n' });
    const json = await runBin(['export', 'p', '--json'], { cwd });
    expect(JSON.parse(json.stdout).signatories).toEqual([
      { organization: 'Human Rights Watch', name: 'Jane Roe', title: 'Director', signed: '2026-03-01' },
      { name: 'Ana Lima' },
    ]);
    const refused = await runBin(['export', 'p', '-o', 'notes.csv'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/notes\.csv exists and is not an earlier export — .*--force/);
    expect(readFileSync(path.join(cwd, 'notes.csv'), 'utf8')).toBe('my own spreadsheet\n');
    expect((await runBin(['export', 'p', '-o', 'letters/p.yaml'], { cwd })).code).toBe(2);
    expect((await runBin(['export', 'p', '-o', 'e.csv'], { cwd })).code).toBe(0);
    expect((await runBin(['export', 'p', '-o', 'e.csv'], { cwd })).code).toBe(0);
  });
});

describe('private fields are never rendered', () => {
  test('not in the template data, whatever the template asks for', () => {
    const view = buildView(parseLetter(privateLetter, 'p.yaml').letter);
    expect(JSON.stringify(view)).not.toMatch(MARKER);
  });

  test('not in the PDF, with the shipped template or one that tries to print them', async () => {
    const greedy = readFileSync(path.join(ROOT, 'templates', 'formal.hbs'), 'utf8').replace(
      '{{#if organization}}{{organization}}{{/if}}',
      '{{#if organization}}{{organization}}{{/if}} {{email}} {{phone}} {{notes}} {{lookup this "email"}} {{@root.withdrawn}} {{json}}',
    );
    const cwd = testdir({ 'letters/p.yaml': privateLetter, 'templates/greedy.hbs': greedy });
    for (const template of ['formal', 'greedy']) {
      const r = await runInMemory(['render', 'p', '--template', template, '-o', `${template}.pdf`], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const bytes = readFileSync(path.join(cwd, `${template}.pdf`));
      const pdf = await readPdf(bytes);
      expect(pdf.text).toContain('Jane Roe');
      expect(pdf.text).not.toMatch(MARKER);
      expect(JSON.stringify(pdf.info)).not.toMatch(MARKER);
    }
  });
});

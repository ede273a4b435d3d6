import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FORMS } from '../fixtures/intake/forms.js';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const letter = 'title: Corpus\nstatus: open\nrecipient:\n  name: R\nsignatories: []\n';

describe(`${FORMS.length} form exports in eight languages: every name and title column read, or the import refused with the --map to write`, () => {
  const outcomes: string[] = [];
  test.each(FORMS.map((f) => [f.name, f] as const))('%s', async (_, form) => {
    const cwd = testdir({ 'letters/l.yaml': letter });
    const csv = [form.header, ...form.rows].map((r) => r.map(csvCell).join(',')).join('\n');
    writeFileSync(path.join(cwd, 'form.csv'), `${csv}\n`);
    const r = await runInMemory(['import', 'l', 'form.csv', '--dry-run', '--json', '--date-order', 'dmy'], { cwd });
    if (r.code === 0) {
      const plan = JSON.parse(r.stdout) as {
        columns: { column: number; field: string | null }[];
        add: { signatory: { name?: string; title?: string } }[];
      };
      const field = (c: number): string | null => plan.columns[c]!.field;
      // Zero imports that drop a name or a title silently.
      for (const c of form.nameColumns) expect(field(c), `"${form.header[c]}" read as the name`).toBe('name');
      for (const c of form.titleColumns) expect(field(c), `"${form.header[c]}" read as the title`).toBe('title');
      expect(plan.add.map((a) => a.signatory.name)).toEqual(['Jean-François Dubois', 'Katarzyna Wiśniewska', 'Antonín Dvořák']);
      if (form.titleColumns.length > 0) expect(plan.add.every((a) => a.signatory.title !== undefined)).toBe(true);
      outcomes.push('mapped');
    } else {
      expect(r.code, r.stderr).toBe(2);
      // Refused with the exact line to write, at the heading's place, and nothing else said.
      expect(r.stderr).toMatch(/^letters: form\.csv:1:\d+: column \d+ .* — nothing was written; .*(--map|--ignore)/m);
      const named = [...form.nameColumns, ...form.titleColumns].filter((c) => r.stderr.includes(`"${form.header[c]}"`));
      for (const c of named) {
        const field = form.nameColumns.includes(c) ? 'name' : 'title';
        if (!r.stderr.includes(`--map ${field}="${form.header[c]}"`))
          expect(r.stderr).toMatch(/--ignore|--map (first_name|last_name|name|title)=/);
      }
      outcomes.push('refused');
    }
  });
  test('both outcomes occur, and most forms are read as they are', () => {
    expect(outcomes.filter((o) => o === 'mapped').length).toBeGreaterThanOrEqual(40);
    expect(outcomes).toContain('refused');
  });
});

describe('refusals name the column and the option to write', () => {
  test.each([
    [
      'Timestamp,Who is signing?,Organization\n2026-02-27,Jane Roe,Acme\n2026-02-27,Ana Lima,Beta\n',
      'Who is signing?',
      `--map name="Who is signing?"`,
    ],
    [
      'Name,Organization,Name of the contact person\nJane Roe,Acme,Bo Li\nAna Lima,Beta,Cy Ng\n',
      'Name of the contact person',
      '--ignore "Name of the contact person"',
    ],
    ['First name,Last name,Full name,Organization\nJane,Roe,Jane Roe,Acme\n', 'First name', '--ignore "First name"'],
  ])('%#: %s', async (csv, heading, option) => {
    const cwd = testdir({ 'letters/l.yaml': letter, 'f.csv': csv });
    const r = await runInMemory(['import', 'l', 'f.csv'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"${heading}"`);
    expect(r.stderr).toContain(option);
    // The option it names settles it.
    const [flag, value] = option.split(/ (.+)/) as [string, string];
    const settled = await runInMemory(['import', 'l', 'f.csv', flag, value.replace(/"/g, '')], { cwd });
    expect(settled.code, settled.stderr).toBe(0);
  });

  test('on a terminal the import asks what the column holds', async () => {
    const { importCsv } = await import('../../src/commands/signatures/import.js');
    const cwd = testdir({ 'letters/l.yaml': letter, 'f.csv': 'Organization,Signed for us\nAcme,Jane Roe\nBeta,Ana Lima\n' });
    const asked: string[] = [];
    await importCsv(
      {
        cwd,
        env: {},
        dir: path.join(cwd, 'letters'),
        interactive: true,
        now: () => new Date('2026-03-02T10:00:00Z'),
        prompt: {
          input: async (m) => {
            asked.push(m);
            return 'name';
          },
        },
        out: () => undefined,
        outJson: () => undefined,
        err: () => undefined,
        writeStdout: async () => undefined,
      },
      'l',
      'f.csv',
      {},
    );
    expect(asked[0]).toMatch(/^Read column "Signed for us" as which field\?/);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toContain('    name: Jane Roe\n');
  });
});

// Work that grows with a letter is done once per command: the YAML parser sees the letter once
// (and an edit's changed lines once more), never once per row or twice per letter. Counted,
// not timed, so the tests say the same on a busy machine.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { Context } from '../../src/commands/context.js';
import { importCsv } from '../../src/commands/signatures/import.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/** Characters given to the YAML parser, and how many times it was called. */
const parsed = vi.hoisted(() => ({ chars: 0, calls: 0 }));

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (source: string, options?: Parameters<typeof yaml.parseDocument>[1]) => {
      parsed.chars += source.length;
      parsed.calls++;
      return yaml.parseDocument(source, options);
    },
  };
});

beforeEach(() => {
  parsed.chars = 0;
  parsed.calls = 0;
});

function letterWith(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) => `  - organization: Organization ${i + 1}\n    name: Person ${i + 1}\n    signed: 2026-03-01 # by hand\n`,
  );
  return `# the letter\ntitle: T\nstatus: open\nrecipient:\n  name: R\nsignatories:\n${entries.join('')}`;
}

const sheet = (rows: number, from = 1): string =>
  `Organization,Name\r\n${Array.from({ length: rows }, (_, i) => `New Org ${from + i},New Person ${from + i}`).join('\r\n')}\r\n`;

const read = (cwd: string): string => readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8');

describe('one parse of the letter per command', () => {
  test('import into a long letter parses it once, then only the lines it adds', async () => {
    const cwd = testdir({ 'letters/l.yaml': letterWith(400), 's.csv': sheet(3) });
    const before = read(cwd).length;
    const r = await runInMemory(['import', 'l', 's.csv'], { cwd });
    const { chars } = parsed;
    expect(r.code, r.stderr).toBe(0);
    expect(parseLetter(read(cwd), 'l').letter.signatories).toHaveLength(403);
    // Once for the plan (the lock finds the same text and uses it again), and a few lines more.
    expect(chars).toBeGreaterThanOrEqual(before);
    expect(chars).toBeLessThan(before * 1.2);
  });

  test('import of many rows checks the lines it adds a score at a time, never one parse per row', async () => {
    const cwd = testdir({ 'letters/l.yaml': letterWith(0), 's.csv': sheet(600) });
    const r = await runInMemory(['import', 'l', 's.csv'], { cwd });
    const { chars, calls } = parsed;
    expect(r.code, r.stderr).toBe(0);
    expect(parseLetter(read(cwd), 'l').letter.signatories).toHaveLength(600);
    // The plan's read, then the added lines in pieces of 20 entries (their YAML let go piece by
    // piece, which the garbage collector of a 10,000-row import needs): 600 / 20 = 30 pieces.
    expect(calls).toBeLessThanOrEqual(6 + 600 / 20);
    expect(chars).toBeLessThan(read(cwd).length * 1.2);
  });

  test('status of a long letter parses it once', async () => {
    const cwd = testdir({ 'letters/l.yaml': letterWith(500) });
    const r = await runInMemory(['status', 'l'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Signatories: 500');
    expect(parsed.calls).toBe(1);
    expect(parsed.chars).toBe(read(cwd).length);
  });
});

/** A terminal that answers the import's question, and meanwhile runs `meanwhile` (another person's edit). */
function terminal(cwd: string, meanwhile: () => void): { ctx: Context; err: string[] } {
  const err: string[] = [];
  const ctx: Context = {
    cwd,
    env: {},
    dir: path.join(cwd, 'letters'),
    interactive: true,
    now: () => new Date('2026-03-02T10:00:00Z'),
    prompt: {
      async input() {
        meanwhile();
        return 'yes';
      },
    },
    out: () => undefined,
    outJson: () => undefined,
    err: (l) => err.push(l),
    writeStdout: async () => undefined,
  };
  return { ctx, err };
}

describe('the letter read for the plan is used again only while the file holds its text', () => {
  const letter = 'title: T\nstatus: open\nrecipient:\n  name: R\nsignatories:\n  - organization: Electronic Frontier Foundation (EFF)\n';
  const csv = 'Organization\nEFF\nAcme\n';

  test('a letter changed while the import asked is read again; a changed plan is refused', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter, 's.csv': csv });
    const file = path.join(cwd, 'letters/l.yaml');
    const edited = `${letter}  - organization: Acme\n`;
    const { ctx } = terminal(cwd, () => writeFileSync(file, edited));
    await expect(importCsv(ctx, 'l', 's.csv', {})).rejects.toThrow(/changed while the import was being planned/);
    expect(read(cwd)).toBe(edited);
  });

  test('a change that leaves the plan as it was (a comment) is kept, and the rows are added', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter, 's.csv': csv });
    const file = path.join(cwd, 'letters/l.yaml');
    const { ctx } = terminal(cwd, () => writeFileSync(file, `# a note written meanwhile\n${letter}`));
    await importCsv(ctx, 'l', 's.csv', {});
    const text = read(cwd);
    expect(text.startsWith('# a note written meanwhile\ntitle: T\n')).toBe(true);
    expect(parseLetter(text, 'l').letter.signatories.map((s) => s.organization)).toEqual([
      'Electronic Frontier Foundation (EFF)',
      'EFF',
      'Acme',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Context } from '../../src/commands/context.js';
import { importCsv } from '../../src/commands/signatures/import.js';
import { sign } from '../../src/commands/signatures/sign.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { testdir } from '../helpers/testdir.js';

const letter = 'title: T\nstatus: open\nrecipient:\n  name: R\nsignatories:\n  - organization: Electronic Frontier Foundation (EFF)\n';

/** A terminal whose answers come from a script; records the questions. */
function terminal(cwd: string, answers: string[]) {
  const asked: string[] = [];
  const err: string[] = [];
  const ctx: Context = {
    cwd,
    env: {},
    dir: path.join(cwd, 'letters'),
    interactive: true,
    now: () => new Date('2026-03-02T10:00:00Z'),
    prompt: {
      async input(message) {
        asked.push(message);
        return answers.shift() ?? '';
      },
    },
    out: () => undefined,
    outJson: () => undefined,
    err: (l) => err.push(l),
    writeStdout: async () => undefined,
  };
  return { ctx, asked, err };
}

const names = (cwd: string): string[] =>
  parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'l').letter.signatories.map((s) => s.organization ?? '');

describe('on a terminal, a probable duplicate is a question', () => {
  test('sign: yes signs it, no refuses and changes nothing', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter });
    const no = terminal(cwd, ['n']);
    await expect(sign(no.ctx, 'l', { org: 'EFF' })).rejects.toThrow(/looks like a signatory already there/);
    expect(no.asked).toEqual(['Sign "EFF" as a separate signatory anyway? (y/N)']);
    expect(names(cwd)).toEqual(['Electronic Frontier Foundation (EFF)']);
    const yes = terminal(cwd, ['y']);
    await sign(yes.ctx, 'l', { org: 'EFF' });
    expect(names(cwd)).toEqual(['Electronic Frontier Foundation (EFF)', 'EFF']);
  });

  test('import: yes adds the probable duplicates, no leaves them out and imports the rest', async () => {
    const files = { 'letters/l.yaml': letter, 's.csv': 'Organization\nEFF\nAcme\n' };
    const cwdNo = testdir(files);
    const no = terminal(cwdNo, ['no']);
    await importCsv(no.ctx, 'l', 's.csv', {});
    expect(no.asked).toEqual(['Add the 1 probable duplicate too? (no: leave them out) (y/N)']);
    expect(names(cwdNo)).toEqual(['Electronic Frontier Foundation (EFF)', 'Acme']);
    const cwdYes = testdir(files);
    await importCsv(terminal(cwdYes, ['yes']).ctx, 'l', 's.csv', {});
    expect(names(cwdYes)).toEqual(['Electronic Frontier Foundation (EFF)', 'EFF', 'Acme']);
  });
});

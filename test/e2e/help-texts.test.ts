// Every help text the binary prints — letters --help, each command's --help and -h, `letters help <command>` — byte for byte as recorded.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { packageVersion } from '../../src/io/package-root.js';
import { type CliResult, runBin } from '../helpers/cli.js';

/**
 * The texts were recorded from the binary before start-up was made lighter (issue 20), so a change
 * to what --help loads that changes a byte of what it prints fails here. A deliberate change to a
 * command's help updates the file: `npx vitest run test/e2e/help-texts.test.ts -u`, then read the diff.
 */
const RECORDED = '../fixtures/help-texts.txt';

function section(args: string[], r: CliResult): string {
  return `=== letters ${args.join(' ')} (exit ${r.code})\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

test('the help texts of the program and of every command are the ones recorded', async () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'letters-help-'));
  const top = await runBin(['--help'], { cwd });
  const commands = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]!);
  expect(commands).toContain('render');
  expect(commands).toContain('help');
  const cases: string[][] = [[], ['--help'], ['-h'], ['help']];
  for (const c of commands) cases.push([c, '--help'], [c, '-h'], ['help', c]);
  const results: CliResult[] = [];
  // A few at a time: the machine that runs the tests runs others beside them.
  for (let i = 0; i < cases.length; i += 4)
    results.push(...(await Promise.all(cases.slice(i, i + 4).map((args) => runBin(args, { cwd })))));
  await expect(cases.map((args, i) => section(args, results[i]!)).join('')).toMatchFileSnapshot(RECORDED);
  for (const flag of ['--version', '-V']) {
    const r = await runBin([flag], { cwd });
    expect(section([flag], r)).toBe(section([flag], { code: 0, stdout: `${packageVersion()}\n`, stderr: '', bytes: Buffer.alloc(0) }));
  }
}, 120_000);

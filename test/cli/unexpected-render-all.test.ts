// render --all goes on past a letter that fails in a way letters did not foresee: that letter's error keeps its stack (io.unexpected; on stderr with LETTERS_DEBUG=1) as the last catch's does.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { cleanEnv, fixtureLetter, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

// A bug's stand-in: building the view of the letter titled "Broken" throws a TypeError.
vi.mock('../../src/render/document/view.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/render/document/view.js')>();
  return {
    ...real,
    buildView: (...args: Parameters<typeof real.buildView>) => {
      if (args[0].title === 'Broken') throw new TypeError('the stand-in for a bug');
      return real.buildView(...args);
    },
  };
});

const BROKEN = fixtureLetter().replace(/^title: .*$/m, 'title: Broken');

test('render --all: the unforeseen error of one letter keeps its stack; the other letters are rendered', async () => {
  const dir = testdir({ 'letters/a.yaml': fixtureLetter(), 'letters/b.yaml': BROKEN, 'out/.keep': '' });
  const r = await runInMemory(['render', '--all', '-o', 'out'], { cwd: dir });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/b\.yaml: unexpected error: the stand-in for a bug/);
  // runInMemory puts what io.unexpected was given after stderr: the stack, pointing here.
  expect(r.stderr).toMatch(/TypeError: the stand-in for a bug\n\s+at .*unexpected-render-all\.test\.ts/);
  expect(existsSync(path.join(dir, 'out', 'a.pdf'))).toBe(true);
  expect(existsSync(path.join(dir, 'out', 'b.pdf'))).toBe(false);
});

test("render --all with LETTERS_DEBUG=1 prints that letter's trace on stderr", async () => {
  const dir = testdir({ 'letters/a.yaml': fixtureLetter(), 'letters/b.yaml': BROKEN, 'out/.keep': '' });
  const r = await runInMemory(['render', '--all', '-o', 'out'], { cwd: dir, env: cleanEnv({ LETTERS_DEBUG: '1' }) });
  expect(r.code).not.toBe(0);
  const trace = r.stderr.indexOf('TypeError: the stand-in for a bug');
  expect(trace).toBeGreaterThanOrEqual(0);
  // Printed by letters itself, before its one-line report of the letter.
  expect(trace).toBeLessThan(r.stderr.indexOf('b.yaml: unexpected error'));
});

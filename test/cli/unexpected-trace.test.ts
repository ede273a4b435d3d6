// An error letters did not foresee keeps its stack where a test can show it: main() hands it to
// io.unexpected, and runInMemory puts it after stderr, so a failure seen once says where it was.
import { expect, test } from 'vitest';
import { main } from '../../src/main.js';
import { EXIT_UNEXPECTED } from '../../src/errors.js';
import { cleanEnv } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

function failingRun(handler?: (err: unknown) => void): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  return main({
    argv: ['list'],
    cwd: testdir({ 'letters/a.yaml': 'title: A\n' }),
    env: cleanEnv(),
    stdin: { isTTY: false },
    // A stream that breaks in a way no command foresees: a bug's stand-in.
    stdout: {
      write() {
        throw new TypeError('the stand-in for a bug');
      },
    },
    stderr: {
      write(chunk: string) {
        stderr += chunk;
        return true;
      },
    },
    version: '0.0.0',
    ...(handler ? { unexpected: handler } : {}),
  }).then((code) => ({ code, stderr }));
}

test('an unexpected error reaches io.unexpected with its stack; the printed line stays one line without it', async () => {
  const seen: unknown[] = [];
  const { code, stderr } = await failingRun((err) => seen.push(err));
  expect(code).toBe(EXIT_UNEXPECTED);
  expect(stderr).toMatch(/^letters: unexpected error: the stand-in for a bug — /);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toBeInstanceOf(TypeError);
  expect((seen[0] as Error).stack).toMatch(/\n\s+at .*unexpected-trace\.test\.ts/);
});

test('a foreseen error (a usage error) is not handed on as unexpected', async () => {
  const seen: unknown[] = [];
  let stderr = '';
  const code = await main({
    argv: ['render', '--no-such-flag'],
    cwd: testdir(),
    env: cleanEnv(),
    stdin: { isTTY: false },
    stdout: { write: () => true },
    stderr: {
      write(chunk: string) {
        stderr += chunk;
        return true;
      },
    },
    version: '0.0.0',
    unexpected: (err) => seen.push(err),
  });
  expect(code).not.toBe(EXIT_UNEXPECTED);
  expect(stderr).toMatch(/^letters: /);
  expect(seen).toEqual([]);
});

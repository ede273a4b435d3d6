// The V8 flags a command sets for a big letter (io/v8-flags.ts) never reach code compiled into Node's
// compile cache: V8 keys compiled code by its flags, so a module compiled while one was set would be
// rejected by the next command on a small letter, compiled again and stored again, and the other way
// round, a round of compiling on every switch between a big letter and a small one.
import { mkdtempSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { BIG_TEXT } from '../../src/io/files/letter-cache.js';
import { bigLetter } from '../helpers/big-letter.js';
import { cleanEnv, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const SMALL = `title: Small letter
date: 2026-03-02
status: open
recipient:
  name: Minister Okonkwo
intro: |
  We write.
signatories:
  - organization: Human Rights Watch
    signed: 2026-03-01
`;

test.skipIf((module as { enableCompileCache?: unknown }).enableCompileCache === undefined)(
  'commands on a big and a small letter, one after the other, each take the modules the other compiled',
  { timeout: 300_000 },
  async ({ onTestFinished }) => {
    const big = bigLetter(3_000, '\n', { titles: true });
    // Big enough for every flag: the parse's hold (BIG_TEXT) and the render's (2,000 signatories).
    expect(big.length).toBeGreaterThanOrEqual(BIG_TEXT);
    const dir = testdir({ 'letters/big.yaml': big, 'letters/small.yaml': SMALL });
    const cache = mkdtempSync(path.join(tmpdir(), 'letters-compile-cache-'));
    onTestFinished(() => rmSync(cache, { recursive: true, force: true }));
    // No read cache: every command parses its letter, as the first command after a sign does.
    const env = cleanEnv({ NODE_COMPILE_CACHE: cache, NODE_DEBUG_NATIVE: 'COMPILE_CACHE', LETTERS_NO_CACHE: '1' });
    const runs: [string, string[]][] = [];
    for (const [command, format] of [
      ['render', 'pdf'],
      ['render', 'txt'],
      ['check', undefined],
      ['status', undefined],
    ] as const) {
      for (const letter of ['small', 'big', 'small', 'big'])
        runs.push([command, [command, letter, ...(format === undefined ? [] : ['-o', `${letter}.${format}`])]]);
    }
    let accepted = 0;
    for (const [, args] of runs) {
      const r = await runBin(args, { cwd: dir, env, timeoutMs: 120_000 });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('[compile cache]'));
      accepted += lines.filter((l) => /was accepted/.test(l)).length;
      expect(
        lines.filter((l) => /rejected/.test(l)),
        `letters ${args.join(' ')}`,
      ).toEqual([]);
    }
    // The check can see the cache at work: later runs took what earlier ones stored.
    expect(accepted).toBeGreaterThan(20);
  },
);

// The render of a 10,000-signatory letter keeps V8's young generation at the size it had when the document was begun (io/v8-flags.ts): Node 24 grew it to 2 × 64 MiB.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { bigLetter } from '../helpers/big-letter.js';
import { cleanEnv, runBin } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

/** Preloaded: on exit, write the size of V8's young generation (MiB) to YOUNG_FILE. */
const REPORT = `
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
process.on('exit', () => {
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  writeFileSync(process.env.YOUNG_FILE, String(young.space_size / 1048576));
});`;

test('render of a 10,000-signatory letter holds the young generation at 2 × 16 MiB at most', { timeout: 180_000 }, async () => {
  const dir = testdir({ 'letters/big.yaml': bigLetter(10_000, '\n', { titles: true }) });
  // A stored read, as every render after the first two reads of a text: the parse of a first read
  // grows the young generation before the letter is known to be big.
  const env = cleanEnv({ LETTERS_CACHE_DIR: path.join(dir, 'cache'), YOUNG_FILE: path.join(dir, 'young.txt') });
  for (let i = 0; i < 2; i++) {
    const r = await runBin(['status', 'big'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  const out = path.join(dir, 'big.pdf');
  const r = await runBin(['render', 'big', '-o', out], {
    cwd: dir,
    env,
    node: ['--import', `data:text/javascript,${encodeURIComponent(REPORT)}`],
    timeoutMs: 90_000,
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // Node 20 and 22 stop at 32 MiB on their own; Node 24 went on to 128 MiB before, Node 26 to 64.
  expect(Number(readFileSync(path.join(dir, 'young.txt'), 'utf8'))).toBeLessThanOrEqual(32);
  const { text } = await readPdf(readFileSync(out));
  for (const i of [0, 9_999]) expect(text).toContain(`Ştefan Dvořák ${i}`);
});

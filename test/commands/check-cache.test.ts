// check's kept outcomes are used only when everything they came from is the same: a changed template, another project's template, a changed project letterhead each give their own answer; --verbose says when one was not used.
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cacheInMemoryForTests } from '../../src/io/files/letter-cache.js';
import { ROOT, cleanEnv, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const LETTER =
  'title: T\nlang: en\ndate: 2026-03-02\ntemplate: own\nrecipient:\n  name: Minister R\nintro: We write.\nsignatories:\n  - organization: Alpha\n  - organization: Beta\n';
const SHIPPED = readFileSync(path.join(ROOT, 'templates', 'formal.hbs'), 'utf8');
/** The shipped template with a word no font of letters can print (a private-use character). */
const UNPRINTABLE = SHIPPED.replace('{{intro}}', '<p>Our words \u{E000}</p>\n\n{{intro}}');
const BAD_TEMPLATE = /template "own" has a character no font of letters can print: "\u{E000}" \(U\+E000\)/u;

let cache: string;
const env = (): NodeJS.ProcessEnv => cleanEnv({ LETTERS_CACHE_DIR: cache });
const check = (cwd: string, ...more: string[]) => runInMemory(['check', ...more], { cwd, env: env() });
const outcomes = (): string[] =>
  readdirSync(cache).filter((n) => readFileSync(path.join(cache, n)).subarray(0, 21).toString() === 'letters-outcome-cache');

beforeEach(() => {
  // Every letter's outcomes kept, however small, as a built binary keeps a big one's.
  cacheInMemoryForTests({ id: 'check-cache', minChars: 0 });
  cache = path.join(testdir(), 'cache');
});
afterEach(() => cacheInMemoryForTests(undefined));

test('a template changed between two checks of the same letter gives the new answer, and back', async () => {
  expect(UNPRINTABLE).not.toBe(SHIPPED);
  const cwd = testdir({ 'letters/a.yaml': LETTER, 'templates/own.hbs': SHIPPED });
  const first = await check(cwd);
  expect(first.code, first.stderr).toBe(0);
  expect(outcomes()).toHaveLength(3); // its text, the pictures its Markdown names, its document
  expect((await check(cwd)).code).toBe(0);
  writeFileSync(path.join(cwd, 'templates', 'own.hbs'), UNPRINTABLE);
  const changed = await check(cwd);
  expect(changed.code).toBe(1);
  expect(changed.stderr).toMatch(BAD_TEMPLATE);
  expect(outcomes()).toHaveLength(4); // its document in the new template
  // Found again warm: the same answer.
  const again = await check(cwd);
  expect(again.stderr).toBe(changed.stderr);
  expect(outcomes()).toHaveLength(4);
  writeFileSync(path.join(cwd, 'templates', 'own.hbs'), SHIPPED);
  const back = await check(cwd);
  expect(back.code, back.stderr).toBe(0);
  expect(back.stdout).toBe(first.stdout);
});

test('a stored outcome for one template is never used for another: the same letter in two projects, each with its own template of one name', async () => {
  const good = testdir({ 'letters/a.yaml': LETTER, 'templates/own.hbs': SHIPPED });
  const bad = testdir({ 'letters/a.yaml': LETTER, 'templates/own.hbs': UNPRINTABLE });
  for (let round = 0; round < 2; round++) {
    const ok = await check(good);
    expect(ok.code, ok.stderr).toBe(0);
    const refused = await check(bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(BAD_TEMPLATE);
  }
  // And the other way round, in a fresh cache.
  cache = path.join(testdir(), 'cache');
  expect((await check(bad)).code).toBe(1);
  expect((await check(good)).code).toBe(0);
});

test("a project's template in place of a shipped one, and the shipped one: each its own answer", async () => {
  const letter = LETTER.replace('template: own', 'template: formal');
  const shipped = testdir({ 'letters/a.yaml': letter });
  const replaced = testdir({ 'letters/a.yaml': letter, 'templates/formal.hbs': UNPRINTABLE });
  expect((await check(shipped)).code).toBe(0);
  const refused = await check(replaced);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/template "formal" has a character no font of letters can print/);
  expect((await check(shipped)).code).toBe(0);
});

test("the project's letterhead (letters.config.yaml) changed between two checks gives the new answer", async () => {
  const letter = LETTER.replace('template: own\n', '');
  const cwd = testdir({
    'letters/a.yaml': letter,
    'letters.config.yaml': 'letterhead:\n  lines: [The Coalition, coalition.example.org]\n',
  });
  expect((await check(cwd)).code).toBe(0);
  writeFileSync(path.join(cwd, 'letters.config.yaml'), 'letterhead:\n  lines: [The Coalition \u{E000}, coalition.example.org]\n');
  const changed = await check(cwd);
  expect(changed.code).toBe(1);
  expect(changed.stderr).toMatch(/the letterhead has a character no font of letters can print: "\u{E000}"/u);
  writeFileSync(path.join(cwd, 'letters.config.yaml'), 'letterhead:\n  lines: [The Coalition, coalition.example.org]\n');
  expect((await check(cwd)).code).toBe(0);
});

test('--verbose says where outcomes were stored, and why one was not used (spoilt, unwritable); off, it says nothing', async () => {
  const cwd = testdir({ 'letters/a.yaml': LETTER, 'templates/own.hbs': SHIPPED });
  const cold = await check(cwd, '--verbose');
  expect(cold.stderr).toMatch(/cache: stored the check of this letter's text in .*\.bin/);
  expect(cold.stderr).toMatch(/cache: stored the check of this letter's document in .*\.bin/);
  const warm = await check(cwd, '--verbose');
  expect(warm.stderr).not.toMatch(/cache: .*the check of this letter/);
  for (const name of outcomes()) {
    const bytes = readFileSync(path.join(cache, name));
    writeFileSync(path.join(cache, name), bytes.subarray(0, bytes.length - 3));
  }
  const spoilt = await check(cwd, '--verbose');
  expect(spoilt.stdout).toBe(cold.stdout);
  expect(spoilt.stderr).toMatch(
    /cache: ignored .*, which does not match \(corrupt or partial\); working out the check of this letter's document/,
  );
  expect(spoilt.stderr).toMatch(/cache: stored the check of this letter's document/);
  const off = await runInMemory(['check', '--verbose'], { cwd, env: cleanEnv({ LETTERS_CACHE_DIR: cache, LETTERS_NO_CACHE: '1' }) });
  expect(off.stdout).toBe(cold.stdout);
  expect(off.stderr).not.toMatch(/cache:/);
  if (process.getuid?.() !== 0) {
    // A cache folder that cannot be written to: the answer all the same, and a line saying so.
    for (const name of readdirSync(cache)) writeFileSync(path.join(cache, name), '');
    chmodSync(cache, 0o500);
    try {
      const unwritable = await check(cwd, '--verbose');
      expect(unwritable.code).toBe(0);
      expect(unwritable.stdout).toBe(cold.stdout);
      expect(unwritable.stderr).toMatch(/cache: cannot store the check of this letter's document in .*; it is worked out again next time/);
    } finally {
      chmodSync(cache, 0o700);
    }
  }
});

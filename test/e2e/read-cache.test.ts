// The cache of letters read, through the real binary: each command prints and writes the same with no cache, a cold one, a warm one and a corrupt one; two signs at once both land.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bigLetter } from '../helpers/big-letter.js';
import { ROOT, cleanEnv, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const CSV = `Timestamp,Organization name,Full name\n${Array.from({ length: 30 }, (_, i) => `2026-03-01 10:00:00,New Org ${i},Ana Ţepeş ${i}`).join('\n')}\n`;

/** What a command left: exit code, what it printed, and every file in the folder. */
interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  files: Record<string, string>;
}

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(path.join(dir, name)).toString('base64');
  return out;
}

/** No cache; an empty one; the letter read once before (marked seen); read twice (stored); stored and then spoilt. */
type Mode = 'none' | 'cold' | 'seen' | 'warm' | 'corrupt';

/** Run `args` in a fresh folder holding the letter, with the cache as `mode` says. */
async function run(args: string[], mode: Mode): Promise<Outcome> {
  const dir = testdir({ 'letters/big.yaml': bigLetter(600), 'signups.csv': CSV });
  const cache = path.join(dir, 'cache');
  mkdirSync(cache);
  const env = cleanEnv(mode === 'none' ? { LETTERS_NO_CACHE: '1' } : { LETTERS_CACHE_DIR: cache });
  if (mode !== 'none' && mode !== 'cold') {
    for (let i = 0; i < (mode === 'seen' ? 1 : 2); i++) expect((await runBin(['status', 'big'], { cwd: dir, env })).code).toBe(0);
    const entries = readdirSync(cache).filter((n) => n.endsWith('.bin'));
    expect(entries).toHaveLength(1);
    expect(readFileSync(path.join(cache, entries[0]!)).length > 0).toBe(mode !== 'seen');
    if (mode === 'corrupt') {
      const file = path.join(cache, entries[0]!);
      const bytes = readFileSync(file);
      bytes[bytes.length - 100]! ^= 0xff;
      writeFileSync(file, bytes);
    }
  }
  const r = await runBin(args, { cwd: dir, env, timeoutMs: 120_000 });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, files: { ...filesOf(path.join(dir, 'letters')), ...outputs(dir) } };
}

function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (/^out\./.test(name)) out[name] = readFileSync(path.join(dir, name)).toString('base64');
  return out;
}

const COMMANDS: [string, string[]][] = [
  ['status', ['status', 'big']],
  ['status --json', ['status', 'big', '--json']],
  ['check', ['check', 'big']],
  ['sign', ['sign', 'big', '--org', 'One More Organization', '--name', 'Ana Ţepeş']],
  ['sign a repeat', ['sign', 'big', '--org', 'Spolek pro krajinu 3', '--name', 'Someone']],
  ['unsign', ['unsign', 'big', '--org', 'Spolek pro krajinu 3']],
  ['unsign --delete', ['unsign', 'big', '--org', 'Spolek pro krajinu 3', '--delete']],
  ['import', ['import', 'big', 'signups.csv']],
  ['render md', ['render', 'big', '-o', 'out.md']],
  ['render pdf', ['render', 'big', '-o', 'out.pdf']],
];

describe('with no cache, a cold one, a seen one, a warm one and a corrupt one, a command does the same', () => {
  test.each(COMMANDS)('%s', { timeout: 600_000 }, async (_name, args) => {
    const none = await run(args, 'none');
    expect(none.code, none.stderr).not.toBeNull();
    for (const mode of ['cold', 'seen', 'warm', 'corrupt'] as const) expect(await run(args, mode), mode).toStrictEqual(none);
  });
});

test('two signs at once into a cached letter both land, and the cache then reads the file as it is', { timeout: 300_000 }, async () => {
  const dir = testdir({ 'letters/big.yaml': bigLetter(600) });
  const env = cleanEnv({ LETTERS_CACHE_DIR: path.join(dir, 'cache') });
  for (let i = 0; i < 2; i++) expect((await runBin(['status', 'big'], { cwd: dir, env })).code).toBe(0);
  const [a, b] = await Promise.all([
    runBin(['sign', 'big', '--org', 'First Newcomer'], { cwd: dir, env, timeoutMs: 120_000 }),
    runBin(['sign', 'big', '--org', 'Second Newcomer'], { cwd: dir, env, timeoutMs: 120_000 }),
  ]);
  expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
  const text = readFileSync(path.join(dir, 'letters', 'big.yaml'), 'utf8');
  expect(text.startsWith(bigLetter(600))).toBe(true);
  expect(text.match(/organization: (First|Second) Newcomer/g)?.sort()).toEqual([
    'organization: First Newcomer',
    'organization: Second Newcomer',
  ]);
  const json = async (e: NodeJS.ProcessEnv): Promise<unknown> =>
    JSON.parse((await runBin(['status', 'big', '--json'], { cwd: dir, env: e })).stdout);
  const uncached = await json(cleanEnv({ LETTERS_NO_CACHE: '1' }));
  expect(await json(env)).toStrictEqual(uncached); // the new text: cold
  expect(await json(env)).toStrictEqual(uncached); // seen, and stored
  expect(await json(env)).toStrictEqual(uncached); // warm
  expect((uncached as { signatories?: number }).signatories ?? JSON.stringify(uncached)).toBeTruthy();
  // The copied folder reads the same too (the key is the text and its name, not the folder).
  const copy = testdir();
  cpSync(path.join(dir, 'letters'), path.join(copy, 'letters'), { recursive: true });
  expect(JSON.parse((await runBin(['status', 'big', '--json'], { cwd: copy, env })).stdout)).toStrictEqual(uncached);
});

describe("check's kept outcomes, through the binary: a big letter's answers the same cold, warm, spoilt and off", () => {
  const SHIPPED = readFileSync(path.join(ROOT, 'templates', 'formal.hbs'), 'utf8');
  /** Passing; refused by the template (a character no font has); refused by its own text (a private-use character, and a probable duplicate). */
  const CASES: [string, Record<string, string>][] = [
    ['a letter that passes', { 'letters/big.yaml': bigLetter(600) }],
    [
      'a template that cannot be printed',
      {
        'letters/big.yaml': bigLetter(600).replace('title: Big letter', 'title: Big letter\ntemplate: own'),
        'templates/own.hbs': SHIPPED.replace('{{intro}}', '<p>Our words \u{E000}</p>\n\n{{intro}}'),
      },
    ],
    [
      'a letter whose text cannot be printed',
      { 'letters/big.yaml': bigLetter(600).replace('name: Ştefan Dvořák 7\n', 'name: Ştefan \u{E001} Dvořák 7\n') },
    ],
  ];
  test.each(CASES)('%s', { timeout: 300_000 }, async (_name, files) => {
    const dir = testdir(files);
    const cache = path.join(dir, 'cache');
    const answer = async (e: NodeJS.ProcessEnv): Promise<string> => {
      const out: string[] = [];
      for (const args of [
        ['check', 'big'],
        ['check', 'big', '--json'],
      ]) {
        const r = await runBin(args, { cwd: dir, env: e, timeoutMs: 120_000 });
        out.push(`exit ${r.code}`, r.stdout, r.stderr);
      }
      return out.join('\n');
    };
    const off = await answer(cleanEnv({ LETTERS_NO_CACHE: '1' }));
    expect(off).toMatch(/ok {2}letters\/big.yaml|no font of letters can print/);
    const env = cleanEnv({ LETTERS_CACHE_DIR: cache });
    expect(await answer(env), 'cold').toBe(off);
    const kept = readdirSync(cache).filter((n) => readFileSync(path.join(cache, n)).subarray(0, 21).toString() === 'letters-outcome-cache');
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(await answer(env), 'warm').toBe(off);
    for (const name of kept) {
      const bytes = readFileSync(path.join(cache, name));
      bytes[bytes.length - 1]! ^= 0xff;
      writeFileSync(path.join(cache, name), bytes);
    }
    expect(await answer(env), 'spoilt').toBe(off);
  });
});

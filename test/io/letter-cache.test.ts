// The cache of letters read: cold, warm, corrupt, unwritable or off, a read is the same read; entries are whole, checked, and pruned.
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readLetterSource, type LetterRead } from '../../src/core/read/parse-letter.js';
import {
  BIG_TEXT,
  CACHE_MIN_CHARS,
  cacheDir,
  configureLetterCache,
  letterCacheSettings,
  markSeen,
  readLetterCached,
  storeInBackground,
} from '../../src/io/files/letter-cache.js';
import { testdir } from '../helpers/testdir.js';

function bigLetter(n: number, org = 'Spolek pro krajinu'): string {
  const lines = ['# a comment', 'title: T', 'recipient:', '  name: R', 'signatories:'];
  for (let i = 0; i < n; i++) lines.push(`  - organization: ${org} ${i + 1} # note ${i}`, `    name: Ştefan Dvořák ${i}`);
  return `${lines.join('\n')}\n`;
}

const BIG = bigLetter(600);
const lines: string[] = [];

function useCache(dir: string | undefined, env: NodeJS.ProcessEnv = {}): void {
  lines.length = 0;
  configureLetterCache(dir === undefined ? env : { LETTERS_CACHE_DIR: dir, ...env }, (l) => lines.push(l), 'test-build');
}

afterEach(() => configureLetterCache({ LETTERS_NO_CACHE: '1' }, () => undefined));

/** A text is stored the second time it is read. */
async function readTwice(source: string, file: string): Promise<LetterRead> {
  await readLetterCached(source, file);
  return readLetterCached(source, file);
}

const entries = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.bin'));

/** A cache of its own with BIG stored in it (read twice as l.yaml): its folder, the entry's path and bytes. */
async function storedEntry(): Promise<{ dir: string; file: string; bytes: Buffer }> {
  const dir = path.join(testdir(), 'cache');
  useCache(dir);
  await readTwice(BIG, 'l.yaml');
  const [name] = entries(dir);
  const file = path.join(dir, name!);
  return { dir, file, bytes: readFileSync(file) };
}

/** Two reads are one: letter, warnings, problems, document and places. */
function expectSame(a: LetterRead, b: LetterRead): void {
  expect(a.problems).toStrictEqual(b.problems);
  expect(a.parsed?.letter).toStrictEqual(b.parsed?.letter);
  expect(a.parsed?.warnings).toStrictEqual(b.parsed?.warnings);
  if (a.parsed && b.parsed) {
    expect(a.parsed.doc.contents).toStrictEqual(b.parsed.doc.contents);
    for (const p of ['signatories.0.name', 'signatories.599.organization', 'title', 'nothing'])
      expect(a.parsed.locate(p)).toStrictEqual(b.parsed.locate(p));
  }
}

describe('the cache of letters read', () => {
  test('a letter is read the same cold, seen and warm, and the warm read parses nothing until asked', async () => {
    const dir = path.join(testdir(), 'cache');
    useCache(dir);
    expect(BIG.length).toBeGreaterThan(CACHE_MIN_CHARS);
    const fresh = readLetterSource(BIG, 'l.yaml');
    const cold = await readLetterCached(BIG, 'l.yaml');
    // Read once: only marked as seen (an empty entry); read again: stored.
    expect(entries(dir)).toHaveLength(1);
    expect(readFileSync(path.join(dir, entries(dir)[0]!))).toHaveLength(0);
    const seen = await readLetterCached(BIG, 'l.yaml');
    expect(lines.join('\n')).toMatch(/cache: stored/);
    expect(readFileSync(path.join(dir, entries(dir)[0]!)).length).toBeGreaterThan(1000);
    const warm = await readLetterCached(BIG, 'l.yaml');
    expect(Object.getOwnPropertyDescriptor(warm.parsed, 'doc')?.get).toBeDefined(); // a getter: made when first used
    expectSame(cold, fresh);
    expectSame(seen, fresh);
    expectSame(warm, fresh);
  });

  test("a render's read of a big letter is the same read, its YAML document parsed again only when asked", async () => {
    const huge = bigLetter(5000);
    expect(huge.length).toBeGreaterThanOrEqual(BIG_TEXT);
    const fresh = readLetterSource(huge, 'l.yaml');
    const madeWhenAsked = (read: LetterRead): boolean => Object.getOwnPropertyDescriptor(read.parsed, 'doc')?.get !== undefined;
    // Without a cache, then cold (marked as seen), seen (stored) and warm: each the same read.
    useCache(undefined, { LETTERS_NO_CACHE: '1' });
    const reads = [await readLetterCached(huge, 'l.yaml', 'render')];
    useCache(path.join(testdir(), 'cache'));
    for (let i = 0; i < 3; i++) reads.push(await readLetterCached(huge, 'l.yaml', 'render'));
    for (const read of reads) {
      expect(madeWhenAsked(read)).toBe(true);
      expectSame(read, fresh);
    }
    // For an edit, or for a render of a smaller letter, the document is the one parsed.
    useCache(undefined, { LETTERS_NO_CACHE: '1' });
    expect(madeWhenAsked(await readLetterCached(huge, 'l.yaml'))).toBe(false);
    expect(madeWhenAsked(await readLetterCached(BIG, 'l.yaml', 'render'))).toBe(false);
    // A big letter with problems keeps them, located.
    const bad = `${huge}signatories: again\n`;
    const badRead = await readLetterCached(bad, 'l.yaml', 'render');
    expect(badRead.problems.length).toBeGreaterThan(0);
    expectSame(badRead, readLetterSource(bad, 'l.yaml'));
  });

  test('the key is the text and the name: another name, another entry with its own places', async () => {
    const dir = path.join(testdir(), 'cache');
    useCache(dir);
    await readTwice(BIG, 'a.yaml');
    const b = await readTwice(BIG, 'b.yaml');
    expect(entries(dir)).toHaveLength(2);
    expect(b.parsed!.locate('title').file).toBe('b.yaml');
    const changed = BIG.replace('Dvořák 7\n', 'Dvorak 7\n');
    expectSame(await readTwice(changed, 'a.yaml'), readLetterSource(changed, 'a.yaml'));
    expect(entries(dir)).toHaveLength(3);
  });

  test('a letter with problems is stored with them, and read back with them', async () => {
    const dir = path.join(testdir(), 'cache');
    useCache(dir);
    const bad = `${BIG}signatories: again\n`;
    await readTwice(bad, 'l.yaml');
    const warm = await readLetterCached(bad, 'l.yaml');
    expect(warm.problems.length).toBeGreaterThan(0);
    expectSame(warm, readLetterSource(bad, 'l.yaml'));
  });

  test.each([
    [
      'a byte flipped',
      (b: Buffer) => Buffer.concat([b.subarray(0, b.length - 10), Buffer.from([b[b.length - 10]! ^ 1]), b.subarray(b.length - 9)]),
    ],
    ['cut short', (b: Buffer) => b.subarray(0, b.length >> 1)],
    ['empty', () => Buffer.alloc(0)],
    ['another format', (b: Buffer) => Buffer.concat([Buffer.from('letters-read-cache 9\n'), b.subarray(21)])],
    ['garbage', () => Buffer.from('x'.repeat(5000))],
  ])('an entry %s is ignored, the letter read in full and the entry written again', async (_name, spoil) => {
    const { file, bytes: good } = await storedEntry();
    writeFileSync(file, spoil(good));
    lines.length = 0;
    expectSame(await readLetterCached(BIG, 'l.yaml'), readLetterSource(BIG, 'l.yaml'));
    if (good.length > 0 && spoil(good).length > 0) expect(lines.join('\n')).toMatch(/cache: ignored .* does not match/);
    expectSame(await readLetterCached(BIG, 'l.yaml'), readLetterSource(BIG, 'l.yaml'));
    expect(readFileSync(file).equals(good)).toBe(true);
  });

  test("an entry of another letter's text under this key is ignored", async () => {
    const dir = path.join(testdir(), 'cache');
    useCache(dir);
    const other = bigLetter(600, 'Toprak ve Su Derneği');
    await readTwice(other, 'l.yaml');
    const [theirs] = entries(dir);
    await readTwice(BIG, 'l.yaml');
    const mine = entries(dir).find((n) => n !== theirs)!;
    writeFileSync(path.join(dir, mine), readFileSync(path.join(dir, theirs!)));
    expectSame(await readLetterCached(BIG, 'l.yaml'), readLetterSource(BIG, 'l.yaml'));
  });

  test('a cache that cannot be written is no error: the letter is read, and --verbose says why', async () => {
    const blocked = path.join(testdir({ 'not-a-folder': 'x' }), 'not-a-folder');
    useCache(path.join(blocked, 'cache'));
    expectSame(await readLetterCached(BIG, 'l.yaml'), readLetterSource(BIG, 'l.yaml'));
    expect(lines.join('\n')).toMatch(/cache: cannot store the read in .*: .*; it is read in full next time too/);
    if (process.getuid?.() !== 0) {
      // A read-only folder (root writes anywhere, so only as another user).
      const parent = testdir();
      chmodSync(parent, 0o500);
      useCache(path.join(parent, 'cache'));
      expectSame(await readLetterCached(BIG, 'l.yaml'), readLetterSource(BIG, 'l.yaml'));
      expect(lines.join('\n')).toMatch(/cache: cannot store/);
      chmodSync(parent, 0o700);
    }
  });

  test('small letters, LETTERS_NO_CACHE=1 and no build id keep nothing', async () => {
    const dir = path.join(testdir(), 'cache');
    useCache(dir);
    await readLetterCached(bigLetter(3), 'l.yaml');
    useCache(dir, { LETTERS_NO_CACHE: '1' });
    await readLetterCached(BIG, 'l.yaml');
    configureLetterCache({ LETTERS_CACHE_DIR: dir }, () => undefined, undefined);
    await readLetterCached(BIG, 'l.yaml');
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  test('where the cache lives', () => {
    expect(cacheDir({ LETTERS_CACHE_DIR: '/x/c', XDG_CACHE_HOME: '/y', HOME: '/h' })).toBe('/x/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/y', HOME: '/h' })).toBe('/y/letters');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe('/h/.cache/letters');
    expect(cacheDir({ HOME: '/h' })).toBe('/h/.cache/letters');
    expect(cacheDir({ LETTERS_NO_CACHE: '1', LETTERS_CACHE_DIR: '/x/c' })).toBeUndefined();
  });

  test('the cache is pruned to its bound, oldest entries first', async () => {
    const dir = path.join(testdir(), 'cache');
    useCache(dir);
    for (let i = 0; i < 103; i++) await readTwice(BIG.replace('title: T', `title: T${i}`), 'l.yaml');
    expect(entries(dir)).toHaveLength(100);
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toHaveLength(0);
  });

  test('marking a text seen never replaces an entry stored meanwhile (by the background store), and removes only a spoilt one', async () => {
    const { dir, file, bytes: full } = await storedEntry();
    expect(full.length).toBeGreaterThan(1000);
    const cache = letterCacheSettings()!;
    await markSeen(file, false, cache);
    expect(readFileSync(file)).toStrictEqual(full);
    await markSeen(file, true, cache);
    expect(readFileSync(file)).toHaveLength(0);
    const fresh = path.join(dir, 'fresh.bin');
    await markSeen(fresh, false, cache);
    expect(readFileSync(fresh)).toHaveLength(0);
  });

  test('run from the sources, a write starts no background store, whatever LETTERS_CACHE_WARM says', async () => {
    const dir = path.join(testdir(), 'cache');
    for (const warm of [undefined, 'wait', '1']) {
      useCache(dir, warm === undefined ? {} : { LETTERS_CACHE_WARM: warm });
      expect(letterCacheSettings()?.warm).toBeUndefined();
      await storeInBackground(path.join(dir, 'l.yaml'), 'l.yaml', BIG);
      expect(lines).toStrictEqual([]);
    }
  });
});

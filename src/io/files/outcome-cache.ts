// The cache of outcomes: what checking a big letter found, kept beside the cache of letters read and under its rules, by a digest of everything the answer depends on.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cacheModules, letterCacheSettings, prune, sha256, writeFileWhole, type CacheSettings } from './letter-cache.js';

/** The first bytes of every entry: what it is and its layout's version. */
const MAGIC = Buffer.from('letters-outcome-cache 1\n');
const HASH_BYTES = 32;

/** A part of a key: a text, or bytes (a digest). */
export type KeyPart = string | Uint8Array;

/**
 * Whether outcomes worked out from this letter text are kept: the cache is on and the letter is
 * as big as the cache of letters read asks (a small letter is checked faster than an entry is found).
 */
export function outcomesKept(source: string): boolean {
  const cache = letterCacheSettings();
  return cache !== undefined && source.length >= cache.minChars;
}

/** The digest of a letter's text, for a key. */
export function textDigest(source: string): Buffer {
  return sha256(source);
}

/**
 * The outcome `what` (named in --verbose's lines), from the cache when an entry for the same key
 * by the same code is there and whole, else from `compute`, then stored. The outcome must be a
 * function of the key's parts, this build and this Node alone (the cache's own id): nothing from
 * the clock, the environment or a file the key does not hold. It is stored as a structured clone
 * (node:v8). An error `compute` throws is thrown, and nothing is stored; any fault of the cache
 * (missing, corrupt, unwritable) means working the outcome out as without one.
 */
export async function cachedOutcome<T>(what: string, key: KeyPart[], compute: () => T | Promise<T>): Promise<T> {
  const cache = letterCacheSettings();
  if (cache === undefined) return compute();
  const { v8 } = await cacheModules();
  const keyHash = digest(cache, what, key);
  const entry = path.join(cache.dir, `${keyHash.toString('hex')}.bin`);
  const stored = await readOutcome(entry, keyHash, cache, what, v8);
  if (stored !== undefined) return stored.value as T;
  const value = await compute();
  const payload = v8.serialize(value);
  try {
    await writeFileWhole(
      entry,
      Buffer.concat([MAGIC, keyHash, sha256(payload), payload]),
      cache,
      (reason) => `cache: cannot store ${what} in ${cache.dir}: ${reason}; it is worked out again next time`,
    );
  } catch {
    return value;
  }
  cache.detail(`cache: stored ${what} in ${entry}`);
  await prune(cache).catch(() => undefined);
  return value;
}

/** The key's digest: the code's id, what the outcome is, and each part with its length, so no two keys run together. */
function digest(cache: CacheSettings, what: string, key: KeyPart[]): Buffer {
  const parts: KeyPart[] = [cache.codeId, 'outcome', what];
  for (const part of key) parts.push(`\0${typeof part === 'string' ? 's' : 'b'}${part.length}\0`, part);
  return sha256(...parts);
}

/** An entry's outcome, when the entry is whole and of this key; otherwise undefined (said under --verbose when it was there). */
async function readOutcome(
  entry: string,
  keyHash: Buffer,
  cache: CacheSettings,
  what: string,
  v8: typeof import('node:v8'),
): Promise<{ value: unknown } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(entry);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      cache.detail(`cache: cannot read ${entry}: ${(err as Error).message}; working out ${what}`);
    return undefined;
  }
  const head = MAGIC.length;
  const body = head + 2 * HASH_BYTES;
  const whole =
    bytes.length > body &&
    bytes.subarray(0, head).equals(MAGIC) &&
    bytes.subarray(head, head + HASH_BYTES).equals(keyHash) &&
    bytes.subarray(head + HASH_BYTES, body).equals(sha256(bytes.subarray(body)));
  if (whole) {
    try {
      return { value: v8.deserialize(bytes.subarray(body)) };
    } catch {
      // A checksum that matches a payload that does not decode: written by another Node; worked out anew.
    }
  }
  cache.detail(`cache: ignored ${entry}, which does not match (corrupt or partial); working out ${what}`);
  return undefined;
}

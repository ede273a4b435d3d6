// The cache of letters read: what reading a big letter file found, kept outside the repository by the hash of its text, so the next command need not parse it again.
import { readFileSync, readdirSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocImage } from '../../core/read/doc-image.js';
import { readForStore, readLetterSource, readStored, storedRead, type LetterRead, type StoredRead } from '../../core/read/parse-letter.js';
import { collectGarbage, holdYoungGeneration, holdingYoungGeneration } from '../v8-flags.js';
import { nodeCrypto, randomHex } from './random.js';

/**
 * Letters shorter than this are read as they are: parsing them costs less than hashing,
 * finding and decoding an entry would save (a 7-signatory letter reads in about 2 ms).
 */
export const CACHE_MIN_CHARS = 32 * 1024;
/** The cache is pruned, oldest entries first, to this many bytes … */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** … and this many entries. */
const MAX_CACHE_ENTRIES = 100;
/** The first bytes of every entry: what it is and its layout's version. */
const MAGIC = Buffer.from('letters-read-cache 1\n');
const HASH_BYTES = 32;

/**
 * An entry: MAGIC, the SHA-256 of the letter's text, the SHA-256 of the rest, the length of
 * the read (4 bytes), the read, and the document's image (or nothing). The read and the image
 * are structured clones (node:v8); the image is decoded only when a command needs the document.
 */
interface Entry {
  read: StoredRead;
  image: () => DocImage | undefined;
}

/** Where the cache is and what it is keyed by; absent: no cache. */
export interface CacheSettings {
  dir: string;
  /** Letters shorter than this are not cached (CACHE_MIN_CHARS, unless a test says). */
  minChars: number;
  /** Changes whenever the code that reads a letter does: the build's id and the Node (and Unicode data) that runs it. */
  codeId: string;
  /** A line for --verbose. */
  detail: (line: string) => void;
  /**
   * What a command that wrote a big letter does about its read (see storeInBackground): start a
   * process that stores it and not wait (`background`), or wait for that process (`wait`:
   * LETTERS_CACHE_WARM=wait, for scripts and benchmarks); absent: nothing (LETTERS_CACHE_WARM=0,
   * or letters run from its sources, which have no bundled warmer).
   */
  warm?: 'background' | 'wait';
  /** Set in the background process: it stores entries into the cache folder but never creates it. */
  background?: true;
}

let settings: CacheSettings | undefined;

/** The cache's settings for this process; undefined: no cache. */
export const letterCacheSettings = (): CacheSettings | undefined => settings;

/**
 * Tests that run the CLI in memory (from the sources, with no build id) turn the cache on
 * with an id of their own, and may cache small letters too, to prove the answers the same.
 */
let forTests: { id: string; minChars: number } | undefined;
export function cacheInMemoryForTests(given: { id: string; minChars: number } | undefined): void {
  forTests = given;
}

/**
 * The build's id, written by scripts/build.mjs beside the bundle: a hash of everything in
 * dist/. Run from the sources (tests in memory) there is none, and no cache unless a test
 * gives an id.
 */
function buildId(): string | undefined {
  try {
    return readFileSync(new URL('./build-id.txt', import.meta.url), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the cache lives: $LETTERS_CACHE_DIR, else $XDG_CACHE_HOME/letters, else
 * ~/.cache/letters; none when LETTERS_NO_CACHE=1 or no folder can be named.
 */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env['LETTERS_NO_CACHE'] === '1') return undefined;
  const named = env['LETTERS_CACHE_DIR'];
  if (named) return path.resolve(named);
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'letters');
  const home = env['HOME'] || os.homedir();
  return home ? path.join(home, '.cache', 'letters') : undefined;
}

/** Turn the cache on (or off) for the letters this process reads; `id` stands in for the build's id (tests). */
export function configureLetterCache(env: NodeJS.ProcessEnv, detail: (line: string) => void, id?: string): void {
  const dir = cacheDir(env);
  const given = id ?? forTests?.id;
  // Only the build has the warmer (dist/warm.js) beside it: a test in memory starts no process.
  const built = given === undefined ? buildId() : undefined;
  const codeId = given ?? built;
  const minChars = forTests?.minChars ?? CACHE_MIN_CHARS;
  const asked = env['LETTERS_CACHE_WARM']?.trim().toLowerCase() ?? '';
  const warm = WARM_OFF.has(asked) || built === undefined ? undefined : asked === 'wait' ? 'wait' : 'background';
  settings =
    dir === undefined || codeId === undefined
      ? undefined
      : { dir, minChars, codeId: `${codeId} ${nodeId()}`, detail, ...(warm === undefined ? {} : { warm }) };
}

/** The values of LETTERS_CACHE_WARM that turn the background store off (as FORCE_COLOR and NO_COLOR are read: any of the usual words). */
const WARM_OFF = new Set(['0', 'false', 'off', 'no']);

/**
 * What the background process is given of the command's environment: where temporary files go
 * (Node's compile cache) and nothing else. A command that sends mail has a password in its
 * environment; the process that stores a read has no use for it, nor for anything else there.
 */
const warmEnvironment = (): NodeJS.ProcessEnv => ({ TMPDIR: os.tmpdir() });

/**
 * Node's version and its Unicode data (a Node built with the system's ICU may differ): what a
 * reading depends on besides the text, its name and this code.
 */
const nodeId = (): string => `${process.version} icu ${process.versions.icu} unicode ${process.versions.unicode}`;

/** Loaded when a big letter is read: a command on small letters (most) never loads it. */
let v8: typeof import('node:v8');

/** node:v8, loaded the first time the cache is used. */
export async function cacheModules(): Promise<{ v8: typeof import('node:v8') }> {
  v8 ??= await import('node:v8');
  return { v8 };
}

/** The SHA-256 of `parts` (node:crypto, loaded on the first call: the cache is used for big letters only). */
export const sha256 = (...parts: (string | Uint8Array)[]): Buffer => {
  const hash = nodeCrypto().createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest();
};

/**
 * From this many characters of text (about 2,000 signatories) a letter's parse is big enough
 * to grow V8's young generation past need: it is held while the text is parsed (see
 * holdingYoungGeneration). The young generation grows to its size in the parse's first tenth,
 * before any field is read.
 */
export const BIG_TEXT = 256 * 1024;

const big = (source: string): boolean => source.length >= BIG_TEXT;

/**
 * What the caller does with the letter read. `edit`: anything (the YAML document is kept, for
 * a splice). `render`: reads it only, and has loaded every module its work needs (the young
 * generation held for a big letter's parse stays held, see holdYoungGeneration); a big letter
 * parsed here comes without its YAML document (parsed again from the text if asked for, as a
 * read from the cache is: by a problem found later that must point into the file), and the
 * parse's garbage is collected before the caller builds on the letter (see collectGarbage).
 */
export type ReadUse = 'edit' | 'render';

/**
 * Read a letter file's text (see readLetterSource), from the cache when it holds a read of the
 * same text under the same name by the same code. Reading is a function of the text and the
 * name alone (no settings, clock or environment), so a stored read is the read. Any fault of
 * the cache (missing, corrupt, unwritable) means reading as without one.
 *
 * A text is stored the second time it is read: the first leaves an empty entry, a mark that it
 * was seen. Storing costs a tenth of a read, and a text read once (each new version of a letter
 * being signed into, one after another) would pay it for nothing. A text a command wrote is
 * stored at once, by a process in the background (storeInBackground): the command after it reads
 * what it wrote.
 */
export async function readLetterCached(source: string, file: string, use: ReadUse = 'edit'): Promise<LetterRead> {
  const lean = use === 'render' && big(source);
  const { read, parsed } = await readThroughCache(source, file, lean);
  // Here, where no frame holds the YAML document or the syntax tree any more (a collection
  // inside the function that parsed found the document still live).
  if (lean && parsed) collectGarbage();
  return read;
}

/** readLetterCached's read, and whether it parsed the text; `lean`: without the YAML document (see ReadUse). */
async function readThroughCache(source: string, file: string, lean: boolean): Promise<{ read: LetterRead; parsed: boolean }> {
  const cache = settings;
  if (cache === undefined || source.length < cache.minChars) return { read: parseText(source, file, lean), parsed: true };
  await cacheModules();
  const sourceHash = sha256(source);
  const entry = entryFile(cache, file, sourceHash);
  const stored = await readEntry(entry, sourceHash, cache);
  if (typeof stored === 'object') {
    cache.detail(`cache: read ${file} from ${entry}`);
    return { read: readStored(source, file, stored.read, stored.image), parsed: false };
  }
  if (stored !== 'seen') {
    const read = parseText(source, file, lean);
    await markSeen(entry, stored === 'spoilt', cache)
      .then(() => prune(cache))
      .catch(() => undefined);
    return { read, parsed: true };
  }
  const fresh = held(source, lean, () => readForStore(source, file));
  await writeEntry(entry, sourceHash, fresh.stored, fresh.image, cache);
  const image = fresh.image;
  return { read: lean ? readStored(source, file, fresh.stored, image && (() => image)) : fresh.read, parsed: true };
}

/** The entry of a text (by its hash) read under the name `file`. */
const entryFile = (cache: CacheSettings, file: string, sourceHash: Buffer): string =>
  path.join(cache.dir, `${sha256(cache.codeId, '\0', file, '\0', sourceHash).toString('hex')}.bin`);

/**
 * Mark a text seen: an empty entry, created only where there is none, so that a full entry
 * stored meanwhile (by the process a command that wrote the letter started, see
 * storeInBackground) is never replaced by the mark. A `spoilt` entry (one that does not match) is
 * removed first.
 */
export async function markSeen(entry: string, spoilt: boolean, cache: CacheSettings): Promise<void> {
  try {
    if (spoilt) await fs.rm(entry, { force: true });
    await fs.mkdir(cache.dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(entry, '', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    cache.detail(`cache: cannot store the read in ${cache.dir}: ${(err as Error).message}; it is read in full next time too`);
    throw err;
  }
}

/** Read a letter file by parsing its text; `lean`: without the YAML document (see ReadUse). */
function parseText(source: string, file: string, lean: boolean): LetterRead {
  const read = held(source, lean, () => readLetterSource(source, file));
  return lean ? readStored(source, file, storedRead(read)) : read;
}

/**
 * The parse of a big text, with the young generation held: for a render (`lean`, whose modules
 * are loaded) from here on, for other commands during the parse only.
 */
function held<T>(source: string, lean: boolean, parse: () => T): T {
  if (!big(source)) return parse();
  if (!lean) return holdingYoungGeneration(parse);
  holdYoungGeneration();
  return parse();
}

/**
 * Write a file of the cache whole: to a temporary file in its folder, renamed into place, so no
 * one reads half of it. Lighter than writeFileAtomic on purpose (no fsync, no lock): an entry a
 * crash leaves torn or empty fails its checksum and is read as no entry, and losing one costs a
 * read in full, never a letter.
 */
export async function writeFileWhole(
  file: string,
  bytes: Buffer,
  cache: CacheSettings,
  failed = (reason: string): string => `cache: cannot store the read in ${cache.dir}: ${reason}; it is read in full next time too`,
): Promise<void> {
  const temp = path.join(cache.dir, `.tmp-${process.pid}-${randomHex(6)}`);
  try {
    // The background process never makes the folder: it may have been removed since (a test's).
    if (!cache.background) await fs.mkdir(cache.dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(temp, bytes, { flag: 'wx', mode: 0o600 });
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    cache.detail(failed((err as Error).message));
    throw err;
  }
}

/** An entry's read, when the entry is whole and of this text; 'spoilt' when it is not (said under --verbose); undefined when there is none. */
async function readEntry(entry: string, sourceHash: Buffer, cache: CacheSettings): Promise<Entry | 'seen' | 'spoilt' | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(entry);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      cache.detail(`cache: cannot read ${entry}: ${(err as Error).message}; reading the letter`);
    return undefined;
  }
  if (bytes.length === 0) return 'seen';
  const head = MAGIC.length;
  const body = head + 2 * HASH_BYTES;
  const whole =
    bytes.length >= body + 4 &&
    bytes.subarray(0, head).equals(MAGIC) &&
    bytes.subarray(head, head + HASH_BYTES).equals(sourceHash) &&
    bytes.subarray(head + HASH_BYTES, body).equals(sha256(bytes.subarray(body)));
  const split = whole ? body + 4 + bytes.readUInt32BE(body) : 0;
  if (whole && split <= bytes.length) {
    try {
      const read = v8.deserialize(bytes.subarray(body + 4, split)) as StoredRead;
      const rest = bytes.subarray(split);
      return { read, image: () => (rest.length === 0 ? undefined : (v8.deserialize(rest) as DocImage)) };
    } catch {
      // A checksum that matches a payload that does not decode: written by another Node; read anew.
    }
  }
  cache.detail(`cache: ignored ${entry}, which does not match (corrupt or partial); reading the letter`);
  return 'spoilt';
}

/** Store a read: to a temporary file in the cache folder, renamed into place, so no one reads half an entry. */
async function writeEntry(
  entry: string,
  sourceHash: Buffer,
  read: StoredRead,
  image: DocImage | undefined,
  cache: CacheSettings,
): Promise<void> {
  const first = v8.serialize(read);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(first.length);
  const payload = Buffer.concat([length, first, image === undefined ? Buffer.alloc(0) : v8.serialize(image)]);
  try {
    await writeFileWhole(entry, Buffer.concat([MAGIC, sourceHash, sha256(payload), payload]), cache);
  } catch {
    return;
  }
  cache.detail(`cache: stored the read of this letter in ${entry}`);
  await prune(cache).catch(() => undefined);
}

/** Keep the cache small: oldest entries and marks (and temporary files an hour old: a process that died) go first. */
export async function prune(cache: CacheSettings): Promise<void> {
  const names = await fs.readdir(cache.dir);
  const files: { file: string; size: number; mtime: number }[] = [];
  for (const name of names) {
    const file = path.join(cache.dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat === undefined || !stat.isFile()) continue;
    if (name.startsWith('.tmp-')) {
      if (Date.now() - stat.mtimeMs > 3600_000) await fs.rm(file, { force: true });
      continue;
    }
    if (name.endsWith('.bin')) files.push({ file, size: stat.size, mtime: stat.mtimeMs });
  }
  files.sort((a, b) => b.mtime - a.mtime);
  let bytes = 0;
  for (const [i, f] of files.entries()) {
    bytes += f.size;
    if (i >= MAX_CACHE_ENTRIES || bytes > MAX_CACHE_BYTES) await fs.rm(f.file, { force: true });
  }
}

/**
 * After a command wrote a big letter whole (sign, unsign, import, review, status …): store the
 * read of the text written, in a process of its own, so that the next command (a render, the
 * next sign) reads it from the cache instead of parsing it; the command does not wait for it
 * (unless LETTERS_CACHE_WARM=wait). `file` is the file written, `display` the name the writer
 * read it under, which is the cache's key (a command from the same folder names it the same).
 */
export async function storeInBackground(file: string, display: string, text: string): Promise<void> {
  const cache = settings;
  if (cache?.warm === undefined || text.length < cache.minChars) return;
  const script = fileURLToPath(new URL('./warm.js', import.meta.url));
  const args = [script, cache.dir, cache.codeId, file, display, sha256(text).toString('hex')];
  const wait = cache.warm === 'wait';
  cache.detail(`cache: storing the read of ${display} in the background${wait ? ' (waiting for it: LETTERS_CACHE_WARM=wait)' : ''}`);
  let child: import('node:child_process').ChildProcess;
  try {
    // From the root folder, so that it keeps no folder of the user's busy.
    const options = { detached: true, stdio: 'ignore', cwd: path.parse(file).root, env: warmEnvironment(), windowsHide: true } as const;
    child = process.getBuiltinModule('node:child_process').spawn(process.execPath, args, options);
  } catch (err) {
    // The letter is written: a process that cannot start costs the next command a full read, no more.
    cache.detail(`cache: cannot start the process that stores the read: ${(err as Error).message}`);
    return;
  }
  const ended = new Promise<void>((resolve) => {
    child.once('error', () => resolve());
    child.once('exit', () => resolve());
  });
  if (wait) return ended;
  child.unref();
}

/** The longest the background process runs: far more than reading the largest letter takes. */
const WARM_LIMIT_MS = 120_000;

/**
 * The background process (dist/warm.js, started by storeInBackground): at low priority, read the
 * file, and when its text is still the one written (`hash`), store its read under the key a
 * command would use, as the second read of a text does. It never creates the cache folder,
 * writes nothing but the entry, prints nothing, and stops quietly at the first thing amiss: a
 * newer text in the file, another build or Node, a folder gone.
 */
export async function storeReadOf([dir, codeId, file, display, hash]: string[]): Promise<void> {
  lowestPriority();
  setTimeout(() => process.exit(0), WARM_LIMIT_MS).unref();
  const id = buildId();
  if (!dir || !codeId || !file || !display || !hash || id === undefined || `${id} ${nodeId()}` !== codeId) return;
  const cache: CacheSettings = { dir, minChars: CACHE_MIN_CHARS, codeId, detail: () => undefined, background: true };
  const source = await textIf(file, hash);
  if (source === undefined) return;
  await cacheModules();
  const sourceHash = Buffer.from(hash, 'hex');
  const entry = entryFile(cache, display, sourceHash);
  // Stored already (a command read this text twice meanwhile), or no cache folder any more.
  const there = await fs.stat(entry).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : null));
  if (there === null || (there !== undefined && there.size > 0)) return;
  if (
    there === undefined &&
    !(await fs.stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return;
  const fresh = held(source, false, () => readForStore(source, display));
  // Signed into again while this one parsed: the next command reads the newer text, not this one.
  if ((await textIf(file, hash)) === undefined) return;
  await writeEntry(entry, sourceHash, fresh.stored, fresh.image, cache);
}

/**
 * The lowest priority for the whole process. On Linux a priority is a thread's: os.setPriority
 * lowers the calling thread's only, and the threads Node started before it (V8's, which collect
 * garbage and compile beside the parse, and libuv's) would keep the command's. Each is lowered by
 * its id (/proc/self/task); a thread started after this inherits the priority. Not allowed: it
 * runs at the command's priority.
 */
function lowestPriority(): void {
  let threads: number[] = [];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: a process has one priority.
  }
  for (const id of [0, ...threads]) {
    try {
      os.setPriority(id, 19);
    } catch {
      // Gone, or not allowed.
    }
  }
}

/** The file's text, when it is the text whose SHA-256 is `hash`; otherwise (changed, gone, unreadable) undefined. */
async function textIf(file: string, hash: string): Promise<string | undefined> {
  try {
    const bytes = await fs.readFile(file);
    if (bytes.length > 64 * 1024 * 1024) return undefined;
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return sha256(text).toString('hex') === hash ? text : undefined;
  } catch {
    return undefined;
  }
}

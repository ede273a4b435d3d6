//! Letter files on disk: finding them, reading them, and changing them under a lock.
import { constants as fsc, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { nearest } from '../../core/letter/values.js';
import { languageName } from '../../core/letter/languages.js';
import { translationName } from '../../core/letter/translation.js';
import { settingValue, type Settings } from '../../core/settings/settings.js';
import type { LetterRead, ParsedLetter } from '../../core/read/parse-letter.js';
import { InvalidLetterError, LettersError } from '../../errors.js';
import { MAX_SLUG_LENGTH, slugProblem, suggestSlug } from '../../core/edit/scaffold.js';
import { shellWord } from '../../core/text/shell-word.js';
import { createFileAtomic, writeFileAtomic } from './atomic-write.js';
import { ioError, isCode } from './fs-errors.js';
import { readLetterCached, storeInBackground, type ReadUse } from './letter-cache.js';
import { lockFile, lockWaitMs, type HeldLock } from './lock.js';

/** A letter file is `<slug>.yaml` or `<slug>.yml`; new ones get the first. */
export const LETTER_EXTENSIONS = ['.yaml', '.yml'] as const;

/** How a file is named in messages: relative to where the user is, when it is below it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export interface LetterEntry {
  slug: string;
  file: string;
  /** Why this entry cannot be read as a letter (not a regular file, a slug with two files). */
  problem?: LettersError;
}

/** Each `<slug>.yaml` or `.yml` in the folder, sorted by slug; entries that are not letters carry their problem. */
export async function listLetterFiles(dir: string, cwd: string): Promise<LetterEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return [];
    if (isCode(err, 'ENOTDIR'))
      throw new LettersError('not-found', `the letters folder ${dir} is not a folder`, 'give --dir (or LETTERS_DIR) a folder');
    throw ioError(err, displayPath(dir, cwd), 'read');
  }
  const entries = names
    .filter((n) => !n.startsWith('.') && letterSlug(n) !== undefined)
    .map((n) => ({ slug: letterSlug(n)!, file: path.join(dir, n) }))
    .sort((a, b) => (a.slug === b.slug ? (a.file < b.file ? -1 : 1) : a.slug < b.slug ? -1 : 1));
  const out: LetterEntry[] = [];
  for (const entry of entries) {
    const twin = entries.find((e) => e.slug === entry.slug && e.file !== entry.file);
    if (twin && out.some((e) => e.slug === entry.slug)) continue; // one entry, one message, for a slug in two files
    const problem = twin
      ? twoFilesError(entry.slug, [entry.file, twin.file], cwd)
      : notALetterFile(await kindOf(entry.file), displayPath(entry.file, cwd));
    out.push(problem ? { ...entry, problem } : entry);
  }
  return out;
}

function letterSlug(name: string): string | undefined {
  // `<slug>.<lang>.yaml` is a translation of `<slug>`, listed with it (translation-files.ts).
  if (translationName(name) !== undefined) return undefined;
  const ext = LETTER_EXTENSIONS.find((e) => name.endsWith(e));
  return ext && name.length > ext.length ? name.slice(0, -ext.length) : undefined;
}

/** What is at a path, following symbolic links. */
type Kind = 'file' | 'missing' | 'unknown' | 'folder' | 'fifo' | 'device' | 'socket' | 'broken-link' | 'link-loop' | 'other';

async function kindOf(file: string): Promise<Kind> {
  let stat: Stats;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    if (isCode(err, 'ELOOP')) return 'link-loop';
    if (!isCode(err, 'ENOENT', 'ENOTDIR')) return 'unknown'; // reading it will say why
    return (await fs.lstat(file).then(
      (s) => s.isSymbolicLink(),
      () => false,
    ))
      ? 'broken-link'
      : 'missing';
  }
  return statKind(stat);
}

function statKind(stat: Stats): Kind {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  if (stat.isSocket()) return 'socket';
  return 'other';
}

const KIND_WORDS: Record<Exclude<Kind, 'file' | 'missing' | 'unknown'>, string> = {
  folder: 'a folder',
  fifo: 'a named pipe (FIFO)',
  device: 'a device',
  socket: 'a socket',
  'broken-link': 'a symbolic link to a file that does not exist',
  'link-loop': 'a loop of symbolic links',
  other: 'a special file',
};

/** The error for a path that exists but is no letter file to read (a folder, a pipe, a device …). */
function notALetterFile(kind: Kind, display: string): LettersError | undefined {
  if (kind === 'file' || kind === 'missing' || kind === 'unknown') return undefined;
  return new LettersError(
    'not-found',
    `${display} is ${KIND_WORDS[kind]}, not a letter file`,
    kind === 'folder' ? 'give a .yaml file or a slug' : 'letters reads only regular files: replace it with the letter file, or remove it',
  );
}

function twoFilesError(slug: string, files: string[], cwd: string): LettersError {
  const [a, b] = files.map((f) => displayPath(f, cwd)).sort();
  return new LettersError(
    'ambiguous',
    `${a} and ${b} are both the letter "${slug}"`,
    'keep one: merge them, then remove or rename the other',
  );
}

/**
 * A `<letter>` argument to a file: a path when it looks like one (has a / or ends in
 * .yaml or .yml), otherwise a slug in the letters folder. A miss suggests the nearest slug.
 */
export async function resolveLetter(arg: string, dir: string, cwd: string): Promise<string> {
  const translation = translationName(path.basename(/\.ya?ml$/i.test(arg) ? arg : `${arg}.yaml`));
  if (translation !== undefined) {
    throw new LettersError(
      'usage',
      `${arg} is the ${languageName(translation.lang)} translation of the letter "${translation.slug}", not a letter`,
      `give the letter and the language: letters … ${shellWord(translation.slug)} --lang ${translation.lang}`,
    );
  }
  if (arg.includes('/') || arg.includes(path.sep) || /\.ya?ml$/i.test(arg)) {
    const file = path.resolve(cwd, arg);
    const kind = await kindOf(file);
    if (kind === 'missing') {
      throw new LettersError('not-found', `no letter file at ${arg}`, "check the path, or give the letter's slug");
    }
    const problem = notALetterFile(kind, displayPath(file, cwd));
    if (problem) throw problem;
    return file;
  }
  checkSlug(arg);
  const found = await findLetterFile(dir, arg, cwd);
  if (found) {
    const problem = notALetterFile(await kindOf(found), displayPath(found, cwd));
    if (problem) throw problem;
    return found;
  }
  const slugs = (await listLetterFiles(dir, cwd)).map((l) => l.slug);
  const guess = nearest(arg, slugs);
  throw new LettersError(
    'not-found',
    `no letter "${arg}" in ${displayPath(dir, cwd)}/`,
    guess !== undefined
      ? `did you mean "${guess}"?`
      : slugs.length > 0
        ? `the letters there are: ${[...new Set(slugs)].slice(0, 10).join(', ')}${slugs.length > 10 ? ', …' : ''}`
        : `create it with: letters new ${shellWord(arg)}`,
  );
}

/** A usage error unless `slug` can name a letter; `tryCommand` shapes the suggestion ("letters new"). */
export function checkSlug(slug: string, tryCommand?: string): void {
  const problem = slugProblem(slug);
  if (!problem) return;
  const suggestion = suggestSlug(slug);
  const hint =
    suggestion !== slug && slugProblem(suggestion) === undefined
      ? tryCommand
        ? `try: ${tryCommand} ${shellWord(suggestion)}`
        : `did you mean "${suggestion}"?`
      : slug.length > MAX_SLUG_LENGTH
        ? `use a shorter name, at most ${MAX_SLUG_LENGTH} characters`
        : 'use lowercase letters, digits and single hyphens';
  throw new LettersError('usage', `"${slug}" is not a letter name: ${problem}`, hint);
}

/**
 * The file of letter `slug` in `dir` (whatever is at `<slug>.yaml` or `<slug>.yml`, even if it
 * is no regular file), or undefined. Both at once is an error: which one is meant is unclear.
 */
export async function findLetterFile(dir: string, slug: string, cwd: string): Promise<string | undefined> {
  const present: string[] = [];
  for (const ext of LETTER_EXTENSIONS) {
    const file = path.join(dir, `${slug}${ext}`);
    if ((await kindOf(file)) !== 'missing') present.push(file);
  }
  if (present.length > 1) throw twoFilesError(slug, present, cwd);
  return present[0];
}

/**
 * The largest letter file read: far above a letter of 10,000 signatories (about 1 MB), far
 * below what would take minutes to parse or exceed what Node can hold in one string.
 */
export const MAX_LETTER_BYTES = 64 * 1024 * 1024;

function tooLarge(display: string, size: number): LettersError {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;
  return new LettersError(
    'invalid-letter',
    `${display} is too large to be a letter: ${mb(size)} (the limit is ${mb(MAX_LETTER_BYTES)})`,
    'a letter of 10,000 signatories is about 1 MiB: check that this is the right file',
  );
}

/** A letter (or translation) file's text: a regular file of UTF-8, at most MAX_LETTER_BYTES, every fault one clear error. */
export async function readText(file: string, display: string): Promise<string> {
  let bytes: Buffer;
  let handle: fs.FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer. Only a regular file is read:
    // a pipe or /dev/zero would never end.
    handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const stat = await handle.stat();
    const problem = notALetterFile(statKind(stat), display);
    if (problem) throw problem;
    if (stat.size > MAX_LETTER_BYTES) throw tooLarge(display, stat.size);
    bytes = await handle.readFile();
  } catch (err) {
    if (err instanceof LettersError) throw err;
    if (isCode(err, 'ENOENT')) throw new LettersError('not-found', `no letter file at ${display}`, 'check the name with `letters list`');
    if (isCode(err, 'EISDIR')) throw notALetterFile('folder', display)!;
    throw ioError(err, display, 'read');
  } finally {
    await handle?.close().catch(() => undefined);
  }
  // Saved as "Unicode" (Notepad, Excel): UTF-16, with a byte-order mark or a zero byte beside
  // every ASCII letter. Said as such, at the start, not as a stray byte at the end of the file.
  if (isUtf16(bytes)) {
    throw new LettersError(
      'invalid-letter',
      'the file is UTF-16 text, not UTF-8',
      'save it as UTF-8 in your editor (Notepad: File › Save as, Encoding: UTF-8)',
      { location: { file: display, line: 1, col: 1 } },
    );
  }
  try {
    // Decoding leniently would turn a stray byte into U+FFFD and write it back into a name;
    // a byte-order mark is kept (ignoreBOM) so that writing the file back leaves it there.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    // lastIndexOf with -1 would search from the end: a bad first byte is on line 1.
    const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
    const line = bytes.subarray(0, lineStart).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)); // BOM dropped: editors do not show it
    throw new LettersError(
      'invalid-letter',
      `the file is not UTF-8 text: byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')} here is not UTF-8`,
      'save the file as UTF-8 in your editor',
      { location: { file: display, line, col: before.length + 1 } },
    );
  }
}

/** UTF-16 by its byte-order mark, or by a zero byte beside each of its first ASCII characters. */
function isUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  if (bytes.length < 4) return false;
  const le = bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0 && bytes[2] !== 0;
  const be = bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0 && bytes[3] !== 0;
  return le || be;
}

/** Where the first byte that is not part of valid UTF-8 sits (RFC 3629: no surrogates, no overlongs). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => i < bytes.length && bytes[i]! >= lo && bytes[i]! <= hi;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let size: number;
    if (b < 0x80) size = 1;
    else if (b >= 0xc2 && b <= 0xdf) size = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) size = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) size = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b >= 0xe1 && b <= 0xef) size = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) size = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) size = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) size = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else size = 0;
    if (size === 0) return i;
    i += size;
  }
  return -1;
}

/** Read and validate a letter file, for `use` (see ReadUse: a render's read of a big letter holds no YAML document). */
export async function readLetter(file: string, cwd: string, use: ReadUse = 'edit'): Promise<ParsedLetter> {
  const display = displayPath(file, cwd);
  return validLetter(await readLetterCached(await readText(file, display), display, use));
}

/** The letter read, or every problem in it at once (see parseLetter). */
function validLetter({ parsed, problems }: LetterRead): ParsedLetter {
  if (problems.length > 0 || parsed === undefined) throw new InvalidLetterError(problems);
  return parsed;
}

/** Read a letter file and every problem in it, with the letter as far as it could be read. */
export async function readLetterWithProblems(file: string, cwd: string): Promise<LetterRead> {
  const display = displayPath(file, cwd);
  return readLetterCached(await readText(file, display), display);
}

/** How a command that changes a letter waits for the lock, and reports waiting. */
export interface LockSettings {
  /** How long to wait for another live process that holds the lock. */
  waitMs: number;
  /** Prints a line on stderr. */
  notify: (line: string) => void;
  /** What takes the lock, as others waiting for it will read ("letters sign"). */
  command: string;
  /** A detail for --verbose (the file written, or left as it was). */
  detail?: (line: string) => void;
}

/** The lock settings of a command: the wait from LETTERS_LOCK_WAIT (or lock_wait: in the settings), waiting reported on stderr. */
export function lockSettings(
  ctx: {
    env: NodeJS.ProcessEnv;
    err: (line: string) => void;
    settings?: Settings | undefined;
    detail?: ((line: string) => void) | undefined;
  },
  command: string,
): LockSettings {
  const seconds = ctx.settings === undefined ? undefined : settingValue(ctx.settings, 'lock_wait');
  const wait = seconds === undefined ? lockWaitMs(ctx.env) : Number(seconds) * 1000;
  return { waitMs: wait, notify: ctx.err, command, ...(ctx.detail ? { detail: ctx.detail } : {}) };
}

export interface UpdateOptions {
  lock: LockSettings;
  /** Change a letter file even if it is read-only (it stays read-only). */
  force?: boolean;
  /**
   * The letter as read before the lock was taken (to show a plan, to ask): when the file
   * still holds exactly that text, it is used as it is instead of being parsed again.
   */
  readBefore?: ParsedLetter;
}

/**
 * Change a letter file safely: take the lock, re-read the file inside it, compute the new
 * text, write it to a temporary file beside the original and rename it over. Concurrent
 * edits queue on the lock; a crash leaves the old file or the new one, never half of one.
 */
export async function updateLetter<T>(
  file: string,
  cwd: string,
  options: UpdateOptions,
  edit: (parsed: ParsedLetter) => { text: string; result: T },
): Promise<T> {
  const before = options.readBefore;
  return updateText(
    file,
    cwd,
    options,
    async (source, display) =>
      edit(
        before !== undefined && before.source === source && before.file === display
          ? before
          : validLetter(await readLetterCached(source, display)),
      ),
    // The next command (a render, another sign) would parse the new text: its read is stored now, in the background.
    (real, display, text) => storeInBackground(real, display, text),
  );
}

/**
 * Change a file under its lock (a letter through updateLetter, or a translation): re-read
 * inside the lock, refused when read-only without `force`, written whole or not at all;
 * `edit` gets its text. `written` is called with the new text once it is written and the lock
 * released.
 */
export async function updateText<T>(
  file: string,
  cwd: string,
  options: Omit<UpdateOptions, 'readBefore'>,
  edit: (source: string, display: string) => { text: string; result: T } | Promise<{ text: string; result: T }>,
  written?: (real: string, display: string, text: string) => Promise<void>,
): Promise<T> {
  const display = displayPath(file, cwd);
  const real = await realFile(file);
  const lock = await takeLock(real, cwd, options.lock);
  let wrote: string | undefined;
  let result: T;
  try {
    const source = await readText(real, display);
    if (!options.force) await refuseReadOnly(real, display);
    const edited = await edit(source, display);
    result = edited.result;
    if (edited.text !== source) {
      await writeFileAtomic(real, edited.text, { display, beforeCommit: () => lock.verify() });
      wrote = edited.text;
      options.lock.detail?.(`wrote ${display} (${Buffer.byteLength(wrote)} bytes)`);
    } else {
      options.lock.detail?.(`${display} is unchanged`);
    }
  } finally {
    await lock.release();
  }
  if (wrote !== undefined) await written?.(real, display, wrote);
  return result;
}

/**
 * The file a letter path stands for: through a symbolic link to the file it names, as an
 * editor writes, so the link stays a link and the real file gets the change (and its lock is
 * the one every path to it takes). A path that does not exist yet stands for itself.
 */
async function realFile(file: string): Promise<string> {
  return fs.realpath(file).catch(() => file);
}

function takeLock(file: string, cwd: string, settings: LockSettings): Promise<HeldLock> {
  return lockFile(file, { ...settings, display: displayPath(file, cwd), show: (p) => displayPath(p, cwd) });
}

/** A file whose owner took away its write permission was protected on purpose: refuse, as an editor would. */
async function refuseReadOnly(file: string, display: string): Promise<void> {
  if (await isReadOnly(file, await fs.stat(file))) {
    throw new LettersError(
      'read-only',
      `${display} is read-only`,
      `nothing was changed; make it writable (chmod u+w ${shellWord(display)}), or add --force to change it and keep it read-only`,
    );
  }
}

/**
 * Whether the owner took away a file's write permission. The mode bits decide, not
 * access(2) alone, which says yes to root for any file.
 */
export async function isReadOnly(file: string, stat: Stats): Promise<boolean> {
  if ((stat.mode & 0o222) === 0) return true;
  if (process.getuid?.() === 0) return false;
  return fs.access(file, fsc.W_OK).then(
    () => false,
    () => true,
  );
}

/**
 * Write a new letter file. Without `replace`, an existing file is never replaced (not even in
 * a race). With it (`new --force`) the old file is replaced under its lock, so a signature
 * being added at that moment is not written over the new file after it.
 */
export async function createFile(file: string, text: string, cwd: string, replace?: { lock: LockSettings }): Promise<void> {
  const display = displayPath(file, cwd);
  await fs.mkdir(path.dirname(file), { recursive: true }).catch((err: unknown) => {
    throw ioError(err, displayPath(path.dirname(file), cwd), 'write');
  });
  if (!replace) {
    if (!(await createFileAtomic(file, text, { display }))) throw existsError(display);
    return;
  }
  const real = await realFile(file);
  const held = await takeLock(real, cwd, replace.lock);
  try {
    await writeFileAtomic(real, text, { display, beforeCommit: () => held.verify() });
  } finally {
    await held.release();
  }
}

export function existsError(display: string): LettersError {
  return new LettersError('exists', `${display} already exists`, 'pick another name, or add --force to replace it');
}

/** Whether a regular file (or a link to one) is at `file`. */
export async function exists(file: string): Promise<boolean> {
  return (await kindOf(file)) === 'file';
}

/** Refuse a path that exists but is no regular file (a folder, a pipe …) with the usual message. */
export async function refuseNonFile(file: string, cwd: string): Promise<void> {
  const problem = notALetterFile(await kindOf(file), displayPath(file, cwd));
  if (problem) throw problem;
}

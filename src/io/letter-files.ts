import { randomBytes } from 'node:crypto';
import { constants as fsc, promises as fs } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { nearest, parseLetter, readLetterSource, type ParsedLetter } from '../core/schema.js';
import { slugProblem, suggestSlug } from '../core/scaffold.js';
import { LettersError } from '../errors.js';

/** How a file is named in messages: relative to where the user is, when it is below it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** `letters/<slug>.yaml` for each letter in the folder, sorted by slug. */
export async function listLetterFiles(dir: string): Promise<{ slug: string; file: string }[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return [];
    if (isCode(err, 'ENOTDIR'))
      throw new LettersError('not-found', `the letters folder ${dir} is not a folder`, 'give --dir (or LETTERS_DIR) a folder');
    throw ioError(err, dir);
  }
  return names
    .filter((n) => n.endsWith('.yaml') && !n.startsWith('.'))
    .sort()
    .map((n) => ({ slug: n.slice(0, -'.yaml'.length), file: path.join(dir, n) }));
}

/**
 * A `<letter>` argument to a file: a path when it looks like one (has a / or ends in
 * .yaml), otherwise a slug in the letters folder. A miss suggests the nearest slug.
 */
export async function resolveLetter(arg: string, dir: string, cwd: string): Promise<string> {
  if (arg.includes('/') || arg.includes(path.sep) || /\.ya?ml$/i.test(arg)) {
    const file = path.resolve(cwd, arg);
    if (!(await exists(file))) {
      throw new LettersError('not-found', `no letter file at ${arg}`, "check the path, or give the letter's slug");
    }
    return file;
  }
  const problem = slugProblem(arg);
  if (problem) {
    const suggestion = suggestSlug(arg);
    throw new LettersError(
      'usage',
      `"${arg}" is not a letter name: ${problem}`,
      suggestion ? `did you mean "${suggestion}"?` : 'use lowercase letters, digits and hyphens',
    );
  }
  const file = path.join(dir, `${arg}.yaml`);
  if (await exists(file)) return file;
  const slugs = (await listLetterFiles(dir)).map((l) => l.slug);
  const guess = nearest(arg, slugs);
  throw new LettersError(
    'not-found',
    `no letter "${arg}" in ${displayPath(dir, cwd)}/`,
    guess !== undefined
      ? `did you mean "${guess}"?`
      : slugs.length > 0
        ? `the letters there are: ${slugs.slice(0, 10).join(', ')}${slugs.length > 10 ? ', …' : ''}`
        : `create it with: letters new ${arg}`,
  );
}

async function readText(file: string, display: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if (isCode(err, 'ENOENT')) throw new LettersError('not-found', `no letter file at ${display}`, 'check the name with `letters list`');
    if (isCode(err, 'EISDIR'))
      throw new LettersError('not-found', `${display} is a folder, not a letter file`, 'give a .yaml file or a slug');
    throw ioError(err, display);
  }
  try {
    // Decoding leniently would turn a stray byte into U+FFFD and write it back into a name;
    // a byte-order mark is kept (ignoreBOM) so that writing the file back leaves it there.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new LettersError('invalid-letter', `${display} is not UTF-8 text`, 'save the file as UTF-8 in your editor', {
      location: { file: display, line: 1, col: 1 },
    });
  }
}

/** Read and validate a letter file. */
export async function readLetter(file: string, cwd: string): Promise<ParsedLetter> {
  const display = displayPath(file, cwd);
  return parseLetter(await readText(file, display), display);
}

/** Read a letter file and every problem in it, with the letter as far as it could be read. */
export async function readLetterWithProblems(file: string, cwd: string): Promise<ReturnType<typeof readLetterSource>> {
  const display = displayPath(file, cwd);
  return readLetterSource(await readText(file, display), display);
}

const LOCK_OPTIONS = {
  stale: 10_000,
  retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
};

/**
 * Change a letter file safely: take the lock, re-read the file inside it, compute the new
 * text, write it to a temporary file beside the original and rename it over. Concurrent
 * edits queue on the lock; a crash leaves the old file or the new one, never half of one.
 */
export async function updateLetter<T>(file: string, cwd: string, edit: (parsed: ParsedLetter) => { text: string; result: T }): Promise<T> {
  const display = displayPath(file, cwd);
  let release: () => Promise<void>;
  try {
    const { default: lockfile } = await import('proper-lockfile'); // only commands that write load it
    release = await lockfile.lock(file, LOCK_OPTIONS);
  } catch (err) {
    if (isCode(err, 'ELOCKED')) {
      throw new LettersError(
        'busy',
        `${display} is being changed by another letters command`,
        'try again in a moment; if none is running, delete ' + `${display}.lock`,
      );
    }
    if (isCode(err, 'ENOENT')) throw new LettersError('not-found', `no letter file at ${display}`, 'check the name with `letters list`');
    throw ioError(err, display);
  }
  try {
    const parsed = await readLetter(file, cwd);
    const { text, result } = edit(parsed);
    if (text !== parsed.source) await writeAtomic(file, text, display);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

/** Create a new file; without `force`, an existing file is never replaced (not even in a race). */
export async function createFile(file: string, text: string, force: boolean, cwd: string): Promise<void> {
  const display = displayPath(file, cwd);
  await fs.mkdir(path.dirname(file), { recursive: true }).catch((err: unknown) => {
    throw ioError(err, displayPath(path.dirname(file), cwd));
  });
  if (force) {
    await writeAtomic(file, text, display);
    return;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, text, { flag: 'wx' });
    await fs.link(tmp, file); // fails if the file appeared meanwhile
  } catch (err) {
    if (isCode(err, 'EEXIST')) throw existsError(display);
    throw ioError(err, display);
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

export function existsError(display: string): LettersError {
  return new LettersError('exists', `${display} already exists`, 'pick another name, or add --force to replace it');
}

/** Where `render` may write: the parent folder must exist; an existing folder gets `<slug>.pdf`. */
export async function outputTarget(output: string, defaultName: string, cwd: string): Promise<string> {
  const file = path.resolve(cwd, output);
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isDirectory()) return path.join(file, defaultName);
  if (stat && !stat.isFile()) {
    // A device or a pipe: renaming a temporary file over it would replace it, not write to it.
    throw new LettersError(
      'usage',
      `${displayPath(file, cwd)} is not a regular file`,
      'give -o a file name, or -o - to write the PDF to standard output',
    );
  }
  const parent = path.dirname(file);
  const parentStat = await fs.stat(parent).catch(() => undefined);
  if (!parentStat?.isDirectory()) {
    throw new LettersError('not-found', `the folder ${displayPath(parent, cwd)} does not exist`, 'create it first, or choose another -o');
  }
  try {
    await fs.access(parent, fsc.W_OK);
  } catch {
    throw new LettersError('io', `cannot write into ${displayPath(parent, cwd)}`, 'choose a folder you can write to with -o');
  }
  if (stat?.isFile() && !(await startsWith(file, '%PDF-'))) {
    // Re-rendering replaces the old PDF; a typo in -o must not replace someone's document.
    throw new LettersError(
      'exists',
      `${displayPath(file, cwd)} exists and is not a PDF`,
      'choose another -o, or move that file away first',
    );
  }
  return file;
}

/** Write bytes so that the file is either the old one or complete: never partial or empty. */
export async function writeAtomic(file: string, data: string | Buffer, display: string): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (err) {
    throw ioError(err, display);
  }
}

async function startsWith(file: string, magic: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(buffer, 0, magic.length, 0);
    return buffer.subarray(0, bytesRead).toString('latin1') === magic;
  } finally {
    await handle.close();
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function ioError(err: unknown, display: string): LettersError {
  const code = typeof err === 'object' && err !== null ? String((err as { code?: unknown }).code ?? '') : '';
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : err instanceof Error
            ? err.message
            : String(err);
  return new LettersError('io', `cannot write or read ${display}: ${reason}`, 'check the file and folder permissions and free space', {
    cause: err,
  });
}

//! Where a rendered file goes: `-o FILE`, `-o FOLDER/`, or `-o -` (standard output).
import { constants as fsc, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError } from '../../errors.js';
import { errnoCode, isFull, reason } from './fs-errors.js';
import { displayPath, isReadOnly } from './letter-files.js';

/**
 * The file `render` writes for `-o output`. An existing folder, or a name ending in `/`, gets
 * `defaultName` inside it; a folder that is missing is an error, not created, so a typo does
 * not scatter folders. The folder must exist and be writable. An existing file is replaced
 * only if it is not read-only and (io/files/output-files.ts) is an earlier output of the same format.
 */
export async function outputTarget(output: string, defaultName: string, cwd: string): Promise<string> {
  const file = path.resolve(cwd, output);
  const stat = await statOrUndefined(file);
  if (output.endsWith('/') || output.endsWith(path.sep) || stat?.isDirectory()) {
    if (!stat) {
      throw new LettersError(
        'not-found',
        `the folder ${output} does not exist`,
        `create it first (mkdir -p ${shellWord(output)}), or choose another -o`,
      );
    }
    if (!stat.isDirectory()) {
      throw new LettersError(
        'usage',
        `${displayPath(file, cwd)} is not a folder`,
        'without the trailing slash -o names a file; or choose another -o',
      );
    }
    return checkTargetFile(path.join(file, defaultName), cwd);
  }
  return checkTargetFile(file, cwd);
}

async function checkTargetFile(file: string, cwd: string): Promise<string> {
  const display = displayPath(file, cwd);
  const stat = await statOrUndefined(file);
  if (stat && !stat.isFile()) {
    // A device or a pipe: renaming a temporary file over it would replace it, not write to it.
    throw new LettersError('usage', `${display} is not a regular file`, 'give -o a file name, or -o - to write the PDF to standard output');
  }
  const parent = path.dirname(file);
  const parentStat = await statOrUndefined(parent);
  if (!parentStat?.isDirectory()) {
    throw new LettersError('not-found', `the folder ${displayPath(parent, cwd)} does not exist`, 'create it first, or choose another -o');
  }
  try {
    await fs.access(parent, fsc.W_OK);
  } catch (err) {
    throw new LettersError(
      'io',
      `cannot write into ${displayPath(parent, cwd)}: ${reason(err)}`,
      'choose a folder you can write to with -o',
    );
  }
  if (!stat) return file;
  // Whether the file is an earlier output of letters in the format being written is for that
  // format to say (render/writers/formats.ts); render checks it with the new bytes (io/files/output-files.ts).
  // Render replaces its own earlier PDFs without asking; one whose write permission was taken
  // away is a copy someone keeps (the version that was sent), and stays.
  if (await isReadOnly(file, stat)) {
    throw new LettersError(
      'read-only',
      `${display} is read-only`,
      `nothing was written; choose another -o, or make it writable (chmod u+w ${shellWord(display)}) to replace it`,
    );
  }
  return file;
}

/**
 * The error for bytes that could not be written to standard output. `redirect` is the
 * command's way to send them to a file through the shell instead, as a closed stdout's hint shows it.
 */
export function stdoutError(err: unknown, what: string, redirect = '… -o - > file.pdf'): LettersError {
  const code = errnoCode(err);
  if (code === 'EBADF') {
    return new LettersError(
      'io',
      `cannot write ${what} to standard output: it is closed`,
      `redirect it to a file (${redirect}), or give -o a file name`,
      {
        cause: err,
      },
    );
  }
  if (isFull(err) && (err as { toFile?: boolean }).toFile) {
    // Standard output is a file on a full disk (`-o - > out.pdf`): what reached it is cut off.
    return new LettersError(
      'io',
      `cannot write ${what} to standard output: ${reason(err)}`,
      'free some space and try again; what was written there is incomplete',
      { cause: err },
    );
  }
  const why = isFull(err) ? 'no space is left where it goes' : code === 'EPIPE' ? 'the program reading it stopped' : reason(err);
  return new LettersError('io', `cannot write ${what} to standard output: ${why}`, 'write it to a file with -o instead', { cause: err });
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  return fs.stat(file).catch(() => undefined);
}

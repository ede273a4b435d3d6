//! `letters merge-driver %O %A %B [%P]`: git's merge driver for letter files. A clean three-way
//! merge (core/edit/three-way-merge.ts) is written to %A (exit 0); a real conflict gets git's
//! own merge of the file, with conflict markers, in %A and a non-zero exit, so git reports it.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mergeLetterVersions } from '../../core/edit/three-way-merge.js';
import { LettersError } from '../../errors.js';
import { gitMergeFile } from '../../io/git.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import type { Context, JsonOption } from '../context.js';

async function read(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new LettersError(
      'not-found',
      `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`,
      'the merge driver is run by git: letters merge-driver %O %A %B %P',
    );
  }
}

/** git merge-file over three texts written to a temporary folder. */
async function gitMerge(ctx: Context, texts: { ours: string; base: string; theirs: string }, labels: [string, string, string]) {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'letters-merge-'));
  try {
    const files = { ours: path.join(dir, 'ours'), base: path.join(dir, 'base'), theirs: path.join(dir, 'theirs') };
    await Promise.all([
      fs.writeFile(files.ours, texts.ours),
      fs.writeFile(files.base, texts.base),
      fs.writeFile(files.theirs, texts.theirs),
    ]);
    return await gitMergeFile(files, labels, ctx.cwd);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** `letters merge-driver`: merge the three versions git gives, writing the result (or git's conflict markers) to ours. */
export async function mergeDriver(
  ctx: Context,
  baseFile: string,
  oursFile: string,
  theirsFile: string,
  name?: string,
  options: JsonOption = {},
): Promise<void> {
  const shown = name ?? oursFile;
  const [base, ours, theirs] = await Promise.all([
    read(path.resolve(ctx.cwd, baseFile)),
    read(path.resolve(ctx.cwd, oursFile)),
    read(path.resolve(ctx.cwd, theirsFile)),
  ]);
  let outcome = mergeLetterVersions(base, ours, theirs, shown);
  if (outcome.kind === 'merge-rest') {
    const rest = await gitMerge(ctx, outcome.rests, ['ours', 'base', 'theirs']);
    outcome =
      rest && rest.conflicts === 0
        ? outcome.finish(rest.text)
        : { kind: 'conflict', reason: 'both branches changed the text of the letter in the same place' };
  }
  const target = path.resolve(ctx.cwd, oursFile);
  if (outcome.kind === 'merged') {
    await writeFileAtomic(target, outcome.text, { display: shown });
    if (options.json) ctx.outJson({ file: shown, merged: true });
    return;
  }
  // A real conflict: git's own merge of the whole file, conflict markers and all, for a person to resolve.
  const whole = await gitMerge(ctx, { ours, base, theirs }, ['ours', 'base', 'theirs']);
  if (whole) await writeFileAtomic(target, whole.text, { display: shown });
  throw new LettersError(
    'merge-conflict',
    `${shown}: ${outcome.kind === 'conflict' ? outcome.reason : 'the text could not be merged'}`,
    'resolve the conflict markers in the file by hand, then run `letters check` and commit',
  );
}

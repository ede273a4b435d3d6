//! `letters merge-driver %O %A %B [%P]`: git's merge driver for letter files. A clean three-way
//! merge (core/edit/three-way-merge.ts) is written to %A (exit 0); a real conflict gets git's
//! own merge of the file, with conflict markers, in %A and a non-zero exit, so git reports it.
//! A translation (`<slug>.<lang>.yaml`, text fields only) is merged by git's own line merge,
//! and kept only if it still reads as a translation.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mergeLetterVersions } from '../../core/edit/three-way-merge.js';
import { translationName } from '../../core/letter/translation.js';
import { readLetterSource } from '../../core/read/parse-letter.js';
import { readTranslationSource } from '../../core/read/translation-reader.js';
import { LettersError } from '../../errors.js';
import { gitMergeFile } from '../../io/git.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import { readBounded } from '../../io/files/bounded-read.js';
import { MAX_LETTER_BYTES } from '../../io/files/letter-files.js';
import type { Context, JsonOption } from '../context.js';

async function read(file: string): Promise<string> {
  const bytes = await readBounded(file, {
    display: file,
    limit: MAX_LETTER_BYTES,
    what: 'a letter file',
    sizeHint: 'a letter of 10,000 signatories is about 1 MiB',
    missing: () => new LettersError('not-found', `cannot read ${file}: it does not exist`, DRIVER_HINT),
    code: 'invalid-letter',
  });
  return bytes.toString('utf8');
}

const DRIVER_HINT = 'the merge driver is run by git: letters merge-driver %O %A %B %P';

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

/**
 * The language of a translation file being merged: by its name (%P), or, when git gave none, by
 * what it holds (no letter, but a translation with no problem). Undefined for a letter.
 */
function isTranslation(name: string | undefined, ours: string): string | undefined {
  if (name !== undefined) return translationName(path.basename(name))?.lang;
  if (readLetterSource(ours, 'ours').parsed !== undefined) return undefined;
  return readTranslationSource(ours, 'ours', 'und').problems.length === 0 ? 'und' : undefined;
}

/**
 * A translation's three versions: git's line merge (two translators who changed different
 * fields merge cleanly), kept only when it reads back as a translation; otherwise the conflict
 * markers stay for a person, as for a letter.
 */
async function mergeTranslation(
  ctx: Context,
  texts: { ours: string; base: string; theirs: string },
  target: string,
  shown: string,
  lang: string,
): Promise<void> {
  const merged = await gitMerge(ctx, texts, ['ours', 'base', 'theirs']);
  if (merged === undefined) throw new LettersError('merge-conflict', `${shown}: git could not merge the translation`, 'resolve it by hand');
  await writeFileAtomic(target, merged.text, { display: shown });
  if (merged.conflicts > 0) {
    throw new LettersError(
      'merge-conflict',
      `${shown}: both branches changed the same lines of the translation`,
      'resolve the conflict markers in the file by hand, then run `letters check` and commit',
    );
  }
  const read = readTranslationSource(merged.text, shown, lang);
  if (read.parsed === undefined || read.problems.length > 0) {
    throw new LettersError(
      'merge-conflict',
      `${shown}: the merged translation does not read as one (${read.problems[0]?.message ?? 'not a mapping of fields'})`,
      'look at the merged file, fix it by hand, then run `letters check` and commit',
    );
  }
}

/**
 * `letters merge-driver`: merge the three versions git gives, writing the result to ours. When
 * they cannot be merged entry by entry, or anything else goes wrong, ours gets git's own merge
 * of the file, conflict markers and all, so that no side's signatures are lost; the error says
 * what the file now holds.
 */
export async function mergeDriver(
  ctx: Context,
  baseFile: string,
  oursFile: string,
  theirsFile: string,
  name?: string,
  options: JsonOption = {},
): Promise<void> {
  const shown = name ?? oursFile;
  const files = { base: path.resolve(ctx.cwd, baseFile), ours: path.resolve(ctx.cwd, oursFile), theirs: path.resolve(ctx.cwd, theirsFile) };
  let reason: string;
  try {
    const [base, ours, theirs] = await Promise.all([read(files.base), read(files.ours), read(files.theirs)]);
    const translation = isTranslation(name, ours);
    if (translation !== undefined) {
      await mergeTranslation(ctx, { base, ours, theirs }, files.ours, shown, translation);
      if (options.json) ctx.outJson({ file: shown, merged: true });
      return;
    }
    let outcome = mergeLetterVersions(base, ours, theirs, shown);
    if (outcome.kind === 'merge-rest') {
      const rest = await gitMerge(ctx, outcome.rests, ['ours', 'base', 'theirs']);
      outcome =
        rest && rest.conflicts === 0
          ? outcome.finish(rest.text)
          : { kind: 'conflict', reason: 'both branches changed the text of the letter in the same place' };
    }
    if (outcome.kind === 'merged') {
      await writeFileAtomic(files.ours, outcome.text, { display: shown });
      if (options.json) ctx.outJson({ file: shown, merged: true });
      return;
    }
    reason = outcome.kind === 'conflict' ? outcome.reason : 'the text could not be merged';
  } catch (err) {
    // Whatever stopped the merge by entries (a version that is no letter, a file too large, a
    // bug), git's merge of the lines is still owed to the person resolving it.
    reason =
      err instanceof LettersError
        ? `${err.message} (${err.hint})`
        : `the merge failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const whole = await wholeFileMerge(ctx, files).catch(() => undefined);
  if (whole) await writeFileAtomic(files.ours, whole.text, { display: shown });
  throw new LettersError(
    'merge-conflict',
    `${shown}: ${reason}`,
    whole === undefined
      ? `git merge-file could not merge the file, so it is left as your branch has it: take the other branch's entries from \`git show :3:${shown}\` by hand, then run \`letters check\` and commit`
      : whole.conflicts > 0
        ? 'resolve the conflict markers in the file by hand, then run `letters check` and commit'
        : "the file holds git's line-by-line merge, which has no conflict markers: check that entry by hand, then run `letters check` and commit",
  );
}

/** git merge-file over the three files as git gave them. */
async function wholeFileMerge(ctx: Context, files: { base: string; ours: string; theirs: string }) {
  return gitMergeFile(files, ['ours', 'base', 'theirs'], ctx.cwd);
}

//! `letters diff <letter> --since <fingerprint|signatory>`: what changed in the letter's words
//! since a signatory signed, found in the file's git history by the text's fingerprint.
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { agreedTextLines, sameText, textFingerprint } from '../../core/letter/fingerprint.js';
import { matchKey } from '../../core/letter/identity.js';
import type { Letter } from '../../core/letter/letter.js';
import { parseLetter } from '../../core/read/parse-letter.js';
import { describe } from '../../core/signing/signatories.js';
import { LettersError } from '../../errors.js';
import { fileAt, fileHistory, isShallow } from '../../io/git.js';
import { MAX_LETTER_BYTES, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import type { Context } from '../context.js';
import { print } from '../warnings.js';

export interface DiffOptions {
  since: string;
  json?: boolean;
}

/** The fingerprint `--since` means: a signatory's recorded text (by organization or name), or a fingerprint itself. */
function targetText(letter: Letter, since: string): { text: string; who?: string } {
  const key = matchKey(since);
  const everyone = [...letter.signatories, ...(letter.withdrawn ?? [])];
  const found =
    everyone.find((s) => s.organization !== undefined && matchKey(s.organization) === key) ??
    everyone.find((s) => s.name !== undefined && matchKey(s.name) === key);
  if (found) {
    if (found.text === undefined) {
      throw new LettersError(
        'no-history',
        `the signature of ${describe(found)} records no text`,
        'it was given before letters recorded texts; what it agreed to cannot be told',
      );
    }
    return { text: found.text, who: describe(found) };
  }
  if (/^[0-9a-f]{6,64}$/.test(since)) return { text: since };
  throw new LettersError(
    'not-found',
    `no signatory "${since}" and not a text fingerprint`,
    'give an organization, a name, or a fingerprint from `letters status`',
  );
}

/** `letters diff <letter> --since <fingerprint|org>`. */
export async function diff(ctx: Context, letterArg: string, options: DiffOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const current = textFingerprint(parsed.letter);
  const { text, who } = targetText(parsed.letter, options.since);
  const since = who === undefined ? `text ${text}` : `the text ${who} signed (${text})`;
  const answer = (changed: { commit: string; date: string; patch: string } | undefined): void => {
    if (!options.json) return;
    ctx.outJson({
      letter: parsed.file,
      since: { text, signatory: who ?? null },
      current,
      changed: changed !== undefined,
      commit: changed?.commit ?? null,
      date: changed?.date ?? null,
      patch: changed?.patch ?? null,
    });
  };
  if (sameText(text, current)) {
    answer(undefined);
    print(ctx, `No change: ${since} is the current text`);
    return;
  }
  const history = await fileHistory(file);
  if (history === undefined) {
    throw new LettersError(
      'no-history',
      `${parsed.file} is not in a git repository, so ${since} cannot be found`,
      'keep the letters folder in git (git init; git add; git commit) to compare texts later',
    );
  }
  for (const version of history) {
    const source = await fileAt(version, path.dirname(file), MAX_LETTER_BYTES);
    if (source === undefined) continue;
    let old: Letter;
    try {
      old = parseLetter(source, `${version.commit.slice(0, 7)}:${version.path}`).letter;
    } catch {
      continue; // a version that does not read as a letter has no fingerprint
    }
    if (!sameText(text, textFingerprint(old))) continue;
    const patch = createTwoFilesPatch(
      `text ${text} (commit ${version.commit.slice(0, 7)}, ${version.date.slice(0, 10)})`,
      `text ${current} (${parsed.file} now)`,
      `${agreedTextLines(old).join('\n')}\n`,
      `${agreedTextLines(parsed.letter).join('\n')}\n`,
      undefined,
      undefined,
      { context: 2 },
    );
    answer({ commit: version.commit, date: version.date, patch });
    print(ctx, `Changes since ${since}:`);
    for (const line of patch.trimEnd().split('\n').slice(1)) print(ctx, line);
    return;
  }
  const searched = `${history.length} ${history.length === 1 ? 'commit' : 'commits'} searched`;
  // A shallow clone (CI, `git clone --depth 1`) holds only the latest commits: the text may
  // well be in the history this clone does not have.
  if (await isShallow(path.dirname(file))) {
    throw new LettersError(
      'no-history',
      `no commit of ${parsed.file} in this clone has ${since} (${searched}), and this clone is shallow: its history stops short`,
      'fetch the whole history with `git fetch --unshallow`, then run letters diff again',
    );
  }
  throw new LettersError(
    'no-history',
    `no commit of ${parsed.file} has ${since} (${searched})`,
    'the text was changed and signed without a commit in between; commit the letter after each edit to compare later',
  );
}

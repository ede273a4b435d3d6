//! `letters diff <letter> --since <fingerprint|signatory>`: what changed in the letter's words
//! since a signatory signed, found in the file's git history by the text's fingerprint (for a
//! signature on a translation, `lang:`, in the translation's history); `--lang L`: what changed
//! in the letter's text since its translation into L was made.
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { agreedText, agreedTextLines, partLines, sameText, textFingerprint } from '../../core/letter/fingerprint.js';
import { matchKey } from '../../core/letter/identity.js';
import { languageName } from '../../core/letter/languages.js';
import type { Letter, Signatory } from '../../core/letter/letter.js';
import { sourceParts, translatedLetter, versionFingerprint } from '../../core/letter/translation.js';
import { findVersion, type LetterVersions } from '../../core/read/letter-versions.js';
import { readTranslationSource } from '../../core/read/translation-reader.js';
import { describe } from '../../core/signing/signatories.js';
import { LettersError, usageError } from '../../errors.js';
import { fileAt, fileHistory, isShallow } from '../../io/git.js';
import { MAX_LETTER_BYTES, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import type { Context } from '../context.js';
import { findText } from './history.js';
import { translationLang } from './translate.js';
import { print } from '../warnings.js';

export interface DiffOptions {
  since?: string;
  lang?: string;
  json?: boolean;
}

/** What `diff --json` says: the text compared with, the text now, and the change between, when there is one. */
interface Compared {
  /** The fingerprint compared with, and the signatory who signed it (when --since named one). */
  since: { text: string; signatory: string | null };
  current: string;
  /** The language of the texts compared: a translation's, or the letter's. */
  lang: string;
  found?: { commit: string; date: string; patch: string };
}

/** The fingerprint `--since` means: a signatory's recorded text (by organization or name), or a fingerprint itself. */
function targetText(letter: Letter, since: string): { text: string; who?: string; signatory?: Signatory } {
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
    return { text: found.text, who: describe(found), signatory: found };
  }
  if (/^[0-9a-f]{6,64}$/.test(since)) return { text: since };
  throw new LettersError(
    'not-found',
    `no signatory "${since}" and not a text fingerprint`,
    'give an organization, a name, or a fingerprint from `letters status`',
  );
}

/** Print a unified diff of two texts' lines under a heading; the patch, for --json. */
function printPatch(ctx: Context, heading: string, from: [string, string[]], to: [string, string[]]): string {
  const patch = createTwoFilesPatch(from[0], to[0], `${from[1].join('\n')}\n`, `${to[1].join('\n')}\n`, undefined, undefined, {
    context: 2,
  });
  print(ctx, heading);
  for (const line of patch.trimEnd().split('\n').slice(1)) print(ctx, line);
  return patch;
}

/** The --json document: what was compared, and the change when there is one. */
function answer(ctx: Context, options: DiffOptions, letter: string, compared: Compared): void {
  if (!options.json) return;
  const { found } = compared;
  ctx.outJson({
    letter,
    since: compared.since,
    current: compared.current,
    lang: compared.lang,
    changed: found !== undefined,
    commit: found?.commit ?? null,
    date: found?.date ?? null,
    patch: found?.patch ?? null,
  });
}

function noRepository(file: string, since: string): LettersError {
  return new LettersError(
    'no-history',
    `${file} is not in a git repository, so ${since} cannot be found`,
    'keep the letters folder in git (git init; git add; git commit) to compare texts later',
  );
}

/** No commit holds the text; in a shallow clone (CI, `git clone --depth 1`) the history this clone lacks may. */
async function notCommitted(file: string, since: string, searched: number, dir: string): Promise<LettersError> {
  const commits = `${searched} ${searched === 1 ? 'commit' : 'commits'} searched`;
  if (await isShallow(dir)) {
    return new LettersError(
      'no-history',
      `no commit of ${file} in this clone has ${since} (${commits}), and this clone is shallow: its history stops short`,
      'fetch the whole history with `git fetch --unshallow`, then run letters diff again',
    );
  }
  return new LettersError(
    'no-history',
    `no commit of ${file} has ${since} (${commits})`,
    'the text was changed and signed without a commit in between; commit the letter after each edit to compare later',
  );
}

/** `letters diff <letter> --since <fingerprint|org>` or `--lang L`. */
export async function diff(ctx: Context, letterArg: string, options: DiffOptions): Promise<void> {
  if ((options.since === undefined) === (options.lang === undefined)) {
    throw usageError(
      options.since === undefined ? 'diff needs --since or --lang' : '--since and --lang ask two different questions',
      'give --since WHO (what changed since they signed; their language is theirs) or --lang L (what changed since the L translation was made)',
    );
  }
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const say = (compared: Compared): void => answer(ctx, options, parsed.file, compared);
  if (options.lang !== undefined) {
    const lang = translationLang(options.lang, parsed.letter.lang);
    await sinceTranslated(ctx, await readLetterVersions(parsed, file, ctx.cwd), lang, file, say);
    return;
  }
  const { text, who, signatory } = targetText(parsed.letter, options.since!);
  const lang = signatory?.lang;
  if (lang !== undefined && lang.toLowerCase() !== parsed.letter.lang.toLowerCase()) {
    await sinceSignedTranslation(ctx, await readLetterVersions(parsed, file, ctx.cwd), lang, { text, signatory: who! }, say);
    return;
  }
  const current = textFingerprint(parsed.letter);
  const since = who === undefined ? `text ${text}` : `the text ${who} signed (${text})`;
  const compared = { since: { text, signatory: who ?? null }, current, lang: parsed.letter.lang };
  if (sameText(text, current)) {
    say(compared);
    print(ctx, `No change: ${since} is the current text`);
    return;
  }
  const found = await findText(file, agreedText, text);
  if (found.kind === 'no-repository') throw noRepository(parsed.file, since);
  if (found.kind === 'not-found') throw await notCommitted(parsed.file, since, found.searched, path.dirname(file));
  const { commit, date } = found.version;
  const patch = printPatch(
    ctx,
    `Changes since ${since}:`,
    [`text ${text} (commit ${found.version.commit.slice(0, 7)}, ${found.version.date.slice(0, 10)})`, agreedTextLines(found.letter)],
    [`text ${current} (${parsed.file} now)`, agreedTextLines(parsed.letter)],
  );
  say({ ...compared, found: { commit, date, patch } });
}

/** `--lang L`: the letter's translatable text now, against the text the L translation was made from. */
async function sinceTranslated(
  ctx: Context,
  versions: LetterVersions,
  lang: string,
  file: string,
  say: (compared: Compared) => void,
): Promise<void> {
  const { parsed } = versions;
  const version = findVersion(versions, lang);
  const name = languageName(lang);
  if (version?.translation === undefined) {
    throw new LettersError(
      'not-found',
      `${parsed.file} has no readable ${name} translation`,
      `start one with: letters translate ${path.basename(file).replace(/\.ya?ml$/i, '')} --lang ${lang}`,
    );
  }
  const recorded = version.translation.translation.source;
  if (recorded === undefined) {
    throw new LettersError(
      'no-history',
      `${version.file} was never marked current, so it records no text of the letter to compare with`,
      `compare it with the letter by eye, then mark it: letters translate ${path.basename(file).replace(/\.ya?ml$/i, '')} --lang ${version.lang} --done`,
    );
  }
  const since = `the text the ${name} translation was made from (${recorded})`;
  const compared = { since: { text: recorded, signatory: null }, current: versions.source, lang: parsed.letter.lang };
  if (sameText(recorded, versions.source)) {
    say(compared);
    print(ctx, `No change: ${since} is the current text`);
    return;
  }
  const found = await findText(file, sourceParts, recorded);
  if (found.kind === 'no-repository') throw noRepository(parsed.file, since);
  if (found.kind === 'not-found') throw await notCommitted(parsed.file, since, found.searched, path.dirname(file));
  const { commit, date } = found.version;
  const patch = printPatch(
    ctx,
    `Changes to translate into ${name} since ${since}:`,
    [
      `text ${recorded} (commit ${found.version.commit.slice(0, 7)}, ${found.version.date.slice(0, 10)})`,
      partLines(sourceParts(found.letter)),
    ],
    [`text ${versions.source} (${parsed.file} now)`, partLines(sourceParts(parsed.letter))],
  );
  say({ ...compared, found: { commit, date, patch } });
}

/** `--since` a signatory of a translation: that version's words now, against the words they signed, from the translation's history. */
async function sinceSignedTranslation(
  ctx: Context,
  versions: LetterVersions,
  lang: string,
  signed: { text: string; signatory: string },
  say: (compared: Compared) => void,
): Promise<void> {
  const { text, signatory: who } = signed;
  const { parsed } = versions;
  const version = findVersion(versions, lang);
  const name = languageName(lang);
  const since = `the ${name} text ${who} signed (${text})`;
  if (version?.translation === undefined) {
    throw new LettersError(
      'not-found',
      `${who} signed the ${name} version, but ${parsed.file} has no readable ${name} translation`,
      'restore the translation file, or ask them to sign again',
    );
  }
  const current = version.text!;
  const compared = { since: signed, current, lang: version.lang };
  if (sameText(text, current)) {
    say(compared);
    print(ctx, `No change: ${since} is the current ${name} text`);
    return;
  }
  const translationFile = path.resolve(ctx.cwd, version.file);
  const history = await fileHistory(translationFile);
  if (history === undefined) throw noRepository(version.file, since);
  for (const commit of history) {
    const source = await fileAt(commit, path.dirname(translationFile), MAX_LETTER_BYTES);
    const old = source === undefined ? undefined : readTranslationSource(source, commit.path, version.lang).parsed;
    if (old === undefined || !sameText(text, versionFingerprint(parsed.letter, old.translation))) continue;
    const patch = printPatch(
      ctx,
      `Changes since ${since}:`,
      [
        `text ${text} (commit ${commit.commit.slice(0, 7)}, ${commit.date.slice(0, 10)})`,
        agreedTextLines(translatedLetter(parsed.letter, old.translation)),
      ],
      [`text ${current} (${version.file} now)`, agreedTextLines(translatedLetter(parsed.letter, version.translation.translation))],
    );
    say({ ...compared, found: { commit: commit.commit, date: commit.date, patch } });
    return;
  }
  throw await notCommitted(version.file, since, history.length, path.dirname(translationFile));
}

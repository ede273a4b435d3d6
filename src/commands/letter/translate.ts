//! `letters translate <letter> --lang L [--done]`: start a translation (a commented scaffold
//! beside the letter), say where one stands (what is left to translate, what changed in the
//! letter since it was made), or mark it current: `source:` records the text it translates.
import path from 'node:path';
import { markTranslationCurrent, scaffoldTranslation } from '../../core/edit/translation-edits.js';
import { languageName } from '../../core/letter/languages.js';
import { sourceParts } from '../../core/letter/translation.js';
import { isValidLang } from '../../core/letter/values.js';
import { findVersion, type LetterVersions, type Version } from '../../core/read/letter-versions.js';
import { readTranslationSource } from '../../core/read/translation-reader.js';
import { shellWord } from '../../core/text/shell-word.js';
import { InvalidLetterError, LettersError, usageError } from '../../errors.js';
import { createFile, displayPath, lockSettings, readLetter, resolveLetter, updateText } from '../../io/files/letter-files.js';
import { readLetterVersions, translationPath } from '../../io/files/translation-files.js';
import { formatLocation } from '../../io/terminal/diagnostics.js';
import type { Context } from '../context.js';
import { changedParts, letterWithText } from './history.js';
import { print } from '../warnings.js';

export interface TranslateOptions {
  lang: string;
  done?: boolean;
  json?: boolean;
  force?: boolean;
}

/** The language a command was given for a translation: a tag, and not the letter's own. */
export function translationLang(lang: string, letterLang: string, flag = '--lang'): string {
  if (!isValidLang(lang)) throw usageError(`${flag} is not a language tag: ${lang}`, 'use a BCP 47 tag such as fr, es, zh-Hant');
  if (lang.toLowerCase() === letterLang.toLowerCase()) {
    throw usageError(
      `${flag} ${lang} is the letter's own language (lang: ${letterLang})`,
      'give the language of a translation, or leave the flag out for the letter itself',
    );
  }
  return lang;
}

/** `letters translate <letter> --lang L [--done] [--json] [--force]`. */
export async function translate(ctx: Context, letterArg: string, options: TranslateOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const lang = translationLang(options.lang, parsed.letter.lang);
  const slug = path.basename(file).replace(/\.ya?ml$/i, '');
  const versions = await readLetterVersions(parsed, file, ctx.cwd);
  const version = findVersion(versions, lang);
  const name = languageName(lang);
  const command = `letters translate ${shellWord(letterArg)} --lang ${lang}`;
  if (version === undefined) {
    if (options.done) throw new LettersError('not-found', `${parsed.file} has no ${name} translation`, `start one with: ${command}`);
    const target = translationPath(file, lang);
    await createFile(target, scaffoldTranslation(parsed.letter, lang, parsed.file, slug), ctx.cwd);
    const shown = displayPath(target, ctx.cwd);
    if (options.json) {
      ctx.outJson({
        letter: parsed.file,
        file: shown,
        lang,
        action: 'created',
        state: 'unmarked',
        source: versions.source,
        recorded: null,
        changed: null,
        todo: [],
      });
    }
    ctx.out(`Created ${shown}: the ${name} translation, each field under the ${languageName(parsed.letter.lang)} text to translate`);
    ctx.out(`When it is translated: ${command} --done`);
    return;
  }
  if (options.done) {
    await markDone(ctx, versions, version, options);
    return;
  }
  await describeVersion(ctx, versions, version, command, options.json === true, file);
}

/** What `translate --json` says of a translation: what was done, where it stands, the texts it is measured by. */
function answer(versions: LetterVersions, version: Version, action: 'marked' | 'unchanged' | 'described', state: Version['state']) {
  return {
    letter: versions.parsed.file,
    file: version.file,
    lang: version.lang,
    action,
    state,
    source: versions.source,
    recorded: action === 'marked' ? versions.source : (version.translation?.translation.source ?? null),
    was: version.translation?.translation.source ?? null,
    text: version.text ?? null,
    changed: null as string[] | null,
    todo: [] as unknown[],
  };
}

/** `--done`: a complete translation records the letter's text it translates. */
async function markDone(ctx: Context, versions: LetterVersions, version: Version, options: TranslateOptions): Promise<void> {
  const name = languageName(version.lang);
  const errors = version.problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0 || version.translation === undefined) {
    throw new InvalidLetterError([
      ...errors,
      {
        message: `the ${name} translation is not complete, so it was not marked current`,
        hint: 'translate what the lines above name (or list a field under untranslated:), then run it again',
      },
    ]);
  }
  if (version.state === 'current') {
    if (options.json) ctx.outJson(answer(versions, version, 'unchanged', 'current'));
    print(ctx, `${version.file} is already current: it translates the text ${versions.source}`);
    return;
  }
  const lock = { force: options.force ?? false, lock: lockSettings(ctx, 'letters translate') };
  const target = path.resolve(ctx.cwd, version.file);
  await updateText(target, ctx.cwd, lock, (source, display) => {
    // Read again inside the lock: the file as it is now is the one marked.
    const read = readTranslationSource(source, display, version.lang);
    if (read.parsed === undefined || read.problems.length > 0) throw new InvalidLetterError(read.problems);
    return { text: markTranslationCurrent(read.parsed, versions.source), result: undefined };
  });
  if (options.json) {
    ctx.outJson(answer(versions, version, 'marked', 'current'));
  }
  const was = version.translation.translation.source;
  print(
    ctx,
    `Marked ${version.file} current: it translates the ${languageName(versions.parsed.letter.lang)} text ${versions.source}${was === undefined ? '' : ` (was ${was})`}`,
  );
}

/** Where a translation stands, and what is left to do. */
async function describeVersion(
  ctx: Context,
  versions: LetterVersions,
  version: Version,
  command: string,
  json: boolean,
  file: string,
): Promise<void> {
  const name = languageName(version.lang);
  const theirs = languageName(versions.parsed.letter.lang);
  const recorded = version.translation?.translation.source;
  // What changed in the letter since the translation was made: from git, when the letter is in it.
  const changed =
    version.state === 'stale' && recorded !== undefined
      ? await letterWithText(file, ctx.cwd, (old) => sourceParts(old), recorded).then((found) =>
          found === undefined ? undefined : changedParts(sourceParts(found.letter), sourceParts(versions.parsed.letter)),
        )
      : undefined;
  const todo = version.problems.filter((p) => p.severity !== 'warning');
  if (json) {
    ctx.outJson({
      ...answer(versions, version, 'described', version.state),
      changed: changed ?? null,
      todo: todo.map((p) => ({
        file: p.location?.file ?? null,
        line: p.location?.line ?? null,
        column: p.location?.col ?? null,
        message: p.message,
        hint: p.hint,
      })),
    });
    return;
  }
  const state =
    version.state === 'current'
      ? `current: it translates the ${theirs} text as it is now (${versions.source})`
      : version.state === 'stale'
        ? `stale: made from the ${theirs} text ${recorded}, which is now ${versions.source}`
        : version.state === 'unmarked'
          ? `not marked current yet (${command} --done, once it is translated)`
          : 'not readable';
  print(ctx, `${version.file}: the ${name} translation, ${state}`);
  if (changed !== undefined) {
    print(ctx, `Changed in the ${theirs} text since: ${changed.length === 0 ? 'nothing but spacing' : changed.join(', ')}`);
  }
  if (version.state === 'stale') {
    print(
      ctx,
      `See how: letters diff ${shellWord(path.basename(file).replace(/\.ya?ml$/i, ''))} --lang ${version.lang}; once translated: ${command} --done`,
    );
  }
  if (todo.length > 0) {
    print(ctx, `Left to do: ${todo.length}`);
    for (const p of todo) print(ctx, `  ${formatLocation(p.location)}${p.message} — ${p.hint}`);
  }
}

// `letters new <slug>`: a commented scaffold for a new letter, its values asked for or given as flags.
import path from 'node:path';
import { scaffoldLetter, type ScaffoldInput } from '../../core/edit/scaffold.js';
import { DEFAULT_TEMPLATE, PAPERS, type Paper } from '../../core/letter/letter.js';
import { settingSource, settingValue } from '../../core/settings/settings.js';
import { isIsoDate, isValidLang } from '../../core/letter/values.js';
import { parseLetter } from '../../core/read/parse-letter.js';
import { scaffoldTranslation } from '../../core/edit/translation-edits.js';
import { languageName } from '../../core/letter/languages.js';
import { translationName } from '../../core/letter/translation.js';
import { translationPath } from '../../io/files/translation-files.js';
import { shellWord } from '../../core/text/shell-word.js';
import { cleanLine } from '../../core/text/characters.js';
import { LettersError, usageError } from '../../errors.js';
import {
  checkSlug,
  createFile,
  displayPath,
  exists,
  existsError,
  findLetterFile,
  lockSettings,
  refuseNonFile,
} from '../../io/files/letter-files.js';
import { loadTemplate, templateDirs } from '../../io/templates.js';
import type { Context } from '../context.js';
import { detail } from '../warnings.js';

/** The flags of `letters new`: the scaffold's fields, each optional (asked for or refused), --force and --json, --translations. */
export type NewOptions = Partial<Omit<ScaffoldInput, 'paper'>> & {
  paper?: string;
  force?: boolean;
  json?: boolean;
  translations?: string;
};

/** `--translations fr,es`: the languages to start translations in, each a tag, none the letter's own, none twice. */
function translationLangs(value: string | undefined, lang: string): string[] {
  if (value === undefined) return [];
  const langs = value.split(',').map((l) => l.trim());
  const seen = new Set<string>();
  for (const l of langs) {
    if (!isValidLang(l) || translationName(`x.${l}.yaml`) === undefined) {
      throw usageError(`--translations: "${l}" is not a language tag`, 'give tags separated by commas, such as fr,es,zh-Hant');
    }
    if (l.toLowerCase() === lang.toLowerCase())
      throw usageError(`--translations: ${l} is the letter's own language`, 'leave it out: the letter is in it');
    if (seen.has(l.toLowerCase())) throw usageError(`--translations names ${l} twice`, 'give each language once');
    seen.add(l.toLowerCase());
  }
  return langs;
}

/**
 * The flags with the project's defaults filled in: lang, paper and template from the settings
 * (letters.config.yaml or LETTERS_LANG …) when no flag gives them. Written into the new file,
 * so the letter says on its own how it is printed.
 */
function withDefaults(ctx: Context, options: NewOptions): NewOptions {
  const filled = { ...options };
  for (const key of ['lang', 'paper', 'template'] as const) {
    const value = filled[key] ?? settingValue(ctx.settings, key);
    if (value !== undefined) filled[key] = value;
  }
  return filled;
}

/** Ask for a required value when a person is there; otherwise name the flag that was missing. */
async function required(ctx: Context, value: string | undefined, flag: string, question: string): Promise<string> {
  if (value !== undefined) return value;
  if (!ctx.interactive) {
    throw new LettersError(
      'missing-input',
      `missing ${flag}`,
      `pass ${flag} "…" (no prompts without a terminal, with CI set or with --no-input)`,
    );
  }
  const answer = cleanLine(await ctx.prompt.input(question, { required: true }), flag);
  return answer ?? required(ctx, undefined, flag, question);
}

/** `letters new <slug>`: write a commented scaffold for a new letter. */
export async function newLetter(ctx: Context, slug: string, given: NewOptions): Promise<void> {
  checkSlug(slug, 'letters new');
  const options = withDefaults(ctx, given);
  if (options.date !== undefined && !isIsoDate(options.date)) {
    throw usageError(`--date is not a valid date: ${options.date}`, 'write it as YYYY-MM-DD, for example 2026-03-02');
  }
  if (options.lang !== undefined && !isValidLang(options.lang)) {
    throw usageError(`--lang is not a language tag: ${options.lang}`, 'use a BCP 47 tag such as en, fr, de, es-MX');
  }
  if (options.paper !== undefined && !(PAPERS as readonly string[]).includes(options.paper)) {
    throw usageError(`--paper cannot be "${options.paper}"`, `use one of ${PAPERS.join(', ')}`);
  }
  const langs = translationLangs(options.translations, options.lang ?? 'en');
  // An existing `<slug>.yml` is the letter too: replaced with --force, never doubled by a .yaml.
  const file = (await findLetterFile(ctx.dir, slug, ctx.cwd)) ?? path.join(ctx.dir, `${slug}.yaml`);
  const display = displayPath(file, ctx.cwd);
  await refuseNonFile(file, ctx.cwd);
  // Fail before asking questions whose answers would be thrown away.
  const replacing = await exists(file);
  if (!options.force && replacing) throw existsError(display);
  const translationFiles = langs.map((l) => translationPath(file, l));
  for (const t of translationFiles) {
    await refuseNonFile(t, ctx.cwd);
    if (!options.force && (await exists(t))) throw existsError(displayPath(t, ctx.cwd));
  }
  if (options.template !== undefined) {
    await loadTemplate(options.template, templateDirs(ctx.dir), ctx.cwd).catch((err: unknown) => {
      // A default from the settings is named as such: the fix is there, not on the command line.
      const from = given.template === undefined ? settingSource(ctx.settings, 'template') : undefined;
      if (!(err instanceof LettersError) || from === undefined) throw err;
      throw new LettersError(err.code, `${err.message} (the template set by ${from})`, err.hint);
    });
  }

  const optional = async (value: string | undefined, flag: string, question: string): Promise<string | undefined> =>
    cleanLine(value ?? (ctx.interactive ? await ctx.prompt.input(question) : undefined), flag);
  const title = await required(
    ctx,
    cleanLine(options.title, '--title'),
    '--title',
    'Title of the letter (for the PDF and `letters list`):',
  );
  // An open letter may have no addressee; a formal letter needs one.
  const to =
    options.template === 'open-letter'
      ? await optional(options.to, '--to', 'Addressee (leave empty for none):')
      : await required(ctx, cleanLine(options.to, '--to'), '--to', 'Recipient (name as it should be printed):');
  const input: ScaffoldInput = { title };
  if (to !== undefined) input.to = to;
  const toTitle = to === undefined ? undefined : await optional(options.toTitle, '--to-title', 'Recipient title (optional):');
  const toOrg = to === undefined ? undefined : await optional(options.toOrg, '--to-org', 'Recipient organization (optional):');
  const address = (options.address ?? []).map((line) => cleanLine(line, '--address')).filter((line): line is string => line !== undefined);
  const salutation = cleanLine(options.salutation, '--salutation');
  const signoff = cleanLine(options.signoff, '--signoff');
  if (toTitle !== undefined) input.toTitle = toTitle;
  if (toOrg !== undefined) input.toOrg = toOrg;
  if (address.length > 0) input.address = address;
  if (salutation !== undefined) input.salutation = salutation;
  if (signoff !== undefined) input.signoff = signoff;
  if (options.date !== undefined) input.date = options.date;
  if (options.template !== undefined) input.template = options.template;
  if (options.lang !== undefined) input.lang = options.lang;
  if (options.paper !== undefined) input.paper = options.paper as Paper;

  const text = scaffoldLetter(input);
  const letter = parseLetter(text, display).letter; // the scaffold must itself be a valid letter
  await createFile(file, text, ctx.cwd, options.force ? { lock: lockSettings(ctx, 'letters new') } : undefined);
  detail(ctx, `wrote ${display} (${Buffer.byteLength(text)} bytes)`);
  ctx.out(`Created ${display}`);
  for (const [i, t] of translationFiles.entries()) {
    const translation = scaffoldTranslation(letter, langs[i]!, display, slug);
    await createFile(t, translation, ctx.cwd, options.force ? { lock: lockSettings(ctx, 'letters new') } : undefined);
    detail(ctx, `wrote ${displayPath(t, ctx.cwd)} (${Buffer.byteLength(translation)} bytes)`);
    ctx.out(
      `Created ${displayPath(t, ctx.cwd)}: the ${languageName(langs[i]!)} translation, to fill in once the letter's text is written (letters translate ${shellWord(slug)} --lang ${langs[i]})`,
    );
  }
  if (options.json) {
    ctx.outJson({
      letter: display,
      slug,
      replaced: options.force === true && replacing,
      template: input.template ?? DEFAULT_TEMPLATE,
      lang: input.lang ?? 'en',
      paper: input.paper ?? 'letter',
      translations: translationFiles.map((t, i) => ({ lang: langs[i]!, file: displayPath(t, ctx.cwd) })),
    });
  }
  ctx.out(
    `Next: edit it, then collect signatures with  letters sign ${shellWord(slug)} --org "Organization" --name "Full Name" --title "Title"`,
  );
}

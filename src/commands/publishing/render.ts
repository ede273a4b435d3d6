// `letters render`: a letter (or --all), in one language, each, or two side by side, written as PDF, HTML, Markdown, text or PNG.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LetterVersions } from '../../core/read/letter-versions.js';
import { SHIPPED_EXAMPLE } from '../../io/package-root.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { plural } from '../../core/text/plural.js';
import { LettersError, usageError } from '../../errors.js';
import { displayPath, listLetterFiles, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { outputTarget, stdoutError } from '../../io/files/output.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import type { LetterDocument } from '../../render/document/document.js';
import type { Output } from '../../render/writers/writer.js';
import type { Context } from '../context.js';
import { progress, report } from '../warnings.js';
import { checkAgreement, warnPending } from './agreement.js';
import { checkLanguageFlags, editionDocument, editionName, editionsFor, printedVersions, sideLang, type Edition } from './editions.js';
import { RenderRun } from './render-run.js';
import { outputFolder, resolveSettings, type RenderOptions } from './render-settings.js';

/** `letters render <letter>` and `letters render --all`: validate, then write each output atomically. */
export async function render(ctx: Context, letterArg: string | undefined, options: RenderOptions): Promise<void> {
  checkLanguageFlags(options);
  if (options.all) {
    if (letterArg !== undefined)
      throw usageError(`--all renders every letter, so "${letterArg}" is one too many`, 'give a letter or --all, not both');
    // The mail merge's flags mean nothing here: refused, never ignored.
    const merge =
      options.recipients !== undefined
        ? '--recipients'
        : options.combined
          ? '--combined'
          : options.encoding !== undefined
            ? '--encoding'
            : undefined;
    if (merge !== undefined)
      throw usageError(`${merge} is for one letter's mail merge, not --all`, 'give the letter to send to each recipient');
    await renderAll(ctx, options);
    return;
  }
  if (letterArg === undefined) throw usageError("missing required argument 'letter'", 'see letters render --help');
  if (options.recipients !== undefined || options.combined || options.encoding !== undefined) {
    if (options.allLangs || options.bilingual !== undefined)
      throw usageError(
        `${options.allLangs ? '--all-langs' : '--bilingual'} is not for a mail merge`,
        'give --lang L for one language, or leave it out',
      );
    const { mailMerge } = await import('./mail-merge.js');
    await mailMerge(ctx, letterArg, options);
    return;
  }
  if (options.json && options.output === '-') {
    throw usageError('--json and -o - both want standard output', 'write the file with -o FILE, or drop --json');
  }
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd).catch((err: unknown) => shippedExample(ctx, letterArg, err));
  const settings = resolveSettings(options.allLangs ? { ...options, output: undefined } : options);
  const { format } = settings;
  const slug = RenderRun.slugOf(file);
  const toStdout = options.output === '-';
  if (options.output !== undefined && !toStdout && (path.resolve(ctx.cwd, options.output) === file || /\.ya?ml$/i.test(options.output))) {
    throw usageError(`refusing to write the ${format.label} over ${options.output}`, `give -o a ${format.extension} file name`);
  }
  const run = new RenderRun(ctx, settings);
  if (toStdout && run.perPage) {
    throw usageError('several PNG pages cannot go to standard output', 'give -o a file or folder, or --pages with one page');
  }
  // Several files (one per language) go into a folder, as --all's do.
  const folder = options.allLangs ? await outputFolder(ctx, options.output, '--all-langs') : undefined;
  await run.loadModules(); // before the read, which may hold the young generation ('render')
  const parsed = await readLetter(file, ctx.cwd, 'render');
  const versions = await readLetterVersions(parsed, file, ctx.cwd);
  const editions = editionsFor(versions, options, letterArg);
  const name = editionName(versions, slug, editions[0]!);
  // Check where the output goes before the work of making it.
  const target =
    toStdout || folder !== undefined ? undefined : await outputTarget(options.output ?? run.fileName(name), run.fileName(name), ctx.cwd);
  for (const warning of parsed.warnings) report(ctx, warning);
  checkAgreement(ctx, versions, letterArg, options.final ?? false, editions.flatMap(printedVersions));
  warnPending(ctx, parsed, letterArg);
  // Every document is made before any is written: one that cannot be made leaves no file behind.
  const made = await makeEditions(run, versions, editions, slug, (name) =>
    folder !== undefined ? path.join(folder, run.fileName(name)) : target,
  );
  if (folder !== undefined) {
    const written: string[] = [];
    const languages: { lang: string; files: string[] }[] = [];
    for (const m of made) {
      const files = await run.write(path.join(folder, run.fileName(m.name)), m.outputs);
      written.push(...files);
      languages.push({ lang: m.lang, files });
    }
    if (options.json) {
      ctx.outJson({ letter: parsed.file, format: format.name, files: written, signatories: parsed.letter.signatories.length, languages });
    }
    ctx.out(
      `Wrote ${RenderRun.describe(written)} (${plural(made.length, 'language')}, ${signatoryCount(parsed.letter.signatories.length)})`,
    );
    return;
  }
  const outputs = made[0]!.outputs;
  if (target === undefined) {
    for (const o of outputs) {
      await ctx.writeStdout(o.bytes).catch((err: unknown) => {
        throw stdoutError(err, `the ${format.label}`, `… -o - > file${format.extension}`);
      });
    }
    return;
  }
  const written = await run.write(target, outputs);
  if (options.json) {
    ctx.outJson({
      letter: parsed.file,
      format: format.name,
      files: written,
      signatories: parsed.letter.signatories.length,
      languages: [{ lang: made[0]!.lang, files: written }],
    });
  }
  ctx.out(`Wrote ${RenderRun.describe(written)} (${signatoryCount(parsed.letter.signatories.length)})`);
}

/**
 * The outputs of each edition, with the file name each gets (`targetOf` says where a name is
 * written, absent for standard output: Markdown links to its pictures from there). Several
 * languages written as HTML side by side name each other (hreflang), so a reader finds the
 * letter in their language.
 */
async function makeEditions(
  run: RenderRun,
  versions: LetterVersions,
  editions: Edition[],
  slug: string,
  targetOf: (name: string) => string | undefined,
): Promise<{ name: string; lang: string; outputs: Output[] }[]> {
  const documents: { name: string; document: LetterDocument; edition: Edition }[] = [];
  for (const edition of editions) {
    documents.push({ name: editionName(versions, slug, edition), document: await editionDocument(run, versions, edition), edition });
  }
  if (run.settings.format.name === 'html' && documents.length > 1) {
    const alternates = documents.flatMap(({ name, edition }) =>
      edition.kind === 'bilingual' ? [] : [{ lang: sideLang(versions, edition), href: run.fileName(name) }],
    );
    for (const d of documents) d.document.alternates = alternates;
  }
  const out: { name: string; lang: string; outputs: Output[] }[] = [];
  for (const { name, edition, document } of documents) {
    const lang =
      edition.kind === 'bilingual'
        ? `${sideLang(versions, edition.first)},${sideLang(versions, edition.second)}`
        : sideLang(versions, edition);
    out.push({ name, lang, outputs: await run.outputs(document, targetOf(name)) });
  }
  return out;
}

/**
 * `letters render example` where there is no letter of that name: the sample letter shipped
 * with letters, so that `npx coalition-letters render example` shows what it makes in an
 * empty folder. Only render reads it; nothing ever writes to it.
 */
function shippedExample(ctx: Context, letterArg: string, err: unknown): string {
  if (letterArg !== 'example' || !(err instanceof LettersError) || err.code !== 'not-found' || !existsSync(SHIPPED_EXAMPLE)) throw err;
  ctx.err(
    `letters: no letter "example" in ${displayPath(ctx.dir, ctx.cwd)}/, so the sample that ships with letters is rendered — start your own with letters new <slug>`,
  );
  return SHIPPED_EXAMPLE;
}

/**
 * `letters render --all`: every letter in the folder, in one process (fonts and templates
 * loaded once). A letter that fails is reported and the others go on; the run fails at the end.
 * With --lang, each letter's translation into it (a letter without one is skipped, and said);
 * with --all-langs, every language of every letter.
 */
async function renderAll(ctx: Context, options: RenderOptions): Promise<void> {
  const settings = resolveSettings({ ...options, output: undefined });
  const dir = await outputFolder(ctx, options.output, '--all');
  const letters = await listLetterFiles(ctx.dir, ctx.cwd);
  const where = dir === ctx.cwd ? '.' : displayPath(dir, ctx.cwd);
  const results: { slug: string; letter: string; ok: boolean; files: string[] }[] = [];
  const answer = (): void => {
    if (options.json) ctx.outJson({ format: settings.format.name, folder: where, letters: results });
  };
  if (letters.length === 0) {
    answer();
    ctx.out(`No letters in ${displayPath(ctx.dir, ctx.cwd)}/ to render`);
    return;
  }
  const run = new RenderRun(ctx, settings);
  // The output folder is flushed to the disk once, after the last letter, not after each file.
  run.deferFolderFlush();
  await run.loadModules(); // before the reads, which may hold the young generation ('render')
  let failed = 0;
  let files = 0;
  let skipped = 0;
  const steps = progress(ctx, 'Rendering', letters.length);
  for (const [i, { slug, file, problem }] of letters.entries()) {
    steps.update(i + 1, slug);
    const shown = displayPath(file, ctx.cwd);
    try {
      if (problem) throw problem;
      const parsed = await readLetter(file, ctx.cwd, 'render');
      const versions = await readLetterVersions(parsed, file, ctx.cwd);
      let editions: Edition[];
      try {
        editions = editionsFor(versions, options, slug);
      } catch (err) {
        // --all --lang fr: a letter with no French translation is not one to render in French.
        if (!(err instanceof LettersError) || err.code !== 'not-found') throw err;
        report(ctx, { message: `${shown}: skipped: ${err.message}`, hint: err.hint, severity: 'warning', code: 'skipped' });
        results.push({ slug, letter: shown, ok: true, files: [] });
        skipped++;
        continue;
      }
      for (const warning of parsed.warnings) report(ctx, warning);
      checkAgreement(ctx, versions, slug, options.final ?? false, editions.flatMap(printedVersions));
      warnPending(ctx, parsed, slug);
      const written: string[] = [];
      for (const m of await makeEditions(run, versions, editions, slug, (name) => path.join(dir, run.fileName(name)))) {
        written.push(...(await run.write(path.join(dir, run.fileName(m.name)), m.outputs)));
      }
      files += written.length;
      results.push({ slug, letter: shown, ok: true, files: written });
    } catch (err) {
      failed++;
      results.push({ slug, letter: shown, ok: false, files: [] });
      const code = err instanceof LettersError ? err.code : 'unexpected';
      if (!(err instanceof LettersError)) ctx.unexpected?.(err);
      const problems =
        err instanceof LettersError
          ? err.problems
          : [{ message: `unexpected error: ${err instanceof Error ? err.message : String(err)}`, hint: 'report it, with LETTERS_DEBUG=1' }];
      for (const p of problems) report(ctx, { code, ...(p.location ? p : { ...p, message: `${shown}: ${p.message}` }) });
    }
  }
  steps.end();
  await run.flushFolders();
  answer();
  const rendered = letters.length - failed - skipped;
  ctx.out(
    `Rendered ${rendered} of ${plural(letters.length, 'letter')} as ${settings.format.label} into ${where}/ (${plural(files, 'file')})${skipped > 0 ? `; ${skipped} skipped` : ''}`,
  );
  if (failed > 0) {
    throw new LettersError(
      'invalid-letter',
      `${failed} of ${plural(letters.length, 'letter')} could not be rendered`,
      'fix the problems above, then run again',
    );
  }
}

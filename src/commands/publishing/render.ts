// `letters render`: a letter (or --all) written as PDF, HTML, Markdown, text or PNG.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHIPPED_EXAMPLE } from '../../io/package-root.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { plural } from '../../core/text/plural.js';
import { LettersError, usageError } from '../../errors.js';
import { displayPath, listLetterFiles, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { outputTarget, stdoutError } from '../../io/files/output.js';
import type { Context } from '../context.js';
import { progress, report } from '../warnings.js';
import { checkAgreement, warnPending } from './agreement.js';
import { RenderRun } from './render-run.js';
import { outputFolder, resolveSettings, type RenderOptions } from './render-settings.js';

/** `letters render <letter>` and `letters render --all`: validate, then write each output atomically. */
export async function render(ctx: Context, letterArg: string | undefined, options: RenderOptions): Promise<void> {
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
    const { mailMerge } = await import('./mail-merge.js');
    await mailMerge(ctx, letterArg, options);
    return;
  }
  if (options.json && options.output === '-') {
    throw usageError('--json and -o - both want standard output', 'write the file with -o FILE, or drop --json');
  }
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd).catch((err: unknown) => shippedExample(ctx, letterArg, err));
  const settings = resolveSettings(options);
  const { format } = settings;
  const slug = RenderRun.slugOf(file);
  const toStdout = options.output === '-';
  if (options.output !== undefined && !toStdout && (path.resolve(ctx.cwd, options.output) === file || /\.ya?ml$/i.test(options.output))) {
    throw usageError(`refusing to write the ${format.label} over ${options.output}`, `give -o a ${format.extension} file name`);
  }
  const run = new RenderRun(ctx, settings);
  // Check where the output goes before the work of making it.
  const target = toStdout ? undefined : await outputTarget(options.output ?? run.fileName(slug), run.fileName(slug), ctx.cwd);
  if (toStdout && run.perPage) {
    throw usageError('several PNG pages cannot go to standard output', 'give -o a file or folder, or --pages with one page');
  }
  const parsed = await readLetter(file, ctx.cwd);
  for (const warning of parsed.warnings) report(ctx, warning);
  checkAgreement(ctx, parsed, letterArg, options.final ?? false);
  warnPending(ctx, parsed, letterArg);
  const template = await run.template(parsed.letter);
  const document = await run.document(parsed, template);
  const outputs = await run.outputs(document, target);
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
    ctx.outJson({ letter: parsed.file, format: format.name, files: written, signatories: parsed.letter.signatories.length });
  }
  ctx.out(`Wrote ${RenderRun.describe(written)} (${signatoryCount(parsed.letter.signatories.length)})`);
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
  let failed = 0;
  let files = 0;
  const steps = progress(ctx, 'Rendering', letters.length);
  for (const [i, { slug, file, problem }] of letters.entries()) {
    steps.update(i + 1, slug);
    const shown = displayPath(file, ctx.cwd);
    try {
      if (problem) throw problem;
      const parsed = await readLetter(file, ctx.cwd);
      for (const warning of parsed.warnings) report(ctx, warning);
      checkAgreement(ctx, parsed, slug, options.final ?? false);
      warnPending(ctx, parsed, slug);
      const template = await run.template(parsed.letter);
      const document = await run.document(parsed, template);
      const out = path.join(dir, run.fileName(slug));
      const written = await run.write(out, await run.outputs(document, out));
      files += written.length;
      results.push({ slug, letter: shown, ok: true, files: written });
    } catch (err) {
      failed++;
      results.push({ slug, letter: shown, ok: false, files: [] });
      const code = err instanceof LettersError ? err.code : 'unexpected';
      const problems =
        err instanceof LettersError
          ? err.problems
          : [{ message: `unexpected error: ${err instanceof Error ? err.message : String(err)}`, hint: 'report it, with LETTERS_DEBUG=1' }];
      for (const p of problems) report(ctx, { code, ...(p.location ? p : { ...p, message: `${shown}: ${p.message}` }) });
    }
  }
  steps.end();
  answer();
  ctx.out(
    `Rendered ${letters.length - failed} of ${plural(letters.length, 'letter')} as ${settings.format.label} into ${where}/ (${plural(files, 'file')})`,
  );
  if (failed > 0) {
    throw new LettersError(
      'invalid-letter',
      `${failed} of ${plural(letters.length, 'letter')} could not be rendered`,
      'fix the problems above, then run again',
    );
  }
}

// `letters render`: a letter (or --all) written as PDF, HTML, Markdown, text or PNG.
import path from 'node:path';
import { signatoryCount } from '../../core/signing/signatories.js';
import { plural } from '../../core/text/plural.js';
import { LettersError, usageError } from '../../errors.js';
import { formatProblem } from '../../io/terminal/diagnostics.js';
import { displayPath, listLetterFiles, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { outputTarget, stdoutError } from '../../io/files/output.js';
import type { Context } from '../context.js';
import { checkAgreement } from './agreement.js';
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
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
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
  for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
  checkAgreement(ctx, parsed, letterArg, options.final ?? false);
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
  ctx.out(`Wrote ${RenderRun.describe(written)} (${signatoryCount(parsed.letter.signatories.length)})`);
}

/**
 * `letters render --all`: every letter in the folder, in one process (fonts and templates
 * loaded once). A letter that fails is reported and the others go on; the run fails at the end.
 */
async function renderAll(ctx: Context, options: RenderOptions): Promise<void> {
  const settings = resolveSettings({ ...options, output: undefined });
  const dir = await outputFolder(ctx, options.output, '--all');
  const letters = await listLetterFiles(ctx.dir, ctx.cwd);
  if (letters.length === 0) {
    ctx.out(`No letters in ${displayPath(ctx.dir, ctx.cwd)}/ to render`);
    return;
  }
  const run = new RenderRun(ctx, settings);
  let failed = 0;
  let files = 0;
  for (const [i, { slug, file, problem }] of letters.entries()) {
    ctx.progress?.(`Rendering ${i + 1}/${letters.length}: ${slug}`);
    try {
      if (problem) throw problem;
      const parsed = await readLetter(file, ctx.cwd);
      for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
      checkAgreement(ctx, parsed, slug, options.final ?? false);
      const template = await run.template(parsed.letter);
      const document = await run.document(parsed, template);
      const out = path.join(dir, run.fileName(slug));
      files += (await run.write(out, await run.outputs(document, out))).length;
    } catch (err) {
      failed++;
      const problems =
        err instanceof LettersError
          ? err.problems
          : [{ message: `unexpected error: ${err instanceof Error ? err.message : String(err)}`, hint: 'report it, with LETTERS_DEBUG=1' }];
      ctx.progress?.('');
      for (const p of problems) ctx.err(formatProblem(p.location ? p : { ...p, message: `${displayPath(file, ctx.cwd)}: ${p.message}` }));
    }
  }
  ctx.progress?.('');
  const where = dir === ctx.cwd ? '.' : displayPath(dir, ctx.cwd);
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

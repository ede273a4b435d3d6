import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { displayPath, readLetter, resolveLetter } from '../io/letter-files.js';
import { outputTarget, stdoutError } from '../io/output.js';
import { loadFonts } from '../io/fonts.js';
import { packageVersion } from '../io/package-root.js';
import { loadTemplate, templateDirs } from '../io/templates.js';
import { renderLetterPdf } from '../render/render-letter.js';
import { LettersError } from '../errors.js';
import { signatoryCount } from '../core/signatories.js';
import type { Context } from './context.js';

export interface RenderOptions {
  output?: string;
  template?: string;
  /** PDF/A-2b, for archives. */
  pdfa?: boolean;
}

/** `letters render <letter>`: validate, then write the PDF atomically (or to stdout with -o -). */
export async function render(ctx: Context, letterArg: string, options: RenderOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const slug = path.basename(file).replace(/\.ya?ml$/i, '');
  const toStdout = options.output === '-';
  if (options.output !== undefined && !toStdout && (path.resolve(ctx.cwd, options.output) === file || /\.ya?ml$/i.test(options.output))) {
    throw new LettersError('usage', `refusing to write the PDF over ${options.output}`, 'give -o a .pdf file name');
  }
  // Check where the PDF goes before the work of making it.
  const target = toStdout ? undefined : await outputTarget(options.output ?? `${slug}.pdf`, `${slug}.pdf`, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const template = await loadTemplate(options.template ?? parsed.letter.template, templateDirs(ctx.dir), ctx.cwd);
  const pdf = await renderLetterPdf({
    parsed,
    template,
    fonts: loadFonts(),
    creator: `letters ${packageVersion()}`,
    now: ctx.now(),
    pdfa: options.pdfa === true,
  });
  if (target === undefined) {
    await ctx.writeStdout(pdf).catch((err: unknown) => {
      throw stdoutError(err, 'the PDF');
    });
    return;
  }
  const display = displayPath(target, ctx.cwd);
  await writeFileAtomic(target, pdf, { display });
  ctx.out(`Wrote ${display} (${signatoryCount(parsed.letter.signatories.length)})`);
}

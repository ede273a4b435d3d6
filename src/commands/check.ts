import { LettersError, formatProblem } from '../errors.js';
import { displayPath, listLetterFiles, readLetter, resolveLetter, type LetterEntry } from '../io/letter-files.js';
import { loadFonts } from '../io/fonts.js';
import { loadTemplate, templateDirs } from '../io/templates.js';
import { prepareLetter } from '../render/render-letter.js';
import type { Fonts } from '../render/pdf.js';
import { signatoryCount } from '../core/signatories.js';
import type { Context } from './context.js';

/**
 * `letters check [<letter>...]`: everything render would refuse (format, template, characters
 * no font has), for each letter, every problem with file:line:col. Changes nothing.
 */
export async function check(ctx: Context, letterArgs: string[]): Promise<void> {
  const files: Pick<LetterEntry, 'file' | 'problem'>[] =
    letterArgs.length > 0
      ? await Promise.all(letterArgs.map(async (a) => ({ file: await resolveLetter(a, ctx.dir, ctx.cwd) })))
      : await listLetterFiles(ctx.dir, ctx.cwd);
  if (files.length === 0) {
    ctx.out(`No letters in ${displayPath(ctx.dir, ctx.cwd)}/ to check`);
    return;
  }
  let fonts: Fonts | undefined;
  let failed = 0;
  for (const { file, problem } of files) {
    try {
      if (problem) throw problem; // not a regular file, or a slug in two files: not read
      const parsed = await readLetter(file, ctx.cwd);
      const template = await loadTemplate(parsed.letter.template, templateDirs(ctx.dir), ctx.cwd);
      fonts ??= loadFonts();
      prepareLetter({ parsed, template, fonts });
      ctx.out(`ok  ${parsed.file} (${signatoryCount(parsed.letter.signatories.length)})`);
    } catch (err) {
      if (!(err instanceof LettersError)) throw err;
      failed++;
      for (const p of err.problems) {
        const display = displayPath(file, ctx.cwd);
        ctx.err(formatProblem(p.location || p.message.startsWith(display) ? p : { ...p, message: `${display}: ${p.message}` }));
      }
    }
  }
  if (failed > 0) {
    throw new LettersError(
      'invalid-letter',
      `${failed} of ${files.length} ${files.length === 1 ? 'letter has' : 'letters have'} problems`,
      'fix the lines above, then run `letters check` again',
    );
  }
}

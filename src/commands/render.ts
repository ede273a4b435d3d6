import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { displayPath, readLetter, resolveLetter } from '../io/letter-files.js';
import { outputTarget, stdoutError } from '../io/output.js';
import { loadFonts } from '../io/fonts.js';
import { packageVersion } from '../io/package-root.js';
import { loadTemplate, templateDirs } from '../io/templates.js';
import { renderLetterPdf } from '../render/render-letter.js';
import { LettersError, formatProblem } from '../errors.js';
import { signatoryCount } from '../core/signatories.js';
import { textAgreement } from '../core/fingerprint.js';
import type { ParsedLetter } from '../core/schema.js';
import type { Context } from './context.js';
import { warn } from './warnings.js';

export interface RenderOptions {
  output?: string;
  template?: string;
  /** Refuse when someone signed an earlier text. */
  final?: boolean;
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
  for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
  checkAgreement(ctx, parsed, letterArg, options.final ?? false);
  const template = await loadTemplate(options.template ?? parsed.letter.template, templateDirs(ctx.dir), ctx.cwd);
  const pdf = await renderLetterPdf({ parsed, template, fonts: loadFonts(), creator: `letters ${packageVersion()}`, now: ctx.now() });
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

/** Names under words they never saw: a warning, or with --final a refusal. */
function checkAgreement(ctx: Context, parsed: ParsedLetter, letterArg: string, final: boolean): void {
  const { earlier, current } = textAgreement(parsed.letter);
  if (earlier.length === 0) return;
  const names = earlier.slice(0, 10).map((i) => {
    const s = parsed.letter.signatories[i]!;
    return s.organization ?? s.name ?? '';
  });
  const list = `${names.join(', ')}${earlier.length > 10 ? ` and ${earlier.length - 10} more` : ''}`;
  const problem = {
    message: `${earlier.length === 1 ? '1 signatory' : `${earlier.length} signatories`} signed an earlier text than the current one (${current}): ${list}`,
    hint: `see what changed with \`letters diff ${letterArg} --since "${names[0]}"\`, then record their agreement with \`letters sign ${letterArg} --reconfirm --org "…"\``,
    location: parsed.locate(`signatories.${earlier[0]}`),
  };
  if (final)
    throw new LettersError('stale-text', problem.message, `--final renders only a text every signatory agreed to; ${problem.hint}`, {
      location: problem.location,
    });
  warn(ctx, problem);
}

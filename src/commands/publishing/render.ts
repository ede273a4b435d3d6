// `letters render`: a letter (or --all) written as PDF, HTML, Markdown, text or PNG.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { signatoryCount } from '../../core/signing/signatories.js';
import { LettersError, formatProblem, usageError } from '../../errors.js';
import { displayPath, listLetterFiles, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { outputTarget, stdoutError } from '../../io/files/output.js';
import { FORMAT_NAMES, isFormatName, type FormatName } from '../../render/format-names.js';
import { FORMATS, formatOfPath } from '../../render/writers/formats.js';
import type { PageSelection } from '../../render/writers/writer.js';
import type { Context } from '../context.js';
import { Publisher, type PublishSettings } from './outputs.js';
import { textAgreement } from '../../core/letter/fingerprint.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import type { ParsedLetter } from '../../core/read/schema.js';
import { warn } from '../warnings.js';

export interface RenderOptions {
  output?: string;
  template?: string;
  format?: string;
  pages?: string;
  dpi?: string;
  all?: boolean;
  recipients?: string;
  combined?: boolean;
  /** The encoding of a --recipients file without a byte-order mark. */
  encoding?: string;
  /** Refuse when someone signed an earlier text. */
  final?: boolean;
  /** PDF/A-2b, for archives. */
  pdfa?: boolean;
}

const DPI = { default: 96, min: 24, max: 600 };

/** `--format`, or what `-o`'s extension says, or PDF. */
export function resolveFormat(options: RenderOptions): FormatName {
  const output = options.output;
  // A name ending in / is a folder, whatever it looks like.
  const file = output !== undefined && output !== '-' && !/[/\\]$/.test(output) ? output : undefined;
  const fromPath = file === undefined ? undefined : formatOfPath(path.basename(file));
  if (options.format !== undefined) {
    const format = options.format.toLowerCase();
    if (!isFormatName(format)) {
      throw usageError(`--format cannot be "${options.format}"`, `use one of ${FORMAT_NAMES.join(', ')}`);
    }
    if (fromPath !== undefined && fromPath !== format) {
      throw usageError(
        `-o ${output} is a .${fromPath} name but --format is ${format}`,
        `name the file ${FORMATS[format].extension}, or drop --format`,
      );
    }
    return format;
  }
  if (fromPath !== undefined) return fromPath;
  const ext = file === undefined ? undefined : /\.([^./\\]+)$/.exec(path.basename(file))?.[1];
  if (ext !== undefined && !/^ya?ml$/i.test(ext)) {
    throw usageError(
      `cannot tell which format to write from -o ${output}`,
      `name it ${FORMAT_NAMES.map((f) => FORMATS[f].extension)
        .join(', ')
        .replace(/, ([^,]+)$/, ' or $1')}, or add --format`,
    );
  }
  return 'pdf';
}

function resolvePages(value: string | undefined): PageSelection {
  if (value === undefined) return { kind: 'range', from: 1, to: 1 };
  if (value === 'all') return { kind: 'all' };
  const m = /^(\d+)(?:-(\d+))?$/.exec(value);
  const from = Number(m?.[1]);
  const to = m?.[2] === undefined ? from : Number(m[2]);
  if (!m || from < 1 || to < from) throw usageError(`--pages cannot be "${value}"`, 'give a page number (1), a range (1-3) or all');
  return { kind: 'range', from, to };
}

function resolveDpi(value: string | undefined): number {
  if (value === undefined) return DPI.default;
  const dpi = Number(value);
  if (!/^\d+$/.test(value) || dpi < DPI.min || dpi > DPI.max) {
    throw usageError(`--dpi cannot be "${value}"`, `give a whole number from ${DPI.min} to ${DPI.max} (default ${DPI.default})`);
  }
  return dpi;
}

/** Check the flags against each other and turn them into one run's settings. */
export function resolveSettings(options: RenderOptions): PublishSettings {
  const format = resolveFormat(options);
  if (format !== 'png' && (options.pages !== undefined || options.dpi !== undefined)) {
    throw usageError(`${options.pages !== undefined ? '--pages' : '--dpi'} is for PNG previews`, 'add --format png, or drop it');
  }
  if (options.pdfa && format !== 'pdf') {
    throw usageError(`--pdfa is for PDF, not ${FORMATS[format].label}`, 'drop --pdfa, or write a PDF');
  }
  const settings: PublishSettings = { format: FORMATS[format], pages: resolvePages(options.pages), dpi: resolveDpi(options.dpi) };
  if (options.template !== undefined) settings.template = options.template;
  if (options.pdfa) settings.pdfa = true;
  return settings;
}

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
  const slug = Publisher.slugOf(file);
  const toStdout = options.output === '-';
  if (options.output !== undefined && !toStdout && (path.resolve(ctx.cwd, options.output) === file || /\.ya?ml$/i.test(options.output))) {
    throw usageError(`refusing to write the ${format.label} over ${options.output}`, `give -o a ${format.extension} file name`);
  }
  const publisher = new Publisher(ctx, settings);
  // Check where the output goes before the work of making it.
  const target = toStdout ? undefined : await outputTarget(options.output ?? publisher.fileName(slug), publisher.fileName(slug), ctx.cwd);
  if (toStdout && publisher.perPage) {
    throw usageError('several PNG pages cannot go to standard output', 'give -o a file or folder, or --pages with one page');
  }
  const parsed = await readLetter(file, ctx.cwd);
  for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
  checkAgreement(ctx, parsed, letterArg, options.final ?? false);
  const template = await publisher.template(parsed.letter);
  const document = publisher.document(parsed, template);
  const outputs = await publisher.outputs(document);
  if (target === undefined) {
    for (const o of outputs) {
      await ctx.writeStdout(o.bytes).catch((err: unknown) => {
        throw stdoutError(err, `the ${format.label}`, `… -o - > file${format.extension}`);
      });
    }
    return;
  }
  const written = await publisher.write(target, outputs);
  ctx.out(`Wrote ${Publisher.describe(written)} (${signatoryCount(parsed.letter.signatories.length)})`);
}

/**
 * The folder `--all` and a mail merge write into: -o DIR, or here. Like -o for one letter, a
 * missing folder is an error, not created, so a typo does not scatter folders.
 */
export async function outputFolder(ctx: Context, output: string | undefined, flag: string): Promise<string> {
  if (output === '-') throw usageError(`${flag} writes several files, so not to standard output`, 'give -o a folder');
  const dir = path.resolve(ctx.cwd, output ?? '.');
  const stat = await fs.stat(dir).catch(() => undefined);
  if (stat === undefined) {
    const shown = output ?? '.';
    throw new LettersError(
      'not-found',
      `the folder ${shown} does not exist`,
      `create it first (mkdir -p ${shellWord(shown)}), or choose another -o`,
    );
  }
  if (!stat.isDirectory()) {
    throw usageError(`with ${flag}, -o names a folder, and ${displayPath(dir, ctx.cwd)} is a file`, 'give -o a folder');
  }
  return dir;
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
  const publisher = new Publisher(ctx, settings);
  let failed = 0;
  let files = 0;
  for (const [i, { slug, file, problem }] of letters.entries()) {
    ctx.progress?.(`Rendering ${i + 1}/${letters.length}: ${slug}`);
    try {
      if (problem) throw problem;
      const parsed = await readLetter(file, ctx.cwd);
      for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
      checkAgreement(ctx, parsed, slug, options.final ?? false);
      const template = await publisher.template(parsed.letter);
      const document = publisher.document(parsed, template);
      files += (await publisher.write(path.join(dir, publisher.fileName(slug)), await publisher.outputs(document))).length;
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

/** Names under words they never saw: a warning, or with --final a refusal. */
export function checkAgreement(ctx: Context, parsed: ParsedLetter, letterArg: string, final: boolean): void {
  const { earlier, current } = textAgreement(parsed.letter);
  if (earlier.length === 0) return;
  const names = earlier.slice(0, 10).map((i) => {
    const s = parsed.letter.signatories[i]!;
    return s.organization ?? s.name ?? '';
  });
  const list = `${names.join(', ')}${earlier.length > 10 ? ` and ${earlier.length - 10} more` : ''}`;
  const problem = {
    message: `${signatoryCount(earlier.length)} signed an earlier text than the current one (${current}): ${list}`,
    hint: `see what changed with \`letters diff ${shellWord(letterArg)} --since ${shellWord(names[0]!)}\`, then record their agreement with \`letters sign ${shellWord(letterArg)} --reconfirm --org "…"\``,
    location: parsed.locate(`signatories.${earlier[0]}`),
  };
  if (final)
    throw new LettersError('stale-text', problem.message, `--final renders only a text every signatory agreed to; ${problem.hint}`, {
      location: problem.location,
    });
  warn(ctx, problem);
}

// `letters render --recipients FILE.csv`: the mail merge, one letter per row of a sheet, or all in one PDF.
import path from 'node:path';
import { letterFor, recipientSlugs, recipientsFromTable, type MergeRecipient, type Table } from '../../core/sheets/recipients.js';
import { plural } from '../../core/text/plural.js';
import { suggestSlug } from '../../core/edit/scaffold.js';
import { type ParsedLetter, withParts } from '../../core/read/parse-letter.js';
import { InvalidLetterError, LettersError, type Problem, usageError } from '../../errors.js';
import { decodeSheet, readSheet } from '../../io/csv.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import { displayPath, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { outputTarget, stdoutError } from '../../io/files/output.js';
import { refuseForeign } from '../../io/files/output-files.js';
import type { LetterDocument } from '../../render/document/document.js';
import { documentsPdf } from '../../render/pdf/render-pdf.js';
import type { Context } from '../context.js';
import { progress } from '../warnings.js';
import { checkAgreement, warnPending } from './agreement.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import { RenderRun } from './render-run.js';
import { outputFolder, resolveSettings, type RenderOptions } from './render-settings.js';

/**
 * `letters render <letter> --recipients FILE.csv`: one letter per row, each with that row's
 * recipient block and salutation, `{{recipient.…}}` filled in. Every row is checked before
 * anything is written; `--combined` puts them all in one PDF.
 */
export async function mailMerge(ctx: Context, letterArg: string, options: RenderOptions): Promise<void> {
  if (options.recipients === undefined) {
    throw usageError(`${options.combined ? '--combined' : '--encoding'} is for a mail merge`, 'add --recipients FILE.csv');
  }
  const combined = options.combined === true;
  const settings = resolveSettings(combined ? options : { ...options, output: undefined });
  if (combined && settings.format.name !== 'pdf') {
    throw usageError(`--combined makes one PDF, not ${settings.format.label}`, 'drop --format, or drop --combined');
  }
  // Every flag is checked before anything is read or any warning printed: decoding no bytes
  // checks the --encoding name alone, with the words the sheet reader uses.
  if (options.encoding !== undefined) decodeSheet(new Uint8Array(0), options.recipients, { encoding: options.encoding });
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const slug = RenderRun.slugOf(file);
  const run = new RenderRun(ctx, settings);
  const target = combined
    ? options.output === '-'
      ? undefined
      : await outputTarget(options.output ?? `${slug}-combined.pdf`, `${slug}-combined.pdf`, ctx.cwd)
    : await outputFolder(ctx, options.output, '--recipients');
  const parsed = await readLetter(file, ctx.cwd);
  const { recipients, unused, table } = await readRecipientsSheet(ctx, options.recipients, options.encoding, parsed.letter.lang);
  // Warnings come once the sheet is known to be readable, so a refusal is never buried under them.
  checkAgreement(ctx, await readLetterVersions(parsed, file, ctx.cwd), letterArg, options.final ?? false);
  warnPending(ctx, parsed, letterArg);
  if (unused.length > 0)
    ctx.err(
      `letters: ${table.file}: not used: ${unused.map((u) => `"${u}"`).join(', ')} — see docs/formats.md, "Mail merge", for the columns read`,
    );
  const template = await run.template(parsed.letter);

  // Every row is checked (fields, {{recipient.…}}, characters no font has) before any file is written.
  const documents: LetterDocument[] = [];
  const all: Problem[] = [];
  const checking = progress(ctx, 'Checking recipients', recipients.length);
  for (const [i, to] of recipients.entries()) {
    checking.update(i + 1, to.recipient.name);
    const row = rowLetter(parsed, to);
    all.push(...row.problems);
    if (row.parsed === undefined) continue;
    try {
      documents.push(await run.document(row.parsed, template));
    } catch (err) {
      if (!(err instanceof InvalidLetterError)) throw err;
      all.push(...err.problems);
    }
  }
  checking.end();
  if (all.length > 0) throw new InvalidLetterError(dedupe(all));
  const answer = (files: string[]): void => {
    if (options.json) {
      ctx.outJson({ letter: parsed.file, format: settings.format.name, combined, recipients: recipients.length, files });
    }
  };

  if (combined) {
    const pdf = await documentsPdf(documents, run.loadFonts(), run.creator, ctx.now(), run.settings.pdfa === true);
    if (target === undefined) {
      await ctx.writeStdout(pdf).catch((err: unknown) => {
        throw stdoutError(err, 'the PDF');
      });
      return;
    }
    await refuseForeign(target, settings.format, pdf, ctx.cwd, settings.force);
    const display = displayPath(target, ctx.cwd);
    await writeFileAtomic(target, pdf, { display });
    answer([display]);
    ctx.out(`Wrote ${display} (${plural(documents.length, 'letter')})`);
    return;
  }

  const names = recipientSlugs(recipients, suggestSlug).map((r) => path.join(target!, run.fileName(`${slug}-${r}`)));
  // Refuse before writing any: an existing file must be an earlier output (render/writers/formats.ts).
  const early = settings.format.needsFonts ? undefined : await Promise.all(documents.map((d, i) => run.outputs(d, names[i])));
  for (const [i, name] of names.entries()) {
    for (const p of run.files(name, early?.[i] ?? [{ bytes: Buffer.alloc(0) }])) {
      await refuseForeign(p.file, settings.format, p.output.bytes, ctx.cwd, settings.force);
    }
  }
  const written: string[] = [];
  const writing = progress(ctx, 'Writing', documents.length);
  let done = 0;
  // Written one at a time, in order; the next letter is drawn while the last one's bytes go to
  // the disk (its fsyncs), and is written only once that one is in.
  let inFlight: Promise<void> = Promise.resolve();
  run.deferFolderFlush();
  try {
    for (const [i, document] of documents.entries()) {
      const outputs = early?.[i] ?? (await run.outputs(document, names[i]));
      await inFlight;
      writing.update(i + 1, path.basename(names[i]!));
      inFlight = run.write(names[i]!, outputs).then((files) => {
        written.push(...files);
        done++;
      });
      // Its failure is met at the next await of it; not an unhandled rejection meanwhile.
      inFlight.catch(() => undefined);
    }
    await inFlight;
    await run.flushFolders();
  } catch (err) {
    // A letter that failed to draw waits for the one being written, so the count below is true;
    // those written are flushed to the disk before they are said to be there.
    await inFlight.catch(() => undefined);
    await run.flushFolders().catch(() => undefined);
    writing.end();
    // Stopped halfway (a full disk): say what is there and what is not, then why.
    if (done > 0) {
      ctx.err(
        `letters: the mail merge stopped after ${done} of ${plural(documents.length, 'letter')}: wrote ${RenderRun.describe(written)}; the other ${documents.length - done} were not written — fix the error below and run it again (it replaces the letters it wrote)`,
      );
    }
    throw err;
  }
  writing.end();
  answer(written);
  ctx.out(`Wrote ${RenderRun.describe(written)} for ${plural(recipients.length, 'recipient')}`);
}

/**
 * The recipients of a mail merge from a CSV file, read strictly: a stray quote or a shifted row
 * would address a letter wrongly, so the file is refused. Every row's problem, at its cell.
 */
export async function readRecipientsSheet(
  ctx: Context,
  csv: string,
  encoding: string | undefined,
  lang: string,
): Promise<{ table: Table & { headerLine: number }; recipients: MergeRecipient[]; unused: string[] }> {
  const table = await readSheet(path.resolve(ctx.cwd, csv), ctx.cwd, { strict: true, ...(encoding === undefined ? {} : { encoding }) });
  const { recipients, problems, unused } = recipientsFromTable(table, lang);
  if (problems.length > 0) throw new InvalidLetterError(problems);
  if (recipients.length === 0) {
    throw new LettersError('invalid-letter', `${table.file} has no rows below its header`, 'add one row per recipient', {
      location: { file: table.file, line: table.headerLine + 1, col: 1 },
    });
  }
  return { table, recipients, unused };
}

/** The letter as one row's recipient gets it: their block and salutation, `{{recipient.…}}` filled, problems at their cells. */
export function rowLetter(parsed: ParsedLetter, to: MergeRecipient): { parsed?: ParsedLetter; problems: Problem[] } {
  const locate = locator(parsed.locate, to);
  const filled = letterFor(parsed.letter, to, locate, (field) => to.cells.get(field));
  if (filled.problems.length > 0) return { problems: filled.problems };
  // Filled once, here: the document (render/prepare.ts) must not read the row's values again.
  return { parsed: withParts(parsed, { letter: filled.letter, locate, recipientsFilled: true }), problems: [] };
}

/** Problems about the recipient block and salutation point at the CSV cell they came from. */
function locator(letterLocate: ParsedLetter['locate'], to: MergeRecipient): ParsedLetter['locate'] {
  return (p, within) => {
    const field = p === 'salutation' ? 'salutation' : /^recipient\.(\w+)/.exec(p)?.[1];
    const cell = field === undefined ? undefined : to.cells.get(field);
    return cell ?? (field !== undefined ? { file: to.cells.get('name')!.file, line: to.line, col: 1 } : letterLocate(p, within));
  };
}

/** The same problem in the letter's own text is reported once, not once per row. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.location?.file}:${p.location?.line}:${p.location?.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

//! `letters export <letter>`: the signatories for delivery, as CSV that Excel opens (UTF-8 with
//! a byte-order mark, CRLF; no cell runs as a formula) or as JSON. Private fields only when asked
//! for. With --pending, the review sheet instead: the entries pending review, to decide in a
//! spreadsheet and take back with `letters import --update` (core/sheets/review-sheet.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SIGNATORY_FIELDS } from '../../core/letter/fields.js';
import { csvCell as cell } from '../../core/sheets/formula-cells.js';
import type { Signatory } from '../../core/letter/letter.js';
import { reviewSheetCsv } from '../../core/sheets/review-sheet.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { LettersError } from '../../errors.js';
import { displayPath, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import { outputTarget, stdoutError } from '../../io/files/output.js';
import type { Context } from '../context.js';
import { detail } from '../warnings.js';
import { JSON_SCHEMA_VERSION } from '../../io/terminal/output.js';
import { visibleJson } from '../../io/terminal/visible.js';

export interface ExportOptions {
  output?: string;
  private?: boolean;
  /** The review sheet of the entries pending review, instead of the signatories. */
  pending?: boolean;
  json?: boolean;
  force?: boolean;
}

const BOM = '\ufeff';

/** The columns: every field of the table in its order, by its label; private ones only when asked. */
export function exportColumns(withPrivate: boolean) {
  return SIGNATORY_FIELDS.filter((f) => withPrivate || f.use !== 'private');
}

/** The CSV text of an export: a fixed header, one row per signatory, CRLF, with a BOM. */
export function exportCsv(signatories: readonly Signatory[], withPrivate: boolean): string {
  const columns = exportColumns(withPrivate);
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const s of signatories) lines.push(columns.map((c) => cell(s[c.name])).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** True when the file is absent or an earlier export (its header), so writing over it loses nothing else. */
async function replaceable(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r').catch(() => undefined);
  if (!handle) return true;
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, 64, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    // An earlier CSV, a JSON export (the document, or the bare list of letters 0.1).
    // An earlier CSV or review sheet, a JSON export (the document, or the bare list of letters 0.1).
    return (
      head.startsWith(`${BOM}Organization,Name,`) ||
      head.startsWith(`${BOM}Decision,Reason,`) ||
      head.startsWith('[') ||
      /^\{\s*"schemaVersion"/.test(head)
    );
  } finally {
    await handle.close();
  }
}

/** `letters export <letter> [-o FILE] [--private] [--json]`. */
export async function exportLetter(ctx: Context, letterArg: string, options: ExportOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const { letter, file: shown } = await readLetter(file, ctx.cwd);
  const withPrivate = options.private ?? false;
  const review = options.pending ?? false;
  if (review && (options.json || withPrivate)) {
    throw new LettersError(
      'usage',
      `--pending writes the review sheet, a CSV that holds the private fields always, so ${options.json ? '--json' : '--private'} goes without it`,
      options.json ? `list the pending entries as JSON with letters review ${shellWord(letterArg)} --json` : 'leave out --private',
    );
  }
  const csv = (): string => (review ? reviewSheetCsv(letter) : exportCsv(letter.signatories, withPrivate));
  const columns = exportColumns(withPrivate);
  const signatories = letter.signatories.map((s) =>
    Object.fromEntries(columns.filter((c) => s[c.name] !== undefined).map((c) => [c.name, s[c.name]])),
  );
  const toStdout = options.output === undefined || options.output === '-';
  const result = { letter: shown, private: withPrivate, count: signatories.length };
  if (options.json && toStdout) {
    // The document --json prints, through the one output path (with its envelope and diagnostics).
    ctx.outJson({ ...result, output: null, signatories });
    return;
  }
  if (toStdout) {
    await ctx.writeStdout(Buffer.from(csv(), 'utf8')).catch((err: unknown) => {
      throw stdoutError(err, 'the CSV', '… > signatories.csv');
    });
    return;
  }
  let target = path.resolve(ctx.cwd, options.output!);
  // A folder (a name ending in /, or one that exists) gets <slug>-signatories.csv inside it,
  // as render puts <slug>.pdf there; a folder that does not exist is an error, not created.
  const named = options.output!;
  if (named.endsWith('/') || named.endsWith(path.sep) || (await fs.stat(target).catch(() => undefined))?.isDirectory()) {
    const slug = path.basename(file).replace(/\.ya?ml$/i, '');
    target = await outputTarget(named, `${slug}-signatories.${options.json ? 'json' : 'csv'}`, ctx.cwd);
  }
  const display = displayPath(target, ctx.cwd);
  if (target === file || /\.ya?ml$/i.test(target)) {
    throw new LettersError('usage', `refusing to write the export over ${display}`, 'give -o a .csv (or .json) file name');
  }
  const stat = await fs.stat(target).catch(() => undefined);
  if (stat?.isDirectory()) throw new LettersError('usage', `${display} is a folder`, 'give -o a file name, such as signatories.csv');
  if (stat && !options.force && !(await replaceable(target))) {
    throw new LettersError('exists', `${display} exists and is not an earlier export`, 'choose another -o, or add --force to replace it');
  }
  // A JSON export is the document `export --json` prints to stdout, so one schema describes both.
  const text = options.json
    ? `${visibleJson({ schemaVersion: JSON_SCHEMA_VERSION, command: 'export', ok: true, ...result, output: null, signatories, diagnostics: [] })}\n`
    : csv();
  await writeFileAtomic(target, text, { display });
  detail(ctx, `wrote ${display} (${Buffer.byteLength(text)} bytes)`);
  if (review) {
    const pending = letter.pending?.length ?? 0;
    ctx.out(
      pending === 0
        ? `Wrote ${display} (nothing is pending review: the sheet has its headings only)`
        : `Wrote ${display} (${plural(pending, 'entry', 'entries')} pending review, with e-mail addresses: keep it to yourself). Write approve, reject (a reason beside it) or keep in Decision, correct a cell if need be, then: letters import ${shellWord(letterArg)} ${shellWord(options.output!)} --update`,
    );
    return;
  }
  if (options.json) ctx.outJson({ ...result, output: display });
  ctx.out(`Wrote ${display} (${signatoryCount(letter.signatories.length)}${withPrivate ? ', with private fields' : ''})`);
}

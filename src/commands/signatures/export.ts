//! `letters export <letter>`: the signatories for delivery, as CSV that Excel opens (UTF-8 with
//! a byte-order mark, CRLF; no cell runs as a formula) or as JSON. Private fields only when asked for.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SIGNATORY_FIELDS } from '../../core/letter/fields.js';
import { guardFormula } from '../../core/sheets/formula-cells.js';
import type { Signatory } from '../../core/letter/letter.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { LettersError } from '../../errors.js';
import { displayPath, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import { stdoutError } from '../../io/files/output.js';
import type { Context } from '../context.js';
import { detail } from '../warnings.js';
import { JSON_SCHEMA_VERSION } from '../../io/terminal/output.js';
import { visibleJson } from '../../io/terminal/visible.js';

export interface ExportOptions {
  output?: string;
  private?: boolean;
  json?: boolean;
  force?: boolean;
}

const BOM = '\ufeff';

/**
 * A cell: kept from running as a formula (`'` in front of = + - @ tab CR), then quoted when it
 * holds a separator, a quote, a line break or edge spaces (RFC 4180).
 */
function cell(value: string | boolean | undefined): string {
  if (value === undefined) return '';
  // A block scalar's final line break is YAML layout, not part of the value; a no-break space is.
  const text = typeof value === 'string' ? guardFormula(value.replace(/[ \t\n\r]+$/, '')) : String(value);
  return /[",;\r\n\t]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
    return head.startsWith(`${BOM}Organization,Name,`) || head.startsWith('[') || /^\{\s*"schemaVersion"/.test(head);
  } finally {
    await handle.close();
  }
}

/** `letters export <letter> [-o FILE] [--private] [--json]`. */
export async function exportLetter(ctx: Context, letterArg: string, options: ExportOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const { letter, file: shown } = await readLetter(file, ctx.cwd);
  const withPrivate = options.private ?? false;
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
    await ctx.writeStdout(Buffer.from(exportCsv(letter.signatories, withPrivate), 'utf8')).catch((err: unknown) => {
      throw stdoutError(err, 'the CSV', '… > signatories.csv');
    });
    return;
  }
  const target = path.resolve(ctx.cwd, options.output!);
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
    : exportCsv(letter.signatories, withPrivate);
  await writeFileAtomic(target, text, { display });
  detail(ctx, `wrote ${display} (${Buffer.byteLength(text)} bytes)`);
  if (options.json) ctx.outJson({ ...result, output: display });
  ctx.out(`Wrote ${display} (${signatoryCount(letter.signatories.length)}${withPrivate ? ', with private fields' : ''})`);
}

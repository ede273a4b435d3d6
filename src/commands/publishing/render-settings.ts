// `letters render`'s flags resolved into one run's settings (format, pages, dpi, output folder), for render and the mail merge alike.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError, usageError } from '../../errors.js';
import { displayPath } from '../../io/files/letter-files.js';
import { FORMAT_NAMES, isFormatName, type FormatName } from '../../render/format-names.js';
import { FORMATS, formatOfPath, type OutputFormat } from '../../render/writers/formats.js';
import type { PageSelection } from '../../render/writers/writer.js';
import type { Context } from '../context.js';

/** The flags of `letters render`, as commander parses them (cli.ts checks that the keys match). */
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
  /** One translation (its language), every language (one file each), or two languages in one document. */
  lang?: string;
  allLangs?: boolean;
  bilingual?: string;
  /** Replace an existing file at the target even when letters did not write it. */
  force?: boolean;
  json?: boolean;
}

/** One render run's settings, resolved from the flags: the same for every letter it writes. */
export interface RenderSettings {
  format: OutputFormat;
  pages: PageSelection;
  dpi: number;
  /** --template: overrides each letter's own. */
  template?: string;
  /** --pdfa: PDF/A-2b (PDF only). */
  pdfa?: boolean;
  /** --force: replace files letters did not write. */
  force?: boolean;
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
export function resolveSettings(options: RenderOptions): RenderSettings {
  const format = resolveFormat(options);
  if (format !== 'png' && (options.pages !== undefined || options.dpi !== undefined)) {
    throw usageError(`${options.pages !== undefined ? '--pages' : '--dpi'} is for PNG previews`, 'add --format png, or drop it');
  }
  if (options.pdfa && format !== 'pdf') {
    throw usageError(`--pdfa is for PDF, not ${FORMATS[format].label}`, 'drop --pdfa, or write a PDF');
  }
  const settings: RenderSettings = { format: FORMATS[format], pages: resolvePages(options.pages), dpi: resolveDpi(options.dpi) };
  if (options.template !== undefined) settings.template = options.template;
  if (options.pdfa) settings.pdfa = true;
  if (options.force) settings.force = true;
  return settings;
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

//! The edge where CSV files come in: the one reader of `render --recipients` (the mail merge)
//! and `letters import` (sign-up sheets). Files as spreadsheets and form services export them:
//! UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode text") or an encoding
//! named with --encoding; comma, semicolon (Excel in much of Europe, or its `sep=;` line) or
//! tab separated; CRLF, LF or CR line ends; quoted cells with separators, quotes and line
//! breaks; empty lines and a trailing one. Every problem is located `file:line:col`, the column
//! counted in characters, as an editor counts it.
import { trimAscii } from '../core/text/characters.js';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { InvalidLetterError, LettersError, type SourceLocation } from '../errors.js';
import { readBounded } from './files/bounded-read.js';
import { displayPath } from './files/letter-files.js';

export interface SheetRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  number: number;
  /** The line of the file the row starts on (a quoted cell may span lines). */
  line: number;
  cells: string[];
  /** Byte offsets of the row in the UTF-8 text, for locating its cells. */
  start: number;
  end: number;
}

export interface SheetTable {
  /** The file as it is named to the user. */
  file: string;
  encoding: string;
  delimiter: string;
  header: string[];
  headerLine: number;
  rows: SheetRow[];
  /** Where a cell starts (column 0-based): `file:line:col`, the column counted in characters. */
  locate(row: SheetRow | 'header', column: number): SourceLocation;
}

export interface SheetOptions {
  /** An encoding label (windows-1252, latin1, utf-16le …) for files without a byte-order mark. */
  encoding?: string;
  /**
   * Refuse the whole file for a stray quote or a row with more cells than the header (the
   * mail merge: every letter must be right). Otherwise a quote is read as typed and such rows
   * are returned, for the caller to report row by row (`letters import`).
   */
  strict?: boolean;
}

function invalid(message: string, hint: string, location: SourceLocation): LettersError {
  return new LettersError('invalid-csv', message, hint, { location });
}

/**
 * Text from the file's bytes. A byte-order mark says the encoding (Excel's "Unicode text" is
 * UTF-16 with one); without one the text must be UTF-8 unless `encoding` names another:
 * decoding leniently would put U+FFFD into names. A named encoding is looked up as browsers
 * do (latin1 and ascii are windows-1252) and decoded with its real table (iconv-lite): Node 20's
 * decoder reads 0x80–0x9F of windows-1252 as control characters, not as € ’ “ ” – Š œ.
 */
export function decodeSheet(bytes: Uint8Array, file: string, options: SheetOptions = {}): { text: string; encoding: string } {
  const b = bytes;
  let encoding = options.encoding?.toLowerCase();
  let skip = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) [encoding, skip] = ['utf-8', 3];
  else if (b[0] === 0xff && b[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (b[0] === 0xfe && b[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  else if (encoding === undefined && b.length >= 4 && b[1] === 0 && b[3] === 0 && b[0] !== 0) encoding = 'utf-16le';
  const guessed = encoding === undefined;
  encoding ??= 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new LettersError(
      'usage',
      `--encoding ${options.encoding}: not an encoding letters knows`,
      'use utf-8, utf-16le, windows-1252 or latin1',
    );
  }
  const body = b.subarray(skip);
  const name = guessed ? 'UTF-8 or UTF-16' : decoder.encoding.replace(/^utf-/, 'UTF-');
  const notText = (line: number, col: number, what: string): LettersError =>
    invalid(
      `${file} is not ${name} text${what}`,
      guessed
        ? 'save it as "CSV UTF-8" from the spreadsheet, or name its encoding with --encoding windows-1252'
        : 'save it as "CSV UTF-8" from the spreadsheet, or give --encoding the encoding it was saved in',
      { file, line, col },
    );
  if (!decoder.encoding.startsWith('utf-') && iconv.encodingExists(decoder.encoding)) {
    const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), decoder.encoding, { stripBOM: false });
    // A byte the table has no character for (0x81, 0x8D, 0x8F, 0x90 and 0x9D in windows-1252).
    const bad = text.indexOf('\ufffd');
    if (bad === -1) return { text, encoding: decoder.encoding };
    const lineStart = text.lastIndexOf('\n', bad) + 1;
    const line = [...text.slice(0, lineStart).matchAll(/\n/g)].length + 1;
    const col = [...text.slice(lineStart, bad)].length + 1;
    // One character a byte (windows-1252 and its kin): the byte can be named.
    const byte =
      text.length === body.length
        ? `: byte 0x${body[bad]!.toString(16).toUpperCase().padStart(2, '0')} here is no character in ${decoder.encoding}`
        : '';
    throw notText(line, col, byte);
  }
  try {
    return { text: decoder.decode(body), encoding: decoder.encoding };
  } catch {
    const lineOf = (): number => {
      // The first line that does not decode, so the user can find the stray byte.
      let line = 1;
      let start = skip;
      for (let i = skip; i <= b.length; i++) {
        if (i === b.length || b[i] === 0x0a) {
          try {
            new TextDecoder(encoding, { fatal: true }).decode(b.subarray(start, i));
          } catch {
            return line;
          }
          line++;
          start = i + 1;
        }
      }
      return 1;
    };
    throw notText(lineOf(), 1, '');
  }
}

/** The separator the first line uses most, outside quotes: comma, semicolon or tab. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** The separator: Excel's `sep=;` line when there is one, else the most frequent of , ; and tab outside quotes on the first line. */
function sniff(text: string): { delimiter: string; skipLine: boolean } {
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep) return { delimiter: sep[1]!, skipLine: true };
  return { delimiter: detectDelimiter(text), skipLine: false };
}

/** What csv-parse's errors about quotes mean, for the person fixing the sheet. */
const QUOTE_PROBLEMS: Record<string, [string, string]> = {
  CSV_QUOTE_NOT_CLOSED: ['a quoted field is never closed', 'add the missing closing " in the sheet, or export the CSV again'],
  CSV_INVALID_CLOSING_QUOTE: ['a quote inside a quoted field is not doubled', 'write it twice (""), or export the CSV again'],
  INVALID_OPENING_QUOTE: [
    'a quote inside a field that is not quoted',
    'put the field in quotes and write the quote twice ("Say ""hi"""), or export the CSV again',
  ],
};

/**
 * Parse CSV text into a header and rows, each row knowing where it starts. Empty lines, and
 * lines of spaces, are no rows. `options.encoding` is what the text was decoded from, as reported.
 */
export function parseSheet(input: string, file: string, options: SheetOptions = {}): SheetTable {
  const strict = options.strict ?? false;
  // A file with only carriage returns (old Mac line ends) is read as if they were line feeds.
  const text = !input.includes('\n') && input.includes('\r') ? input.replace(/\r/g, '\n') : input;
  const { delimiter, skipLine } = sniff(text);
  const utf8 = Buffer.from(text, 'utf8');
  const lineStarts: number[] = [0];
  for (let i = 0; i < utf8.length; i++) if (utf8[i] === 0x0a) lineStarts.push(i + 1);
  const lineOf = (byte: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= byte) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const at = (byte: number): SourceLocation => {
    const line = lineOf(byte);
    const col = [...utf8.subarray(lineStarts[line - 1]!, byte).toString('utf8')].length + 1;
    return { file, line, col };
  };
  // Skipped empty lines sit between the previous record and the next one.
  const rowStart = (from: number): number => {
    let start = from;
    while (start < utf8.length && (utf8[start] === 0x0a || utf8[start] === 0x0d)) start++;
    return start;
  };

  const records: { cells: string[]; start: number; end: number }[] = [];
  let previousEnd = skipLine ? (lineStarts[1] ?? utf8.length) : 0;
  try {
    parse(utf8, {
      delimiter,
      from_line: skipLine ? 2 : 1,
      relax_column_count: true,
      relax_quotes: !strict,
      skip_empty_lines: true,
      on_record: (record: string[], context: { bytes: number }) => {
        const start = rowStart(previousEnd);
        previousEnd = context.bytes;
        if (!(record.length === 1 && record[0]!.trim() === '')) records.push({ cells: record, start, end: context.bytes });
        return null;
      },
    });
  } catch (err) {
    const e = err as { code?: string; column?: number; lines?: number };
    const known = e.code === undefined ? undefined : QUOTE_PROBLEMS[e.code];
    if (known) {
      // At the start of the field the quote belongs to, in the row being read.
      const start = rowStart(previousEnd);
      throw invalid(known[0], known[1], at(start + cellOffset(utf8.subarray(start), e.column ?? 0, delimiter)));
    }
    throw invalid(
      `the file cannot be read as CSV: ${err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err)}`,
      'export it again from the spreadsheet as CSV',
      { file, line: e.lines ?? 1, col: 1 },
    );
  }
  const head = records.shift();
  if (head === undefined) {
    throw invalid(`${file} is empty: it has no header row`, 'export the sheet with its first row naming the columns', {
      file,
      line: 1,
      col: 1,
    });
  }
  if (head.cells.every((c) => c.trim() === '')) {
    throw invalid(
      'the first row is empty, so the file has no header row',
      'the first row must name the columns (Name, Organization …)',
      at(head.start),
    );
  }
  const header = head.cells.map((c) => c.trim());
  const rows: SheetRow[] = records.map((r, i) => ({ number: i + 2, line: lineOf(r.start), cells: r.cells, start: r.start, end: r.end }));

  const table: SheetTable = {
    file,
    encoding: options.encoding ?? 'utf-8',
    delimiter,
    header,
    headerLine: lineOf(head.start),
    rows,
    locate(row, column) {
      const r = row === 'header' ? head : row;
      return at(r.start + cellOffset(utf8.subarray(r.start, r.end), column, delimiter));
    },
  };
  if (strict) {
    const problems = rows.flatMap((row) => {
      const extra = extraCell(table, row);
      return extra === undefined ? [] : [{ message: extra.message, hint: extra.hint, location: table.locate(row, extra.column) }];
    });
    if (problems.length > 0) throw new InvalidLetterError(problems);
  }
  return table;
}

/**
 * The first value in a row beyond the header's columns, and what to say of it: a shifted row
 * (a separator in an unquoted cell, a missing heading), never dropped silently.
 */
export function extraCell(table: SheetTable, row: SheetRow): { column: number; message: string; hint: string } | undefined {
  // A column with an empty heading (a header ending in a separator) is no column either: a
  // shifted row's last value lands there.
  const named = (col: number): boolean => col < table.header.length && trimAscii(table.header[col]!) !== '';
  const column = row.cells.findIndex((c, col) => !named(col) && trimAscii(c) !== '');
  if (column === -1) return undefined;
  const columns = table.header.filter((_, col) => named(col)).length;
  return {
    column,
    message:
      column < table.header.length
        ? `a value in column ${column + 1}, which has no heading`
        : `a value in column ${column + 1}, beyond the ${columns === 1 ? 'one column' : `${columns} columns`} the header names`,
    hint: 'check for a separator inside an unquoted cell, or add a heading for that column',
  };
}

/** Byte offset of cell `column` within a row's bytes, skipping quoted separators. */
function cellOffset(row: Buffer, column: number, delimiter: string): number {
  const sep = delimiter.charCodeAt(0);
  let cell = 0;
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    if (cell === column) return i;
    const b = row[i]!;
    if (b === 0x22) quoted = !quoted;
    else if (b === sep && !quoted) cell++;
  }
  return cell === column ? row.length : 0;
}

/**
 * The largest sheet read: a sign-up form's export of 10,000 rows is about 1.5 MiB, and a
 * sheet this size takes seconds to read; far larger is not a sheet of signatures or addresses.
 */
export const MAX_SHEET_BYTES = 16 * 1024 * 1024;

/** Read, decode and parse a CSV file: a regular file (never a pipe or a device) of at most MAX_SHEET_BYTES. */
export async function readSheet(file: string, cwd: string, options: SheetOptions = {}): Promise<SheetTable> {
  const display = displayPath(file, cwd);
  const bytes = await readBounded(file, {
    display,
    limit: MAX_SHEET_BYTES,
    what: 'a CSV file',
    sizeHint: 'a sign-up sheet of 10,000 rows is about 1.5 MiB',
    missing: () => new LettersError('not-found', `no file at ${display}`, 'check the path of the CSV file'),
    code: 'invalid-csv',
  });
  const { text, encoding } = decodeSheet(bytes, display, options);
  return parseSheet(text, display, { ...options, encoding });
}

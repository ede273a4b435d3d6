import { promises as fs } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InvalidLetterError, LettersError, type SourceLocation } from '../errors.js';
import { TextDecoder } from 'node:util';
import { displayPath } from './letter-files.js';

/*
 * CSV files as spreadsheets and form services export them: UTF-8 with or without a BOM,
 * UTF-16 with a BOM (Excel's "Unicode text"), comma, semicolon (Excel in much of Europe) or
 * tab separated, CRLF or LF, quoted fields with commas and line breaks, a trailing empty line.
 */

export interface CsvRow {
  /** The line the record starts on (1-based), for `file:line:col`. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  /** As shown in messages. */
  file: string;
  header: string[];
  rows: CsvRow[];
}

/** Where a cell is: `file:line:col`, col being the column's number (1-based). */
export function cellLocation(table: CsvTable, row: CsvRow | undefined, column: number): SourceLocation {
  return { file: table.file, line: row?.line ?? 1, col: column + 1 };
}

/** Bytes to text by their byte-order mark; without one, UTF-8 or nothing. */
export function decodeCsv(bytes: Buffer, display: string): string {
  const at = (i: number): number | undefined => bytes[i];
  try {
    if (at(0) === 0xff && at(1) === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (at(0) === 0xfe && at(1) === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new LettersError('invalid-letter', `${display} is not UTF-8 or UTF-16 text`, 'save it as "CSV UTF-8" from your spreadsheet', {
      location: { file: display, line: 1, col: 1 },
    });
  }
}

/** The separator the header line uses most, outside quotes: comma, semicolon or tab. */
export function detectDelimiter(text: string): string {
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

/** Parse CSV text: a header row, then records; every row as long as the header. */
export function parseCsv(text: string, display: string): CsvTable {
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { code?: string; lines?: number; column?: number; message?: string };
    const what =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed'
        : e.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quote inside a quoted field is not doubled'
          : (e.message ?? 'the CSV reader failed').replace(/ at line \d+.*$/, '');
    throw new InvalidLetterError([
      {
        message: `${what}`,
        hint: 'fix the quotes in the spreadsheet, or export the CSV again',
        location: { file: display, line: e.lines ?? 1, col: (e.column ?? 0) + 1 },
      },
    ]);
  }
  const rows: CsvRow[] = [];
  let line = 1;
  for (const { record, info } of records) {
    const start = line;
    line = info.lines + 1;
    if (record.length === 1 && record[0]!.trim() === '') continue; // an empty line
    rows.push({ line: start, cells: record });
  }
  const head = rows.shift();
  if (head === undefined) {
    throw new InvalidLetterError([
      { message: `${display} is empty`, hint: 'export the sheet with its header row', location: { file: display, line: 1, col: 1 } },
    ]);
  }
  const header = head.cells.map((c) => c.trim());
  const problems = rows
    .filter((r) => r.cells.length > header.length && r.cells.slice(header.length).some((c) => c.trim() !== ''))
    .map((r) => ({
      message: `row has ${r.cells.length} cells but the header has ${header.length} columns`,
      hint: 'put quotes around a value that contains the separator, or add a header for the extra column',
      location: { file: display, line: r.line, col: header.length + 1 },
    }));
  if (problems.length > 0) throw new InvalidLetterError(problems);
  return { file: display, header, rows };
}

/** Read and parse a CSV file. */
export async function readCsv(file: string, cwd: string): Promise<CsvTable> {
  const display = displayPath(file, cwd);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' || code === 'EISDIR'
      ? new LettersError('not-found', `no CSV file at ${display}`, 'check the path given to --recipients')
      : new LettersError('io', `cannot read ${display}: ${(err as Error).message}`, 'check the file permissions');
  }
  return parseCsv(decodeCsv(bytes, display), display);
}

/*
 * `letters import`'s reader of sign-up sheets: the same files, read leniently enough to report
 * every bad row at its cell instead of refusing the file — the encoding named when there is
 * no byte-order mark (--encoding), Excel's `sep=` line, each row's first line and its cells'
 * columns in characters, rows with extra cells returned for the import to report.
 */

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
}

function invalid(message: string, hint: string, location?: SourceLocation): LettersError {
  return new LettersError('invalid-csv', message, hint, location ? { location } : {});
}

/**
 * Text from the file's bytes. A byte-order mark says the encoding (Excel's "Unicode text" is
 * UTF-16 with one); without one the text must be UTF-8 unless `encoding` names another:
 * decoding leniently would put U+FFFD into names.
 */
export function decodeSheet(bytes: Uint8Array, file: string, options: SheetOptions = {}): { text: string; encoding: string } {
  const b = bytes;
  let encoding = options.encoding?.toLowerCase();
  let skip = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) [encoding, skip] = ['utf-8', 3];
  else if (b[0] === 0xff && b[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (b[0] === 0xfe && b[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  else if (encoding === undefined && b.length >= 4 && b[1] === 0 && b[3] === 0 && b[0] !== 0) encoding = 'utf-16le';
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
  try {
    return { text: decoder.decode(b.subarray(skip)), encoding: decoder.encoding };
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
    throw invalid(
      `the file is not ${decoder.encoding === 'utf-8' ? 'UTF-8' : decoder.encoding} text`,
      'save it from the spreadsheet as "CSV UTF-8", or name its encoding with --encoding windows-1252',
      { file, line: lineOf(), col: 1 },
    );
  }
}

/** The separator: Excel's `sep=;` line when there is one, else the most frequent of , ; and tab outside quotes on the first line. */
function sniff(text: string): { delimiter: string; skipLine: boolean } {
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep) return { delimiter: sep[1]!, skipLine: true };
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
  let delimiter = ',';
  for (const [d, n] of counts) if (n > counts.get(delimiter)!) delimiter = d;
  return { delimiter, skipLine: false };
}

/** Parse CSV text into a header and rows, each row knowing where it starts. */
export function parseSheet(input: string, file: string, encoding = 'utf-8'): SheetTable {
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

  const records: { cells: string[]; start: number; end: number }[] = [];
  let previousEnd = skipLine ? (lineStarts[1] ?? utf8.length) : 0;
  try {
    parse(utf8, {
      delimiter,
      from_line: skipLine ? 2 : 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: { bytes: number }) => {
        let start = previousEnd;
        // Skipped empty lines sit between the previous record and this one.
        while (start < context.bytes && (utf8[start] === 0x0a || utf8[start] === 0x0d)) start++;
        records.push({ cells: record, start, end: context.bytes });
        previousEnd = context.bytes;
        return null;
      },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      let start = previousEnd;
      while (start < utf8.length && (utf8[start] === 0x0a || utf8[start] === 0x0d)) start++;
      throw invalid('a quoted cell in the row starting here is never closed', 'add the missing closing " in the sheet', at(start));
    }
    const lines = (err as { lines?: number }).lines;
    throw invalid(
      `the file cannot be read as CSV: ${err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err)}`,
      'export it again from the spreadsheet as CSV',
      { file, line: lines ?? 1, col: 1 },
    );
  }
  const head = records.shift();
  if (head === undefined || head.cells.every((c) => c.trim() === '')) {
    throw invalid('the file has no header row', 'the first row must name the columns (Organization, Name, Email …)', {
      file,
      line: 1,
      col: 1,
    });
  }
  const header = head.cells.map((c) => c.trim());
  const rows: SheetRow[] = records.map((r, i) => ({ number: i + 2, line: lineOf(r.start), cells: r.cells, start: r.start, end: r.end }));

  return {
    file,
    encoding,
    delimiter,
    header,
    headerLine: lineOf(head.start),
    rows,
    locate(row, column) {
      const r = row === 'header' ? head : row;
      return at(r.start + cellOffset(utf8.subarray(r.start, r.end), column, delimiter));
    },
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

/** Read and parse a CSV file. */
export async function readSheet(file: string, cwd: string, options: SheetOptions = {}): Promise<SheetTable> {
  const display = displayPath(file, cwd);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new LettersError('not-found', `no file at ${display}`, 'check the path of the CSV file');
    if (code === 'EISDIR') throw new LettersError('not-found', `${display} is a folder, not a CSV file`, 'give the path of the CSV file');
    throw new LettersError(
      'io',
      `cannot read ${display}: ${err instanceof Error ? err.message : String(err)}`,
      'check the file permissions',
    );
  }
  const { text, encoding } = decodeSheet(bytes, display, options);
  return parseSheet(text, display, encoding);
}

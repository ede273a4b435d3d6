import { promises as fs } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InvalidLetterError, LettersError, type SourceLocation } from '../errors.js';
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

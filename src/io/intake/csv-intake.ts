//! The CSV intake: a sign-up sheet as io/csv.ts reads it (encodings, separators, quoted cells),
//! with each row named and sourced as a spreadsheet shows it.
import path from 'node:path';
import { plural } from '../../core/text/plural.js';
import { readSheet } from '../csv.js';
import type { IntakeTable } from './intake.js';

/** A sheet of sign-ups: "utf-8, comma-separated, 12 rows"; a row is "row 4 (line 4)", kept as "responses.csv row 4". */
export async function readCsvIntake(file: string, cwd: string, encoding: string | undefined): Promise<IntakeTable> {
  const table = await readSheet(file, cwd, encoding === undefined ? {} : { encoding });
  const d = table.delimiter;
  const separator = d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : `"${d}"`;
  const name = path.basename(table.file);
  return {
    ...table,
    kind: 'csv',
    summary: `${table.encoding}, ${separator}-separated, ${plural(table.rows.length, 'row')}`,
    rowLabel: (row) => `row ${row.number} (line ${row.line})`,
    rowSource: (row) => `${name} row ${row.number}`,
  };
}

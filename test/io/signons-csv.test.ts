import { describe, expect, test } from 'vitest';
import { decodeSheet as decodeCsv, parseSheet as parseCsv } from '../../src/io/csv.js';
import { LettersError } from '../../src/errors.js';

const rowsOf = (text: string): string[][] => parseCsv(text, 'f.csv').rows.map((r) => r.cells);

function csvError(run: () => unknown): LettersError {
  try {
    run();
  } catch (err) {
    if (err instanceof LettersError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('reading CSV exports', () => {
  test('quotes, separators and line breaks inside cells, CRLF, a trailing empty line', () => {
    const t = parseCsv('Name,Organization\r\n"Roe, Jane","Acme ""Water"" Co"\r\n"Two\r\nlines",X\r\n\r\n', 'f.csv');
    expect(t.delimiter).toBe(',');
    expect(t.header).toEqual(['Name', 'Organization']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['Roe, Jane', 'Acme "Water" Co'],
      ['Two\r\nlines', 'X'],
    ]);
    expect(t.rows.map((r) => [r.number, r.line])).toEqual([
      [2, 2],
      [3, 3],
    ]);
  });

  test('semicolons, tabs and the sep= line Excel writes', () => {
    expect(parseCsv('Nom;Organisation\nDupont;"A;B"\n', 'f.csv').rows[0]!.cells).toEqual(['Dupont', 'A;B']);
    expect(parseCsv('Name\tOrg\nA, B\tC\n', 'f.csv').rows[0]!.cells).toEqual(['A, B', 'C']);
    const sep = parseCsv('sep=;\nName;Org\nA,B;C\n', 'f.csv');
    expect([sep.header, sep.rows[0]!.cells, sep.rows[0]!.line]).toEqual([['Name', 'Org'], ['A,B', 'C'], 3]);
  });

  test('a row after a cell with a line break starts on its own line; cells are located by character', () => {
    const t = parseCsv('Name,Email\n"a\nb",x\nZoë Ł,"bad"\n', 'f.csv');
    expect(t.rows[1]!.line).toBe(4);
    expect(t.locate(t.rows[1]!, 1)).toEqual({ file: 'f.csv', line: 4, col: 7 });
    expect(t.locate(t.rows[0]!, 1)).toEqual({ file: 'f.csv', line: 3, col: 4 });
    expect(t.locate('header', 1)).toEqual({ file: 'f.csv', line: 1, col: 6 });
  });

  test('UTF-8 with a BOM, UTF-16 from Excel (little- and big-endian), another encoding by name', () => {
    const bom = decodeCsv(Buffer.from('\ufeffName\nZoë\n', 'utf8'), 'f.csv');
    expect(bom.text).toBe('Name\nZoë\n');
    const le = decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tOrg\nZoë\tÉcole\n', 'utf16le')]), 'f.csv');
    expect([le.encoding, rowsOf(le.text)]).toEqual(['utf-16le', [['Zoë', 'École']]]);
    const beBytes = Buffer.from('Name\nŁukasz\n', 'utf16le').swap16();
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), beBytes]), 'f.csv').text).toBe('Name\nŁukasz\n');
    expect(decodeCsv(Buffer.from('Name\nJos\xe9\n', 'latin1'), 'f.csv', { encoding: 'windows-1252' }).text).toBe('Name\nJosé\n');
  });

  test('bytes that are not UTF-8 are refused at their line, naming the way out', () => {
    const err = csvError(() => decodeCsv(Buffer.from('Name\nAna\nJos\xe9\n', 'latin1'), 'f.csv'));
    expect(err.location).toEqual({ file: 'f.csv', line: 3, col: 1 });
    expect(err.hint).toMatch(/--encoding windows-1252/);
  });

  test('an unclosed quote is located where it opens', () => {
    const err = csvError(() => parseCsv('Name,Org\nA,B\nC,"open\nD,E\n', 'f.csv'));
    expect(err.code).toBe('invalid-csv');
    expect(err.location).toEqual({ file: 'f.csv', line: 3, col: 3 });
  });

  test('a file with no header is refused', () => {
    expect(csvError(() => parseCsv('\n\n', 'f.csv')).message).toMatch(/no header/);
  });
});

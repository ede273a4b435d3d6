import { describe, expect, test } from 'vitest';
import { LettersError } from '../../src/errors.js';
import { formatProblem } from '../../src/io/terminal/diagnostics.js';
import { decodeSheet, parseSheet } from '../../src/io/csv.js';

/** As the mail merge reads its file: strictly. */
const read = (bytes: Buffer) => parseSheet(decodeSheet(bytes, 'r.csv').text, 'r.csv', { strict: true });
const delimiter = (text: string) => parseSheet(text, 'r.csv').delimiter;
const rows = (bytes: Buffer) => {
  const t = read(bytes);
  return { header: t.header, rows: t.rows.map((r) => [r.line, ...r.cells]) };
};

describe('CSV as spreadsheets export it', () => {
  const expected = {
    header: ['Name', 'Organization'],
    rows: [
      [2, 'Agnès Moreau', 'Ministère, Paris'],
      [3, 'Jan Nowak', 'Line one\nline two'],
    ],
  };
  const text = 'Name,Organization\r\nAgnès Moreau,"Ministère, Paris"\r\nJan Nowak,"Line one\nline two"\r\n\r\n';

  test('UTF-8 with CRLF, quoted commas and newlines, a trailing empty line', () => {
    expect(rows(Buffer.from(text))).toEqual(expected);
  });

  test('UTF-8 with a byte-order mark', () => {
    expect(rows(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(expected);
  });

  test('UTF-16 little- and big-endian with a byte-order mark (Excel)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(rows(le)).toEqual(expected);
    const be = Buffer.from(le);
    be.swap16();
    expect(rows(be)).toEqual(expected);
  });

  test('semicolon- and tab-separated', () => {
    expect(delimiter('Name;Organization;"a,b"\n')).toBe(';');
    expect(delimiter('Name\tOrganization\n')).toBe('\t');
    expect(rows(Buffer.from(text.replace(/,(?=[A-Z"])/g, ';').replace('Ministère; Paris', 'Ministère, Paris')))).toEqual(expected);
  });

  test('a line number counts the lines of an earlier quoted newline', () => {
    const t = read(Buffer.from('Name\n"a\nb"\n\nc\n'));
    expect(t.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  const problem = (bytes: Buffer): string => {
    try {
      read(bytes);
    } catch (err) {
      if (err instanceof LettersError) return err.problems.map(formatProblem).join('\n');
      throw err;
    }
    return 'no problem';
  };

  test('broken files are problems at file:line:col', () => {
    expect(problem(Buffer.from('Name,Org\na,"b\n'))).toMatch(/^letters: r\.csv:2:3: a quoted field is never closed — /);
    expect(problem(Buffer.from('Name,Org\na,b,c\n'))).toBe(
      'letters: r.csv:2:5: a value in column 3, beyond the 2 columns the header names — check for a separator inside an unquoted cell, or add a heading for that column',
    );
    expect(problem(Buffer.from([0x4e, 0x61, 0xe9, 0x0a]))).toMatch(
      /^letters: r\.csv:1:1: r\.csv is not UTF-8 or UTF-16 text — save it as "CSV UTF-8"/,
    );
    expect(problem(Buffer.from('\n\n'))).toMatch(/r\.csv is empty/);
    expect(problem(Buffer.from('\n\n'))).toBe(
      'letters: r.csv:1:1: r.csv is empty: it has no header row — export the sheet with its first row naming the columns',
    );
  });
});

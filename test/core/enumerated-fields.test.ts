// The letter's enumerated fields are one table (ENUMERATED_FIELDS): the reader reads each with
// choice() from it, and a read from the cache makes each value the code's literal again from it.
// A field read with choice() that is not in the table would be missed by the cache's path.
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ENUMERATED_FIELDS, type Letter } from '../../src/core/letter/letter.js';
import { readForStore, readLetterSource, readStored } from '../../src/core/read/parse-letter.js';
import { Reader } from '../../src/core/read/reader.js';

const LETTER = 'title: T\nrecipient:\n  name: R\nsignatories:\n  - organization: Acme\n';
const table = Object.entries(ENUMERATED_FIELDS) as [keyof Letter, { field: string; values: readonly string[] }][];

afterEach(() => vi.restoreAllMocks());

describe('enumerated fields, one table', () => {
  test('every field the reader reads with choice() is in the table, with the table’s values', () => {
    const spy = vi.spyOn(Reader.prototype, 'choice');
    // choice() is asked for every enumerated field, written or not: a plain letter reaches them all.
    expect(readLetterSource(LETTER, 'a.yaml').problems).toEqual([]);
    const read = spy.mock.calls.map(([, field, , values]) => ({ field, values }));
    expect(read.length).toBeGreaterThan(0);
    for (const { field, values } of read) {
      const entry = table.find(([, e]) => e.field === field);
      expect(entry, `"${field}" is read with choice() but is not in ENUMERATED_FIELDS`).toBeDefined();
      expect(values).toBe(entry![1].values);
    }
    // And the table holds nothing the reader does not read that way, but numbered (true or per-group).
    expect(table.map(([, e]) => e.field).filter((f) => !read.some((r) => r.field === f))).toEqual(['numbered']);
  });

  test.each(table)('%s: each of its values reads back, from the file and from a stored read', (key, { field, values }) => {
    for (const value of values) {
      const written = key === 'numbered' ? (value === 'across' ? 'true' : value) : value;
      const source = `${LETTER}${field}: ${written}\n`;
      const direct = readLetterSource(source, 'a.yaml');
      expect(direct.problems).toEqual([]);
      expect(direct.parsed?.letter[key]).toBe(value);
      // As the cache gives it back: deserialized, its strings made anew.
      const { stored } = readForStore(source, 'a.yaml');
      const again = readStored(source, 'a.yaml', deserialize(serialize(stored)));
      expect(again.parsed?.letter).toStrictEqual(direct.parsed?.letter);
    }
  });

  test.each(table.filter(([key]) => key !== 'numbered'))(
    '%s: a value not in the table is refused, naming the table’s values',
    (_key, { field, values }) => {
      const read = readLetterSource(`${LETTER}${field}: nonsense\n`, 'a.yaml');
      expect(read.problems.map((p) => p.message)).toContain(`"${field}" cannot be "nonsense"`);
      expect(read.problems.find((p) => p.message.startsWith(`"${field}"`))?.hint).toContain(`use one of ${values.join(', ')}`);
    },
  );
});

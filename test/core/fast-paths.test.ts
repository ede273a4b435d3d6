// The shortcuts a 10,000-row import takes (ASCII first, one test before several, a few entries
// re-read at a time) give the answers of the long way, on generated text that reaches their edges.
import { parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { editSignatories, yamlScalar } from '../../src/core/edit/letter-edits.js';
import { SIGNATORY_FIELDS } from '../../src/core/letter/fields.js';
import { matchKey } from '../../src/core/letter/identity.js';
import type { Signatory } from '../../src/core/letter/letter.js';
import { isIsoDate } from '../../src/core/letter/values.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { isFieldHeading, normalizeHeader } from '../../src/core/sheets/columns.js';
import { timestampDay } from '../../src/core/sheets/timestamps.js';
import { junkFlags } from '../../src/core/signing/junk.js';
import { hasNothingVisible, trimAscii } from '../../src/core/text/characters.js';
import { INVISIBLE } from '../../src/core/text/glyphs.js';
import { seeded as random } from '../helpers/random.js';

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).concat(['\t', '\n', '\r', '\v', '\f', '\u0000', '\u007f']);
const WIDE = [
  ...'éÉßẞΣσςİıﬁ½ŁłØæœ（）＿－—–‐',
  '\u00ad',
  '\u200b',
  '\u200e',
  '\u2066',
  '\ufe0f',
  '\ufeff',
  '\u00a0',
  '\u0301',
  'ℹ',
  '💧',
  '©',
  '李',
  'ا',
];

function strings(seed: number, count: number, pool: readonly string[], maxLength = 14): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * maxLength) }, () => pool[Math.floor(next() * pool.length)]).join(''),
  );
}

/** matchKey the long way, as it was before its ASCII shortcut and its memory. */
function matchKeyLong(text: string): string {
  const letters = text.replace(INVISIBLE, '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const key = letters
    .replace(/\p{Pd}/gu, ' ')
    .replace(/\p{P}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return key === '' ? letters.replace(/\s+/gu, ' ').trim() : key;
}

function normalizeHeaderLong(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const headingKeyLong = (heading: string): string => normalizeHeaderLong(heading.replace(/\([^)]*\)/g, ' '));

/** Every heading letters knows for a field, as written and as a form might write it. */
const HEADINGS = SIGNATORY_FIELDS.flatMap((f) => [f.name, f.label, ...('columns' in f ? f.columns : [])]);
const VARIANTS = HEADINGS.flatMap((h) => [
  h,
  h.toUpperCase(),
  `${h}:`,
  `${h} (required)`,
  `  ${h}  `,
  h.replace(/ /g, '-'),
  h.replace(/ /g, '\u00ad'),
  h.replace(/s/g, 'ß'),
  h.replace(/a/g, 'á'),
  `Your ${h}`,
]);

describe('keys: the ASCII shortcut and the memory give the key of the long way', () => {
  const texts = [
    ...strings(1, 4000, ASCII),
    ...strings(2, 3000, [...ASCII, ...WIDE]),
    ...VARIANTS,
    '---',
    ' - ',
    '',
    '  ',
    '"',
    'A.C.L.U.',
    'Jean-Pierre',
  ];

  test(`matchKey of ${texts.length} texts, twice (the second time from memory)`, () => {
    for (const t of texts) expect(matchKey(t), JSON.stringify(t)).toBe(matchKeyLong(t));
    for (const t of texts) expect(matchKey(t), JSON.stringify(t)).toBe(matchKeyLong(t));
  });

  test(`normalizeHeader of ${texts.length} texts`, () => {
    for (const t of texts) expect(normalizeHeader(t), JSON.stringify(t)).toBe(normalizeHeaderLong(t));
  });

  test('isFieldHeading told the match key answers as without it, for every heading and its variants and for random text', () => {
    let headings = 0;
    for (const t of texts) {
      const known = isFieldHeading(t);
      if (known) headings++;
      expect(isFieldHeading(t, matchKey(t)), JSON.stringify(t)).toBe(known);
    }
    // The variants are mostly headings: the comparison is not between two nos.
    expect(headings).toBeGreaterThan(HEADINGS.length * 3);
    expect(headingKeyLong('Full name (required)')).toBe('full name');
  });
});

describe('characters: the shortcuts of trimAscii and hasNothingVisible', () => {
  const texts = [...strings(3, 4000, [' ', '\t', '\n', '\r', 'a', 'Z', '5', '.', ...WIDE], 8), '', ' ', '\u00a0', '\u200b', ' a ', 'a'];
  test('trimAscii', () => {
    for (const t of texts) expect(trimAscii(t), JSON.stringify(t)).toBe(t.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''));
  });
  test('hasNothingVisible', () => {
    for (const t of texts)
      expect(hasNothingVisible(t), JSON.stringify(t)).toBe(t !== '' && /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u.test(t));
  });
});

describe('dates: remembered and read form by form', () => {
  test('isIsoDate asked twice answers alike, real days only', () => {
    for (const d of ['2026-02-29', '2024-02-29', '2026-13-01', '2026-03-02', '2026-3-2', 'x']) {
      const first = isIsoDate(d);
      expect(isIsoDate(d)).toBe(first);
    }
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });
  test('timestampDay reads each form, the first that fits', () => {
    expect(timestampDay('2026-03-02 10:00:00', undefined)).toBe('2026-03-02');
    expect(timestampDay('02.03.2026 10:00', undefined)).toBe('2026-03-02');
    expect(timestampDay('03/02/2026', 'mdy')).toBe('2026-03-02');
    expect(timestampDay('03/02/2026', undefined)).toBeUndefined();
  });
});

describe('yamlScalar: the ASCII shortcut writes what reads back as itself', () => {
  test('random ASCII and wider values read back exactly under YAML 1.2 and 1.1', () => {
    const values = [
      ...strings(
        4,
        3000,
        ASCII.filter((c) => c >= ' ' && c <= '~'),
      ),
      ...strings(5, 1000, [...ASCII, ...WIDE]),
      'yes',
      'No',
      'null',
      'Y',
      'Org ',
      'e2',
      'E-10',
      'e+22',
    ];
    for (const v of values) {
      for (const version of ['1.2', '1.1'] as const) {
        const doc = parseDocument(`k: ${yamlScalar(v)}\n`, { version });
        expect(doc.errors, JSON.stringify(v)).toEqual([]);
        expect(doc.get('k'), JSON.stringify(v)).toBe(v);
      }
    }
  });
});

describe('junk flags: one test of ordinary text before the others', () => {
  const ctx = { questions: [], isFieldHeading: () => false, describeRow: (r: number) => `row ${r + 1}` };
  const letter = parseLetter('title: T\nrecipient:\n  name: R\n', 'l.yaml').letter;
  const rulesOf = (s: Signatory) => (junkFlags(letter, [{ row: 0, signatory: s }], ctx).get(0) ?? []).map((f) => `${f.rule}:${f.field}`);

  test.each<[Signatory, string[]]>([
    [{ organization: 'Info ℹ Centre' }, ['symbols:organization']],
    [{ organization: 'Café Zoë (Lyon) & Co' }, []],
    [{ organization: 'Org 1', name: 'Call 0049 30 1234567' }, ['phone-number:name']],
    [{ organization: 'Mixed Case Org', name: 'Ana Lima' }, []],
    [{ organization: 'ÉCOLE DES ARTS ET MÉTIERS', name: 'ÉMILE ZOLA' }, ['capitals:name', 'capitals:organization']],
    [{ organization: 'friends of the sea', name: 'ana lima' }, ['lower-case:name', 'lower-case:organization']],
    [{ organization: 'Org 2', name: 'Jane@Example.org' }, ['email-address:name']],
    [{ organization: 'Org 3', name: 'Visit shop.io' }, ['web-address:name']],
  ])('%j', (s, rules) => {
    expect(rulesOf(s).sort()).toEqual([...rules].sort());
  });
});

describe('the re-read of many appended entries, a few at a time', () => {
  const letter = 'title: T\nrecipient:\n  name: R\nsignatories:\n  - organization: First\n';
  const entries = (n: number): Signatory[] =>
    Array.from({ length: n }, (_, i) => ({ organization: `Org ${i + 1}`, name: `Person ${i + 1}` }));

  test('45 entries appended, CRLF kept, every one read back', () => {
    const crlf = letter.replace(/\n/g, '\r\n');
    const text = editSignatories(parseLetter(crlf, 'l.yaml'), { action: 'append-all', signatories: entries(45) });
    expect(text.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
    expect(parseLetter(text, 'l.yaml').letter.signatories).toHaveLength(46);
  });

  test('one standing twice among them, in different pieces, is refused as one read would refuse it; a letter that allows repeats takes it', () => {
    const list = entries(45);
    list[40] = { organization: 'Org 3' };
    expect(() => editSignatories(parseLetter(letter, 'l.yaml'), { action: 'append-all', signatories: list })).toThrow(/cannot edit safely/);
    const allowing = parseLetter(`allow_repeats: true\n${letter}`, 'l.yaml');
    expect(parseLetter(editSignatories(allowing, { action: 'append-all', signatories: list }), 'l.yaml').letter.signatories).toHaveLength(
      46,
    );
  });

  test('into an empty list and into a letter without one', () => {
    for (const start of [
      'title: T\nrecipient:\n  name: R\nsignatories:\n',
      'title: T\nrecipient:\n  name: R\n',
      'title: T\nrecipient:\n  name: R\nsignatories: []\n',
    ]) {
      const text = editSignatories(parseLetter(start, 'l.yaml'), { action: 'append-all', signatories: entries(61) });
      expect(parseLetter(text, 'l.yaml').letter.signatories.map((s) => s.organization)).toEqual(entries(61).map((s) => s.organization));
    }
  });
});

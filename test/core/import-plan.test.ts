import { describe, expect, test } from 'vitest';
import { mapColumns, parseMapOptions, rowValues } from '../../src/core/sheets/columns.js';
import { planImport, type PlanOptions } from '../../src/core/signing/import-plan.js';
import { admission } from '../../src/core/signing/signing-rules.js';
import type { Letter, Signatory } from '../../src/core/letter/letter.js';
import { orgKeys, similarPairs } from '../../src/core/signing/similar.js';
import { evidentOrder, timestampDay } from '../../src/core/sheets/timestamps.js';
import { LettersError } from '../../src/errors.js';

const letter = (signatories: Signatory[], extra: Partial<Letter> = {}): Letter => ({
  title: 'T',
  lang: 'en',
  status: 'open',
  template: 'formal',
  paper: 'letter',
  recipients: [{ name: 'R', address: [] }],
  cc: [],
  issues: [],
  groups: [],
  order: 'as-signed',
  signatories,
  ...extra,
});

const options: PlanOptions = { today: '2026-03-02', text: 'abcdef12', late: false, allowSimilar: false };

function mapped(header: string[], map: string[] = []): Record<string, string[]> {
  const m = mapColumns(header, parseMapOptions(map));
  const out: Record<string, string[]> = {};
  for (const [field, cols] of m.fields) out[field] = cols.map((c) => header[c]!);
  out['(unused)'] = m.unused.map((c) => header[c]!);
  return out;
}

describe('column headings', () => {
  test.each([
    [
      ['Timestamp', 'Organization name', 'Full name', 'Job title', 'Email Address', 'Country', 'Anything else?'],
      {
        signed: ['Timestamp'],
        organization: ['Organization name'],
        name: ['Full name'],
        title: ['Job title'],
        email: ['Email Address'],
        country: ['Country'],
        '(unused)': ['Anything else?'],
      },
    ],
    [
      ['Horodateur', 'ORGANISATION', 'Prénom', 'Nom', 'Fonction', 'Adresse e-mail', 'Pays'],
      {
        signed: ['Horodateur'],
        organization: ['ORGANISATION'],
        name: ['Prénom', 'Nom'],
        title: ['Fonction'],
        email: ['Adresse e-mail'],
        country: ['Pays'],
        '(unused)': [],
      },
    ],
    [
      ['Zeitstempel', 'Organisation', 'Vorname', 'Name', 'Land', 'E-Mail'],
      {
        signed: ['Zeitstempel'],
        organization: ['Organisation'],
        name: ['Vorname', 'Name'],
        country: ['Land'],
        email: ['E-Mail'],
        '(unused)': [],
      },
    ],
    [
      ['Marca temporal', 'Organización', 'Nombre', 'Apellidos', 'Cargo', 'País', 'Grupo'],
      {
        signed: ['Marca temporal'],
        organization: ['Organización'],
        name: ['Nombre', 'Apellidos'],
        title: ['Cargo'],
        country: ['País'],
        group: ['Grupo'],
        '(unused)': [],
      },
    ],
    [
      ['first name', 'LAST NAME', 'Affiliation (for identification only)'],
      { name: ['first name', 'LAST NAME'], affiliation: ['Affiliation (for identification only)'], '(unused)': [] },
    ],
  ])('%j', (header, expected) => {
    expect(mapped(header)).toEqual(expected);
  });

  test('--map names a column the headings would not; the column it replaces is not used twice', () => {
    expect(mapped(['Your organisation name here', 'Signatory', 'Organization'], ['organization=your organisation name here'])).toEqual({
      organization: ['Your organisation name here'],
      name: ['Signatory'],
      '(unused)': ['Organization'],
    });
  });

  test('two columns for one field, a --map without =, or to a column that is not there, are refused', () => {
    // Never a column dropped silently: the second is listed as unread, for the command to refuse or ask about.
    expect(mapColumns(['Name', 'Full name']).unread).toEqual([{ column: 1, target: 'name', instead: 0 }]);
    expect(() => parseMapOptions(['organization'])).toThrow(/not field=Column/);
    expect(() => parseMapOptions(['text=X'])).toThrow(/not a field letters imports/);
    expect(() => mapColumns(['A'], parseMapOptions(['name=B']))).toThrow(/no column "B"/);
  });

  test('a row joins a split name and drops empty cells', () => {
    const m = mapColumns(['Prénom', 'Nom', 'Organisation']);
    expect(rowValues([' Zoë ', 'Dupont', ''], m)).toEqual({ name: 'Zoë Dupont' });
  });
});

describe('timestamps', () => {
  test.each([
    ['2026-03-02 14:23:11', undefined, '2026-03-02'],
    ['2026-03-02T23:59:00Z', undefined, '2026-03-02'],
    ['02.03.2026 14:23', undefined, '2026-03-02'],
    ['3/2/2026 14:23:11', 'mdy', '2026-03-02'],
    ['02/03/2026 14:23:11', 'dmy', '2026-03-02'],
    ['2/3/26', 'dmy', '2026-03-02'],
    ['31/02/2026', 'dmy', undefined],
    ['3/2/2026', undefined, undefined],
    ['yesterday', 'dmy', undefined],
  ] as const)('%s (%s) → %s', (value, order, day) => {
    expect(timestampDay(value, order)).toBe(day);
  });

  test('a 13 or more tells the order; both ways at once is reported', () => {
    expect(evidentOrder(['3/2/2026', '25/2/2026'])).toBe('dmy');
    expect(evidentOrder(['3/2/2026', '2/25/2026'])).toBe('mdy');
    expect(evidentOrder(['3/2/2026'])).toBeUndefined();
    expect(evidentOrder(['13/2/2026', '2/13/2026'])).toBe('both');
  });
});

describe('probable duplicates', () => {
  test.each([
    ['Electronic Frontier Foundation (EFF)', 'EFF'],
    ['Electronic Frontier Foundation (EFF)', 'The Electronic Frontier Foundation, Inc.'],
    ['EFF', 'The Electronic Frontier Foundation, Inc.'],
    ['Friends & Partners e.V.', 'Friends and Partners'],
    ['Red Solidaria A.C.', 'Red Solidaria'],
    ['Fundación Tierra S.L.', 'Fundacion Tierra'],
    ['Stiftung Wasser gGmbH', 'Stiftung Wasser'],
    ['Ligue des droits asbl', 'Ligue des Droits'],
    ['Water Rights Ltd', 'Water-Rights'],
  ])('%s ~ %s', (a, b) => {
    expect(similarPairs([{ organization: a }, { organization: b }])).toHaveLength(1);
  });

  test.each([
    ['Electronic Frontier Foundation (EFF)', 'Electronic Freedom Forum (EFF)'],
    ['Amnesty International', 'Amnesty International USA'],
    ['The Ltd', 'The Inc'],
    ['Eff', 'Electronic Frontier Foundation'],
  ])('%s is not %s', (a, b) => {
    expect(similarPairs([{ organization: a }, { organization: b }])).toEqual([]);
  });

  test('an exact repeat is not a probable one (the identity rule refuses it), and individuals compare names in any order', () => {
    expect(similarPairs([{ organization: 'Oxfam' }, { organization: 'OXFAM' }])).toEqual([]);
    expect(similarPairs([{ name: 'Dr. Jane Roe' }, { name: 'Roe, Jane' }])).toHaveLength(1);
    expect(orgKeys('The Ltd')).toMatchObject({ name: 'ltd' });
  });
});

describe('planning an import', () => {
  const existing = letter([
    { organization: 'Human Rights Watch', signed: '2026-03-01' },
    { organization: 'Electronic Frontier Foundation (EFF)' },
  ]);

  test('adds, exact repeats of the letter and of an earlier row, probable ones, invalid and blank rows, each with its row', () => {
    const plan = planImport(
      existing,
      [
        { organization: 'Acme', name: ' Jane  Roe ', signed: '2026-03-01 10:00' },
        { organization: 'HUMAN RIGHTS WATCH' },
        { organization: 'acme' },
        { organization: 'EFF' },
        { name: 'No Org', email: 'not an address' },
        { title: 'Director' },
        {},
      ],
      options,
    );
    expect(plan.add).toEqual([
      { row: 0, pending: false, flags: [], signatory: { organization: 'Acme', name: 'Jane Roe', signed: '2026-03-01', text: 'abcdef12' } },
    ]);
    expect(plan.duplicates).toEqual([
      { row: 1, of: { kind: 'letter', index: 0 }, field: 'organization' },
      { row: 2, of: { kind: 'row', row: 0 }, field: 'organization' },
    ]);
    expect(plan.similar).toEqual([{ row: 3, of: { kind: 'letter', index: 1 }, reason: 'acronym', added: false, held: true }]);
    expect(plan.invalid.map((p) => [p.row, p.field, p.message])).toEqual([
      [4, 'email', 'Email is not an e-mail address: "not an address"'],
      [5, undefined, 'the row has neither an organization nor a name'],
    ]);
    expect(plan.blank).toEqual([6]);
  });

  test('with --allow-similar probable repeats are added, each reported against what it resembles', () => {
    const plan = planImport(existing, [{ organization: 'EFF' }, { organization: 'EFF Inc.' }], { ...options, allowSimilar: true });
    expect(plan.add.map((a) => a.signatory.organization)).toEqual(['EFF', 'EFF Inc.']);
    expect(plan.duplicates).toEqual([]);
    expect(plan.similar.map((s) => [s.row, s.of])).toEqual([
      [0, { kind: 'letter', index: 1 }],
      [1, { kind: 'row', row: 0 }],
    ]);
  });

  test('a notes cell keeps its lines; a control character is refused; dates need an order', () => {
    const plan = planImport(
      letter([]),
      [{ name: 'A', notes: 'line one\r\nline two  ' }, { name: 'B\u0007' }, { name: 'C', signed: '3/2/2026' }],
      options,
    );
    expect(plan.add[0]!.signatory.notes).toBe('line one\nline two');
    expect(plan.invalid.map((p) => [p.row, p.field])).toEqual([
      [1, 'name'],
      [2, 'signed'],
    ]);
  });

  test('rows signed after the deadline are invalid unless --late, which marks them', () => {
    const l = letter([], { deadline: '2026-03-01' });
    const rows = [
      { name: 'On time', signed: '2026-03-01' },
      { name: 'Late', signed: '2026-03-02' },
    ];
    expect(planImport(l, rows, options).invalid.map((p) => [p.row, p.message])).toEqual([
      [1, 'signed 2026-03-02, after the deadline 2026-03-01'],
    ]);
    expect(planImport(l, rows, { ...options, late: true }).add.map((a) => a.signatory)).toEqual([
      { name: 'On time', signed: '2026-03-01', text: 'abcdef12' },
      { name: 'Late', signed: '2026-03-02', text: 'abcdef12', late: true },
    ]);
  });

  test('admission: a closed letter never; after the deadline only with --late', () => {
    const code = (run: () => unknown): string => {
      try {
        run();
        return 'ok';
      } catch (err) {
        return err instanceof LettersError ? err.code : 'other';
      }
    };
    expect(code(() => admission(letter([], { status: 'closed' }), '2026-03-02', true))).toBe('closed');
    expect(code(() => admission(letter([], { deadline: '2026-03-01' }), '2026-03-02', false))).toBe('deadline');
    expect(code(() => admission(letter([], { deadline: '2026-03-01' }), '2026-03-01', false))).toBe('ok');
    expect(code(() => admission(letter([], { deadline: '2026-03-01' }), '2026-03-02', true))).toBe('ok');
  });

  test('10,000 rows against 10,000 signatories plan in linear time (a quadratic plan takes minutes)', () => {
    const big = letter(Array.from({ length: 10_000 }, (_, i) => ({ organization: `Existing Organization ${i}` })));
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ organization: `New Organization ${i}`, name: `Person ${i}` }));
    const started = performance.now();
    const plan = planImport(big, rows, options);
    expect(plan.add).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('writing 10,000 values fast', () => {
  test('a value written plain without a YAML reading still reads back as the same text in YAML 1.1 and 1.2', async () => {
    const { parseDocument } = await import('yaml');
    const { yamlScalar } = await import('../../src/core/edit/letter-edits.js');
    const values = [
      'Human Rights Watch',
      'Jean-François Dubois',
      'Yes',
      'No',
      'on',
      'Null',
      'Acme, Inc.',
      "O'Brien & Sons",
      'Y',
      'Off',
      'NaN',
    ];
    for (const v of values) {
      for (const version of ['1.1', '1.2'] as const) {
        const doc = parseDocument(`k: ${yamlScalar(v)}\n`, { version });
        expect((doc.contents as { get(k: string): unknown }).get('k'), `${v} (YAML ${version})`).toBe(v);
      }
    }
  });
});

import { describe, expect, test } from 'vitest';
import { scaffoldLetter } from '../../src/core/edit/scaffold.js';
import { textFingerprint } from '../../src/core/letter/fingerprint.js';
import type { Letter, Signatory } from '../../src/core/letter/letter.js';
import { parseLetter, readLetterSource } from '../../src/core/read/parse-letter.js';
import { mapColumns, rowValues } from '../../src/core/sheets/columns.js';
import { planImport } from '../../src/core/signing/import-plan.js';
import { decideSign } from '../../src/core/signing/signatories.js';
import { buildView, printedTexts } from '../../src/render/document/view.js';

/* Issue 14, items 2 and 7: the letter's new fields read, decided, numbered and scaffolded. */

const head = 'title: T\nrecipient:\n  name: R\n';
const problems = (source: string): string[] =>
  readLetterSource(source, 'l.yaml').problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message}`);
const today = '2026-03-02';
const letter = (signatories: Signatory[], extra: Partial<Letter> = {}): Letter => ({
  ...parseLetter(head, 'l.yaml').letter,
  status: 'open',
  signatories,
  ...extra,
});

describe('reading the new fields', () => {
  test('each value as the letter means it', () => {
    const { letter: l } = parseLetter(
      `${head}signatories_intro: |\n  Endorsers as of April 30, 2020:\nsignatories_outro: "Letter written August 6th, 2021."\nnumbered: true\nsection_headings: false\nsignatories:\n  - organization: A\n    description: A network.\n    highlight: true\n`,
      'l.yaml',
    );
    expect(l).toMatchObject({
      signatoriesIntro: 'Endorsers as of April 30, 2020:\n',
      signatoriesOutro: 'Letter written August 6th, 2021.',
      numbered: 'across',
      sectionHeadings: false,
      signatories: [{ organization: 'A', description: 'A network.', highlight: true }],
    });
    expect(parseLetter(`${head}numbered: per-group\n`, 'l.yaml').letter.numbered).toBe('per-group');
    expect(parseLetter(`${head}numbered: false\n`, 'l.yaml').letter.numbered).toBeUndefined();
  });

  test.each([
    ['numbered: yes', /^4:11 "numbered" must be true, false or per-group$/],
    ['numbered: 3', /^4:11 "numbered" must be true, false or per-group$/],
    ['section_headings: none', /^4:19 "section_headings" must be true or false$/],
    ['signatories_intro: [a, b]', /^4:20 "signatories_intro" must be text, not a list$/],
    ['signatories:\n  - name: A\n    description: |\n      two\n      lines', /^6:18 "description" must be a single line$/],
    ['signatories:\n  - name: A\n    highlight: bold', /^6:16 "highlight" must be true or false$/],
    ['numberd: true', /^4:1 unknown field "numberd" in the letter$/],
  ])('%s is a located problem', (line, expected) => {
    expect(problems(`${head}${line}\n`)).toEqual([expect.stringMatching(expected)]);
  });

  test('the text around the list is checked like the other Markdown, and is not agreed text', () => {
    const base = parseLetter(`${head}intro: We ask.\nsignoff: Sincerely,\n`, 'l.yaml').letter;
    const around = parseLetter(
      `${head}intro: We ask.\nsignoff: Sincerely,\nsignatories_intro: "Endorsers as of April 30, 2020:"\nsignatories_outro: Written in 2021.\n`,
      'l.yaml',
    ).letter;
    expect(textFingerprint(around)).toBe(textFingerprint(base));
    expect(printedTexts(around).map((t) => t.path)).toEqual(expect.arrayContaining(['signatories_intro', 'signatories_outro']));
  });
});

describe('sign: --description, --highlight, --no-highlight', () => {
  test('a description and a highlight are written; false is no field', () => {
    const d = decideSign(letter([]), { organization: 'A', description: ' A  network. ', highlight: true, today });
    expect(d).toMatchObject({ action: 'append', signatory: { organization: 'A', description: 'A network.', highlight: true } });
    const plain = decideSign(letter([]), { organization: 'A', highlight: false, today });
    expect(plain.signatory).not.toHaveProperty('highlight');
  });

  test('--update --no-highlight takes the highlight away and keeps the rest', () => {
    const d = decideSign(letter([{ organization: 'A', description: 'D', highlight: true }]), {
      organization: 'A',
      highlight: false,
      update: true,
      today,
    });
    expect(d).toMatchObject({ action: 'replace', signatory: { organization: 'A', description: 'D' } });
    expect(d.signatory).not.toHaveProperty('highlight');
  });
});

describe('import: Description and Highlight columns', () => {
  test.each([
    [['Organization', 'Description', 'Highlight']],
    [['Organisation', 'Présentation', 'Mettre en avant']],
    [['Organisation', 'Beschreibung', 'Hervorheben']],
    [['Organización', 'Descripción', 'Destacar']],
  ])('%j', (header) => {
    const mapping = mapColumns(header);
    expect([...mapping.fields.keys()]).toEqual(['organization', 'description', 'highlight']);
    const rows = [
      ['A', 'Network A.', 'yes'],
      ['B', '', 'x'],
      ['C', 'Network C.', ''],
      ['D', '', 'non'],
      ['E', '', 'sí'],
      ['F', '', 'maybe'],
    ].map((cells) => rowValues(cells, mapping));
    const plan = planImport(letter([]), rows, { today, text: 'abcdef12', late: false, allowSimilar: false });
    expect(plan.add.map((a) => a.signatory)).toEqual([
      { organization: 'A', description: 'Network A.', highlight: true, signed: today, text: 'abcdef12' },
      { organization: 'B', highlight: true, signed: today, text: 'abcdef12' },
      { organization: 'C', description: 'Network C.', signed: today, text: 'abcdef12' },
      { organization: 'D', signed: today, text: 'abcdef12' },
      { organization: 'E', highlight: true, signed: today, text: 'abcdef12' },
    ]);
    expect(plan.invalid).toEqual([
      { row: 5, field: 'highlight', message: 'Highlight is not yes or no: "maybe"', hint: expect.stringMatching(/^write yes/) },
    ]);
  });
});

describe('the template data', () => {
  const groups = (l: Letter) =>
    buildView(l).sections.map((s) => ({
      heading: s.heading,
      groups: s.groups.map((g) => [g.heading, g.descriptionBelow, g.signatories.map((x) => x.number ?? '-').join(' ')]),
    }));
  const signatories: Signatory[] = [
    { organization: 'A', group: 'Networks' },
    { organization: 'B', group: 'National' },
    { organization: 'C', group: 'Networks' },
    { name: 'Jane Roe', affiliation: 'U' },
    { organization: 'D' },
  ];

  test('numbered: true counts across groups and sections, in the order printed', () => {
    expect(groups(letter(signatories, { numbered: 'across' }))).toEqual([
      {
        heading: 'Organizations',
        groups: [
          [undefined, true, '1'],
          ['Networks', true, '2 3'],
          ['National', true, '4'],
        ],
      },
      { heading: 'Individuals', groups: [[undefined, true, '5']] },
    ]);
  });

  test('per-group starts again under each heading; not numbered, no number', () => {
    expect(groups(letter(signatories, { numbered: 'per-group' })).flatMap((s) => s.groups.map((g) => g[2]))).toEqual([
      '1',
      '1 2',
      '1',
      '1',
    ]);
    expect(groups(letter(signatories)).flatMap((s) => s.groups.map((g) => g[2]))).toEqual(['-', '- -', '-', '-']);
  });

  test("numbers in the letter's digits; a description goes under the entry only in blocks", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ organization: `Org ${i}` }));
    const numbers = (lang: string) =>
      buildView(letter(many, { numbered: 'across', lang })).sections[0]!.groups[0]!.signatories.map((s) => s.number);
    expect(numbers('en').slice(9)).toEqual(['10', '11', '12']);
    expect(numbers('fa').slice(9)).toEqual(['۱۰', '۱۱', '۱۲']);
    expect(numbers('bn').slice(0, 2)).toEqual(['১', '২']);
    const lines = buildView(letter(many, { signatoryLayout: 'lines' })).sections[0]!.groups[0]!;
    expect(lines.descriptionBelow).toBe(false);
  });

  test('section_headings: false leaves the headings out and the note in', () => {
    const view = buildView(letter(signatories, { sectionHeadings: false }));
    expect(view.sections.map((s) => [s.heading, s.note])).toEqual([
      [undefined, undefined],
      [undefined, 'Affiliations are listed for identification purposes only.'],
    ]);
  });
});

describe('the scaffold of letters new (item 7)', () => {
  const active = (text: string) => text.split('\n').filter((l) => /^signoff:/.test(l));

  test('without --signoff there is no active signoff, only a commented line saying what it does', () => {
    for (const input of [
      { title: 'T', to: 'R' },
      { title: 'T', template: 'open-letter' },
      { title: 'T', to: 'R', lang: 'de' },
    ]) {
      const text = scaffoldLetter(input);
      expect(active(text)).toEqual([]);
      expect(text).toMatch(/^# The line printed before the signatures, such as "Sincerely," or "Signed,"; leave it out for$/m);
      expect(text).toMatch(/^# signoff: /m);
      expect(parseLetter(text, 'x.yaml').letter.signoff).toBeUndefined();
    }
  });

  test('--signoff writes it', () => {
    const text = scaffoldLetter({ title: 'T', to: 'R', signoff: 'Signed,' });
    expect(active(text)).toEqual(['signoff: Signed,   # printed before the signatures']);
    expect(parseLetter(text, 'x.yaml').letter.signoff).toBe('Signed,');
  });

  test('the new fields are taught in comments, and uncommented they read', () => {
    const text = scaffoldLetter({ title: 'T', to: 'R' });
    for (const field of [
      'signatories_intro',
      'signatories_outro',
      'numbered',
      'section_headings',
      'allow_repeats',
      'description',
      'highlight',
    ]) {
      expect(text).toMatch(new RegExp(`^#\\s+${field}:`, 'm'));
    }
    const uncommented = text.replace(
      /^# (signatories_intro: \|| {2}Signed by|numbered: true|section_headings: false|allow_repeats: true)/gm,
      '$1',
    );
    expect(parseLetter(uncommented, 'x.yaml').letter).toMatchObject({
      signatoriesIntro: 'Signed by the following organizations:\n',
      numbered: 'across',
      sectionHeadings: false,
      allowRepeats: true,
    });
  });
});

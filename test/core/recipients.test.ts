import { describe, expect, test } from 'vitest';
import { matchColumns, normalizeHeader, RECIPIENT_COLUMNS } from '../../src/core/sheets/columns.js';
import type { Letter } from '../../src/core/letter/letter.js';
import { fillRecipient } from '../../src/core/sheets/recipient-fields.js';
import { personalize, recipientSlugs, recipientsFromTable, type Table } from '../../src/core/sheets/recipients.js';
import { suggestSlug } from '../../src/core/edit/scaffold.js';

const table = (header: string[], ...rows: string[][]): Table => ({
  file: 'r.csv',
  header,
  rows: rows.map((cells, i) => ({ line: i + 2, cells })),
});

describe('column names in four languages, case and accents ignored', () => {
  test.each([
    [['Name', 'Title', 'Organization', 'Address 1', 'Address 2', 'City', 'State', 'ZIP', 'Salutation'], 'en'],
    [['NOM', 'Prénom', 'Fonction', 'Organisation', 'Adresse', 'Code postal', 'Ville', 'Pays', "Formule d'appel"], 'fr'],
    [['Vorname', 'Nachname', 'Funktion', 'Organisation', 'Straße', 'PLZ', 'Ort', 'Land', 'Anrede'], 'de'],
    [['Nombre', 'Apellidos', 'Cargo', 'Organización', 'Dirección', 'Código Postal', 'Ciudad', 'País', 'Saludo'], 'es'],
  ])('%j', (header, lang) => {
    const match = matchColumns(header, RECIPIENT_COLUMNS, () => undefined);
    expect(match.unused).toEqual([]);
    expect(match.problems).toEqual([]);
    expect([...match.columns.keys()].sort()).toContain('organization');
    const { recipients, problems } = recipientsFromTable(table(header, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']), lang);
    expect(problems).toEqual([]);
    const org = match.columns.get('organization')![0]!;
    expect(recipients[0]!.recipient.organization).toBe('ABCDEFGHI'[org]);
  });

  test('"Nom" beside "Prénom" is the family name; the name reads first then last', () => {
    const { recipients } = recipientsFromTable(
      table(['Nom', 'Prénom', 'Code postal', 'Ville'], ['Moreau', 'Agnès', '75001', 'Paris']),
      'fr',
    );
    expect(recipients[0]!.recipient).toEqual({ name: 'Agnès Moreau', address: ['75001 Paris'] });
  });

  test('an honorific column (敬称, Civilité, Honorific) gives each recipient theirs', () => {
    for (const heading of ['敬称', 'Civilité', 'Honorific']) {
      const { recipients, unused, problems } = recipientsFromTable(table(['Name', heading], ['小泉純一郎', '殿']), 'ja');
      expect([unused, problems]).toEqual([[], []]);
      expect(recipients.map((r) => r.recipient)).toEqual([{ name: '小泉純一郎', honorific: '殿', address: [] }]);
    }
  });

  test('an English address ends "City, ST 12345"; a quoted cell may hold several lines', () => {
    const { recipients } = recipientsFromTable(
      table(
        ['Name', 'Address', 'City', 'State', 'Zip code', 'Country'],
        ['Jane Doe', '1 Main St\nSuite 2', 'Springfield', 'IL', '62701', 'USA'],
      ),
      'en',
    );
    expect(recipients[0]!.recipient.address).toEqual(['1 Main St', 'Suite 2', 'Springfield, IL 62701', 'USA']);
  });

  test('unused columns are listed, not guessed; a repeated one-column field is a problem', () => {
    // The e-mail column is read (letters send sends to it), so the same sheet serves render and send.
    const r = recipientsFromTable(table(['Name', 'E-mail', 'Nickname'], ['A', 'a@x', 'x']), 'en');
    expect(r.unused).toEqual(['Nickname']);
    expect(r.recipients[0]!.email).toBe('a@x');
    const twice = recipientsFromTable(table(['Name', 'Full name'], ['A', 'B']), 'en');
    expect(twice.problems[0]).toMatchObject({
      message: 'columns 1 ("Name") and 2 ("Full name") both look like the name',
      location: { line: 1, col: 2 },
    });
  });

  test('no name column, and a row without a name, are located problems', () => {
    expect(recipientsFromTable(table(['Email'], ['a@x']), 'en').problems[0]!.message).toMatch(
      /^no column for the recipient's name among: "Email"/,
    );
    const r = recipientsFromTable(table(['Title', 'Name'], ['T', 'A'], ['T', '  ']), 'en');
    expect(r.problems).toEqual([
      {
        message: "this row has no recipient's name",
        hint: 'fill in the name, or delete the row',
        location: { file: 'r.csv', line: 3, col: 2 },
      },
    ]);
  });

  test('normalizeHeader', () => {
    expect(normalizeHeader('  Organización ')).toBe('organizacion');
    expect(normalizeHeader('STRASSE')).toBe(normalizeHeader('Straße'));
    expect(normalizeHeader("Formule d'appel")).toBe('formule d appel');
  });
});

describe('{{recipient.…}} in the letter', () => {
  const letter: Letter = {
    title: 'T',
    lang: 'en',
    status: 'draft',
    template: 'formal',
    paper: 'letter',
    recipients: [{ name: 'Jane *Doe*', title: 'Minister', address: [] }],
    cc: [],
    groups: [],
    order: 'as-signed',
    intro: 'As {{recipient.title}}, {{ recipient.name }} can act.',
    issues: [{ title: 'I', body: 'Write to {{recipient.nickname}}.' }],
    closing: 'At {{recipient.organization}}.',
    signatories: [],
  };
  const locate = (path: string) => ({ file: 'l.yaml', line: path.length, col: 1 });

  test('known fields are filled (escaped as Markdown); unknown and missing ones are located problems', () => {
    const { letter: out, problems } = fillRecipient(letter, locate);
    expect(out.intro).toBe('As Minister, Jane \\*Doe\\* can act.');
    expect(problems.map((p) => [p.message, p.location?.line])).toEqual([
      ['issues.0.body uses {{recipient.nickname}}, which is not a recipient field', 13],
      ['closing uses {{recipient.organization}}, but the recipient has no organization', 7],
    ]);
  });

  test('personalize: the row salutation, else the letter one with a placeholder, else "Dear <name>,"', () => {
    const to = { recipient: { name: 'Ana', address: [] }, line: 2, cells: new Map() };
    expect(personalize({ ...letter, salutation: 'Dear Minister,' }, to).salutation).toBeUndefined();
    expect(personalize({ ...letter, salutation: 'Dear {{recipient.name}},' }, to).salutation).toBe('Dear {{recipient.name}},');
    expect(personalize(letter, { ...to, salutation: 'Querida Ana:' }).salutation).toBe('Querida Ana:');
  });

  test('recipient file names: slugs, numbered when repeated, the row when a name has no Latin letters', () => {
    const r = (name: string, line: number) => ({ recipient: { name, address: [] }, line, cells: new Map() });
    expect(recipientSlugs([r('Jane Doe', 2), r('Jane Doe', 3), r('王小明', 4)], suggestSlug)).toEqual(['jane-doe', 'jane-doe-2', 'row-4']);
  });
});

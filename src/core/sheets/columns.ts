/*
 * Column names as sign-up forms and spreadsheets write them, recognized case- and
 * accent-insensitively in English, French, German and Spanish. A column that matches no
 * field is reported as unused, never guessed. Shared by every CSV reader (mail merge now,
 * `letters import` later): give it a table of fields and their names.
 */
import type { Problem } from '../../errors.js';
import { LettersError } from '../../errors.js';
import { SIGNATORY_FIELDS, type SignatoryFieldName } from '../letter/fields.js';
import { unguardFormula } from './formula-cells.js';
import { trimAscii } from '../text/characters.js';

export interface ColumnField {
  field: string;
  /** Names in normalized form (see normalizeHeader). */
  names: readonly string[];
  /** Several columns may feed this field, in order ("Address 1", "Address 2"); a trailing number is ignored. */
  multiple?: boolean;
}

export interface ColumnMatch {
  /** Field → the columns (0-based) that feed it, in file order. */
  columns: Map<string, number[]>;
  /** Columns no field uses, by index. */
  unused: number[];
  problems: Problem[];
}

/** "Organización " → "organizacion", "E-mail" → "e mail", "Straße" → "strasse". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Which columns of `header` feed which field; two columns for a one-column field is a problem. */
export function matchColumns(
  header: readonly string[],
  fields: readonly ColumnField[],
  locate: (column: number) => Problem['location'],
): ColumnMatch {
  const columns = new Map<string, number[]>();
  const unused: number[] = [];
  const problems: Problem[] = [];
  header.forEach((raw, i) => {
    const name = normalizeHeader(raw);
    const bare = name.replace(/\s*\d+$/, '');
    const field = fields.find((f) => f.names.includes(name) || (f.multiple === true && f.names.includes(bare)));
    if (field === undefined) {
      unused.push(i);
      return;
    }
    const seen = columns.get(field.field);
    if (seen && !field.multiple) {
      problems.push({
        message: `columns ${seen[0]! + 1} ("${header[seen[0]!]}") and ${i + 1} ("${raw}") both look like the ${field.field}`,
        hint: 'rename or remove one of them',
        location: locate(i),
      });
      return;
    }
    columns.set(field.field, [...(seen ?? []), i]);
  });
  return { columns, unused, problems };
}

const names = (...list: string[]): string[] => list.map(normalizeHeader);

/** A signatory field's headings in the field table (core/letter/fields.ts): its name, label and column names. */
function headingsOf(field: 'title' | 'organization'): string[] {
  const f = SIGNATORY_FIELDS.find((x) => x.name === field)!;
  return [f.name, f.label, ...('columns' in f ? f.columns : [])];
}

/** A recipient of a mail merge: the letter's recipient block and salutation, from one row. */
export const RECIPIENT_COLUMNS: readonly ColumnField[] = [
  {
    field: 'name',
    names: names(
      'name',
      'full name',
      'recipient',
      'recipient name',
      'nom complet',
      'nom et prénom',
      'vollständiger name',
      'nombre',
      'nombre completo',
      'nom',
    ),
  },
  { field: 'first name', names: names('first name', 'firstname', 'given name', 'forename', 'prénom', 'vorname', 'nombre de pila') },
  {
    field: 'last name',
    names: names('last name', 'lastname', 'surname', 'family name', 'nom de famille', 'nachname', 'familienname', 'apellido', 'apellidos'),
  },
  // The headings a signatory's title and organization are known by (the field table), and
  // for an addressee also the office or institution they head.
  { field: 'title', names: names(...headingsOf('title')) },
  { field: 'organization', names: names(...headingsOf('organization'), 'institution', 'office', 'behörde', 'institución') },
  {
    field: 'address',
    multiple: true,
    names: names(
      'address',
      'address line',
      'street',
      'street address',
      'adresse',
      'ligne d adresse',
      'rue',
      'anschrift',
      'straße',
      'dirección',
      'calle',
      'domicilio',
    ),
  },
  { field: 'city', names: names('city', 'town', 'ville', 'commune', 'stadt', 'ort', 'ciudad', 'localidad', 'municipio') },
  { field: 'region', names: names('state', 'province', 'region', 'county', 'état', 'département', 'bundesland', 'provincia', 'estado') },
  {
    field: 'postal code',
    names: names('zip', 'zip code', 'postal code', 'postcode', 'code postal', 'plz', 'postleitzahl', 'código postal'),
  },
  { field: 'country', names: names('country', 'pays', 'land', 'país') },
  { field: 'salutation', names: names('salutation', 'greeting', 'formule d appel', 'anrede', 'briefanrede', 'saludo') },
  { field: 'honorific', names: names('honorific', 'courtesy title', 'civilité', 'tratamiento', '敬称') },
];

/*
 * `letters import`: which column of a sign-up sheet holds which signatory field, from the
 * headings of the field table (core/letter/fields.ts) in English, French, German and Spanish, or given
 * with --map. Columns nobody claims are listed, never guessed.
 */

/** A person's name split over two columns: "First name" + "Last name", "Prénom" + "Nom". */
const NAME_PARTS = {
  first_name: ['first name', 'firstname', 'given name', 'forename', 'prénom', 'vorname', 'nombre de pila'],
  last_name: [
    'last name',
    'lastname',
    'surname',
    'family name',
    'nom',
    'nom de famille',
    'nachname',
    'familienname',
    'apellido',
    'apellidos',
  ],
} as const;

export type NamePart = keyof typeof NAME_PARTS;

/** What a column can be mapped to: a field that can be imported, or half of a name. */
export type ColumnTarget = SignatoryFieldName | NamePart;

/** A heading as `letters import` compares it: as normalizeHeader does, and without "(optional)" or a note in parentheses. */
export function headingKey(heading: string): string {
  return normalizeHeader(heading.replace(/\([^)]*\)/g, ' '));
}

/** Fields `import` fills; the others (text, late) are written by letters itself. */
export const IMPORTED_FIELDS: SignatoryFieldName[] = SIGNATORY_FIELDS.filter((f) => 'columns' in f).map((f) => f.name);

const KNOWN = new Map<string, ColumnTarget>();
for (const f of SIGNATORY_FIELDS) {
  if (!('columns' in f)) continue;
  for (const heading of [f.name, f.label, ...f.columns]) KNOWN.set(headingKey(heading), f.name);
}
for (const [part, headings] of Object.entries(NAME_PARTS)) {
  for (const heading of [part, ...headings]) KNOWN.set(headingKey(heading), part as NamePart);
}

/** Where a field's value comes from: one column, or a name joined from two. */
export type FieldSource = { columns: number[] };

export interface ColumnMapping {
  /** Field → the columns (0-based) its value is read from, joined by a space. */
  fields: Map<SignatoryFieldName, number[]>;
  /** Columns (0-based) that no field reads. */
  unused: number[];
}

/** `--map field=Column` parsed, the field named as in the letter file. */
export interface ExplicitMap {
  target: ColumnTarget;
  column: string;
}

/** Parse the `--map` options: `organization="Your organisation"`. */
export function parseMapOptions(options: readonly string[]): ExplicitMap[] {
  const targets = [...IMPORTED_FIELDS, ...(Object.keys(NAME_PARTS) as NamePart[])];
  return options.map((option) => {
    const eq = option.indexOf('=');
    const target = eq === -1 ? '' : option.slice(0, eq).trim();
    const column = eq === -1 ? '' : option.slice(eq + 1).trim();
    if (eq === -1 || column === '') {
      throw new LettersError('usage', `--map ${option} is not field=Column`, 'write it as --map organization="Your organisation"');
    }
    if (!(targets as string[]).includes(target)) {
      throw new LettersError('usage', `--map: "${target}" is not a field letters imports`, `use one of ${targets.join(', ')}`);
    }
    return { target: target as ColumnTarget, column };
  });
}

/**
 * Decide which column feeds which field. `--map` entries win; other headings are matched
 * against the known names. Two columns claiming one field is refused: which one is meant
 * cannot be known.
 */
export function mapColumns(header: readonly string[], explicit: readonly ExplicitMap[] = []): ColumnMapping {
  const claimed = new Map<ColumnTarget, number>();
  const byColumn = new Map<number, ColumnTarget>();
  const keys = header.map(headingKey);
  for (const { target, column } of explicit) {
    const index = keys.indexOf(headingKey(column));
    if (index === -1) {
      throw new LettersError(
        'usage',
        `--map ${target}="${column}": the file has no such column`,
        `its columns are: ${header.map((h) => `"${h}"`).join(', ')}`,
      );
    }
    claimed.set(target, index);
    byColumn.set(index, target);
  }
  keys.forEach((key, index) => {
    if (byColumn.has(index)) return;
    const target = KNOWN.get(key);
    if (target === undefined || explicit.some((m) => m.target === target)) return;
    const other = claimed.get(target);
    if (other !== undefined) {
      throw new LettersError(
        'usage',
        `columns ${other + 1} "${header[other]}" and ${index + 1} "${header[index]}" both look like ${target}`,
        `say which one with --map ${target}="${header[other]}"`,
      );
    }
    claimed.set(target, index);
    byColumn.set(index, target);
  });

  const fields = new Map<SignatoryFieldName, number[]>();
  for (const [target, index] of claimed) if (target !== 'first_name' && target !== 'last_name') fields.set(target, [index]);
  // "Nombre" + "Apellidos", "Vorname" + "Name": a name column beside one half of a name is the other half.
  let first = claimed.get('first_name');
  let last = claimed.get('last_name');
  const full = claimed.get('name');
  const fromMap = (t: ColumnTarget): boolean => explicit.some((m) => m.target === t);
  if (full !== undefined && !fromMap('name') && (first === undefined) !== (last === undefined)) {
    if (first === undefined) first = full;
    else last = full;
    fields.delete('name');
  }
  if (!fields.has('name') && (first !== undefined || last !== undefined)) {
    fields.set(
      'name',
      [first, last].filter((i): i is number => i !== undefined),
    );
  }
  const used = new Set([...fields.values()].flat());
  return { fields, unused: header.map((_, i) => i).filter((i) => !used.has(i)) };
}

/**
 * A row's values by field: cells trimmed of ordinary spaces and line breaks (a no-break space
 * is kept, as `sign` keeps it) and without the apostrophe `letters export` puts before a
 * formula-like value (core/sheets/formula-cells.ts), a name joined from its halves, empty cells absent.
 */
export function rowValues(cells: readonly string[], mapping: ColumnMapping): Partial<Record<SignatoryFieldName, string>> {
  const out: Partial<Record<SignatoryFieldName, string>> = {};
  for (const [field, columns] of mapping.fields) {
    const value = columns
      .map((c) => trimAscii(unguardFormula(trimAscii(cells[c] ?? ''))))
      .filter((v) => v !== '')
      .join(' ');
    if (value !== '') out[field] = value;
  }
  return out;
}

/**
 * A line break inside a cell meant to hold one line (a name, an organization, a title): a
 * quote opened at the cell's start and not closed where the value ends, so the rows after it
 * were read into this cell. What to say of it, or undefined when the cell is one line.
 */
export function brokenQuote(cell: string): { message: string; hint: string } | undefined {
  const breaks = trimAscii(cell).match(/\r\n|\r|\n/g)?.length ?? 0;
  if (breaks === 0) return undefined;
  return {
    message: `a line break inside the cell: the quote that opens the cell here runs on over ${breaks === 1 ? 'the next line' : `${breaks} more lines`}, which are read as part of it`,
    hint: 'this cell holds one line: close the quote where the value ends (a quote inside a value is written twice, ""), or export the CSV again',
  };
}

/** Timestamp headings of forms in languages that write the day first (Horodateur: 02/03/2026 is 2 March). */
const DAY_FIRST_HEADINGS = new Set(
  ['horodateur', 'zeitstempel', 'marca temporal', 'marca de tiempo', 'date de signature', 'datum', 'fecha'].map(headingKey),
);

/** True when a column heading says its slashed dates put the day first. */
export function dayFirstHeading(heading: string): boolean {
  return DAY_FIRST_HEADINGS.has(headingKey(heading));
}

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
import { recognizeHeading } from './headings.js';

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
  // ASCII (most headings, and every name the junk rules hold against them): the same, without the Unicode steps.
  if (/^[\x00-\x7f]*$/.test(header))
    return header
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
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
  {
    field: 'email',
    names: names(
      'email',
      'e-mail',
      'email address',
      'e-mail address',
      'mail',
      'courriel',
      'adresse e-mail',
      'adresse électronique',
      'e-mail-adresse',
      'correo',
      'correo electrónico',
    ),
  },
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

/** A column whose heading looks like a field the mapping does not read from it: refused until mapped or ignored. */
export interface UnreadColumn {
  column: number;
  target: ColumnTarget;
  /** The column the field is read from instead, when there is one. */
  instead?: number;
}

export interface ColumnMapping {
  /** Field → the columns (0-based) its value is read from, joined by a space. */
  fields: Map<SignatoryFieldName, number[]>;
  /** Columns (0-based) that no field reads. */
  unused: number[];
  /** Unused columns whose headings look like fields (a second name column, a name beside its halves). */
  unread: UnreadColumn[];
  /** Columns set aside with --ignore. */
  ignored: number[];
}

/** `--map field=Column` parsed, the field named as in the letter file. */
export interface ExplicitMap {
  target: ColumnTarget;
  column: string;
}

/** Parse the `--map` options: `organization="Your organisation"`. */
export function parseMapOptions(options: readonly string[]): ExplicitMap[] {
  const targets = columnTargets();
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

/** Every field a column can be read into, as `--map` names them. */
export function columnTargets(): ColumnTarget[] {
  return [...IMPORTED_FIELDS, ...(Object.keys(NAME_PARTS) as NamePart[])];
}

/** The field a heading names: one of letters' own headings exactly, else read from its words (core/sheets/headings.ts). */
export function headingTarget(heading: string): ColumnTarget | undefined {
  const known = KNOWN.get(headingKey(heading));
  if (known !== undefined) return known;
  const read = recognizeHeading(heading);
  return read !== undefined && (columnTargets() as string[]).includes(read) ? (read as ColumnTarget) : undefined;
}

/**
 * True when a text is one of letters' headings for a field ("Full name", "Organisation"): a form's
 * words, not an answer. `key`, the text's match key (core/letter/identity.ts) when the caller has
 * it, rules most texts out at once: it keeps the same letters and digits as the heading key (ß
 * aside), so a text whose key has none of the headings' letters and digits is none of them.
 */
export function isFieldHeading(text: string, key?: string): boolean {
  if (key !== undefined && !text.includes('(') && !KNOWN_LETTERS.has(lettersOf(key))) return false;
  return KNOWN.has(headingKey(text));
}

/** A key's letters and digits alone, ß as ss: what a heading key and a match key of one text share. */
function lettersOf(key: string): string {
  return /^[\x00-\x7f]*$/.test(key) ? key.replace(/[^a-z0-9]/g, '') : key.replace(/ß/g, 'ss').replace(/[^\p{L}\p{N}]/gu, '');
}

const KNOWN_LETTERS = new Set([...KNOWN.keys()].map(lettersOf));

/** The column a heading given on the command line names (compared as headings are), or -1. */
function columnNamed(keys: readonly string[], header: readonly string[], given: string, flag: string): number {
  const index = keys.indexOf(headingKey(given));
  if (index === -1) {
    throw new LettersError(
      'usage',
      `${flag}: the file has no column "${given}"`,
      `its columns are: ${header.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  return index;
}

/**
 * Decide which column feeds which field. `--map` entries win, `--ignore` columns are left
 * out; other headings are read for the field they ask for. A column that looks like a field
 * but is not read — a second column claiming one field, a first and last name beside a full
 * name — is listed in `unread`, for the command to refuse or ask about: never dropped silently.
 */
export function mapColumns(
  header: readonly string[],
  explicit: readonly ExplicitMap[] = [],
  ignore: readonly string[] = [],
): ColumnMapping {
  const claimed = new Map<ColumnTarget, number>();
  const byColumn = new Map<number, ColumnTarget>();
  const unread: UnreadColumn[] = [];
  const keys = header.map(headingKey);
  const ignored = ignore.map((given) => columnNamed(keys, header, given, `--ignore "${given}"`));
  for (const { target, column } of explicit) {
    const index = columnNamed(keys, header, column, `--map ${target}="${column}"`);
    if (ignored.includes(index)) {
      throw new LettersError(
        'usage',
        `column "${header[index]}" is both mapped (--map ${target}) and ignored`,
        'keep one of the two options',
      );
    }
    claimed.set(target, index);
    byColumn.set(index, target);
  }
  header.forEach((heading, index) => {
    if (byColumn.has(index) || ignored.includes(index)) return;
    const target = headingTarget(heading);
    if (target === undefined) return;
    const other = claimed.get(target);
    if (other !== undefined) {
      unread.push({ column: index, target, instead: other });
      return;
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
  // Halves of a name beside a whole name that is read: the plan does not use them.
  for (const [target, index] of claimed) {
    if (!used.has(index)) unread.push({ column: index, target, ...(fields.has('name') ? { instead: fields.get('name')![0]! } : {}) });
  }
  unread.sort((a, b) => a.column - b.column);
  return {
    fields,
    unused: header.map((_, i) => i).filter((i) => !used.has(i)),
    unread,
    ignored,
  };
}

/**
 * Whether a column's values look like people's names ("Jane Roe", "Katarzyna Wiśniewska"): most
 * of them two to four capitalized words, no digits, no @. A column a form asked names in under
 * a heading letters cannot read.
 */
export function looksLikeNames(values: readonly string[]): boolean {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  if (filled.length < 2) return false;
  const person =
    /^\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.-]*|van|von|de|da|del|der|den|di|du|la|le|bin|al|y|e|dos|das|ter|zu)){1,4}$/u;
  return filled.filter((v) => person.test(v)).length >= filled.length * 0.7;
}

/**
 * A row's values by field: cells trimmed of ordinary spaces and line breaks (a no-break space
 * is kept, as `sign` keeps it) and without the apostrophe `letters export` puts before a
 * formula-like value (core/sheets/formula-cells.ts), a name joined from its halves, empty cells absent.
 */
export function rowValues(cells: readonly string[], mapping: ColumnMapping): Partial<Record<SignatoryFieldName, string>> {
  const out: Partial<Record<SignatoryFieldName, string>> = {};
  const cell = (c: number): string => trimAscii(unguardFormula(trimAscii(cells[c] ?? '')));
  for (const [field, columns] of mapping.fields) {
    // One column a field, as most are: no list to join (a 10,000-row sheet has 50,000 cells).
    const value =
      columns.length === 1
        ? cell(columns[0]!)
        : columns
            .map(cell)
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

import type { Problem } from '../errors.js';

/*
 * Column names as sign-up forms and spreadsheets write them, recognized case- and
 * accent-insensitively in English, French, German and Spanish. A column that matches no
 * field is reported as unused, never guessed. Shared by every CSV reader (mail merge now,
 * `letters import` later): give it a table of fields and their names.
 */

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
  {
    field: 'title',
    names: names(
      'title',
      'job title',
      'position',
      'role',
      'function',
      'titre',
      'fonction',
      'poste',
      'titel',
      'funktion',
      'amt',
      'título',
      'cargo',
      'puesto',
    ),
  },
  {
    field: 'organization',
    names: names(
      'organization',
      'organisation',
      'organization name',
      'company',
      'institution',
      'office',
      'entreprise',
      'organisme',
      'structure',
      'unternehmen',
      'firma',
      'behörde',
      'organización',
      'empresa',
      'entidad',
      'institución',
    ),
  },
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
];

/**
 * The one table of signatory fields. The schema reads entries with it, the editor writes
 * keys in its order, the template data and the glyph check take its printed fields, `sign
 * --update` merges in its order, and the scaffold's comments describe it. A new field is a
 * new row here (and, for a `sign` flag, an option in cli.ts).
 */

/** What a value is: one line of text, a YYYY-MM-DD date, true/false, or a short hex fingerprint. */
export type FieldKind = 'text' | 'date' | 'flag' | 'hash';

/** Who carries the field: an organization signing, an individual, or either. */
export type FieldWho = 'organization' | 'individual' | 'both';

/**
 * Where the value goes. `printed`: on the page and in the template data. `record`: kept in
 * the file and the template data, never printed by letters itself. `private`: kept in the
 * file only; never rendered, never given to a template, whatever the template does.
 */
export type FieldUse = 'printed' | 'record' | 'private';

export interface SignatoryField {
  readonly name: string;
  readonly kind: FieldKind;
  readonly who: FieldWho;
  readonly use: FieldUse;
  /** How the field is named to people: in messages, and as a column heading. */
  readonly label: string;
  /** The `letters sign` option that sets it, when there is one. */
  readonly sign?: string;
  /** Text that may run over several lines. */
  readonly multiline?: boolean;
  /** One line for the scaffold's comment. */
  readonly about: string;
}

export const SIGNATORY_FIELDS = [
  {
    name: 'organization',
    kind: 'text',
    who: 'organization',
    use: 'printed',
    label: 'Organization',
    sign: '--org',
    about: 'the organization signing (unique in the letter)',
  },
  {
    name: 'name',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Name',
    sign: '--name',
    about: "the person signing for it, or an individual's name",
  },
  { name: 'title', kind: 'text', who: 'both', use: 'printed', label: 'Title', sign: '--title', about: "the person's title" },
  {
    name: 'affiliation',
    kind: 'text',
    who: 'individual',
    use: 'printed',
    label: 'Affiliation',
    sign: '--affiliation',
    about: "an individual's institution, for identification only",
  },
  {
    name: 'country',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Country',
    sign: '--country',
    about: 'printed "Organization (Country)" or after the affiliation',
  },
  {
    name: 'group',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Group',
    sign: '--group',
    about: 'a heading from groups:, under which the signatory is listed',
  },
  {
    name: 'sort_as',
    kind: 'text',
    who: 'both',
    use: 'record',
    label: 'Sort as',
    sign: '--sort-as',
    about: 'how to sort it under order: alphabetical (e.g. "Roe, Jane")',
  },
  {
    name: 'signed',
    kind: 'date',
    who: 'both',
    use: 'record',
    label: 'Signed',
    sign: '--date',
    about: 'the date of the signature, YYYY-MM-DD',
  },
  { name: 'text', kind: 'hash', who: 'both', use: 'record', label: 'Text', about: 'fingerprint of the letter text that was signed' },
  { name: 'late', kind: 'flag', who: 'both', use: 'record', label: 'Late', about: 'true when signed after the deadline' },
  { name: 'email', kind: 'text', who: 'both', use: 'private', label: 'Email', about: 'private: kept here, never printed' },
  { name: 'phone', kind: 'text', who: 'both', use: 'private', label: 'Phone', about: 'private: kept here, never printed' },
  { name: 'notes', kind: 'text', who: 'both', use: 'private', label: 'Notes', multiline: true, about: 'private: kept here, never printed' },
] as const satisfies readonly SignatoryField[];

type Row = (typeof SIGNATORY_FIELDS)[number];
export type SignatoryFieldName = Row['name'];

type ValueOf<K extends FieldKind> = K extends 'flag' ? boolean : string;

/** A signatory as the table defines it; every field optional. */
export type SignatoryFields = { -readonly [R in Row as R['name']]?: ValueOf<R['kind']> };

/** Field names in file order. */
export const SIGNATORY_FIELD_NAMES: readonly SignatoryFieldName[] = SIGNATORY_FIELDS.map((f) => f.name);

const BY_NAME = new Map<string, SignatoryField>(SIGNATORY_FIELDS.map((f) => [f.name, f]));

/** The row of a field. */
export function signatoryField(name: SignatoryFieldName): SignatoryField {
  return BY_NAME.get(name)!;
}

/** Fields of one use, in file order. */
export function fieldsUsed(...uses: FieldUse[]): SignatoryFieldName[] {
  return SIGNATORY_FIELDS.filter((f) => (uses as string[]).includes(f.use)).map((f) => f.name);
}

/**
 * How a command names each field to its user: `sign` says `--org`, an import would say its
 * column. Core problems are phrased with these labels, never with a flag of their own.
 */
export type FieldLabels = Record<SignatoryFieldName, string>;

/** Fields by their names in the letter file. */
export const FILE_FIELD_LABELS = Object.fromEntries(SIGNATORY_FIELDS.map((f) => [f.name, f.name])) as FieldLabels;

/** Fields as `letters sign` options; a field without one is named as in the file. */
export const SIGN_FLAGS = Object.fromEntries(SIGNATORY_FIELDS.map((f) => [f.name, 'sign' in f ? f.sign : f.name])) as FieldLabels;

/** The same signatory with its fields in the table's order. */
export function orderFields<T extends SignatoryFields>(s: T): T {
  const out: Record<string, unknown> = {};
  for (const field of SIGNATORY_FIELD_NAMES) if (s[field] !== undefined) out[field] = s[field];
  return out as T;
}

type PrivateFieldName = Extract<Row, { use: 'private' }>['name'];

/** What a template may see of a signatory: every field but the private ones. */
export type PublicSignatoryFields = Omit<SignatoryFields, PrivateFieldName>;

const PUBLIC = SIGNATORY_FIELDS.filter((f) => f.use !== 'private');

/** A signatory without its private fields; text passes through `text` (printing form). */
export function publicFields(s: SignatoryFields, text: (value: string) => string = (v) => v): PublicSignatoryFields {
  const out: Record<string, string | boolean> = {};
  for (const f of PUBLIC) {
    const value = s[f.name];
    if (value !== undefined) out[f.name] = typeof value === 'string' && f.kind === 'text' ? text(value) : value;
  }
  return out as PublicSignatoryFields;
}

/**
 * The one table of signatory fields. The schema reads entries with it, the editor writes
 * keys in its order, the template data and the glyph check take its printed fields, `sign
 * --update` merges in its order, and the scaffold's comments describe it. A new field is a
 * new row here (and, for a `sign` flag, an option in cli.ts).
 */

/**
 * What a value is: one line of text, a YYYY-MM-DD date, true/false, a short hex fingerprint,
 * or a picture's path under the repository (core/letter/pictures.ts).
 */
export type FieldKind = 'text' | 'date' | 'flag' | 'hash' | 'picture';

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
  /**
   * Column headings `letters import` recognizes for it besides its label, in English, French,
   * German and Spanish, as core/sheets/columns.ts compares them (case, accents, punctuation ignored).
   * A field without any (text, late) is never imported: letters writes it itself.
   */
  readonly columns?: readonly string[];
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
    columns: [
      'organisation',
      'organization name',
      'organisation name',
      'name of organization',
      'name of organisation',
      'your organization',
      'your organisation',
      'org',
      'company',
      'entreprise',
      'organisme',
      'unternehmen',
      'firma',
      'empresa',
      'association',
      'structure',
      "nom de l'organisation",
      'nom de la structure',
      "nom de l'association",
      'organisationsname',
      'name der organisation',
      'verband',
      'verein',
      'organización',
      'nombre de la organización',
      'entidad',
    ],
  },
  {
    name: 'name',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Name',
    sign: '--name',
    about: "the person signing for it, or an individual's name",
    columns: [
      'full name',
      'your name',
      'signatory',
      'signatory name',
      'nom complet',
      'nom et prénom',
      'prénom et nom',
      'vollständiger name',
      'nombre',
      'nombre completo',
      'nombre y apellidos',
      'nombre y apellido',
    ],
  },
  {
    name: 'title',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Title',
    sign: '--title',
    about: "the person's title",
    columns: [
      'job title',
      'position',
      'role',
      'function',
      'amt',
      'your title',
      'fonction',
      'titre',
      'poste',
      'titel',
      'funktion',
      'cargo',
      'puesto',
      'título',
    ],
  },
  {
    name: 'affiliation',
    kind: 'text',
    who: 'individual',
    use: 'printed',
    label: 'Affiliation',
    sign: '--affiliation',
    about: "an individual's institution, for identification only",
    columns: ['institution', 'institutional affiliation', 'affiliation institutionnelle', 'zugehörigkeit', 'afiliación'],
  },
  {
    name: 'country',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Country',
    sign: '--country',
    about: 'printed "Organization (Country)" or after the affiliation',
    columns: ['pays', 'land', 'país', 'country/region'],
  },
  {
    name: 'description',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Description',
    sign: '--description',
    about: 'a sentence on who it is, printed after or under the name (never before)',
    columns: [
      'about',
      'about us',
      'about your organization',
      'about your organisation',
      'short description',
      'who we are',
      'présentation',
      "description de l'organisation",
      'qui sommes-nous',
      'beschreibung',
      'kurzbeschreibung',
      'über uns',
      'descripción',
      'presentación',
      'quiénes somos',
    ],
  },
  {
    name: 'highlight',
    kind: 'flag',
    who: 'both',
    use: 'printed',
    label: 'Highlight',
    sign: '--highlight',
    about: 'true: printed in bold (or the mark the template chooses)',
    columns: [
      'highlighted',
      'bold',
      'mettre en avant',
      'en gras',
      'hervorheben',
      'hervorgehoben',
      'fett',
      'destacar',
      'destacado',
      'en negrita',
    ],
  },
  {
    name: 'group',
    kind: 'text',
    who: 'both',
    use: 'printed',
    label: 'Group',
    sign: '--group',
    about: 'a heading from groups:, under which the signatory is listed',
    columns: ['groupe', 'gruppe', 'grupo'],
  },
  {
    name: 'logo',
    kind: 'picture',
    who: 'organization',
    use: 'printed',
    label: 'Logo',
    sign: '--logo',
    about: 'a PNG, JPEG or SVG file in the repository (images/logos/org.svg): printed by signatory_layout: logos',
    columns: [
      'logo file',
      'logo path',
      'logo image',
      'organization logo',
      'organisation logo',
      "logo de l'organisation",
      'fichier logo',
      'logodatei',
      'logotipo',
      'logo de la organización',
    ],
  },
  {
    name: 'sort_as',
    kind: 'text',
    who: 'both',
    use: 'record',
    label: 'Sort as',
    sign: '--sort-as',
    about: 'how to sort it under order: alphabetical (e.g. "Roe, Jane")',
    columns: ['sort as'],
  },
  {
    name: 'signed',
    kind: 'date',
    who: 'both',
    use: 'record',
    label: 'Signed',
    sign: '--date',
    about: 'the date of the signature, YYYY-MM-DD',
    columns: [
      'timestamp',
      'horodateur',
      'zeitstempel',
      'marca temporal',
      'marca de tiempo',
      'date',
      'date signed',
      'submitted at',
      'submit date',
      'submission date',
      'completion time',
      'date de signature',
      'datum',
      'fecha',
    ],
  },
  { name: 'text', kind: 'hash', who: 'both', use: 'record', label: 'Text', about: 'fingerprint of the letter text that was signed' },
  { name: 'late', kind: 'flag', who: 'both', use: 'record', label: 'Late', about: 'true when signed after the deadline' },
  {
    name: 'email',
    kind: 'text',
    who: 'both',
    use: 'private',
    label: 'Email',
    about: 'private: kept here, never printed',
    columns: [
      'e-mail',
      'email address',
      'e-mail address',
      'mail',
      'courriel',
      'adresse e-mail',
      'adresse mail',
      'adresse électronique',
      'e-mail-adresse',
      'correo',
      'correo electrónico',
    ],
  },
  {
    name: 'phone',
    kind: 'text',
    who: 'both',
    use: 'private',
    label: 'Phone',
    about: 'private: kept here, never printed',
    columns: ['telephone', 'phone number', 'tel', 'téléphone', 'numéro de téléphone', 'telefon', 'telefonnummer', 'teléfono'],
  },
  {
    name: 'notes',
    kind: 'text',
    who: 'both',
    use: 'private',
    label: 'Notes',
    multiline: true,
    about: 'private: kept here, never printed',
    columns: [
      'note',
      'comments',
      'comment',
      'remarks',
      'remarques',
      'commentaire',
      'commentaires',
      'anmerkungen',
      'bemerkungen',
      'kommentar',
      'notas',
      'comentarios',
    ],
  },
  {
    name: 'source',
    kind: 'text',
    who: 'both',
    use: 'private',
    label: 'Source',
    about: 'private: where `letters import` took it from (file and row, issue, Message-ID)',
    // Only its own heading: an export's Source column, imported again, keeps where the entry first came from.
    columns: [],
  },
  {
    name: 'flagged',
    kind: 'text',
    who: 'both',
    use: 'private',
    label: 'Flagged',
    about: 'private: why `letters import` held a pending entry for review (a web address in a name …)',
  },
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

/** What an entry of `rejected:` has besides the signatory fields it had while pending (`letters review --reject`). */
export const REJECTION_FIELDS = [
  { name: 'rejected', kind: 'date', label: 'Rejected', about: 'the day it was rejected in review (`letters review --reject`)' },
  { name: 'reason', kind: 'text', label: 'Reason', about: 'why, when it was given (`letters review --reason`)' },
] as const;

/** What an entry of `withdrawn:` has besides the signatory fields it kept when it moved there. */
export const WITHDRAWAL_FIELDS = [
  { name: 'withdrawn', kind: 'date', label: 'Withdrawn', about: 'the day the signature was withdrawn (`letters unsign`)' },
  { name: 'reason', kind: 'text', label: 'Reason', about: 'why, when it was given (`letters unsign --reason`)' },
] as const;

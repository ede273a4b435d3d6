/** The typed letter, as validated from a letter file. Optional text is absent, never "". */
import type { SignatoryFields } from './fields.js';

/**
 * The fields a letter file may hold at its top level, in the format's order (the editor puts a
 * new field after the nearest one before it); a signatory's are the rows of fields.ts.
 */
export const LETTER_FIELDS = [
  'title',
  'subtitle',
  'date',
  'place',
  'lang',
  'status',
  'deadline',
  'template',
  'paper',
  'recipient',
  'recipients',
  'cc',
  'subject',
  'salutation',
  'intro',
  'issues',
  'closing',
  'signoff',
  'groups',
  'signatory_layout',
  'signatory_columns',
  'order',
  'individuals_note',
  'signatories',
  'withdrawn',
] as const;
/** The fields of a `recipient:` or of an entry of `recipients:`. */
export const RECIPIENT_FIELDS = ['name', 'title', 'organization', 'address'] as const;
/** The fields of an entry of `issues:`. */
export const ISSUE_FIELDS = ['title', 'body'] as const;

export const STATUSES = ['draft', 'open', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const PAPERS = ['letter', 'a4'] as const;
export type Paper = (typeof PAPERS)[number];

/** blocks: name, title, organization stacked in a grid; lines: one line each; names: a compact list. */
export const SIGNATORY_LAYOUTS = ['blocks', 'lines', 'names'] as const;
export type SignatoryLayout = (typeof SIGNATORY_LAYOUTS)[number];

/** `signatory_columns:` may ask for 1 to this many columns. */
export const MAX_SIGNATORY_COLUMNS = 4;

export const ORDERS = ['as-signed', 'alphabetical'] as const;
export type Order = (typeof ORDERS)[number];

export interface Recipient {
  name: string;
  title?: string;
  organization?: string;
  address: string[];
}

export interface Issue {
  title: string;
  /** Markdown. */
  body: string;
}

/** One entry of `signatories:`; its fields are the rows of core/letter/fields.ts. */
export type Signatory = SignatoryFields;

/** One entry of `withdrawn:`: the signature as it stood, when it was withdrawn and why. */
export type Withdrawal = Signatory & { withdrawn: string; reason?: string };

export interface Letter {
  title: string;
  subtitle?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** Printed before the date: "Paris, le 2 juin 2009". */
  place?: string;
  lang: string;
  status: Status;
  /** YYYY-MM-DD: the last day `sign` and `import` take signatures without --late. */
  deadline?: string;
  template: string;
  paper: Paper;
  /** From `recipient:` (one) or `recipients:` (several); empty for an open letter or a statement. */
  recipients: Recipient[];
  /** Lines printed after the signatories under "cc:". */
  cc: string[];
  subject?: string;
  /** "" means no salutation; absent means the default (see salutationOf in core/letter/rules.ts). */
  salutation?: string;
  /** Markdown. */
  intro?: string;
  issues: Issue[];
  /** Markdown. */
  closing?: string;
  signoff?: string;
  /** The order of signatory groups, from `groups:`; empty when the letter does not fix one. */
  groups: string[];
  /** Absent: the template's own default. */
  signatoryLayout?: SignatoryLayout;
  /** Columns for the signatories in any layout, 1–4; absent: chosen from the entries' widths. */
  signatoryColumns?: number;
  order: Order;
  /** The line under the individuals' heading; "" for none; absent for the language's default. */
  individualsNote?: string;
  signatories: Signatory[];
  /** Signatures withdrawn with `letters unsign`: kept on record, never printed. Absent: none. */
  withdrawn?: Withdrawal[];
}

export const DEFAULT_TEMPLATE = 'formal';

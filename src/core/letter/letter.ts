/** The typed letter, as validated from a letter file. Optional text is absent, never "". */
import type { SignatoryFields } from './fields.js';
import type { Letterhead } from './pictures.js';

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
  'intake',
  'template',
  'paper',
  'letterhead',
  'recipient',
  'recipients',
  'cc',
  'bcc',
  'from',
  'reply_to',
  'subject',
  'salutation',
  'intro',
  'issues',
  'closing',
  'signoff',
  'signatories_intro',
  'signatories_outro',
  'cover',
  'groups',
  'signatory_layout',
  'signatory_columns',
  'logo_names',
  'order',
  'individuals_note',
  'numbered',
  'section_headings',
  'allow_repeats',
  'bilingual',
  'invited',
  'signatories',
  'pending',
  'withdrawn',
  'rejected',
  'delivered',
  'notified',
  'reminded',
] as const;
/** The fields of a `recipient:` or of an entry of `recipients:`. */
export const RECIPIENT_FIELDS = ['name', 'honorific', 'title', 'organization', 'address', 'email'] as const;
/** The fields of an entry of `issues:`. */
export const ISSUE_FIELDS = ['title', 'body'] as const;

export const STATUSES = ['draft', 'open', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** How `letters import` takes rows: `direct` signs them (the default), `review` keeps them pending until `letters review`. */
export const INTAKES = ['direct', 'review'] as const;
export type Intake = (typeof INTAKES)[number];

export const PAPERS = ['letter', 'a4'] as const;
export type Paper = (typeof PAPERS)[number];

/**
 * blocks: name, title, organization stacked in a grid; lines: one line each; names: a compact
 * list; logos: the organizations' logos in a grid (a name where there is no logo).
 */
export const SIGNATORY_LAYOUTS = ['blocks', 'lines', 'names', 'logos'] as const;
export type SignatoryLayout = (typeof SIGNATORY_LAYOUTS)[number];

/** `signatory_columns:` may ask for 1 to this many columns. */
export const MAX_SIGNATORY_COLUMNS = 4;

export const ORDERS = ['as-signed', 'alphabetical'] as const;
export type Order = (typeof ORDERS)[number];

/** How a document in two languages sets them (`render --bilingual`): each paragraph followed by its translation, or side by side. */
export const BILINGUAL_LAYOUTS = ['paragraphs', 'columns'] as const;
export type BilingualLayout = (typeof BILINGUAL_LAYOUTS)[number];

/** How `numbered:` counts: `across` one count through the whole list (true), `per-group` again from 1 under each heading. */
export const NUMBERINGS = ['across', 'per-group'] as const;
export type Numbering = (typeof NUMBERINGS)[number];

/**
 * The letter's enumerated fields, by the Letter's property: the file's field and the values it
 * may take. The reader reads each from here, and a read from the cache makes each value the
 * code's literal again from here (see literalOf): a new enumerated field is added here, with its
 * values, and the reader (core/read/letter-reader.ts) gets one line that reads it by its key
 * (chosen(); test/core/enumerated-fields.test.ts fails when the two differ). `numbered` is read
 * by a rule of its own (true or per-group), into these values.
 */
export const ENUMERATED_FIELDS = {
  status: { field: 'status', values: STATUSES },
  paper: { field: 'paper', values: PAPERS },
  order: { field: 'order', values: ORDERS },
  intake: { field: 'intake', values: INTAKES },
  signatoryLayout: { field: 'signatory_layout', values: SIGNATORY_LAYOUTS },
  numbered: { field: 'numbered', values: NUMBERINGS },
  bilingual: { field: 'bilingual', values: BILINGUAL_LAYOUTS },
} as const satisfies { readonly [K in keyof Letter]?: { readonly field: string; readonly values: readonly NonNullable<Letter[K]>[] } };
export type EnumeratedField = keyof typeof ENUMERATED_FIELDS;

export interface Recipient {
  name: string;
  /** "殿", "様", "先生", "The Honorable": printed before or after the name, as the letter's language puts it. */
  honorific?: string;
  title?: string;
  organization?: string;
  address: string[];
  /** Where `letters send` delivers the letter; never printed unless a template asks (`{{recipient.email}}`). */
  email?: string;
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

/** One entry of `rejected:`: a pending entry as it stood, when review rejected it and why. */
export type Rejection = Signatory & { rejected: string; reason?: string };

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
  /** `review`: imported rows land in `pending:` until `letters review`; absent: `direct`. */
  intake?: Intake;
  template: string;
  paper: Paper;
  /** What the first page's head shows; false: none, whatever the project's default (letters.config.yaml); absent: that default. */
  letterhead?: Letterhead | false;
  /** From `recipient:` (one) or `recipients:` (several); empty for an open letter or a statement. */
  recipients: Recipient[];
  /** Lines printed after the signatories under "cc:". */
  cc: string[];
  /** The cc lines that carry an address (`Name <address>` or `{name, email}`): copied on the delivery e-mail. */
  ccAddresses?: MailAddress[];
  /** Blind copies of the delivery e-mail: never printed. */
  bcc?: MailAddress[];
  /** Who the delivery e-mail is from (the coordinating organization), and where answers go. */
  from?: MailAddress;
  replyTo?: MailAddress;
  /** Markdown: the body of the delivery e-mail (`letters send`). Not part of the agreed text. */
  cover?: string;
  /** Private: organizations and people asked to sign, for `status` and `letters remind`. */
  invited?: Invitee[];
  /** Written by `letters send`: each message handed to a mail server. */
  delivered?: DeliveryRecord[];
  /** Written by `letters notify` and `letters remind`: each run's messages. */
  notified?: NoticeRecord[];
  reminded?: NoticeRecord[];
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
  /** False: the logos layout shows the logos without the organizations' names under them; absent or true: with them. */
  logoNames?: boolean;
  order: Order;
  /** The line under the individuals' heading; "" for none; absent for the language's default. */
  individualsNote?: string;
  /** Markdown printed between the signoff and the list of signatories. */
  signatoriesIntro?: string;
  /** Markdown printed after the list of signatories, before cc. */
  signatoriesOutro?: string;
  /** Number the signatories (`numbered: true` counts across, `per-group` under each heading); absent: not numbered. */
  numbered?: Numbering;
  /** False: the "Organizations" and "Individuals" headings are not printed; absent or true: they are. */
  sectionHeadings?: boolean;
  /** True: a signatory may stand twice (an original that lists one twice), each repeat shown by `check`; absent: false. */
  allowRepeats?: boolean;
  /** How `render --bilingual` sets two languages: paragraph by paragraph (absent) or in two columns. */
  bilingual?: BilingualLayout;
  /**
   * A translation's fields left in the source's language on purpose (its `untranslated:`), set
   * on the letter a translation makes (core/letter/translation.ts), never read from a file.
   */
  untranslated?: { lang: string; fields: readonly string[] };
  signatories: Signatory[];
  /**
   * Entries imported and not yet reviewed (`pending:`): kept in the file, never printed, never
   * counted as signed, never given to a template. Absent: none.
   */
  pending?: Signatory[];
  /** Signatures withdrawn with `letters unsign`: kept on record, never printed. Absent: none. */
  withdrawn?: Withdrawal[];
  /** Pending entries rejected in review: kept on record (an import of the same row skips it), never printed. Absent: none. */
  rejected?: Rejection[];
}

export const DEFAULT_TEMPLATE = 'formal';

/** An e-mail address and the name shown with it ("Jane Doe <jane@example.org>"). */
export interface MailAddress {
  name?: string;
  email: string;
}

/** One entry of `invited:`: who was asked to sign, at which address, and when. */
export interface Invitee {
  organization?: string;
  name?: string;
  email: string;
  /** YYYY-MM-DD */
  invited?: string;
}

/** One entry of `delivered:`: a message letters handed to a mail server, and what it carried. */
export interface DeliveryRecord {
  /** When the server accepted it: an ISO 8601 time in UTC. */
  at: string;
  /** How it went: `smtp` (and the server's host in `server`). */
  channel: string;
  server?: string;
  /** The addresses the server accepted, as `Name <address>`. */
  to: string[];
  cc: string[];
  bcc: string[];
  messageId: string;
  /** The fingerprint of the text sent, and the SHA-256 of the PDF attached. */
  text: string;
  pdfSha256?: string;
}

/** One entry of `notified:` or `reminded:`: a run of messages, the text they carried, who got them. */
export interface NoticeRecord {
  at: string;
  channel: string;
  server?: string;
  subject: string;
  /** The SHA-256 of the message's text before its placeholders were filled. */
  message: string;
  to: string[];
}

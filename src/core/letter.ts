/** The typed letter, as validated from a letter file. Optional text is absent, never "". */
import type { SignatoryFields } from './fields.js';

export const STATUSES = ['draft', 'open', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const PAPERS = ['letter', 'a4'] as const;
export type Paper = (typeof PAPERS)[number];

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

/** One entry of `signatories:`; its fields are the rows of core/fields.ts. */
export type Signatory = SignatoryFields;

/** One entry of `withdrawn:`: the signature as it stood, when it was withdrawn and why. */
export type Withdrawal = Signatory & { withdrawn: string; reason?: string };

export interface Letter {
  title: string;
  /** YYYY-MM-DD */
  date?: string;
  lang: string;
  status: Status;
  /** YYYY-MM-DD: the last day `sign` and `import` take signatures without --late. */
  deadline?: string;
  template: string;
  paper: Paper;
  recipient: Recipient;
  salutation?: string;
  /** Markdown. */
  intro?: string;
  issues: Issue[];
  /** Markdown. */
  closing?: string;
  signoff?: string;
  signatories: Signatory[];
  /** Signatures withdrawn with `letters unsign`: kept on record, never printed. Absent: none. */
  withdrawn?: Withdrawal[];
}

export const DEFAULT_TEMPLATE = 'formal';

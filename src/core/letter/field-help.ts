// What each top-level field of a letter file is, in a line: `letters help fields`, the man page and docs/ are written from it.
import type { LETTER_FIELDS } from './letter.js';

/** A field of the letter file's top level. */
export type LetterField = (typeof LETTER_FIELDS)[number];

/**
 * One line per top-level field. A Record, so a new field in letter.ts cannot be added without
 * saying here what it is (the signatory fields say it in their own table, fields.ts).
 */
export const LETTER_FIELD_HELP: Record<LetterField, string> = {
  title: 'required: the PDF title and what `letters list` shows',
  subtitle: 'printed under the title by open-letter',
  date: 'YYYY-MM-DD, printed in the language of the letter ("March 2, 2026")',
  place: 'printed before the date: "Paris, le 2 juin 2009" in French',
  lang: 'BCP 47 tag (en, fr, es-MX …): dates, quotation marks, labels; default en',
  status: 'draft | open | closed; default draft; sign and import refuse a closed letter',
  deadline: 'YYYY-MM-DD: after it, sign and import refuse without --late',
  intake: 'review | direct; review holds every imported row in pending: until `letters review` (default direct)',
  template: 'formal | open-letter | the name of one in templates/; default formal',
  paper: 'letter | a4; default letter',
  letterhead:
    "a picture in the repository, lines of text, or both ({ image, alt, lines }), at the head of page 1; false for none; default: the settings file's",
  recipient: 'one addressee: name (required), honorific, title, organization, address (lines)',
  recipients: 'several addressees, each like recipient; or neither, for an open letter or a statement',
  cc: 'lines printed after the signatories under "cc:" (a "Name <address>" is sent a copy by send)',
  bcc: 'blind copies of the delivery e-mail (one or a list of addresses); never printed',
  from: 'who send, notify and remind write from: "Coalition <coord@example.org>" (else the from setting)',
  reply_to: 'where answers to the delivery e-mail go',
  subject: 'printed "Re: …" before the salutation',
  salutation: 'as written; "" for none; default "Dear <name>," in an English letter to one recipient',
  intro: 'Markdown: paragraphs, emphasis, links, lists, footnotes',
  issues: 'a list of { title, body }: each title printed bold, each body Markdown',
  closing: 'Markdown, after the issues',
  signoff: 'the line before the signatures ("Sincerely,")',
  signatories_intro: 'Markdown between the signoff and the list ("Endorsers as of April 30, 2020:")',
  signatories_outro: 'Markdown after the list, before cc',
  cover: 'Markdown: the body of the delivery e-mail (`letters send`); not agreed text',
  groups: 'the order of the signatory groups (each signatory names one with group:)',
  signatory_layout: "blocks | lines | names | logos (each organization's logo: in a grid); default: the template's",
  signatory_columns: "1–4: the signatories' columns in any layout; default: as many as their widths allow",
  logo_names: 'false leaves the names out from under the logos of signatory_layout: logos (default true)',
  order: 'as-signed | alphabetical (by the collation of the letter language)',
  individuals_note: 'the line under "Individuals"; "" for none',
  numbered: 'true numbers the signatories through the whole list; per-group from 1 under each heading',
  section_headings: 'false leaves out the "Organizations" and "Individuals" headings',
  allow_repeats: 'true keeps a signatory listed twice on purpose (check lists each repeat)',
  invited: 'private: who was asked to sign ({ organization or name, email, invited }); `remind` writes to those who have not',
  signatories: 'written by `letters sign` and `letters import`: one entry per signatory (fields below)',
  pending: 'written by `letters import --pending` (or intake: review): entries waiting for `letters review`, never printed',
  withdrawn: 'written by `letters unsign`: withdrawn signatures, kept on record, never printed',
  rejected: 'written by `letters review --reject`: rejected entries, kept on record, never printed',
  delivered: 'written by `letters send`: one entry per message a server accepted (when, to whom, which text)',
  notified: 'written by `letters notify`: one entry per run',
  reminded: 'written by `letters remind`: one entry per run',
};

import { fieldsUsed, publicFields, type PublicSignatoryFields } from '../core/fields.js';
import { INVISIBLE, type PrintedText } from '../core/glyphs.js';
import { languageTable, type LanguageTable } from '../core/languages.js';
import type { Letter, Recipient, SignatoryLayout } from '../core/letter.js';
import { salutationOf } from '../core/shape-rules.js';
import { renderLetterMarkdown, type Footnote } from './letter-markdown.js';
import { buildSections, type SectionView } from './signatory-view.js';

export interface RecipientView {
  name: string;
  title?: string;
  organization?: string;
  address: string[];
  /** "Name, Title, Organization" on one line. */
  line: string;
}

/** The words letters prints itself, in the letter's language (core/languages.ts). */
export type LabelsView = Pick<LanguageTable, 'subject' | 'cc' | 'to' | 'organizations' | 'individuals'>;

/** What a template sees. Markdown fields arrive as HTML marked safe; everything else is escaped. */
export interface LetterView {
  title: string;
  subtitle?: string;
  lang: string;
  paper: string;
  date?: string;
  place?: string;
  /** The place and the date as the language writes them: "Paris, le 2 juin 2009". */
  dateLine?: string;
  /** Every addressee; empty for an open letter or a statement. */
  recipients: RecipientView[];
  /** The addressee, when there is exactly one. */
  recipient?: RecipientView;
  /** Absent when none is printed. */
  salutation?: string;
  subject?: string;
  /** "Re: …", "Objet : …". */
  subjectLine?: string;
  cc: string[];
  labels: LabelsView;
  intro?: Html;
  issues: { title: string; body: Html }[];
  closing?: Html;
  /** The notes referenced from intro, issues and closing, numbered in reading order. */
  footnotes: { number: number; html: Html }[];
  signoff?: string;
  /** Every signatory field but the private ones (core/fields.ts), in file order. */
  signatories: PublicSignatoryFields[];
  /** The signatories as printed: sections, groups, lines composed for the layout. */
  sections: SectionView[];
  layout: SignatoryLayout;
  signatoryCount: number;
}

export interface ViewOptions {
  /** The layout when the letter sets none: the template's own default. */
  layout?: SignatoryLayout;
}

/** HTML produced by the Markdown library; templates output it as is. */
export class Html {
  constructor(readonly html: string) {}
  toHTML(): string {
    return this.html;
  }
  toString(): string {
    return this.html;
  }
}

/** "2026-03-02" → "March 2, 2026" in the letter's language. */
export function formatDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Text as it is printed: composed (NFC), without invisible format characters. */
export const printable = (s: string): string => s.normalize('NFC').replace(INVISIBLE, '');
const opt = (s: string | undefined): string | undefined => (s === undefined ? undefined : printable(s));

function recipientView(r: Recipient): RecipientView {
  const view: RecipientView = { name: printable(r.name), address: r.address.map(printable), line: '' };
  if (r.title !== undefined) view.title = printable(r.title);
  if (r.organization !== undefined) view.organization = printable(r.organization);
  view.line = [view.name, view.title, view.organization].filter(Boolean).join(', ');
  return view;
}

/** The template data for a letter: dates formatted, Markdown converted, text in NFC. */
export function buildView(letter: Letter, options: ViewOptions = {}): LetterView {
  const labels = languageTable(letter.lang);
  const layout = letter.signatoryLayout ?? options.layout ?? 'blocks';
  const recipients = letter.recipients.map(recipientView);
  const markdown = renderLetterMarkdown(letter, printable);
  const html = (path: string): Html => new Html(markdown.html.get(path) ?? '');
  const view: LetterView = {
    title: printable(letter.title),
    lang: letter.lang,
    paper: letter.paper,
    recipients,
    cc: letter.cc.map(printable),
    labels: { subject: labels.subject, cc: labels.cc, to: labels.to, organizations: labels.organizations, individuals: labels.individuals },
    issues: letter.issues.map((issue, i) => ({ title: printable(issue.title), body: html(`issues.${i}.body`) })),
    footnotes: markdown.footnotes.map((f: Footnote) => ({ number: f.number, html: new Html(f.html) })),
    signatories: letter.signatories.map((s) => publicFields(s, printable)),
    sections: buildSections(letter, layout, printable),
    layout,
    signatoryCount: letter.signatories.length,
  };
  if (recipients.length === 1) view.recipient = recipients[0]!;
  const salutation = salutationOf(letter);
  if (salutation !== undefined) view.salutation = printable(salutation);
  if (letter.subtitle !== undefined) view.subtitle = printable(letter.subtitle);
  if (letter.subject !== undefined) {
    view.subject = printable(letter.subject);
    view.subjectLine = `${labels.subject} ${view.subject}`;
  }
  if (letter.date !== undefined) view.date = formatDate(letter.date, letter.lang);
  if (letter.place !== undefined) view.place = printable(letter.place);
  if (view.place !== undefined || view.date !== undefined) {
    view.dateLine =
      view.place !== undefined && view.date !== undefined ? labels.placeAndDate(view.place, view.date) : (view.place ?? view.date);
  }
  if (letter.intro !== undefined) view.intro = html('intro');
  if (letter.closing !== undefined) view.closing = html('closing');
  const signoff = opt(letter.signoff);
  if (signoff !== undefined) view.signoff = signoff;
  return view;
}

/** Every piece of letter text that can reach the page, with the field it came from. */
export function printedTexts(letter: Letter, view: LetterView): PrintedText[] {
  const texts: PrintedText[] = [];
  const add = (path: string, text: string | undefined): void => {
    if (text !== undefined) texts.push({ path, text: printable(text) });
  };
  // The schema locates `recipients.0.name` in a letter with `recipient:` too.
  letter.recipients.forEach((r, i) => {
    const at = `recipients.${i}`;
    add(`${at}.name`, r.name);
    add(`${at}.title`, r.title);
    add(`${at}.organization`, r.organization);
    for (const l of r.address) add(`${at}.address`, l);
  });
  add('salutation', view.salutation);
  add('subtitle', letter.subtitle);
  add('subject', letter.subject);
  add('place', letter.place);
  for (const [i, l] of letter.cc.entries()) add(`cc.${i}`, l);
  for (const [i, g] of letter.groups.entries()) add(`groups.${i}`, g);
  add('individuals_note', letter.individualsNote);
  add('date', view.date);
  add('intro', letter.intro);
  letter.issues.forEach((issue, i) => {
    add(`issues.${i}.title`, issue.title);
    add(`issues.${i}.body`, issue.body);
  });
  add('closing', letter.closing);
  add('signoff', letter.signoff);
  const printed = fieldsUsed('printed');
  letter.signatories.forEach((s, i) => {
    for (const field of printed) {
      const value = s[field];
      if (typeof value === 'string') add(`signatories.${i}.${field}`, value);
    }
  });
  return texts;
}

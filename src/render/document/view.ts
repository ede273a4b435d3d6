// The letter's template data (its view): every printed text escaped or rendered, labels in the letter's language.
import { fieldsUsed, publicFields, signatoryField, type PublicSignatoryFields } from '../../core/letter/fields.js';
import { NOT_PRINTED, codePointLabel, fieldLabel, findMissingGlyphs, isLayoutSpace, type PrintedText } from '../../core/text/glyphs.js';
import { languageTable, type LanguageTable } from '../../core/letter/languages.js';
import type { Letter, Recipient, SignatoryLayout } from '../../core/letter/letter.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { salutationOf } from '../../core/letter/rules.js';
import { countSentence, countSignatories } from '../../core/delivery/counts.js';
import { characterFault, findBadCharacter, isNotACharacter } from '../../core/text/characters.js';
import { type LongDates, longDates, numbers } from '../../core/text/dates-and-numbers.js';
import type { Problem } from '../../errors.js';
import { markdownFields, renderLetterMarkdown, type Footnote, type MarkdownOptions } from './letter-markdown.js';
import { MAX_MARKDOWN_DEPTH, inspectMarkdown } from './markdown.js';
import { buildSections, type SectionView } from './signatory-view.js';
import { typesetter } from './typography.js';

export interface RecipientView {
  name: string;
  /** "殿", "様", "The Honorable": printed where the language puts it (see addressee). */
  honorific?: string;
  title?: string;
  organization?: string;
  address: string[];
  /** Printed only where a template asks for it (`{{recipient.email}}`); the shipped templates do not. */
  email?: string;
  /** The name with its honorific ("The Honorable Jane Doe"); in ja, zh and ko with the title first: "内閣総理大臣 小泉純一郎 殿". */
  addressee: string;
  /** The recipient block's lines in the language's order: addressee, title, organization, address; in ja, zh and ko address, organization, addressee. */
  lines: string[];
  /** "Name, Title, Organization" on one line ("Organization Title Name Honorific" in ja, zh, ko). */
  line: string;
  /** The open-letter heading's line: "To Name, Title, Organization", "致行政院 院長 蘇貞昌 先生". */
  toLine: string;
}

/** The words letters prints itself, in the letter's language (core/letter/languages.ts). */
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
  /** The language puts the date after the body, above the signatures (ja, zh, ko), not above the letter. */
  dateAfterBody: boolean;
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
  /** The label before the cc lines with the space after it, none after a full-width colon: "cc: ", "抄送：". */
  ccLabel: string;
  labels: LabelsView;
  intro?: Html;
  issues: { title: string; body: Html }[];
  closing?: Html;
  /** The notes referenced from intro, issues and closing, numbered in reading order. */
  footnotes: { number: number; html: Html }[];
  signoff?: string;
  /** Markdown between the signoff and the list (`signatories_intro:`), and after the list, before cc (`signatories_outro:`). */
  signatoriesIntro?: Html;
  signatoriesOutro?: Html;
  /** Every signatory field but the private ones (core/letter/fields.ts), in file order. */
  signatories: PublicSignatoryFields[];
  /** The signatories as printed: sections, groups, lines composed for the layout. */
  sections: SectionView[];
  layout: SignatoryLayout;
  signatoryCount: number;
  /** How many signed (pending entries aside), and the sentence that says it in the letter's language. */
  count: { total: number; organizations: number; individuals: number; sentence: string };
}

export interface ViewOptions extends MarkdownOptions {
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

/** Per language, its long date format: made once a process (a mail merge dates every letter). */
const dateFormats = new Map<string, LongDates>();

/** "2026-03-02" → "March 2, 2026" in the letter's language. */
export function formatDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  let format = dateFormats.get(lang);
  if (format === undefined) {
    format = longDates(lang);
    dateFormats.set(lang, format);
  }
  return format.format(new Date(Date.UTC(y, m - 1, d)));
}

/** Text as it is printed: composed (NFC), without the invisible characters that do nothing there. */
export const printable = (s: string): string => s.normalize('NFC').replace(NOT_PRINTED, '');

/** A label and what follows it: "Re: …", but "件名：…" (a full-width colon has its space in it). */
export const labelled = (label: string, text: string): string =>
  `${label}${/[\u3000-\u303f\uff00-\uffef]$/u.test(label) ? '' : ' '}${text}`;

/** One addressee as the language writes it: the order of title, name and honorific, and the block's lines. */
function recipientView(r: Recipient, row: LanguageTable, text: (s: string) => string): RecipientView {
  const name = text(r.name);
  const honorific = r.honorific === undefined ? undefined : text(r.honorific);
  const title = r.title === undefined ? undefined : text(r.title);
  const organization = r.organization === undefined ? undefined : text(r.organization);
  const address = r.address.map(text);
  const words = (parts: (string | undefined)[], separator: string): string => parts.filter(Boolean).join(separator);
  const named = row.honorific === 'before' ? [honorific, name] : [name, honorific];
  const titleFirst = row.addressee === 'title-first';
  const addressee = words(titleFirst ? [title, ...named] : named, ' ');
  const line = titleFirst ? words([organization, addressee], ' ') : words([addressee, title, organization], row.separator);
  const view: RecipientView = {
    name,
    address,
    addressee,
    lines: titleFirst
      ? [...address, organization, addressee].filter((l): l is string => !!l)
      : [addressee, title, organization, ...address].filter((l): l is string => !!l),
    line,
    toLine: row.toLine(line),
  };
  if (honorific !== undefined) view.honorific = honorific;
  if (r.email !== undefined) view.email = r.email;
  if (title !== undefined) view.title = title;
  if (organization !== undefined) view.organization = organization;
  return view;
}

/** The letter's date as it prints, in its language; none without a date. */
export function printedDate(letter: Letter): string | undefined {
  return letter.date === undefined ? undefined : formatDate(letter.date, letter.lang);
}

/** The template data for a letter: dates formatted, Markdown converted, text in NFC. */
export function buildView(letter: Letter, options: ViewOptions = {}): LetterView {
  const labels = languageTable(letter.lang);
  const layout = letter.signatoryLayout ?? options.layout ?? 'blocks';
  // Plain text as printed: typographic quotes and, in French, no-break spaces (typography.ts).
  const typeset = typesetter(letter.lang);
  const printed = (s: string): string => typeset(printable(s));
  // A translation's fields kept in the letter's own language (untranslated:) keep that language's typography.
  const kept = letter.untranslated;
  const keptTypeset = kept === undefined ? typeset : typesetter(kept.lang);
  const printedIn =
    (field: string) =>
    (s: string): string =>
      kept?.fields.includes(field as never) ? keptTypeset(printable(s)) : printed(s);
  const opt = (s: string | undefined, field: string): string | undefined => (s === undefined ? undefined : printedIn(field)(s));
  const recipients = letter.recipients.map((r) => recipientView(r, labels, printed));
  const markdown = renderLetterMarkdown(letter, printable, options);
  const html = (path: string): Html => new Html(markdown.html.get(path) ?? '');
  const view: LetterView = {
    title: printed(letter.title),
    lang: letter.lang,
    paper: letter.paper,
    recipients,
    dateAfterBody: labels.dateAfterBody,
    cc: letter.cc.map(printedIn('cc')),
    ccLabel: labelled(labels.cc, ''),
    labels: { subject: labels.subject, cc: labels.cc, to: labels.to, organizations: labels.organizations, individuals: labels.individuals },
    issues: letter.issues.map((issue, i) => ({ title: printedIn('issues')(issue.title), body: html(`issues.${i}.body`) })),
    footnotes: markdown.footnotes.map((f: Footnote) => ({ number: f.number, html: new Html(f.html) })),
    signatories: letter.signatories.map((s) => publicFields(s, printed)),
    sections: buildSections(letter, layout, printed, printedIn),
    layout,
    signatoryCount: letter.signatories.length,
    count: countView(letter),
  };
  if (recipients.length === 1) view.recipient = recipients[0]!;
  view.title = printedIn('title')(letter.title);
  const salutation = salutationOf(letter);
  if (salutation !== undefined) view.salutation = printedIn('salutation')(salutation);
  if (letter.subtitle !== undefined) view.subtitle = printedIn('subtitle')(letter.subtitle);
  if (letter.subject !== undefined) {
    view.subject = printedIn('subject')(letter.subject);
    view.subjectLine = labelled(labels.subject, view.subject);
  }
  const date = printedDate(letter);
  if (date !== undefined) view.date = date;
  if (letter.place !== undefined) view.place = printedIn('place')(letter.place);
  if (view.place !== undefined || view.date !== undefined) {
    view.dateLine =
      view.place !== undefined && view.date !== undefined ? labels.placeAndDate(view.place, view.date) : (view.place ?? view.date);
  }
  if (letter.intro !== undefined) view.intro = html('intro');
  if (letter.closing !== undefined) view.closing = html('closing');
  if (letter.signatoriesIntro !== undefined) view.signatoriesIntro = html('signatories_intro');
  if (letter.signatoriesOutro !== undefined) view.signatoriesOutro = html('signatories_outro');
  const signoff = opt(letter.signoff, 'signoff');
  if (signoff !== undefined) view.signoff = signoff;
  return view;
}

/** The counts a template may print (`{{count.sentence}}`, `{{count.organizations}}` …). */
function countView(letter: Letter): LetterView['count'] {
  const counts = countSignatories(letter);
  return {
    total: counts.total,
    organizations: counts.organizations,
    individuals: counts.individuals,
    sentence: countSentence(counts, letter.lang),
  };
}

/** Every piece of letter text that can reach the page, with the field it came from. */
export function printedTexts(letter: Letter): PrintedText[] {
  const texts: PrintedText[] = [];
  const add = (path: string, text: string | undefined): void => {
    if (text !== undefined) texts.push({ path, text: printable(text) });
  };
  // One addressee is `recipient.…` wherever the file wrote it (the schema locates both ways).
  letter.recipients.forEach((r, i) => {
    const at = letter.recipients.length === 1 ? 'recipient' : `recipients.${i}`;
    add(`${at}.name`, r.name);
    add(`${at}.honorific`, r.honorific);
    add(`${at}.title`, r.title);
    add(`${at}.organization`, r.organization);
    for (const l of r.address) add(`${at}.address`, l);
  });
  // The default salutation is English words and the recipient's name, checked above.
  add('salutation', letter.salutation);
  add('subtitle', letter.subtitle);
  add('subject', letter.subject);
  add('place', letter.place);
  for (const [i, l] of letter.cc.entries()) add(`cc.${i}`, l);
  for (const [i, g] of letter.groups.entries()) add(`groups.${i}`, g);
  add('individuals_note', letter.individualsNote);
  if (letter.letterhead) {
    for (const l of letter.letterhead.lines) add('letterhead', l);
    add('letterhead.alt', letter.letterhead.alt);
  }
  add('intro', letter.intro);
  letter.issues.forEach((issue, i) => {
    add(`issues.${i}.title`, issue.title);
    add(`issues.${i}.body`, issue.body);
  });
  add('closing', letter.closing);
  add('signoff', letter.signoff);
  add('signatories_intro', letter.signatoriesIntro);
  add('signatories_outro', letter.signatoriesOutro);
  // A logo's path is a file's name, not text on the page.
  const printed = fieldsUsed('printed').filter((f) => signatoryField(f).kind !== 'picture');
  letter.signatories.forEach((s, i) => {
    for (const field of printed) {
      const value = s[field];
      if (typeof value === 'string') add(`signatories.${i}.${field}`, value);
    }
  });
  return texts;
}

/**
 * Everything in the letter that would not be printed as written, each problem at its place:
 * Markdown nested past what can be laid out, a character entity that is no character, and
 * every character no font has — typed, written as an entity, or in the date as the letter's
 * language writes it.
 */
export function printProblems(
  parsed: ParsedLetter,
  view: Pick<LetterView, 'date'>,
  covers: (codePoint: number) => boolean,
  together?: (cluster: string) => boolean,
): Problem[] {
  const { letter } = parsed;
  const problems: Problem[] = [];
  const texts = printedTexts(letter);
  for (const { path, text } of markdownFields(letter)) {
    for (const finding of inspectMarkdown(printable(text))) {
      const label = fieldLabel(path);
      switch (finding.kind) {
        case 'too-deep':
          problems.push({
            message: `${label} nests lists and block quotes more than ${MAX_MARKDOWN_DEPTH} deep`,
            hint: 'nest them less deeply from this line on; deeper text would not fit the page',
            location: parsed.locate(path, { line: finding.line, text: finding.text }),
          });
          break;
        case 'link-text': {
          // The address is shown decoded: `%01` would print a control character.
          const place = { line: finding.line, text: finding.href };
          const bad = findBadCharacter(finding.text);
          if (bad) {
            problems.push({
              message: `${label} has a link whose address stands for ${bad.what}`,
              hint: bad.hint,
              location: parsed.locate(path, place),
            });
          } else {
            texts.push({ path, text: printable(finding.text), place });
          }
          break;
        }
        case 'lang':
          problems.push({
            message: `${label} marks a passage with ${finding.markup === ':::' ? `::: {lang=${finding.tag}}` : finding.markup}, and "${finding.tag}" is not a language tag`,
            hint: 'write a BCP 47 tag such as en, fr, zh-Hant: [words]{lang=en}',
            location: parsed.locate(path, { line: finding.line, text: finding.markup === ':::' ? ':::' : finding.markup }),
          });
          break;
        case 'entity': {
          const { markup, char } = finding;
          const place = { line: finding.line, text: markup };
          const cp = char?.codePointAt(0);
          const fault = char === undefined ? undefined : characterFault(char);
          if (cp === undefined || cp === 0 || isNotACharacter(cp)) {
            problems.push({
              message: `${label} has the entity ${markup}, which is not a character`,
              hint: 'remove it, or write the character itself',
              location: parsed.locate(path, place),
            });
          } else if (fault) {
            problems.push({
              message: `${label} has the entity ${markup}, which stands for ${fault.what}`,
              hint: fault.hint,
              location: parsed.locate(path, place),
            });
          } else if (printable(char!) !== '') {
            texts.push({ path, text: printable(char!), place });
          }
          break;
        }
      }
    }
  }
  // Footnotes that do not match up, images and tables: letters cannot print them as written.
  for (const p of renderLetterMarkdown(letter).problems) {
    problems.push({ message: p.message, hint: p.hint, location: parsed.locate(p.path, { line: p.line }) });
  }
  problems.push(...findMissingGlyphs(texts, covers, (path, within) => parsed.locate(path, within), together));
  const date = view.date === undefined ? undefined : printable(view.date);
  const unprintable = date === undefined ? undefined : [...date].find((ch) => !isLayoutSpace(ch) && !covers(ch.codePointAt(0)!));
  if (unprintable !== undefined) {
    // The date's words and digits come from the language, not from the file's date: point at lang.
    problems.push({
      message: `dates in the letter's language (lang: ${letter.lang}) are written with a character no font of letters can print: "${unprintable}" (${codePointLabel(unprintable.codePointAt(0)!)})`,
      hint: 'use a language whose dates letters can print (see docs/fonts-and-scripts.md), or remove the date',
      location: parsed.locate('lang'),
    });
  }
  if (letter.numbered !== undefined) {
    // Signatory numbers are written in the language's digits, as the date is: point at numbered.
    const digits = numbers(letter.lang, { useGrouping: false }).format(1234567890);
    const missing = [...digits].find((ch) => !covers(ch.codePointAt(0)!));
    if (missing !== undefined) {
      problems.push({
        message: `numbers in the letter's language (lang: ${letter.lang}) are written with a digit no font of letters can print: "${missing}" (${codePointLabel(missing.codePointAt(0)!)})`,
        hint: 'remove numbered:, or use a language whose digits letters can print (see docs/fonts-and-scripts.md)',
        location: parsed.locate('numbered'),
      });
    }
  }
  // In the order they appear in the file.
  const at = (p: Problem): number => (p.location ? p.location.line * 1e6 + p.location.col : 0);
  return problems.sort((a, b) => at(a) - at(b));
}

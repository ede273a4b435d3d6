import type { Letter } from '../core/letter.js';
import { NOT_PRINTED, type PrintedText } from '../core/glyphs.js';
import { markdownToHtml } from './markdown.js';

/** What a template sees. Markdown fields arrive as HTML marked safe; everything else is escaped. */
export interface LetterView {
  title: string;
  lang: string;
  paper: string;
  date?: string;
  recipient: { name: string; title?: string; organization?: string; address: string[] };
  salutation: string;
  intro?: Html;
  issues: { title: string; body: Html }[];
  closing?: Html;
  signoff?: string;
  signatories: { organization?: string; name?: string; title?: string; signed?: string }[];
  signatoryCount: number;
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

/** Text as it is printed: composed (NFC), without the invisible characters that do nothing there. */
export const printable = (s: string): string => s.normalize('NFC').replace(NOT_PRINTED, '');
const opt = (s: string | undefined): string | undefined => (s === undefined ? undefined : printable(s));

/** The template data for a letter: dates formatted, Markdown converted, text in NFC. */
export function buildView(letter: Letter): LetterView {
  const view: LetterView = {
    title: printable(letter.title),
    lang: letter.lang,
    paper: letter.paper,
    recipient: {
      name: printable(letter.recipient.name),
      address: letter.recipient.address.map(printable),
    },
    salutation: printable(letter.salutation ?? `Dear ${letter.recipient.name},`),
    issues: letter.issues.map((i) => ({ title: printable(i.title), body: new Html(markdownToHtml(printable(i.body))) })),
    signatories: letter.signatories.map((s) => {
      const out: LetterView['signatories'][number] = {};
      if (s.organization !== undefined) out.organization = printable(s.organization);
      if (s.name !== undefined) out.name = printable(s.name);
      if (s.title !== undefined) out.title = printable(s.title);
      if (s.signed !== undefined) out.signed = s.signed;
      return out;
    }),
    signatoryCount: letter.signatories.length,
  };
  if (letter.recipient.title !== undefined) view.recipient.title = printable(letter.recipient.title);
  if (letter.recipient.organization !== undefined) view.recipient.organization = printable(letter.recipient.organization);
  if (letter.date !== undefined) view.date = formatDate(letter.date, letter.lang);
  if (letter.intro !== undefined) view.intro = new Html(markdownToHtml(printable(letter.intro)));
  if (letter.closing !== undefined) view.closing = new Html(markdownToHtml(printable(letter.closing)));
  const signoff = opt(letter.signoff);
  if (signoff !== undefined) view.signoff = signoff;
  return view;
}

/** Every piece of letter text that can reach the page, with the field it came from. */
export function printedTexts(letter: Letter, view: LetterView): PrintedText[] {
  const texts: PrintedText[] = [
    { path: 'recipient.name', text: view.recipient.name },
    { path: 'salutation', text: view.salutation },
  ];
  const add = (path: string, text: string | undefined): void => {
    if (text !== undefined) texts.push({ path, text: printable(text) });
  };
  add('recipient.title', letter.recipient.title);
  add('recipient.organization', letter.recipient.organization);
  for (const l of letter.recipient.address) add('recipient.address', l);
  add('date', view.date);
  add('intro', letter.intro);
  letter.issues.forEach((issue, i) => {
    add(`issues.${i}.title`, issue.title);
    add(`issues.${i}.body`, issue.body);
  });
  add('closing', letter.closing);
  add('signoff', letter.signoff);
  letter.signatories.forEach((s, i) => {
    add(`signatories.${i}.organization`, s.organization);
    add(`signatories.${i}.name`, s.name);
    add(`signatories.${i}.title`, s.title);
  });
  return texts;
}

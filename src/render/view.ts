import type { Letter } from '../core/letter.js';
import { NOT_PRINTED, codePointLabel, fieldLabel, findMissingGlyphs, isLayoutSpace, type PrintedText } from '../core/glyphs.js';
import type { ParsedLetter } from '../core/schema.js';
import { characterFault, findBadCharacter, isNotACharacter } from '../core/text.js';
import type { Problem } from '../errors.js';
import { MAX_MARKDOWN_DEPTH, inspectMarkdown, markdownToHtml } from './markdown.js';

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

/** The letter's Markdown fields, by path. */
function markdownFields(letter: Letter): { path: string; text: string }[] {
  const fields: { path: string; text: string }[] = [];
  if (letter.intro !== undefined) fields.push({ path: 'intro', text: letter.intro });
  letter.issues.forEach((issue, i) => {
    fields.push({ path: `issues.${i}.body`, text: issue.body });
  });
  if (letter.closing !== undefined) fields.push({ path: 'closing', text: letter.closing });
  return fields;
}

/** Every piece of letter text that can reach the page, with the field it came from. */
export function printedTexts(letter: Letter, view: LetterView): PrintedText[] {
  const texts: PrintedText[] = [{ path: 'recipient.name', text: view.recipient.name }];
  const add = (path: string, text: string | undefined): void => {
    if (text !== undefined) texts.push({ path, text: printable(text) });
  };
  // The default salutation is the recipient's name, checked above.
  add('salutation', letter.salutation);
  add('recipient.title', letter.recipient.title);
  add('recipient.organization', letter.recipient.organization);
  for (const l of letter.recipient.address) add('recipient.address', l);
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

/**
 * Everything in the letter that would not be printed as written, each problem at its place:
 * Markdown nested past what can be laid out, a character entity that is no character, and
 * every character no font has — typed, written as an entity, or in the date as the letter's
 * language writes it.
 */
export function printProblems(parsed: ParsedLetter, view: LetterView, covers: (codePoint: number) => boolean): Problem[] {
  const { letter } = parsed;
  const problems: Problem[] = [];
  const texts = printedTexts(letter, view);
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
  problems.push(...findMissingGlyphs(texts, covers, (path, within) => parsed.locate(path, within)));
  const date = view.date === undefined ? undefined : printable(view.date);
  const unprintable = date === undefined ? undefined : [...date].find((ch) => !isLayoutSpace(ch) && !covers(ch.codePointAt(0)!));
  if (unprintable !== undefined) {
    // The date's words and digits come from the language, not from the file's date: point at lang.
    problems.push({
      message: `dates in the letter's language (lang: ${letter.lang}) are written with a character no font of letters can print: "${unprintable}" (${codePointLabel(unprintable.codePointAt(0)!)})`,
      hint: 'use a language whose dates letters can print (see "Fonts and scripts" in the README), or remove the date',
      location: parsed.locate('lang'),
    });
  }
  // In the order they appear in the file.
  const at = (p: Problem): number => (p.location ? p.location.line * 1e6 + p.location.col : 0);
  return problems.sort((a, b) => at(a) - at(b));
}

/** Small decisions about a letter's shape that the render pipeline asks for by name. */
import { languageTable } from '../core/languages.js';
import { SIGNATORY_LAYOUTS, type Letter, type SignatoryLayout } from '../core/letter.js';

/**
 * A template states the layout it prints signatories in when the letter sets none, in its
 * comment: `default signatory_layout: names`. Templates without the line get blocks.
 */
export function templateLayout(templateText: string): SignatoryLayout | undefined {
  const m = /default signatory_layout:\s*([a-z]+)/.exec(templateText);
  return m && (SIGNATORY_LAYOUTS as readonly string[]).includes(m[1]!) ? (m[1] as SignatoryLayout) : undefined;
}

/** The PDF's Subject: "Letter to Jane Doe, Ministry of X and …", or "Open letter", in the letter's language. */
export function pdfSubject(letter: Letter): string {
  const labels = languageTable(letter.lang);
  if (letter.recipients.length === 0) return labels.openLetter;
  const names = letter.recipients.map((r) => [r.name, r.organization].filter(Boolean).join(', '));
  const list = new Intl.ListFormat(letter.lang, { style: 'long', type: 'conjunction' }).format(names);
  return labels.letterTo(list);
}

/** Small decisions about a letter's shape that the render pipeline asks for by name. */
import { languageTable } from '../../core/letter/languages.js';
import type { Letter } from '../../core/letter/letter.js';
import { typesetter } from './typography.js';

/** The PDF's Subject: "Letter to Jane Doe, Ministry of X and …", or "Open letter", in the letter's language. */
export function pdfSubject(letter: Letter): string {
  const labels = languageTable(letter.lang);
  if (letter.recipients.length === 0) return labels.openLetter;
  // With the quotes the names are printed with.
  const text = typesetter(letter.lang);
  const names = letter.recipients.map((r) => text([r.name, r.organization].filter(Boolean).join(', ')));
  // A list of one is its one name (ECMA-402's FormatList); ICU's list patterns load only for more.
  const list = names.length === 1 ? names[0]! : new Intl.ListFormat(letter.lang, { style: 'long', type: 'conjunction' }).format(names);
  return labels.letterTo(list);
}

// `{{recipient.…}}` in a letter's text, filled from its recipient: what every render does, apart from reading a mail merge's sheet (recipients.ts), so a render loads none of the sheet's column matching.
import type { Problem, SourceLocation } from '../../errors.js';
import type { Letter, Recipient } from '../letter/letter.js';
import { escapeMarkdown } from '../text/markdown-escape.js';

/** `{{recipient.name}}` and its kin, in a letter's Markdown fields and salutation. */
export const PLACEHOLDER = /\{\{\s*recipient\.([^}\s]*)\s*\}\}/g;
export const PLACEHOLDER_FIELDS = ['name', 'title', 'organization', 'address'] as const;

function recipientValue(recipient: Recipient, field: string): string | undefined {
  switch (field) {
    case 'name':
      return recipient.name;
    case 'title':
      return recipient.title;
    case 'organization':
      return recipient.organization;
    case 'address':
      return recipient.address.length > 0 ? recipient.address.join(', ') : undefined;
    default:
      return undefined;
  }
}

/**
 * Fill `{{recipient.…}}` from the letter's recipient (in a mail merge, the row's). An
 * unknown field is a problem at the letter field that uses it; a field this recipient lacks
 * is a problem at `missing(field)` (the CSV cell), or at the letter field.
 */
export function fillRecipient(
  letter: Letter,
  locate: (path: string) => SourceLocation,
  missing: (field: string) => SourceLocation | undefined = () => undefined,
): { letter: Letter; problems: Problem[] } {
  const problems: Problem[] = [];
  const fill = (text: string | undefined, path: string, markdown: boolean): string | undefined => {
    if (text === undefined || !text.includes('{{')) return text;
    return text.replace(PLACEHOLDER, (whole, field: string) => {
      if (!(PLACEHOLDER_FIELDS as readonly string[]).includes(field)) {
        problems.push({
          message: `${path} uses ${whole}, which is not a recipient field`,
          hint: `use one of ${PLACEHOLDER_FIELDS.map((f) => `{{recipient.${f}}}`).join(', ')}`,
          location: locate(path),
        });
        return whole;
      }
      const only = letter.recipients.length === 1 ? letter.recipients[0] : undefined;
      if (only === undefined) {
        // No one, or several: which recipient's field would it be?
        problems.push({
          message: `${path} uses ${whole}, but the letter has ${letter.recipients.length === 0 ? 'no recipient' : `${letter.recipients.length} recipients`}`,
          hint: 'give the letter one recipient:, or render it with --recipients FILE.csv (one letter each)',
          location: locate(path),
        });
        return whole;
      }
      const value = recipientValue(only, field);
      if (value === undefined) {
        const cell = missing(field);
        problems.push({
          message: cell
            ? `this recipient has no ${field}, which ${path} uses (${whole})`
            : `${path} uses ${whole}, but the recipient has no ${field}`,
          hint: cell ? `fill in the ${field}, or reword ${path}` : `add recipient.${field}, or reword ${path}`,
          location: cell ?? locate(path),
        });
        return whole;
      }
      return markdown ? escapeMarkdown(value) : value;
    });
  };
  const out: Letter = {
    ...letter,
    issues: letter.issues.map((issue, i) => ({ ...issue, body: fill(issue.body, `issues.${i}.body`, true)! })),
  };
  const set = <K extends 'intro' | 'closing' | 'salutation'>(key: K, markdown: boolean): void => {
    const value = fill(letter[key], key, markdown);
    if (value !== undefined) out[key] = value;
  };
  set('intro', true);
  set('closing', true);
  set('salutation', false);
  return { letter: out, problems };
}

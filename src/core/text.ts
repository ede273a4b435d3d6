import { LettersError } from '../errors.js';

const SINGLE_LINE = /^[^\r\n\t\u0000-\u001f\u007f]*$/;

/**
 * A one-line value typed on the command line or at a prompt: NFC, spaces collapsed, empty
 * as undefined; line breaks become spaces; other control characters are refused, naming the flag.
 */
export function cleanLine(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (trimmed === '') return undefined;
  if (!SINGLE_LINE.test(trimmed)) {
    throw new LettersError('usage', `${flag} contains a control character`, `give ${flag} as plain text on one line`);
  }
  return trimmed;
}

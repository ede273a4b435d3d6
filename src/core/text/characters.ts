/*
 * The rules for what text a letter may hold, shared by the file reader and by values typed on
 * the command line, so that `sign` accepts exactly what the letter file would accept.
 */
import { LettersError } from '../../errors.js';
import { codePointLabel } from './glyphs.js';

/**
 * ASCII white space is the only spacing letters tidies (collapses, trims); a no-break space or
 * any other Unicode space is kept as typed, as the document tree keeps it.
 */
const ASCII_SPACE_RUN = /[ \t\n\r]+/g;
const ASCII_SPACE_ENDS = /^[ \t\n\r]+|[ \t\n\r]+$/g;

/** Space, tab, line feed, carriage return: the white space ASCII_SPACE_ENDS trims. */
const isAsciiSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/** The text without ASCII white space at either end. */
export function trimAscii(text: string): string {
  // Most values have nothing to trim: two character looks instead of a regular expression.
  if (text === '' || (!isAsciiSpace(text.charCodeAt(0)) && !isAsciiSpace(text.charCodeAt(text.length - 1)))) return text;
  return text.replace(ASCII_SPACE_ENDS, '');
}

/**
 * Characters that show nothing on the page: any space, format characters such as ZWSP, soft
 * hyphen, bidi marks, BOM (the Hangul fillers among them), and the blank braille pattern
 * U+2800, drawn as an empty cell: a name of it alone would print as an empty signature.
 */
const NOTHING_VISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** True for text that is not empty yet would print as a blank (only spaces and invisible characters). */
export function hasNothingVisible(text: string): boolean {
  // An ASCII letter or digit is seen: most values are told at their first characters.
  return text !== '' && !/[0-9A-Za-z]/.test(text) && NOTHING_VISIBLE.test(text);
}

/** A character a letter never holds, where it is in the text, and how to say what it is. */
export interface BadCharacter {
  index: number;
  char: string;
  codePoint: number;
  /** "a control character (U+0000)" */
  what: string;
  hint: string;
}

/*
 * Control characters (C0 other than tab and line breaks, DEL, C1) print as nothing or as a box,
 * and on a terminal they drive the screen; the Unicode line separators break lines in an editor
 * but not on the page. The explicit direction controls (embeddings,
 * overrides, isolates) make an editor show a name in another order than the PDF prints it.
 * Surrogates and noncharacters are not characters at all.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/** The Unicode line and paragraph separators: line breaks to an editor, nothing the font draws. */
const SEPARATOR = /[\u2028\u2029]/u;
/** Any of the above, or a surrogate (a character beyond U+FFFF, or a lone one), or a noncharacter below U+10000. */
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;

/** True for a code point that is not a character: surrogates, noncharacters, beyond U+10FFFF. */
export function isNotACharacter(cp: number): boolean {
  return (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe || cp > 0x10ffff;
}

/** The reason one character cannot be in a letter, or undefined when it may (tab and line breaks may). */
export function characterFault(char: string): Omit<BadCharacter, 'index'> | undefined {
  const codePoint = char.codePointAt(0)!;
  const cp = codePointLabel(codePoint);
  if (CONTROL.test(char)) {
    return { char, codePoint, what: `a control character (${cp})`, hint: 'remove it; control characters cannot be printed' };
  }
  if (SEPARATOR.test(char)) {
    return { char, codePoint, what: `a Unicode line separator (${cp})`, hint: 'use an ordinary line break, or a space' };
  }
  if (DIRECTION_CONTROL.test(char)) {
    return {
      char,
      codePoint,
      what: `a direction control character (${cp})`,
      hint: 'remove it; letters prints text in the order it is typed, so the letter would not read as the file shows it',
    };
  }
  if (isNotACharacter(codePoint)) {
    return { char, codePoint, what: `${cp}, which is not a character`, hint: 'remove it' };
  }
  return undefined;
}

/** The first character of `text` a letter cannot hold; whether a line break may be there is the caller's rule. */
export function findBadCharacter(text: string): BadCharacter | undefined {
  // One scan for the common case, a value with none of them (a 10,000-name letter has 30,000).
  if (!SUSPECT.test(text)) return undefined;
  let index = 0;
  for (const char of text) {
    const fault = characterFault(char);
    if (fault) return { index, ...fault };
    index += char.length;
  }
  return undefined;
}

/**
 * A one-line value typed on the command line or at a prompt: NFC, runs of ASCII white space
 * (line breaks included) collapsed to one space, empty as undefined. A character the letter
 * file would refuse, or a value with nothing visible in it, is an error naming `label`
 * (the flag, or the field).
 */
export function cleanLine(value: string | undefined, label: string): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = trimAscii(value.normalize('NFC').replace(ASCII_SPACE_RUN, ' '));
  if (cleaned === '') return undefined;
  // Node decodes argv and prompt input as UTF-8 and turns each byte that is not UTF-8 into
  // U+FFFD; stored, it would print as a box where a letter of a name was. In a file the UTF-8
  // check refuses such bytes before decoding, so a U+FFFD there was typed on purpose.
  if (cleaned.includes('\ufffd')) {
    throw new LettersError(
      'usage',
      `${label} contains U+FFFD: the terminal sent bytes that are not UTF-8 text`,
      `set the terminal to UTF-8 (e.g. LANG=en_US.UTF-8) and type ${label} again`,
    );
  }
  const fault = valueFault(cleaned, label, `give ${label} as it should be printed`);
  if (fault) throw new LettersError('usage', fault.message, fault.hint);
  return cleaned;
}

/**
 * Why a tidied value named `label` cannot be in a letter: a character the file would refuse,
 * or nothing visible (then `emptyHint` says what to do). The one rule for flags, prompts and
 * sign-up sheet cells.
 */
export function valueFault(value: string, label: string, emptyHint: string): { message: string; hint: string } | undefined {
  const bad = findBadCharacter(value);
  if (bad) return { message: `${label} contains ${bad.what}`, hint: bad.hint };
  if (hasNothingVisible(value))
    return { message: `${label} has no visible characters (only ${describeInvisible(value)})`, hint: emptyHint };
  return undefined;
}

/** "U+200B, U+00AD": the distinct code points of a short run of invisible text. */
export function describeInvisible(text: string): string {
  const cps = [...new Set([...text].map((c) => codePointLabel(c.codePointAt(0)!)))];
  return cps.length > 4 ? `${cps.slice(0, 4).join(', ')} …` : cps.join(', ');
}

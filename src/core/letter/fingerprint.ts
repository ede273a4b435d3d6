//! The text a signature agrees to, and its fingerprint: what `sign` and `import` stamp as
//! `text:`, what `status` and `render` compare, and what `diff` prints.
import { createHash } from 'node:crypto';
import { INVISIBLE } from '../text/glyphs.js';
import type { Letter } from './letter.js';

/** One piece of the letter's words, labelled for people ("intro", "issue 2 title"). */
export interface TextPart {
  label: string;
  text: string;
}

/**
 * The fields whose words a signatory puts their name under, in the order they are read.
 * Not the signatories, dates, place, status or layout: those change without changing what
 * was agreed. Nor the signoff and the text around the list (`signatories_intro`,
 * `signatories_outro`): they speak of the list ("Endorsers as of April 30, 2020:") and change
 * as it grows, which must not ask everyone to sign again. Fields a letter does not have are skipped, so a letter written before a field
 * existed keeps its fingerprint.
 */
const AGREED_FIELDS = ['title', 'subtitle', 'recipient', 'recipients', 'subject', 'salutation', 'intro', 'issues', 'closing'] as const;

/**
 * White space that is not already one space: a run of two or more, or one tab or line break.
 * Replacing every single space by itself would copy a long text in millions of pieces.
 */
const SPACING = /\s{2,}|[^\S ]/g;

/** Spacing never changes meaning: runs of white space are one space; blank lines part paragraphs. */
function normalize(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.replace(SPACING, ' ').trim())
    .filter((p) => p !== '')
    .join('\n\n');
}

function parts(label: string, value: unknown, out: TextPart[]): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    const text = normalize(value);
    if (text !== '') out.push({ label, text });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) parts(`${label} ${i + 1}`, v, out);
  } else if (typeof value === 'object') {
    // An addressee's e-mail address is where the letter goes, not words anyone signs under.
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (key !== 'email') parts(`${label} ${key}`, v, out);
  }
}

/** The agreed text of a letter, normalized, in reading order. */
export function agreedText(letter: Letter): TextPart[] {
  const out: TextPart[] = [];
  const fields = letter as unknown as Record<string, unknown>;
  for (const field of AGREED_FIELDS) {
    if (field === 'issues') {
      letter.issues.forEach((issue, i) => {
        parts(`issue ${i + 1} title`, issue.title, out);
        parts(`issue ${i + 1}`, issue.body, out);
      });
    } else {
      parts(field, fields[field], out);
    }
  }
  return out;
}

/** Hex digits kept: 32 bits tell texts of one letter apart and stay short in the file. */
export const FINGERPRINT_LENGTH = 8;

/**
 * The fingerprint of a letter's agreed text: the same for the same words whatever the YAML
 * quoting, line wrapping or comments, different when a word changes.
 */
export function textFingerprint(letter: Letter): string {
  const canonical = JSON.stringify(agreedText(letter).map((p) => [p.label, p.text]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, FINGERPRINT_LENGTH);
}

/** The agreed text as lines, for `letters diff`: each part under its label, paragraphs apart. */
export function agreedTextLines(letter: Letter): string[] {
  return agreedText(letter).flatMap((p) => [`[${p.label}]`, ...p.text.split('\n\n').flatMap((para) => [para, ''])]);
}

/** True when `fingerprint` is a recorded fingerprint of `current` (a longer one by its prefix). */
export function sameText(recorded: string, current: string): boolean {
  return recorded.startsWith(current) || current.startsWith(recorded);
}

/** Signatories whose recorded text is not the letter's current one, by index; those with none recorded are apart. */
export function textAgreement(letter: Letter): { current: string; earlier: number[]; unrecorded: number[] } {
  const current = textFingerprint(letter);
  const earlier: number[] = [];
  const unrecorded: number[] = [];
  letter.signatories.forEach((s, i) => {
    if (s.text === undefined) unrecorded.push(i);
    else if (!sameText(s.text, current)) earlier.push(i);
  });
  return { current, earlier, unrecorded };
}

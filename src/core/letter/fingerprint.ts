//! The text a signature agrees to, and its fingerprint: what `sign` and `import` stamp as
//! `text:`, what `status` and `render` compare, and what `diff` prints.
// SHA-256 in JavaScript (a render hashes one letter's text, a few kilobytes): Node's crypto module
// costs milliseconds to load, more than the hash, and a render of a small letter without pictures
// needs it for nothing else (the cache of big letters, io/files/letter-cache.ts, and a picture's
// decoding, io/pictures/decode-picture.ts, load it when they are used).
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
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

/** The pieces of a value (a text, a list, an addressee's fields) under `label`, normalized, appended to `out`. */
export function textParts(label: string, value: unknown, out: TextPart[]): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    const text = normalize(value);
    if (text !== '') out.push({ label, text });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) textParts(`${label} ${i + 1}`, v, out);
  } else if (typeof value === 'object') {
    // An addressee's e-mail address is where the letter goes, not words anyone signs under.
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (key !== 'email') textParts(`${label} ${key}`, v, out);
  }
}

/** The agreed text of a letter, normalized, in reading order. */
export function agreedText(letter: Letter): TextPart[] {
  const out: TextPart[] = [];
  const fields = letter as unknown as Record<string, unknown>;
  for (const field of AGREED_FIELDS) {
    if (field === 'issues') {
      letter.issues.forEach((issue, i) => {
        textParts(`issue ${i + 1} title`, issue.title, out);
        textParts(`issue ${i + 1}`, issue.body, out);
      });
    } else {
      textParts(field, fields[field], out);
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
  return partsFingerprint(agreedText(letter));
}

/** The fingerprint of labelled, normalized text parts (the agreed text, a translation's source text). */
export function partsFingerprint(parts: readonly TextPart[]): string {
  const canonical = JSON.stringify(parts.map((p) => [p.label, p.text]));
  return bytesToHex(sha256(utf8ToBytes(canonical))).slice(0, FINGERPRINT_LENGTH);
}

/** Text parts as lines, for `letters diff`: each part under its label, paragraphs apart. */
export function partLines(parts: readonly TextPart[]): string[] {
  return parts.flatMap((p) => [`[${p.label}]`, ...p.text.split('\n\n').flatMap((para) => [para, ''])]);
}

/** The agreed text as lines, for `letters diff`: each part under its label, paragraphs apart. */
export function agreedTextLines(letter: Letter): string[] {
  return partLines(agreedText(letter));
}

/** True when `fingerprint` is a recorded fingerprint of `current` (a longer one by its prefix). */
export function sameText(recorded: string, current: string): boolean {
  return recorded.startsWith(current) || current.startsWith(recorded);
}

/** How signatories stand to the texts they signed: by index, those on an earlier text, with none recorded, on no version there is. */
export interface TextAgreement {
  /** The fingerprint of the letter's own text (its language). */
  current: string;
  earlier: number[];
  unrecorded: number[];
  /** Signed a language version (`lang:`) the letter has no translation for. */
  noVersion: number[];
}

/**
 * Signatories whose recorded text is not the current text of the version they signed, by index:
 * the letter's own, or with `lang:` a translation's, from `versions` (language tag in lowercase →
 * the fingerprint of that version's text). Those with none recorded are apart, and so are those
 * who signed a version the letter does not have.
 */
export function textAgreement(letter: Letter, versions: ReadonlyMap<string, string> = new Map()): TextAgreement {
  const current = textFingerprint(letter);
  const own = letter.lang.toLowerCase();
  const earlier: number[] = [];
  const unrecorded: number[] = [];
  const noVersion: number[] = [];
  letter.signatories.forEach((s, i) => {
    const lang = s.lang?.toLowerCase();
    const text = lang === undefined || lang === own ? current : versions.get(lang);
    if (text === undefined) noVersion.push(i);
    else if (s.text === undefined) unrecorded.push(i);
    else if (!sameText(s.text, text)) earlier.push(i);
  });
  return { current, earlier, unrecorded, noVersion };
}

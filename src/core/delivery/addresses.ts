// E-mail addresses as letters takes them: one address per value, `Name <address>` or bare, and nothing that could start a second header or a second recipient.
import type { MailAddress } from '../letter/letter.js';

/**
 * What is wrong with a value that goes into a mail header, or undefined. A line break (CR, LF,
 * U+2028/2029) would end the header and start another one (`Bcc: everyone@…`); any other control
 * character has no business there either.
 */
export function headerFault(value: string): string | undefined {
  const m = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.exec(value);
  if (m === null) return undefined;
  const cp = `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\r\n\u2028\u2029]/u.test(m[0])
    ? `a line break (${cp}), which would start a new mail header`
    : `a control character (${cp}), which a mail header cannot carry`;
}

/** Dot-atom local parts (RFC 5322 without quoted strings, comments or IP literals): what people type. */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A domain label: letters (any script, for internationalized domains), digits, inner hyphens. */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u;

/** Why `text` is not one e-mail address (`jane@example.org`), or undefined when it is one. */
export function addressFault(text: string): string | undefined {
  const fault = headerFault(text);
  if (fault !== undefined) return `it contains ${fault}`;
  if (/[,;]/.test(text)) return 'it holds more than one address (a comma or semicolon): give one address per entry';
  if (/[\s<>"()[\]\\]/u.test(text)) return 'it has a space, quote, bracket or angle bracket, which no plain address has';
  const at = text.lastIndexOf('@');
  if (at < 0) return 'it has no @';
  if (text.indexOf('@') !== at) return 'it has more than one @';
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === '' || local.length > 64 || !LOCAL.test(local)) return `"${local}" before the @ is not the name part of an address`;
  const labels = domain.split('.');
  if (labels.length < 2 || text.length > 254 || !labels.every((l) => LABEL.test(l))) return `"${domain}" after the @ is not a domain name`;
  if (/^\d+$/.test(labels[labels.length - 1]!)) return `"${domain}" after the @ is not a domain name`;
  return undefined;
}

/** The outcome of reading one address value. */
/** `line`: what a cc entry prints, its name (an address alone prints nothing: addresses are never printed). */
export type AddressRead = { ok: true; address?: MailAddress; line?: string } | { ok: false; problem: string };

/**
 * Read `Name <address>`, `<address>` or a bare address. With `optional` (a cc line), text without
 * an address is a printed line only; otherwise an address is required. A second address, in the
 * name or after the first, is refused, never guessed at.
 */
export function readAddressText(text: string, optional: boolean): AddressRead {
  const fault = headerFault(text);
  if (fault !== undefined) return { ok: false, problem: `it contains ${fault}` };
  const bracketed = /^(.*?)\s*<([^<>]*)>\s*$/su.exec(text);
  if (bracketed !== null) {
    const name = bracketed[1]!.trim().replace(/^"(.*)"$/su, '$1');
    const email = bracketed[2]!.trim();
    const bad = addressFault(email);
    if (bad !== undefined) return { ok: false, problem: `<${email}> is not an e-mail address: ${bad}` };
    const nameBad = nameFault(name);
    if (nameBad !== undefined) return { ok: false, problem: nameBad };
    return name === '' ? { ok: true, address: { email } } : { ok: true, address: { name, email }, line: name };
  }
  if (/[<>]/.test(text)) return { ok: false, problem: 'it has an angle bracket that does not close an address: write Name <address>' };
  if (text.includes('@')) {
    const bad = addressFault(text.trim());
    if (bad !== undefined) return { ok: false, problem: `"${text.trim()}" is not an e-mail address: ${bad}` };
    return { ok: true, address: { email: text.trim() } };
  }
  if (optional) return { ok: true, line: text };
  return { ok: false, problem: 'it has no e-mail address: write Name <address>, or the address alone' };
}

/** Why a display name cannot go before an address, or undefined. */
export function nameFault(name: string): string | undefined {
  const fault = headerFault(name);
  if (fault !== undefined) return `the name contains ${fault}`;
  if (/[<>]/.test(name)) return `the name "${name}" has an angle bracket, as a second address would: remove it`;
  if (
    /@/.test(name) &&
    /\S@\S/.test(name) &&
    addressFault(
      name
        .trim()
        .split(/\s+/)
        .find((w) => w.includes('@')) ?? '',
    ) === undefined
  )
    return `the name "${name}" holds an e-mail address: give one address per entry`;
  return undefined;
}

/** An address as written in a header and in records: `Name <address>`, or the address alone. */
export function formatAddress(a: MailAddress): string {
  return a.name === undefined ? a.email : `${a.name} <${a.email}>`;
}

/** Addresses compared as mail systems compare them in practice: the domain ignoring case, and the whole ignoring case. */
export function addressKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The address inside a record's `Name <address>` entry. */
export function emailOf(entry: string): string {
  return /<([^<>]*)>\s*$/.exec(entry)?.[1] ?? entry.trim();
}

/** The domain of an address, for Message-IDs. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

// One outgoing e-mail as a value (who, what, which files), the checks every header passes before anything is sent, and the placeholders of a message's text.
import type { MailAddress } from '../letter/letter.js';
import { addressFault, addressKey, formatAddress, nameFault } from './addresses.js';
import type { Envelope } from './journal.js';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** An e-mail, decided: io/mail/compose.ts turns it into bytes (MIME), word for word. */
export interface OutgoingMessage {
  /** The journal's key: the first recipient's address, in lower case. */
  key: string;
  from: MailAddress;
  replyTo?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  /** The plain-text body. */
  text: string;
  attachments: Attachment[];
  messageId: string;
  date: Date;
}

/** The addresses of a message as the journal and the records keep them. */
export function envelopeOf(m: Pick<OutgoingMessage, 'to' | 'cc' | 'bcc'>): Envelope {
  return { to: m.to.map(formatAddress), cc: m.cc.map(formatAddress), bcc: m.bcc.map(formatAddress) };
}

/** Every address the message goes to, once each. */
export function allRecipients(m: Pick<OutgoingMessage, 'to' | 'cc' | 'bcc'>): MailAddress[] {
  const seen = new Set<string>();
  return [...m.to, ...m.cc, ...m.bcc].filter((a) => {
    const k = addressKey(a.email);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Every header value of a message checked once more, right before it is composed: a line break
 * or a second address in any of them is refused (letters checks each at its source first, with
 * its place; this is the last guard).
 */
export function messageFaults(m: OutgoingMessage): string[] {
  const faults: string[] = [];
  const address = (what: string, a: MailAddress): void => {
    const bad = addressFault(a.email);
    if (bad !== undefined) faults.push(`${what} <${a.email}>: ${bad}`);
    const badName = a.name === undefined ? undefined : nameFault(a.name);
    if (badName !== undefined) faults.push(`${what}: ${badName}`);
  };
  address('from', m.from);
  if (m.replyTo) address('reply-to', m.replyTo);
  for (const [what, list] of [
    ['to', m.to],
    ['cc', m.cc],
    ['bcc', m.bcc],
  ] as const)
    for (const a of list) address(what, a);
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(m.subject)) faults.push('the subject has a line break or control character');
  if (m.to.length === 0) faults.push('the message has no recipient');
  for (const a of m.attachments)
    if (/[\u0000-\u001f\u007f-\u009f/\\]/u.test(a.filename)) faults.push(`the attachment name ${a.filename} is not a file name`);
  return faults;
}

/** `{{name}}`-style placeholders in a message, with the values this recipient gives them. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

/** The text with its placeholders filled; unknown placeholders are listed, never left in silently. */
export function fillPlaceholders(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
): { text: string; unknown: string[]; empty: string[] } {
  const unknown: string[] = [];
  const empty: string[] = [];
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in values)) {
      unknown.push(whole);
      return whole;
    }
    const value = values[name];
    if (value === undefined) {
      empty.push(whole);
      return '';
    }
    return value;
  });
  return { text: out, unknown, empty };
}

/** The placeholders a text uses, by name. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * A message file read as `Subject: …` on its first line, a blank line, then the body; or the body
 * alone. CRLF and a byte-order mark are tolerated.
 */
export function splitMessageFile(text: string): { subject?: string; body: string } {
  const clean = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const m = /^Subject:[ \t]*(.*)\n(?:[ \t]*\n)?/i.exec(clean);
  if (m === null) return { body: clean.trim() };
  return { subject: m[1]!.trim(), body: clean.slice(m[0].length).trim() };
}

/** `--rate 20/min`: the least time between two messages, in ms; undefined when the text is not a rate. */
export function parseRate(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute|h|hr|hour)s?\s*$/i.exec(text);
  if (m === null) return undefined;
  const count = Number(m[1]);
  if (!(count > 0)) return undefined;
  const unit = m[2]!.toLowerCase();
  const per = unit.startsWith('s') ? 1000 : unit.startsWith('h') ? 3_600_000 : 60_000;
  return per / count;
}

/** How long to wait before retrying after a temporary failure: 1 s, 2 s, 4 s; undefined once those are spent. */
export function retryDelay(attempt: number, baseMs = 1000, attempts = 4): number | undefined {
  return attempt >= attempts ? undefined : baseMs * 2 ** (attempt - 1);
}

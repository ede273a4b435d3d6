// Who gets what: the signers `notify` tells, the invitees `remind` chases, and the addresses that already got this very text or message.
import { individualKey, matchKey } from '../letter/identity.js';
import type { DeliveryRecord, Invitee, Letter, NoticeRecord } from '../letter/letter.js';
import { addressKey, emailOf } from './addresses.js';
import { signedEntries } from './counts.js';

/** One person a notice goes to, with the values its placeholders take. */
export interface NoticeRecipient {
  email: string;
  /** The person's name, or the organization's when no person is given. */
  name: string;
  organization?: string;
  /** Where the address came from, for messages: "signatories.3", "invited.2". */
  path: string;
}

/** Signatories with a private `email`, counted (not pending), each address once. */
export function signersToNotify(letter: Letter): { recipients: NoticeRecipient[]; withoutEmail: number } {
  const seen = new Set<string>();
  const recipients: NoticeRecipient[] = [];
  let withoutEmail = 0;
  const counted = new Set(signedEntries(letter));
  letter.signatories.forEach((s, i) => {
    if (!counted.has(s)) return;
    if (s.email === undefined) {
      withoutEmail++;
      return;
    }
    const key = addressKey(s.email);
    if (seen.has(key)) return;
    seen.add(key);
    recipients.push({
      email: s.email,
      name: s.name ?? s.organization ?? '',
      ...(s.organization === undefined ? {} : { organization: s.organization }),
      path: `signatories.${i}`,
    });
  });
  return { recipients, withoutEmail };
}

/**
 * Whether an invitee has signed: an organization by its name as signing compares names, a person
 * by name (and affiliation, as signing does), or anyone by the address they were invited at.
 */
function hasSigned(letter: Letter, invitee: Invitee): boolean {
  const list = signedEntries(letter);
  const email = addressKey(invitee.email);
  if (list.some((s) => s.email !== undefined && addressKey(s.email) === email)) return true;
  if (invitee.organization !== undefined) {
    const key = matchKey(invitee.organization);
    return list.some((s) => s.organization !== undefined && matchKey(s.organization) === key);
  }
  if (invitee.name !== undefined) {
    const wanted = individualKey(invitee.name);
    return list.some((s) => s.organization === undefined && s.name !== undefined && individualKey(s.name) === wanted);
  }
  return false;
}

/** Invitees who have not signed (nor withdrawn), in the order of `invited:`. */
export function invitedNotSigned(letter: Letter): { invitee: Invitee; index: number }[] {
  // One who signed and withdrew, or whose signature waits for review, has answered: no reminder either.
  const answered: Letter = { ...letter, signatories: [...(letter.withdrawn ?? []), ...(letter.pending ?? [])] };
  return (letter.invited ?? [])
    .map((invitee, index) => ({ invitee, index }))
    .filter(({ invitee }) => !hasSigned(letter, invitee) && !hasSigned(answered, invitee));
}

/** The invitees `remind` writes to. */
export function inviteesToRemind(letter: Letter): NoticeRecipient[] {
  return invitedNotSigned(letter).map(({ invitee, index }) => ({
    email: invitee.email,
    name: invitee.name ?? invitee.organization ?? '',
    ...(invitee.organization === undefined ? {} : { organization: invitee.organization }),
    path: `invited.${index}`,
  }));
}

/** Addresses among `emails` that a delivery of text `text` already went to, as the letter records it. */
export function alreadyDelivered(
  records: readonly DeliveryRecord[] | undefined,
  text: string,
  emails: readonly string[],
): Map<string, DeliveryRecord> {
  const got = new Map<string, DeliveryRecord>();
  for (const r of records ?? []) {
    if (r.text !== text) continue;
    for (const entry of [...r.to, ...r.cc, ...r.bcc]) got.set(addressKey(emailOf(entry)), r);
  }
  const out = new Map<string, DeliveryRecord>();
  for (const e of emails) {
    const r = got.get(addressKey(e));
    if (r !== undefined) out.set(addressKey(e), r);
  }
  return out;
}

/** Addresses that a notice with this message (its SHA-256) already went to. */
export function alreadyNoticed(records: readonly NoticeRecord[] | undefined, message: string): Set<string> {
  const out = new Set<string>();
  for (const r of records ?? []) if (r.message === message) for (const entry of r.to) out.add(addressKey(emailOf(entry)));
  return out;
}

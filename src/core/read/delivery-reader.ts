// Reading a letter file, the delivery fields: addresses (cc, bcc, from, reply_to), the cover e-mail, who was invited, and the records `send`, `notify` and `remind` write.
import { isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { addressFault, readAddressText } from '../delivery/addresses.js';
import type { DeliveryRecord, Invitee, Letter, MailAddress, NoticeRecord } from '../letter/letter.js';
import type { Reader } from './reader.js';

type Fields = Map<string, YamlNode | null>;

export const INVITEE_FIELDS = ['organization', 'name', 'email', 'invited'] as const;
export const DELIVERY_FIELDS = ['at', 'channel', 'server', 'to', 'cc', 'bcc', 'message_id', 'text', 'pdf_sha256'] as const;
export const NOTICE_FIELDS = ['at', 'channel', 'server', 'subject', 'message', 'to'] as const;

const ADDRESS_HINT = 'write Name <address> (or the address alone), one per entry, such as "Jane Doe <jane@example.org>"';

/** One address value: `Name <address>`, a bare address, or a mapping `{name, email}`; undefined (reported) when not. */
function readAddress(
  r: Reader,
  node: YamlNode | null | undefined,
  field: string,
  parent: YamlNode,
  optional: boolean,
): { address?: MailAddress; line?: string } {
  if (isMap(node)) {
    const f = r.fields(node, ['name', 'email'], field);
    const name = r.text(f.get('name'), `${field} name`, node, { required: !optional });
    const email = r.text(f.get('email'), `${field} email`, node);
    if (email === undefined) return name === undefined ? {} : { line: name };
    // An address is never printed: an entry without a name prints no line.
    const read = readAddressText(name === undefined ? `<${email}>` : `${name} <${email}>`, false);
    if (!read.ok) {
      r.fail(f.get('email') ?? node, `"${field}" cannot be sent to: ${read.problem}`, ADDRESS_HINT);
      return {};
    }
    return { ...(read.address ? { address: read.address } : {}), ...(name === undefined ? {} : { line: name }) };
  }
  const text = r.text(node, field, parent);
  if (text === undefined) return {};
  const read = readAddressText(text, optional);
  if (!read.ok) {
    r.fail(node, `"${field}" cannot be sent to: ${read.problem}`, ADDRESS_HINT);
    return {};
  }
  return { ...(read.address ? { address: read.address } : {}), ...(read.line === undefined ? {} : { line: read.line }) };
}

/** A list of address values (a single value is a list of one). */
function readAddressList(
  r: Reader,
  node: YamlNode | null | undefined,
  field: string,
  parent: YamlNode,
  optional: boolean,
): { address?: MailAddress; line?: string }[] {
  if (node == null || (isScalar(node) && node.value == null)) return [];
  if (isScalar(node) || isMap(node)) return [readAddress(r, node, field, parent, optional)];
  return r.list(node, field).map((item, i) => readAddress(r, item, `${field} line ${i + 1}`, parent, optional));
}

/** `email:` of a recipient: one address, checked. */
export function readRecipientEmail(r: Reader, node: YamlNode | null | undefined, path: string, parent: YamlNode): string | undefined {
  const email = r.text(node, `${path}.email`, parent);
  if (email === undefined) return undefined;
  const bad = addressFault(email);
  if (bad === undefined) return email;
  r.fail(node, `"${path}.email" is not an e-mail address: ${bad}`, 'write one address, such as minister@example.gov');
  return undefined;
}

/** The delivery fields of the letter, set on it when written. */
export function readDeliveryFields(r: Reader, f: Fields, map: YAMLMap, letter: Letter): void {
  const cc = readAddressList(r, f.get('cc'), 'cc', map, true);
  letter.cc = cc.map((c) => c.line).filter((l): l is string => l !== undefined);
  const ccAddresses = cc.map((c) => c.address).filter((a): a is MailAddress => a !== undefined);
  if (ccAddresses.length > 0) letter.ccAddresses = ccAddresses;
  const bcc = readAddressList(r, f.get('bcc'), 'bcc', map, false)
    .map((c) => c.address)
    .filter((a): a is MailAddress => a !== undefined);
  if (bcc.length > 0) letter.bcc = bcc;
  for (const [key, field] of [
    ['from', 'from'],
    ['replyTo', 'reply_to'],
  ] as const) {
    const node = f.get(field);
    if (node == null) continue;
    const { address } = readAddress(r, node, field, map, false);
    if (address !== undefined) letter[key] = address;
  }
  const cover = r.text(f.get('cover'), 'cover', map, { multiline: true });
  if (cover !== undefined) letter.cover = cover;
  const invited = readInvited(r, f.get('invited'));
  if (invited.length > 0) letter.invited = invited;
  const delivered = readDeliveries(r, f.get('delivered'));
  if (delivered.length > 0) letter.delivered = delivered;
  for (const key of ['notified', 'reminded'] as const) {
    const notices = readNotices(r, f.get(key), key);
    if (notices.length > 0) letter[key] = notices;
  }
}

function readInvited(r: Reader, node: YamlNode | null | undefined): Invitee[] {
  const out: Invitee[] = [];
  r.entries(node, 'invited', 'invited entry', INVITEE_FIELDS, (f, map, i) => {
    const organization = r.text(f.get('organization'), 'organization', map);
    const name = r.text(f.get('name'), 'name', map);
    const email = readRecipientEmail(r, f.get('email'), 'email', map);
    const invited = r.date(f.get('invited'), 'invited', map);
    if (organization === undefined && name === undefined)
      r.fail(map, `invited entry ${i + 1} has neither organization nor name`, 'add organization: or name: (or both)');
    if (f.get('email') == null) r.fail(map, `invited entry ${i + 1} has no email`, 'add email: the address a reminder goes to');
    if (email === undefined) return;
    out.push({
      email,
      ...(organization === undefined ? {} : { organization }),
      ...(name === undefined ? {} : { name }),
      ...(invited === undefined ? {} : { invited }),
    });
  });
  return out;
}

/** A list of texts written by letters (addresses in records). */
function texts(r: Reader, node: YamlNode | null | undefined, field: string, parent: YamlNode): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [r.text(node, field, parent) ?? ''].filter(Boolean);
  return r
    .list(node, field)
    .map((n, i) => r.text(n, `${field} ${i + 1}`, parent))
    .filter((t): t is string => t !== undefined);
}

function readDeliveries(r: Reader, node: YamlNode | null | undefined): DeliveryRecord[] {
  const out: DeliveryRecord[] = [];
  r.entries(node, 'delivered', 'delivered entry', DELIVERY_FIELDS, (f, map, i) => {
    const at = r.text(f.get('at'), 'at', map, { required: true });
    const channel = r.text(f.get('channel'), 'channel', map, { required: true });
    const messageId = r.text(f.get('message_id'), 'message_id', map, { required: true });
    const text = r.hash(f.get('text'), 'text');
    const pdf = r.hash(f.get('pdf_sha256'), 'pdf_sha256');
    const server = r.text(f.get('server'), 'server', map);
    const to = texts(r, f.get('to'), 'to', map);
    if (at === undefined || channel === undefined || messageId === undefined) return;
    if (text === undefined) {
      r.fail(
        map,
        `delivered entry ${i + 1} has no text: fingerprint`,
        'it is written by letters send; restore it from git, or remove the entry',
      );
      return;
    }
    out.push({
      at,
      channel,
      to,
      cc: texts(r, f.get('cc'), 'cc', map),
      bcc: texts(r, f.get('bcc'), 'bcc', map),
      messageId,
      text,
      ...(server === undefined ? {} : { server }),
      ...(pdf === undefined ? {} : { pdfSha256: pdf }),
    });
  });
  return out;
}

function readNotices(r: Reader, node: YamlNode | null | undefined, field: string): NoticeRecord[] {
  const out: NoticeRecord[] = [];
  r.entries(node, field, `${field} entry`, NOTICE_FIELDS, (f, map) => {
    const at = r.text(f.get('at'), 'at', map, { required: true });
    const channel = r.text(f.get('channel'), 'channel', map, { required: true });
    const subject = r.text(f.get('subject'), 'subject', map, { required: true });
    const message = r.hash(f.get('message'), 'message');
    const server = r.text(f.get('server'), 'server', map);
    if (at === undefined || channel === undefined || subject === undefined || message === undefined) return;
    out.push({ at, channel, subject, message, to: texts(r, f.get('to'), 'to', map), ...(server === undefined ? {} : { server }) });
  });
  return out;
}

//! A decided message (core/delivery/message.ts) as the bytes of an e-mail, with nodemailer's
//! MIME composer: names and subjects in any script encoded as RFC 2047 words, file names as
//! RFC 2231 parameters, a Message-ID and a Date. Nothing is read from a file or a URL.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailAddress } from '../../core/letter/letter.js';
import { messageFaults, type OutgoingMessage } from '../../core/delivery/message.js';
import { LettersError } from '../../errors.js';

const address = (a: MailAddress): { name: string; address: string } => ({ name: a.name ?? '', address: a.email });

/**
 * The message as RFC 5322 bytes. `draft` (an .eml file to open in a mail client) keeps the Bcc
 * header, so the client sends the blind copies too, and marks it unsent (X-Unsent: 1), which
 * makes Outlook open it ready to send; a message for a server carries no Bcc header.
 */
export async function composeMessage(m: OutgoingMessage, draft: boolean): Promise<Buffer> {
  const faults = messageFaults(m);
  if (faults.length > 0) {
    throw new LettersError(
      'invalid-letter',
      `a message to ${m.to[0]?.email ?? 'no one'} cannot be sent: ${faults[0]}`,
      'nothing was sent; fix the value named',
    );
  }
  const composer = new MailComposer({
    from: address(m.from),
    ...(m.replyTo === undefined ? {} : { replyTo: address(m.replyTo) }),
    to: m.to.map(address),
    ...(m.cc.length > 0 ? { cc: m.cc.map(address) } : {}),
    ...(m.bcc.length > 0 ? { bcc: m.bcc.map(address) } : {}),
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
    date: m.date,
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(draft ? { headers: { 'X-Unsent': '1' } } : {}),
  });
  const node = composer.compile();
  if (draft) node.keepBcc = true;
  return new Promise((resolve, reject) => node.build((err, bytes) => (err ? reject(err) : resolve(bytes))));
}

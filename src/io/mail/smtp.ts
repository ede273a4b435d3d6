//! The mail edge: one SMTP session through nodemailer's SMTPConnection (TLS, STARTTLS, AUTH), and
//! each hand-over's outcome as the journal needs it: accepted, refused for good, refused for now,
//! or in doubt. Credentials are used here and never put into a message or an error.
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { LettersError } from '../../errors.js';
import type { SmtpTarget } from './smtp-url.js';

/** What became of one message handed to the server. */
export type Handover =
  | { outcome: 'accepted'; response: string; refused: string[] }
  | { outcome: 'temporary'; response: string }
  | { outcome: 'permanent'; response: string }
  | { outcome: 'in-doubt'; response: string };

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** The server's answer, or what happened instead, on one line. */
function said(err: NodemailerError): string {
  return (err.response ?? err.message).replace(/\s+/g, ' ').trim();
}

/** An SMTP session to one server, opened on first use and again after the server drops it. */
export class SmtpSession {
  private connection: SMTPConnection | undefined;

  constructor(private readonly target: SmtpTarget) {}

  /** Connect and log in; a failure here is the whole run's (nothing was sent), said in one line. */
  async open(): Promise<void> {
    if (this.connection !== undefined) return;
    const t = this.target;
    const connection = new SMTPConnection({
      host: t.host,
      port: t.port,
      secure: t.secure,
      requireTLS: t.requireTLS,
      ignoreTLS: !t.secure && !t.requireTLS && !t.opportunisticTLS,
      opportunisticTLS: t.opportunisticTLS,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
      name: t.clientName,
      ...(t.ca === undefined ? {} : { tls: { ca: t.ca } }),
    });
    // An error after the session is set up reaches the send in progress; none may go unheard.
    connection.on('error', () => undefined);
    try {
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject);
        connection.connect(() => {
          connection.removeListener('error', reject);
          resolve();
        });
      });
      if (t.auth !== undefined) {
        await new Promise<void>((resolve, reject) =>
          connection.login({ user: t.auth!.user, pass: t.auth!.pass }, (err) => (err ? reject(err) : resolve())),
        );
      }
    } catch (err) {
      connection.close();
      throw this.connectError(err as NodemailerError);
    }
    connection.once('end', () => {
      if (this.connection === connection) this.connection = undefined;
    });
    this.connection = connection;
  }

  /** A failure to reach or log in to the server, in one line that names the server and never the password. */
  private connectError(err: NodemailerError): LettersError {
    const where = this.target.display;
    const hint = 'check LETTERS_SMTP_URL (or --smtp): the host, the port, smtps:// for TLS from the start; nothing was sent';
    if (err.code === 'EAUTH')
      return new LettersError(
        'mail',
        `${where} refused the user name or password (${said(err)})`,
        'check the user and password in LETTERS_SMTP_URL (or LETTERS_SMTP_PASSWORD); nothing was sent',
      );
    if (err.code === 'ETLS' || /TLS|certificate|SSL/i.test(err.message))
      return new LettersError(
        'mail',
        `a secure connection to ${where} failed: ${said(err)}`,
        'check the port and smtps:// or smtp:// (STARTTLS); for a private certificate authority set LETTERS_SMTP_CA; nothing was sent',
      );
    if (/ECONNREFUSED/.test(err.message))
      return new LettersError('mail', `${where} refused the connection: no mail server answers there`, hint);
    if (/ENOTFOUND|EAI_AGAIN/.test(err.message)) return new LettersError('mail', `${where}: no such host`, hint);
    if (err.code === 'ETIMEDOUT') return new LettersError('mail', `${where} did not answer in time`, hint);
    return new LettersError('mail', `cannot reach ${where}: ${said(err)}`, hint);
  }

  /**
   * Hand one message over. The outcome says what the journal records: a 250 is `accepted` (with
   * any recipients refused while the others were taken); a 5xx `permanent`; a 4xx, or a
   * connection lost before the server had read the whole message (it reset the connection with
   * the message unread, or the message was not all sent), `temporary`; a connection that closed
   * or went silent after the whole message was handed over is `in-doubt`: the server may have it.
   */
  async send(envelope: { from: string; to: string[] }, message: Buffer): Promise<Handover> {
    try {
      await this.open();
    } catch (err) {
      if (err instanceof LettersError) return { outcome: 'temporary', response: err.message };
      throw err;
    }
    const connection = this.connection!;
    let handedOver = false;
    const body = Readable.from(chunks(message));
    body.on('end', () => {
      handedOver = true;
    });
    const result = await new Promise<Handover>((resolve) => {
      connection.send(envelope, body, (err, info) => {
        if (!err) {
          resolve({ outcome: 'accepted', response: (info.response ?? '').trim(), refused: info.rejected ?? [] });
          return;
        }
        const e = err as NodemailerError;
        const code = e.responseCode;
        if (code !== undefined && code >= 500) resolve({ outcome: 'permanent', response: said(e) });
        else if (code !== undefined && code >= 400) resolve({ outcome: 'temporary', response: said(e) });
        else if (!handedOver || /ECONNRESET|EPIPE/.test(e.message)) resolve({ outcome: 'temporary', response: said(e) });
        else resolve({ outcome: 'in-doubt', response: said(e) });
      });
    });
    if (result.outcome === 'accepted' || result.outcome === 'permanent') {
      // The next message starts a fresh transaction on the same connection.
      await new Promise<void>((resolve) => {
        if (this.connection !== connection) return resolve();
        connection.reset((err) => {
          if (err) this.drop();
          resolve();
        });
      });
    } else {
      this.drop();
    }
    return result;
  }

  private drop(): void {
    const c = this.connection;
    this.connection = undefined;
    c?.close();
  }

  /** Say goodbye (QUIT) and close. */
  async close(): Promise<void> {
    const c = this.connection;
    this.connection = undefined;
    if (c === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        c.close();
        resolve();
      }, 2000);
      c.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
      c.quit();
    });
  }
}

/** The message in pieces, so that it is read only as fast as the connection takes it. */
function* chunks(message: Buffer): Generator<Buffer> {
  for (let i = 0; i < message.length; i += 16_384) yield message.subarray(i, i + 16_384);
}

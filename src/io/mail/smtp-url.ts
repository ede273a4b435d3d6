//! Where mail goes: the SMTP server from `--smtp URL` or LETTERS_SMTP_URL, its TLS, and the
//! credentials, which come only from the environment (a password on the command line would sit
//! in the shell's history and in every user's process list) and are never printed.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { LettersError, usageError } from '../../errors.js';

export interface SmtpTarget {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, port 465). */
  secure: boolean;
  /** STARTTLS, and fail when the server does not offer it. */
  requireTLS: boolean;
  /** STARTTLS when offered (a server on this machine only). */
  opportunisticTLS: boolean;
  auth?: { user: string; pass: string };
  /** A certificate authority to trust besides the system's (LETTERS_SMTP_CA, a PEM file). */
  ca?: string;
  /** The name this machine gives in EHLO. */
  clientName: string;
  /** How messages name the server: `smtp://host:port`, never with a user or password. */
  display: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * The server to send through: `--smtp URL` (no password in it) or, with `--smtp` alone,
 * LETTERS_SMTP_URL. smtps:// is TLS from the start (port 465 by default); smtp:// upgrades with
 * STARTTLS (port 587) and refuses to go on without it, except to a server on this machine.
 * The password: the URL in LETTERS_SMTP_URL, or LETTERS_SMTP_PASSWORD.
 */
export function smtpTarget(flag: string | true, env: NodeJS.ProcessEnv): SmtpTarget {
  const fromEnv = flag === true;
  const text = fromEnv ? env['LETTERS_SMTP_URL'] : flag;
  if (text === undefined || text === '')
    throw usageError(
      '--smtp without a URL needs LETTERS_SMTP_URL',
      'set LETTERS_SMTP_URL=smtps://user:password@smtp.example.org, or give --smtp smtp://host:port',
    );
  const source = fromEnv ? 'LETTERS_SMTP_URL' : '--smtp';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text may hold a password: it is not repeated.
    throw usageError(`${source} is not a URL`, 'write it as smtps://user:password@host or smtp://host:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw usageError(
      `${source} must start with smtp:// or smtps://, not ${url.protocol}//`,
      'smtps:// for TLS from the start (port 465), smtp:// for STARTTLS (587)',
    );
  if (!fromEnv && url.password !== '')
    throw usageError(
      '--smtp holds a password, which the shell keeps in its history and other users see in the process list',
      'put the whole URL in LETTERS_SMTP_URL and give --smtp alone, or the password in LETTERS_SMTP_PASSWORD',
    );
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (secure ? 465 : 587) : Number(url.port);
  const user = decodeURIComponent(url.username) || env['LETTERS_SMTP_USER'] || '';
  const pass = decodeURIComponent(url.password) || env['LETTERS_SMTP_PASSWORD'] || '';
  const local = LOOPBACK.test(host);
  const display = `${url.protocol}//${url.hostname}:${port}`;
  if (user !== '' && pass === '')
    throw usageError(`a user is given for ${display} but no password`, 'set LETTERS_SMTP_PASSWORD, or put it in LETTERS_SMTP_URL');
  const target: SmtpTarget = {
    host,
    port,
    secure,
    requireTLS: !secure && !local,
    opportunisticTLS: !secure && local,
    clientName: os.hostname(),
    display,
  };
  if (user !== '') target.auth = { user, pass };
  const ca = env['LETTERS_SMTP_CA'];
  if (ca !== undefined && ca !== '') {
    try {
      target.ca = readFileSync(ca, 'utf8');
    } catch (err) {
      throw new LettersError(
        'not-found',
        `LETTERS_SMTP_CA names ${ca}, which cannot be read: ${(err as Error).message}`,
        'give the path of a PEM file, or unset it',
      );
    }
  }
  return target;
}

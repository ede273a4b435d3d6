// What every delivery command resolves first: the channel (.eml drafts in a folder, or a server), the from-address, the pace, and a message file.
import path from 'node:path';
import { readAddressText } from '../../core/delivery/addresses.js';
import { parseRate, splitMessageFile } from '../../core/delivery/message.js';
import type { Letter, MailAddress } from '../../core/letter/letter.js';
import { LettersError, usageError } from '../../errors.js';
import { readBounded } from '../../io/files/bounded-read.js';
import { displayPath } from '../../io/files/letter-files.js';
import { smtpTarget } from '../../io/mail/smtp-url.js';
import type { Context } from '../context.js';
import { settingValue } from '../../core/settings/settings.js';
import { outputFolder } from '../publishing/render-settings.js';
import type { Channel } from './dispatch.js';

/** The flags every delivery command shares. */
export interface DeliveryFlags {
  output?: string;
  smtp?: string | true;
  rate?: string;
  yes?: boolean;
  resendInDoubt?: boolean;
  force?: boolean;
  json?: boolean;
}

/** Drafts into -o DIR (here by default), or a server with --smtp; never both. */
export async function resolveChannel(ctx: Context, flags: DeliveryFlags): Promise<Channel> {
  if (flags.smtp !== undefined && flags.output !== undefined)
    throw usageError('-o writes .eml drafts and --smtp sends: give one of the two', 'drop -o to send, or drop --smtp to write drafts');
  if (flags.smtp === undefined) {
    if (flags.rate !== undefined || flags.resendInDoubt)
      throw usageError(`${flags.rate !== undefined ? '--rate' : '--resend-in-doubt'} is for sending`, 'add --smtp, or drop it');
    return { kind: 'eml', dir: await outputFolder(ctx, flags.output, 'drafts') };
  }
  return { kind: 'smtp', target: smtpTarget(flags.smtp, ctx.env) };
}

/** `--rate 20/min` as the least time between two messages, in ms. */
export function resolveRate(flags: DeliveryFlags): number | undefined {
  if (flags.rate === undefined) return undefined;
  const ms = parseRate(flags.rate);
  if (ms === undefined) throw usageError(`--rate cannot be "${flags.rate}"`, 'give messages per time: 20/min, 1/s or 300/h');
  return ms;
}

/**
 * Who the messages are from: the letter's `from:` (and `reply_to:`), else the project's `from`
 * setting (LETTERS_FROM, or from: in letters.config.yaml, checked when read). This is the one
 * place a from-address is looked up.
 */
export function resolveFrom(ctx: Context, letter: Letter): { from: MailAddress; replyTo?: MailAddress } {
  const replyTo = letter.replyTo === undefined ? {} : { replyTo: letter.replyTo };
  if (letter.from !== undefined) return { from: letter.from, ...replyTo };
  // A context made by hand (tests) has no settings: the environment alone, as the settings would read it.
  const setting = ctx.settings === undefined ? ctx.env['LETTERS_FROM'] || undefined : settingValue(ctx.settings, 'from');
  if (setting !== undefined) {
    const read = readAddressText(setting, false);
    if (!read.ok || read.address === undefined)
      throw usageError(
        `LETTERS_FROM cannot be sent from: ${read.ok ? 'no address' : read.problem}`,
        'write it as "Coalition <coord@example.org>"',
      );
    return { from: read.address, ...replyTo };
  }
  throw new LettersError(
    'missing-input',
    'the letter has no from: address to send from',
    'add from: "Our Coalition <coord@example.org>" to the letter (or to letters.config.yaml, or set LETTERS_FROM); nothing was sent',
  );
}

/** The largest message file read (`--message`), as for a template. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A message file (`--message FILE`): its `Subject:` line, if any, and its text. */
export async function readMessageFile(ctx: Context, file: string): Promise<{ subject?: string; body: string; display: string }> {
  const full = path.resolve(ctx.cwd, file);
  const display = displayPath(full, ctx.cwd);
  // A regular file of a message's size: a pipe would wait forever and /dev/zero never end.
  const bytes = await readBounded(full, {
    display,
    limit: MAX_MESSAGE_BYTES,
    what: 'a message file',
    sizeHint: 'a message is a few KiB',
    missing: () => new LettersError('not-found', `no message file at ${display}`, 'check the path given to --message'),
    code: 'template',
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LettersError('invalid-letter', `${display} is not UTF-8 text`, 'save it as UTF-8');
  }
  const split = splitMessageFile(text);
  if (split.body === '') throw new LettersError('invalid-letter', `${display} has no text`, 'write the message below its Subject: line');
  return { ...split, display };
}

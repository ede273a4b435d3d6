// `letters send <letter>`: the signed letter e-mailed to its recipients (or, with --recipients, one letter per row of a sheet), as .eml drafts or through a server, recorded in `delivered:` and never sent twice.
import { addressFault, addressKey, formatAddress, headerFault, nameFault } from '../../core/delivery/addresses.js';
import { alreadyDelivered } from '../../core/delivery/audience.js';
import type { JournalEntry } from '../../core/delivery/journal.js';
import { appendRecords, type RecordEntry } from '../../core/edit/record-edits.js';
import { recipientSlugs, type MergeRecipient } from '../../core/sheets/recipients.js';
import { suggestSlug } from '../../core/edit/scaffold.js';
import { textFingerprint } from '../../core/letter/fingerprint.js';
import type { MailAddress, Recipient } from '../../core/letter/letter.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { shellWord } from '../../core/text/shell-word.js';
import { plural } from '../../core/text/plural.js';
import { InvalidLetterError, LettersError, type Problem } from '../../errors.js';
import { displayPath, isReadOnly, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { formatProblem } from '../../io/terminal/diagnostics.js';
import type { Context } from '../context.js';
import { progress } from '../warnings.js';
import { checkAgreement } from '../publishing/agreement.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import { readRecipientsSheet, rowLetter } from '../publishing/mail-merge.js';
import { RenderRun } from '../publishing/render-run.js';
import { dispatch, type PlannedMessage } from './dispatch.js';
import { checkPlaceholders, fillMessage, LetterFiles, placeholderValues, resolveAttach } from './letter-mail.js';
import { readMessageFile, resolveChannel, resolveFrom, resolveRate, type DeliveryFlags } from './settings.js';
import { promises as fs } from 'node:fs';

export interface SendOptions extends DeliveryFlags {
  recipients?: string;
  encoding?: string;
  again?: boolean;
  message?: string;
  subject?: string;
  attach?: string;
}

/** `letters send <letter>`: check, plan, confirm, send (or write drafts), record. */
export async function send(ctx: Context, letterArg: string, options: SendOptions): Promise<void> {
  const channel = await resolveChannel(ctx, options);
  const rateMs = resolveRate(options);
  const attach = resolveAttach(options.attach);
  if (options.encoding !== undefined && options.recipients === undefined)
    throw new LettersError('usage', '--encoding is for a --recipients file', 'add --recipients FILE.csv, or drop --encoding');
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
  const { letter } = parsed;
  // What render --final requires: every signature on the current text, none waiting for review.
  checkAgreement(ctx, await readLetterVersions(parsed, file, ctx.cwd), letterArg, true);
  const pending = letter.pending?.length ?? 0;
  if (pending > 0)
    throw new LettersError(
      'stale-text',
      `${plural(pending, 'signature')} ${pending === 1 ? 'is' : 'are'} waiting for review (pending:)`,
      `review them first (letters review ${shellWord(letterArg)}): the letter goes out with every signature it will carry; nothing was sent`,
      { location: parsed.locate('pending') },
    );
  const { from, replyTo } = resolveFrom(ctx, letter);
  const note = options.message === undefined ? undefined : await readMessageFile(ctx, options.message);
  const body = note?.body ?? letter.cover;
  const bodyWhere = note !== undefined ? note.display : 'cover';
  const bodyAt = note !== undefined ? undefined : parsed.locate('cover');
  if (body !== undefined) checkPlaceholders(body, placeholderValues(letter, undefined), bodyWhere, bodyAt);
  const subject = options.subject ?? note?.subject ?? letter.subject ?? letter.title;
  const bad = headerFault(subject);
  if (bad !== undefined) throw new LettersError('usage', `the subject contains ${bad}`, 'give a subject on one line');
  if (channel.kind === 'smtp' && !options.force && (await isReadOnly(file, await fs.stat(file))))
    throw new LettersError(
      'read-only',
      `${displayPath(file, ctx.cwd)} is read-only, so what is sent could not be recorded`,
      'nothing was sent; make it writable, or add --force',
    );
  const text = textFingerprint(letter);
  const slug = RenderRun.slugOf(file);
  const files = new LetterFiles(ctx, slug, attach, body === undefined);
  const again = `letters send ${shellWord(letterArg)}${options.recipients ? ` --recipients ${shellWord(options.recipients)}` : ''}${channel.kind === 'smtp' ? ' --smtp' : ''}`;

  const message =
    (
      parsedFor: ParsedLetter,
      to: MailAddress[],
      cc: MailAddress[],
      bcc: MailAddress[],
      recipient: Recipient | undefined,
      who: string,
    ): PlannedMessage['build'] =>
    async (messageId) => {
      const rendered = await files.render(parsedFor);
      const values = placeholderValues(letter, recipient);
      const textBody = body === undefined ? rendered.text! : fillMessage(body, values, bodyWhere, who, bodyAt);
      return {
        message: {
          key: addressKey(to[0]!.email),
          from,
          ...(replyTo ? { replyTo } : {}),
          to,
          cc,
          bcc,
          subject,
          text: textBody,
          attachments: rendered.attachments,
          messageId,
          date: ctx.now(),
        },
        ...(rendered.pdfSha256 ? { pdfSha256: rendered.pdfSha256 } : {}),
      };
    };

  let items: PlannedMessage[];
  let audience: string;
  if (options.recipients === undefined) {
    if (letter.recipients.length === 0)
      throw new LettersError(
        'missing-input',
        'the letter has no recipient to send it to',
        'add recipient: with an email:, or send one letter per row with --recipients FILE.csv',
        { location: parsed.locate('title') },
      );
    const missing = letter.recipients.findIndex((r) => r.email === undefined);
    if (missing >= 0) {
      const at = letter.recipients.length === 1 ? 'recipient' : `recipients.${missing}`;
      throw new LettersError(
        'missing-input',
        `${letter.recipients[missing]!.name} has no email: to send the letter to`,
        `add email: under ${at} (it is never printed)`,
        { location: parsed.locate(at) },
      );
    }
    const to = letter.recipients.map((r) => ({ name: r.name, email: r.email! }));
    const cc = letter.ccAddresses ?? [];
    const bcc = letter.bcc ?? [];
    const all = [...to, ...cc, ...bcc];
    const before = alreadyDelivered(
      letter.delivered,
      text,
      all.map((a) => a.email),
    );
    if (before.size > 0 && !options.again && channel.kind === 'smtp') {
      const [, first] = [...before][0]!;
      throw new LettersError(
        'delivered',
        `this text (${text}) was sent to ${[...before.keys()].join(', ')} on ${first.at} (Message-ID ${first.messageId})`,
        'nothing was sent; add --again to send it once more',
        { location: parsed.locate('delivered') },
      );
    }
    await files.check(parsed);
    const who = to.map(formatAddress).join(', ');
    ctx.out(
      `The letter ${parsed.file} (text ${text}), from ${formatAddress(from)}${replyTo ? `, answers to ${formatAddress(replyTo)}` : ''}:`,
    );
    ctx.out(`  To: ${who}`);
    if (cc.length > 0) ctx.out(`  Cc: ${cc.map(formatAddress).join(', ')}`);
    if (bcc.length > 0) ctx.out(`  Bcc: ${bcc.map(formatAddress).join(', ')}`);
    ctx.out(`  Subject: ${subject}`);
    ctx.out(
      `  Body: ${body === undefined ? 'the letter as text' : note !== undefined ? note.display : 'cover: from the letter'}; attached: ${attach.length === 0 ? 'nothing' : attach.map((k) => `${slug}.${k}`).join(', ')}`,
    );
    items = [
      {
        key: addressKey(to[0]!.email),
        envelope: { to: to.map(formatAddress), cc: cc.map(formatAddress), bcc: bcc.map(formatAddress) },
        draftName: `${slug}.eml`,
        build: message(parsed, to, cc, bcc, letter.recipients.length === 1 ? letter.recipients[0] : undefined, who),
      },
    ];
    audience = "the letter's recipients";
  } else {
    const sheet = await readRecipientsSheet(ctx, options.recipients, options.encoding, letter.lang);
    const rows = checkRows(sheet.recipients, sheet.table.file);
    const before = alreadyDelivered(
      letter.delivered,
      text,
      rows.map((r) => r.email!),
    );
    const fresh = options.again || channel.kind === 'eml' ? rows : rows.filter((r) => !before.has(addressKey(r.email!)));
    if (fresh.length === 0)
      throw new LettersError(
        'delivered',
        `this text (${text}) was sent to every row of ${sheet.table.file} already`,
        'nothing was sent; add --again to send it once more',
        { location: parsed.locate('delivered') },
      );
    if (fresh.length < rows.length)
      ctx.out(
        `Already sent this text: ${plural(rows.length - fresh.length, 'row')} of ${sheet.table.file}, skipped (--again sends them too)`,
      );
    // Every row is checked (its fields, {{recipient.…}}, characters no font has) before anything is sent.
    const problems: Problem[] = [];
    const letters: ParsedLetter[] = [];
    const checking = progress(ctx, 'Checking recipients', fresh.length);
    for (const [i, row] of fresh.entries()) {
      checking.update(i + 1, row.recipient.name);
      const one = rowLetter(parsed, row);
      problems.push(...one.problems);
      if (one.parsed === undefined) continue;
      try {
        await files.check(one.parsed);
        if (body !== undefined)
          fillMessage(body, placeholderValues(letter, row.recipient), bodyWhere, `the row on line ${row.line}`, row.cells.get('name'));
        letters.push(one.parsed);
      } catch (err) {
        if (err instanceof InvalidLetterError || (err instanceof LettersError && err.code === 'invalid-letter'))
          problems.push(...err.problems);
        else throw err;
      }
    }
    checking.end();
    if (problems.length > 0) throw new InvalidLetterError(problems);
    const names = recipientSlugs(fresh, suggestSlug);
    ctx.out(
      `The letter ${parsed.file} (text ${text}), from ${formatAddress(from)}, one to each of ${plural(fresh.length, 'row')} of ${sheet.table.file}:`,
    );
    for (const r of fresh.slice(0, 5)) ctx.out(`  To: ${formatAddress({ name: r.recipient.name, email: r.email! })}`);
    if (fresh.length > 5) ctx.out(`  … and ${fresh.length - 5} more`);
    ctx.out(
      `  Subject: ${subject}; attached: ${attach.length === 0 ? 'nothing' : attach.map((k) => `${slug}.${k}`).join(', ')} (each row's own)`,
    );
    items = fresh.map((row, i) => {
      const to = [{ name: row.recipient.name, email: row.email! }];
      return {
        key: addressKey(row.email!),
        envelope: { to: to.map(formatAddress), cc: [], bcc: [] },
        draftName: `${slug}-${names[i]}.eml`,
        build: message(letters[i]!, to, [], [], row.recipient, `the row on line ${row.line}`),
      };
    });
    audience = displayPath(sheet.table.file, ctx.cwd);
  }

  await dispatch(
    ctx,
    {
      command: 'send',
      letterFile: file,
      letterArg,
      text,
      audience,
      noun: 'letter',
      fromEmail: from.email,
      items,
      again,
      record: (p, accepted, server) =>
        appendRecords(
          p,
          'delivered',
          accepted.map((e) => deliveryEntry(e, text, server)),
        ),
    },
    {
      channel,
      yes: options.yes === true,
      json: options.json === true,
      ...(rateMs === undefined ? {} : { rateMs }),
      resendInDoubt: options.resendInDoubt === true,
      force: options.force === true,
    },
  );
}

/** A `delivered:` entry for an accepted message: the addresses the server took. */
function deliveryEntry(e: JournalEntry, text: string, server: string): RecordEntry {
  const refused = new Set((e.refused ?? []).map(addressKey));
  const kept = (list: string[]): string[] => list.filter((a) => !refused.has(addressKey(/<([^<>]*)>\s*$/.exec(a)?.[1] ?? a)));
  return [
    ['at', e.at],
    ['channel', 'smtp'],
    ['server', server],
    ['to', kept(e.envelope.to)],
    ['cc', kept(e.envelope.cc)],
    ['bcc', kept(e.envelope.bcc)],
    ['message_id', e.messageId],
    ['text', text],
    ...(e.pdfSha256 ? ([['pdf_sha256', e.pdfSha256]] as RecordEntry) : []),
  ];
}

/**
 * The rows of a mail merge send: each with one valid address; nothing in a name or an address
 * that would start a header or smuggle in a second recipient; no address twice (one person would
 * get two letters). Every problem at its cell, before anything is sent.
 */
function checkRows(rows: MergeRecipient[], sheet: string): MergeRecipient[] {
  const problems: Problem[] = [];
  const seen = new Map<string, MergeRecipient>();
  for (const row of rows) {
    const at = (field: string) => row.cells.get(field) ?? { file: sheet, line: row.line, col: 1 };
    if (row.cells.get('email') === undefined) {
      problems.push({
        message: `${sheet} has no column for the e-mail address`,
        hint: 'add a column "Email" with one address per row',
        location: { file: sheet, line: 1, col: 1 },
      });
      break;
    }
    const nameBad = row.lineBreaks?.includes('name')
      ? 'the name contains a line break, which would start a new mail header'
      : nameFault(row.recipient.name);
    if (nameBad !== undefined)
      problems.push({
        message: `this row cannot be sent: ${nameBad}`,
        hint: 'put one name in the cell, on one line',
        location: at('name'),
      });
    if (row.email === undefined) {
      problems.push({ message: 'this row has no e-mail address', hint: 'fill in the address, or remove the row', location: at('email') });
      continue;
    }
    const bad = row.lineBreaks?.includes('email')
      ? 'it contains a line break, which would start a new mail header'
      : addressFault(row.email);
    if (bad !== undefined) {
      problems.push({
        message: `"${row.email.replace(/[\r\n]/g, ' ')}" is not an e-mail address: ${bad}`,
        hint: 'give one address per row',
        location: at('email'),
      });
      continue;
    }
    const key = addressKey(row.email);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        message: `${row.email} is also the address on line ${first.line}: one person would get two letters`,
        hint: 'remove one of the two rows',
        location: at('email'),
      });
      continue;
    }
    seen.set(key, row);
  }
  if (problems.length > 0) throw new InvalidLetterError(problems);
  return rows;
}

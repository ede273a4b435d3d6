// `letters notify` (tell the signers, from their private email) and `letters remind` (chase the invitees who have not signed): one message each or Bcc in batches, recorded in notified: or reminded:, never twice with the same message.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { addressKey, formatAddress, headerFault } from '../../core/delivery/addresses.js';
import { alreadyNoticed, inviteesToRemind, signersToNotify, type NoticeRecipient } from '../../core/delivery/audience.js';
import type { JournalEntry } from '../../core/delivery/journal.js';
import { appendRecords, type RecordEntry } from '../../core/edit/record-edits.js';
import { suggestSlug } from '../../core/edit/scaffold.js';
import { textFingerprint } from '../../core/letter/fingerprint.js';
import { primaryLanguage } from '../../core/letter/languages.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError, usageError } from '../../errors.js';
import { displayPath, isReadOnly, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import type { Context } from '../context.js';
import { RenderRun } from '../publishing/render-run.js';
import { dispatch, type PlannedMessage } from './dispatch.js';
import { checkPlaceholders, fillMessage, LetterFiles, placeholderValues, resolveAttach } from './letter-mail.js';
import { readMessageFile, resolveChannel, resolveFrom, resolveRate, type DeliveryFlags } from './settings.js';

export interface NoticeOptions extends DeliveryFlags {
  message?: string;
  subject?: string;
  /** One message per batch of this many addresses, in Bcc, instead of one each. */
  bcc?: string;
  attach?: string;
  again?: boolean;
}

/** The reminder letters writes when no --message is given (English letters only). */
const DEFAULT_REMINDER = `Dear {{name}},

We invited you to sign "{{title}}". {{count}}

{{deadline_sentence}}If you would like to sign, please reply to this message.`;

/** `letters notify <letter> --message FILE`: every signatory with an email is told. */
export async function notify(ctx: Context, letterArg: string, options: NoticeOptions): Promise<void> {
  if (options.message === undefined)
    throw new LettersError(
      'missing-input',
      'notify needs the message to send',
      'write it in a file and give --message FILE (a first line "Subject: …" sets the subject)',
    );
  await notices(ctx, letterArg, options, 'notify');
}

/** `letters remind <letter>`: each invitee who has not signed gets a reminder with the deadline. */
export async function remind(ctx: Context, letterArg: string, options: NoticeOptions): Promise<void> {
  await notices(ctx, letterArg, options, 'remind');
}

async function notices(ctx: Context, letterArg: string, options: NoticeOptions, command: 'notify' | 'remind'): Promise<void> {
  const channel = await resolveChannel(ctx, options);
  const rateMs = resolveRate(options);
  const attach = resolveAttach(options.attach ?? 'none');
  const batch = options.bcc === undefined ? undefined : Number(options.bcc);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 500))
    throw usageError(`--bcc cannot be "${options.bcc}"`, 'give how many addresses go in one message, from 1 to 500');
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const { letter } = parsed;
  const { from, replyTo } = resolveFrom(ctx, letter);
  const note = options.message === undefined ? undefined : await readMessageFile(ctx, options.message);
  if (note === undefined && primaryLanguage(letter.lang) !== 'en')
    throw new LettersError(
      'missing-input',
      `letters has a reminder only in English, and this letter is in ${letter.lang}`,
      'write the reminder in a file and give --message FILE',
    );
  const body = note?.body ?? DEFAULT_REMINDER;
  const where = note?.display ?? 'the reminder';
  const subject = options.subject ?? note?.subject ?? (note === undefined ? `Reminder: ${letter.title}` : undefined);
  if (subject === undefined)
    throw new LettersError('missing-input', `${where} has no subject`, 'start it with a line "Subject: …", or give --subject');
  const bad = headerFault(subject);
  if (bad !== undefined) throw usageError(`the subject contains ${bad}`, 'give a subject on one line');
  const values = (to: NoticeRecipient | undefined): Record<string, string | undefined> => ({
    ...placeholderValues(letter, undefined),
    name: to?.name,
    organization: to?.organization,
    deadline_sentence: letter.deadline === undefined ? '' : `We take signatures until ${letter.deadline}. `,
  });
  checkPlaceholders(body, values(undefined), where);
  if (batch !== undefined && /\{\{\s*(name|organization)\s*\}\}/.test(body))
    throw usageError(
      `${where} uses {{name}} or {{organization}}, and --bcc sends one message to many`,
      'drop --bcc to send one message each, or take the placeholder out',
    );
  if (channel.kind === 'smtp' && !options.force && (await isReadOnly(file, await fs.stat(file))))
    throw new LettersError(
      'read-only',
      `${displayPath(file, ctx.cwd)} is read-only, so what is sent could not be recorded`,
      'nothing was sent; make it writable, or add --force',
    );

  const field = command === 'notify' ? 'notified' : 'reminded';
  const messageSha = createHash('sha256').update(`${subject}\n\n${body}`).digest('hex');
  const everyone = command === 'notify' ? signersToNotify(letter).recipients : inviteesToRemind(letter);
  const told = options.again ? new Set<string>() : alreadyNoticed(letter[field], messageSha);
  const audience = everyone.filter((r) => !told.has(addressKey(r.email)));
  const who = command === 'notify' ? 'signatories with an email' : 'invitees who have not signed';
  if (command === 'notify') {
    const without = signersToNotify(letter).withoutEmail;
    if (without > 0) ctx.out(`${plural(without, 'signatory', 'signatories')} without an email cannot be told`);
  }
  if (told.size > 0 && everyone.length > audience.length)
    ctx.out(
      `Already sent this message: ${plural(everyone.length - audience.length, 'address', 'addresses')}, skipped (--again sends it to them too)`,
    );
  if (audience.length === 0) {
    if (options.json) {
      const letter = displayPath(file, ctx.cwd);
      ctx.outJson({
        letter,
        channel: channel.kind,
        server: channel.kind === 'smtp' ? channel.target.display : null,
        sent: 0,
        files: [],
        messages: [],
      });
    }
    ctx.out(everyone.length === 0 ? `No ${who} to write to` : `Nothing to send: every one of the ${who} got this message already`);
    return;
  }
  // Every message is filled before anything is sent: a placeholder someone has no value for stops the run.
  for (const to of audience)
    if (batch === undefined) fillMessage(body, values(to), where, `${to.name || to.email} (${to.path})`, parsed.locate(to.path));
  const slug = RenderRun.slugOf(file);
  const files = new LetterFiles(ctx, slug, attach, false);
  if (attach.length > 0) await files.check(parsed);
  const noun = command === 'notify' ? 'notice' : 'reminder';
  ctx.out(
    `${command === 'notify' ? 'Tell' : 'Remind'} ${plural(audience.length, 'address', 'addresses')} (the ${who}) about ${parsed.file}, from ${formatAddress(from)}:`,
  );
  for (const r of audience.slice(0, 5)) ctx.out(`  ${formatAddress({ name: r.name, email: r.email })}`);
  if (audience.length > 5) ctx.out(`  … and ${audience.length - 5} more`);
  ctx.out(`  Subject: ${subject}${batch === undefined ? '; one message each' : `; in Bcc, ${batch} to a message`}`);

  const build =
    (to: NoticeRecipient[], hidden: boolean): PlannedMessage['build'] =>
    async (messageId) => {
      const rendered = attach.length > 0 ? await files.render(parsed) : { attachments: [] };
      const one = hidden ? undefined : to[0];
      const text = fillMessage(
        body,
        values(one),
        where,
        one === undefined ? 'a batch' : one.name,
        one === undefined ? undefined : parsed.locate(one.path),
      );
      const people = to.map((r) => ({ ...(r.name === '' ? {} : { name: r.name }), email: r.email }));
      return {
        message: {
          key: addressKey(to[0]!.email),
          from,
          ...(replyTo ? { replyTo } : {}),
          to: hidden ? [from] : people,
          cc: [],
          bcc: hidden ? people : [],
          subject,
          text,
          attachments: rendered.attachments,
          messageId,
          date: ctx.now(),
        },
      };
    };
  const names = new Map<string, number>();
  const draft = (name: string): string => {
    const base = `${slug}-${command}-${suggestSlug(name) || 'recipient'}`;
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    return `${n === 1 ? base : `${base}-${n}`}.eml`;
  };
  const items: PlannedMessage[] =
    batch === undefined
      ? audience.map((to) => ({
          key: addressKey(to.email),
          envelope: { to: [formatAddress({ name: to.name, email: to.email })], cc: [], bcc: [] },
          draftName: draft(to.name || to.email),
          build: build([to], false),
        }))
      : chunk(audience, batch).map((group, i) => ({
          key: `bcc:${addressKey(group[0]!.email)}`,
          envelope: { to: [formatAddress(from)], cc: [], bcc: group.map((r) => r.email) },
          draftName: `${slug}-${command}-bcc-${i + 1}.eml`,
          build: build(group, true),
        }));
  // With Bcc batches the grouping is part of what was sent: a changed audience is another run.
  const list =
    batch === undefined
      ? ''
      : ` ${createHash('sha256')
          .update(audience.map((a) => addressKey(a.email)).join('\n'))
          .digest('hex')
          .slice(0, 12)}`;
  await dispatch(
    ctx,
    {
      command,
      letterFile: file,
      letterArg,
      text: textFingerprint(letter),
      message: messageSha,
      audience: `the ${who}${batch === undefined ? '' : ` in Bcc of ${batch}`}${list}`,
      noun,
      fromEmail: from.email,
      items,
      again: `letters ${command} ${shellWord(letterArg)}${options.message ? ` --message ${shellWord(options.message)}` : ''} --smtp`,
      record: (p, accepted, server) => appendRecords(p, field, [noticeEntry(accepted, subject, messageSha, server)]),
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

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** One `notified:` or `reminded:` entry for a run's accepted messages. */
function noticeEntry(accepted: JournalEntry[], subject: string, message: string, server: string): RecordEntry {
  const refused = new Set(accepted.flatMap((e) => e.refused ?? []).map(addressKey));
  const to = accepted
    .flatMap((e) => (e.envelope.bcc.length > 0 ? e.envelope.bcc : e.envelope.to))
    .filter((a) => !refused.has(addressKey(/<([^<>]*)>\s*$/.exec(a)?.[1] ?? a)));
  const at = accepted
    .map((e) => e.at)
    .sort()
    .at(-1)!;
  return [
    ['at', at],
    ['channel', 'smtp'],
    ['server', server],
    ['subject', subject],
    ['message', message],
    ['to', to],
  ];
}

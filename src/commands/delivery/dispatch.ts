// The run every delivery command shares: the plan shown and confirmed, then each message written as an .eml draft or handed to the server under the journal, retried, paced, and recorded in the letter.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { domainOf } from '../../core/delivery/addresses.js';
import {
  inDoubt,
  markRecorded,
  newJournal,
  planResume,
  resumeConflict,
  settled,
  unrecorded,
  withEntry,
  type Envelope,
  type Journal,
  type JournalCommand,
  type JournalEntry,
} from '../../core/delivery/journal.js';
import { retryDelay, type OutgoingMessage } from '../../core/delivery/message.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { plural } from '../../core/text/plural.js';
import { LettersError, type Problem } from '../../errors.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import { displayPath, lockSettings, updateLetter } from '../../io/files/letter-files.js';
import { composeMessage } from '../../io/mail/compose.js';
import { JournalFile } from '../../io/mail/journal-file.js';
import { SmtpSession } from '../../io/mail/smtp.js';
import type { SmtpTarget } from '../../io/mail/smtp-url.js';
import { watchInterrupt, type Interrupt } from '../../io/terminal/interrupt.js';
import type { Context } from '../context.js';
import { confirm, progress, report as reportProblem } from '../warnings.js';

/** One message of a run, built only when its turn comes (a mail merge renders each PDF then). */
export interface PlannedMessage {
  key: string;
  envelope: Envelope;
  /** The .eml file it is written to as a draft. */
  draftName: string;
  build(messageId: string): Promise<{ message: OutgoingMessage; pdfSha256?: string }>;
}

export type Channel = { kind: 'eml'; dir: string } | { kind: 'smtp'; target: SmtpTarget };

export interface DispatchRun {
  command: JournalCommand;
  /** The letter file and how the user named it (for the hints). */
  letterFile: string;
  letterArg: string;
  text: string;
  message?: string;
  audience: string;
  /** "letter", "notice", "reminder": what one message is. */
  noun: string;
  /** The from-address's domain, for Message-IDs. */
  fromEmail: string;
  items: PlannedMessage[];
  /** The letter's new text with the records of these accepted messages. */
  record(parsed: ParsedLetter, accepted: JournalEntry[], server: string): string;
  /** The command line to run again (for hints): `letters send visit-2026 --smtp`. */
  again: string;
}

export interface DispatchOptions {
  channel: Channel;
  yes: boolean;
  /** --json: what was written or sent, as the command's document. */
  json?: boolean;
  rateMs?: number;
  resendInDoubt: boolean;
  force: boolean;
}

/** Run it: drafts to a folder, or messages to a server under the journal. */
export async function dispatch(ctx: Context, run: DispatchRun, options: DispatchOptions): Promise<void> {
  if (options.channel.kind === 'eml') return writeDrafts(ctx, run, options.channel.dir, options.json === true);
  return sendAll(ctx, run, options, options.channel.target);
}

/** The --json document of a run: the letter, the channel, and each message (drafts: their files; sent: what the server said). */
function runJson(
  ctx: Context,
  run: DispatchRun,
  channel: { channel: 'eml'; files: string[] } | { channel: 'smtp'; server: string; journal: Journal | undefined; sent: number },
) {
  const letter = displayPath(run.letterFile, ctx.cwd);
  if (channel.channel === 'eml') return { letter, channel: 'eml', server: null, sent: 0, files: channel.files, messages: [] };
  const mine = new Set(run.items.map((i) => i.key));
  const messages = (channel.journal?.entries ?? [])
    .filter((e) => mine.has(e.key))
    .map((e) => ({
      to: e.envelope.to,
      state: e.state,
      messageId: e.messageId,
      at: e.at === '' ? null : e.at,
      response: e.response ?? null,
      refused: e.refused ?? [],
    }));
  return { letter, channel: 'smtp', server: channel.server, sent: channel.sent, files: [], messages };
}

/** A message built to be sent: its Message-ID, the message, its bytes, the SHA-256 of its PDF. */
interface Built {
  id: string;
  message: Awaited<ReturnType<PlannedMessage['build']>>['message'];
  pdfSha256?: string | undefined;
  bytes: Awaited<ReturnType<typeof composeMessage>>;
}

const messageId = (fromEmail: string): string => `<${randomUUID()}@${domainOf(fromEmail)}>`;

/** The marker of an .eml draft written by letters: such a file may be written again. */
const DRAFT_MARK = 'X-Unsent: 1';

async function writeDrafts(ctx: Context, run: DispatchRun, dir: string, json: boolean): Promise<void> {
  const files = run.items.map((item) => path.join(dir, item.draftName));
  // Refuse before writing any: an existing file must be an earlier draft of letters.
  for (const file of files) {
    const head = await fs
      .open(file, 'r')
      .then(async (h) => {
        const b = Buffer.alloc(4096);
        const { bytesRead } = await h.read(b, 0, 4096, 0);
        await h.close();
        return b.subarray(0, bytesRead).toString('latin1');
      })
      .catch(() => undefined);
    if (head !== undefined && !`\r\n${head}`.includes(`\r\n${DRAFT_MARK}\r\n`))
      throw new LettersError(
        'exists',
        `${displayPath(file, ctx.cwd)} exists and is not a draft written by letters`,
        'nothing was written; move it away, or choose another -o',
      );
  }
  const writing = progress(ctx, 'Writing', run.items.length);
  for (const [i, item] of run.items.entries()) {
    writing.update(i + 1, item.draftName);
    const { message } = await item.build(messageId(run.fromEmail));
    await writeFileAtomic(files[i]!, await composeMessage(message, true), { display: displayPath(files[i]!, ctx.cwd) });
  }
  writing.end();
  if (json) ctx.outJson(runJson(ctx, run, { channel: 'eml', files: files.map((f) => displayPath(f, ctx.cwd)) }));
  const shown =
    files.length <= 3
      ? files.map((f) => displayPath(f, ctx.cwd)).join(', ')
      : `${plural(files.length, 'file')} in ${displayPath(dir, ctx.cwd) || '.'}/`;
  ctx.out(
    `Wrote ${shown}: ${plural(files.length, run.noun)} to open in a mail client and send; nothing was sent, and nothing recorded in the letter`,
  );
}

async function sendAll(ctx: Context, run: DispatchRun, options: DispatchOptions, target: SmtpTarget): Promise<void> {
  const journalFile = await JournalFile.open(run.letterFile, ctx.cwd, lockSettings(ctx, `letters ${run.command}`));
  let interrupt: Interrupt | undefined;
  const session = new SmtpSession(target);
  let journal: Journal | undefined;
  try {
    const earlier = await journalFile.read();
    if (earlier !== undefined) {
      const conflict = resumeConflict(earlier, run.command, run.text, run.audience, run.message);
      if (conflict !== undefined)
        throw new LettersError(
          'mail',
          `${conflict} (${journalFile.display})`,
          `finish that run first by running it again, or, once you have looked at what the journal says was sent, move ${journalFile.display} away; nothing was sent`,
        );
    }
    const plan = planResume(
      earlier,
      run.items.map((i) => i.key),
      options.resendInDoubt,
    );
    if (plan.done.length > 0)
      ctx.out(`Already sent by an earlier, interrupted run: ${plural(plan.done.length, run.noun)} (${journalFile.display})`);
    for (const e of plan.retried) ctx.out(`Tried again: ${e.envelope.to.join(', ')} (${e.state}${e.response ? `: ${e.response}` : ''})`);
    for (const e of plan.doubt) reportProblem(ctx, inDoubtProblem(e, run.again));
    if (plan.send.length === 0 && plan.doubt.length === 0) {
      journal = earlier;
      if (options.json) ctx.outJson(runJson(ctx, run, { channel: 'smtp', server: target.display, journal, sent: 0 }));
      ctx.out(`Nothing left to send: every ${run.noun} was accepted by ${target.display}`);
      return;
    }
    if (plan.send.length > 0) {
      ctx.out(
        `Send ${plural(plan.send.length, run.noun)} through ${target.display}${options.rateMs ? `, one every ${(options.rateMs / 1000).toFixed(1)} s` : ''}`,
      );
      if (!options.yes) {
        if (!ctx.interactive)
          throw new LettersError(
            'missing-input',
            `sending ${plural(plan.send.length, run.noun)} needs a yes`,
            'look at the plan above, then add --yes to send it; nothing was sent',
          );
        if (!(await confirm(ctx, `Send ${plural(plan.send.length, run.noun)} now?`)))
          throw new LettersError('cancelled', 'not sent', 'nothing was sent');
      }
    }
    // Reaching the server (and logging in) fails here, in one line, before anything is written or sent.
    if (plan.send.length > 0) await session.open();
    journal = earlier ?? newJournal(run.command, run.text, run.audience, ctx.now().toISOString(), run.message);
    await journalFile.start(journal);
    interrupt = watchInterrupt(() =>
      ctx.err('letters: stopping after the message being sent — press Ctrl-C again to stop at once (that message is then in doubt)'),
    );
    const byKey = new Map(run.items.map((i) => [i.key, i]));
    const previous = new Map((earlier?.entries ?? []).map((e) => [e.key, e]));
    let lastStart = 0;
    let sent = 0;
    const sending = progress(ctx, 'Sending', plan.send.length);
    /**
     * The n-th message to send, built (rendered and composed) ahead: the next one is drawn while
     * this one is journaled and handed to the server. Building records and sends nothing.
     */
    const build = (n: number): Promise<Built> => {
      const key = plan.send[n]!;
      // A message sent again keeps its Message-ID, so a mail client can tell a repeat.
      const id = previous.get(key)?.messageId ?? messageId(run.fromEmail);
      const built = byKey
        .get(key)!
        .build(id)
        .then(async ({ message, pdfSha256 }) => ({ id, message, pdfSha256, bytes: await composeMessage(message, false) }));
      // Its failure is met where it is awaited; one never awaited (the run stopped) is dropped.
      built.catch(() => undefined);
      return built;
    };
    let ahead = plan.send.length > 0 ? build(0) : undefined;
    for (const [n, key] of plan.send.entries()) {
      if (interrupt.requested) break;
      const item = byKey.get(key)!;
      const wait = options.rateMs === undefined ? 0 : lastStart + options.rateMs - Date.now();
      if (wait > 0 && !(await pause(wait, interrupt))) break;
      lastStart = Date.now();
      sending.update(n + 1, item.envelope.to[0] ?? key);
      const { id, message, pdfSha256, bytes } = await ahead!;
      ahead = n + 1 < plan.send.length ? build(n + 1) : undefined;
      const envelope = { from: message.from.email, to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.email) };
      let entry: JournalEntry = {
        key,
        envelope: item.envelope,
        state: 'handing',
        messageId: id,
        at: '',
        attempts: previous.get(key)?.attempts ?? 0,
        ...(pdfSha256 ? { pdfSha256 } : {}),
      };
      for (;;) {
        entry = { ...entry, state: 'handing', attempts: entry.attempts + 1, at: new Date().toISOString() };
        journal = withEntry(journal, entry);
        // On the disk before the message goes: a crash from here on leaves it in doubt, never forgotten.
        await journalFile.append(entry, true);
        const handed = await session.send(envelope, bytes);
        const at = new Date().toISOString();
        if (handed.outcome === 'accepted') {
          entry = {
            ...entry,
            state: 'accepted',
            at,
            response: handed.response,
            ...(handed.refused.length > 0 ? { refused: handed.refused } : {}),
          };
          sent++;
        } else if (handed.outcome === 'permanent') entry = { ...entry, state: 'rejected', at, response: handed.response };
        else if (handed.outcome === 'in-doubt') entry = { ...entry, state: 'in-doubt', at, response: handed.response };
        else entry = { ...entry, state: 'deferred', at, response: handed.response };
        journal = withEntry(journal, entry);
        // Flushed with the next message's line (or at the end): lost only with the machine, and then in doubt.
        await journalFile.append(entry, false);
        const delay =
          entry.state === 'deferred' && !interrupt.requested ? retryDelay(entry.attempts - (previous.get(key)?.attempts ?? 0)) : undefined;
        if (delay === undefined) break;
        sending.update(n + 1, `${item.envelope.to[0] ?? key} — ${handed.response}; again in ${delay / 1000} s`);
        if (!(await pause(delay, interrupt))) break;
      }
      // The server cannot be reached at all: the rest would fail alike.
      if (entry.state === 'deferred' && /refused the connection|no such host|did not answer|cannot reach/.test(entry.response ?? '')) break;
    }
    sending.end();
    if (options.json) ctx.outJson(runJson(ctx, run, { channel: 'smtp', server: target.display, journal, sent }));
    report(ctx, run, journal, plan.send, sent, target);
  } finally {
    interrupt?.dispose();
    await session.close().catch(() => undefined);
    try {
      if (journal !== undefined) await recordAndSettle(ctx, run, journalFile, journal, target, options.force);
    } finally {
      await journalFile.release();
    }
  }
  // Not delivered: refused, deferred or in doubt, or accepted for some of its recipients only.
  const problems = journal!.entries.filter(
    (e) => run.items.some((i) => i.key === e.key) && (e.state !== 'accepted' || (e.refused?.length ?? 0) > 0),
  );
  const doubt = journal!.entries.filter(inDoubt).length;
  if (interrupt?.requested)
    throw new LettersError(
      'cancelled',
      'stopped by Ctrl-C',
      `the messages not yet sent are sent by running the same command again: ${run.again}`,
    );
  if (problems.length > 0 || doubt > 0) {
    throw new LettersError(
      'mail',
      `${plural(problems.length, run.noun)} of ${run.items.length} ${problems.length === 1 ? 'was' : 'were'} not delivered${doubt > 0 ? ` (${doubt} in doubt)` : ''}`,
      `see the lines above; running \`${run.again}\` again sends only what was not accepted`,
    );
  }
}

/** Sleep, unless interrupted first (false). */
async function pause(ms: number, interrupt: Interrupt): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (interrupt.requested) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())));
  }
  return !interrupt.requested;
}

/** A message handed over without an answer: a warning, since it may have arrived. */
function inDoubtProblem(e: JournalEntry, again: string): Problem {
  return {
    severity: 'warning',
    code: 'in-doubt',
    message: `in doubt: ${e.envelope.to.join(', ')} (Message-ID ${e.messageId}, handed over ${e.at}${e.response ? `: ${e.response}` : ', no answer'})`,
    hint: `the server may have it: look in its log or ask the recipient; if it did not arrive, send it again with \`${again} --resend-in-doubt\``,
  };
}

function report(ctx: Context, run: DispatchRun, journal: Journal, tried: readonly string[], sent: number, target: SmtpTarget): void {
  const mine = new Set(tried);
  for (const e of journal.entries) {
    if (!mine.has(e.key)) continue;
    if (e.state === 'rejected')
      reportProblem(ctx, {
        code: 'mail',
        message: `not delivered: ${e.envelope.to.join(', ')}: ${e.response ?? 'refused'}`,
        hint: 'the server refused it for good: check the address; running the command again tries it again',
      });
    else if (e.state === 'deferred')
      reportProblem(ctx, {
        code: 'mail',
        message: `not delivered yet: ${e.envelope.to.join(', ')}: ${e.response ?? 'no answer'}`,
        hint: 'the server asked to try later: run the same command again',
      });
    else if (e.state === 'in-doubt' || e.state === 'handing') reportProblem(ctx, inDoubtProblem(e, run.again));
    else if (e.refused !== undefined && e.refused.length > 0)
      reportProblem(ctx, {
        code: 'mail',
        message: `not delivered to ${e.refused.join(', ')} (the server took the message for the other recipients)`,
        hint: 'check the address',
      });
  }
  ctx.out(`Sent ${plural(sent, run.noun)} through ${target.display}`);
}

/** Write the records of accepted messages into the letter; then the journal goes, unless it still has something to say. */
async function recordAndSettle(
  ctx: Context,
  run: DispatchRun,
  file: JournalFile,
  journal: Journal,
  target: SmtpTarget,
  force: boolean,
): Promise<void> {
  const todo = unrecorded(journal);
  let current = journal;
  if (todo.length > 0) {
    const display = await updateLetter(run.letterFile, ctx.cwd, { lock: lockSettings(ctx, `letters ${run.command}`), force }, (parsed) => ({
      text: run.record(parsed, todo, target.host),
      result: parsed.file,
    }));
    current = markRecorded(journal, new Set(todo.map((e) => e.key)));
    ctx.out(`Recorded ${plural(todo.length, run.noun)} in ${display}`);
  }
  if (settled(current)) await file.remove();
  else await file.finish(current);
}

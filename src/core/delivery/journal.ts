/*
 * The send journal's state machine: what a run of `send`, `notify` or `remind` knows about each
 * message, written before and after the message is handed to the server, so that a crash, a kill
 * or Ctrl-C, then the same command again, sends each remaining message once and none twice.
 *
 *   (none) ──▶ handing ──▶ accepted            the server said 250: never sent again
 *                 │   └──▶ rejected            5xx: not delivered; reported, tried again by a later run
 *                 │   └──▶ deferred            4xx or a dropped connection before the end of the message,
 *                 │                            after the retries: not delivered, sent by a later run
 *                 └──▶ in-doubt                the whole message was handed over and no answer came
 *
 * An entry found in `handing` by a later run was being handed over when its process died: its fate
 * is unknown, like `in-doubt`. Letters never guesses: such a message is named, not sent again,
 * unless the user says so (--resend-in-doubt) after looking.
 */

export type EntryState = 'handing' | 'accepted' | 'rejected' | 'deferred' | 'in-doubt';

/** The addresses of one message's envelope, as `Name <address>`. */
export interface Envelope {
  to: string[];
  cc: string[];
  bcc: string[];
}

export interface JournalEntry {
  /** Which message this is: its first recipient's address, in lower case. */
  key: string;
  envelope: Envelope;
  state: EntryState;
  messageId: string;
  /** When the state last changed (ISO 8601, UTC). */
  at: string;
  attempts: number;
  /** The server's last answer, when it gave one. */
  response?: string;
  /** Addresses the server refused while taking the message for the others. */
  refused?: string[];
  /** The SHA-256 of the PDF attached, for the record. */
  pdfSha256?: string;
  /** True once its record is in the letter. */
  recorded?: boolean;
}

export type JournalCommand = 'send' | 'notify' | 'remind';

export interface Journal {
  version: 1;
  command: JournalCommand;
  /** The letter's text fingerprint when the run started. */
  text: string;
  /** For notify and remind: the SHA-256 of the message's text. */
  message?: string;
  /** What the run sends to: "the letter's recipients" or the recipients file's name. */
  audience: string;
  started: string;
  entries: JournalEntry[];
}

/** A new journal for a run. */
export function newJournal(command: JournalCommand, text: string, audience: string, started: string, message?: string): Journal {
  return { version: 1, command, text, audience, started, entries: [], ...(message === undefined ? {} : { message }) };
}

/** The unknown: handed over (or being handed over when the process died), with no answer. */
export function inDoubt(entry: JournalEntry): boolean {
  return entry.state === 'in-doubt' || entry.state === 'handing';
}

/**
 * Why an earlier, unfinished run's journal cannot be resumed by this command, or undefined: it
 * was another command, another text or message, or another audience. The user finishes that run
 * first, or removes the journal knowing what it says.
 */
export function resumeConflict(
  journal: Journal,
  command: JournalCommand,
  text: string,
  audience: string,
  message?: string,
): string | undefined {
  if (journal.command !== command) return `an unfinished \`letters ${journal.command}\` (started ${journal.started}) is in the journal`;
  if (journal.text !== text)
    return `the unfinished ${command} started ${journal.started} sent text ${journal.text}, and the letter's text is now ${text}`;
  if ((journal.message ?? '') !== (message ?? '')) return `the unfinished ${command} started ${journal.started} sent another message`;
  if (journal.audience !== audience)
    return `the unfinished ${command} started ${journal.started} went to ${journal.audience}, not to ${audience}`;
  return undefined;
}

/** What a run does with each message it would send, given what the journal says of earlier attempts. */
export interface ResumePlan {
  /** Keys to send now, in order. */
  send: string[];
  /** Accepted by the server in an earlier attempt: never sent again. */
  done: JournalEntry[];
  /** Handed over with no answer: named, not sent (unless resendInDoubt). */
  doubt: JournalEntry[];
  /** Refused or deferred earlier and tried again now. */
  retried: JournalEntry[];
}

/** Decide, for each key of this run, whether to send it, skip it, or name it as in doubt. */
export function planResume(journal: Journal | undefined, keys: readonly string[], resendInDoubt: boolean): ResumePlan {
  const byKey = new Map((journal?.entries ?? []).map((e) => [e.key, e]));
  const plan: ResumePlan = { send: [], done: [], doubt: [], retried: [] };
  for (const key of keys) {
    const entry = byKey.get(key);
    if (entry === undefined) plan.send.push(key);
    else if (entry.state === 'accepted') plan.done.push(entry);
    else if (inDoubt(entry) && !resendInDoubt) plan.doubt.push(entry);
    else {
      plan.retried.push(entry);
      plan.send.push(key);
    }
  }
  // In doubt from an earlier run, for a recipient no longer in this run: still named.
  const wanted = new Set(keys);
  for (const entry of journal?.entries ?? []) if (!wanted.has(entry.key) && inDoubt(entry)) plan.doubt.push(entry);
  return plan;
}

/** The journal with one entry set (added, or replaced by key). */
export function withEntry(journal: Journal, entry: JournalEntry): Journal {
  const i = journal.entries.findIndex((e) => e.key === entry.key);
  const entries = i < 0 ? [...journal.entries, entry] : journal.entries.map((e, j) => (j === i ? entry : e));
  return { ...journal, entries };
}

/** Accepted messages whose record is not yet in the letter. */
export function unrecorded(journal: Journal): JournalEntry[] {
  return journal.entries.filter((e) => e.state === 'accepted' && e.recorded !== true);
}

/** The journal with these entries marked as recorded in the letter. */
export function markRecorded(journal: Journal, keys: ReadonlySet<string>): Journal {
  return { ...journal, entries: journal.entries.map((e) => (keys.has(e.key) ? { ...e, recorded: true } : e)) };
}

/** True when nothing is left to say: every message accepted and recorded. The journal can go. */
export function settled(journal: Journal): boolean {
  return journal.entries.every((e) => e.state === 'accepted' && e.recorded === true);
}

/** A journal read back from its file, checked; undefined when it is not one. */
export function journalFromJson(value: unknown): Journal | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const j = value as Partial<Journal>;
  if (j.version !== 1 || !Array.isArray(j.entries) || typeof j.text !== 'string' || typeof j.audience !== 'string') return undefined;
  if (j.command !== 'send' && j.command !== 'notify' && j.command !== 'remind') return undefined;
  const states: readonly string[] = ['handing', 'accepted', 'rejected', 'deferred', 'in-doubt'];
  for (const e of j.entries) {
    if (typeof e !== 'object' || e === null || typeof e.key !== 'string' || !states.includes(e.state)) return undefined;
    if (typeof e.envelope !== 'object' || e.envelope === null || !Array.isArray(e.envelope.to)) return undefined;
  }
  return j as Journal;
}

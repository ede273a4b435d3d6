//! The e-mail intake: replies saved as .eml files, one sign-up each. The sender's name and
//! address (From), the day it was sent in the sender's own time (Date), and the body's
//! "Organization: …", "Name: …", "Title: …" lines — the quoted message and the signature left
//! out — are its answers; a "Name:" or "Email:" line in the body wins over the From header.
//! Its Message-ID says where it came from. MIME is read by postal-mime (MIT-0).
import path from 'node:path';
import PostalMime from 'postal-mime';
import { SIGNATORY_FIELDS } from '../../core/letter/fields.js';
import { headingTarget } from '../../core/sheets/columns.js';
import { labelledLines } from '../../core/sheets/form-text.js';
import { plural } from '../../core/text/plural.js';
import { LettersError, type SourceLocation } from '../../errors.js';
import { displayPath } from '../files/letter-files.js';
import { answersTable, type IntakeTable, offsetLocator, readBytes } from './intake.js';

type Answer = { question: string; answer: string; at: SourceLocation };

/** The question each field is asked under in an e-mail's table: its label ("Organization", "Date" for the day signed). */
const LABELS = new Map<string, string>([
  ...SIGNATORY_FIELDS.map((f): [string, string] => [f.name, f.label]),
  ['signed', 'Date'],
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
]);

/** The Date header as the sender's wall clock, "YYYY-MM-DD HH:MM:SS": the day they signed where they were. */
function senderTime(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return raw;
  const zone = /([+-])(\d{2}):?(\d{2})\s*(?:\([^)]*\))?\s*$/.exec(raw);
  const offset = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) : 0;
  return new Date(ms + offset * 60_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Text of an HTML-only message, enough for its "Label: value" lines. */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** One message's answers, each located in the file: at its header, or at its line of the body when written plainly. */
async function messageAnswers(
  bytes: Buffer,
  display: string,
): Promise<{ answers: Answer[]; at: SourceLocation; id?: string; from?: string }> {
  const raw = bytes.toString('utf8');
  const at = offsetLocator(raw, display);
  let mail: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    mail = await PostalMime.parse(bytes);
  } catch (err) {
    throw new LettersError(
      'invalid-csv',
      `${display} cannot be read as an e-mail: ${err instanceof Error ? err.message : String(err)}`,
      'save the message again as .eml (the whole message, with its headers)',
      {
        location: at(0),
      },
    );
  }
  const headerAt = (name: string): SourceLocation => {
    const m = new RegExp(`^${name}:[ \\t]*`, 'im').exec(raw);
    return at(m ? m.index + m[0].length : 0);
  };
  const bodyStart = /\r?\n\r?\n/.exec(raw);
  const bodyOffset = bodyStart ? bodyStart.index + bodyStart[0].length : 0;
  const from = mail.from?.address === undefined ? undefined : mail.from;
  const answers: Answer[] = [];
  const named = new Map<string, Answer>();
  if (from?.name) named.set('name', { question: 'Name', answer: from.name, at: headerAt('From') });
  if (from?.address) named.set('email', { question: 'Email', answer: from.address, at: headerAt('From') });
  const dateHeader = mail.headers.find((h) => h.key === 'date')?.value;
  const sent = senderTime(dateHeader);
  if (sent !== undefined) named.set('signed', { question: 'Date', answer: sent, at: headerAt('Date') });
  const text = mail.text ?? (mail.html === undefined ? '' : htmlText(mail.html));
  for (const line of labelledLines(text)) {
    const written = new RegExp(`^[ \\t>*•-]*\\**${line.question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\**[ \\t]*[:：][ \\t]*`, 'im').exec(
      raw.slice(bodyOffset),
    );
    const place = at(written ? bodyOffset + written.index + written[0].length : bodyOffset);
    // One question per field however each sender words it ("Organisation :", "Organization:"), so messages share columns.
    const target = headingTarget(line.question);
    const question = target === undefined ? line.question : (LABELS.get(target) ?? line.question);
    const answer = { question, answer: line.answer, at: place };
    if (target !== undefined) named.set(target, answer);
    else answers.push(answer);
  }
  return {
    answers: [...named.values(), ...answers],
    at: at(0),
    ...(mail.messageId === undefined ? {} : { id: mail.messageId }),
    ...(from?.address === undefined ? {} : { from: from.address }),
  };
}

/** Reply e-mails, one sign-up per file, as a table of answers. */
export async function readEmailIntake(files: readonly string[], cwd: string): Promise<IntakeTable> {
  const rows = [];
  for (const [i, file] of files.entries()) {
    const display = displayPath(file, cwd);
    const message = await messageAnswers(await readBytes(file, cwd, 'e-mail file'), display);
    const name = path.basename(file);
    rows.push({
      answers: message.answers,
      at: message.at,
      label: `message ${display}`,
      number: i + 1,
      source: `${name}${message.id === undefined ? '' : `, Message-ID ${message.id}`}`,
    });
  }
  const display = files.length === 1 ? displayPath(files[0]!, cwd) : `${plural(files.length, 'e-mail')}`;
  return answersTable({ file: display, kind: 'eml', summary: `e-mail, ${plural(files.length, 'message')}`, encoding: 'utf-8' }, rows);
}

//! Sign-ups written as text, taken apart into questions and answers: a GitHub issue form's body
//! ("### Organization" then the answer, "_No response_" for none) and a reply e-mail's lines
//! ("Organization: Human Rights Watch"), its quoted message and signature left out. Each answer
//! keeps the line it is on, so a problem with it is shown there. Pure text in, answers out.

/** One question and its answer, and the line of the text (from 1) the answer is on. */
export interface FormAnswer {
  question: string;
  answer: string;
  line: number;
}

/** What GitHub writes for a question left empty. */
const NO_RESPONSE = /^_no response_$/i;

/**
 * The sections of an issue form's body: each `### Heading` line, then its answer (the lines
 * up to the next heading, trimmed; a checkbox list as written). A body with no such heading
 * has no sections.
 */
export function issueFormSections(body: string): FormAnswer[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const out: FormAnswer[] = [];
  let current: { question: string; lines: string[]; first: number } | undefined;
  const close = (): void => {
    if (current === undefined) return;
    const text = current.lines.join('\n').trim();
    const offset = current.lines.findIndex((l) => l.trim() !== '');
    out.push({
      question: current.question,
      answer: NO_RESPONSE.test(text) ? '' : text,
      line: current.first + (offset === -1 ? 0 : offset),
    });
  };
  lines.forEach((line, i) => {
    const heading = /^###\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      close();
      current = { question: heading[1]!, lines: [], first: i + 2 };
    } else current?.lines.push(line);
  });
  close();
  return out;
}

/** A line that opens the quoted message of a reply: "On … wrote:", "Le … a écrit :", "Am … schrieb …:", an Outlook rule. */
const QUOTE_OPENS =
  /^(?:On\s.+\swrote:|Le\s.+\sa\s+écrit\s*:|Am\s.+\sschrieb\s.*:|El\s.+\sescribió:|Il\s.+\sha\s+scritto:|Em\s.+\sescreveu:|Op\s.+\sschreef\s.*:|W dniu\s.+\spisze:|-{2,}\s*(?:Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}|_{5,})\s*$/i;

/**
 * `Label: value` lines of a message's text, up to the quoted message or the signature (`-- `);
 * quoted lines (`>`) are not the sender's. A label is a few words before a colon: "Organization",
 * "Name", "Title", "Nom de l'organisation"; a web address is no label.
 */
export function labelledLines(text: string): FormAnswer[] {
  const out: FormAnswer[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (const [i, raw] of lines.entries()) {
    if (raw === '-- ' || raw === '--' || QUOTE_OPENS.test(raw.trim())) break;
    if (/^\s*>/.test(raw)) continue;
    const m = /^\s*(?:[-*•]\s+)?(?:\*\*)?([\p{L}][\p{L}\p{M}\p{N} '’/().&-]{0,48}?)(?:\*\*)?\s*[:：]\s*(.*)$/u.exec(raw);
    if (!m || /^(https?|mailto|ftp)$/i.test(m[1]!.trim()) || m[1]!.trim().split(/\s+/).length > 6) continue;
    out.push({ question: m[1]!.trim(), answer: m[2]!.replace(/\*\*$/, '').trim(), line: i + 1 });
  }
  return out;
}

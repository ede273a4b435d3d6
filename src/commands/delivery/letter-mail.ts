// The pieces of the delivery e-mail: the attachments a letter is sent with (its PDF, and HTML or text on request) and the body (cover:, --message, or the letter as text) with its placeholders filled.
import { createHash } from 'node:crypto';
import { countSentence, countSignatories } from '../../core/delivery/counts.js';
import type { Attachment } from '../../core/delivery/message.js';
import { fillPlaceholders, placeholdersIn } from '../../core/delivery/message.js';
import type { Letter, Recipient } from '../../core/letter/letter.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import type { SourceLocation } from '../../errors.js';
import { LettersError, usageError } from '../../errors.js';
import { FORMATS } from '../../render/writers/formats.js';
import type { TemplateSource } from '../../render/document/template.js';
import type { LetterDocument } from '../../render/document/document.js';
import type { Context } from '../context.js';
import { RenderRun } from '../publishing/render-run.js';
import { resolveSettings } from '../publishing/render-settings.js';

export type AttachKind = 'pdf' | 'html' | 'txt';

/** `--attach pdf,html`: the formats attached (default: the PDF); `none` for none. */
export function resolveAttach(value: string | undefined): AttachKind[] {
  if (value === undefined) return ['pdf'];
  if (value.trim() === 'none') return [];
  const kinds = value.split(',').map((k) => k.trim().toLowerCase());
  for (const k of kinds)
    if (k !== 'pdf' && k !== 'html' && k !== 'txt')
      throw usageError(`--attach cannot include "${k}"`, 'give pdf, html and txt, comma-separated (or none)');
  return [...new Set(kinds as AttachKind[])];
}

/** The values a delivery message's placeholders take, for the letter and one addressee. */
export function placeholderValues(letter: Letter, recipient: Recipient | undefined): Record<string, string | undefined> {
  const counts = countSignatories(letter);
  return {
    title: letter.title,
    deadline: letter.deadline,
    count: countSentence(counts, letter.lang),
    'count.total': String(counts.total),
    'count.organizations': String(counts.organizations),
    'count.individuals': String(counts.individuals),
    'recipient.name': recipient?.name,
    'recipient.title': recipient?.title,
    'recipient.organization': recipient?.organization,
    'recipient.address': recipient === undefined || recipient.address.length === 0 ? undefined : recipient.address.join(', '),
  };
}

/** Placeholders a text uses that are not known, refused with their place before anything is sent. */
export function checkPlaceholders(text: string, known: Record<string, unknown>, where: string, location?: SourceLocation): void {
  const unknown = placeholdersIn(text).filter((p) => !(p in known));
  if (unknown.length > 0)
    throw new LettersError(
      'invalid-letter',
      `${where} uses {{${unknown[0]}}}, which letters does not fill`,
      `use ${Object.keys(known)
        .map((k) => `{{${k}}}`)
        .join(', ')}`,
      location ? { location } : {},
    );
}

/** Fill a message's placeholders; one this addressee has no value for is an error, never a blank. */
export function fillMessage(
  text: string,
  values: Record<string, string | undefined>,
  where: string,
  who: string,
  location?: SourceLocation,
): string {
  const filled = fillPlaceholders(text, values);
  if (filled.empty.length > 0)
    throw new LettersError(
      'invalid-letter',
      `${where} uses ${filled.empty[0]}, and ${who} has none`,
      `fill it in, or reword ${where}; nothing was sent`,
      location ? { location } : {},
    );
  return filled.text;
}

/** Renders a letter (or a mail merge's letters) in each format it is sent in; fonts and templates loaded once. */
export class LetterFiles {
  private readonly runs = new Map<AttachKind, RenderRun>();
  private readonly templates = new Map<AttachKind, TemplateSource>();

  constructor(
    private readonly ctx: Context,
    private readonly slug: string,
    readonly kinds: readonly AttachKind[],
    /** The text render is also the body when there is no cover and no --message. */
    private readonly textBody: boolean,
  ) {}

  private run(kind: AttachKind): RenderRun {
    let run = this.runs.get(kind);
    if (run === undefined) {
      run = new RenderRun(this.ctx, resolveSettings({ format: kind }));
      this.runs.set(kind, run);
    }
    return run;
  }

  /** Documents checked ahead and not yet written: each letter's tree is built once. */
  private readonly checked = new WeakMap<ParsedLetter, Map<string, LetterDocument>>();

  /** The formats made for each letter: the attachments, and the text when it is the body. */
  private get made(): AttachKind[] {
    return [...new Set<AttachKind>([...this.kinds, ...(this.textBody ? (['txt'] as const) : [])])];
  }

  /**
   * Each format's document. Formats that share a template share one document tree, built with the
   * fonts when a format needs them (the PDF: every character must be printable), so a letter
   * sent as PDF with its text as the body is laid out once, not twice.
   */
  private async documents(parsed: ParsedLetter): Promise<Map<AttachKind, LetterDocument>> {
    const ready = this.checked.get(parsed);
    const byTemplate = new Map<string, LetterDocument>();
    const out = new Map<AttachKind, LetterDocument>();
    // Those needing fonts first: their document serves the others of the same template.
    const kinds = this.made.sort((a, b) => Number(FORMATS[b].needsFonts) - Number(FORMATS[a].needsFonts));
    for (const kind of kinds) {
      const run = this.run(kind);
      const template = this.templates.get(kind) ?? (await run.template(parsed.letter));
      this.templates.set(kind, template);
      const key = `${template.file}\u0000${template.name}`;
      const document = ready?.get(key) ?? byTemplate.get(key) ?? (await run.document(parsed, template));
      byTemplate.set(key, document);
      out.set(kind, document);
    }
    return out;
  }

  /** Load templates and check every letter can be rendered in each format (fonts for the PDF) before anything is sent. */
  async check(parsed: ParsedLetter): Promise<void> {
    const documents = await this.documents(parsed);
    const byTemplate = new Map<string, LetterDocument>();
    for (const [kind, document] of documents)
      byTemplate.set(`${this.templates.get(kind)!.file}\u0000${this.templates.get(kind)!.name}`, document);
    this.checked.set(parsed, byTemplate);
  }

  /** The attachments, the SHA-256 of the PDF among them, and the text render when it is the body. */
  async render(parsed: ParsedLetter): Promise<{ attachments: Attachment[]; pdfSha256?: string; text?: string }> {
    const attachments: Attachment[] = [];
    let pdfSha256: string | undefined;
    let text: string | undefined;
    for (const [kind, document] of await this.documents(parsed)) {
      const [output] = await this.run(kind).outputs(document);
      const bytes = output!.bytes;
      if (kind === 'txt' && this.textBody) text = bytes.toString('utf8');
      if (!this.kinds.includes(kind)) continue;
      if (kind === 'pdf') pdfSha256 = createHash('sha256').update(bytes).digest('hex');
      attachments.push({ filename: `${this.slug}${FORMATS[kind].extension}`, contentType: CONTENT_TYPES[kind], content: bytes });
    }
    this.checked.delete(parsed);
    return { attachments, ...(pdfSha256 ? { pdfSha256 } : {}), ...(text !== undefined ? { text } : {}) };
  }
}

const CONTENT_TYPES: Record<AttachKind, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

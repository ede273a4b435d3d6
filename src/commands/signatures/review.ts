//! `letters review <letter>`: the pending queue (imported sign-ups held for a person to look at)
//! listed, walked on a terminal — approve, reject, edit, "same as line N" — or decided without
//! one with `--approve` and `--reject` selectors. Decisions are made (core/signing/review.ts),
//! then written in one locked splice (core/edit/entry-moves.ts): approved entries become
//! signatures, rejected ones a dated record under `rejected:`.
import { SIGNATORY_FIELDS, type SignatoryFieldName } from '../../core/letter/fields.js';
import type { Signatory } from '../../core/letter/letter.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { movePending } from '../../core/edit/entry-moves.js';
import { decideReview, pendingName, selectPending, type ReviewDecision } from '../../core/signing/review.js';
import { Signers } from '../../core/signing/signing-rules.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { cleanLine } from '../../core/text/characters.js';
import { missingGlyphsIn } from '../../core/text/glyphs.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { lockSettings, readLetter, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import { FontStack } from '../../render/inline/font-stack.js';
import type { Context } from '../context.js';

export interface ReviewOptions {
  approve?: string[];
  reject?: string[];
  /** Why the rejected entries were rejected, kept with them. */
  reason?: string;
  json?: boolean;
  /** Change a read-only letter file (it stays read-only). */
  force?: boolean;
}

const lineOf = (parsed: ParsedLetter) => (index: number) => parsed.locate(`pending.${index}`).line;

/** One pending entry for people: its line, who, the rest of its printed fields, where it came from, its flags. */
function entryLines(parsed: ParsedLetter, index: number): string[] {
  const p = parsed.letter.pending![index]!;
  const rest = [p.title, p.affiliation, p.country, p.group].filter((v) => v !== undefined).join(', ');
  const out = [
    `  line ${lineOf(parsed)(index)}: ${pendingName(p)}${rest === '' ? '' : ` — ${rest}`}${p.signed === undefined ? '' : `, ${p.signed}`}`,
  ];
  const from = [p.email, p.source].filter((v) => v !== undefined).join(', ');
  if (from !== '') out.push(`      from ${from}`);
  if (p.flagged !== undefined) out.push(`      flagged: ${p.flagged}`);
  const signed = Signers.of(parsed.letter.signatories).find(p);
  if (signed !== undefined) out.push(`      already signed: signatory ${signed + 1} (line ${parsed.locate(`signatories.${signed}`).line})`);
  return out;
}

/** The queue, listed with the commands that decide it. */
function list(ctx: Context, parsed: ParsedLetter, letterArg: string): void {
  const pending = parsed.letter.pending ?? [];
  if (pending.length === 0) {
    ctx.out(`Nothing is pending review in ${parsed.file}`);
    return;
  }
  ctx.out(`Pending review in ${parsed.file}: ${pending.length}`);
  pending.forEach((_, i) => {
    for (const line of entryLines(parsed, i)) ctx.out(line);
  });
  const slug = shellWord(letterArg);
  ctx.out(
    `Approve with letters review ${slug} --approve ${lineOf(parsed)(0)} (a line, row:N, #issue, a name, or all); reject with --reject ${lineOf(parsed)(0)} --reason "…"`,
  );
}

/** The fields a reviewer may correct, one prompt each, the value as it stands offered. */
const EDITABLE: SignatoryFieldName[] = ['organization', 'name', 'title', 'affiliation', 'country', 'description'];

async function edit(ctx: Context, entry: Signatory, fonts: FontStack): Promise<Signatory> {
  const out: Signatory = { ...entry };
  for (const field of EDITABLE) {
    const label = SIGNATORY_FIELDS.find((f) => f.name === field)!.label;
    const current = entry[field];
    if (current === undefined && field !== 'title' && field !== 'name') continue;
    const typed = await ctx.prompt.input(`${label} ("-" to leave it out)`, typeof current === 'string' ? { default: current } : {});
    if (typed === '-') {
      delete out[field];
      continue;
    }
    const value = cleanLine(typed, label);
    if (value === undefined) delete out[field];
    else {
      const missing = missingGlyphsIn(label, value, (cp) => fonts.covers(cp));
      if (missing) throw new LettersError('missing-glyph', missing.message, missing.hint);
      (out as Record<string, string>)[field] = value;
    }
  }
  return out;
}

/** Walk the queue on a terminal, one entry at a time; what was decided so far is kept on quit. */
async function walk(
  ctx: Context,
  parsed: ParsedLetter,
): Promise<{ approve: number[]; reject: Map<number, string | undefined>; edits: Map<number, Signatory> }> {
  const pending = parsed.letter.pending ?? [];
  const approve: number[] = [];
  const reject = new Map<number, string | undefined>();
  const edits = new Map<number, Signatory>();
  const fonts = new FontStack();
  for (let i = 0; i < pending.length; i++) {
    const shown = edits.get(i) ?? pending[i]!;
    ctx.out(`${i + 1} of ${pending.length}:`);
    for (const line of entryLines({ ...parsed, letter: { ...parsed.letter, pending: pending.map((p, j) => (j === i ? shown : p)) } }, i))
      ctx.out(line);
    const answer = (await ctx.prompt.input('[a]pprove, [r]eject, [e]dit, [s]ame as line N, [k]eep pending, [q]uit', { default: 'k' }))
      .trim()
      .toLowerCase();
    const same = /^s(?:ame)?(?:\s+as)?\s*(?:line\s*)?(\d+)?$/.exec(answer);
    if (answer === 'a' || answer === 'approve') approve.push(i);
    else if (answer === 'r' || answer === 'reject') {
      const reason = cleanLine(await ctx.prompt.input('Reason (optional)'), 'the reason');
      reject.set(i, reason);
    } else if (answer === 'e' || answer === 'edit') {
      edits.set(i, await edit(ctx, shown, fonts));
      i--; // shown again, to decide
    } else if (same) {
      const line = same[1] ?? (await ctx.prompt.input('Same as which line of the letter file?')).trim();
      const other = sameAs(parsed, Number(line));
      reject.set(i, `same as line ${line}${other === undefined ? '' : ` (${other})`}`);
    } else if (answer === 'q' || answer === 'quit') break;
  }
  return { approve, reject, edits };
}

/** Who stands at a line of the letter file (a signatory or a pending entry), for "same as line N". */
function sameAs(parsed: ParsedLetter, line: number): string | undefined {
  if (!Number.isInteger(line) || line < 1)
    throw new LettersError('usage', `"${line}" is not a line of ${parsed.file}`, 'give the line an entry starts on');
  for (const [list, entries] of [
    ['signatories', parsed.letter.signatories],
    ['pending', parsed.letter.pending ?? []],
  ] as const) {
    const i = entries.findIndex((_, j) => parsed.locate(`${list}.${j}`).line === line);
    if (i !== -1) return pendingName(entries[i]!);
  }
  throw new LettersError(
    'usage',
    `no signatory or pending entry starts on line ${line} of ${parsed.file}`,
    'give the line an entry starts on, as listed',
  );
}

/** `letters review <letter> [--approve SEL…] [--reject SEL…] [--reason TEXT]`. */
export async function review(ctx: Context, letterArg: string, options: ReviewOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const preview = await readLetter(file, ctx.cwd);
  const today = localDay(ctx.now());
  const reason = cleanLine(options.reason, '--reason');
  const selecting = (options.approve?.length ?? 0) + (options.reject?.length ?? 0) > 0;
  if (reason !== undefined && (options.reject?.length ?? 0) === 0) {
    throw new LettersError('usage', '--reason goes with --reject', 'add --reject with the entries it is about');
  }
  let decision: ReviewDecision;
  if (selecting) {
    const pick = (selectors: readonly string[] = []) => selectors.flatMap((s) => selectPending(preview.letter, s, lineOf(preview)));
    decision = decideReview(
      preview.letter,
      { approve: pick(options.approve), reject: pick(options.reject), ...(reason === undefined ? {} : { reason }) },
      today,
      lineOf(preview),
    );
  } else if (ctx.interactive && !options.json && (preview.letter.pending?.length ?? 0) > 0) {
    const walked = await walk(ctx, preview);
    decision = decideReview(
      preview.letter,
      { approve: walked.approve, reject: [...walked.reject.keys()], edits: walked.edits },
      today,
      lineOf(preview),
    );
    for (const r of decision.reject) {
      const why = walked.reject.get(r.index);
      if (why !== undefined) r.reason = why;
    }
  } else {
    if (options.json) {
      // The same document as after a decision, with nothing decided.
      ctx.outJson({
        letter: preview.file,
        approved: [],
        rejected: [],
        edited: 0,
        pending: (preview.letter.pending ?? []).map((p, i) => ({ line: lineOf(preview)(i), ...p })),
        signatories: preview.letter.signatories.length,
      });
    } else list(ctx, preview, letterArg);
    return;
  }
  if (decision.approve.length + decision.reject.length + decision.edit.length === 0) {
    if (options.json) {
      const pending = (preview.letter.pending ?? []).map((p, i) => ({ line: lineOf(preview)(i), ...p }));
      ctx.outJson({ letter: preview.file, approved: [], rejected: [], edited: 0, pending, signatories: preview.letter.signatories.length });
    }
    ctx.out('Nothing decided; the pending entries stay as they were');
    return;
  }
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters review'), readBefore: preview };
  const count = await updateLetter<number>(file, ctx.cwd, writing, (parsed) => {
    if (parsed !== preview) {
      throw new LettersError('busy', `${parsed.file} changed while the review was being decided`, 'run letters review again');
    }
    return { text: movePending(parsed, decision), result: parsed.letter.signatories.length + decision.approve.length };
  });
  const left = (preview.letter.pending?.length ?? 0) - decision.approve.length - decision.reject.length;
  const summary = {
    letter: preview.file,
    approved: decision.approve.map((a) => pendingName(a.signatory)),
    rejected: decision.reject.map((r) => pendingName(preview.letter.pending![r.index]!)),
    edited: decision.edit.length,
    pending: left,
    signatories: count,
  };
  if (options.json) {
    // The entries still pending, as the file held them before this review (their lines there).
    const decided = new Set([...decision.approve.map((a) => a.index), ...decision.reject.map((r) => r.index)]);
    ctx.outJson({
      ...summary,
      pending: (preview.letter.pending ?? []).flatMap((p, i) => (decided.has(i) ? [] : [{ line: lineOf(preview)(i), ...p }])),
    });
    return;
  }
  for (const a of summary.approved) ctx.out(`Approved: ${a}`);
  for (const r of summary.rejected) ctx.out(`Rejected: ${r} (kept under rejected:, never printed)`);
  ctx.out(`${preview.file} now has ${signatoryCount(count)}; ${plural(left, 'entry', 'entries')} still pending review`);
}

//! Review of the pending queue, decided as data: which pending entries a selector means (all,
//! a line of the letter file, a source's row, issue or Message-ID, a name), and what approving
//! or rejecting them does — checked by the signing rules (signing-rules.ts) as any signature is:
//! an organization or a name, a listed group, and nobody signing twice. Pure.
import { LettersError } from '../../errors.js';
import { matchKey } from '../letter/identity.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { entryProblem, Signers, type StandingProblem } from './signing-rules.js';

/** What review decides, by index in `pending:` (the shape core/edit/entry-moves.ts applies). */
export interface ReviewDecision {
  approve: { index: number; signatory: Signatory }[];
  reject: { index: number; rejected: string; reason?: string }[];
  edit: { index: number; signatory: Signatory }[];
}

/** A pending entry named for people: "Human Rights Watch (Jane Roe)". */
export function pendingName(s: Signatory): string {
  const main = s.organization ?? s.name ?? '';
  return s.organization !== undefined && s.name !== undefined ? `${main} (${s.name})` : main;
}

/**
 * The pending entries a selector means: `all`; a number, the line of the letter file an entry
 * starts on (as `letters review` lists them); `row:N`, `item:N`, `line:N` of its source file, `#N`
 * an issue, `<id>` a Message-ID; anything else an organization or a name (case, accents and
 * punctuation ignored). A selector that means none is an error naming it.
 */
export function selectPending(letter: Letter, selector: string, lineOf: (index: number) => number): number[] {
  const pending = letter.pending ?? [];
  const s = selector.trim();
  let found: number[];
  if (s.toLowerCase() === 'all') found = pending.map((_, i) => i);
  else if (/^\d+$/.test(s)) found = pending.flatMap((_, i) => (lineOf(i) === Number(s) ? [i] : []));
  else {
    const source = /^(row|item|line):\s*(\d+)$/i.exec(s);
    const issue = /^#(\d+)$/.exec(s);
    const sourceHas = (p: Signatory, re: RegExp): boolean => p.source !== undefined && re.test(p.source);
    if (source) found = pending.flatMap((p, i) => (sourceHas(p, new RegExp(`\\b${source[1]!.toLowerCase()} ${source[2]}\\b`)) ? [i] : []));
    else if (issue) found = pending.flatMap((p, i) => (sourceHas(p, new RegExp(`issue #${issue[1]}\\b`)) ? [i] : []));
    else if (/^<.+>$/.test(s)) found = pending.flatMap((p, i) => (p.source?.includes(s) ? [i] : []));
    else {
      const key = matchKey(s);
      found = pending.flatMap((p, i) =>
        (p.organization !== undefined && matchKey(p.organization) === key) || (p.name !== undefined && matchKey(p.name) === key) ? [i] : [],
      );
    }
  }
  if (found.length === 0) {
    throw new LettersError(
      'not-found',
      pending.length === 0 ? 'nothing is pending review in this letter' : `no pending entry matches "${selector}"`,
      pending.length === 0
        ? 'import with --pending (or intake: review) to hold sign-ups for review'
        : 'list them with `letters review <letter>`; select by line (14), row:4, #12, <message-id>, a name, or all',
    );
  }
  return found;
}

/** Why an entry approved in review cannot be signed: a rule of its own, or it signed already. */
export type ApprovalProblem =
  | { index: number; problem: StandingProblem }
  /** In the letter (`signatory`: its index), or approved just before it. */
  | { index: number; problem: { rule: 'signed-already'; signatory?: number; approved?: number } };

/**
 * Every approval the signing rules (signing-rules.ts) refuse, in order: each entry checked as any
 * signature is — an organization or a name, a listed group — against the letter's signatories
 * and the entries approved with it (unless the letter allows repeats).
 */
export function approvalProblems(letter: Letter, approve: readonly { index: number; signatory: Signatory }[]): ApprovalProblem[] {
  const signers = Signers.of(letter.signatories);
  const out: ApprovalProblem[] = [];
  approve.forEach(({ index, signatory }, i) => {
    const problem = entryProblem(letter, signatory);
    if (problem !== undefined) {
      out.push({ index, problem });
      return;
    }
    const first = signers.find(signatory);
    if (first !== undefined && letter.allowRepeats !== true) {
      const inLetter = first < letter.signatories.length;
      out.push({
        index,
        problem: {
          rule: 'signed-already',
          ...(inLetter ? { signatory: first } : { approved: approve[first - letter.signatories.length]!.index }),
        },
      });
      return;
    }
    signers.add(signatory, letter.signatories.length + i);
  });
  return out;
}

/** A standing rule an entry breaks, in words. */
export function standingReason(problem: StandingProblem): string {
  return problem.rule === 'unlisted-group'
    ? `its group "${problem.group}" is not in groups:`
    : problem.rule === 'individual-only'
      ? `it has both an organization and ${problem.field}`
      : problem.rule === 'organization-only'
        ? `it has ${problem.field} but no organization`
        : 'it has neither organization nor name';
}

/**
 * Approve and reject pending entries: the approved become signatures as they are (without the
 * import's `flagged:` note), each checked by the signing rules against the letter and the others
 * approved with it; the rejected are dated `today`. An entry both approved and rejected, or one
 * that would sign twice, is refused with nothing decided.
 */
export function decideReview(
  letter: Letter,
  chosen: { approve: readonly number[]; reject: readonly number[]; edits?: ReadonlyMap<number, Signatory>; reason?: string },
  today: string,
  lineOf: (index: number) => number,
): ReviewDecision {
  const pending = letter.pending ?? [];
  const both = chosen.approve.find((i) => chosen.reject.includes(i));
  if (both !== undefined) {
    throw new LettersError(
      'usage',
      `the pending entry "${pendingName(pending[both]!)}" (line ${lineOf(both)}) is both approved and rejected`,
      'select it in one of --approve and --reject',
    );
  }
  const approve: ReviewDecision['approve'] = [...new Set(chosen.approve)]
    .sort((a, b) => a - b)
    .map((index) => {
      const { flagged: _flagged, ...entry } = chosen.edits?.get(index) ?? pending[index]!;
      return { index, signatory: entry };
    });
  const found = approvalProblems(letter, approve)[0];
  if (found !== undefined) {
    const { index, problem } = found;
    const entry = approve.find((a) => a.index === index)!.signatory;
    if (problem.rule === 'signed-already') {
      throw new LettersError(
        'duplicate',
        `the pending entry "${pendingName(entry)}" (line ${lineOf(index)}) has already signed${problem.signatory !== undefined ? ` (signatory ${problem.signatory + 1})` : ''}`,
        'reject it, saying it is the same: letters review <letter> --reject <line> --reason "same as …"',
      );
    }
    throw new LettersError(
      'usage',
      `the pending entry "${pendingName(entry)}" (line ${lineOf(index)}) cannot be signed: ${standingReason(problem)}`,
      'correct it in the letter file (or in review, with edit), or reject it',
    );
  }
  const reject = [...new Set(chosen.reject)]
    .sort((a, b) => a - b)
    .map((index) => ({ index, rejected: today, ...(chosen.reason === undefined ? {} : { reason: chosen.reason }) }));
  const edit = [...(chosen.edits ?? new Map())]
    .filter(([index]) => !chosen.approve.includes(index) && !chosen.reject.includes(index))
    .map(([index, signatory]) => ({ index, signatory }));
  return { approve, reject, edit };
}

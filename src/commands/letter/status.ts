//! `letters status <letter>`: where a letter stands — status, deadline, counts (signed, and apart
//! from them pending review, rejected, withdrawn), the text's fingerprint, who signed an earlier text.
import { textAgreement } from '../../core/letter/fingerprint.js';
import type { Signatory } from '../../core/letter/letter.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { describe } from '../../core/signing/signatories.js';
import { localDay } from '../../io/clock.js';
import { readLetter, resolveLetter } from '../../io/files/letter-files.js';
import type { Context } from '../context.js';

export interface StatusOptions {
  json?: boolean;
}

/** Counts by a field's value, largest first, "(none)" for entries without it. */
function countBy(list: readonly Signatory[], pick: (s: Signatory) => string | undefined): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of list) {
    const key = pick(s) ?? '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** `letters status <letter> [--json]`. */
export async function status(ctx: Context, letterArg: string, options: StatusOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const { letter } = parsed;
  const list = letter.signatories;
  const agreement = textAgreement(letter);
  const organizations = list.filter((s) => s.organization !== undefined).length;
  const groups = countBy(list, (s) => s.group);
  const countries = countBy(list, (s) => s.country);
  const withdrawn = letter.withdrawn ?? [];
  const pending = letter.pending ?? [];
  const rejected = letter.rejected ?? [];
  const late = list.filter((s) => s.late === true).length;
  const earlier = agreement.earlier.map((i) => ({
    signatory: i + 1,
    line: parsed.locate(`signatories.${i}`).line,
    organization: list[i]!.organization ?? null,
    name: list[i]!.name ?? null,
    text: list[i]!.text!,
  }));
  const today = localDay(ctx.now());

  if (options.json) {
    ctx.outJson({
      file: parsed.file,
      title: letter.title,
      status: letter.status,
      deadline: letter.deadline ?? null,
      text: agreement.current,
      signatories: list.length,
      organizations,
      individuals: list.length - organizations,
      groups: Object.fromEntries(groups),
      countries: Object.fromEntries(countries),
      late,
      // Counted apart: never among the signatories, nor in any count a letter prints.
      pending: pending.length,
      counts: { signed: list.length, pending: pending.length, rejected: rejected.length, withdrawn: withdrawn.length },
      rejected: rejected.map((r) => ({
        organization: r.organization ?? null,
        name: r.name ?? null,
        rejected: r.rejected,
        reason: r.reason ?? null,
      })),
      withdrawn: withdrawn.map((w) => ({
        organization: w.organization ?? null,
        name: w.name ?? null,
        withdrawn: w.withdrawn,
        reason: w.reason ?? null,
      })),
      earlierText: earlier,
      textNotRecorded: agreement.unrecorded.length,
    });
    return;
  }

  ctx.out(`${letter.title} (${parsed.file})`);
  let deadline = '';
  if (letter.deadline !== undefined) {
    const left = daysBetween(today, letter.deadline);
    deadline = `, deadline ${letter.deadline} (${left > 0 ? `${plural(left, 'day')} left` : left === 0 ? 'today' : 'passed'})`;
  }
  ctx.out(`Status: ${letter.status}${deadline}`);
  ctx.out(`Text: ${agreement.current}`);
  ctx.out(
    `Signatories: ${list.length} (${plural(organizations, 'organization')}, ${plural(list.length - organizations, 'individual')}${late > 0 ? `, ${late} late` : ''})`,
  );
  const show = (label: string, counts: [string, number][]): void => {
    if (counts.length === 0 || (counts.length === 1 && counts[0]![0] === '(none)')) return;
    const shown = counts.slice(0, 12).map(([k, n]) => `${k} ${n}`);
    ctx.out(`  by ${label}: ${shown.join(', ')}${counts.length > 12 ? `, … (${counts.length - 12} more)` : ''}`);
  };
  show('group', groups);
  show('country', countries);
  if (pending.length > 0) {
    ctx.out(`Pending review: ${pending.length} (not signed, never printed or counted: letters review ${shellWord(letterArg)})`);
  }
  if (rejected.length > 0) ctx.out(`Rejected in review: ${rejected.length}`);
  if (withdrawn.length > 0) {
    ctx.out(`Withdrawn: ${withdrawn.length}`);
    for (const w of withdrawn) ctx.out(`  ${describe(w)}, ${w.withdrawn}${w.reason ? `: ${w.reason}` : ''}`);
  }
  if (earlier.length > 0) {
    ctx.out(`Signed an earlier text: ${earlier.length}`);
    for (const e of earlier) ctx.out(`  ${describe(list[e.signatory - 1]!)} (text ${e.text}, line ${e.line})`);
    ctx.out(
      `  see what changed: letters diff ${shellWord(letterArg)} --since "<organization>"; then: letters sign ${shellWord(letterArg)} --reconfirm --org "…"`,
    );
  }
  if (agreement.unrecorded.length > 0) ctx.out(`Text not recorded: ${agreement.unrecorded.length} (signed before letters recorded it)`);
}

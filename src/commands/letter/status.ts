//! `letters status <letter>`: where a letter stands — status, deadline, counts (signed, and apart
//! from them pending review, rejected, withdrawn), the text's fingerprint, who signed an earlier text.
import { textAgreement, textFingerprint } from '../../core/letter/fingerprint.js';
import { languageName } from '../../core/letter/languages.js';
import { versionTexts, type LetterVersions, type Version } from '../../core/read/letter-versions.js';
import type { Problem } from '../../errors.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import type { Signatory } from '../../core/letter/letter.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { describe } from '../../core/signing/signatories.js';
import { localDay } from '../../io/clock.js';
import { invitedNotSigned } from '../../core/delivery/audience.js';
import { displayPath, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { journalPath } from '../../io/mail/journal-file.js';
import { promises as fs } from 'node:fs';
import type { Context } from '../context.js';
import { print } from '../warnings.js';

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

/** A row per language: the letter's own first, then each translation, with its state and how many signed it. */
interface LanguageRow {
  lang: string;
  file: string;
  state: 'letter' | Version['state'];
  /** The fingerprint of the letter's text it was made from, for a translation. */
  recorded: string | null;
  /** Its own text's fingerprint, which signatures on it record. */
  text: string | null;
  signatories: number;
  problems: Problem[];
}

function languageRows(versions: LetterVersions): LanguageRow[] {
  const { letter } = versions.parsed;
  const own = letter.lang.toLowerCase();
  const count = new Map<string, number>();
  for (const s of letter.signatories) {
    const key = s.lang?.toLowerCase() ?? own;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return [
    {
      lang: letter.lang,
      file: versions.parsed.file,
      state: 'letter',
      recorded: null,
      text: textFingerprint(letter),
      signatories: count.get(own) ?? 0,
      problems: [],
    },
    ...versions.versions.map((v) => ({
      lang: v.lang,
      file: v.file,
      state: v.state,
      recorded: v.translation?.translation.source ?? null,
      text: v.text ?? null,
      signatories: count.get(v.lang.toLowerCase()) ?? 0,
      problems: v.problems.filter((p) => p.severity !== 'warning'),
    })),
  ];
}

/** A translation's state in words, with what to do about it. */
function languageState(l: LanguageRow, letterArg: string, theirs: string): string {
  const todo = l.problems.length > 0 ? `; ${plural(l.problems.length, 'problem')} (letters check ${shellWord(letterArg)})` : '';
  switch (l.state) {
    case 'current':
      return `current${todo}`;
    case 'stale':
      return `stale: made from the ${theirs} text ${l.recorded}, which has changed (letters diff ${shellWord(letterArg)} --lang ${l.lang})${todo}`;
    case 'unmarked':
      return `never marked current (letters translate ${shellWord(letterArg)} --lang ${l.lang} --done)${todo}`;
    default:
      return `cannot be read${todo}`;
  }
}

/** `letters status <letter> [--json]`. */
export async function status(ctx: Context, letterArg: string, options: StatusOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const parsed = await readLetter(file, ctx.cwd);
  const { letter } = parsed;
  const list = letter.signatories;
  const versions = await readLetterVersions(parsed, file, ctx.cwd);
  const agreement = textAgreement(letter, versionTexts(versions));
  const languages = languageRows(versions);
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
    lang: list[i]!.lang ?? null,
  }));
  const today = localDay(ctx.now());
  const delivered = letter.delivered ?? [];
  const invited = invitedNotSigned(letter).map(({ invitee }) => invitee);
  // An interrupted send leaves its journal beside the letter until it is finished.
  const journal = journalPath(file);
  const interrupted = await fs.stat(journal).then(
    () => displayPath(journal, ctx.cwd),
    () => undefined,
  );

  if (options.json) {
    ctx.outJson({
      letter: parsed.file,
      title: letter.title,
      status: letter.status,
      deadline: letter.deadline ?? null,
      text: agreement.current,
      lang: letter.lang,
      languages: languages.map((l) => ({ ...l, problems: l.problems.length })),
      signedMissingVersion: agreement.noVersion.map((i) => ({
        signatory: i + 1,
        organization: list[i]!.organization ?? null,
        name: list[i]!.name ?? null,
        lang: list[i]!.lang!,
      })),
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
      delivered: delivered.map((d) => ({ at: d.at, channel: d.channel, to: d.to, cc: d.cc, messageId: d.messageId, text: d.text })),
      notified: (letter.notified ?? []).map((n) => ({ at: n.at, subject: n.subject, count: n.to.length })),
      reminded: (letter.reminded ?? []).map((n) => ({ at: n.at, subject: n.subject, count: n.to.length })),
      invitedNotSigned: invited.map((i) => ({ organization: i.organization ?? null, name: i.name ?? null, invited: i.invited ?? null })),
      interruptedSend: interrupted ?? null,
    });
    return;
  }

  print(ctx, `${letter.title} (${parsed.file})`);
  let deadline = '';
  if (letter.deadline !== undefined) {
    const left = daysBetween(today, letter.deadline);
    deadline = `, deadline ${letter.deadline} (${left > 0 ? `${plural(left, 'day')} left` : left === 0 ? 'today' : 'passed'})`;
  }
  print(ctx, `Status: ${letter.status}${deadline}`);
  print(ctx, `Text: ${agreement.current}`);
  if (languages.length > 1) {
    print(ctx, `Languages: ${languages.map((l) => `${l.lang} (${l.signatories} signed)`).join(', ')}`);
    for (const l of languages.slice(1)) print(ctx, `  ${l.lang}: ${l.file}, ${languageState(l, letterArg, languageName(letter.lang))}`);
  }
  print(
    ctx,
    `Signatories: ${list.length} (${plural(organizations, 'organization')}, ${plural(list.length - organizations, 'individual')}${late > 0 ? `, ${late} late` : ''})`,
  );
  const show = (label: string, counts: [string, number][]): void => {
    if (counts.length === 0 || (counts.length === 1 && counts[0]![0] === '(none)')) return;
    const shown = counts.slice(0, 12).map(([k, n]) => `${k} ${n}`);
    print(ctx, `  by ${label}: ${shown.join(', ')}${counts.length > 12 ? `, … (${counts.length - 12} more)` : ''}`);
  };
  show('group', groups);
  show('country', countries);
  if (pending.length > 0) {
    print(ctx, `Pending review: ${pending.length} (not signed, never printed or counted: letters review ${shellWord(letterArg)})`);
  }
  if (rejected.length > 0) print(ctx, `Rejected in review: ${rejected.length}`);
  if (withdrawn.length > 0) {
    print(ctx, `Withdrawn: ${withdrawn.length}`);
    for (const w of withdrawn) print(ctx, `  ${describe(w)}, ${w.withdrawn}${w.reason ? `: ${w.reason}` : ''}`);
  }
  if (earlier.length > 0) {
    print(ctx, `Signed an earlier text: ${earlier.length}`);
    for (const e of earlier)
      print(
        ctx,
        `  ${describe(list[e.signatory - 1]!)} (text ${e.text}${e.lang === null ? '' : `, the ${languageName(e.lang)} version`}, line ${e.line})`,
      );
    print(
      ctx,
      `  see what changed: letters diff ${shellWord(letterArg)} --since "<organization>"; then: letters sign ${shellWord(letterArg)} --reconfirm --org "…"`,
    );
  }
  if (agreement.noVersion.length > 0) {
    print(ctx, `Signed a version the letter has no translation for: ${agreement.noVersion.length}`);
    for (const i of agreement.noVersion)
      print(ctx, `  ${describe(list[i]!)} (lang: ${list[i]!.lang}, line ${parsed.locate(`signatories.${i}`).line})`);
  }
  if (agreement.unrecorded.length > 0) print(ctx, `Text not recorded: ${agreement.unrecorded.length} (signed before letters recorded it)`);
  if (invited.length > 0) {
    print(ctx, `Invited, not signed: ${invited.length}`);
    for (const i of invited.slice(0, 20)) print(ctx, `  ${i.organization ?? i.name}${i.invited ? ` (invited ${i.invited})` : ''}`);
    if (invited.length > 20) print(ctx, `  … and ${invited.length - 20} more`);
  }
  if (delivered.length > 0) {
    const current = delivered.filter((d) => d.text === agreement.current).length;
    print(
      ctx,
      `Delivered: ${plural(delivered.length, 'message')}${current < delivered.length ? ` (${delivered.length - current} of an earlier text)` : ''}`,
    );
    for (const d of delivered.slice(-5)) print(ctx, `  ${d.at} to ${[...d.to, ...d.cc].join(', ')} (text ${d.text}, ${d.channel})`);
    if (delivered.length > 5) print(ctx, `  … and ${delivered.length - 5} earlier`);
  }
  for (const [label, records] of [
    ['Signers told', letter.notified ?? []],
    ['Reminders', letter.reminded ?? []],
  ] as const) {
    for (const n of records) print(ctx, `${label}: ${n.at}, ${plural(n.to.length, 'address', 'addresses')}: ${n.subject}`);
  }
  if (interrupted !== undefined) print(ctx, `An interrupted send: ${interrupted} (run the same command again to finish it)`);
}

import { describe, expect, test } from 'vitest';
import { applySplices, checkEdits, type Edit } from '../../src/core/edit/edit-check.js';
import { planDeletion, plannedLetter, planWithdrawal, readsAs, withdrawSignatory } from '../../src/core/edit/withdrawals.js';
import type { Withdrawal } from '../../src/core/letter/letter.js';
import { parseLetter, type ParsedLetter } from '../../src/core/read/parse-letter.js';
import { seeded as random } from '../helpers/random.js';

const NAMES = ['Jane Roe', 'Jean-François', 'yes', '0123', 'A: B', "O'Brien", '#1 Org', 'Nguyễn Thị'];

/**
 * A hand-written-looking letter with both lists: random indentation, comments above and under
 * entries, blank lines, a withdrawn: list before or after the signatories (or empty, or none),
 * a field after them, a document-end marker, CRLF line breaks.
 */
function generate(seed: number): string {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const quote = (v: string): string => (/^[A-Za-z][\p{L} -]*$/u.test(v) && v !== 'yes' ? pick([v, `"${v}"`, `'${v}'`]) : JSON.stringify(v));
  const dash = pick(['', '  ', '    ']);
  const after = pick([' ', '   ']);
  const inner = dash + ' '.repeat(1 + after.length);
  const entries = (count: number, withdrawn: boolean, tag: string): string[] => {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      if (rnd() < 0.3) lines.push(`${pick([dash, inner, ''])}# about ${tag}${i}`);
      const fields: [string, string][] = [];
      if (rnd() < 0.8) fields.push(['organization', `${pick(NAMES)} ${tag}${i}`]);
      if (rnd() < 0.6 || fields.length === 0) fields.push(['name', `${pick(NAMES)} ${tag}${i}`]);
      if (rnd() < 0.4) fields.push(['title', pick(NAMES)]);
      if (rnd() < 0.6) fields.push(['signed', `2026-01-0${1 + (i % 9)}`]);
      if (withdrawn) fields.push(['withdrawn', '2026-02-01']);
      if (withdrawn && rnd() < 0.4) fields.push(['reason', pick(NAMES)]);
      fields.forEach(([k, v], j) => {
        const trailing = rnd() < 0.2 ? `  # on ${tag}${i}` : '';
        const value = k === 'signed' || k === 'withdrawn' ? v : quote(v);
        lines.push(`${j === 0 ? `${dash}-${after}` : inner}${k}: ${value}${trailing}`);
      });
      if (rnd() < 0.2) lines.push(`${pick([inner, dash])}# under ${tag}${i}`);
      if (rnd() < 0.15) lines.push('');
    }
    return lines;
  };
  const signatories = ['signatories:', ...entries(1 + Math.floor(rnd() * 4), false, 's')];
  const withdrawnCount = Math.floor(rnd() * 3);
  const withdrawn =
    withdrawnCount > 0
      ? ['withdrawn:', ...entries(withdrawnCount, true, 'w')]
      : pick([[], ['withdrawn:'], ['withdrawn: []'], ['withdrawn: ~  # none yet']]);
  const lists = rnd() < 0.3 ? [...withdrawn, ...signatories] : [...signatories, ...withdrawn];
  const lines = ['# a letter', 'title: T', 'recipient:', '  name: R', 'intro: >-', '  folded', '  text', ...lists];
  if (rnd() < 0.4) lines.push('# the end', 'signoff: Yours,');
  if (rnd() < 0.15) lines.push('...', '# after the document');
  let source = lines.join('\n') + (rnd() < 0.85 ? '\n' : '');
  if (rnd() < 0.2) source = source.replace(/\n/g, '\r\n');
  return source;
}

/** What a wrong edit might look like: one character or one line changed somewhere in the text. */
function mutate(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const lineAt = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at) + 1;
  const chars = [' ', '-', ':', '#', 'x', '\n', '"', "'", '[', '2', '...\n', '---\n'];
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + chars[Math.floor(rnd() * chars.length)] + text.slice(at);
    case 2:
      return text.slice(0, lineAt) + text.slice(lineAt, lineEnd) + text.slice(lineAt);
    case 3:
      return text.slice(0, lineAt) + text.slice(lineEnd);
    case 4:
      return `${text.slice(0, lineAt)}  ${text.slice(lineAt)}`;
    default:
      return text.slice(0, lineAt) + text.slice(lineAt + 1);
  }
}

/** One character replaced by another: the text keeps its length, so only reading can tell. */
function replaceChar(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * text.length);
  const chars = [' ', '-', ':', '#', 'x', '\n', '"', "'", '['];
  return text.slice(0, at) + chars[Math.floor(rnd() * chars.length)] + text.slice(at + 1);
}

/**
 * A planning mistake: one splice of the edits inserting other text, or taking a little more or
 * less, while the windows still expect what was planned.
 */
function mutateEdits(edits: Edit[], rnd: () => number): Edit[] {
  const copy = edits.map((e) => ({ ...e, splices: e.splices.map((s) => ({ ...s })) }));
  const edit = copy[Math.floor(rnd() * copy.length)]!;
  const splice = edit.splices[Math.floor(rnd() * edit.splices.length)]!;
  if (splice.text !== '' && rnd() < 0.6) {
    splice.text = rnd() < 0.5 ? mutate(splice.text, rnd) : replaceChar(splice.text, rnd);
  } else {
    const move = () => Math.floor(rnd() * 25) - 12;
    splice.start = Math.min(Math.max(edit.window.from, splice.start + move()), edit.window.to);
    splice.end = Math.min(Math.max(splice.start, splice.end + move()), edit.window.to);
  }
  return copy;
}

interface Case {
  parsed: ParsedLetter;
  name: string;
  plan: ReturnType<typeof planDeletion>;
}

function cases(seed: number): Case[] {
  const parsed = parseLetter(generate(seed), 'l.yaml');
  return parsed.letter.signatories.flatMap((s, i) => {
    const entry: Withdrawal = { ...s, withdrawn: '2026-03-02', ...(i % 2 === 0 ? { reason: 'Left: the coalition' } : {}) };
    return [
      { parsed, name: `delete ${i}`, plan: planDeletion(parsed, i) },
      { parsed, name: `withdraw ${i}`, plan: planWithdrawal(parsed, i, entry) },
    ];
  });
}

// The windows' proof against the whole file's: on ordinary layouts the windows accept the
// planned edit, and whatever text they accept — the planned one or one changed by a stray
// character or line — the whole file, re-read, is the planned letter exactly.
describe('unsign checks its windows as strongly as a re-read of the whole file', () => {
  test.each(Array.from({ length: 120 }, (_, i) => i + 1))('seed %i', (seed) => {
    const rnd = random(seed * 31);
    let refused = 0;
    for (const { parsed, name, plan } of cases(seed)) {
      const planned = plannedLetter(parsed, plan.want);
      const text = applySplices(
        parsed.source,
        plan.edits.flatMap((e) => e.splices),
      );
      expect(checkEdits(parsed, text, plan.edits), `${name}: the planned edit`).toBe(true);
      expect(readsAs(text, 'l.yaml', planned), `${name}: the planned edit read whole`).toBe(true);
      // Nothing written: the entry still there.
      expect(checkEdits(parsed, parsed.source, plan.edits), `${name}: nothing done`).toBe(false);
      for (let k = 0; k < 20; k++) {
        const wrong = k % 2 === 0 ? mutate(text, rnd) : replaceChar(text, rnd);
        if (checkEdits(parsed, wrong, plan.edits)) {
          expect(readsAs(wrong, 'l.yaml', planned), `${name}: a changed text the windows let through:\n${wrong}`).toBe(true);
        }
        const edits = mutateEdits(plan.edits, rnd);
        const planText = applySplices(
          parsed.source,
          edits.flatMap((e) => e.splices),
        );
        if (checkEdits(parsed, planText, edits)) {
          expect(readsAs(planText, 'l.yaml', planned), `${name}: a wrong plan the windows let through:\n${planText}`).toBe(true);
        } else {
          refused++;
        }
      }
    }
    // The wrong plans were looked at, and most of them refused.
    expect(refused).toBeGreaterThan(0);
  });

  test('a wrong edit inside a window is refused, one outside the windows too', () => {
    const source = [
      'title: T',
      'recipient:',
      '  name: R',
      'signatories:',
      '  - organization: A',
      '  - organization: B',
      '    name: Bea',
      '  - organization: C',
      'closing: Thanks',
      'withdrawn:',
      '  - organization: W',
      '    withdrawn: 2026-01-01',
      '',
    ].join('\n');
    const parsed = parseLetter(source, 'l.yaml');
    const entry: Withdrawal = { organization: 'B', name: 'Bea', withdrawn: '2026-03-02' };
    const plan = planWithdrawal(parsed, 1, entry);
    const text = applySplices(
      source,
      plan.edits.flatMap((e) => e.splices),
    );
    expect(checkEdits(parsed, text, plan.edits)).toBe(true);
    expect(text).toContain('  - organization: B\n    name: Bea\n    withdrawn: 2026-03-02\n');
    const wrongs = [
      text.replace('  - organization: C', '    organization: C'), // C folded into A
      text.replace('withdrawn: 2026-03-02', 'withdrawn: 2026-03-03'), // the wrong day
      text.replace('    name: Bea\n    withdrawn', '  name: Bea\n    withdrawn'), // broken entry
      text.replace('closing: Thanks', 'closing: Thank'), // outside the windows
      text.replace('title: T', 'title: U'),
      `${text}extra: 1\n`,
    ];
    for (const wrong of wrongs) {
      expect(wrong).not.toBe(text);
      expect(checkEdits(parsed, wrong, plan.edits), wrong).toBe(false);
    }
  });

  test('a withdrawal the windows read right is still refused when the letter would break a rule across lists', () => {
    // Two entries kept on purpose, signed the same day: one withdrawn leaves it standing and withdrawn.
    const source = [
      'title: T',
      'recipient:',
      '  name: R',
      'allow_repeats: true',
      'signatories:',
      '  - organization: A',
      '    signed: 2026-01-01',
      '  - organization: A',
      '    signed: 2026-01-01',
      '',
    ].join('\n');
    const parsed = parseLetter(source, 'l.yaml');
    const plan = planWithdrawal(parsed, 1, { organization: 'A', signed: '2026-01-01', withdrawn: '2026-03-02' });
    expect(
      checkEdits(
        parsed,
        applySplices(
          source,
          plan.edits.flatMap((e) => e.splices),
        ),
        plan.edits,
      ),
    ).toBe(true);
    expect(() => withdrawSignatory(parsed, 1, '2026-03-02')).toThrow(/cannot edit safely/);
  });
});

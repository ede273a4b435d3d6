import { describe, expect, test } from 'vitest';
import { editSignatories } from '../../src/core/edit/letter-edits.js';
import type { Signatory } from '../../src/core/letter/letter.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { cleanLine } from '../../src/core/text/characters.js';
import { YAML_SPECIAL } from '../fixtures/text/yaml-special.js';
import { seeded as random } from '../helpers/random.js';

const NAMES = [
  'Jane Roe',
  'Jean-François',
  'Wiśniewska',
  'yes',
  '0123',
  'A: B',
  "O'Brien",
  '#1 Org',
  'Ștefan',
  'Nguyễn Thị',
  ...YAML_SPECIAL,
];
/** Values as `letters sign` would store them. */
const SPECIAL = YAML_SPECIAL.map((v) => cleanLine(v, 'v')!);

/** A hand-written-looking letter: random indentation, spacing, comments, quoting, line breaks. */
function generate(seed: number): { source: string; signatories: Signatory[]; comments: string[] } {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const comments: string[] = [];
  const comment = (indent: string): string => {
    const c = `# note ${seed}-${comments.length}`;
    comments.push(c);
    return `${indent}${c}`;
  };
  // Written as a person would: plain or quoted when that is safe, double-quoted with escapes otherwise.
  const quote = (v: string): string =>
    /^[A-Za-z][\p{L} .-]*$/u.test(v) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(v)
      ? pick([v, `"${v}"`, `'${v}'`])
      : JSON.stringify(v);
  const dashIndent = pick(['', '  ', '    ']);
  const afterDash = pick([' ', '   ']);
  const inner = dashIndent + ' '.repeat(1 + afterDash.length);
  const count = Math.floor(rnd() * 5);
  const signatories: Signatory[] = [];
  const lines = [comment(''), 'title: T', 'recipient:', '  name: R', 'intro: >-', '  folded', '  text', ''];
  lines.push(`signatories:${rnd() < 0.3 ? ` ${comment('')}` : ''}`);
  for (let i = 0; i < count; i++) {
    const s: Signatory = {};
    const fields: ['organization' | 'name' | 'title' | 'signed', string][] = [];
    if (rnd() < 0.8) fields.push(['organization', `${pick(NAMES)} ${seed}-${i}`]);
    if (rnd() < 0.7 || fields.length === 0) fields.push(['name', `${pick(NAMES)} ${i}`]);
    if (rnd() < 0.5) fields.push(['title', pick(NAMES)]);
    if (rnd() < 0.5) fields.push(['signed', '2026-01-0' + (1 + (i % 9))]);
    fields.forEach(([k, v], j) => {
      s[k] = v;
      const trailing = rnd() < 0.2 ? `  ${comment('')}` : '';
      lines.push(`${j === 0 ? `${dashIndent}-${afterDash}` : inner}${k}: ${k === 'signed' ? v : quote(v)}${trailing}`);
    });
    signatories.push(s);
    if (rnd() < 0.25) lines.push(comment(pick([dashIndent, inner, ''])));
    if (rnd() < 0.15) lines.push('');
  }
  if (count === 0 && rnd() < 0.5) lines[lines.length - 1] += ' []';
  if (count > 0 && rnd() < 0.15) {
    // The same entries as a flow list, on one line or one entry a line.
    const start = lines.findIndex((l) => l.startsWith('signatories:'));
    const flow = signatories.map(
      (x) =>
        `{ ${Object.entries(x)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join(', ')} }`,
    );
    const multi = rnd() < 0.5;
    lines.splice(start, lines.length - start, multi ? `signatories: [\n  ${flow.join(',\n  ')}\n]` : `signatories: [${flow.join(', ')}]`);
    comments.splice(0, comments.length, comments[0]!);
  }
  if (rnd() < 0.5) lines.push(comment(''), 'signoff: Yours,');
  let source = lines.join('\n') + (rnd() < 0.8 ? '\n' : '');
  if (rnd() < 0.2) source = source.replace(/\n/g, '\r\n');
  return { source, signatories, comments };
}

const newcomer: Signatory = { organization: 'New: Org #7', name: 'Zoë', title: 'true', signed: '2026-03-02' };

function checkKept(before: string, after: string, comments: string[]): void {
  for (const c of comments) expect(after).toContain(c);
  expect(after).toContain('intro: >-');
  expect(after.includes('\r\n')).toBe(before.includes('\r\n'));
}

// The layouts generated here are all ordinary ones: none may be refused, none may read back wrong.
describe('every edit of a hand-written signatories list reads back exactly and keeps every comment', () => {
  const seeds = Array.from({ length: 150 }, (_, i) => i + 1);

  test.each(seeds)('seed %i', (seed) => {
    const { source, signatories, comments } = generate(seed);
    const parsed = parseLetter(source, 'l.yaml');
    expect(parsed.letter.signatories).toEqual(signatories);

    const appended = editSignatories(parsed, { action: 'append', signatory: newcomer, count: 0 });
    expect(parseLetter(appended, 'l.yaml').letter.signatories).toEqual([...signatories, newcomer]);
    checkKept(source, appended, comments);

    // The same with values YAML would misread, picked by the seed.
    const special = (k: number): string => SPECIAL[(seed * 7 + k) % SPECIAL.length]!;
    const odd: Signatory = { organization: special(0), name: special(1), title: special(2), signed: '2026-03-02' };
    const appendedOdd = editSignatories(parsed, { action: 'append', signatory: odd, count: 0 });
    expect(parseLetter(appendedOdd, 'l.yaml').letter.signatories).toEqual([...signatories, odd]);
    checkKept(source, appendedOdd, comments);

    signatories.forEach((s, i) => {
      const removed = editSignatories(parsed, { action: 'remove', index: i });
      expect(parseLetter(removed, 'l.yaml').letter.signatories).toEqual(signatories.filter((_, j) => j !== i));

      const replacement: Signatory = { ...s, title: i % 2 === 0 ? 'Changed: Title' : special(i + 3), signed: '2026-03-02' };
      const replaced = editSignatories(parsed, {
        action: 'replace',
        index: i,
        signatory: replacement,
        previous: s,
        count: signatories.length,
      });
      expect(parseLetter(replaced, 'l.yaml').letter.signatories).toEqual(signatories.map((x, j) => (j === i ? replacement : x)));
      checkKept(source, replaced, comments);
    });
  });
});

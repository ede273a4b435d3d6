import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/*
 * A letter with a mark of another script on it ("מُ": a Hebrew letter, an Arabic vowel mark).
 * Each character has a font, but the PDF draws a grapheme cluster in one font and none has
 * both: check, render and sign refuse it at its place, as they refuse a character no font
 * has, instead of render stopping with an unexpected error.
 */

const LETTER = [
  'title: Marks',
  'date: 2026-03-02',
  'lang: he',
  'salutation: ""',
  'recipient:',
  '  name: X',
  'intro: |',
  '  שלום לכולם.',
  '  שלום מُ עולם',
  'signatories:',
  '  - name: Amnesty',
  '',
].join('\n');

const LINE = 'letters/l.yaml:9:8: intro has "מُ" (U+05DE U+064F), a letter and a mark no one font of letters can print together';

describe('a letter with a mark from another script', () => {
  test('check and render refuse it at its line and column, and write nothing', async () => {
    const dir = testdir({ 'letters/l.yaml': LETTER });
    const check = await runBin(['check', 'l'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(LINE);
    for (const format of ['pdf', 'png']) {
      const out = path.join(dir, `l.${format}`);
      const r = await runBin(['render', 'l', '-o', out], { cwd: dir });
      expect(r.stderr).toContain(`letters: ${LINE} — remove the mark`);
      expect(r.stderr).not.toContain('unexpected error');
      expect(r.code).not.toBe(0);
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  test('sign refuses such a name before writing it', async () => {
    const dir = testdir({ 'letters/l.yaml': LETTER });
    const r = await runBin(['sign', 'l', '--org', 'מُ Org'], { cwd: dir });
    expect(r.stderr).toContain('"מُ" (U+05DE U+064F), a letter and a mark no one font of letters can print together');
    expect(r.code).not.toBe(0);
    expect(readFileSync(path.join(dir, 'letters/l.yaml'), 'utf8')).toBe(LETTER);
  }, 60_000);

  test("the letter's own marks, and marks every script shares, still print", async () => {
    const dir = testdir({ 'letters/l.yaml': LETTER.replace('מُ', 'שָׁלוֹם').replace('שלום לכולם.', 'Ame\u0301lie, e\u0301, ٣ مُ') });
    const r = await runBin(['render', 'l', '-o', '-'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);
});

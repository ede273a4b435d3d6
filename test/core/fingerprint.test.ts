import { describe, expect, test } from 'vitest';
import { agreedTextLines, textAgreement, textFingerprint } from '../../src/core/letter/fingerprint.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';

const base = `title: Clean water
date: 2026-03-02
status: open
recipient:
  name: Minister Okonkwo
salutation: Dear Minister,
intro: |
  We ask you to restore
  the quota.

  Second paragraph.
issues:
  - title: Quota
    body: Restore it.
closing: Thank you.
signoff: Sincerely,
signatories:
  - organization: Acme
    text: 12345678
`;
const fp = (source: string): string => textFingerprint(parseLetter(source, 'l.yaml').letter);

describe('the text fingerprint', () => {
  test('eight hex digits, the same for the same words', () => {
    expect(fp(base)).toMatch(/^[0-9a-f]{8}$/);
    expect(fp(base)).toBe(fp(base));
  });

  test.each([
    ['rewrapped lines and extra spaces', base.replace('We ask you to restore\n  the quota.', 'We ask   you to restore the quota.')],
    ['other YAML quoting', base.replace('closing: Thank you.', 'closing: "Thank you."').replace('title: Quota', "title: 'Quota'")],
    ['a comment', base.replace('closing:', '# note to self\nclosing:')],
    [
      'the date, status, signoff and signatories',
      base
        .replace('2026-03-02', '2026-04-01')
        .replace('status: open', 'status: closed')
        .replace('Sincerely,', 'Best,')
        .replace('Acme', 'Other'),
    ],
  ])('unchanged by %s', (_, changed) => {
    expect(fp(changed)).toBe(fp(base));
  });

  test.each([
    ['a word of the intro', base.replace('restore', 'reinstate')],
    ['a paragraph joined to another', base.replace('the quota.\n\n  Second', 'the quota. Second')],
    ['the title', base.replace('title: Clean water', 'title: Clean water now')],
    ['the recipient', base.replace('Minister Okonkwo', 'Minister Lindqvist')],
    ['the salutation', base.replace('Dear Minister,', 'Dear Madam Minister,')],
    ['an issue', base.replace('Restore it.', 'Restore it now.')],
    ['the closing', base.replace('Thank you.', 'Thanks.')],
  ])('changed by %s', (_, changed) => {
    expect(fp(changed)).not.toBe(fp(base));
  });

  test('who signed an earlier text, and who has none recorded', () => {
    const current = fp(base);
    const letter = parseLetter(
      base.replace(
        '  - organization: Acme\n    text: 12345678\n',
        `  - organization: A\n    text: 12345678\n  - organization: B\n    text: ${current}\n  - organization: C\n`,
      ),
      'l.yaml',
    ).letter;
    expect(textAgreement(letter)).toEqual({ current, earlier: [0], unrecorded: [2], noVersion: [] });
  });

  test('the text as lines for diff, each part under its label', () => {
    expect(agreedTextLines(parseLetter(base, 'l.yaml').letter).slice(0, 8)).toEqual([
      '[title]',
      'Clean water',
      '',
      '[recipients 1 name]',
      'Minister Okonkwo',
      '',
      '[salutation]',
      'Dear Minister,',
    ]);
  });
});

describe('the fingerprint is SHA-256 of the canonical text, as Node computes it', () => {
  test('the same hex as node:crypto, for every kind of character', async () => {
    const { createHash } = await import('node:crypto');
    const { FINGERPRINT_LENGTH, partsFingerprint } = await import('../../src/core/letter/fingerprint.js');
    const texts = [
      '',
      'We ask you to restore the quota.',
      'Wiśniewska, Dvořák, Ağaoğlu',
      '中文 العربية हिन्दी',
      '👩🏽‍🌾 𝔘',
      'lone \ud800 half',
      'x'.repeat(70_000),
    ];
    for (const text of texts) {
      const parts = [
        { label: 'intro', text },
        { label: 'issue 1 title', text: text.slice(0, 5) },
      ];
      const node = createHash('sha256')
        .update(JSON.stringify(parts.map((p) => [p.label, p.text])))
        .digest('hex')
        .slice(0, FINGERPRINT_LENGTH);
      expect(partsFingerprint(parts), text.slice(0, 20)).toBe(node);
    }
  });
});

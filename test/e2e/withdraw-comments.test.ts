// The comment lines just above a signatory are about it: `unsign` moves them into withdrawn:
// with it, `unsign --delete` removes them with it, and everything else stays byte for byte.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const HEAD = ['title: G', 'status: open', 'salutation: ""'];

/** The letter's text after running each command (`unsign --org X`, …) on it in turn. */
async function textAfter(text: string, ...commands: string[][]): Promise<string> {
  const cwd = testdir({ 'letters/g.yaml': text });
  for (const [verb, ...args] of commands) {
    const r = await runInMemory([verb!, 'g', ...args], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  return readFileSync(path.join(cwd, 'letters', 'g.yaml'), 'utf8');
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('unsign moves the comment lines just above the entry with it', () => {
  test('the first entry, right under signatories:', async () => {
    const text = lines(...HEAD, 'signatories:', '  # comment for A', '  - organization: Org A', '  - organization: Org B');
    expect(await textAfter(text, ['unsign', '--org', 'Org A'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  - organization: Org B',
        'withdrawn:',
        '  # comment for A',
        '  - organization: Org A',
        '    withdrawn: 2026-03-02',
      ),
    );
  });

  test('a middle entry, with a block of comment lines of several indentations; its neighbours keep theirs', async () => {
    const text = lines(
      ...HEAD,
      'signatories:',
      '  # about A',
      '  - organization: Org A',
      '    name: Ann',
      '  # about B, line one',
      '    # continued, under the fields',
      '  - organization: Org B   # a note on the line stays on it',
      '    name: Bo',
      '  # about C',
      '  - organization: Org C',
    );
    expect(await textAfter(text, ['unsign', '--org', 'Org B', '--reason', 'asked to'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  # about A',
        '  - organization: Org A',
        '    name: Ann',
        '  # about C',
        '  - organization: Org C',
        'withdrawn:',
        '  # about B, line one',
        '    # continued, under the fields',
        '  - organization: Org B   # a note on the line stays on it',
        '    name: Bo',
        '    withdrawn: 2026-03-02',
        '    reason: asked to',
      ),
    );
  });

  test('the last entry, its comment at the margin, before another key', async () => {
    const text = lines(
      ...HEAD,
      'signatories:',
      '  - organization: Org A',
      '# about B, at the margin',
      '  - organization: Org B',
      '    name: Bo',
      'closing: Thanks.',
    );
    expect(await textAfter(text, ['unsign', '--org', 'Org B'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  - organization: Org A',
        'closing: Thanks.',
        'withdrawn:',
        '# about B, at the margin',
        '  - organization: Org B',
        '    name: Bo',
        '    withdrawn: 2026-03-02',
      ),
    );
  });

  test('the only entry; signing a new one afterwards leaves no comment of the old one behind', async () => {
    const text = lines(...HEAD, 'signatories:', '  # the one', '  - organization: Org A');
    const withdrawn = ['withdrawn:', '  # the one', '  - organization: Org A', '    withdrawn: 2026-03-02'];
    expect(await textAfter(text, ['unsign', '--org', 'Org A'])).toBe(lines(...HEAD, 'signatories:', ...withdrawn));
    const signed = await textAfter(text, ['unsign', '--org', 'Org A'], ['sign', '--org', 'Org B']);
    expect(signed.replace(/text: [0-9a-f]+/, 'text: …')).toBe(
      lines(...HEAD, 'signatories:', '  - organization: Org B', '    signed: 2026-03-02', '    text: …', ...withdrawn),
    );
  });

  test('comments at any indentation go, re-indented with the entry as far as they can be; lines of a block scalar above stay', async () => {
    // The entry moves from dash column 4 to column 2: everything moves two columns left.
    const left = lines(
      ...HEAD,
      'signatories:',
      '    - organization: Org A',
      '      notes: |',
      '        kept as typed',
      '        # part of the notes, not a comment',
      '  # at two',
      '   # at three',
      '      # at six, under the fields',
      '    - organization: Org B',
      '      name: Bo',
      '    - organization: Org C',
      'withdrawn:',
      '  - organization: Old',
      '    withdrawn: 2026-03-01',
    );
    expect(await textAfter(left, ['unsign', '--org', 'Org B'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '    - organization: Org A',
        '      notes: |',
        '        kept as typed',
        '        # part of the notes, not a comment',
        '    - organization: Org C',
        'withdrawn:',
        '  - organization: Old',
        '    withdrawn: 2026-03-01',
        '# at two',
        ' # at three',
        '    # at six, under the fields',
        '  - organization: Org B',
        '    name: Bo',
        '    withdrawn: 2026-03-02',
      ),
    );
    // From dash column 0 to column 4: four columns right.
    const right = lines(
      ...HEAD,
      'signatories:',
      '- organization: Org A',
      '# about B',
      '  # more about B',
      '- organization: Org B',
      'withdrawn:',
      '    - organization: Old',
      '      withdrawn: 2026-03-01',
    );
    expect(await textAfter(right, ['unsign', '--org', 'Org B'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '- organization: Org A',
        'withdrawn:',
        '    - organization: Old',
        '      withdrawn: 2026-03-01',
        '    # about B',
        '      # more about B',
        '    - organization: Org B',
        '      withdrawn: 2026-03-02',
      ),
    );
  });

  test('a comment after a blank line stays where it is', async () => {
    const text = lines(
      ...HEAD,
      'signatories:',
      '  # the list: newest last',
      '',
      '  # about A',
      '  - organization: Org A',
      '  - organization: Org B',
    );
    expect(await textAfter(text, ['unsign', '--org', 'Org A'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  # the list: newest last',
        '',
        '  - organization: Org B',
        'withdrawn:',
        '  # about A',
        '  - organization: Org A',
        '    withdrawn: 2026-03-02',
      ),
    );
  });

  test('an entry written in flow style takes its comment along', async () => {
    const text = lines(...HEAD, 'signatories:', '  # about A', '  - { organization: Org A, name: Ann }', '  - organization: Org B');
    expect(await textAfter(text, ['unsign', '--org', 'Org A'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  - organization: Org B',
        'withdrawn:',
        '  # about A',
        '  - organization: Org A',
        '    name: Ann',
        '    withdrawn: 2026-03-02',
      ),
    );
  });

  test('a CRLF file stays CRLF', async () => {
    const text = lines(...HEAD, 'signatories:', '  # comment for A', '  - organization: Org A', '  - organization: Org B').replace(
      /\n/g,
      '\r\n',
    );
    expect(await textAfter(text, ['unsign', '--org', 'Org A'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  - organization: Org B',
        'withdrawn:',
        '  # comment for A',
        '  - organization: Org A',
        '    withdrawn: 2026-03-02',
      ).replace(/\n/g, '\r\n'),
    );
  });
});

describe('appending to withdrawn:', () => {
  test('withdrawn: before signatories: the entry goes after the comments that close the list, before the next key and its comment', async () => {
    const text = lines(
      ...HEAD,
      'withdrawn:',
      '  - organization: Old',
      '    withdrawn: 2026-03-01',
      '  # Old may come back in April',
      '# who signed',
      'signatories:',
      '  # about A',
      '  - organization: Org A',
      '  - organization: Org B',
    );
    expect(await textAfter(text, ['unsign', '--org', 'Org A'])).toBe(
      lines(
        ...HEAD,
        'withdrawn:',
        '  - organization: Old',
        '    withdrawn: 2026-03-01',
        '  # Old may come back in April',
        '  # about A',
        '  - organization: Org A',
        '    withdrawn: 2026-03-02',
        '# who signed',
        'signatories:',
        '  - organization: Org B',
      ),
    );
  });

  test('after the comment lines that follow the last withdrawn entry, before a blank line; a file without a final newline keeps none', async () => {
    const text = lines(
      ...HEAD,
      'signatories:',
      '  - organization: Org A',
      '  # about B',
      '  - organization: Org B',
      'withdrawn:',
      '  - organization: Old',
      '    withdrawn: 2026-03-01',
      '    # by email',
      '  # Old may come back in April',
    ).slice(0, -1);
    expect(await textAfter(text, ['unsign', '--org', 'Org B'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        '  - organization: Org A',
        'withdrawn:',
        '  - organization: Old',
        '    withdrawn: 2026-03-01',
        '    # by email',
        '  # Old may come back in April',
        '  # about B',
        '  - organization: Org B',
        '    withdrawn: 2026-03-02',
      ).slice(0, -1),
    );
    const closed = lines(
      ...HEAD,
      'signatories:',
      '  - organization: Org B',
      'withdrawn:',
      '  - organization: Old',
      '    withdrawn: 2026-03-01',
      '  # about Old',
      '',
      '# end',
    );
    expect(await textAfter(closed, ['unsign', '--org', 'Org B'])).toBe(
      lines(
        ...HEAD,
        'signatories:',
        'withdrawn:',
        '  - organization: Old',
        '    withdrawn: 2026-03-01',
        '  # about Old',
        '  - organization: Org B',
        '    withdrawn: 2026-03-02',
        '',
        '# end',
      ),
    );
  });
});

describe('unsign --delete removes the comment lines just above the entry with it', () => {
  test('a middle entry and the first; a comment after a blank line stays', async () => {
    const text = lines(
      ...HEAD,
      'signatories:',
      '  # about A',
      '  - organization: Org A # first',
      '  # added by mistake',
      '      # (a typo)',
      '  - organization: Typo Orgg',
      '',
      '  # about C',
      '  - organization: Org C',
    );
    const cwd = testdir({ 'letters/g.yaml': text });
    const r = await runInMemory(['unsign', 'g', '--org', 'Typo Orgg', '--delete'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Deleted: Typo Orgg (no record kept; use git to get it back)\n2 signatories\n');
    const file = path.join(cwd, 'letters', 'g.yaml');
    expect(readFileSync(file, 'utf8')).toBe(
      lines(...HEAD, 'signatories:', '  # about A', '  - organization: Org A # first', '', '  # about C', '  - organization: Org C'),
    );
    expect((await runInMemory(['unsign', 'g', '--org', 'Org A', '--delete'], { cwd })).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(lines(...HEAD, 'signatories:', '', '  # about C', '  - organization: Org C'));
  });

  test('a comment indented under the entry before stays; the entry’s own comment goes', async () => {
    const text = lines(
      ...HEAD,
      'signatories:',
      '  - organization: Org A',
      '    # A signed at the meeting',
      '  # added by mistake',
      '  - organization: Org B',
      '  - organization: Org C',
    );
    expect(await textAfter(text, ['unsign', '--org', 'Org B', '--delete'])).toBe(
      lines(...HEAD, 'signatories:', '  - organization: Org A', '    # A signed at the meeting', '  - organization: Org C'),
    );
  });

  test('a comment heading a run of entries (after a blank line, or first in the list) stays', async () => {
    const run = ["  # Farmers' unions", '  - organization: Org B', '  - organization: Org C'];
    const afterBlank = lines(...HEAD, 'signatories:', '  - organization: Org A', '', ...run);
    expect(await textAfter(afterBlank, ['unsign', '--org', 'Org B', '--delete'])).toBe(
      lines(...HEAD, 'signatories:', '  - organization: Org A', '', "  # Farmers' unions", '  - organization: Org C'),
    );
    const first = lines(...HEAD, 'signatories:', ...run);
    expect(await textAfter(first, ['unsign', '--org', 'Org B', '--delete'])).toBe(
      lines(...HEAD, 'signatories:', "  # Farmers' unions", '  - organization: Org C'),
    );
  });

  test('in a CRLF file', async () => {
    // B has a comment of its own, so A's is A's (not the heading of a run of entries, which stays).
    const text = lines(
      ...HEAD,
      'signatories:',
      '  # comment for A',
      '  - organization: Org A',
      '  # comment for B',
      '  - organization: Org B',
    ).replace(/\n/g, '\r\n');
    expect(await textAfter(text, ['unsign', '--org', 'Org A', '--delete'])).toBe(
      lines(...HEAD, 'signatories:', '  # comment for B', '  - organization: Org B').replace(/\n/g, '\r\n'),
    );
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { shellWord } from '../../src/core/text/shell-word.js';

describe('shellWord', () => {
  test.each([
    ['water', 'water'],
    ['Amnesty International', '"Amnesty International"'],
    ['Électricité Solidaire', '"Électricité Solidaire"'],
    ['$(touch pwned)', `'$(touch pwned)'`],
    ['`id`', "'`id`'"],
    ["O'Brien Trust", `'O'\\''Brien Trust'`],
    ['Say "no"', `'Say "no"'`],
  ])('%s → %s', (value, word) => {
    expect(shellWord(value)).toBe(word);
  });

  test('a POSIX shell reads every word back as the value, running nothing', () => {
    const values = [
      '$(echo pwned)',
      '`echo pwned`',
      "it's",
      'a "b" c',
      '$HOME',
      'back\\slash',
      'new\nline',
      '王海天 & مريم',
      '; echo x',
      '!x',
    ];
    for (const v of values) {
      const out = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellWord(v)}`], { encoding: 'utf8' });
      expect(out).toBe(v);
    }
  });
});

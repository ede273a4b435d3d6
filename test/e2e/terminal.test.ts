import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { inTerminal } from '../helpers/terminal.js';
import { testdir } from '../helpers/testdir.js';

test('in a terminal, new asks for what flags did not give', async () => {
  const cwd = testdir();
  const { code, screen } = await inTerminal(['new', 'asked'], cwd, [
    ['Title of the letter', 'Asked For'],
    ['Recipient (name', 'Minister Ștefan Ionescu'],
    ['Recipient title', 'Minister of Justice'],
    ['Recipient organization', ''],
  ]);
  expect(code, screen).toBe(0);
  expect(screen).toContain('Created letters/asked.yaml');
  const { letter } = parseLetter(readFileSync(path.join(cwd, 'letters/asked.yaml'), 'utf8'), 'x');
  expect(letter.title).toBe('Asked For');
  expect(letter.recipients[0]).toEqual({ name: 'Minister Ștefan Ionescu', title: 'Minister of Justice', address: [] });
});

test('in a terminal, sign asks for the organization, the name and the title', async () => {
  const cwd = testdir({ 'letters/l.yaml': 'title: T\nrecipient:\n  name: R\nsignatories: []\n' });
  const { code, screen } = await inTerminal(['sign', 'l'], cwd, [
    ['Organization', 'Fundacja Praw Rolników'],
    ['Name of the person signing', 'Katarzyna Wiśniewska'],
    ['Their title', 'President'],
  ]);
  expect(code, screen).toBe(0);
  expect(screen).toContain('Signed: Katarzyna Wiśniewska, President, Fundacja Praw Rolników');
  const { letter } = parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'x');
  expect(letter.signatories).toEqual([
    {
      organization: 'Fundacja Praw Rolników',
      name: 'Katarzyna Wiśniewska',
      title: 'President',
      signed: '2026-03-02',
      text: expect.any(String),
    },
  ]);
});

test('in a terminal, --no-input still never prompts', async () => {
  const cwd = testdir();
  const { code, screen } = await inTerminal(['new', 'x', '--no-input'], cwd, []);
  expect(code).toBe(2);
  expect(screen).toContain('letters: missing --title');
  expect(screen).not.toContain('Title of the letter');
});

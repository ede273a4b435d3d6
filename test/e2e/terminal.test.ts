import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parseLetter } from '../../src/core/schema.js';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/**
 * Run letters in a real pseudo-terminal (util-linux `script`, part of every Debian system),
 * answering each prompt when its question appears on the screen.
 */
function inTerminal(
  args: string[],
  cwd: string,
  dialogue: [question: string, answer: string][],
): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: cleanEnv({ TERM: 'xterm' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let step = 0;
    let answeredUpTo = 0;
    const onData = (chunk: Buffer): void => {
      screen += chunk.toString('utf8');
      const next = dialogue[step];
      if (next && screen.indexOf(next[0], answeredUpTo) !== -1) {
        answeredUpTo = screen.length;
        step++;
        child.stdin.write(`${next[1]}\r`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer to "${dialogue[step]?.[0]}"; screen so far:\n${screen}`));
    }, 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

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
});

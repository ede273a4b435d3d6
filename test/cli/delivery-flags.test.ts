import { describe, expect, test } from 'vitest';
import { cleanEnv, expectCleanError, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/* The delivery commands' flags through main(), in memory: each misuse one line, exit 2, nothing sent or written. */

const LETTER = `title: T
from: Coalition <coord@example.org>
recipient:
  name: Jane Doe
  email: jane@example.org
signatories:
  - organization: A
`;

describe('send, notify, remind and publish flags', () => {
  test.each([
    [['send', 'l', '-o', '.', '--smtp'], /-o writes \.eml drafts and --smtp sends: give one of the two/],
    [['send', 'l', '--rate', '20/min'], /--rate is for sending — add --smtp/],
    [['send', 'l', '--smtp', 'smtp://127.0.0.1:2525', '--rate', 'fast'], /--rate cannot be "fast" — give messages per time: 20\/min/],
    [['send', 'l', '--attach', 'docx'], /--attach cannot include "docx"/],
    [['send', 'l', '--smtp'], /--smtp without a URL needs LETTERS_SMTP_URL/],
    [['send', 'l', '--smtp', 'http://mail.example.org'], /--smtp must start with smtp:\/\/ or smtps:\/\//],
    [['send', 'l', '--smtp', 'smtps://me:hunter2@mail.example.org'], /--smtp holds a password, which the shell keeps in its history/],
    [['send', 'l', '--encoding', 'latin1'], /--encoding is for a --recipients file/],
    [['notify', 'l', '--message', 'm.txt', '--bcc', '0'], /--bcc cannot be "0"/],
    [['publish', 'l'], /publish writes a folder — give it with -o DIR/],
    [['publish', 'l', '-o', 'site', '--url', 'example.org'], /--url must be an http\(s\) address/],
  ])('%j', async (args, message) => {
    const dir = testdir({ 'letters/l.yaml': LETTER, 'm.txt': 'Subject: S\n\nHello\n' });
    const r = await runInMemory(args, { cwd: dir, env: cleanEnv() });
    expectCleanError(r, 2, message);
    expect(r.stderr).not.toContain('hunter2');
  });

  test('a letter without from: is refused before anything, naming the field and LETTERS_FROM', async () => {
    const dir = testdir({ 'letters/l.yaml': LETTER.replace('from: Coalition <coord@example.org>\n', '') });
    const r = await runInMemory(['send', 'l'], { cwd: dir, env: cleanEnv() });
    expectCleanError(
      r,
      2,
      /the letter has no from: address to send from — add from: "Our Coalition <coord@example\.org>" to the letter \(or to letters\.config\.yaml, or set LETTERS_FROM\)/,
    );
    const withEnv = await runInMemory(['send', 'l'], { cwd: dir, env: cleanEnv({ LETTERS_FROM: 'Coalition <coord@example.org>' }) });
    expect(withEnv.code, withEnv.stderr).toBe(0);
    expect(withEnv.stdout).toContain('Wrote l.eml: 1 letter to open in a mail client and send');
  });

  test('a recipient without an email is named at its place', async () => {
    const dir = testdir({ 'letters/l.yaml': LETTER.replace('  email: jane@example.org\n', '') });
    const r = await runInMemory(['send', 'l'], { cwd: dir, env: cleanEnv() });
    expectCleanError(r, 2, /^letters: letters\/l\.yaml:4:3: Jane Doe has no email: to send the letter to — add email: under recipient/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanEnv, expectCleanError, runBin } from '../helpers/cli.js';
import { smtpEachTest } from '../helpers/smtp.js';
import { testdir } from '../helpers/testdir.js';

/* `letters notify` and `letters remind` against a real SMTP server on 127.0.0.1. */

const LETTER = `title: Water rights
status: open
deadline: 2026-03-15
from: Coalition <coord@example.org>
recipient:
  name: Minister Jane Doe
intro: |
  We write to you.
invited:   # private
  - organization: Human Rights Watch
    email: info@hrw.example
    invited: 2026-02-20
  - organization: Amnesty International
    email: contact@amnesty.example
    invited: 2026-02-20
  - name: Ann Lee
    email: ann@uni.example
signatories:
  - organization: Human Rights Watch
    name: Jane Roe
    email: jane@hrw.example
  - organization: Fundacja Praw
    name: Katarzyna Wiśniewska
    email: kw@fundacja.example
  - name: Ann Lee
  - organization: Acme Trust
    email: acme@trust.example
withdrawn:
  - organization: Old Friends
    email: old@friends.example
    withdrawn: 2026-03-01
`;

describe('notify and remind, to a real SMTP server', () => {
  const smtp = smtpEachTest();

  test('notify: each signatory with an email, not withdrawn, once; their name and the count filled in; recorded; not twice', async () => {
    const dir = testdir({
      'letters/water.yaml': LETTER,
      'told.txt': 'Subject: Our letter was delivered\n\nDear {{name}},\n\nThe letter "{{title}}" went to the Minister today. {{count}}\n',
    });
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const r = await runBin(['notify', 'water', '--message', 'told.txt', '--smtp', '--yes'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 signatory without an email cannot be told');
    const got = smtp.server.received.map((m) => m.to[0]).sort();
    expect(got).toEqual(['acme@trust.example', 'jane@hrw.example', 'kw@fundacja.example']);
    const kw = smtp.server.received.find((m) => m.to[0] === 'kw@fundacja.example')!;
    expect(kw.mail.subject).toBe('Our letter was delivered');
    expect(kw.mail.text).toContain('Dear Katarzyna Wiśniewska,');
    expect(kw.mail.text).toContain('This letter has been signed by 3 organizations and 1 individual.');
    const letter = readFileSync(path.join(dir, 'letters/water.yaml'), 'utf8');
    expect(letter).toMatch(
      /notified:\n {2}- at: "[^"]+"\n {4}channel: smtp\n {4}server: 127\.0\.0\.1\n {4}subject: Our letter was delivered\n {4}message: [0-9a-f]{64}\n {4}to:\n( {6}- .*\n){3}/,
    );
    expect(letter).toContain('invited:   # private');
    const again = await runBin(['notify', 'water', '--message', 'told.txt', '--smtp', '--yes'], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing to send: every one of the signatories with an email got this message already');
    expect(smtp.server.received).toHaveLength(3);
  }, 60_000);

  test('--bcc sends batches addressed to the from-address, the signers only in the envelope', async () => {
    const dir = testdir({ 'letters/water.yaml': LETTER, 'told.txt': 'Subject: Delivered\n\nThe letter went out. {{count}}\n' });
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const r = await runBin(['notify', 'water', '--message', 'told.txt', '--smtp', '--yes', '--bcc', '2'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.server.received).toHaveLength(2);
    for (const m of smtp.server.received) {
      expect(m.mail.to && !Array.isArray(m.mail.to) ? m.mail.to.value[0]?.address : undefined).toBe('coord@example.org');
      expect(m.mail.text).toContain('This letter has been signed by 3 organizations and 1 individual.');
      expect(m.raw.toString('latin1')).not.toMatch(/^Bcc:/im);
    }
    expect(smtp.server.received.flatMap((m) => m.to.filter((t) => t !== 'coord@example.org')).sort()).toEqual([
      'acme@trust.example',
      'jane@hrw.example',
      'kw@fundacja.example',
    ]);
    writeFileSync(path.join(dir, 'named.txt'), 'Subject: Hi\n\nDear {{name}}\n');
    const named = await runBin(['notify', 'water', '--message', 'named.txt', '--bcc', '2', '--smtp', '--yes'], { cwd: dir, env });
    expectCleanError(named, 2, /named\.txt uses \{\{name\}\} or \{\{organization\}\}, and --bcc sends one message to many/);
  }, 60_000);

  test('remind: only invitees who have not signed (by organization, by name), with the deadline; status lists them', async () => {
    const dir = testdir({ 'letters/water.yaml': LETTER });
    const status = await runBin(['status', 'water'], { cwd: dir });
    expect(status.stdout).toContain('Invited, not signed: 1\n  Amnesty International (invited 2026-02-20)\n');
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const r = await runBin(['remind', 'water', '--smtp', '--yes'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.server.received.map((m) => m.to[0])).toEqual(['contact@amnesty.example']);
    const [m] = smtp.server.received;
    expect(m!.mail.subject).toBe('Reminder: Water rights');
    expect(m!.mail.text).toContain('Dear Amnesty International,');
    expect(m!.mail.text).toContain('We take signatures until 2026-03-15.');
    expect(readFileSync(path.join(dir, 'letters/water.yaml'), 'utf8')).toMatch(
      /reminded:\n {2}- at: .*\n( {4}.*\n)+ {6}- Amnesty International <contact@amnesty\.example>\n/,
    );
  }, 60_000);

  test('notify without --message, remind in French without one, and an unknown placeholder are refused', async () => {
    const dir = testdir({ 'letters/water.yaml': LETTER, 'told.txt': 'Subject: Hi\n\nDear {{nom}}\n' });
    expectCleanError(await runBin(['notify', 'water', '--smtp', '--yes'], { cwd: dir }), 2, /notify needs the message to send — /);
    expectCleanError(
      await runBin(['notify', 'water', '--message', 'told.txt', '-o', '.'], { cwd: dir }),
      1,
      /told\.txt uses \{\{nom\}\}, which letters does not fill/,
    );
    writeFileSync(path.join(dir, 'letters/water.yaml'), LETTER.replace('title: Water rights', 'title: Le droit à l’eau\nlang: fr'));
    expectCleanError(
      await runBin(['remind', 'water', '-o', '.'], { cwd: dir }),
      2,
      /letters has a reminder only in English, and this letter is in fr/,
    );
    expect(smtp.server.attempts).toBe(0);
  }, 60_000);
});

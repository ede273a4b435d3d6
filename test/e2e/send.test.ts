import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanEnv, expectCleanError, runBin } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { smtpEachTest, startSmtp, type TestServer } from '../helpers/smtp.js';
import { testdir } from '../helpers/testdir.js';

/*
 * `letters send` against a real SMTP server on 127.0.0.1 (smtp-server), through the binary:
 * what arrives is parsed with mailparser (headers, encoded names, the PDF attachment's text),
 * and the faults a server can throw at a sender are tried one by one.
 */

/** A closed letter every signatory agreed to (the fingerprint is filled in by `fingerprinted`). */
const LETTER = `title: Water rights on the Minister's visit
status: closed
from: "Coalition pour l'eau <coord@example.org>"
reply_to: answers@example.org
recipient:
  name: Ministra Katarzyna Wiśniewska
  title: Minister of Water
  email: kw@gov.example
cc:
  - 王海天 <wang@example.org>
  - Deputy Secretary   # no address: printed only
bcc: archive@example.org
subject: Water rights — the allocation criteria
intro: |
  We, the undersigned organizations, ask you to publish the allocation criteria.
signatories:
  - organization: Human Rights Watch
    name: Jane Roe
    email: jane@hrw.example
    text: TEXT
  - name: Ann Lee
    text: TEXT
`;

async function fingerprinted(dir: string, name = 'visit', source = LETTER): Promise<string> {
  const file = path.join(dir, 'letters', `${name}.yaml`);
  writeFileSync(file, source.replace(/text: TEXT/g, 'text: 00000000'));
  const r = await runBin(['status', name, '--json'], { cwd: dir });
  const text = JSON.parse(r.stdout).text as string;
  writeFileSync(file, source.replace(/TEXT/g, text));
  return text;
}

function env(server: TestServer, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({ LETTERS_SMTP_URL: server.url, ...extra });
}

describe('letters send, to a real SMTP server', () => {
  const smtp = smtpEachTest();

  test('the letter arrives: encoded names and subject, cc, bcc only in the envelope, the PDF attached; recorded once, refused the second time', async () => {
    const dir = testdir({ 'letters/.keep': '' });
    const text = await fingerprinted(dir);
    const r = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('To: Ministra Katarzyna Wiśniewska <kw@gov.example>');
    expect(smtp.server.received).toHaveLength(1);
    const [got] = smtp.server.received;
    expect(got!.to.sort()).toEqual(['archive@example.org', 'kw@gov.example', 'wang@example.org']);
    expect(got!.mail.from?.value[0]).toEqual({ name: "Coalition pour l'eau", address: 'coord@example.org' });
    expect(got!.mail.to && !Array.isArray(got!.mail.to) ? got!.mail.to.value[0] : undefined).toEqual({
      name: 'Ministra Katarzyna Wiśniewska',
      address: 'kw@gov.example',
    });
    expect(got!.mail.cc && !Array.isArray(got!.mail.cc) ? got!.mail.cc.value[0] : undefined).toEqual({
      name: '王海天',
      address: 'wang@example.org',
    });
    expect(got!.mail.headers.get('bcc')).toBeUndefined();
    expect(got!.raw.toString('latin1')).not.toMatch(/archive@example\.org/);
    expect(got!.raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(got!.mail.subject).toBe('Water rights — the allocation criteria');
    expect(got!.mail.replyTo?.value[0]?.address).toBe('answers@example.org');
    expect(got!.mail.messageId).toMatch(/^<[0-9a-f-]+@example\.org>$/);
    expect(got!.mail.date?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(got!.mail.text).toContain('We, the undersigned organizations');
    const pdf = got!.mail.attachments.find((a) => a.filename === 'visit.pdf')!;
    expect(pdf.contentType).toBe('application/pdf');
    const words = (await readPdf(pdf.content)).text;
    expect(words).toContain('Human Rights Watch');
    expect(words).toContain('Wiśniewska');
    // Addresses are never printed: not the recipient's, not the cc's.
    expect(words).not.toContain('@');

    const letter = readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8');
    expect(letter).toContain('  - Deputy Secretary   # no address: printed only');
    expect(letter).toMatch(
      /delivered:\n {2}- at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z"\n {4}channel: smtp\n {4}server: 127\.0\.0\.1\n {4}to:\n {6}- Ministra Katarzyna Wiśniewska <kw@gov\.example>\n/,
    );
    expect(letter).toContain(`    message_id: ${got!.mail.messageId}`);
    expect(letter).toContain(`    text: ${text}`);
    expect(letter).toMatch(/ {4}pdf_sha256: [0-9a-f]{64}\n/);

    const status = await runBin(['status', 'visit'], { cwd: dir });
    expect(status.stdout).toMatch(
      /Delivered: 1 message\n {2}\S+ to Ministra Katarzyna Wiśniewska <kw@gov\.example>, 王海天 <wang@example\.org> \(text [0-9a-f]{8}, smtp\)\n/,
    );

    const again = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expectCleanError(
      again,
      1,
      /this text \([0-9a-f]+\) was sent to kw@gov\.example, wang@example\.org, archive@example\.org on .* — nothing was sent; add --again/,
    );
    expect(smtp.server.received).toHaveLength(1);
    const third = await runBin(['send', 'visit', '--smtp', '--yes', '--again'], { cwd: dir, env: env(smtp.server) });
    expect(third.code, third.stderr).toBe(0);
    expect(smtp.server.received).toHaveLength(2);
    expect(readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8').match(/message_id:/g)).toHaveLength(2);
  }, 60_000);

  test('a 550 for the cc: the others get it, the record leaves the refused address out, exit 1', async () => {
    const dir = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir);
    smtp.server.refuse.add('wang@example.org');
    const r = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: not delivered to wang@example\.org \(the server took the message for the other recipients\) — /m);
    expect(smtp.server.received).toHaveLength(1);
    expect(smtp.server.received[0]!.to.sort()).toEqual(['archive@example.org', 'kw@gov.example']);
    const letter = readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8');
    expect(letter).toMatch(/ {4}cc: \[\]\n {4}bcc:\n {6}- archive@example\.org\n/);
  }, 60_000);

  test('without a terminal and without --yes, nothing is sent; refused, stale or pending letters are not sent', async () => {
    const dir = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir);
    const r = await runBin(['send', 'visit', '--smtp'], { cwd: dir, env: env(smtp.server) });
    expectCleanError(r, 2, /sending 1 letter needs a yes — look at the plan above, then add --yes/);
    expect(smtp.server.received).toHaveLength(0);
    writeFileSync(
      path.join(dir, 'letters/visit.yaml'),
      readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8').replace('ask you to publish', 'urge you to publish'),
    );
    const stale = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expectCleanError(stale, 1, /signed an earlier text/);
    const pending = testdir({ 'letters/.keep': '' });
    const text = await fingerprinted(pending);
    writeFileSync(
      path.join(pending, 'letters/visit.yaml'),
      `${readFileSync(path.join(pending, 'letters/visit.yaml'), 'utf8')}pending:\n  - organization: Acme Trust\n    text: ${text}\n`,
    );
    const waiting = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: pending, env: env(smtp.server) });
    expectCleanError(
      waiting,
      1,
      /letters\/visit\.yaml:\d+:\d+: 1 signature is waiting for review \(pending:\) — review them first \(letters review visit\)/,
    );
    expect(smtp.server.received).toHaveLength(0);
  }, 60_000);

  test('connection refused, a wrong password: one line each, the password never printed, nothing sent', async () => {
    const dir = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir);
    const before = readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8');
    const refused = await runBin(['send', 'visit', '--smtp', '--yes'], {
      cwd: dir,
      env: cleanEnv({ LETTERS_SMTP_URL: 'smtp://127.0.0.1:9' }),
    });
    expectCleanError(refused, 1, /^letters: smtp:\/\/127\.0\.0\.1:9 refused the connection: no mail server answers there — /m);
    const locked = await startSmtp({ user: 'coord', pass: 'right-password' });
    try {
      const wrong = await runBin(['send', 'visit', '--smtp', '--yes'], {
        cwd: dir,
        env: cleanEnv({ LETTERS_SMTP_URL: `smtp://coord:s3cr3t-Pa55@127.0.0.1:${locked.port}` }),
      });
      expectCleanError(wrong, 1, /refused the user name or password \(535 Authentication failed\)/);
      expect(wrong.stderr + wrong.stdout).not.toContain('s3cr3t-Pa55');
      const flag = await runBin(['send', 'visit', '--smtp', `smtp://coord:s3cr3t-Pa55@127.0.0.1:${locked.port}`, '--yes'], { cwd: dir });
      expectCleanError(flag, 2, /--smtp holds a password/);
      expect(flag.stderr).not.toContain('s3cr3t-Pa55');
      const right = await runBin(['send', 'visit', '--smtp', `smtp://coord@127.0.0.1:${locked.port}`, '--yes'], {
        cwd: dir,
        env: cleanEnv({ LETTERS_SMTP_PASSWORD: 'right-password' }),
      });
      expect(right.code, right.stderr).toBe(0);
      expect(locked.received).toHaveLength(1);
      const after = readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8');
      expect(after).not.toContain('right-password');
      expect(after.startsWith(before)).toBe(true);
    } finally {
      await locked.close();
    }
  }, 60_000);

  test('451 then 250 is retried and sent once; a connection reset mid-message is retried; one closed after the whole message is in doubt, named, not sent again', async () => {
    const dir = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir);
    smtp.server.answer = (n) => (n === 1 ? { code: 451, text: '4.7.1 Greylisted, try again' } : { code: 250 });
    const r = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expect(r.code, r.stderr).toBe(0);
    expect(smtp.server.attempts).toBe(2);
    expect(smtp.server.received).toHaveLength(1);

    const dir2 = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir2);
    smtp.server.attempts = 0;
    smtp.server.received.length = 0;
    smtp.server.answer = (n) => (n === 1 ? { drop: 'reset' } : { code: 250 });
    const reset = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir2, env: env(smtp.server) });
    expect(reset.code, reset.stderr).toBe(0);
    expect(smtp.server.received).toHaveLength(1);

    const dir3 = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir3);
    smtp.server.attempts = 0;
    smtp.server.received.length = 0;
    smtp.server.answer = () => ({ drop: 'after-data' });
    const doubt = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir3, env: env(smtp.server) });
    expect(doubt.code).toBe(1);
    expect(doubt.stderr).toMatch(
      /in doubt: Ministra Katarzyna Wiśniewska <kw@gov\.example> \(Message-ID <[^>]+>, handed over .*\) — the server may have it/,
    );
    expect(smtp.server.attempts).toBe(1);
    const rerun = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir3, env: env(smtp.server) });
    expect(rerun.code).toBe(1);
    expect(rerun.stderr).toMatch(/in doubt: Ministra/);
    expect(smtp.server.attempts).toBe(1);
    smtp.server.answer = () => ({ code: 250 });
    const resend = await runBin(['send', 'visit', '--smtp', '--yes', '--resend-in-doubt'], { cwd: dir3, env: env(smtp.server) });
    expect(resend.code, resend.stderr).toBe(0);
    expect(smtp.server.received).toHaveLength(1);
    // Sent again with the same Message-ID, so a mail client can tell the repeat.
    const id = /Message-ID (<[^>]+>)/.exec(doubt.stderr)![1];
    expect(smtp.server.received[0]!.mail.messageId).toBe(id);
  }, 90_000);

  test('header injection through any field is refused before anything is sent', async () => {
    const dir = testdir({ 'letters/.keep': '' });
    await fingerprinted(dir);
    const good = readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8');
    writeFileSync(
      path.join(dir, 'letters/visit.yaml'),
      good.replace('email: kw@gov.example', 'email: "kw@gov.example\\r\\nBcc: all@evil.example"'),
    );
    const r = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expectCleanError(r, 1, /letters\/visit\.yaml:\d+:\d+: .*line break/);
    writeFileSync(
      path.join(dir, 'letters/visit.yaml'),
      good.replace('- 王海天 <wang@example.org>', '- "王海天 <wang@example.org>, x@evil.example"'),
    );
    const r2 = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expectCleanError(r2, 1, /"cc line 1" cannot be sent to/);
    writeFileSync(
      path.join(dir, 'letters/visit.yaml'),
      good.replace('- 王海天 <wang@example.org>', `- '"王海天 <evil@example.org>" <wang@example.org>'`),
    );
    const r3 = await runBin(['send', 'visit', '--smtp', '--yes'], { cwd: dir, env: env(smtp.server) });
    expectCleanError(r3, 1, /angle bracket, as a second address would/);
    writeFileSync(path.join(dir, 'letters/visit.yaml'), good);
    const subject = await runBin(['send', 'visit', '--smtp', '--yes', '--subject', 'Hi\r\nBcc: x@evil.example'], {
      cwd: dir,
      env: env(smtp.server),
    });
    expect(subject.code).not.toBe(0);
    expect(smtp.server.attempts).toBe(0);
  }, 60_000);

  test('drafts: an .eml to open in a mail client, with Bcc kept and marked unsent; nothing recorded', async () => {
    const dir = testdir({ 'letters/.keep': '', 'outbox/.keep': '' });
    await fingerprinted(dir);
    const before = readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8');
    const r = await runBin(['send', 'visit', '-o', 'outbox'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const eml = readFileSync(path.join(dir, 'outbox/visit.eml'));
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(eml);
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.bcc && !Array.isArray(mail.bcc) ? mail.bcc.value[0]?.address : undefined).toBe('archive@example.org');
    expect(mail.attachments[0]?.filename).toBe('visit.pdf');
    expect(readFileSync(path.join(dir, 'letters/visit.yaml'), 'utf8')).toBe(before);
    // Written again over its own draft, never over another file.
    expect((await runBin(['send', 'visit', '-o', 'outbox'], { cwd: dir })).code).toBe(0);
    writeFileSync(path.join(dir, 'outbox/visit.eml'), 'my own notes');
    expectCleanError(
      await runBin(['send', 'visit', '-o', 'outbox'], { cwd: dir }),
      1,
      /outbox\/visit\.eml exists and is not a draft written by letters/,
    );
  }, 60_000);
});

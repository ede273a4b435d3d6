import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, expectCleanError, runBin } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { smtpEachTest } from '../helpers/smtp.js';
import { testdir } from '../helpers/testdir.js';

/*
 * `letters send --recipients`: one letter per row, each with its own PDF and address, through a
 * real SMTP server; a 550 for one address; and the process killed at random points of a
 * 200-recipient send, then run again until it is done: no recipient twice, none lost, those in
 * doubt named.
 */

const LETTER = `title: Water rights
status: closed
from: Coalition <coord@example.org>
salutation: "Dear {{recipient.name}},"
cover: |
  Dear {{recipient.name}},

  Please find our letter attached. {{count}}
intro: |
  We, the undersigned organizations, write to you, {{recipient.name}}.
signatories:
  - organization: Human Rights Watch
    text: TEXT
`;

const FIRST = ['Katarzyna', 'Jean-François', 'Ştefan', 'Zoë', 'José', 'Thị Hương', 'Amara', 'Bálint'];
const LAST = ['Wiśniewska', 'Dubois', 'Popescu', 'Løkke', 'Muñoz', 'Nguyễn', 'Okafor', 'Őrsi'];

function sheet(n: number): string {
  const rows = ['Name,Email,Organization'];
  for (let i = 0; i < n; i++) rows.push(`${FIRST[i % 8]} ${LAST[(i * 3) % 8]} ${i},member${i}@parliament.example,Parliament`);
  return `${rows.join('\r\n')}\r\n`;
}

async function setUp(n: number): Promise<string> {
  const dir = testdir({ 'letters/.keep': '', 'members.csv': sheet(n) });
  const file = path.join(dir, 'letters/water.yaml');
  writeFileSync(file, LETTER.replace('TEXT', '00000000'));
  const text = JSON.parse((await runBin(['status', 'water', '--json'], { cwd: dir })).stdout).text as string;
  writeFileSync(file, LETTER.replace('TEXT', text));
  return dir;
}

/** A seeded random number generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('letters send --recipients, to a real SMTP server', () => {
  const smtp = smtpEachTest();

  test('each row gets its own letter; a 550 for one address is recorded and reported, the rest delivered; the next run sends only what is left', async () => {
    const dir = await setUp(6);
    smtp.server.refuse.add('member3@parliament.example');
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const r = await runBin(['send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^letters: not delivered: Zoë Dubois 3 <member3@parliament\.example>: 550 No such user: member3@parliament\.example — /m,
    );
    expect(r.stderr).toMatch(/^letters: 1 letter of 6 was not delivered — /m);
    expect(smtp.server.received.map((m) => m.to[0]).sort()).toEqual([0, 1, 2, 4, 5].map((i) => `member${i}@parliament.example`));
    const [first] = smtp.server.received.filter((m) => m.to[0] === 'member0@parliament.example');
    expect(first!.mail.text).toContain('Dear Katarzyna Wiśniewska 0,');
    expect(first!.mail.text).toContain('This letter has been signed by 1 organization.');
    const pdf = (await readPdf(first!.mail.attachments[0]!.content)).text;
    expect(pdf).toContain('Katarzyna Wiśniewska 0');
    expect(pdf).not.toContain('Jean-François');
    const letter = readFileSync(path.join(dir, 'letters/water.yaml'), 'utf8');
    expect(letter.match(/^ {2}- at: /gm)).toHaveLength(5);
    expect(existsSync(path.join(dir, 'letters/water.send-journal.jsonl'))).toBe(true);
    const status = await runBin(['status', 'water'], { cwd: dir });
    expect(status.stdout).toContain('An interrupted send: letters/water.send-journal.jsonl');

    smtp.server.refuse.clear();
    const again = await runBin(['send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Already sent this text: 5 rows of members.csv, skipped');
    expect(smtp.server.received.map((m) => m.to[0]).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `member${i}@parliament.example`).sort());
    expect(existsSync(path.join(dir, 'letters/water.send-journal.jsonl'))).toBe(false);
    const done = await runBin(['send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], { cwd: dir, env });
    expectCleanError(done, 1, /was sent to every row of members\.csv already/);
  }, 90_000);

  test('a row with a second address, a line break in a name, or an address twice is refused at its cell before anything is sent', async () => {
    const dir = await setUp(2);
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    for (const [csv, message] of [
      [
        'Name,Email\r\nJane,"jane@x.example, all@evil.example"\r\n',
        /people\.csv:2:6: "jane@x\.example, all@evil\.example" is not an e-mail address: it holds more than one address/,
      ],
      [
        'Name,Email\r\n"Jane\r\nBcc: all@evil.example",jane@x.example\r\n',
        // Refused as a quote left open, by the reader the mail merge and send share.
        /people\.csv:2:1: column "Name": a line break inside the cell/,
      ],
      ['Name,Email\r\nJane,"jane@x.example\r\nBcc: all@evil.example"\r\n', /people\.csv:2:6: .*line break/],
      ['Name,Email\r\nJane,jane@x.example\r\nJoan,JANE@x.example\r\n', /people\.csv:3:6: JANE@x\.example is also the address on line 2/],
      [
        'Name,Email\r\nJane <x@evil.example>,jane@x.example\r\n',
        /people\.csv:2:1: this row cannot be sent: the name "Jane <x@evil\.example>" has an angle bracket/,
      ],
    ] as const) {
      writeFileSync(path.join(dir, 'people.csv'), csv);
      const r = await runBin(['send', 'water', '--recipients', 'people.csv', '--smtp', '--yes'], { cwd: dir, env });
      expectCleanError(r, 1, message);
    }
    expect(smtp.server.attempts).toBe(0);
  }, 60_000);

  test('Ctrl-C stops after the message in hand: what was sent is recorded, exit 130, and the same command finishes the rest', async () => {
    const dir = await setUp(40);
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const child = spawn(process.execPath, [BIN, 'send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (smtp.server.attempts >= 5) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 2);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('letters: stopping after the message being sent');
    expect(stderr).toMatch(/^letters: stopped by Ctrl-C — the messages not yet sent are sent by running the same command again/m);
    const sent = smtp.server.received.length;
    expect(sent).toBeLessThan(40);
    const letter = readFileSync(path.join(dir, 'letters/water.yaml'), 'utf8');
    expect(letter.match(/^ {2}- at: /gm)).toHaveLength(sent);
    const rest = await runBin(['send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], { cwd: dir, env });
    expect(rest.code, rest.stderr).toBe(0);
    expect(new Set(smtp.server.received.map((m) => m.to[0])).size).toBe(40);
    expect(smtp.server.received).toHaveLength(40);
  }, 90_000);

  test('killed at random points of a 200-recipient send, then run again: no recipient twice, none lost, those in doubt named', async () => {
    const n = 200;
    const dir = await setUp(n);
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const rand = random(20260302);
    // The server takes a little time over each message, so that kills land in every phase.
    smtp.server.answer = () => ({ code: 250 });
    const args = [BIN, 'send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'];
    let kills = 0;
    for (let round = 0; round < 6; round++) {
      const before = smtp.server.attempts;
      const child = spawn(process.execPath, args, { cwd: dir, env, stdio: 'ignore' });
      // Kill it once the server has taken a random number more messages (or at a random moment).
      const target = before + 5 + Math.floor(rand() * 40);
      const jitter = Math.floor(rand() * 15);
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (smtp.server.attempts >= target) {
            clearInterval(timer);
            setTimeout(() => {
              child.kill('SIGKILL');
              kills++;
              resolve();
            }, jitter);
          }
        }, 2);
        child.on('exit', () => {
          clearInterval(timer);
          resolve();
        });
      });
      await new Promise((resolve) =>
        child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.on('exit', resolve),
      );
    }
    expect(kills).toBeGreaterThan(2);
    const last = await runBin(['send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], { cwd: dir, env, timeoutMs: 120_000 });
    const received = smtp.server.received.map((m) => m.to[0]!);
    const counts = new Map<string, number>();
    for (const to of received) counts.set(to, (counts.get(to) ?? 0) + 1);
    // None twice.
    expect([...counts].filter(([, c]) => c > 1)).toEqual([]);
    // None lost: every address was received, or is named as in doubt.
    const doubt = [...last.stderr.matchAll(/in doubt: [^<]*<([^>]+)>/g)].map((m) => m[1]!);
    const all = Array.from({ length: n }, (_, i) => `member${i}@parliament.example`);
    expect(all.filter((a) => !counts.has(a) && !doubt.includes(a))).toEqual([]);
    if (doubt.length === 0) expect(last.code, last.stderr).toBe(0);
    else expect(last.code).toBe(1);
    // Every accepted message is recorded in the letter once.
    const letter = readFileSync(path.join(dir, 'letters/water.yaml'), 'utf8');
    const recorded = [...letter.matchAll(/- [^<\n]*<(member\d+@parliament\.example)>/g)].map((m) => m[1]!);
    expect(new Set(recorded).size).toBe(recorded.length);
    for (const a of recorded) expect(counts.has(a)).toBe(true);
    expect(recorded.length).toBe(counts.size - doubt.filter((a) => counts.has(a)).length);
  }, 240_000);
});

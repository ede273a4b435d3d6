// Every lock a process holds is let go on Ctrl-C, kill or a closed terminal by one handler
// (io/files/lock-signals.ts): a process holding two locks or twenty ends on the signal with all
// of them removed, and twenty locks add one listener, not twenty (no MaxListenersExceededWarning).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { bundledFixture } from '../helpers/bundle.js';
import { smtpEachTest } from '../helpers/smtp.js';
import { testdir } from '../helpers/testdir.js';

/** The end of a child process: its exit code, or the signal that ended it. */
function ended(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

describe('a process holding many locks', () => {
  const holder = bundledFixture('io/hold-locks.ts');

  test.each([
    ['SIGINT', 2],
    ['SIGINT', 20],
    ['SIGTERM', 20],
    ['SIGHUP', 2],
  ] as const)(
    '%s with %i locks held: all are removed, the process ends by the signal, one listener each',
    async (signal, n) => {
      const dir = testdir(Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.yaml`, 'title: T\n'])));
      const files = Array.from({ length: n }, (_, i) => path.join(dir, `f${i}.yaml`));
      const child = spawn(process.execPath, [holder.script, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      const end = ended(child);
      for (let i = 0; i < 2000 && !stdout.includes('\n'); i++) await new Promise((r) => setTimeout(r, 5));
      expect(stdout, stderr).toBe('locked 1 1 1\n');
      for (const f of files) expect(existsSync(`${f}.lock`)).toBe(true);
      child.kill(signal);
      expect(await end).toEqual({ code: null, signal });
      for (const f of files) expect(existsSync(`${f}.lock`), f).toBe(false);
      expect(stderr).not.toContain('MaxListenersExceededWarning');
      expect(stderr).toBe('');
    },
    30_000,
  );
});

test('twenty signs at once in one process add one listener per signal, and no warning', async () => {
  const n = 20;
  const cwd = testdir(Object.fromEntries(Array.from({ length: n }, (_, i) => [`letters/l${i}.yaml`, 'title: T\nsignatories: []\n'])));
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.name);
  };
  process.on('warning', onWarning);
  const before = process.listenerCount('SIGINT');
  try {
    const runs = await Promise.all(Array.from({ length: n }, (_, i) => runInMemory(['sign', `l${i}`, '--org', 'Acme'], { cwd })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    // Let a warning emitted while they ran be delivered.
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  expect(warnings).not.toContain('MaxListenersExceededWarning');
  expect(process.listenerCount('SIGINT')).toBe(before);
  for (let i = 0; i < n; i++) expect(readFileSync(path.join(cwd, `letters/l${i}.yaml`), 'utf8')).toContain('Acme');
});

const LETTER = `title: Water rights
status: closed
from: Coalition <coord@example.org>
salutation: "Dear {{recipient.name}},"
cover: |
  Dear {{recipient.name}},

  Please find our letter attached.
signatories:
  - organization: Human Rights Watch
    text: TEXT
`;

describe('Ctrl-C while send holds the journal and the letter', () => {
  const smtp = smtpEachTest();

  test('both locks are removed and send ends on the signal, the letter whole', async () => {
    const dir = testdir({ 'letters/.keep': '', 'members.csv': 'Name,Email\r\nJane Roe,jane@parliament.example\r\n' });
    const file = path.join(dir, 'letters/water.yaml');
    // Entries enough that recording the message sent (read, edit, write, read again) takes a while.
    const withdrawn = `withdrawn:\n${Array.from({ length: 20_000 }, (_, i) => `  - organization: Organization number ${i}\n    withdrawn: 2026-01-02\n`).join('')}`;
    writeFileSync(file, `${LETTER.replace('TEXT', '00000000')}${withdrawn}`);
    const text = JSON.parse((await runBin(['status', 'water', '--json'], { cwd: dir })).stdout).text as string;
    const before = `${LETTER.replace('TEXT', text)}${withdrawn}`;
    writeFileSync(file, before);
    const letterLock = `${file}.lock`;
    const journalLock = path.join(dir, 'letters/water.send-journal.jsonl.lock');
    const env = cleanEnv({ LETTERS_SMTP_URL: smtp.server.url });
    const child = spawn(process.execPath, [BIN, 'send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const end = ended(child);
    let both = false;
    for (let i = 0; i < 20_000 && !both; i++) {
      both = existsSync(letterLock) && existsSync(journalLock);
      if (!both) await new Promise((r) => setTimeout(r, 1));
    }
    expect(both, stderr).toBe(true);
    child.kill('SIGINT');
    expect(await end).toEqual({ code: null, signal: 'SIGINT' });
    expect(existsSync(letterLock)).toBe(false);
    expect(existsSync(journalLock)).toBe(false);
    expect(smtp.server.received).toHaveLength(1);
    // The letter is as it was, or has the record of the message: never half written.
    const now = readFileSync(file, 'utf8');
    expect(now === before || /^ {2}- at: /m.test(now)).toBe(true);
    expect((await runBin(['status', 'water'], { cwd: dir })).code).toBe(0);
  }, 90_000);
});

/** The pid in a lock's record (the process holding it). */
function holderPid(lock: string): number {
  return (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
}

/** Wait (boundedly) until `done` is true; false if it never was. */
async function until(done: () => boolean, ms = 20_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 10))) if (done()) return true;
  return done();
}

describe('send ended from outside while it holds the journal lock', () => {
  const smtp = smtpEachTest();

  async function closedLetter(recipients: number): Promise<{ dir: string; journalLock: string }> {
    const rows = Array.from({ length: recipients }, (_, i) => `Member ${i},m${i}@parliament.example\r\n`).join('');
    const dir = testdir({ 'letters/.keep': '', 'members.csv': `Name,Email\r\n${rows}` });
    const file = path.join(dir, 'letters/water.yaml');
    writeFileSync(file, LETTER.replace('TEXT', '00000000'));
    const text = JSON.parse((await runBin(['status', 'water', '--json'], { cwd: dir })).stdout).text as string;
    writeFileSync(file, LETTER.replace('TEXT', text));
    return { dir, journalLock: path.join(dir, 'letters/water.send-journal.jsonl.lock') };
  }

  test.skipIf(spawnSync('script', ['--version']).status !== 0)(
    'SIGTERM while the confirmation prompt is open ends send and removes the lock; nothing is sent',
    async () => {
      const { dir, journalLock } = await closedLetter(1);
      const command = [process.execPath, BIN, 'send', 'water', '--recipients', 'members.csv', '--smtp']
        .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      // A real terminal, so that the question is asked by the interactive prompt (which adds its own signal listeners).
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: dir,
        env: cleanEnv({ TERM: 'xterm', LETTERS_SMTP_URL: smtp.server.url }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      child.stdout!.on('data', (c: Buffer) => {
        screen += c.toString();
      });
      const end = ended(child);
      try {
        expect(await until(() => screen.includes('now?') && existsSync(journalLock)), screen).toBe(true);
        process.kill(holderPid(journalLock), 'SIGTERM');
        const result = await Promise.race([end, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
        expect(result, screen).not.toBe('still running');
      } finally {
        child.kill('SIGKILL');
      }
      expect(existsSync(journalLock), screen).toBe(false);
      expect(smtp.server.received).toHaveLength(0);
    },
    60_000,
  );

  test('a second Ctrl-C stops send at once and removes the lock', async () => {
    const { dir, journalLock } = await closedLetter(1);
    // A server that takes the message and never answers: send waits on it, the interrupt watched.
    const sockets = new Set<Socket>();
    let gotData = false;
    const mute = createServer((socket) => {
      sockets.add(socket);
      let inData = false;
      socket.write('220 mute.example ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('latin1').split('\r\n')) {
          if (inData) {
            if (line === '.') gotData = true;
          } else if (/^(EHLO|HELO|MAIL|RCPT|RSET)/i.test(line)) socket.write('250 OK\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            socket.write('354 go on\r\n');
          } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const port = (mute.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, [BIN, 'send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], {
        cwd: dir,
        env: cleanEnv({ LETTERS_SMTP_URL: `smtp://127.0.0.1:${port}` }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      const end = ended(child);
      expect(await until(() => gotData && existsSync(journalLock)), stderr).toBe(true);
      child.kill('SIGINT');
      expect(await until(() => stderr.includes('press Ctrl-C again')), stderr).toBe(true);
      child.kill('SIGINT');
      expect(await end).toEqual({ code: 130, signal: null });
      expect(existsSync(journalLock), stderr).toBe(false);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => mute.close(r));
    }
  }, 60_000);
});

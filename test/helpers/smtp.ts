import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterEach, beforeEach } from 'vitest';

/** A message as the server received it: the envelope, the raw bytes, and mailparser's reading. */
export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

/** How the server answers one message: 250, a 4xx or 5xx reply, or by dropping the connection. */
export type Answer = { code: 250 } | { code: number; text: string } | { drop: 'reset' | 'after-data' };

export interface TestServer {
  port: number;
  url: string;
  received: Received[];
  /** Decide the answer to each message (its number from 1, counting drops and refusals). */
  answer: (n: number, to: string[]) => Answer;
  /** Refuse these recipients at RCPT TO with 550. */
  refuse: Set<string>;
  attempts: number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package), without STARTTLS, optionally with
 * a user and password. Everything it accepts is parsed with mailparser.
 */
export async function startSmtp(options: { user?: string; pass?: string } = {}): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = {
    port: 0,
    url: '',
    received: [],
    answer: () => ({ code: 250 }),
    refuse: new Set(),
    attempts: 0,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: options.user === undefined,
    allowInsecureAuth: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onAuth(auth, _session, cb) {
      if (auth.username === options.user && auth.password === options.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (state.refuse.has(address.address)) cb(Object.assign(new Error(`No such user: ${address.address}`), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const n = ++state.attempts;
      const to = session.envelope.rcptTo.map((r) => r.address);
      const answer = state.answer(n, to);
      const socket = [...sockets].at(-1);
      if ('drop' in answer && answer.drop === 'reset') {
        // The message is left unread and the connection reset: the client sees ECONNRESET.
        stream.pause();
        setTimeout(() => socket?.resetAndDestroy(), 50);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ('drop' in answer) {
          // The whole message read, then the connection closed without an answer: in doubt.
          socket?.destroy();
          return;
        }
        if (answer.code !== 250) {
          cb(Object.assign(new Error((answer as { text: string }).text), { responseCode: answer.code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          state.received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw, mail });
          cb(null, `OK: queued as ${n}`);
        });
      });
    },
  });
  // A client killed mid-message resets its connection: that is a test's doing, not a failure.
  server.on('error', () => undefined);
  server.server.on('connection', (s: Socket) => {
    s.on('error', () => undefined);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as { port: number }).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/**
 * A fresh server for each test of the describe block that calls this, closed after it:
 * `const smtp = smtpEachTest();`, then `smtp.server` inside a test.
 */
export function smtpEachTest(): { readonly server: TestServer } {
  let current: TestServer | undefined;
  beforeEach(async () => {
    current = await startSmtp();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get server(): TestServer {
      if (current === undefined) throw new Error('smtpEachTest: the server runs only inside a test');
      return current;
    },
  };
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'letters.js');
export const EXAMPLE = path.join(ROOT, 'letters', 'example.yaml');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  bytes: Buffer;
}

/** The environment a test gives the tool: no CI flag games, a fixed clock, no debug output. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], SOURCE_DATE_EPOCH: '1772409600', ...extra };
  return env;
}

/** Spawn the real binary with no TTY (stdin closed), as CI and scripts run it. */
export function runBin(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`letters ${args.join(' ')} did not finish in time (a hang?)`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(out);
      resolve({ code, stdout: bytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), bytes });
    });
  });
}

/** Run the CLI in this process (no spawn), with a fake terminal. */
export async function runInMemory(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: boolean },
): Promise<{ code: number; stdout: string; stderr: string; bytes: Buffer }> {
  const out: Buffer[] = [];
  let stderr = '';
  const tty = options.tty ?? false;
  const code = await main({
    argv: args,
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdin: { isTTY: tty },
    stdout: {
      isTTY: tty,
      write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void) {
        out.push(Buffer.from(chunk));
        cb?.();
        return true;
      },
    },
    stderr: {
      isTTY: tty,
      write(chunk: string) {
        stderr += chunk;
        return true;
      },
    },
    version: '0.0.0-test',
  });
  const bytes = Buffer.concat(out);
  return { code, stdout: bytes.toString('utf8'), stderr, bytes };
}

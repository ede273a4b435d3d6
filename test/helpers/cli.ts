import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import { packageVersion } from '../../src/io/package-root.js';
import { main } from '../../src/main.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'letters.js');
/** The user's sample letter: only the README quick-start test reads it, so it can change freely. */
export const EXAMPLE = path.join(ROOT, 'letters', 'example.yaml');
/** The tests' own letter (a copy of an earlier example): tests assert facts about its text. */
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'water-rights.yaml');

/** The text of FIXTURE. */
export function fixtureLetter(): string {
  return readFileSync(FIXTURE, 'utf8');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  bytes: Buffer;
}

/**
 * The environment a test gives the tool: no CI flag games, no debug output, a fixed clock
 * (2026-03-02T00:00:00Z) in a fixed time zone, so "today" is 2026-03-02 on every machine, and
 * no colour on a terminal (NO_COLOR), so a test of what a terminal shows reads the words; the
 * tests of colour give their own environment.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    SOURCE_DATE_EPOCH: '1772409600',
    TZ: 'UTC',
    NO_COLOR: '1',
    // The cache of letters read: one for the test run, so tests never write into ~/.cache.
    LETTERS_CACHE_DIR: inject('cacheDir'),
    // No process left storing a big letter's read after a test, into a folder the test removes:
    // the tests of that process (test/e2e/cache-warm.test.ts) turn it on.
    LETTERS_CACHE_WARM: '0',
    ...extra,
  };
  return env;
}

/** Spawn the real binary with no TTY (stdin closed), as CI and scripts run it; `node` gives Node's own flags. */
export function runBin(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; node?: string[] },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.node ?? []), BIN, ...args], {
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

/**
 * Run the CLI in this process through main() (no spawn), with a fake terminal: the same
 * wiring, errors and exit codes as the binary, in a fraction of the time. The process's own
 * time zone applies (vitest.config.ts fixes it), not `env.TZ`. An error letters did not foresee
 * ("unexpected error") has its stack after stderr, as LETTERS_DEBUG=1 would print it.
 */
export async function runInMemory(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; tty?: boolean },
): Promise<CliResult & { code: number }> {
  const out: Buffer[] = [];
  let stderr = '';
  let trace = '';
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
    version: packageVersion(),
    // An error letters did not foresee: its stack follows stderr, so a test that fails on it
    // (expect(r.code, r.stderr)) shows where it came from, even when it happened only once.
    unexpected: (err) => {
      trace += `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
    },
  });
  const bytes = Buffer.concat(out);
  return { code, stdout: bytes.toString('utf8'), stderr: stderr + trace, bytes };
}

/** Every error is whole lines starting "letters: ", each with a hint, and no stack trace. */
export function expectCleanError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  for (const line of result.stderr.trimEnd().split('\n')) expect(line).toMatch(/^letters: .+ — .+/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** The whole folder's files and contents, to show that a failing command changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

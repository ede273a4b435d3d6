import { spawn } from 'node:child_process';
import { BIN, cleanEnv } from './cli.js';

/**
 * Run letters in a real pseudo-terminal (util-linux `script`, part of every Debian system),
 * answering each prompt when its question appears on the screen. An answer is typed and
 * followed by Enter, except a lone control key (e.g. '\x03', Ctrl-C), which is pressed alone.
 */
export function inTerminal(
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
        child.stdin.write(/^[\x00-\x1f]$/.test(next[1]) ? next[1] : `${next[1]}\r`);
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

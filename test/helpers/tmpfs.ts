import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Mount a small tmpfs on `dir` (tests run as root here and in CI). */
export function mountTmpfs(dir: string, options = 'size=128k'): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
}

/** Why a tmpfs cannot be mounted here, or undefined when it can: tests that need one skip with this reason. */
export function whyNoTmpfs(): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-probe-'));
  try {
    mountTmpfs(dir);
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? err).trim();
    return `mounting a tmpfs is not permitted here (${stderr.split('\n')[0]})`;
  } finally {
    rmdirSync(dir);
  }
}

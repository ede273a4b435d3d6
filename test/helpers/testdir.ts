import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** A temporary folder holding `files` (path → content), removed when the test ends. */
export function testdir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

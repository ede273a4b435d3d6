import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Build dist/ before any test runs, and again before each rerun in watch mode: the
 * end-to-end tests spawn bin/letters.js, which runs dist/, so they must never test an old
 * bundle. The same script as `npm run build`, so the tests run what users get.
 */
async function build(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(`building dist/ failed, so the end-to-end tests cannot run:\n${stderr ?? String(err)}`);
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cache of letters read that the binary uses in tests (cleanEnv), never the user's own. */
    cacheDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  await build();
  project.onTestsRerun(build);
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'letters-test-cache-'));
  project.provide('cacheDir', cacheDir);
  return () => rmSync(cacheDir, { recursive: true, force: true });
}

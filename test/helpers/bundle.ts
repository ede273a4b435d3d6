// Bundles in tests: what a file of the built bundle (dist/) loads before it runs (its static
// imports, followed), and a test fixture bundled with letters' own modules for a child process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll } from 'vitest';
import { ROOT } from './cli.js';

/** The bundle files `entry` loads before any of its code runs (its static import closure, side-effect imports too), each with its text. */
export function staticClosure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    // `import { a } from "./x.js";` and `import "./x.js";` (a chunk loaded for what it does when it runs).
    for (const m of text.matchAll(/^import\s+(?:[^;"]*?from\s+)?"(\.\/[^"]+)";/gms)) visit(path.join(path.dirname(file), m[1]!));
  };
  visit(entry);
  return files;
}

/**
 * A fixture under test/fixtures (`io/hold-lock.ts`), bundled with the letters modules it imports
 * into one script that `node` runs in a child process, before the tests of the describe block (or
 * file) that calls this, and removed after them: `const holder = bundledFixture('io/x.ts');`, then
 * `holder.script` inside a test.
 */
export function bundledFixture(fixture: string): { readonly script: string } {
  let script: string | undefined;
  beforeAll(async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'letters-fixture-'));
    const file = path.join(out, `${path.basename(fixture, '.ts')}.mjs`);
    await build({
      entryPoints: [path.join(ROOT, 'test/fixtures', fixture)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: file,
      logLevel: 'warning',
    });
    script = file;
    return () => rmSync(out, { recursive: true, force: true });
  });
  return {
    get script(): string {
      if (script === undefined) throw new Error(`bundledFixture: ${fixture} is bundled only for the tests`);
      return script;
    },
  };
}

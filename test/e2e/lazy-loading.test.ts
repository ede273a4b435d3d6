import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** The bundle files `dist/main.js` loads before any command runs: its static import closure. */
function staticClosure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const m of text.matchAll(/^import\s[^;]*?from\s+"(\.\/[^"]+)";/gms)) visit(path.join(path.dirname(file), m[1]!));
  };
  visit(entry);
  return files;
}

test('start-up, before any command runs, loads no PDF, template, Markdown, YAML or prompt code', () => {
  const entry = path.join(ROOT, 'dist', 'main.js');
  expect(existsSync(entry), 'dist/main.js: run `npm test`, which builds first').toBe(true);
  const loaded = [...staticClosure(entry).values()].join('\n');
  expect(loaded).toContain('node_modules/commander/'); // the check can see bundled modules
  for (const heavy of ['pdfkit', 'fontkit', 'handlebars', 'markdown-it', 'htmlparser2', 'yaml', '@inquirer']) {
    expect(loaded, heavy).not.toMatch(new RegExp(`node_modules/${heavy}/|from "${heavy}"`));
  }
  // Nor the output path, the settings or the help tables: `letters --help` needs none of them.
  expect(loaded).toContain('src/cli.ts');
  for (const ours of ['src/io/terminal/output.ts', 'src/io/settings.ts', 'src/commands/tool/help-tables.ts', 'src/error-meanings.ts']) {
    expect(loaded, ours).not.toContain(ours);
  }
});

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { allTables } from '../../src/commands/tool/help-tables.js';
import { tableMarkdown } from '../../src/commands/tool/help-render.js';
import { manPage } from '../../src/commands/tool/man-page.js';
import { packageVersion } from '../../src/io/package-root.js';
import { schemaMarkdown } from '../../src/json-schemas/markdown.js';
import { JSON_SCHEMAS } from '../../src/json-schemas/schemas.js';
import { ENVIRONMENT } from '../../src/core/settings/environment.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The files, and the parts of README.md and docs/*.md, that restate a table of the code are
 * written from it: `npm run docs` (LETTERS_UPDATE_DOCS=1) writes them, and these tests fail
 * when one says other than the code.
 */
const UPDATE = process.env['LETTERS_UPDATE_DOCS'] === '1';

function matches(file: string, expected: string): void {
  const full = path.join(ROOT, file);
  if (UPDATE) {
    mkdirSync(path.dirname(full), { recursive: true });
    if (!existsSync(full) || readFileSync(full, 'utf8') !== expected) writeFileSync(full, expected);
    return;
  }
  expect(existsSync(full) ? readFileSync(full, 'utf8') : '(missing)', `${file} is out of date: run npm run docs`).toBe(expected);
}

const program = () =>
  buildProgram({
    argv: [],
    cwd: ROOT,
    env: {},
    stdin: {},
    stdout: { write: () => true },
    stderr: { write: () => true },
    version: packageVersion(),
  });

/** What a generated region holds: a help table by its id, or the JSON documents of the commands. */
function region(id: string): string {
  if (id === 'json.commands') {
    return Object.keys(JSON_SCHEMAS)
      .sort()
      .map((c) => schemaMarkdown(c, JSON_SCHEMAS[c]!))
      .join('\n\n');
  }
  const table = allTables().get(id);
  if (!table) throw new Error(`no table "${id}" to generate`);
  return tableMarkdown(table);
}

const REGION = /(<!-- generated: ([\w.-]+) -->\n)([\s\S]*?)(<!-- \/generated -->)/g;

test('the JSON schemas in schemas/ are the ones in the code', () => {
  for (const [command, schema] of Object.entries(JSON_SCHEMAS))
    matches(`schemas/${command}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  const files = readdirSync(path.join(ROOT, 'schemas')).sort();
  expect(files).toEqual(
    Object.keys(JSON_SCHEMAS)
      .map((c) => `${c}.schema.json`)
      .sort(),
  );
});

test('the man page is the one the command table and the reference tables make', () => {
  matches('man/letters.1', manPage(program(), packageVersion()));
});

test('every generated part of README.md and docs/ is what the code says', () => {
  const files = [
    'README.md',
    ...readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  let regions = 0;
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const expected = text.replace(REGION, (_all, open: string, id: string, _old: string, close: string) => {
      regions++;
      return `${open}${region(id)}\n${close}`;
    });
    matches(file, expected);
  }
  expect(regions).toBeGreaterThan(0);
});

test('every environment variable the code reads is in the table `letters help environment` prints', () => {
  const read = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (entry.name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/env\[['"]([A-Z_]+)['"]\]/g)) read.add(m[1]!);
    }
  };
  visit(path.join(ROOT, 'src'));
  const documented = new Set(ENVIRONMENT.map((v) => v.name));
  expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  expect(read.size).toBeGreaterThan(8);
});

// The shipped templates' precompiled forms (templates.generated.ts): regenerated, they are the
// committed file, and they fill every letter of the corpus exactly as compiling the text does.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { compiledTemplate, TEMPLATE_OPTIONS } from '../../src/render/document/template.js';
import { PRECOMPILE_OPTIONS, PRECOMPILED_TEMPLATES } from '../../src/render/document/templates.generated.js';
import { buildView } from '../../src/render/document/view.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every letter file of the tests and the example, found by walking the folders. */
function letterFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? letterFiles(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : [],
  );
}

describe('precompiled shipped templates', () => {
  test('are what scripts/precompile-templates.mjs makes of templates/ (regenerate with it)', () => {
    const printed = execFileSync(process.execPath, [path.join(ROOT, 'scripts/precompile-templates.mjs'), '--print'], {
      encoding: 'utf8',
    });
    expect(printed).toBe(readFileSync(path.join(ROOT, 'src/render/document/templates.generated.ts'), 'utf8'));
  });

  test('cover every shipped template, made with the options templates are compiled with', () => {
    const shipped = readdirSync(path.join(ROOT, 'templates')).filter((f) => f.endsWith('.hbs'));
    expect(PRECOMPILED_TEMPLATES.map((t) => `${t.name}.hbs`)).toEqual(shipped.sort());
    expect(PRECOMPILE_OPTIONS).toEqual(TEMPLATE_OPTIONS);
  });

  const letters = [...letterFiles(path.join(ROOT, 'test/fixtures')), path.join(ROOT, 'letters/example.yaml')].flatMap((file) => {
    try {
      return [{ file: path.relative(ROOT, file), letter: parseLetter(readFileSync(file, 'utf8'), file).letter }];
    } catch {
      return []; // a fixture that is not a letter (a translation, a broken one on purpose)
    }
  });

  test('the corpus holds letters to fill', () => {
    expect(letters.length).toBeGreaterThan(5);
  });

  for (const template of PRECOMPILED_TEMPLATES) {
    test(`${template.name}: fills each letter exactly as the template compiled from its text`, () => {
      const precompiled = compiledTemplate(template.text);
      const compiled = compiledTemplate(template.text, false);
      expect(precompiled).not.toBe(compiled);
      for (const { file, letter } of letters) {
        const view = buildView(letter);
        const out = precompiled(view);
        expect(out.length, file).toBeGreaterThan(100);
        expect(out, file).toBe(compiled(view));
      }
    });
  }

  test('a text that is not a shipped template is compiled from its text', () => {
    const text = `${PRECOMPILED_TEMPLATES[0]!.text}<p>{{title}} (a project's own)</p>`;
    const html = compiledTemplate(text)(buildView(letters[0]!.letter));
    expect(html).toContain("(a project's own)</p>");
  });
});

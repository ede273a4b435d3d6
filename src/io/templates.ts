// Templates on disk: the project's templates/ folder first, then the ones letters ships.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEMPLATE_NAME } from '../core/letter/values.js';
import { LettersError } from '../errors.js';
import type { TemplateSource } from '../render/document/template.js';
import { PACKAGE_ROOT } from './package-root.js';

/** The templates that ship with letters. */
export const BUILTIN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

/**
 * Where templates are looked for, first match wins: `templates/` beside the letters folder
 * (the project's own), then the ones that ship with letters.
 */
export function templateDirs(lettersDir: string): string[] {
  const own = path.join(path.dirname(lettersDir), 'templates');
  return path.resolve(own) === path.resolve(BUILTIN_TEMPLATES) ? [BUILTIN_TEMPLATES] : [own, BUILTIN_TEMPLATES];
}

export async function availableTemplates(dirs: string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const dir of dirs) {
    const files = await fs.readdir(dir).catch(() => [] as string[]);
    for (const f of files) if (f.endsWith('.hbs')) names.add(f.slice(0, -4));
  }
  return [...names].sort();
}

export async function loadTemplate(name: string, dirs: string[], cwd: string): Promise<TemplateSource> {
  if (TEMPLATE_NAME.test(name)) {
    for (const dir of dirs) {
      const file = path.join(dir, `${name}.hbs`);
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) {
        const rel = path.relative(cwd, file);
        return { name, file: rel && !rel.startsWith('..') ? rel : file, text };
      }
    }
  }
  const known = await availableTemplates(dirs);
  throw new LettersError('template', `no template named "${name}"`, `use one of: ${known.join(', ')} (or add templates/${name}.hbs)`);
}

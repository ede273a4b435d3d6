// Templates on disk: the project's templates/ folder first, then the ones letters ships.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEMPLATE_NAME } from '../core/letter/values.js';
import { LettersError } from '../errors.js';
import type { TemplateSource } from '../render/document/template.js';
import { readBounded } from './files/bounded-read.js';
import { PACKAGE_ROOT } from './package-root.js';

/** No template file at a path: the next folder is looked in. */
const MISSING = new LettersError('not-found', 'no template', '');

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

/** The largest template read: the shipped ones are a few kilobytes. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** A template file's bytes: a regular file of a sensible size (a pipe or a device named like a template would never end). */
export function readTemplateFile(file: string, display: string): Promise<Buffer> {
  return readBounded(file, {
    display,
    limit: MAX_TEMPLATE_BYTES,
    what: 'a template',
    sizeHint: 'a template is a few kilobytes of HTML',
    missing: () => MISSING,
    code: 'template',
  });
}

export async function loadTemplate(name: string, dirs: string[], cwd: string): Promise<TemplateSource> {
  if (TEMPLATE_NAME.test(name)) {
    for (const dir of dirs) {
      const file = path.join(dir, `${name}.hbs`);
      const rel = path.relative(cwd, file);
      const display = rel && !rel.startsWith('..') ? rel : file;
      const bytes = await readTemplateFile(file, display).catch((err: unknown) => {
        if (err === MISSING) return undefined;
        throw err;
      });
      if (bytes === undefined) continue;
      const template: TemplateSource = { name, file: display, text: bytes.toString('utf8') };
      const shipped = path.join(BUILTIN_TEMPLATES, `${name}.hbs`);
      if (path.resolve(dir) !== path.resolve(BUILTIN_TEMPLATES) && (await fs.stat(shipped).catch(() => undefined))?.isFile()) {
        template.replacesShipped = true;
      }
      return template;
    }
  }
  const known = await availableTemplates(dirs);
  throw new LettersError('template', `no template named "${name}"`, `use one of: ${known.join(', ')} (or add templates/${name}.hbs)`);
}

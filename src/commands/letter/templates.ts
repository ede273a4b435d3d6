// `letters templates`: the templates a letter can use, the project's and the shipped ones.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LettersError, type Problem } from '../../errors.js';
import { displayPath } from '../../io/files/letter-files.js';
import { BUILTIN_TEMPLATES, readTemplateFile, templateDirs } from '../../io/templates.js';
import { templateInfo } from '../../render/document/template-info.js';
import type { Context } from '../context.js';
import { print, report } from '../warnings.js';

export interface TemplatesOptions {
  json?: boolean;
}

interface Row {
  name: string;
  formats: string[];
  source: 'project' | 'shipped';
  file: string;
  description: string;
  /** A project template that replaces a shipped one of the same name. */
  replaces: boolean;
  /** A shipped template that a project one replaces. */
  hidden: boolean;
}

/** `letters templates`: the project's templates first, then the shipped ones, with where each comes from. */
export async function templates(ctx: Context, options: TemplatesOptions): Promise<void> {
  const rows: Row[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const dir of templateDirs(ctx.dir)) {
    const source = path.resolve(dir) === path.resolve(BUILTIN_TEMPLATES) ? 'shipped' : 'project';
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs')).sort();
    for (const f of names) {
      const name = f.slice(0, -'.hbs'.length);
      const file = path.join(dir, f);
      const shown = displayPath(file, ctx.cwd);
      let info: ReturnType<typeof templateInfo> | undefined;
      try {
        // A regular file of a template's size: a pipe named x.hbs must not stop the listing.
        const text = (await readTemplateFile(file, shown)).toString('utf8');
        info = templateInfo({ name, file: shown, text });
      } catch (err) {
        if (!(err instanceof LettersError)) throw err;
        problems.push(...err.problems.map((p) => ({ ...p, code: 'template' })));
      }
      rows.push({
        name,
        formats: info?.formats ?? [],
        source,
        file: shown,
        description: info?.description.replace(/^[\w-]+:\s*/, '') ?? '',
        replaces: false,
        hidden: seen.has(name),
      });
      seen.add(name);
    }
  }
  for (const r of rows) r.replaces = r.source === 'project' && rows.some((o) => o.source === 'shipped' && o.name === r.name);
  if (options.json) {
    ctx.outJson({ templates: rows });
  } else {
    const w = (pick: (r: Row) => string, head: string): number => Math.max(head.length, ...rows.map((r) => pick(r).length));
    const formats = (r: Row): string => (r.formats.length === 0 ? 'invalid' : r.formats.join(' '));
    const from = (r: Row): string =>
      `${r.source === 'project' ? r.file : `shipped: ${r.file}`}${r.replaces ? ' (replaces the shipped one)' : r.hidden ? ' (replaced)' : ''}`;
    const widths = [w((r) => r.name, 'NAME'), w(formats, 'FORMATS'), w(from, 'FROM')];
    const line = (a: string, b: string, c: string, d: string): string =>
      `${a.padEnd(widths[0]!)}  ${b.padEnd(widths[1]!)}  ${c.padEnd(widths[2]!)}  ${d}`.trimEnd();
    print(ctx, line('NAME', 'FORMATS', 'FROM', 'DESCRIPTION'));
    for (const r of rows) print(ctx, line(r.name, formats(r), from(r), r.description));
  }
  if (problems.length > 0) {
    for (const p of problems) report(ctx, p);
    throw new LettersError(
      'template',
      `${problems.length} template${problems.length === 1 ? '' : 's'} cannot be used`,
      'fix the lines above',
    );
  }
}

// `letters config`: the settings in force — from a flag, the environment, letters.config.yaml or the default — and where each comes from.
import path from 'node:path';
import { LettersError, type Problem } from '../../errors.js';
import { SETTING_KEYS, SETTINGS_FILE, sourceText } from '../../core/settings/settings.js';
import type { Context, JsonOption } from '../context.js';
import { print, report } from '../warnings.js';

/** `letters config [--json]`: every setting, its value and its source; a bad value in the environment fails the command, after the table. */
export async function config(ctx: Context, options: JsonOption = {}): Promise<void> {
  const settings = ctx.settings;
  const values = settings?.values ?? [];
  const rows = SETTING_KEYS.map((row) => {
    const found = values.find((v) => v.key === row.key);
    const source = found?.source ?? { kind: 'default' as const };
    // The letters folder in force is shown even when nothing names it: the one found from here.
    const value = row.key === 'dir' ? relative(ctx, found?.value ?? ctx.dir) : (found?.value ?? null);
    return {
      key: row.key,
      value,
      source: source.kind,
      from: source.kind === 'default' ? null : sourceText(source),
      env: row.env,
      default: row.default,
      problem: found?.problem ? `${found.problem.problem} — ${found.problem.hint}` : null,
    };
  });
  if (options.json) ctx.outJson({ file: settings?.file ?? null, settings: rows });
  print(
    ctx,
    settings?.file
      ? `Settings file: ${settings.file}`
      : `Settings file: none (no ${SETTINGS_FILE} here or in a folder above, up to the repository's root)`,
  );
  const shown = rows.map((r) => [
    r.key,
    r.value ?? `(${r.default})`,
    r.source === 'default' && r.key === 'dir' && r.value !== null ? 'found from here' : (r.from ?? 'default'),
  ]);
  const width = (i: number, head: string): number => Math.max(head.length, ...shown.map((r) => r[i]!.length));
  const widths = [width(0, 'KEY'), width(1, 'VALUE')];
  const line = (k: string, v: string, f: string): string => `${k.padEnd(widths[0]!)}  ${v.padEnd(widths[1]!)}  ${f}`.trimEnd();
  print(ctx, line('KEY', 'VALUE', 'FROM'));
  for (const r of shown) print(ctx, line(r[0]!, r[1]!, r[2]!));

  const problems: Problem[] = values.flatMap((v) =>
    v.problem && v.source.kind === 'env'
      ? [
          {
            code: 'invalid-settings',
            message: `${v.source.name} ${v.problem.problem}`,
            hint: `${v.problem.hint}, or unset ${v.source.name}`,
          },
        ]
      : [],
  );
  if (problems.length === 0) return;
  for (const p of problems.slice(0, -1)) report(ctx, p);
  const last = problems.at(-1)!;
  throw new LettersError('invalid-settings', last.message, last.hint);
}

function relative(ctx: Context, dir: string): string {
  const rel = path.relative(ctx.cwd, dir);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
}

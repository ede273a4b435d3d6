// How a command speaks while it goes on: warnings and problems, its answer, details, progress, and a yes/no question.
import type { Problem } from '../errors.js';
import { formatProblem } from '../io/terminal/diagnostics.js';
import type { Progress } from '../io/terminal/progress.js';
import type { Context } from './context.js';

/** A warning: printed on stderr like an error, in the same one-line form, but the command goes on. */
export function warn(ctx: Context, problem: Problem): void {
  report(ctx, { ...problem, severity: 'warning' });
}

/** A problem the command reports and goes on from (it fails at the end): on stderr, and among the --json diagnostics. */
export function report(ctx: Context, problem: Problem): void {
  if (ctx.problem) ctx.problem(problem);
  else ctx.err(formatProblem(problem));
}

/** A line of the command's answer: printed with --quiet too. */
export function print(ctx: Context, line: string): void {
  (ctx.print ?? ctx.out)(line);
}

/** A detail for --verbose. */
export function detail(ctx: Context, line: string): void {
  ctx.detail?.(line);
}

const NO_PROGRESS: Progress = { update: () => undefined, end: () => undefined };

/** Progress through `total` steps of a long command. */
export function progress(ctx: Context, label: string, total: number): Progress {
  return ctx.progress?.(label, total) ?? NO_PROGRESS;
}

/** A yes/no question on the terminal; only asked when ctx.interactive. */
export async function confirm(ctx: Context, question: string): Promise<boolean> {
  const answer = await ctx.prompt.input(`${question} (y/N)`);
  return /^(y|yes|o|oui|j|ja|s|si|sí)$/i.test(answer.trim());
}

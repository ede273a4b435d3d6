// The two ways a command speaks to the person while it goes on: a warning line, and a yes/no question.
import type { Problem } from '../errors.js';
import { formatProblem } from '../io/terminal/diagnostics.js';
import type { Context } from './context.js';

/** A warning: printed on stderr like an error, in the same one-line form, but the command goes on. */
export function warn(ctx: Context, problem: Problem): void {
  ctx.err(formatProblem({ ...problem, severity: 'warning' }));
}

/** A yes/no question on the terminal; only asked when ctx.interactive. */
export async function confirm(ctx: Context, question: string): Promise<boolean> {
  const answer = await ctx.prompt.input(`${question} (y/N)`);
  return /^(y|yes|o|oui|j|ja|s|si|sí)$/i.test(answer.trim());
}

// The output edge's one-line form of a problem: `letters: file:line:col: message — hint`, escaped for the terminal.
import type { Problem, SourceLocation } from '../../errors.js';
import { PLAIN, type Paint } from './color.js';
import { visible } from './visible.js';

/** `file:line:col: ` when the problem has a place, otherwise nothing; a file name is shown escaped. */
export function formatLocation(location: SourceLocation | undefined): string {
  return location ? `${visible(location.file)}:${location.line}:${location.col}: ` : '';
}

/**
 * The one-line form every error takes on stderr. Messages quote file text (keys, values, file
 * names), so the line is escaped here: a newline in a YAML key cannot start a forged
 * `letters:` line, nor an ESC drive the terminal.
 */
export function formatProblem(problem: Problem): string {
  return paintProblem(problem, PLAIN);
}

/**
 * formatProblem with colour: `letters:` red for an error and yellow (with `warning:`) for a
 * warning, the place bold and the hint dim; the words are the same.
 */
export function paintProblem(problem: Problem, paint: Paint): string {
  const warning = problem.severity === 'warning';
  const mark = warning ? paint.warning : paint.error;
  const hint = problem.hint ? ` ${paint.dim(`— ${visible(problem.hint)}`)}` : '';
  const place = problem.location ? `${paint.bold(formatLocation(problem.location).slice(0, -1))} ` : '';
  return `${mark('letters:')} ${place}${warning ? `${mark('warning:')} ` : ''}${visible(problem.message)}${hint}`;
}

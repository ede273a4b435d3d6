// The output edge's one-line form of a problem: `letters: file:line:col: message — hint`, escaped for the terminal.
import type { Problem, SourceLocation } from '../../errors.js';
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
  const hint = problem.hint ? ` — ${visible(problem.hint)}` : '';
  const warning = problem.severity === 'warning' ? 'warning: ' : '';
  return `letters: ${formatLocation(problem.location)}${warning}${visible(problem.message)}${hint}`;
}

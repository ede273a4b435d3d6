// Colour on the terminal: whether to use it (--color, NO_COLOR, FORCE_COLOR, a terminal), and the few styles letters uses.

export const COLOR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColorChoice = (typeof COLOR_CHOICES)[number];

/**
 * Whether what goes to `stream` is coloured. `--color always|never` decides; with `auto` (the
 * default) FORCE_COLOR set to anything but 0 or false turns it on, NO_COLOR set to anything
 * (https://no-color.org) turns it off, and otherwise a terminal that is not TERM=dumb gets it.
 */
export function useColor(choice: ColorChoice | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (choice === 'always') return true;
  if (choice === 'never') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** The styles of a diagnostic line. Each wraps text that is already escaped for the terminal. */
export interface Paint {
  error(text: string): string;
  warning(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr =
  (on: string, off: string) =>
  (text: string): string =>
    text === '' ? '' : `\u001b[${on}m${text}\u001b[${off}m`;

export const PLAIN: Paint = { error: (t) => t, warning: (t) => t, dim: (t) => t, bold: (t) => t };

export const COLORED: Paint = { error: sgr('1;31', '39;22'), warning: sgr('1;33', '39;22'), dim: sgr('2', '22'), bold: sgr('1', '22') };

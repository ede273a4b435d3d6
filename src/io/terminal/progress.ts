//! The one progress helper every long command uses (render --all, the mail merge, import):
//! a line redrawn in place on a terminal, at most ten times a second; nothing without a
//! terminal; one final line in CI, where a log shows what ran and how long it took.
import { visible } from './visible.js';

/** A long command's progress through `total` steps. */
export interface Progress {
  /** Step `current` (1-based) of the total is under way; `item` names it (a letter, a recipient). */
  update(current: number, item?: string): void;
  /** The work is over (or stopped): the line is cleared; in CI one line says how far it got. */
  end(): void;
}

/** Where progress goes: redrawn on a terminal, one line at the end in CI, or nowhere. */
export type ProgressMode = 'terminal' | 'ci' | 'off';

/** A terminal gets the redrawn line; without one, CI gets a final line and anything else nothing; --quiet silences both. */
export function progressMode(stderr: { isTTY?: boolean }, env: NodeJS.ProcessEnv, quiet: boolean): ProgressMode {
  if (quiet) return 'off';
  if (stderr.isTTY) return 'terminal';
  return env['CI'] ? 'ci' : 'off';
}

export interface ProgressOptions {
  mode: ProgressMode;
  /** Writes to stderr. */
  write: (text: string) => void;
  /** Milliseconds, monotonic. */
  clock: () => number;
  /** The terminal's width: a longer line would wrap, and \r would redraw only its last row. */
  columns?: number;
  /** The least time between two redraws, in milliseconds. */
  interval?: number;
}

const NOTHING: Progress = { update: () => undefined, end: () => undefined };

/** Progress through `total` steps under `label` ("Rendering", "Checking rows"). */
export function createProgress(label: string, total: number, options: ProgressOptions): Progress {
  const { mode, write, clock } = options;
  if (mode === 'off') return NOTHING;
  const interval = options.interval ?? 100;
  const started = clock();
  let last = Number.NEGATIVE_INFINITY;
  let lastStep = -1;
  let done = 0;
  let drawn = false;
  let ended = false;
  return {
    update(count, item) {
      done = count;
      if (mode !== 'terminal' || ended) return;
      const now = clock();
      // The last step is always drawn, so a fast run still ends on "n/n"; so is news about the
      // step already shown (a retry after a refusal), which would otherwise stay unseen for its wait.
      if (now - last < interval && count < total && count !== lastStep) return;
      last = now;
      lastStep = count;
      let line = `${label} ${count}/${total}${item === undefined ? '' : `: ${visible(item)}`}`;
      const width = (options.columns ?? 80) - 1;
      if (line.length > width) line = `${line.slice(0, Math.max(0, width - 1))}…`;
      write(`\r\u001b[K${line}`);
      drawn = true;
    },
    end() {
      if (ended) return;
      ended = true;
      if (mode === 'terminal') {
        if (drawn) write('\r\u001b[K');
        return;
      }
      const seconds = ((clock() - started) / 1000).toFixed(1);
      write(`${label} ${done}/${total} (${seconds} s)\n`);
    },
  };
}

//! Ctrl-C during a long run that must not stop halfway through a step (a message being handed to
//! a server): the first press asks the run to stop after the step in hand, the second stops at once.
import { handSignalsOver, letGoAll } from '../files/lock-signals.js';

export interface Interrupt {
  /** True once Ctrl-C (SIGINT) or SIGTERM was received. */
  readonly requested: boolean;
  dispose(): void;
}

/** Watch for Ctrl-C and SIGTERM until disposed; `notice` is said on the first. */
export function watchInterrupt(notice: () => void): Interrupt {
  let requested = false;
  const onSignal = (): void => {
    if (requested) {
      // Stopping at once: the locks this command holds go first, or they would be left behind.
      letGoAll();
      process.exit(130);
    }
    requested = true;
    notice();
  };
  // These signals are this run's to handle now: a lock's handler leaves them to it (lock-signals.ts).
  const takeBack = handSignalsOver(['SIGINT', 'SIGTERM']);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      takeBack();
    },
  };
}

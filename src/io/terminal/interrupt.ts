//! Ctrl-C during a long run that must not stop halfway through a step (a message being handed to
//! a server): the first press asks the run to stop after the step in hand, the second stops at once.

export interface Interrupt {
  /** True once Ctrl-C (SIGINT) or SIGTERM was received. */
  readonly requested: boolean;
  dispose(): void;
}

/** Watch for Ctrl-C and SIGTERM until disposed; `notice` is said on the first. */
export function watchInterrupt(notice: () => void): Interrupt {
  let requested = false;
  const onSignal = (): void => {
    if (requested) process.exit(130);
    requested = true;
    notice();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

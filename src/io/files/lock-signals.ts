//! The one handler of the signals that end a command from outside (Ctrl-C, `kill`, a closed
//! terminal) for every lock this process holds: it lets go of them all, then ends the process as
//! that signal would have. One handler for all, so that two locks held at once do not each wait
//! for the other to act, and many held at once (signs run together in one process) add one
//! listener, not one each.

/** The signals that end a command from outside: every held lock is let go first. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How each held lock is let go on such a signal: at once (synchronously), removing only what is still its own. */
const letGos = new Set<() => void>();

/** Signals another handler has taken over (how many times each), by handSignalsOver. */
const handedOver = new Map<NodeJS.Signals, number>();

function onSignal(signal: NodeJS.Signals): void {
  // A handler that took this signal over (send's Ctrl-C finishes the message in hand) stops the
  // command in its own time and lets the locks go as it ends: leave the signal to it. Any other
  // listener (a prompt's) is no reason to wait: the locks go, and the process ends.
  if ((handedOver.get(signal) ?? 0) > 0) return;
  letGoAll();
  // With no lock's handler left, the signal again: the process ends by it (a shell says 130 for
  // Ctrl-C), by its own action or by the one a prompt put in place (which ends it the same way).
  process.kill(process.pid, signal);
}

function detach(): void {
  for (const signal of ENDING_SIGNALS) process.off(signal, onSignal);
}

/**
 * Say that the caller handles `signals` from now on, until the function returned is called: while
 * it does, a lock's handler leaves them to it, and the caller lets the locks go (letGoAll) before
 * it ends the process.
 */
export function handSignalsOver(signals: readonly NodeJS.Signals[]): () => void {
  for (const signal of signals) handedOver.set(signal, (handedOver.get(signal) ?? 0) + 1);
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    for (const signal of signals) {
      const n = (handedOver.get(signal) ?? 0) - 1;
      if (n > 0) handedOver.set(signal, n);
      else handedOver.delete(signal);
    }
  };
}

/** Let go of every lock this process holds, at once: for a handler that ends the process itself (process.exit). */
export function letGoAll(): void {
  detach();
  for (const letGo of letGos) {
    try {
      letGo();
    } catch {
      // Gone already, or not ours to remove: the others are let go all the same.
    }
  }
  letGos.clear();
}

/**
 * Call `letGo` if the process is ended by a signal while a lock is held. The handler is put in
 * place with the first lock held and taken away with the last; the function returned forgets
 * `letGo` (call it when the lock is released).
 */
export function letGoOnSignal(letGo: () => void): () => void {
  if (letGos.size === 0) for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
  letGos.add(letGo);
  return () => {
    if (letGos.delete(letGo) && letGos.size === 0) detach();
  };
}

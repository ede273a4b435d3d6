//! The one handler of the signals that end a command from outside (Ctrl-C, `kill`, a closed
//! terminal) for every lock this process holds: it lets go of them all, then ends the process as
//! that signal would have. One handler for all, so that two locks held at once do not each wait
//! for the other to act, and many held at once (signs run together in one process) add one
//! listener, not one each.

/** The signals that end a command from outside: every held lock is let go first. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How each held lock is let go on such a signal: at once (synchronously), removing only what is still its own. */
const letGos = new Set<() => void>();

function onSignal(signal: NodeJS.Signals): void {
  // Another handler, not a lock's, stops the command in its own time (send's Ctrl-C finishes the
  // message in hand) and lets the locks go as it ends: leave the signal to it.
  if (process.listenerCount(signal) > 1) return;
  for (const letGo of letGos) {
    try {
      letGo();
    } catch {
      // Gone already, or not ours to remove: the others are let go all the same.
    }
  }
  letGos.clear();
  detach();
  // With no handler left, the signal's own action: the process ends by it (a shell says 130 for Ctrl-C).
  process.kill(process.pid, signal);
}

function detach(): void {
  for (const signal of ENDING_SIGNALS) process.off(signal, onSignal);
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

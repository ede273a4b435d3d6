// The V8 flags letters sets while it runs, each only on the Nodes it is meant for: the optimizer guard of Node 20 and 22, the young generation held for big letters, and the collection after a big letter's parse.
//
// V8 keys compiled code by a hash of its flags, and Node's compile cache (bin/letters.js turns it
// on) rejects code cached under other flags and stores it again: a module first compiled while a
// flag only some runs set was set is compiled anew by the next run without it, and the other way
// round (a one-page render after a big one compiled three of its modules again, 60 ms on Node 24).
// So such a flag is set only after the command has loaded the modules its work needs, or set back
// before anything else loads. guardOptimizer is set by every command of its Nodes alike.

/** The flags set for the rest of the process (true), or passed over on another Node (false). */
const done = new Map<string, boolean>();

/** Whether this Node is `lastNode` or earlier: a later V8 that did not know a flag would print "unrecognized flag" on stderr. */
const upTo = (lastNode: number): boolean => Number(process.versions.node.split('.')[0]) <= lastNode;

/**
 * Set V8's `flag` now, on Node `lastNode` and earlier only; says whether it is set. node:v8 is
 * loaded on the first call, so a command that sets none (`letters --help`) does not pay for it
 * (4 ms on Node 22).
 */
function setFlagNow(flag: string, lastNode: number): boolean {
  if (!upTo(lastNode)) return false;
  process.getBuiltinModule('node:v8').setFlagsFromString(flag);
  return true;
}

/** Set V8's `flag` for the rest of the process, once (see setFlagNow). */
function setFlag(flag: string, lastNode: number): void {
  if (!done.has(flag)) done.set(flag, setFlagNow(flag, lastNode));
}

/**
 * Node 20 and 22 (V8 before 13) can mis-compile a string made at run time that became a thin
 * string (used as a key) and was folded into optimized code as a constant: once a garbage
 * collection shortcut that constant to the literal it equals, comparing the two answered "not
 * equal", and a switch on a template's layout matched none of its cases (a crash in about half
 * the checks of a 10,000-signatory letter on Node 22). The code keeps enumerated values as
 * literals (literalOf); this turns off the shortcutting the fault needs, for any such code not
 * yet found. Node 24 compiles it right. Called when a command starts (not for `letters --help`).
 */
export function guardOptimizer(): void {
  setFlag('--no-shortcut-strings-with-stack', 22);
}

/**
 * V8 doubles its young generation each time as many bytes have survived its collections as it
 * holds. A big letter's document tree and laid-out pages are built over a second and live to
 * its end, so every one of them survives a collection or two: on Node 24 (whose young
 * generation may reach 2 × 64 MiB) the render of 10,000 signatories ended with 128 MiB of it,
 * most of it empty, and a peak of 285 MiB; on Node 20 and 22 it stops at 2 × 16 MiB. Held at
 * the size reached before the document is built (2 × 8 or 2 × 16 MiB), the same render peaks
 * near 180 MiB and takes no more CPU: fewer bytes are copied per collection, and fresh pages
 * of memory are not faulted in. The parse of a big letter's text grows it the same way (its
 * syntax tree and YAML document live to the parse's end), so it is held for that too, for
 * every command (holdingYoungGeneration, below): less CPU, not more, on Node 20 and 24. The
 * growth factor is a V8 flag read at each growth (the maximum size is read only when Node
 * starts). Measured on Node 20, 22, 24 and 26 (which grew it to 64 MiB without the hold). Held
 * here for the rest of the process: call it once the modules the work needs are loaded (the
 * code cache, above).
 */
const HOLD = '--semi-space-growth-factor=1';

export function holdYoungGeneration(): void {
  setFlag(HOLD, 26);
}

/**
 * Hold the young generation while `work` runs (the parse of a big letter, which loads no
 * module), and let it grow as before afterwards: the flag is set back to V8's default (2 on
 * every Node checked), so the modules a command loads next are compiled under the flags every
 * run has (see the module comment on the code cache).
 */
export function holdingYoungGeneration<T>(work: () => T): T {
  if (done.get(HOLD) === true || !setFlagNow(HOLD, 26)) return work();
  try {
    return work();
  } finally {
    setFlagNow('--semi-space-growth-factor=2', 26);
  }
}

/** V8's `gc()`, from a context made after --expose-gc was set (the flag is read when a context is made). */
let gc: (() => void) | undefined;

/**
 * Collect all garbage now. Parsing a big letter (with the young generation held, above) leaves
 * its syntax tree's tens of megabytes promoted and dead in the old generation, whose next
 * collection V8 had planned only once it grows to four times what was live before the parse:
 * on Node 24 the render of 10,000 signatories after a first read peaked near 230 MiB. Collected
 * once the read is made, the pages it freed take the document and the pages that are built
 * next: about 190 MiB, for one collection (20 to 30 ms) that V8 would make later anyway. The gc
 * function is the one `--expose-gc` gives a context made after the flag is set; the program's
 * own context, made before, gets no global `gc`; the flag is set back at once (the code cache,
 * above). Checked on Node 20, 22, 24 and 26.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    gc = () => undefined;
    if (!setFlagNow('--expose-gc', 26)) return;
    try {
      gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;
    } catch {
      // A runtime that took the flag but gives no gc: V8 collects when it decides, as without this.
    } finally {
      // Only a context made while it is set gets gc: set back at once, for the code cache.
      setFlagNow('--no-expose-gc', 26);
    }
  }
  gc();
}

// The V8 flags letters sets while it runs, each once and only on the Nodes it is meant for: the optimizer guard of Node 20 and 22, the young generation held for big letters, and the collection after a big letter's parse.

/** The flags met so far: true when set, false when passed over (another Node). */
const done = new Map<string, boolean>();

/**
 * Set V8's `flag` once, on Node `lastNode` and earlier only: a later V8 that did not know it
 * would print "unrecognized flag" on stderr. node:v8 is loaded on the first call, so a command
 * that sets none (`letters --help`) does not pay for it (4 ms on Node 22). Says whether the
 * flag is set.
 */
function setFlag(flag: string, lastNode: number): boolean {
  let set = done.get(flag);
  if (set === undefined) {
    set = Number(process.versions.node.split('.')[0]) <= lastNode;
    if (set) process.getBuiltinModule('node:v8').setFlagsFromString(flag);
    done.set(flag, set);
  }
  return set;
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
 * syntax tree and YAML document live to the parse's end), so it is held before that too, for
 * every command (io/files/letter-cache.ts): less CPU, not more, on Node 20 and 24. The growth
 * factor is a V8 flag read at each growth (the maximum size is read only when Node starts); it
 * holds for the rest of the process. Measured on Node 20, 22, 24 and 26 (which grew it to 64
 * MiB without the hold).
 */
export function holdYoungGeneration(): void {
  setFlag('--semi-space-growth-factor=1', 26);
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
 * own context, made before, gets no global `gc`. Checked on Node 20, 22, 24 and 26.
 */
export function collectGarbage(): void {
  if (!setFlag('--expose-gc', 26)) return;
  gc ??= process.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;
  gc();
}

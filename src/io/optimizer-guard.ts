// Node 20 and 22 only: turn off the string shortcutting of V8's garbage collector that their optimizing compiler mis-handles (see literalOf).
let guarded = false;

/**
 * Node 20 and 22 (V8 before 13) can mis-compile a string made at run time that became a thin
 * string (used as a key) and was folded into optimized code as a constant: once a garbage
 * collection shortcut that constant to the literal it equals, comparing the two answered "not
 * equal", and a switch on a template's layout matched none of its cases (a crash in about half
 * the checks of a 10,000-signatory letter on Node 22). The code keeps enumerated values as
 * literals (literalOf); this turns off the shortcutting the fault needs, for any such code not
 * yet found. Node 24 compiles it right. Called when a command starts (not for `letters --help`,
 * which would pay for loading node:v8: 4 ms on Node 22).
 */
export async function guardOptimizer(): Promise<void> {
  if (guarded) return;
  guarded = true;
  if (Number(process.versions.node.split('.')[0]) > 22) return;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--no-shortcut-strings-with-stack');
}

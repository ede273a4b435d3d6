// Keeps V8's young generation at the size it has reached once a command knows it lays out a big letter (Node 24 would grow it to 128 MiB).
let held = false;

/**
 * V8 doubles its young generation each time as many bytes have survived its collections as it
 * holds. A big letter's document tree and laid-out pages are built over a second and live to
 * its end, so every one of them survives a collection or two: on Node 24 (whose young
 * generation may reach 2 × 64 MiB) the render of 10,000 signatories ended with 128 MiB of it,
 * most of it empty, and a peak of 285 MiB; on Node 20 and 22 it stops at 2 × 16 MiB. Held at
 * the size reached before the document is built (2 × 8 or 2 × 16 MiB), the same render peaks
 * near 180 MiB and takes no more CPU: fewer bytes are copied per collection, and fresh pages
 * of memory are not faulted in. The growth factor is a V8 flag read at each growth (the
 * maximum size is read only when Node starts); it holds for the rest of the process.
 */
export function holdYoungGeneration(): void {
  if (held) return;
  held = true;
  // A V8 flag, known to the Nodes this was measured on (20, 22, 24, 26). A later V8 that no longer knew
  // it would print "unrecognized flag" on stderr of every big render: there the young generation
  // is left to grow as V8 decides.
  if (Number(process.versions.node.split('.')[0]) > 26) return;
  process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}

// The Unicode bidirectional algorithm (UAX #9), from bidi-js, set up on first use.
import bidiModule, { type Bidi } from 'bidi-js';

// bidi-js is CommonJS whose export is a factory; TypeScript's NodeNext view of the default
// import is the module object.
const bidiFactory = bidiModule as unknown as () => Bidi;

let instance: Bidi | undefined;

/** The algorithm, set up on first use: a letter in one direction never pays for it. */
export function bidi(): Bidi {
  instance ??= bidiFactory();
  return instance;
}

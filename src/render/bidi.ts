import bidiModule, { type Bidi } from 'bidi-js';

/*
 * The Unicode bidirectional algorithm (UAX #9), from bidi-js. Its package is CommonJS whose
 * export is a factory; TypeScript's NodeNext view of the default import is the module object.
 */
const bidiFactory = bidiModule as unknown as () => Bidi;

export const bidi: Bidi = bidiFactory();

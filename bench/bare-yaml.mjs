// The floor for reading a letter: the file read and parsed by the yaml package as letters
// parses it (the ES module build the bundle holds, the same options), and nothing else: no
// checks of its fields, no letter made of it.
// Usage: node bench/bare-yaml.mjs <letter.yaml>
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from '../node_modules/yaml/browser/index.js';

const doc = parseDocument(readFileSync(process.argv[2], 'utf8'), {
  lineCounter: new LineCounter(),
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
});
if (doc.errors.length > 0) throw doc.errors[0];

// The shape of src/ that docs/architecture.md promises, checked on every `npm run lint`:
// each source file opens with a comment saying what stage or edge it is, no file runs past
// 500 lines, and no folder holds more than 14 source files directly. Generated files
// (*.generated.ts) are data, not code, and are left out. Prints one line per fault; exit 1.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_LINES = 500;
const MAX_FILES = 14;

const faults = [];
function visit(dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  const sources = entries.filter(
    (e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.generated.ts'),
  );
  const rel = (name) => path.relative(root, path.join(dir, name)).split(path.sep).join('/');
  if (sources.length > MAX_FILES)
    faults.push(`${rel('')}: ${sources.length} source files, more than ${MAX_FILES}: give some a folder of their own`);
  for (const file of sources) {
    const text = readFileSync(path.join(dir, file.name), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) faults.push(`${rel(file.name)}: ${lines} lines, more than ${MAX_LINES}: split it by what its parts do`);
    if (!/^(\/\/|\/\*)/.test(text)) faults.push(`${rel(file.name)}: no opening comment: say in one line what stage or edge this file is`);
  }
  for (const e of entries) if (e.isDirectory()) visit(path.join(dir, e.name));
}
visit(path.join(root, 'src'));
for (const f of faults) console.error(`layout: ${f}`);
process.exitCode = faults.length > 0 ? 1 : 0;

// Before `npm pack` / `npm publish`: the lock file, as npm-shrinkwrap.json, goes into the
// package, so `npm install -g coalition-letters` installs the versions the tests ran with
// (npm reads a dependency's shrinkwrap; it never reads its package-lock.json). `--remove`
// (postpack) takes it away again: the repository keeps package-lock.json only.
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const into = process.argv.find((a) => a.startsWith('--into='))?.slice('--into='.length) ?? root;
const target = path.join(into, 'npm-shrinkwrap.json');
if (process.argv.includes('--remove')) rmSync(target, { force: true });
else copyFileSync(path.join(root, 'package-lock.json'), target);

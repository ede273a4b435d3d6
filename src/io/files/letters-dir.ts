// The letters folder, found from the working directory as git finds .git.
import { statSync } from 'node:fs';
import path from 'node:path';

const isDirectory = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const exists = (p: string): boolean => statSync(p, { throwIfNoEntry: false }) !== undefined;

/**
 * The letters folder when none is named: `letters/` here or in the nearest folder above
 * (as git finds `.git`), so commands work from inside `letters/` or any subfolder of the
 * repository. The walk stops at the repository's root; without one found, `letters/` here.
 */
export function findLettersDir(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'letters');
    if (isDirectory(candidate)) return candidate;
    if (exists(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  return path.join(path.resolve(cwd), 'letters');
}

// Where letters is installed: the folder of its package.json, its version and its shipped templates.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name letters is published under on npm (the command it installs is `letters`). */
export const PACKAGE_NAME = 'coalition-letters';

/**
 * The folder letters is installed in (the one holding its package.json and templates/).
 * Found by walking up, so it is the same whether this runs from src/ (tests) or from the
 * bundle in dist/.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the letters package folder');
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The sample letter that ships with letters (`letters render example` anywhere). */
export const SHIPPED_EXAMPLE = path.join(PACKAGE_ROOT, 'letters', 'example.yaml');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

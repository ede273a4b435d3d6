// The font files edge: each face of the stack read from its npm package, once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LettersError } from '../errors.js';
import type { StackFont } from '../render/inline/font-list.js';
import { FontStack } from '../render/inline/font-stack.js';
import type { Fonts } from '../render/inline/fonts.js';
import { Shaper } from '../render/inline/shape.js';

const require = createRequire(import.meta.url);
const packageDirs = new Map<string, string>();

/**
 * The folder of an installed font package. Found through Node's own search paths rather than
 * `require.resolve(file)`, since some packages export only their entry point, not their files.
 */
function packageDir(font: StackFont): string {
  let dir = packageDirs.get(font.package);
  if (dir === undefined) {
    for (const base of require.resolve.paths(font.package) ?? []) {
      const candidate = path.join(base, font.package);
      try {
        if ((JSON.parse(readFileSync(path.join(candidate, 'package.json'), 'utf8')) as { name?: string }).name === font.package) {
          dir = candidate;
          break;
        }
      } catch {
        // not in this folder; try the next
      }
    }
    if (dir === undefined) throw missing(font);
    packageDirs.set(font.package, dir);
  }
  return dir;
}

function missing(font: StackFont): LettersError {
  return new LettersError(
    'font-missing',
    `the font for ${font.script} (npm package ${font.package}) is not installed`,
    'run `npm ci` in the folder letters is installed in',
  );
}

/** Reads a font file of the stack from its npm package, when a letter first needs it. */
export function readFontFile(font: StackFont, file: string): Buffer {
  try {
    return readFileSync(path.join(packageDir(font), file));
  } catch (err) {
    if (err instanceof LettersError) throw err;
    throw missing(font);
  }
}

/** The fonts of letters. Nothing is read until a character needs a font. */
export function loadFonts(): Fonts {
  return { stack: new FontStack(), shaper: new Shaper(readFontFile) };
}

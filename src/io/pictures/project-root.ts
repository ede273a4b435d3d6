// The folder pictures are named from: the one holding the letters folder (the repository's, as a rule).
import path from 'node:path';

/** The repository's folder, as pictures are named from it: the folder holding the letters folder. */
export function projectRoot(lettersDir: string): string {
  return path.dirname(path.resolve(lettersDir));
}

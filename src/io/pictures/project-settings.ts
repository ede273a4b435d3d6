// The project's settings file read from disk (core/read/settings-reader.ts reads its text): absent is no settings.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readProjectSettings, SETTINGS_FILE, type ProjectSettings } from '../../core/read/settings-reader.js';
import { InvalidLetterError } from '../../errors.js';

/** The repository's folder, as pictures are named from it: the folder holding the letters folder. */
export function projectRoot(lettersDir: string): string {
  return path.dirname(path.resolve(lettersDir));
}

/** The settings of the project whose letters folder is `lettersDir`; its problems, located, are thrown. */
export async function loadProjectSettings(lettersDir: string, cwd: string): Promise<ProjectSettings> {
  const file = path.join(projectRoot(lettersDir), SETTINGS_FILE);
  const source = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const shown = path.relative(cwd, file) || SETTINGS_FILE;
  if (source === undefined) return { locate: () => ({ file: shown, line: 1, col: 1 }) };
  const read = readProjectSettings(source, shown.startsWith('..') ? file : shown);
  if (!read.ok) throw new InvalidLetterError(read.problems);
  return read.settings;
}

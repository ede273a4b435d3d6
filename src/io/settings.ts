//! The settings edge: letters.config.yaml found by walking up from here (as the letters folder
//! is), read and checked, and joined with the environment and the run's flags.
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidLetterError } from '../errors.js';
import { resolveSettings, SETTINGS_FILE, type FileSettings, type SettingName, type Settings } from '../core/settings/settings.js';
import { ioError } from './files/fs-errors.js';

const exists = (p: string): boolean => statSync(p, { throwIfNoEntry: false }) !== undefined;

/**
 * The settings file that applies here: letters.config.yaml in this folder or the nearest one
 * above, stopping at the repository's root (the folder with .git), as the letters folder is found.
 */
export function findSettingsFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SETTINGS_FILE);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    if (exists(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The run's settings: the flags given for the whole run, the environment, the settings file.
 * A bad value in the file is an error at its line (every one at once); in the environment, an
 * error naming the variable. `dir` comes back absolute.
 */
export async function loadSettings(cwd: string, env: NodeJS.ProcessEnv, flags: Partial<Record<SettingName, string>>): Promise<Settings> {
  const file = findSettingsFile(cwd);
  const shown = file === undefined ? undefined : displayFrom(cwd, file);
  let fromFile: FileSettings = new Map();
  let letterhead: Settings['letterhead'];
  if (file !== undefined) {
    const source = await fs.readFile(file, 'utf8').catch((err: unknown) => {
      throw ioError(err, shown!, 'read');
    });
    const { readSettingsFile } = await import('../core/settings/read-settings.js');
    const read = readSettingsFile(source, shown!);
    if (read.problems.length > 0) throw new InvalidLetterError(read.problems, 'invalid-settings');
    fromFile = read.values;
    letterhead = read.letterhead;
  }
  const settings = resolveSettings(shown, fromFile, env, flags);
  if (letterhead) settings.letterhead = letterhead;
  // The folder is relative to where it was written: the file's folder, or here for a flag or a variable.
  const dir = settings.values.find((v) => v.key === 'dir')!;
  if (dir.value !== undefined) {
    const base = dir.source.kind === 'file' && file !== undefined ? path.dirname(file) : cwd;
    dir.value = path.resolve(base, dir.value);
  }
  return settings;
}

function displayFrom(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !path.isAbsolute(rel) ? rel : file;
}

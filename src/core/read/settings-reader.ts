/**
 * Reading the project's settings file, `letters.config.yaml` beside the letters folder: for
 * now only the letterhead every letter of the project gets unless it writes its own (or
 * `letterhead: false`). Any other key is refused by name, so a setting is never ignored.
 */
import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { Problem } from '../../errors.js';
import type { Letterhead } from '../letter/pictures.js';
import { readLetterhead } from './letterhead-reader.js';
import { type PathLocator, pathLocator } from './locate.js';
import { Reader } from './reader.js';
import { readYaml } from './yaml.js';

/** The settings file's name, in the folder that holds the letters folder. */
export const SETTINGS_FILE = 'letters.config.yaml';

/** The settings this version reads. */
export const SETTINGS_FIELDS = ['letterhead'] as const;

export interface ProjectSettings {
  /** The project's letterhead, for letters that set none. */
  letterhead?: Letterhead;
  /** Where a setting sits in the file, by dotted path. */
  locate: PathLocator;
}

export type SettingsRead = { ok: true; settings: ProjectSettings } | { ok: false; problems: Problem[] };

/** Read the settings file's text (`file` names it in messages); an empty file is no settings. */
export function readProjectSettings(source: string, file: string): SettingsRead {
  const none: PathLocator = () => ({ file, line: 1, col: 1 });
  const yaml = readYaml(source, file);
  if (!yaml.ok) return { ok: false, problems: yaml.problems };
  const root = yaml.doc.contents as YamlNode | null;
  if (root == null || (isScalar(root) && root.value == null)) return { ok: true, settings: { locate: none } };
  const r = new Reader(yaml.at, source);
  if (!isMap(root)) {
    r.fail(root, `${SETTINGS_FILE} holds no settings`, 'write one setting per line, like letterhead: images/head.png');
    return { ok: false, problems: r.problems };
  }
  const f = r.fields(root, SETTINGS_FIELDS, SETTINGS_FILE);
  const letterhead = readLetterhead(r, f.get('letterhead'), root);
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  const settings: ProjectSettings = { locate: pathLocator(root, source, yaml.at, file) };
  if (letterhead) settings.letterhead = letterhead;
  return { ok: true, settings };
}

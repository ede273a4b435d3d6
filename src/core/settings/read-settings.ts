// Reading letters.config.yaml: its YAML, each key checked against the settings table, every fault a located problem.
import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { Problem } from '../../errors.js';
import { nearest } from '../letter/values.js';
import { readLetterhead } from '../read/letterhead-reader.js';
import { pathLocator } from '../read/locate.js';
import { Reader } from '../read/reader.js';
import { readYaml } from '../read/yaml.js';
import {
  LETTERHEAD_SETTING,
  SECRET_KEY,
  SETTING_KEYS,
  SETTING_NAMES,
  type FileSettings,
  type ProjectLetterhead,
  type SettingName,
} from './settings.js';

/** Every key the file may hold. */
const FILE_KEYS: readonly string[] = [...SETTING_NAMES, LETTERHEAD_SETTING];

/** A settings file's values, and every problem in it (a file with problems gives no values). */
export function readSettingsFile(
  source: string,
  file: string,
): { values: FileSettings; problems: Problem[]; letterhead?: ProjectLetterhead } {
  const values: FileSettings = new Map();
  let letterhead: ProjectLetterhead['value'] | false | undefined;
  const yaml = readYaml(source, file);
  if (!yaml.ok) return { values, problems: yaml.problems.map((p) => ({ ...p, hint: settingsHint(p.hint) })) };
  const r = new Reader(yaml.at, source);
  const root = yaml.doc.contents as YamlNode | null;
  if (root == null || (isScalar(root) && root.value == null)) return { values, problems: [] }; // an empty file sets nothing
  if (!isMap(root)) {
    r.fail(
      root,
      `${file} holds ${isScalar(root) ? 'a single value' : 'a list'}, not settings`,
      'write one setting per line, like lang: fr',
    );
    return { values, problems: r.problems };
  }
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode | null;
    const key = isScalar(keyNode) && typeof keyNode.value === 'string' ? keyNode.value : undefined;
    if (key === undefined) {
      r.fail(keyNode ?? (pair.value as YamlNode | null), 'a setting needs a name before its colon', 'write it like lang: fr');
      continue;
    }
    if (SECRET_KEY.test(key)) {
      r.fail(
        keyNode,
        `"${key}" looks like a secret, and ${file} is kept in git for everyone to read`,
        'set secrets in the environment instead (the SMTP address with its password in LETTERS_SMTP_URL); remove this line',
      );
      continue;
    }
    if (key === LETTERHEAD_SETTING) {
      letterhead = readLetterhead(r, pair.value as YamlNode | null, root);
      continue;
    }
    const row = SETTING_KEYS.find((k) => k.key === key);
    if (row === undefined) {
      const guess = nearest(key, FILE_KEYS);
      r.fail(keyNode, `unknown setting "${key}"`, guess ? `did you mean "${guess}"?` : `the settings are: ${FILE_KEYS.join(', ')}`);
      continue;
    }
    const node = pair.value as YamlNode | null;
    const value = settingText(r, node, key, keyNode as YamlNode);
    if (value === undefined) continue;
    const bad = row.check(value);
    if (bad) {
      r.fail(node, `"${key}" ${bad.problem}`, bad.hint);
      continue;
    }
    values.set(key as SettingName, { value, location: yaml.at(node?.range?.[0]) });
  }
  if (r.problems.length > 0) return { values: new Map(), problems: r.problems };
  if (!letterhead) return { values, problems: [] };
  return { values, problems: [], letterhead: { value: letterhead, locate: pathLocator(root, source, yaml.at, file) } };
}

/** A setting's value as text; a number is taken as written (lock_wait: 10), a boolean or list is refused. */
function settingText(r: Reader, node: YamlNode | null, key: string, parent: YamlNode): string | undefined {
  if (isScalar(node) && typeof node.value === 'number') return String(node.source ?? node.value);
  return r.text(node, key, parent, { required: true });
}

/** The YAML reader's hints speak of letter files; a settings file is the same YAML. */
function settingsHint(hint: string): string {
  return hint.replace(
    'a letter file is a flat list of fields; see letters/example.yaml',
    'a settings file is one setting per line, like lang: fr',
  );
}

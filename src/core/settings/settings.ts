//! The project's settings: the one table of keys (each also an environment variable, most also
//! a flag), how a value is checked, and how the effective value of each is chosen — a flag, then
//! the environment, then `letters.config.yaml`, then the default — remembering where it came from.
import { LettersError, type SourceLocation } from '../../errors.js';
import { readAddressText } from '../delivery/addresses.js';
import type { Letterhead } from '../letter/pictures.js';
import type { PathLocator } from '../read/locate.js';
import { INTAKES, PAPERS } from '../letter/letter.js';
import { isValidLang, TEMPLATE_NAME } from '../letter/values.js';

/** The settings file's name; it is looked for here and in each folder above, up to the repository's root. */
export const SETTINGS_FILE = 'letters.config.yaml';

/** One key of the settings file. */
export interface SettingKey {
  readonly key: string;
  /** The environment variable that sets it (over the file). */
  readonly env: string;
  /** The flag that sets it for one command (over the environment), as typed. */
  readonly flag?: string;
  /** What it does, in a line. */
  readonly about: string;
  /** What applies when nothing sets it, in words. */
  readonly default: string;
  /** The values it may take, when they are a list. */
  readonly choices?: readonly string[];
  /** Why a value is wrong and what to write instead, or undefined when it is right. */
  check(value: string): { problem: string; hint: string } | undefined;
}

const oneOf =
  (choices: readonly string[]) =>
  (value: string): { problem: string; hint: string } | undefined =>
    choices.includes(value) ? undefined : { problem: `cannot be "${value}"`, hint: `use one of ${choices.join(', ')}` };

/** The most seconds LETTERS_LOCK_WAIT (or lock_wait) may ask a command to wait: a day. */
export const MAX_LOCK_WAIT_SECONDS = 86_400;

/** Every key, in the order `letters config` shows them. A new key is a new row here. */
export const SETTING_KEYS = [
  {
    key: 'dir',
    env: 'LETTERS_DIR',
    flag: '-d, --dir',
    about: 'the letters folder; in the settings file, relative to the file',
    default: 'letters/ here or in the nearest folder above',
    check: (v: string) => (v.trim() === '' ? { problem: 'is empty', hint: 'write a folder, such as letters' } : undefined),
  },
  {
    key: 'lang',
    env: 'LETTERS_LANG',
    flag: 'new --lang',
    about: 'the language `letters new` writes into a new letter (a BCP 47 tag)',
    default: 'en',
    check: (v: string) =>
      isValidLang(v) ? undefined : { problem: `is not a language tag: ${v}`, hint: 'use a BCP 47 tag such as en, fr, de, es-MX' },
  },
  {
    key: 'paper',
    env: 'LETTERS_PAPER',
    flag: 'new --paper',
    about: 'the paper size `letters new` writes into a new letter',
    default: 'letter',
    choices: PAPERS,
    check: oneOf(PAPERS),
  },
  {
    key: 'template',
    env: 'LETTERS_TEMPLATE',
    flag: 'new --template',
    about: 'the template `letters new` writes into a new letter (shipped, or in templates/)',
    default: 'formal',
    check: (v: string) =>
      TEMPLATE_NAME.test(v)
        ? undefined
        : { problem: `is not a template name: ${v}`, hint: 'use the name of a template without .hbs, such as formal' },
  },
  {
    key: 'intake',
    env: 'LETTERS_INTAKE',
    about: 'how `letters import` takes sign-ups into a letter without intake: (review: held in pending: for `letters review`)',
    default: 'direct',
    choices: INTAKES,
    check: oneOf(INTAKES),
  },
  {
    key: 'from',
    env: 'LETTERS_FROM',
    about: 'who send, notify and remind write from when the letter has no from: ("Coalition <coord@example.org>")',
    default: 'none: the letter must say',
    check: (v: string) => {
      const read = readAddressText(v, false);
      return read.ok && read.address !== undefined
        ? undefined
        : {
            problem: `is not an address to send from: ${read.ok ? 'no address' : read.problem}`,
            hint: 'write it as "Coalition <coord@example.org>"',
          };
    },
  },
  {
    key: 'date_order',
    env: 'LETTERS_DATE_ORDER',
    flag: 'import --date-order',
    about: 'how `letters import` reads dates like 03/02/2026 when the sheet does not tell: dmy or mdy',
    default: 'from the sheet, or asked for',
    choices: ['dmy', 'mdy'],
    check: oneOf(['dmy', 'mdy']),
  },
  {
    key: 'lock_wait',
    env: 'LETTERS_LOCK_WAIT',
    about: 'seconds a command waits for a letter another command is changing',
    default: '30',
    check: (v: string) =>
      /^\d+(\.\d+)?$/.test(v) && Number(v) <= MAX_LOCK_WAIT_SECONDS
        ? undefined
        : { problem: `is not a number of seconds: ${v}`, hint: `write the seconds to wait, 0 to ${MAX_LOCK_WAIT_SECONDS} (default 30)` },
  },
] as const satisfies readonly SettingKey[];

export type SettingName = (typeof SETTING_KEYS)[number]['key'];

/**
 * The settings file's one key that is not text: the letterhead every letter of the project
 * gets unless it writes its own (or `letterhead: false`). Only in the file (a picture and lines
 * have no environment variable); its picture is named from the folder that holds the letters folder.
 */
export const LETTERHEAD_SETTING = 'letterhead';

/** The project's letterhead, read from the settings file, and where its parts are written there. */
export interface ProjectLetterhead {
  value: Letterhead;
  locate: PathLocator;
}

export const SETTING_NAMES: readonly SettingName[] = SETTING_KEYS.map((k) => k.key);

/** The row of a key. */
export function settingKey(name: SettingName): SettingKey {
  return SETTING_KEYS.find((k) => k.key === name)!;
}

/**
 * Keys that hold a secret (a password, a token, an SMTP address with its password) are never
 * read from the settings file: it is kept in git, beside the letters, and read by everyone.
 */
export const SECRET_KEY = /pass(word)?|secret|token|credential|api_?key|smtp_?url/i;

/** Where an effective value came from. */
export type SettingSource =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; location: SourceLocation }
  | { kind: 'default' };

export interface SettingValue {
  key: SettingName;
  /** Absent when nothing sets it (the default applies, as the command decides it). */
  value: string | undefined;
  source: SettingSource;
  /** What is wrong with a value from the environment: reported when a command uses it (and by `letters config`). */
  problem?: { problem: string; hint: string };
}

/** Where a value came from, in words: `--dir`, `LETTERS_DIR`, `letters.config.yaml:3`, `default`. */
export function sourceText(source: SettingSource): string {
  switch (source.kind) {
    case 'flag':
      return source.flag;
    case 'env':
      return source.name;
    case 'file':
      return `${source.location.file}:${source.location.line}`;
    case 'default':
      return 'default';
  }
}

/** The values a settings file gives, each with where it is written. */
export type FileSettings = Map<SettingName, { value: string; location: SourceLocation }>;

/** The effective settings of one run. */
export interface Settings {
  /** The settings file read, as it is shown (relative to here when below it); undefined when there is none. */
  file: string | undefined;
  values: readonly SettingValue[];
  /** The settings file's letterhead, when it has one. */
  letterhead?: ProjectLetterhead;
}

/**
 * The effective value of a key, or undefined when nothing sets it. A wrong value from the
 * environment is an error here, when a command needs it, so that a stray variable breaks only
 * the commands that use it.
 */
export function settingValue(settings: Settings | undefined, key: SettingName): string | undefined {
  const found = settings?.values.find((v) => v.key === key);
  if (found?.problem && found.source.kind === 'env') {
    const name = found.source.name;
    throw new LettersError('invalid-settings', `${name} ${found.problem.problem}`, `${found.problem.hint}, or unset ${name}`);
  }
  return found?.value;
}

/** Where the effective value of a key came from, in words, or undefined when nothing sets it. */
export function settingSource(settings: Settings | undefined, key: SettingName): string | undefined {
  const found = settings?.values.find((v) => v.key === key);
  return found === undefined || found.source.kind === 'default' ? undefined : sourceText(found.source);
}

/**
 * The effective settings: for each key a flag given for the whole run, else its environment
 * variable (when set and not empty), else the file's value, else nothing. Values from the
 * environment are checked here, those of the file when it was read, flags by their command.
 */
export function resolveSettings(
  file: string | undefined,
  fromFile: FileSettings,
  env: NodeJS.ProcessEnv,
  flags: Partial<Record<SettingName, string>>,
): Settings {
  const values = SETTING_KEYS.map((row): SettingValue => {
    const flag = flags[row.key];
    if (flag !== undefined) return { key: row.key, value: flag, source: { kind: 'flag', flag: `--${row.key.replace(/_/g, '-')}` } };
    const fromEnv = env[row.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      const bad = row.check(fromEnv);
      return { key: row.key, value: fromEnv, source: { kind: 'env', name: row.env }, ...(bad ? { problem: bad } : {}) };
    }
    const written = fromFile.get(row.key);
    if (written) return { key: row.key, value: written.value, source: { kind: 'file', location: written.location } };
    return { key: row.key, value: undefined, source: { kind: 'default' } };
  });
  return { file, values };
}

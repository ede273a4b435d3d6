//! The reference tables `letters help <topic>` prints, built from the tables the code itself
//! uses (the field tables, the exit codes, the settings and environment, the formats), so the
//! help, the man page and the generated parts of docs/ cannot say other than the code does.
import { EXIT_CODES, type ErrorCode } from '../../errors.js';
import { ERROR_MEANINGS, EXIT_CODE_MEANINGS } from '../../error-meanings.js';
import { LETTER_FIELD_HELP } from '../../core/letter/field-help.js';
import { SIGNATORY_FIELDS, WITHDRAWAL_FIELDS } from '../../core/letter/fields.js';
import { LETTER_FIELDS } from '../../core/letter/letter.js';
import { ENVIRONMENT } from '../../core/settings/environment.js';
import { SETTING_KEYS, SETTINGS_FILE } from '../../core/settings/settings.js';
import { columnTargets } from '../../core/sheets/columns.js';
import { FORMAT_NAMES } from '../../render/format-names.js';
import { FORMATS } from '../../render/writers/formats.js';

/** A table: a heading, an optional sentence before it, columns and rows of cells (plain text, `code` in backquotes). */
export interface HelpTable {
  /** Stable id, as docs/ name the table they hold (`fields.letter`). */
  id: string;
  heading: string;
  intro?: string;
  columns: string[];
  rows: string[][];
}

export const HELP_TOPICS = ['fields', 'exit-codes', 'environment', 'formats'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

/** What each topic is, for `letters help` and the completion. */
export const TOPIC_ABOUT: Record<HelpTopic, string> = {
  fields: 'every field of a letter file, of a signatory and of a withdrawn entry',
  'exit-codes': 'what the exit codes mean, and the code of each kind of error',
  environment: `the environment variables and the settings of ${SETTINGS_FILE}`,
  formats: 'the output formats of letters render',
};

const code = (text: string): string => `\`${text}\``;

function fieldTables(): HelpTable[] {
  return [
    {
      id: 'fields.letter',
      heading: 'The letter file',
      intro: 'The fields of a letter file (letters/<slug>.yaml), in the order the format keeps them; any other is an error.',
      columns: ['field', 'what it is'],
      rows: LETTER_FIELDS.map((f) => [code(f), LETTER_FIELD_HELP[f]]),
    },
    {
      id: 'fields.signatory',
      heading: 'A signatory',
      intro:
        'The fields of an entry of signatories:, in the order `letters sign` writes them. Private fields are kept in the file and never printed nor given to a template.',
      columns: ['field', 'kind', 'use', 'set by', 'what it is'],
      rows: SIGNATORY_FIELDS.map((f) => [
        code(f.name),
        f.kind,
        f.use,
        'sign' in f ? code(`sign ${f.sign}`) : f.use === 'record' ? 'letters' : 'import, by hand',
        f.about,
      ]),
    },
    {
      id: 'fields.withdrawn',
      heading: 'A withdrawn entry',
      intro: 'An entry of withdrawn: keeps the signatory fields it had, and adds:',
      columns: ['field', 'what it is'],
      rows: WITHDRAWAL_FIELDS.map((f) => [code(f.name), f.about]),
    },
    {
      id: 'fields.map',
      heading: 'import --map',
      intro: '`letters import --map field=Column` reads a field from a column whose heading letters does not recognize. The fields:',
      columns: ['field'],
      rows: columnTargets().map((f) => [code(f)]),
    },
  ];
}

function exitTables(): HelpTable[] {
  const codes = Object.keys(EXIT_CODES) as ErrorCode[];
  return [
    {
      id: 'exit-codes.status',
      heading: 'Exit codes',
      columns: ['exit code', 'meaning'],
      rows: EXIT_CODE_MEANINGS.map((e) => [String(e.code), e.meaning]),
    },
    {
      id: 'exit-codes.errors',
      heading: 'Kinds of error',
      intro: 'The kind of each error, as a `--json` diagnostic names it in `code`, and the exit code it gives.',
      columns: ['code', 'exit code', 'meaning'],
      rows: codes.map((c) => [code(c), String(EXIT_CODES[c]), ERROR_MEANINGS[c]]),
    },
  ];
}

function environmentTables(): HelpTable[] {
  return [
    {
      id: 'environment.variables',
      heading: 'Environment variables',
      columns: ['variable', 'what it does'],
      rows: ENVIRONMENT.map((v) => [code(v.name), v.about]),
    },
    {
      id: 'environment.settings',
      heading: `Settings (${SETTINGS_FILE})`,
      intro: `A project keeps its defaults in ${SETTINGS_FILE}, found in the current folder or the nearest one above (up to the repository's root). A flag wins over the environment variable, which wins over the file. \`letters config\` shows the values in force and where each comes from. Secrets never go in the file: it is kept in git.`,
      columns: ['key', 'variable', 'flag', 'default', 'what it does'],
      rows: SETTING_KEYS.map((k) => [code(k.key), code(k.env), 'flag' in k ? code(k.flag) : '', k.default, k.about]),
    },
  ];
}

function formatTables(): HelpTable[] {
  return [
    {
      id: 'formats.formats',
      heading: 'Formats',
      intro: '`letters render --format F`, or the extension of `-o`, picks one; PDF without either.',
      columns: ['format', 'extensions', 'fonts', 'what you get'],
      rows: FORMAT_NAMES.map((name) => {
        const f = FORMATS[name];
        return [
          code(name),
          [f.extension, ...f.aliases].map(code).join(', '),
          f.needsFonts ? 'every character must be in them' : 'none needed',
          f.about,
        ];
      }),
    },
  ];
}

/** The tables of a topic. */
export function topicTables(topic: HelpTopic): HelpTable[] {
  switch (topic) {
    case 'fields':
      return fieldTables();
    case 'exit-codes':
      return exitTables();
    case 'environment':
      return environmentTables();
    case 'formats':
      return formatTables();
  }
}

/** Every table of every topic, by id: what docs/ may hold a generated copy of. */
export function allTables(): Map<string, HelpTable> {
  return new Map(HELP_TOPICS.flatMap(topicTables).map((t) => [t.id, t]));
}

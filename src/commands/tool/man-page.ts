//! The man page, letters(1), written from the command table (every command, argument and
//! flag, as `--help` shows them) and the reference tables of `letters help`, so it says what
//! the code does. Generated into man/letters.1, which a test keeps equal to this.
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { HELP_TOPICS, topicTables, type HelpTopic } from './help-tables.js';
import { roffText, tableRoff } from './help-render.js';

const bold = (text: string): string => `\\fB${roffText(text)}\\fR`;
const italic = (text: string): string => `\\fI${roffText(text)}\\fR`;

/** A flag as `-d, --dir <dir>` with the flag bold and the value italic. */
function flag(flags: string): string {
  return flags
    .split(/(<[^>]+>|\[[^\]]+\])/)
    .map((part) => (/^[<[]/.test(part) ? italic(part) : part.trim() === '' ? part : bold(part)))
    .join('');
}

function options(command: CommandUnknownOpts): string[] {
  const help = command.createHelp();
  return help.visibleOptions(command).flatMap((o) => ['.TP', flag(o.flags), roffText(o.description)]);
}

/** Sections holding one topic's tables. */
const SECTIONS: [string, HelpTopic][] = [
  ['LETTER FILE', 'fields'],
  ['FORMATS', 'formats'],
  ['ENVIRONMENT', 'environment'],
  ['EXIT STATUS', 'exit-codes'],
];

/** letters(1) in roff. */
export function manPage(program: CommandUnknownOpts, version: string): string {
  const help = program.createHelp();
  const lines = [
    `.TH LETTERS 1 "" "letters ${roffText(version)}" "User Commands"`,
    '.SH NAME',
    `letters \\- ${roffText(program.description().replace(/\.$/, '').replace(/^D/, 'd'))}`,
    '.SH SYNOPSIS',
    `${bold('letters')} [${italic('global options')}] ${italic('command')} [${italic('options')}] [${italic('arguments')}]`,
    '.SH DESCRIPTION',
    roffText(
      'letters keeps joint letters (coalition and sign-on letters, open letters and statements) as YAML files in a git repository, collects signatures into them, and renders the signed letter as PDF, HTML, Markdown, plain text or PNG. Every command works on the letters folder: -d, $LETTERS_DIR, dir: in letters.config.yaml, or letters/ in the current folder or the nearest one above.',
    ),
    '.PP',
    roffText('Every command takes --json: its result as one JSON document on standard output, errors included.'),
    '.SH GLOBAL OPTIONS',
    ...options(program),
    '.SH COMMANDS',
  ];
  for (const command of help.visibleCommands(program)) {
    lines.push(`.SS ${roffText(`letters ${command.name()} ${command.usage()}`)}`, roffText(command.description()));
    const args = command.registeredArguments.filter((a) => a.description);
    for (const a of args) lines.push('.TP', italic(a.name()), roffText(a.description));
    lines.push(...options(command));
  }
  for (const [title, topic] of SECTIONS) {
    lines.push(`.SH ${title}`, ...topicTables(topic).map(tableRoff));
  }
  lines.push(
    '.SH FILES',
    '.TP',
    italic('letters/<slug>.yaml'),
    roffText('a letter; `letters new` writes one to start from'),
    '.TP',
    italic('templates/<name>.hbs'),
    roffText("the project's own templates, beside the letters folder"),
    '.TP',
    italic('letters.config.yaml'),
    roffText("the project's settings (see ENVIRONMENT), in the current folder or the nearest one above"),
    '.SH SEE ALSO',
    roffText(`git(1); letters help ${HELP_TOPICS.join('|')}; the README and docs/ folder of the letters package.`),
  );
  return `${lines.join('\n')}\n`;
}

// `letters help [topic|command]`: the reference pages (fields, exit codes, environment, formats) from the code's tables, or a command's help.
import { usageError } from '../../errors.js';
import { HELP_TOPICS, TOPIC_ABOUT, topicTables, type HelpTopic } from './help-tables.js';
import { tableText } from './help-render.js';

/** Where help is printed: the command's answer lines, or its --json result. */
export interface HelpOutput {
  print: (line: string) => void;
  outJson: (value: unknown) => void;
}

/** The program's own help texts, from the command table. */
export interface ProgramHelp {
  /** `letters --help`. */
  program: () => string;
  /** `letters <command> --help`, or undefined for a name that is no command. */
  command: (name: string) => string | undefined;
  commands: readonly string[];
}

/** `letters help [topic|command] [--json]`. */
export function help(out: HelpOutput, topic: string | undefined, program: ProgramHelp, options: { json?: boolean; width?: number }): void {
  if (topic === undefined) {
    if (options.json) {
      out.outJson({ topic: null, topics: HELP_TOPICS.map((t) => ({ topic: t, about: TOPIC_ABOUT[t] })), commands: program.commands });
      return;
    }
    for (const line of program.program().trimEnd().split('\n')) out.print(line);
    out.print('');
    out.print('Reference pages (letters help <topic>):');
    for (const t of HELP_TOPICS) out.print(`  ${t.padEnd(12)}  ${TOPIC_ABOUT[t]}`);
    return;
  }
  if ((HELP_TOPICS as readonly string[]).includes(topic)) {
    const tables = topicTables(topic as HelpTopic);
    if (options.json) {
      out.outJson({ topic, tables: tables.map(({ id, heading, columns, rows }) => ({ id, heading, columns, rows })) });
      return;
    }
    tables.forEach((table, i) => {
      if (i > 0) out.print('');
      for (const line of tableText(table, options.width)) out.print(line);
    });
    return;
  }
  const text = program.command(topic);
  if (text === undefined) {
    throw usageError(
      `no help topic or command "${topic}"`,
      `the topics are ${HELP_TOPICS.join(', ')}; the commands are ${program.commands.join(', ')}`,
    );
  }
  if (options.json) {
    out.outJson({ topic, help: text });
    return;
  }
  for (const line of text.trimEnd().split('\n')) out.print(line);
}

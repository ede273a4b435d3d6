// `letters __complete --line …`: the completion answers printed for the shell scripts: the word, the candidates, then the directive.
import { PAPERS } from '../../core/letter/letter.js';
import { columnTargets } from '../../core/sheets/columns.js';
import { FORMAT_NAMES } from '../../render/format-names.js';
import type { Context } from '../context.js';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { complete, type OptionShape, type ProgramShape } from './complete.js';
import { SHELLS } from './completion.js';
import { HELP_TOPICS } from './help-tables.js';
import type { HelpOutput } from './help.js';

/**
 * Print the word completed after a `>` (so an empty word is still a line), one candidate per
 * line, and `:words`, `:files`, `:dirs` or `:nospace`. Never fails: anything that goes wrong (no letters folder, a bad settings file)
 * only means fewer words, since a completion must not print errors into a command line.
 */
export async function answerCompletion(
  out: HelpOutput,
  line: string,
  program: CommandUnknownOpts,
  context: () => Promise<Context>,
): Promise<void> {
  let ctx: Promise<Context> | undefined;
  const folder = (): Promise<Context> => (ctx ??= context());
  const answer = await complete(line, shapeOf(program), {
    slugs: async () => {
      const { listLetterFiles } = await import('../../io/files/letter-files.js');
      const c = await folder();
      return [...new Set((await listLetterFiles(c.dir, c.cwd)).map((l) => l.slug))];
    },
    templates: async () => {
      const { availableTemplates, templateDirs } = await import('../../io/templates.js');
      return availableTemplates(templateDirs((await folder()).dir));
    },
    values: { formats: FORMAT_NAMES, mapFields: columnTargets(), papers: PAPERS, topics: HELP_TOPICS, shells: SHELLS },
  }).catch(() => ({ word: '', candidates: [], directive: 'words' as const }));
  out.print(`>${answer.word}`);
  for (const c of answer.candidates) out.print(c);
  out.print(`:${answer.directive}`);
}

/** The command table as completion reads it: each visible command's flags and arguments. */
function shapeOf(program: CommandUnknownOpts): ProgramShape {
  const options = (c: CommandUnknownOpts): OptionShape[] =>
    c.options.map((o) => ({
      ...(o.long === undefined ? {} : { long: o.long }),
      ...(o.short === undefined ? {} : { short: o.short }),
      takesValue: o.required || o.optional,
      ...(o.argChoices === undefined ? {} : { choices: o.argChoices }),
    }));
  return {
    options: [
      ...options(program),
      { long: '--help', short: '-h', takesValue: false },
      { long: '--version', short: '-V', takesValue: false },
    ],
    commands: program
      .createHelp()
      .visibleCommands(program)
      .map((c) => ({
        name: c.name(),
        options: [...options(c), { long: '--help', short: '-h', takesValue: false }],
        args: c.registeredArguments.map((a) => ({ name: a.name(), variadic: a.variadic })),
      })),
  };
}

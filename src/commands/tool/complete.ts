//! Shell completion's answers (`letters __complete --line "letters sign vi"`): from the command
//! line up to the cursor, the words that may come next — commands, flags, flag values (formats,
//! templates, --map fields, choices) and letter slugs — or a word to the shell to complete file
//! names itself. The shell scripts (completion.ts) print these and nothing else.

/** A flag of the command table, as completion needs it. */
export interface OptionShape {
  long?: string;
  short?: string;
  takesValue: boolean;
  choices?: readonly string[];
}

/** A command of the table, as completion needs it. */
export interface CommandShape {
  name: string;
  options: readonly OptionShape[];
  /** Its arguments' names in order ("letter", "file"); a variadic last one repeats. */
  args: readonly { name: string; variadic: boolean }[];
}

export interface ProgramShape {
  options: readonly OptionShape[];
  commands: readonly CommandShape[];
}

/** How the shell should finish: offer the words, let it complete file or folder names, or add no space after the word. */
export type Directive = 'words' | 'files' | 'dirs' | 'nospace';

export interface Completion {
  /** The word under the cursor, as completion read it (quotes taken off). */
  word: string;
  candidates: string[];
  directive: Directive;
}

/** What completion may look up: the letters in the folder, the templates, and fixed lists. */
export interface Lookups {
  slugs(): Promise<string[]>;
  templates(): Promise<string[]>;
  values: {
    formats: readonly string[];
    mapFields: readonly string[];
    papers: readonly string[];
    topics: readonly string[];
    shells: readonly string[];
  };
}

/** Words of a command line as a POSIX shell splits them: quotes and backslashes; `open` when the line ends inside a word. */
export function shellWords(line: string): { words: string[]; open: boolean } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  const open = inWord || quote !== undefined;
  if (open) words.push(word);
  return { words, open };
}

const findOption = (options: readonly OptionShape[], flag: string): OptionShape | undefined =>
  options.find((o) => o.long === flag || o.short === flag);

const startingWith = (prefix: string, words: readonly string[]): string[] => words.filter((w) => w.startsWith(prefix));

/** The answers for the command line `line` (the program's name first), with the cursor at its end. */
export async function complete(line: string, program: ProgramShape, lookups: Lookups): Promise<Completion> {
  const { words, open } = shellWords(line);
  const current = open ? words.pop()! : '';
  const before = words.slice(1); // the program's own name, however it was typed, is not a word to read
  let command: CommandShape | undefined;
  let positional = 0;
  let pending: OptionShape | undefined; // a flag whose value comes next
  let afterDashes = false;
  for (const w of before) {
    if (pending) {
      pending = undefined;
      continue;
    }
    if (!afterDashes && w === '--') {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && w.startsWith('-') && w !== '-') {
      const flag = findOption([...(command?.options ?? []), ...program.options], w.split('=')[0]!);
      if (flag?.takesValue && !w.includes('=')) pending = flag;
      continue;
    }
    if (command === undefined) command = program.commands.find((c) => c.name === w);
    else positional++;
  }
  const options = [...(command?.options ?? []), ...program.options];
  const answer = (candidates: readonly string[], directive: Directive = 'words', prefix = ''): Completion => ({
    word: current,
    candidates: startingWith(
      current,
      candidates.map((c) => `${prefix}${c}`),
    ),
    directive,
  });

  if (pending) return optionValue(pending, current, lookups, '');
  if (!afterDashes && current.startsWith('--') && current.includes('=')) {
    const eq = current.indexOf('=');
    const flag = findOption(options, current.slice(0, eq));
    if (flag?.takesValue) return optionValue(flag, current, lookups, current.slice(0, eq + 1));
    return answer([]);
  }
  if (!afterDashes && current.startsWith('-')) {
    const flags = options.flatMap((o) => (o.long ? [o.long] : o.short ? [o.short] : []));
    return answer([...new Set(flags)].sort());
  }
  if (command === undefined) return answer(program.commands.map((c) => c.name));
  const arg = command.args[Math.min(positional, command.args.length - 1)];
  if (arg === undefined || (positional >= command.args.length && !arg.variadic)) return answer([]);
  switch (arg.name) {
    case 'letter':
      return answer(await lookups.slugs().catch(() => []));
    case 'topic':
      return answer([...lookups.values.topics, ...program.commands.map((c) => c.name)]);
    case 'shell':
      return answer(lookups.values.shells);
    case 'slug':
      return answer([]);
    default:
      return answer([], 'files');
  }
}

/** The values of a flag: a fixed list, the templates, the --map fields, or file names. */
async function optionValue(flag: OptionShape, current: string, lookups: Lookups, prefix: string): Promise<Completion> {
  const offer = (values: readonly string[], directive: Directive = 'words'): Completion => ({
    word: current,
    candidates: startingWith(
      current,
      values.map((v) => `${prefix}${v}`),
    ),
    directive,
  });
  if (flag.choices) return offer(flag.choices);
  switch (flag.long) {
    case '--format':
      return offer(lookups.values.formats);
    case '--template':
      return offer(await lookups.templates().catch(() => []));
    case '--paper':
      return offer(lookups.values.papers);
    case '--pages':
      return offer(['1', 'all']);
    case '--date-order':
      return offer(['dmy', 'mdy']);
    case '--map':
      // A field, then = and the column's heading, typed by the person: no space after the =.
      return offer(
        lookups.values.mapFields.map((f) => `${f}=`),
        'nospace',
      );
    case '--dir':
      return offer([], 'dirs');
    case '--output':
    case '--recipients':
      return offer([], 'files');
    default:
      return offer([]);
  }
}

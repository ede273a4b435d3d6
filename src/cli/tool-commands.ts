// The commands about the tool and the repository: merge-driver, init-git, config, completion, help, and the hidden __complete, as cli.ts wires them (one function per command, added in the order --help lists them).
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { JsonOption } from '../commands/context.js';
import { examples, type Exactly, JSON_HELP, type Wiring } from './wiring.js';

/** `letters merge-driver`. */
export function addMergeDriver(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('merge-driver')
    .description('git merge driver for letter files (run by git; see letters init-git)')
    .argument('<base>', '%O: the common ancestor')
    .argument('<ours>', '%A: our version; the merge is written here')
    .argument('<theirs>', '%B: their version')
    .argument('[path]', '%P: the file, for messages')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      examples('git config merge.letters.driver "letters merge-driver %O %A %B %P"') +
        '\nWith letters/*.yaml merge=letters in .gitattributes. Signatories added, updated or withdrawn on two\nbranches merge cleanly; a real conflict is left in the file with conflict markers.\n',
    )
    .action(async (base, ours, theirs, name, opts) => {
      const { mergeDriver } = await import('../commands/git/merge-driver.js');
      await mergeDriver(await context(), base, ours, theirs, name, opts satisfies Exactly<typeof opts, JsonOption>);
    });
}

/** `letters init-git`. */
export function addInitGit(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('init-git')
    .description('register the letters merge driver in this git repository (.gitattributes and .git/config)')
    .option('--json', JSON_HELP)
    .addHelpText('after', examples('letters init-git'))
    .action(async (opts) => {
      const { initGit } = await import('../commands/git/init-git.js');
      await initGit(await context(), opts satisfies Exactly<typeof opts, JsonOption>);
    });
}

/** `letters config`. */
export function addConfig(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('config')
    .description(`the settings in force (letters.config.yaml, the environment, flags) and where each comes from`)
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      examples('letters config', 'LETTERS_LANG=fr letters config --json') +
        '\nA project keeps its defaults in letters.config.yaml (this folder or the nearest above): dir, lang, paper,\ntemplate, date_order, lock_wait. See letters help environment.\n',
    )
    .action(async (opts) => {
      const { config } = await import('../commands/tool/config.js');
      await config(await context(), opts satisfies Exactly<typeof opts, JsonOption>);
    });
}

/** `letters completion`. */
export function addCompletion(program: CommandUnknownOpts, wiring: Wiring): void {
  const { say } = wiring;
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh, fish or powershell')
    .argument('<shell>', 'bash, zsh, fish or powershell')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      examples(
        'source <(letters completion bash)',
        'letters completion zsh > ~/.zfunc/_letters   # a folder in your $fpath',
        'letters completion fish > ~/.config/fish/completions/letters.fish',
        'letters completion powershell | Out-String | Invoke-Expression',
      ),
    )
    .action(async (shell, opts) => {
      const { completion } = await import('../commands/tool/completion.js');
      completion(await say(), shell, opts satisfies Exactly<typeof opts, JsonOption>);
    });
}

/** `letters help`. */
export function addHelp(program: CommandUnknownOpts, wiring: Wiring): void {
  const { say, io } = wiring;
  program
    .command('help')
    .description("reference pages: fields, exit-codes, environment, formats; or a command's help")
    .argument('[topic]', 'fields, exit-codes, environment, formats, or a command')
    .option('--json', JSON_HELP)
    .addHelpText('after', examples('letters help fields', 'letters help exit-codes', 'letters help sign'))
    .action(async (topic, opts) => {
      const { help } = await import('../commands/tool/help.js');
      const visible = program.createHelp().visibleCommands(program);
      help(
        await say(),
        topic,
        {
          program: () => program.helpInformation(),
          command: (name) => visible.find((c) => c.name() === name)?.helpInformation(),
          commands: visible.map((c) => c.name()),
        },
        {
          ...(opts satisfies Exactly<typeof opts, JsonOption>),
          width: io.stdout.isTTY ? ((io.stdout as { columns?: number }).columns ?? 80) : 80,
        },
      );
    });
}

/** `letters __complete`. */
export function addComplete(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context, say } = wiring;
  program
    .command('__complete', { hidden: true })
    .description('the words shell completion offers (run by the completion scripts)')
    .requiredOption('--line <text>', 'the command line up to the cursor')
    .action(async (opts) => {
      const { answerCompletion } = await import('../commands/tool/complete-answer.js');
      await answerCompletion(await say(), opts.line, program, context);
    });
}

/** Every question letters asks goes through here, so tests can answer them. */
export interface Prompter {
  input(message: string, options?: { default?: string; required?: boolean }): Promise<string>;
}

/** Prompts on the terminal with @inquirer/prompts, loaded only when a question is asked. */
export function terminalPrompter(): Prompter {
  return {
    async input(message, options = {}) {
      const { input } = await import('@inquirer/prompts');
      const answer = await input({
        message,
        ...(options.default === undefined ? {} : { default: options.default }),
        required: options.required ?? false,
      });
      return answer.trim();
    },
  };
}

/** Questions may be asked only when someone can answer: a TTY, not CI, no --no-input. */
export function canPrompt(stdin: { isTTY?: boolean }, stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv, input: boolean): boolean {
  return Boolean(stdin.isTTY && stdout.isTTY) && !env['CI'] && input;
}

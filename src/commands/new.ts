import path from 'node:path';
import { scaffoldLetter, slugProblem, suggestSlug, type ScaffoldInput } from '../core/scaffold.js';
import { isIsoDate, parseLetter } from '../core/schema.js';
import { LettersError, usageError } from '../errors.js';
import { createFile, displayPath, exists, existsError } from '../io/letter-files.js';
import { loadTemplate, templateDirs } from '../io/templates.js';
import type { Context } from './context.js';

/** The flags of `letters new`: the scaffold's fields, each optional (asked for or refused), and --force. */
export type NewOptions = Partial<ScaffoldInput> & { force?: boolean };

/** Ask for a required value when a person is there; otherwise name the flag that was missing. */
async function required(ctx: Context, value: string | undefined, flag: string, question: string): Promise<string> {
  if (value !== undefined && value.trim() !== '') return value.trim();
  if (!ctx.interactive) {
    throw new LettersError('missing-input', `missing ${flag}`, `pass ${flag} "…" (no prompts without a terminal, with CI set or with --no-input)`, { exitCode: 2 });
  }
  return ctx.prompt.input(question, { required: true });
}

/** `letters new <slug>`: write a commented scaffold for a new letter. */
export async function newLetter(ctx: Context, slug: string, options: NewOptions): Promise<void> {
  const problem = slugProblem(slug);
  if (problem) {
    const suggestion = suggestSlug(slug);
    throw usageError(`"${slug}" is not a letter name: ${problem}`, suggestion ? `try: letters new ${suggestion}` : 'use lowercase letters, digits and hyphens');
  }
  if (options.date !== undefined && !isIsoDate(options.date)) {
    throw usageError(`--date is not a valid date: ${options.date}`, 'write it as YYYY-MM-DD, for example 2026-03-02');
  }
  const file = path.join(ctx.dir, `${slug}.yaml`);
  const display = displayPath(file, ctx.cwd);
  // Fail before asking questions whose answers would be thrown away.
  if (!options.force && (await exists(file))) throw existsError(display);
  if (options.template !== undefined) await loadTemplate(options.template, templateDirs(ctx.dir), ctx.cwd);

  const input: ScaffoldInput = {
    title: await required(ctx, options.title, '--title', 'Title of the letter (for the PDF and `letters list`):'),
    to: await required(ctx, options.to, '--to', 'Recipient (name as it should be printed):'),
  };
  if (options.toTitle !== undefined) input.toTitle = options.toTitle;
  else if (ctx.interactive) input.toTitle = (await ctx.prompt.input('Recipient title (optional):')) || undefined;
  if (options.toOrg !== undefined) input.toOrg = options.toOrg;
  else if (ctx.interactive) input.toOrg = (await ctx.prompt.input('Recipient organization (optional):')) || undefined;
  for (const key of ['toTitle', 'toOrg'] as const) if (input[key] === undefined) delete input[key];
  if (options.address !== undefined && options.address.length > 0) input.address = options.address;
  if (options.salutation !== undefined) input.salutation = options.salutation;
  if (options.date !== undefined) input.date = options.date;
  if (options.template !== undefined) input.template = options.template;

  const text = scaffoldLetter(input);
  parseLetter(text, display); // the scaffold must itself be a valid letter
  await createFile(file, text, options.force ?? false, ctx.cwd);
  ctx.out(`Created ${display}`);
  ctx.out(`Next: edit it, then collect signatures with  letters sign ${slug} --org "Organization" --name "Full Name" --title "Title"`);
}

import { signFlag } from '../core/fields.js';
import { editSignatories } from '../core/letter-edits.js';
import { decideSign, describe, signatoryCount, type SignDecision } from '../core/signatories.js';
import { isoDay } from '../io/clock.js';
import { resolveLetter, updateLetter } from '../io/letter-files.js';
import type { Context } from './context.js';

export interface SignOptions {
  org?: string;
  name?: string;
  title?: string;
  affiliation?: string;
  country?: string;
  group?: string;
  sortAs?: string;
  date?: string;
  update?: boolean;
}

/** `letters sign <letter>`: add a signatory at the end (or replace one with --update). */
export async function sign(ctx: Context, letterArg: string, options: SignOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const answers = { ...options };
  if (ctx.interactive && answers.org === undefined && answers.name === undefined) {
    answers.org = (await ctx.prompt.input('Organization (leave empty for an individual):')) || undefined;
    answers.name = (await ctx.prompt.input('Name of the person signing:', { required: answers.org === undefined })) || undefined;
    if (answers.title === undefined) answers.title = (await ctx.prompt.input('Their title (optional):')) || undefined;
  }
  const today = isoDay(ctx.now());
  const decision = await updateLetter<SignDecision>(file, ctx.cwd, (parsed) => {
    const decided = decideSign(parsed.letter, {
      organization: answers.org,
      name: answers.name,
      title: answers.title,
      affiliation: answers.affiliation,
      country: answers.country,
      group: answers.group,
      sort_as: answers.sortAs,
      signed: answers.date,
      update: answers.update ?? false,
      today,
      say: signFlag,
    });
    return { text: editSignatories(parsed, decided), result: decided };
  });
  const verb = decision.action === 'append' ? 'Signed' : 'Updated';
  ctx.out(`${verb}: ${describe(decision.signatory)}`);
  ctx.out(signatoryCount(decision.count));
}

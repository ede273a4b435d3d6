import { editSignatories } from '../core/letter-edits.js';
import { decideSign, describe, signatoryCount, type FieldLabels, type SignDecision } from '../core/signatories.js';
import { localDay } from '../io/clock.js';
import { lockSettings, resolveLetter, updateLetter } from '../io/letter-files.js';
import type { Context } from './context.js';

export interface SignOptions {
  org?: string;
  name?: string;
  title?: string;
  update?: boolean;
  /** Sign a read-only letter file (it stays read-only). */
  force?: boolean;
}

const FLAGS: FieldLabels = { organization: '--org', name: '--name', title: '--title' };

/** `letters sign <letter>`: add a signatory at the end (or replace one with --update). */
export async function sign(ctx: Context, letterArg: string, options: SignOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters sign') };
  // Read the clock before asking anything: a bad SOURCE_DATE_EPOCH fails before the questions.
  const today = localDay(ctx.now());
  const answers = { ...options };
  if (ctx.interactive && answers.org === undefined && answers.name === undefined) {
    answers.org = (await ctx.prompt.input('Organization (leave empty for an individual):')) || undefined;
    answers.name = (await ctx.prompt.input('Name of the person signing:', { required: answers.org === undefined })) || undefined;
    if (answers.title === undefined) answers.title = (await ctx.prompt.input('Their title (optional):')) || undefined;
  }
  const decision = await updateLetter<SignDecision>(file, ctx.cwd, writing, (parsed) => {
    const decided = decideSign(
      parsed.letter,
      {
        organization: answers.org,
        name: answers.name,
        title: answers.title,
        update: answers.update ?? false,
        today,
      },
      FLAGS,
    );
    return { text: editSignatories(parsed, decided), result: decided };
  });
  const verb = decision.action === 'append' ? 'Signed' : 'Updated';
  ctx.out(`${verb}: ${describe(decision.signatory)}`);
  ctx.out(signatoryCount(decision.count));
}

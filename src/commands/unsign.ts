import { editSignatories } from '../core/letter-edits.js';
import { describe, findSignatory, signatoryCount, type FieldLabels } from '../core/signatories.js';
import type { Signatory } from '../core/letter.js';
import { lockSettings, resolveLetter, updateLetter } from '../io/letter-files.js';
import type { Context } from './context.js';

export interface UnsignOptions {
  org?: string;
  name?: string;
  /** Change a read-only letter file (it stays read-only). */
  force?: boolean;
}

const FLAGS: FieldLabels = { organization: '--org', name: '--name', title: '--title' };

/** `letters unsign <letter>`: remove one signatory, found by organization or by name. */
export async function unsign(ctx: Context, letterArg: string, options: UnsignOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters unsign') };
  const { removed, count } = await updateLetter<{ removed: Signatory; count: number }>(file, ctx.cwd, writing, (parsed) => {
    const index = findSignatory(parsed.letter, { organization: options.org, name: options.name }, FLAGS);
    return {
      text: editSignatories(parsed, { action: 'remove', index }),
      result: { removed: parsed.letter.signatories[index]!, count: parsed.letter.signatories.length - 1 },
    };
  });
  ctx.out(`Removed: ${describe(removed)}`);
  ctx.out(signatoryCount(count));
}

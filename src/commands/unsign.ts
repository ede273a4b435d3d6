import { signFlag } from '../core/fields.js';
import { cleanLine } from '../core/text.js';
import { withdrawSignatory } from '../core/withdrawals.js';
import { isoDay } from '../io/clock.js';
import { describe, findSignatory, signatoryCount } from '../core/signatories.js';
import type { Signatory } from '../core/letter.js';
import { resolveLetter, updateLetter } from '../io/letter-files.js';
import type { Context } from './context.js';

export interface UnsignOptions {
  org?: string;
  name?: string;
  /** Why the signature was withdrawn, kept with it. */
  reason?: string;
  affiliation?: string;
}

/** `letters unsign <letter>`: withdraw one signature, found by organization or by name; it moves to `withdrawn:`. */
export async function unsign(ctx: Context, letterArg: string, options: UnsignOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const today = isoDay(ctx.now());
  const { removed, count } = await updateLetter<{ removed: Signatory; count: number }>(file, ctx.cwd, (parsed) => {
    const index = findSignatory(parsed.letter, {
      organization: options.org,
      name: options.name,
      affiliation: options.affiliation,
      say: signFlag,
    });
    const reason = cleanLine(options.reason, '--reason');
    return {
      text: withdrawSignatory(parsed, index, today, reason).text,
      result: { removed: parsed.letter.signatories[index]!, count: parsed.letter.signatories.length - 1 },
    };
  });
  ctx.out(`Withdrawn: ${describe(removed)} (kept under withdrawn:, never printed)`);
  ctx.out(signatoryCount(count));
}

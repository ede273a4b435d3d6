// `letters unsign <letter>`: a signature withdrawn (kept on record under withdrawn:) or deleted.
import { SIGN_FLAGS } from '../../core/letter/fields.js';
import type { Signatory } from '../../core/letter/letter.js';
import { describe, findSignatory, signatoryCount } from '../../core/signing/signatories.js';
import { cleanLine } from '../../core/text/characters.js';
import { deleteSignatory, withdrawSignatory } from '../../core/edit/withdrawals.js';
import { LettersError } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { lockSettings, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import type { Context } from '../context.js';

export interface UnsignOptions {
  org?: string;
  name?: string;
  affiliation?: string;
  /** Why the signature was withdrawn, kept with it. */
  reason?: string;
  /** Remove the entry outright, with no record: for one added by mistake, not a withdrawal. */
  delete?: boolean;
  /** Change a read-only letter file (it stays read-only). */
  force?: boolean;
  json?: boolean;
}

/**
 * `letters unsign <letter>`: withdraw one signature, found by organization or by name; it moves
 * to `withdrawn:`. With --delete the entry goes with no record (it was added by mistake).
 */
export async function unsign(ctx: Context, letterArg: string, options: UnsignOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters unsign') };
  const today = localDay(ctx.now());
  const reason = cleanLine(options.reason, '--reason');
  if (options.delete && reason !== undefined) {
    throw new LettersError(
      'usage',
      '--delete removes an entry added by mistake and keeps no record, so it takes no --reason',
      'a partner withdrawing is recorded: drop --delete',
    );
  }
  const { removed, count, shown } = await updateLetter<{ removed: Signatory; count: number; shown: string }>(
    file,
    ctx.cwd,
    writing,
    (parsed) => {
      const index = findSignatory(
        parsed.letter,
        { organization: options.org, name: options.name, affiliation: options.affiliation },
        SIGN_FLAGS,
      );
      return {
        text: options.delete ? deleteSignatory(parsed, index) : withdrawSignatory(parsed, index, today, reason).text,
        result: { removed: parsed.letter.signatories[index]!, count: parsed.letter.signatories.length - 1, shown: parsed.file },
      };
    },
  );
  if (options.json) {
    ctx.outJson({
      letter: shown,
      action: options.delete ? 'deleted' : 'withdrawn',
      signatory: removed,
      withdrawn: options.delete ? null : today,
      reason: reason ?? null,
      count,
    });
  }
  if (options.delete) ctx.out(`Deleted: ${describe(removed)} (no record kept; use git to get it back)`);
  else ctx.out(`Withdrawn: ${describe(removed)} (kept under withdrawn:, never printed)`);
  ctx.out(signatoryCount(count));
}

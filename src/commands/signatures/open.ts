//! `letters open <letter> [--deadline D]` and `letters close <letter>`: the letter's status
//! (draft → open → closed) and the last day it takes signatures, written into the file.
import { isIsoDate } from '../../core/letter/values.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { setTopLevel } from '../../core/edit/status-edits.js';
import { LettersError } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { lockSettings, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import type { Context } from '../context.js';
import { warn } from '../warnings.js';

export interface OpenOptions {
  deadline?: string;
  /** Change a read-only letter file (it stays read-only). */
  force?: boolean;
  json?: boolean;
}

export interface CloseOptions {
  /** Change a read-only letter file (it stays read-only). */
  force?: boolean;
  json?: boolean;
}

/** `letters open <letter> [--deadline YYYY-MM-DD]`: take signatures (again), until the deadline if one is given. */
export async function open(ctx: Context, letterArg: string, options: OpenOptions): Promise<void> {
  const { deadline } = options;
  if (deadline !== undefined && !isIsoDate(deadline)) {
    throw new LettersError('usage', `--deadline is not a valid date: ${deadline}`, 'write it as YYYY-MM-DD, for example 2026-03-15');
  }
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters open') };
  const {
    was,
    display,
    deadline: kept,
  } = await updateLetter(file, ctx.cwd, writing, (parsed) => {
    const values: { status: string; deadline?: string } = { status: 'open' };
    if (deadline !== undefined) values.deadline = deadline;
    return {
      text: setTopLevel(parsed, values),
      result: { was: parsed.letter.status, display: parsed.file, deadline: deadline ?? parsed.letter.deadline ?? null },
    };
  });
  if (options.json) ctx.outJson({ letter: display, status: 'open', was, deadline: kept });
  const until = deadline === undefined ? '' : ` until ${deadline}`;
  ctx.out(
    was === 'open'
      ? `${display} is open for signatures${until}`
      : `${was === 'closed' ? 'Reopened' : 'Opened'} ${display} for signatures${until}`,
  );
  const today = localDay(ctx.now());
  if (deadline !== undefined && deadline < today) {
    warn(ctx, {
      code: 'deadline',
      message: `the deadline ${deadline} has passed (today is ${today})`,
      hint: '`sign` and `import` will refuse signatures without --late',
    });
  }
}

/** `letters close <letter>`: no more signatures; `sign` and `import` refuse from now on. */
export async function close(ctx: Context, letterArg: string, options: CloseOptions = {}): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters close') };
  const { was, count, display } = await updateLetter(file, ctx.cwd, writing, (parsed) => ({
    text: setTopLevel(parsed, { status: 'closed' }),
    result: { was: parsed.letter.status, count: parsed.letter.signatories.length, display: parsed.file },
  }));
  if (options.json) ctx.outJson({ letter: display, status: 'closed', was, count });
  ctx.out(
    was === 'closed'
      ? `${display} was already closed (${signatoryCount(count)})`
      : `Closed ${display} with ${signatoryCount(count)}; sign and import now refuse new signatures`,
  );
}

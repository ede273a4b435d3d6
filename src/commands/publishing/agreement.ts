// Before a render: names signed under an earlier text than the current one are a warning, or with
// --final a refusal; entries still pending review, which the render leaves out, a warning line.
import { textAgreement } from '../../core/letter/fingerprint.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError } from '../../errors.js';
import type { Context } from '../context.js';
import { warn } from '../warnings.js';

/** Names under words they never saw: a warning, or with --final a refusal. */
export function checkAgreement(ctx: Context, parsed: ParsedLetter, letterArg: string, final: boolean): void {
  const { earlier, current } = textAgreement(parsed.letter);
  if (earlier.length === 0) return;
  const names = earlier.slice(0, 10).map((i) => {
    const s = parsed.letter.signatories[i]!;
    return s.organization ?? s.name ?? '';
  });
  const list = `${names.join(', ')}${earlier.length > 10 ? ` and ${earlier.length - 10} more` : ''}`;
  const problem = {
    code: 'stale-text',
    message: `${signatoryCount(earlier.length)} signed an earlier text than the current one (${current}): ${list}`,
    hint: `see what changed with \`letters diff ${shellWord(letterArg)} --since ${shellWord(names[0]!)}\`, then record their agreement with \`letters sign ${shellWord(letterArg)} --reconfirm --org "…"\``,
    location: parsed.locate(`signatories.${earlier[0]}`),
  };
  if (final)
    throw new LettersError('stale-text', problem.message, `--final renders only a text every signatory agreed to; ${problem.hint}`, {
      location: problem.location,
    });
  warn(ctx, problem);
}

/** Entries waiting in `pending:` are not signatures: the render leaves them out, and says so in one line. */
export function warnPending(ctx: Context, parsed: ParsedLetter, letterArg: string): void {
  const pending = parsed.letter.pending?.length ?? 0;
  if (pending === 0) return;
  warn(ctx, {
    code: 'pending',
    message: `${plural(pending, 'entry', 'entries')} pending review ${pending === 1 ? 'is' : 'are'} left out: not signed until approved`,
    hint: `approve or reject ${pending === 1 ? 'it' : 'them'} with \`letters review ${shellWord(letterArg)}\``,
    location: parsed.locate('pending'),
  });
}

// Before a render: names signed under an earlier text than the current one, or under a translation that has fallen behind the letter,
// are a warning, or with --final a refusal; entries still pending review, which the render leaves out, a warning line.
import path from 'node:path';
import { textAgreement } from '../../core/letter/fingerprint.js';
import { languageName } from '../../core/letter/languages.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import type { Letter } from '../../core/letter/letter.js';
import { type LetterVersions, type Version, versionTexts } from '../../core/read/letter-versions.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import { plural } from '../../core/text/plural.js';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError, type Problem } from '../../errors.js';
import type { Context } from '../context.js';
import { warn } from '../warnings.js';

/** The first names of a list of signatories, for a message. */
function namesOf(letter: Letter, indexes: readonly number[]): { names: string[]; list: string } {
  const names = indexes.slice(0, 10).map((i) => {
    const s = letter.signatories[i]!;
    return s.organization ?? s.name ?? '';
  });
  return { names, list: `${names.join(', ')}${indexes.length > 10 ? ` and ${indexes.length - 10} more` : ''}` };
}

/** Why a version is not to be printed as final: stale, never marked current, or unreadable. */
export function versionFault(version: Version, letterArg: string, theirs: string): { what: string; hint: string } | undefined {
  const name = languageName(version.lang);
  const done = `letters translate ${shellWord(letterArg)} --lang ${version.lang}`;
  switch (version.state) {
    case 'current':
      return undefined;
    case 'stale':
      return {
        what: `the ${name} translation (${version.file}) is stale: the ${theirs} text changed after it was made`,
        hint: `see what changed with \`letters diff ${shellWord(letterArg)} --lang ${version.lang}\`, update it, then \`${done} --done\``,
      };
    case 'unmarked':
      return {
        what: `the ${name} translation (${version.file}) was never marked current`,
        hint: `once it says what the ${theirs} says: \`${done} --done\``,
      };
    case 'invalid':
      return { what: `the ${name} translation (${version.file}) cannot be read`, hint: `run \`letters check ${shellWord(letterArg)}\`` };
  }
}

/**
 * What keeps a letter from going out as final: names under words they never saw (an earlier
 * text, a version the letter does not have, a translation that has fallen behind the letter),
 * and each translation being printed (`printed`) that has fallen behind.
 */
export function agreementProblems(versions: LetterVersions, letterArg: string, printed: readonly Version[] = []): Problem[] {
  const { parsed } = versions;
  const letter = parsed.letter;
  const problems: Problem[] = [];
  const agreement = textAgreement(letter, versionTexts(versions));
  const { earlier, current, noVersion } = agreement;
  if (earlier.length > 0) {
    const { names, list } = namesOf(letter, earlier);
    problems.push({
      code: 'stale-text',
      message: `${signatoryCount(earlier.length)} signed an earlier text than the current one (${current}): ${list}`,
      hint: `see what changed with \`letters diff ${shellWord(letterArg)} --since ${shellWord(names[0]!)}\`, then record their agreement with \`letters sign ${shellWord(letterArg)} --reconfirm --org "…"\``,
      location: parsed.locate(`signatories.${earlier[0]}`),
    });
  }
  if (noVersion.length > 0) {
    const { list } = namesOf(letter, noVersion);
    const langs = [...new Set(noVersion.map((i) => letter.signatories[i]!.lang!))];
    problems.push({
      code: 'stale-text',
      message: `${signatoryCount(noVersion.length)} signed a version in ${langs.map(languageName).join(', ')}, which the letter has no translation into: ${list}`,
      hint: `restore ${langs.map((l) => `${path.basename(parsed.file).replace(/\.ya?ml$/i, '')}.${l}.yaml`).join(', ')}, or correct their lang:`,
      location: parsed.locate(`signatories.${noVersion[0]}.lang`),
    });
  }
  for (const version of versions.versions) {
    // Language names only for a message: Intl's table of them costs a one-page render 8 ms to load.
    if (version.state === 'current') continue;
    const fault = versionFault(version, letterArg, languageName(letter.lang));
    if (fault === undefined) continue;
    const signers = letter.signatories.flatMap((s, i) => (s.lang?.toLowerCase() === version.lang.toLowerCase() ? [i] : []));
    if (signers.length > 0) {
      problems.push({
        code: 'stale-text',
        message: `${signatoryCount(signers.length)} signed the ${languageName(version.lang)} version, and ${fault.what}: ${namesOf(letter, signers).list}`,
        hint: fault.hint,
        location: parsed.locate(`signatories.${signers[0]}`),
      });
    } else if (printed.includes(version)) {
      problems.push({ code: 'stale-text', message: fault.what, hint: fault.hint });
    }
  }
  return problems;
}

/** --final's refusal: every reason at once, each on its line, the first with what --final means. */
class NotFinalError extends LettersError {
  constructor(
    private readonly all: Problem[],
    translated: boolean,
  ) {
    const first = all[0]!;
    const translations = translated ? ', in translations made from the letter as it is' : '';
    super('stale-text', first.message, `--final renders only a text every signatory agreed to${translations}; ${first.hint}`, {
      ...(first.location ? { location: first.location } : {}),
    });
  }

  override get problems(): Problem[] {
    return [{ message: this.message, hint: this.hint, ...(this.location ? { location: this.location } : {}) }, ...this.all.slice(1)];
  }
}

/** Names under words they never saw, and translations printed that have fallen behind: warnings, or with --final a refusal. */
export function checkAgreement(
  ctx: Context,
  versions: LetterVersions,
  letterArg: string,
  final: boolean,
  printed: readonly Version[] = [],
): void {
  const problems = agreementProblems(versions, letterArg, printed);
  if (problems.length === 0) return;
  if (final) throw new NotFinalError(problems, versions.versions.length > 0);
  for (const p of problems) warn(ctx, p);
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

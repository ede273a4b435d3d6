// `letters check [letter…]`: every problem of each letter at once, each located, without writing anything.
import { LettersError, type Problem } from '../../errors.js';
import { fieldAt } from '../../core/read/field-at.js';
import { displayPath, listLetterFiles, readLetterWithProblems, resolveLetter, type LetterEntry } from '../../io/files/letter-files.js';
import { loadFonts } from '../../io/fonts.js';
import { loadTemplate, templateDirs } from '../../io/templates.js';
import { templateInfo } from '../../render/document/template-info.js';
import { readLetterPictures } from '../publishing/letter-pictures.js';
import { prepareLetter, textProblems } from '../../render/prepare.js';
import type { Fonts } from '../../render/inline/fonts.js';
import { plural } from '../../core/text/plural.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { similarPairs } from '../../core/signing/similar.js';
import { repeatsIn } from '../../core/signing/signing-rules.js';
import type { Context, JsonOption } from '../context.js';
import { report } from '../warnings.js';

/** One letter's outcome, as `check --json` lists it. */
interface Checked {
  letter: string;
  ok: boolean;
  signatories: number | null;
  errors: number;
  warnings: number;
  keptRepeats: string[];
}

/**
 * `letters check [<letter>...]`: everything render would refuse (format, template, characters
 * no font has, Markdown it cannot print), for each letter, every problem with file:line:col, in
 * one pass; warnings too, which fail nothing. Changes nothing. With --json each problem is a
 * diagnostic naming its field and kind as well as its place.
 */
export async function check(ctx: Context, letterArgs: string[], options: JsonOption = {}): Promise<void> {
  const files: Pick<LetterEntry, 'file' | 'problem'>[] =
    letterArgs.length > 0
      ? await Promise.all(letterArgs.map(async (a) => ({ file: await resolveLetter(a, ctx.dir, ctx.cwd) })))
      : await listLetterFiles(ctx.dir, ctx.cwd);
  const results: Checked[] = [];
  const answer = (): void => {
    if (options.json) ctx.outJson({ letters: results });
  };
  if (files.length === 0) {
    answer();
    ctx.out(`No letters in ${displayPath(ctx.dir, ctx.cwd)}/ to check`);
    return;
  }
  let fonts: Fonts | undefined;
  let failed = 0;
  for (const { file, problem } of files) {
    const problems: Problem[] = [];
    let warnings: Problem[] = [];
    let parsed: ParsedLetter | undefined;
    try {
      if (problem) throw problem; // not a regular file, or a slug in two files: not read
      const read = await readLetterWithProblems(file, ctx.cwd);
      parsed = read.parsed;
      problems.push(...read.problems);
      if (parsed) {
        warnings = [...parsed.warnings, ...similarWarnings(parsed)];
        fonts ??= loadFonts();
        const { stack } = fonts;
        // The letter's text is checked even when the file has other problems: all in one pass.
        problems.push(
          ...textProblems(
            parsed,
            (cp) => stack.covers(cp),
            (cluster) => stack.fontForCluster(cluster) !== undefined,
          ).map((p) => ({ code: 'missing-glyph', ...p })),
        );
        if (problems.length === 0) {
          const template = await loadTemplate(parsed.letter.template, templateDirs(ctx.dir), ctx.cwd);
          const settings = ctx.settings?.letterhead;
          const layout = parsed.letter.signatoryLayout ?? templateInfo(template).layout ?? 'blocks';
          const pictures = await readLetterPictures(ctx.dir, parsed, layout, settings);
          // Every logo is checked, whatever the layout prints: a later logo wall must not find a broken one.
          if (layout !== 'logos') await readLetterPictures(ctx.dir, parsed, 'logos', settings);
          prepareLetter({ parsed, template, fonts, pictures });
        }
      }
      if (problems.length === 0) {
        // Warnings wait until the errors are fixed: many follow from them (no recipient read, no salutation).
        for (const w of warnings) report(ctx, withField(parsed, w));
        const count = signatoryCount(parsed!.letter.signatories.length);
        const repeats = keptRepeats(parsed!);
        const kept = repeats.length === 0 ? '' : `, ${plural(repeats.length, 'kept repeat')}`;
        const notes = warnings.length === 0 ? '' : `, ${plural(warnings.length, 'warning')}`;
        results.push({
          letter: parsed!.file,
          ok: true,
          signatories: parsed!.letter.signatories.length,
          errors: 0,
          warnings: warnings.length,
          keptRepeats: repeats,
        });
        ctx.out(`ok  ${parsed!.file} (${count}${kept}${notes})`);
        for (const line of repeats) ctx.out(`    ${line}`);
        continue;
      }
    } catch (err) {
      if (!(err instanceof LettersError)) throw err;
      problems.push(...err.problems.map((p) => ({ code: err.code, ...p })));
    }
    failed++;
    // In file order, whichever step found them.
    problems.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0));
    const display = displayPath(file, ctx.cwd);
    results.push({
      letter: display,
      ok: false,
      signatories: parsed?.letter.signatories.length ?? null,
      errors: problems.length,
      warnings: 0,
      keptRepeats: [],
    });
    for (const p of problems) {
      report(ctx, withField(parsed, p.location || p.message.startsWith(display) ? p : { ...p, message: `${display}: ${p.message}` }));
    }
  }
  answer();
  if (failed > 0) {
    throw new LettersError(
      'invalid-letter',
      `${failed} of ${plural(files.length, 'letter')} ${failed === 1 ? 'has' : 'have'} problems`,
      'fix the lines above, then run `letters check` again',
    );
  }
}

/** The problem with the field it is in, found from its place in the letter's YAML. */
function withField(parsed: ParsedLetter | undefined, problem: Problem): Problem {
  const at = problem.location;
  if (problem.field !== undefined || parsed === undefined || at === undefined || at.file !== parsed.file) return problem;
  const field = fieldAt(parsed.doc, parsed.source, at.line, at.col, (key) => problem.message.includes(`"${key}"`));
  return field === undefined ? problem : { ...problem, field };
}

/** Signatories listed twice on purpose (`allow_repeats: true`), each with both lines: shown, never a problem. */
function keptRepeats(parsed: ParsedLetter): string[] {
  if (parsed.letter.allowRepeats !== true) return [];
  const list = parsed.letter.signatories;
  const line = (i: number): number => parsed.locate(`signatories.${i}`).line;
  return repeatsIn(list).map(
    ({ index, first, field }) =>
      `kept repeat: signatory ${index + 1} "${list[index]![field]}" (line ${line(index)}) repeats signatory ${first + 1} "${list[first]![field]}" (line ${line(first)}), as allow_repeats: true allows`,
  );
}

/** Probable duplicates within the letter: warnings with both lines, the letter still passes. */
function similarWarnings(parsed: ParsedLetter): Problem[] {
  const list = parsed.letter.signatories;
  return similarPairs(list).map(({ first, second, reason }) => {
    const name = (i: number): string => list[i]!.organization ?? list[i]!.name ?? '';
    return {
      severity: 'warning',
      code: 'similar',
      message: `signatory ${second + 1} "${name(second)}" may be the same as signatory ${first + 1} "${name(first)}" (line ${parsed.locate(`signatories.${first}`).line}; ${reason})`,
      hint: 'if they are one, remove one entry; if not, nothing to do',
      location: parsed.locate(`signatories.${second}`),
    };
  });
}

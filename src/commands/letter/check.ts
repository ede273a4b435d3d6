// `letters check [letter…]`: every problem of each letter at once, each located, without writing anything.
import { LettersError, type Problem } from '../../errors.js';
import { fieldAt } from '../../core/read/field-at.js';
import { displayPath, listLetterFiles, readLetterWithProblems, resolveLetter, type LetterEntry } from '../../io/files/letter-files.js';
import { loadTemplate, templateDirs } from '../../io/templates.js';
import { templateInfo } from '../../render/document/template-info.js';
import { markdownPictures, readLetterPictures } from '../publishing/letter-pictures.js';
import type { Fonts } from '../../render/inline/fonts.js';
import { plural } from '../../core/text/plural.js';
import { signatoryCount } from '../../core/signing/signatories.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { similarPairs } from '../../core/signing/similar.js';
import { repeatsIn } from '../../core/signing/signing-rules.js';
import type { Context, JsonOption } from '../context.js';
import { report } from '../warnings.js';
import path from 'node:path';
import { textAgreement } from '../../core/letter/fingerprint.js';
import { languageName } from '../../core/letter/languages.js';
import { translatedParsed, versionTexts, type LetterVersions } from '../../core/read/letter-versions.js';
import { listTranslationFiles, readLetterVersions } from '../../io/files/translation-files.js';
import { versionFault } from '../publishing/agreement.js';
import { cachedOutcome, outcomesKept, textDigest, type KeyPart } from '../../io/files/outcome-cache.js';
import type { TemplateSource } from '../../render/document/template.js';
import type { LetterPictures } from '../../render/document/document.js';

/**
 * What checks a letter's text and builds its document, and the fonts it is checked against:
 * loaded when an outcome has to be worked out (a warm check of a big letter finds them all kept,
 * and loads neither the template engine, Markdown, nor the fonts' tables).
 */
interface Printing {
  prepareLetter: typeof import('../../render/prepare.js').prepareLetter;
  textProblems: typeof import('../../render/prepare.js').textProblems;
  fonts: Fonts;
  covers: (cp: number) => boolean;
  together: (cluster: string) => boolean;
}

async function loadPrinting(): Promise<Printing> {
  const [{ prepareLetter, textProblems }, { loadFonts }] = await Promise.all([
    import('../../render/prepare.js'),
    import('../../io/fonts.js'),
  ]);
  const fonts = loadFonts();
  const { stack } = fonts;
  return {
    prepareLetter,
    textProblems,
    fonts,
    covers: (cp) => stack.covers(cp),
    together: (cluster) => stack.fontForCluster(cluster) !== undefined,
  };
}

/** One letter's outcome, as `check --json` lists it. */
interface Checked {
  letter: string;
  ok: boolean;
  signatories: number | null;
  errors: number;
  warnings: number;
  keptRepeats: string[];
  /** The languages of its translations (letters/<slug>.<lang>.yaml). */
  translations: string[];
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
  let printing: Promise<Printing> | undefined;
  const printer = (): Promise<Printing> => {
    printing ??= loadPrinting();
    return printing;
  };
  let failed = 0;
  for (const { file, problem } of files) {
    const problems: Problem[] = [];
    let warnings: Problem[] = [];
    let translations: string[] = [];
    let parsed: ParsedLetter | undefined;
    try {
      if (problem) throw problem; // not a regular file, or a slug in two files: not read
      const read = await readLetterWithProblems(file, ctx.cwd);
      parsed = read.parsed;
      problems.push(...read.problems);
      if (parsed) {
        const letter = parsed;
        // A big letter's outcomes are kept (see outcome-cache.ts), keyed by its name and text, and this build's id.
        const kept = outcomesKept(letter.source) ? [letter.file, textDigest(letter.source)] : undefined;
        const outcome = async <T>(what: string, key: KeyPart[], compute: () => Promise<T>): Promise<T> =>
          kept === undefined ? compute() : cachedOutcome(what, [...kept, ...key], compute);
        // The letter's text is checked even when the file has other problems: all in one pass.
        // Both depend on its text alone (and the fonts' coverage, part of the build).
        const own = await outcome("the check of this letter's text", [], async () => {
          const { textProblems, covers, together } = await printer();
          return {
            similar: similarWarnings(letter),
            text: textProblems(letter, covers, together).map((p): Problem => ({ code: 'missing-glyph', ...p })),
          };
        });
        warnings = [...parsed.warnings, ...own.similar];
        problems.push(...own.text);
        const versions = await readLetterVersions(parsed, file, ctx.cwd);
        translations = versions.versions.map((v) => v.lang);
        // A translation's text is checked as the letter's is (never kept: its own file is not in the key).
        const forTranslations = versions.versions.some((v) => v.translation !== undefined) ? await printer() : undefined;
        const checked = versionProblems(versions, path.basename(file).replace(/\.ya?ml$/i, ''), forTranslations);
        problems.push(...checked.problems.map((p) => ({ code: 'invalid-letter', ...p })));
        warnings.push(...checked.warnings);
        if (problems.length === 0) {
          const template = await loadTemplate(parsed.letter.template, templateDirs(ctx.dir), ctx.cwd);
          const settings = ctx.settings?.letterhead;
          const layout = parsed.letter.signatoryLayout ?? templateInfo(template).layout ?? 'blocks';
          // The images its Markdown names depend on its text alone: kept, so that a warm check need not render it.
          const named = await outcome("the pictures this letter's Markdown names", [], () => markdownPictures(letter.letter));
          const pictures = await readLetterPictures(ctx.dir, parsed, layout, settings, new Map(), named);
          // Every logo is checked, whatever the layout prints: a later logo wall must not find a broken one.
          if (layout !== 'logos') await readLetterPictures(ctx.dir, parsed, 'logos', settings, new Map(), named);
          // Its text was looked at above (no problems, or this would not run): not again. What
          // building its document finds depends on the letter, the template and the pictures alone.
          const document = await outcome("the check of this letter's document", documentKey(template, pictures), async () => {
            const { prepareLetter, fonts } = await printer();
            return documentOutcome(() => prepareLetter({ parsed: letter, template, fonts, pictures, textChecked: true }));
          });
          if (document.failed) problems.push(...document.problems);
          // Each translation as it prints: the letter's letterhead and logos, and its own Markdown's images.
          for (const v of document.failed ? [] : versions.versions) {
            if (v.translation === undefined) continue;
            const translated = translatedParsed(parsed, v);
            const { prepareLetter, fonts } = await printer();
            prepareLetter({
              parsed: translated,
              template,
              fonts,
              pictures: await readLetterPictures(ctx.dir, translated, layout, settings),
            });
          }
        }
      }
      if (problems.length === 0) {
        // Warnings wait until the errors are fixed: many follow from them (no recipient read, no salutation).
        for (const w of warnings) report(ctx, withField(parsed, w));
        const count = signatoryCount(parsed!.letter.signatories.length);
        const repeats = keptRepeats(parsed!);
        const kept = repeats.length === 0 ? '' : `, ${plural(repeats.length, 'kept repeat')}`;
        const notes = warnings.length === 0 ? '' : `, ${plural(warnings.length, 'warning')}`;
        const langs = translations.length === 0 ? '' : `, ${plural(translations.length, 'translation')}: ${translations.join(', ')}`;
        results.push({
          letter: parsed!.file,
          ok: true,
          signatories: parsed!.letter.signatories.length,
          errors: 0,
          warnings: warnings.length,
          keptRepeats: repeats,
          translations,
        });
        ctx.out(`ok  ${parsed!.file} (${count}${langs}${kept}${notes})`);
        for (const line of repeats) ctx.out(`    ${line}`);
        continue;
      }
    } catch (err) {
      if (!(err instanceof LettersError)) throw err;
      problems.push(...err.problems.map((p) => ({ code: err.code, ...p })));
    }
    failed++;
    // In file order, whichever step found them: the letter's first, then each translation's.
    const display = displayPath(file, ctx.cwd);
    const fileOrder = (p: Problem): string => (p.location === undefined || p.location.file === display ? '' : p.location.file);
    problems.sort(
      (a, b) =>
        fileOrder(a).localeCompare(fileOrder(b)) ||
        (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
        (a.location?.col ?? 0) - (b.location?.col ?? 0),
    );
    results.push({
      letter: display,
      ok: false,
      signatories: parsed?.letter.signatories.length ?? null,
      errors: problems.length,
      warnings: 0,
      keptRepeats: [],
      translations,
    });
    for (const p of problems) {
      report(ctx, withField(parsed, p.location || p.message.startsWith(display) ? p : { ...p, message: `${display}: ${p.message}` }));
    }
  }
  // Checking the whole folder: a translation whose letter is not there is a file nothing reads.
  if (letterArgs.length === 0) {
    const slugs = new Set((files as LetterEntry[]).map((f) => f.slug));
    for (const t of await listTranslationFiles(ctx.dir, ctx.cwd)) {
      if (slugs.has(t.slug)) continue;
      failed++;
      const orphan = {
        message: `a ${languageName(t.lang)} translation of "${t.slug}", which has no letter file`,
        hint: `restore ${t.slug}.yaml, rename this file for its letter, or remove it`,
        location: { file: displayPath(t.file, ctx.cwd), line: 1, col: 1 },
      };
      results.push({
        letter: orphan.location.file,
        ok: false,
        signatories: null,
        errors: 1,
        warnings: 0,
        keptRepeats: [],
        translations: [],
      });
      report(ctx, { code: 'invalid-letter', ...orphan });
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

/**
 * Each translation's problems (what it lacks against the letter, characters no font has, its
 * Markdown), each in its own file; a translation that has fallen behind the letter, and a
 * signature on a version the letter does not have, are warnings.
 */
function versionProblems(
  versions: LetterVersions,
  slug: string,
  printing: Printing | undefined,
): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const theirs = languageName(versions.parsed.letter.lang);
  for (const v of versions.versions) {
    const errors = v.problems.filter((p) => p.severity !== 'warning');
    problems.push(...errors);
    // (Given whenever there is a translation.)
    if (v.translation !== undefined && errors.length === 0 && printing !== undefined) {
      const { textProblems, covers, together } = printing;
      problems.push(...textProblems(translatedParsed(versions.parsed, v), covers, together).map((p) => ({ code: 'missing-glyph', ...p })));
    }
    const fault = errors.length === 0 ? versionFault(v, slug, theirs) : undefined;
    if (fault !== undefined)
      warnings.push({
        message: fault.what,
        hint: fault.hint,
        location: { file: v.file, line: 1, col: 1 },
        severity: 'warning',
        code: 'stale-translation',
      });
  }
  const { noVersion } = textAgreement(versions.parsed.letter, versionTexts(versions));
  for (const i of noVersion) {
    const s = versions.parsed.letter.signatories[i]!;
    warnings.push({
      message: `signatory ${i + 1} signed the ${languageName(s.lang!)} version (lang: ${s.lang}), which the letter has no translation into`,
      hint: `add letters/${slug}.${s.lang}.yaml, or correct lang:`,
      location: versions.parsed.locate(`signatories.${i}.lang`),
      severity: 'warning',
      code: 'no-version',
    });
  }
  return { problems, warnings };
}

/** What building a document found: nothing, or the problems of the error it stopped at, each with the error's code. */
function documentOutcome(build: () => unknown): { failed: boolean; problems: Problem[] } {
  try {
    build();
    return { failed: false, problems: [] };
  } catch (err) {
    if (!(err instanceof LettersError)) throw err;
    return { failed: true, problems: err.problems.map((p) => ({ code: err.code, ...p })) };
  }
}

/**
 * Besides the letter, what its document is built from: the template (its text, name and where
 * it was found, as messages name it), and the pictures as read (each one's digest and sizes, the
 * letterhead, the project's included). Fonts are not named: what they cover is part of the build.
 */
function documentKey(template: TemplateSource, { pictures, letterhead }: LetterPictures): KeyPart[] {
  const read = [...pictures].map(([source, p]) => [source, p.source, p.format, p.key, p.width, p.height, p.naturalWidth, p.naturalHeight]);
  return [
    template.name,
    template.file,
    template.replacesShipped === true ? 'replaces' : 'own',
    template.text,
    JSON.stringify([letterhead ?? null, read]),
  ];
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

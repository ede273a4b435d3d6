// `letters list`: the letters in the folder, with their status, counts (signed, pending review) and text fingerprint.
import { visible } from '../../io/terminal/visible.js';
import { LettersError, type Problem } from '../../errors.js';
import { displayPath, listLetterFiles, readLetter } from '../../io/files/letter-files.js';
import { textAgreement } from '../../core/letter/fingerprint.js';
import { languageName } from '../../core/letter/languages.js';
import { versionTexts } from '../../core/read/letter-versions.js';
import { listTranslationFiles, readLetterVersions } from '../../io/files/translation-files.js';
import { plural } from '../../core/text/plural.js';
import type { Context } from '../context.js';
import { print, report } from '../warnings.js';

export interface ListOptions {
  json?: boolean;
}

interface Row {
  slug: string;
  status: string;
  signatories: number | null;
  /** Entries waiting in `pending:` for `letters review`: not signatures, counted apart. */
  pending: number | null;
  /** Signatories whose recorded text is not the current one. */
  earlierText: number | null;
  title: string;
  /** The letter's language, then each translation's, with its state. */
  languages: { lang: string; state: string }[];
}

/** `letters list`: every letter in the folder. A broken file is listed as invalid and fails the run. */
export async function list(ctx: Context, options: ListOptions): Promise<void> {
  const files = await listLetterFiles(ctx.dir, ctx.cwd);
  const rows: Row[] = [];
  const broken: Problem[] = [];
  for (const { slug, file, problem } of files) {
    try {
      if (problem) throw problem; // not a regular file, or a slug in two files: not read
      const parsed = await readLetter(file, ctx.cwd);
      const { letter } = parsed;
      const versions = await readLetterVersions(parsed, file, ctx.cwd);
      const agreement = textAgreement(letter, versionTexts(versions));
      rows.push({
        slug,
        status: letter.status,
        signatories: letter.signatories.length,
        pending: letter.pending?.length ?? 0,
        earlierText: agreement.earlier.length + agreement.noVersion.length,
        title: letter.title,
        languages: [{ lang: letter.lang, state: 'letter' }, ...versions.versions.map((v) => ({ lang: v.lang, state: v.state }))],
      });
    } catch (err) {
      if (!(err instanceof LettersError)) throw err;
      rows.push({ slug, status: 'invalid', signatories: null, pending: null, earlierText: null, title: '', languages: [] });
      broken.push(err.problems[0]!);
    }
  }
  // A translation whose letter is not there: said, never read as a letter.
  const slugs = new Set(files.map((f) => f.slug));
  for (const t of await listTranslationFiles(ctx.dir, ctx.cwd)) {
    if (!slugs.has(t.slug)) {
      report(ctx, {
        message: `a ${languageName(t.lang)} translation of "${t.slug}", which has no letter file`,
        hint: `restore ${t.slug}.yaml, or remove it`,
        location: { file: displayPath(t.file, ctx.cwd), line: 1, col: 1 },
        severity: 'warning',
        code: 'orphan-translation',
      });
    }
  }
  if (options.json) {
    ctx.outJson({ folder: displayPath(ctx.dir, ctx.cwd), letters: rows });
  } else if (rows.length === 0) {
    print(ctx, `No letters in ${displayPath(ctx.dir, ctx.cwd)}/ — start one with: letters new <slug>`);
  } else {
    // Columns are measured as printed: a control character in a file name shows as an escape.
    const width = (pick: (r: Row) => string, head: string): number => Math.max(head.length, ...rows.map((r) => visible(pick(r)).length));
    const number = (n: number | null): string => (n === null ? '-' : String(n));
    const count = (r: Row): string => number(r.signatories);
    const pending = (r: Row): string => number(r.pending);
    const earlier = (r: Row): string => number(r.earlierText);
    // The languages only where a letter has a translation: a folder of letters in one language reads as before.
    const multilingual = rows.some((r) => r.languages.length > 1);
    const langs = (r: Row): string =>
      r.languages.length === 0
        ? '-'
        : r.languages.map((l) => (l.state === 'letter' || l.state === 'current' ? l.lang : `${l.lang}(${l.state})`)).join(',');
    const w = [
      width((r) => r.slug, 'SLUG'),
      width((r) => r.status, 'STATUS'),
      width(count, 'SIGNED'),
      width(pending, 'PENDING'),
      width(earlier, 'EARLIER'),
      width(langs, 'LANGUAGES'),
    ];
    const line = (a: string, b: string, c: string, p: string, e: string, l: string, d: string): string =>
      `${visible(a).padEnd(w[0]!)}  ${visible(b).padEnd(w[1]!)}  ${c.padStart(w[2]!)}  ${p.padStart(w[3]!)}  ${e.padStart(w[4]!)}  ${multilingual ? `${visible(l).padEnd(w[5]!)}  ` : ''}${d}`.trimEnd();
    print(ctx, line('SLUG', 'STATUS', 'SIGNED', 'PENDING', 'EARLIER', 'LANGUAGES', 'TITLE'));
    for (const r of rows) print(ctx, line(r.slug, r.status, count(r), pending(r), earlier(r), langs(r), r.title));
  }
  if (broken.length > 0) {
    for (const b of broken) report(ctx, b);
    throw new LettersError(
      'invalid-letter',
      `${broken.length} of ${plural(rows.length, 'letter')} could not be read`,
      'run `letters check` to see every problem',
    );
  }
}

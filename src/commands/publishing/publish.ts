// `letters publish <letter> -o DIR`: a static folder any host serves — the page (letter, count, searchable signatories), the PDF, a share image and counts.json — and nothing that calls another host.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { countSentence, countSignatories } from '../../core/delivery/counts.js';
import { shellWord } from '../../core/text/shell-word.js';
import { LettersError, usageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import { isCode } from '../../io/files/fs-errors.js';
import { displayPath, readLetter, resolveLetter } from '../../io/files/letter-files.js';
import { readFontFile } from '../../io/fonts.js';
import { refuseForeign } from '../../io/files/output-files.js';
import { formatDate } from '../../render/document/view.js';
import { FORMATS } from '../../render/writers/formats.js';
import { lastSignedLine, publishPage } from '../../render/writers/publish-page.js';
import { shareImage } from '../../render/writers/share-image.js';
import { formatProblem } from '../../io/terminal/diagnostics.js';
import type { Context } from '../context.js';
import { checkAgreement } from './agreement.js';
import { RenderRun } from './render-run.js';
import { resolveSettings } from './render-settings.js';

export interface PublishOptions {
  output?: string;
  /** The page's public address, for the share image's absolute URL (og:image). */
  url?: string;
  json?: boolean;
}

const COUNTS = 'counts.json';
const IMAGE = 'share.png';

/** `letters publish <letter> -o DIR`. */
export async function publish(ctx: Context, letterArg: string, options: PublishOptions): Promise<void> {
  if (options.output === undefined || options.output === '-')
    throw usageError('publish writes a folder', 'give it with -o DIR (created if missing)');
  if (options.url !== undefined && !/^https?:\/\/[^\s/]+/.test(options.url))
    throw usageError(
      `--url must be an http(s) address, not "${options.url}"`,
      'give the address the folder will be served at, such as https://example.org/letter/',
    );
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  const dir = path.resolve(ctx.cwd, options.output);
  const shown = displayPath(dir, ctx.cwd);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (stat !== undefined && !stat.isDirectory())
    throw usageError(`-o ${options.output} is a file, and publish writes a folder`, 'give -o a folder');
  const parsed = await readLetter(file, ctx.cwd);
  for (const warning of parsed.warnings) ctx.err(formatProblem(warning));
  checkAgreement(ctx, parsed, letterArg, false);
  const { letter } = parsed;
  const slug = RenderRun.slugOf(file);
  const html = new RenderRun(ctx, resolveSettings({ format: 'html' }));
  const pdf = new RenderRun(ctx, resolveSettings({ format: 'pdf' }));
  const document = await html.document(parsed, await html.template(letter));
  const [pdfOut] = await pdf.outputs(await pdf.document(parsed, await pdf.template(letter)));
  const counts = countSignatories(letter);
  const sentence = countSentence(counts, letter.lang);
  const lastSigned = counts.lastSigned === undefined ? undefined : formatDate(counts.lastSigned, letter.lang);
  const page = publishPage(document, html.creator, {
    countSentence: sentence,
    ...(lastSigned === undefined ? {} : { lastSigned }),
    pdf: `${slug}.pdf`,
    image: IMAGE,
    ...(options.url === undefined ? {} : { url: options.url }),
    total: counts.total,
  });
  const image = await shareImage({
    title: document.title,
    sentence,
    ...(lastSigned === undefined ? {} : { footer: lastSignedLine(letter.lang, lastSigned) }),
    lang: letter.lang,
    dir: document.dir,
    stack: pdf.loadFonts().stack,
    readFont: readFontFile,
  });
  const json = `${JSON.stringify(
    {
      generator: html.creator,
      title: letter.title,
      lang: letter.lang,
      total: counts.total,
      sections: { organizations: counts.organizations, individuals: counts.individuals },
      groups: Object.fromEntries(counts.groups.map((g) => [g.group, g.count])),
      lastSigned: counts.lastSigned ?? null,
      updated: ctx.now().toISOString(),
    },
    null,
    2,
  )}\n`;
  const files: { name: string; bytes: Buffer; own: (existing: Buffer, fresh: Buffer) => boolean; rule: string }[] = [
    { name: 'index.html', bytes: Buffer.from(page, 'utf8'), own: FORMATS.html.isOwn, rule: FORMATS.html.ownRule },
    { name: `${slug}.pdf`, bytes: pdfOut!.bytes, own: FORMATS.pdf.isOwn, rule: FORMATS.pdf.ownRule },
    { name: IMAGE, bytes: image, own: FORMATS.png.isOwn, rule: FORMATS.png.ownRule },
    {
      name: COUNTS,
      bytes: Buffer.from(json, 'utf8'),
      own: (e) => /^\{\s*"generator": "letters /.test(e.toString('utf8')),
      rule: 'is not a counts.json written by letters',
    },
  ];
  // Replace only the kit's own earlier files; refuse before writing any.
  if (stat !== undefined) {
    for (const f of files) {
      const target = path.join(dir, f.name);
      const head = await fs.readFile(target).catch((err: unknown) => (isCode(err, 'ENOENT') ? undefined : Promise.reject(err)));
      if (head !== undefined && !f.own(head.subarray(0, 4096), f.bytes))
        throw new LettersError(
          'exists',
          `${displayPath(target, ctx.cwd)} ${f.rule}`,
          `nothing was written; move it away, or publish into another folder than ${shellWord(shown)}`,
        );
    }
  } else {
    await fs.mkdir(dir, { recursive: true }).catch((err: unknown) => {
      throw new LettersError('io', `cannot create ${shown}: ${(err as Error).message}`, 'check the path and its permissions');
    });
  }
  for (const f of files) {
    const target = path.join(dir, f.name);
    if (f.name.endsWith('.pdf')) await refuseForeign(target, FORMATS.pdf, f.bytes, ctx.cwd);
    await writeFileAtomic(target, f.bytes, { display: displayPath(target, ctx.cwd) });
  }
  if (options.json)
    ctx.outJson({ letter: parsed.file, folder: shown, files: files.map((f) => f.name), url: options.url ?? null, sentence });
  ctx.out(`Published ${parsed.file} into ${shown}/: ${files.map((f) => f.name).join(', ')} — ${sentence}`);
}

// A letter's pictures read for a run: the project's default letterhead, then every picture the letter prints, each problem at its field.
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import type { Letter, SignatoryLayout } from '../../core/letter/letter.js';
import type { PictureRef } from '../../core/letter/pictures.js';
import type { ProjectLetterhead } from '../../core/settings/settings.js';
import { InvalidLetterError } from '../../errors.js';
import type { PictureRequest } from '../../io/pictures/load-pictures.js';
import { projectRoot } from '../../io/pictures/project-root.js';
import type { LetterPictures } from '../../render/document/document.js';
import { effectiveLetterhead, letterPictures } from '../../render/document/letter-pictures.js';
import { pictureBox } from '../../render/pdf/page-style.js';
import { PRINT_DPI, type Picture } from '../../render/pictures.js';

/** Pictures already read in this run, by path and box: a mail merge prints the same logos in every letter. */
export type PictureCache = Map<string, Picture>;

/**
 * The images a letter's Markdown prints, each with the field naming it: found by rendering its
 * Markdown (the renderer is loaded here, when first asked for).
 */
export async function markdownPictures(letter: Letter): Promise<PictureRef[]> {
  const { renderLetterMarkdown } = await markdownRenderer();
  return renderLetterMarkdown(letter).pictures;
}

/** The Markdown renderer, loaded on first call (a render loads it before it sets a V8 flag: see render-run.ts). */
export const markdownRenderer = (): Promise<typeof import('../../render/document/letter-markdown.js')> =>
  import('../../render/document/letter-markdown.js');

/**
 * Read the pictures `letter` prints in `layout`: each scaled for the largest box it is printed
 * in at 300 dpi. Every picture that cannot be read is a problem at the field naming it (the
 * project's letterhead at its line of the settings file); all are thrown at once. `inMarkdown`:
 * the images of the letter's Markdown when the caller has them (markdownPictures).
 */
export async function readLetterPictures(
  lettersDir: string,
  parsed: ParsedLetter,
  layout: SignatoryLayout,
  project: ProjectLetterhead | undefined,
  cache: PictureCache = new Map(),
  inMarkdown?: readonly PictureRef[],
): Promise<LetterPictures> {
  const { letter } = parsed;
  const letterhead = effectiveLetterhead(letter, project?.value);
  const refs = letterPictures(letter, layout, project?.value, inMarkdown ?? (await markdownPictures(letter)));
  if (refs.length === 0) return { pictures: new Map(), ...(letterhead === undefined ? {} : { letterhead }) };
  const requests: PictureRequest[] = refs.map((ref) => {
    const points = pictureBox(ref.use, letter.paper, logoColumns(letter));
    const box = { width: Math.ceil((points.width * PRINT_DPI) / 72), height: Math.ceil((points.height * PRINT_DPI) / 72) };
    const location =
      ref.use === 'letterhead' && letter.letterhead === undefined && project
        ? project.locate(ref.field)
        : parsed.locate(ref.field, ref.line === undefined ? undefined : { line: ref.line, text: ref.source });
    return { ref, box, location };
  });
  const key = (r: PictureRequest): string => `${r.ref.source}\u0000${r.box.width}x${r.box.height}`;
  const pictures = new Map<string, Picture>();
  const wanted = requests.filter((r) => {
    const known = cache.get(key(r));
    if (known) pictures.set(r.ref.source, known);
    return known === undefined;
  });
  // The decoders (and the SVG parser) loaded when a letter prints a picture: most print none.
  const { loadPictures } = await import('../../io/pictures/load-pictures.js');
  const loaded = await loadPictures(projectRoot(lettersDir), wanted);
  if (loaded.problems.length > 0) {
    // In the order they stand in the file (the settings file's first).
    const at = (p: (typeof loaded.problems)[number]): number => (p.location ? p.location.line * 1e6 + p.location.col : 0);
    throw new InvalidLetterError([...loaded.problems].sort((a, b) => (a.location?.file === b.location?.file ? at(a) - at(b) : 0)));
  }
  for (const r of wanted) {
    const picture = loaded.pictures.get(r.ref.source)!;
    pictures.set(r.ref.source, picture);
    cache.set(key(r), picture);
  }
  return { pictures, ...(letterhead === undefined ? {} : { letterhead }) };
}

/** The columns of a letter's logo wall. */
function logoColumns(letter: Letter): number | undefined {
  return letter.signatoryColumns;
}

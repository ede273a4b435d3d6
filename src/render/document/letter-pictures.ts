//! The pictures a letter prints, found before anything is drawn, so the edge can read them:
//! its letterhead's image (its own or the project's), its organizations' logos when the
//! signatories stand as a logo wall, and the images of its Markdown (found by rendering it:
//! letter-markdown.ts, which the caller runs, or keeps from a run before).

import type { Letter, SignatoryLayout } from '../../core/letter/letter.js';
import type { Letterhead, PictureRef } from '../../core/letter/pictures.js';

/** The letterhead a letter prints: its own, none (`letterhead: false`), or the project's default. */
export function effectiveLetterhead(letter: Letter, projectDefault: Letterhead | undefined): Letterhead | undefined {
  if (letter.letterhead === false) return undefined;
  return letter.letterhead ?? projectDefault;
}

/**
 * Every picture a letter prints in `layout`, in reading order, each with the field that
 * names it (a letterhead the letter does not set is the project's, in its settings file).
 * `markdownPictures`: the images of its Markdown (renderLetterMarkdown(letter).pictures).
 */
export function letterPictures(
  letter: Letter,
  layout: SignatoryLayout,
  projectDefault: Letterhead | undefined,
  markdownPictures: readonly PictureRef[],
): PictureRef[] {
  const refs: PictureRef[] = [];
  const head = effectiveLetterhead(letter, projectDefault);
  // `letterhead.image` is found at `letterhead:` when that is the picture's path itself.
  if (head?.image !== undefined) refs.push({ source: head.image, field: 'letterhead.image', use: 'letterhead' });
  if (layout === 'logos') {
    letter.signatories.forEach((s, i) => {
      if (s.logo !== undefined) refs.push({ source: s.logo, field: `signatories.${i}.logo`, use: 'logo' });
    });
  }
  refs.push(...markdownPictures);
  return refs;
}

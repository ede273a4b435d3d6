// Grapheme clusters (and dictionary words) of a long text in linear time: V8's Intl.Segmenter
// slows down with the length of the string it walks, so a 200 KB word took minutes.

/** A segment and where it starts in the whole text. */
export interface SegmentAt {
  segment: string;
  index: number;
}

/** How much of the text the segmenter sees at once: its cost per segment grows with this. */
const WINDOW = 1024;

/**
 * The segments of `text`, as `segmenter.segment(text)` gives them, walked a window at a
 * time. The last segment of each window may be cut by the window's end, so it is segmented
 * again at the start of the next; only a single segment longer than a whole window (a base
 * with a thousand combining marks) is split where the window ends.
 */
export function* segmentsOf(text: string, segmenter: Intl.Segmenter): Generator<SegmentAt> {
  if (text.length <= WINDOW) {
    for (const { segment, index } of segmenter.segment(text)) yield { segment, index };
    return;
  }
  let start = 0;
  while (start < text.length) {
    const end = Math.min(text.length, start + WINDOW);
    let last: SegmentAt | undefined;
    for (const { segment, index } of segmenter.segment(text.slice(start, end))) {
      if (last !== undefined) yield last;
      last = { segment, index: start + index };
    }
    if (last === undefined) return;
    if (end === text.length || last.index === start) {
      yield last;
      start = last.index + last.segment.length;
    } else {
      start = last.index;
    }
  }
}

let graphemeSegmenter: Intl.Segmenter | undefined;

/** The grapheme clusters of `text` (a letter with its marks, an emoji sequence), with their offsets. */
export function graphemesOf(text: string): Generator<SegmentAt> {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmentsOf(text, graphemeSegmenter);
}

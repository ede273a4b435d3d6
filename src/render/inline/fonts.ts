// The inline stage's contract with its callers: the fonts a letter is measured and drawn with.
import type { FontStack } from './font-stack.js';
import type { Shaper } from './shape.js';

/** The fonts a letter is drawn with: what draws which character, and how they are shaped. */
export interface Fonts {
  stack: FontStack;
  shaper: Shaper;
}

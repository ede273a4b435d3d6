// How blocks hold together on the PDF's pages: which move with the next or keep the last lines of the one before, and the space each class puts around it.
import { BLOCK_ROLES, HEADING_ROLE, roleOf } from '../document/roles.js';
import type { Block } from '../document/tree.js';
import { NAMES_HEADING_GAP, PARAGRAPH_GAP } from './page-style.js';
import { isNames } from './signatures/signatory-columns.js';

/** The class table (roles.ts) says which blocks move with the start of the next; a row of two languages, as its texts do. */
export function keepsWithNext(block: Block): boolean {
  if (block.kind === 'parallel') return block.sides.some((side) => side.some(keepsWithNext));
  return block.kind === 'heading' ? HEADING_ROLE.keepWithNext : block.kind === 'paragraph' && roleOf(block.role).keepWithNext;
}

/**
 * … and which keep the last lines of the one before: "Sincerely," keeps the text's; so do the
 * signatures (their first heading, or their first list) when no signoff stands between.
 */
export function keepsWithPrevious(blocks: readonly Block[], i: number): boolean {
  const block = blocks[i]!;
  if (block.kind === 'paragraph' && roleOf(block.role).keepWithPrevious) return true;
  const first = block.kind === 'parallel' ? block.sides[0]?.[0] : undefined;
  if (first?.kind === 'paragraph' && roleOf(first.role).keepWithPrevious) return true;
  const previous = blocks[i - 1];
  if (previous === undefined || keepsWithNext(previous) || previous.kind === 'signatures' || inRun(previous)) return false;
  let j = i;
  while (j < blocks.length && inRun(blocks[j]!)) j++;
  return blocks[j]?.kind === 'signatures';
}

/** A group heading (h3) right above a names list: set small and close to its names. */
export function headsNames(block: Block, next: Block | undefined): boolean {
  return block.kind === 'heading' && block.level === 3 && isNames(next);
}

/**
 * A section or group heading, or the note under a section heading: what may stand between
 * the lists of one run, the letter's signatures.
 */
export function inRun(block: Block): block is Extract<Block, { kind: 'heading' | 'paragraph' }> {
  return (block.kind === 'heading' && block.level > 1) || (block.kind === 'paragraph' && block.role === 'note');
}

/** The space between two blocks that follow each other. */
export function between(block: Block, next: Block): number {
  return headsNames(block, next) ? NAMES_HEADING_GAP : PARAGRAPH_GAP;
}

/** The space a block's class puts before it; a list under a group heading (`tight`) has none. */
export function gapBefore(block: Block, tight: boolean): number {
  if (block.kind === 'paragraph') return roleOf(block.role).gapBefore * PARAGRAPH_GAP;
  if (block.kind === 'signatures' && !tight) return BLOCK_ROLES.signatories.gapBefore * PARAGRAPH_GAP;
  return 0;
}

/** The space a block's class puts after it. */
export function gapAfter(block: Block): number {
  return block.kind === 'paragraph' ? roleOf(block.role).gapAfter * PARAGRAPH_GAP : 0;
}

//! The meaning of template classes: one table that the PDF, HTML, Markdown and text writers
//! all read, so "signoff keeps with the signatures" or "a gap after the date" is said once.

/** What a class on a template's block element asks of every output format. */
export interface BlockRole {
  /** Extra space before the block, in paragraph gaps (the normal gap between blocks is one). */
  gapBefore: number;
  /** Extra space after the block, in paragraph gaps. */
  gapAfter: number;
  /** Never end a page with this block: it moves with the start of the next one. */
  keepWithNext: boolean;
  /** Never start a page with this block: the last lines of the one before stay with it. */
  keepWithPrevious: boolean;
  /** Never split this block (or each item of it) across two pages. */
  keepWhole: boolean;
  /** What the block is, for people reading the README and `letters templates`. */
  meaning: string;
}

const plain: BlockRole = { gapBefore: 0, gapAfter: 0, keepWithNext: false, keepWithPrevious: false, keepWhole: false, meaning: '' };

/**
 * Classes with a meaning. Any other class is kept in HTML (a project stylesheet may use it)
 * and has no effect elsewhere.
 */
export const BLOCK_ROLES = {
  address: { ...plain, gapAfter: 1, keepWhole: true, meaning: 'the recipient block (also <address>); lines kept together' },
  date: { ...plain, gapAfter: 1, meaning: 'the date line' },
  'closing-date': {
    ...plain,
    gapBefore: 1,
    keepWithNext: true,
    meaning: 'the date line after the body (ja, zh, ko): on the page of the signoff and the first signatures',
  },
  salutation: { ...plain, keepWithNext: true, meaning: '"Dear …,": never alone at the foot of a page' },
  note: { ...plain, keepWithNext: true, meaning: "the line under a signatory section's heading: with the first signatures" },
  issues: { ...plain, meaning: 'the list of issues' },
  signoff: {
    ...plain,
    gapBefore: 1,
    keepWithNext: true,
    keepWithPrevious: true,
    meaning: '"Sincerely,": on one page with the last lines of the text and the first signatures',
  },
  'signatories-intro': {
    ...plain,
    keepWithNext: true,
    meaning: 'on a div around the text between the signoff and the list: each paragraph kept with the first signatures',
  },
  'signatories-outro': { ...plain, gapBefore: 1, meaning: 'on a div around the text after the list: a gap before it' },
  signatories: {
    ...plain,
    gapBefore: 1,
    keepWhole: true,
    meaning:
      'signatories, data-columns="1"–"4" wide (or a range, "2-4", that their widths choose from); each entry whole on one page, at least three on a page, a list of up to eight lines never split',
  },
} as const satisfies Record<string, BlockRole>;

export type RoleName = keyof typeof BLOCK_ROLES;

/** The role of a block's class; a class without a meaning behaves like none. */
export function roleOf(role: string | undefined): BlockRole {
  return role !== undefined && Object.hasOwn(BLOCK_ROLES, role) ? BLOCK_ROLES[role as RoleName] : plain;
}

/** Headings keep with what follows whatever their class. */
export const HEADING_ROLE: BlockRole = { ...plain, keepWithNext: true, meaning: 'a heading' };

/** Signature blocks per row: the grid's `data-columns`, clamped to what fits on a page. */
export const MAX_SIGNATURE_COLUMNS = 4;

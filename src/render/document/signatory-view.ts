/**
 * Signatories as templates print them: sections and groups (core/letter/arrangement.ts), each
 * signatory's lines already composed for the letter's `signatory_layout`, so one piece of
 * template markup serves every layout.
 */
import { arrangeSignatories, isIndividual } from '../../core/letter/arrangement.js';
import { publicFields, type PublicSignatoryFields } from '../../core/letter/fields.js';
import { languageTable } from '../../core/letter/languages.js';
import type { Letter, Signatory, SignatoryLayout } from '../../core/letter/letter.js';

export type SignatoryView = PublicSignatoryFields & {
  /** What is printed for this signatory in the group's layout, one entry per line. */
  lines: string[];
};

export interface GroupView {
  heading?: string;
  layout: SignatoryLayout;
  /**
   * How many columns, for the template's `data-columns`: a range the entries' widths choose
   * from ("2-3" for blocks, "1-3" for lines, "2-4" for names), or the letter's
   * `signatory_columns` ("3-3").
   */
  columns: string;
  signatories: SignatoryView[];
}

export interface SectionView {
  /** "Organizations" / "Individuals" in the letter's language, when a letter has both. */
  heading?: string;
  /** The line under the individuals' heading ("Affiliations are listed …"), when there is one. */
  note?: string;
  groups: GroupView[];
}

/** The columns each layout chooses from, by the widths of its entries, when the letter sets no `signatory_columns`. */
export const LAYOUT_COLUMNS: Record<SignatoryLayout, { least: number; most: number }> = {
  blocks: { least: 2, most: 3 },
  lines: { least: 1, most: 3 },
  names: { least: 2, most: 4 },
};

/** A group's `columns`: the letter's choice, or the layout's range. */
function columnsOf(letter: Letter, layout: SignatoryLayout): string {
  const chosen = letter.signatoryColumns;
  const { least, most } = chosen === undefined ? LAYOUT_COLUMNS[layout] : { least: chosen, most: chosen };
  return `${least}-${most}`;
}

const join = (parts: (string | undefined)[], separator = ', '): string => parts.filter((p) => p !== undefined && p !== '').join(separator);

/** "Human Rights Watch (US)" for an organization; an individual's "University, Country". */
function whereFrom(s: Signatory): string {
  if (!isIndividual(s)) return s.country === undefined ? s.organization! : `${s.organization} (${s.country})`;
  return join([s.affiliation, s.country]);
}

/** The lines printed for one signatory in a layout. */
export function signatoryLines(s: Signatory, layout: SignatoryLayout): string[] {
  switch (layout) {
    case 'blocks':
      return [s.name, s.title, whereFrom(s)].filter((l): l is string => l !== undefined && l !== '');
    case 'lines':
      return [join([s.name, s.title, whereFrom(s)])];
    case 'names':
      return [isIndividual(s) ? join([s.name, whereFrom(s)]) : whereFrom(s)];
  }
}

export function buildSections(letter: Letter, layout: SignatoryLayout, text: (s: string) => string): SectionView[] {
  const labels = languageTable(letter.lang);
  const columns = columnsOf(letter, layout);
  return arrangeSignatories(letter).map((section) => {
    const view: SectionView = {
      groups: section.groups.map((g) => {
        const group: GroupView = {
          layout,
          columns,
          signatories: g.members.map((s) => ({ ...publicFields(s, text), lines: signatoryLines(s, layout).map(text) })),
        };
        if (g.heading !== undefined) group.heading = text(g.heading);
        return group;
      }),
    };
    if (section.kind === 'organizations') view.heading = labels.organizations;
    if (section.kind === 'individuals') view.heading = labels.individuals;
    const individuals = section.groups.flatMap((g) => g.members).filter(isIndividual);
    if (section.kind !== 'organizations' && individuals.some((s) => s.affiliation !== undefined)) {
      const note = letter.individualsNote ?? labels.individualsNote;
      if (note !== '') view.note = text(note);
    }
    return view;
  });
}

/**
 * Signatories as templates print them: sections and groups (core/letter/arrangement.ts), each
 * signatory's lines already composed for the letter's `signatory_layout`, so one piece of
 * template markup serves every layout.
 */
import { arrangeSignatories, isIndividual } from '../../core/letter/arrangement.js';
import { publicFields, type PublicSignatoryFields } from '../../core/letter/fields.js';
import { languageTable, type LanguageTable } from '../../core/letter/languages.js';
import type { Letter, Signatory, SignatoryLayout } from '../../core/letter/letter.js';
import { numbers } from '../../core/text/dates-and-numbers.js';

export type SignatoryView = PublicSignatoryFields & {
  /** What is printed for this signatory in the group's layout, one entry per line. */
  lines: string[];
  /** Its number in the letter's digits ("12", "١٢"), when the letter says `numbered:`; the template adds the period. */
  number?: string;
  /** Its logo's path, in the logos layout, for `<img src="{{picture}}">`. */
  picture?: string;
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
  /** Where a description goes: on a line under the entry (blocks), or after it on its line (lines, names). */
  descriptionBelow: boolean;
  /** The logos layout: whether names stand under the logos (`logo_names:`), for the template's `data-names`. */
  names: boolean;
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
  logos: { least: 4, most: 4 },
};

/** A group's `columns`: the letter's choice, or the layout's range. */
function columnsOf(letter: Letter, layout: SignatoryLayout): string {
  const chosen = letter.signatoryColumns;
  const { least, most } = chosen === undefined ? LAYOUT_COLUMNS[layout] : { least: chosen, most: chosen };
  return `${least}-${most}`;
}

const join = (parts: (string | undefined)[], separator: string): string => parts.filter((p) => p !== undefined && p !== '').join(separator);

/** How the language joins a signatory's parts: separator and brackets (core/letter/languages.ts). */
type Joining = Pick<LanguageTable, 'separator' | 'brackets' | 'affiliationInBrackets'>;

/** "Human Rights Watch (US)" for an organization; an individual's "University, Country". */
function whereFrom(s: Signatory, style: Joining): string {
  const [open, close] = style.brackets;
  if (!isIndividual(s)) return s.country === undefined ? s.organization! : `${s.organization}${open}${s.country}${close}`;
  return join([s.affiliation, s.country], style.separator);
}

/** A name and what follows it on one line: "Jane Roe, Director, HRW", or in ja and zh "秋山眞兄（委員会 代表）". */
function nameWith(name: string | undefined, after: (string | undefined)[], style: Joining): string {
  const [open, close] = style.brackets;
  // Inside the brackets the organization comes before the title, as ja and zh write them ("委員会 代表").
  const inside = join([...after].reverse(), ' ');
  if (style.affiliationInBrackets)
    return name === undefined || inside === '' ? join([name, inside], ' ') : `${name}${open}${inside}${close}`;
  return join([name, ...after], style.separator);
}

/** The lines printed for one signatory in a layout, joined as the letter's language joins them (English by default). */
export function signatoryLines(s: Signatory, layout: SignatoryLayout, style: Joining = languageTable('en')): string[] {
  switch (layout) {
    case 'blocks':
      return [s.name, s.title, whereFrom(s, style)].filter((l): l is string => l !== undefined && l !== '');
    case 'lines':
      return [nameWith(s.name, [s.title, whereFrom(s, style)], style)];
    case 'names':
    case 'logos':
      return [isIndividual(s) ? nameWith(s.name, [whereFrom(s, style)], style) : whereFrom(s, style)];
  }
}

/**
 * Numbers in the letter's digits, as page numbers are (Arabic-Indic for ar-EG, Persian for fa …),
 * counting across the whole list or from 1 under each heading, in the order they are printed.
 */
function numbering(letter: Letter): { next: () => string | undefined; group: () => void } {
  if (letter.numbered === undefined) return { next: () => undefined, group: () => undefined };
  const digits = numbers(letter.lang, { useGrouping: false });
  let n = 0;
  return {
    next: () => digits.format(++n),
    group: () => {
      if (letter.numbered === 'per-group') n = 0;
    },
  };
}

export function buildSections(
  letter: Letter,
  layout: SignatoryLayout,
  text: (s: string) => string,
  /** How a field's text is printed when it differs from the rest (a translation's field kept in the letter's language). */
  fieldText: (field: string) => (s: string) => string = () => text,
): SectionView[] {
  const labels = languageTable(letter.lang);
  const columns = columnsOf(letter, layout);
  const numbers = numbering(letter);
  return arrangeSignatories(letter).map((section) => {
    // Individuals have no logos: beside a logo wall they stand as a list of names.
    const own = layout === 'logos' && section.kind === 'individuals' ? 'names' : layout;
    const ownColumns = own === layout ? columns : columnsOf(letter, own);
    const view: SectionView = {
      groups: section.groups.map((g) => {
        numbers.group();
        const group: GroupView = {
          layout: own,
          columns: ownColumns,
          descriptionBelow: own === 'blocks',
          names: letter.logoNames !== false,
          signatories: g.members.map((s) => {
            const entry: SignatoryView = { ...publicFields(s, text), lines: signatoryLines(s, own, labels).map(text) };
            const number = numbers.next();
            if (number !== undefined) entry.number = number;
            if (own === 'logos' && s.logo !== undefined) entry.picture = s.logo;
            return entry;
          }),
        };
        if (g.heading !== undefined) group.heading = fieldText('groups')(g.heading);
        return group;
      }),
    };
    // `section_headings: false` leaves the two sections without their headings (the note stays).
    const headed = letter.sectionHeadings !== false;
    if (headed && section.kind === 'organizations') view.heading = labels.organizations;
    if (headed && section.kind === 'individuals') view.heading = labels.individuals;
    const individuals = section.groups.flatMap((g) => g.members).filter(isIndividual);
    if (section.kind !== 'organizations' && individuals.some((s) => s.affiliation !== undefined)) {
      const note = letter.individualsNote ?? labels.individualsNote;
      if (note !== '') view.note = fieldText('individuals_note')(note);
    }
    return view;
  });
}

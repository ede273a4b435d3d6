// What a row of the language table holds: the words letters prints itself and the conventions of the letter's language.

/** The words and typography of one language (core/letter/languages.ts looks a row up by tag). */
export interface LanguageTable {
  /** Outer and inner quotation marks: open, close, open, close (markdown-it's order). */
  quotes: readonly [string, string, string, string];
  /** Before a subject line: "Re:" */
  subject: string;
  /** Before the copy list: "cc:" */
  cc: string;
  /** Before an addressee in the open-letter heading: "To" */
  to: string;
  /** Section headings when a letter has both organizations and individuals. */
  organizations: string;
  individuals: string;
  /** The default line under the individuals' heading. */
  individualsNote: string;
  /** The PDF's Subject: a letter to someone, or an open letter to no one in particular. */
  letterTo: (addressees: string) => string;
  openLetter: string;
  /** A salutation and signoff the scaffold suggests. */
  salutation: string;
  signoff: string;
  /** "Paris, le 2 juin 2009": the place before the formatted date. */
  placeAndDate: (place: string, date: string) => string;
  /** An addressee in the open-letter heading: "To Jane Doe, Minister"; "致行政院長 蘇貞昌 先生". */
  toLine: (addressee: string) => string;
  /** Between the parts of a signatory printed on one line, and an individual's affiliation and country: ", ", "、", "، ". */
  separator: string;
  /** Around a country after an organization ("Human Rights Watch (US)") and, in ja and zh, around a signer's affiliation. */
  brackets: readonly [string, string];
  /** "秋山眞兄（日本ネグロス・キャンペーン委員会）": the organization or affiliation in brackets after a person's name, not after a separator. */
  affiliationInBrackets: boolean;
  /**
   * The recipient block. `name-first`: the name (after its honorific) on a line of its own, then
   * the title, the organization and the address. `title-first`: the address and the organization
   * first, then one line "title name honorific" (ja: 内閣総理大臣 小泉純一郎 殿).
   */
  addressee: 'name-first' | 'title-first';
  /** Where `recipient.honorific` goes: before the name ("The Honorable Jane Doe") or after it ("小泉純一郎 殿"). */
  honorific: 'before' | 'after';
  /** The place and date after the body, before the signatures (ja), rather than above the letter. */
  dateAfterBody: boolean;
  /**
   * The Imprimerie nationale's spacing (fr, not fr-CH): a no-break space (U+00A0) before ":"
   * and inside « », a narrow one (U+202F) before ";", "!" and "?".
   */
  frenchSpacing: boolean;
}

/** "Washington, March 2, 2026". */
export const plainPlaceAndDate = (place: string, date: string): string => `${place}, ${date}`;

/** The conventions most languages share: those of English, Latin script, left to right or not. */
export const COMMON = {
  placeAndDate: plainPlaceAndDate,
  separator: ', ',
  brackets: [' (', ')'],
  affiliationInBrackets: false,
  addressee: 'name-first',
  honorific: 'before',
  dateAfterBody: false,
  frenchSpacing: false,
} as const satisfies Partial<LanguageTable>;

/** "To Jane Doe": the label, a space, the addressee. */
export const labelThen =
  (label: string) =>
  (addressee: string): string =>
    `${label} ${addressee}`;

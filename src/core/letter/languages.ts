/**
 * The words and typography a letter takes from its language (`lang:`): one row per language.
 * Every label letters prints itself comes from here, never from English written in the code;
 * a language without a row falls back to English and `check` says so.
 */

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
}

const NBSP = '\u00a0';
const plain = (place: string, date: string): string => `${place}, ${date}`;

const TABLES: Record<string, LanguageTable> = {
  en: {
    quotes: ['“', '”', '‘', '’'],
    subject: 'Re:',
    cc: 'cc:',
    to: 'To',
    organizations: 'Organizations',
    individuals: 'Individuals',
    individualsNote: 'Affiliations are listed for identification purposes only.',
    letterTo: (a) => `Letter to ${a}`,
    openLetter: 'Open letter',
    salutation: 'Dear …,',
    signoff: 'Sincerely,',
    placeAndDate: plain,
  },
  fr: {
    quotes: [`«${NBSP}`, `${NBSP}»`, '“', '”'],
    subject: `Objet${NBSP}:`,
    cc: `Copie${NBSP}:`,
    to: 'À',
    organizations: 'Organisations',
    individuals: 'Personnes',
    individualsNote: 'Les affiliations sont indiquées à titre d’identification uniquement.',
    letterTo: (a) => `Lettre à ${a}`,
    openLetter: 'Lettre ouverte',
    salutation: 'Madame la Ministre,',
    signoff: 'Veuillez agréer l’expression de notre haute considération.',
    placeAndDate: (place, date) => `${place}, le ${date.replace(/^1 /, '1er ')}`,
  },
  de: {
    quotes: ['„', '“', '‚', '‘'],
    subject: 'Betreff:',
    cc: 'Kopie:',
    to: 'An',
    organizations: 'Organisationen',
    individuals: 'Einzelpersonen',
    individualsNote: 'Die Angabe der Institution dient nur der Identifikation.',
    letterTo: (a) => `Brief an ${a}`,
    openLetter: 'Offener Brief',
    salutation: 'Sehr geehrte Damen und Herren,',
    signoff: 'Mit freundlichen Grüßen',
    placeAndDate: plain,
  },
  es: {
    quotes: ['«', '»', '“', '”'],
    subject: 'Asunto:',
    cc: 'c.c.:',
    to: 'A',
    organizations: 'Organizaciones',
    individuals: 'Personas',
    individualsNote: 'Las afiliaciones se indican solo a efectos de identificación.',
    letterTo: (a) => `Carta a ${a}`,
    openLetter: 'Carta abierta',
    salutation: 'Estimada señora ministra:',
    signoff: 'Atentamente,',
    placeAndDate: plain,
  },
  it: {
    quotes: ['«', '»', '“', '”'],
    subject: 'Oggetto:',
    cc: 'p.c.:',
    to: 'A',
    organizations: 'Organizzazioni',
    individuals: 'Persone',
    individualsNote: 'Le affiliazioni sono indicate solo a scopo identificativo.',
    letterTo: (a) => `Lettera a ${a}`,
    openLetter: 'Lettera aperta',
    salutation: 'Gentile Ministra,',
    signoff: 'Cordiali saluti,',
    placeAndDate: plain,
  },
  pt: {
    quotes: ['“', '”', '‘', '’'],
    subject: 'Assunto:',
    cc: 'c/c:',
    to: 'A',
    organizations: 'Organizações',
    individuals: 'Pessoas',
    individualsNote: 'As afiliações são indicadas apenas para fins de identificação.',
    letterTo: (a) => `Carta a ${a}`,
    openLetter: 'Carta aberta',
    salutation: 'Excelentíssima Senhora Ministra,',
    signoff: 'Atenciosamente,',
    placeAndDate: plain,
  },
  nl: {
    quotes: ['“', '”', '‘', '’'],
    subject: 'Betreft:',
    cc: 'Kopie aan:',
    to: 'Aan',
    organizations: 'Organisaties',
    individuals: 'Personen',
    individualsNote: 'Instellingen worden alleen ter identificatie vermeld.',
    letterTo: (a) => `Brief aan ${a}`,
    openLetter: 'Open brief',
    salutation: 'Geachte mevrouw de minister,',
    signoff: 'Met vriendelijke groet,',
    placeAndDate: plain,
  },
  pl: {
    quotes: ['„', '”', '«', '»'],
    subject: 'Dotyczy:',
    cc: 'Do wiadomości:',
    to: 'Do',
    organizations: 'Organizacje',
    individuals: 'Osoby indywidualne',
    individualsNote: 'Afiliacje podano wyłącznie w celu identyfikacji.',
    letterTo: (a) => `List do ${a}`,
    openLetter: 'List otwarty',
    salutation: 'Szanowna Pani Minister,',
    signoff: 'Z poważaniem',
    placeAndDate: plain,
  },
};

/** The languages with a row, for messages. */
export const KNOWN_LANGUAGES = Object.keys(TABLES);

/** The primary language subtag: "fr-CA" → "fr". */
export function primaryLanguage(lang: string): string {
  return lang.split('-')[0]!.toLowerCase();
}

/** True when `lang` has a row of its own (not the English fallback). */
export function hasLanguageTable(lang: string): boolean {
  return primaryLanguage(lang) in TABLES;
}

/** The row for a language tag; English when the language has none. */
export function languageTable(lang: string): LanguageTable {
  return TABLES[primaryLanguage(lang)] ?? TABLES['en']!;
}

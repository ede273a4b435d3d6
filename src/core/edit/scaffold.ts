// The text of a new letter file (its fields, with comments that explain them) and the rules for slugs.
import { SIGNATORY_FIELDS } from '../letter/fields.js';
import { yamlScalar } from './letter-edits.js';
import { languageTable, primaryLanguage } from '../letter/languages.js';
import { DEFAULT_TEMPLATE, type Paper } from '../letter/letter.js';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The longest slug. File names stop at 255 bytes, and beside `<slug>.yaml` letters makes
 * `<slug>.yaml.lock` and temporary names up to ~30 characters longer.
 */
export const MAX_SLUG_LENGTH = 100;

/** Why a slug is not usable, or undefined when it is. */
export function slugProblem(slug: string): string | undefined {
  if (slug === '') return 'the name is empty';
  if (slug.length > MAX_SLUG_LENGTH) return `a letter name is at most ${MAX_SLUG_LENGTH} characters long (this one has ${slug.length})`;
  if (SLUG_PATTERN.test(slug)) return undefined;
  if (/[/\\]|\.\./.test(slug)) return 'a letter name cannot contain / \\ or ..';
  if (/[A-Z]/.test(slug)) return 'a letter name must be lowercase';
  if (/\s/.test(slug)) return 'a letter name cannot contain spaces';
  return 'a letter name is lowercase letters, digits and single hyphens';
}

/** Suggest a usable slug for what the user typed ("Visit 2026!" → "visit-2026"). */
export function suggestSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface ScaffoldInput {
  title: string;
  /** The recipient's name; absent for an open letter or a statement. */
  to?: string;
  toTitle?: string;
  toOrg?: string;
  address?: string[];
  salutation?: string;
  /** The line before the signatures ("Sincerely,"); absent: a commented line to fill in. */
  signoff?: string;
  date?: string;
  template?: string;
  lang?: string;
  paper?: Paper;
}

/** 2026-03-02 as the letter's language prints a date ("March 2, 2026", "2. März 2026"). */
function exampleDate(lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 2, 2));
}

/** One comment line per signatory field, from the field table. */
function signatoryFieldComments(): string[] {
  const width = Math.max(...SIGNATORY_FIELDS.map((f) => f.name.length)) + 2;
  return SIGNATORY_FIELDS.map((f) => `#   ${`${f.name}:`.padEnd(width)}${f.about}${'sign' in f ? ` (${f.sign})` : ''}`);
}

const line = (key: string, value: string | undefined, example: string, note = ''): string =>
  value !== undefined ? `${key}: ${yamlScalar(value)}${note}` : `# ${key}: ${example}${note}`;

/**
 * The text of a new letter file. It teaches the format in comments, so a person who has never
 * seen one can fill it in; every value the user gave is quoted as YAML needs.
 */
export function scaffoldLetter(input: ScaffoldInput): string {
  const address = input.address ?? [];
  const lang = input.lang ?? 'en';
  const english = primaryLanguage(lang) === 'en';
  const words = languageTable(lang);
  const recipient =
    input.to !== undefined
      ? [
          '# Who the letter is addressed to, printed top left. For several, write recipients: as a',
          '# list of the same fields instead; for an open letter or a statement, leave both out.',
          'recipient:',
          `  ${line('name', input.to, 'Secretary of State Jane Doe')}`,
          `  # honorific: ${words.honorific === 'after' ? '様' : 'The Honorable'}   # optional: before the name, or after it in ja, zh, ko (殿, 様, 先生, 귀하)`,
          `  ${line('title', input.toTitle, 'Secretary of State')}`,
          `  ${line('organization', input.toOrg, 'Department of State')}`,
          '  # email: secretary@example.gov   # where `letters send` delivers it; never printed',
          ...(address.length > 0
            ? ['  address:', ...address.map((l) => `    - ${yamlScalar(l)}`)]
            : ['  # address:', '  #   - 2201 C Street NW', '  #   - "Washington, DC 20520"   # quote a line that has a comma and a colon']),
        ]
      : [
          '# No recipient: an open letter or a statement. To address it, write recipient: (one) or',
          '# recipients: (several), each with name, title, organization and address lines:',
          '# recipients:',
          '#   - name: Minister Jane Doe',
          '#     organization: Ministry of Justice',
        ];
  // "Dear <name>," is English; in another language the writer fills in the usual formula.
  const salutation =
    input.salutation !== undefined
      ? `salutation: ${yamlScalar(input.salutation)}`
      : english && input.to !== undefined
        ? '# salutation: Dear Secretary Doe,   # default: "Dear <recipient name>,"; "" for none'
        : `# salutation: ${words.salutation}   # fill in (or write salutation: "" for none)`;
  // Never an active "Sincerely,": an open letter ending on a "Signatures" heading would print it under that heading.
  const signoff =
    input.signoff !== undefined
      ? [`signoff: ${yamlScalar(input.signoff)}   # printed before the signatures`]
      : [
          '# The line printed before the signatures, such as "Sincerely," or "Signed,"; leave it out for',
          '# none (an open letter or a statement usually has none):',
          `# signoff: ${words.signoff}`,
        ];
  return [
    '# A joint letter, kept by `letters`. Fields marked Markdown take *emphasis*, **bold**,',
    '# [links](https://example.org), lists and blank-line paragraphs. Lines starting with #',
    '# are comments: they are kept by every command and never printed.',
    '',
    `title: ${yamlScalar(input.title)}   # the PDF title and what \`letters list\` shows`,
    line('date', input.date, '2026-03-02', `   # YYYY-MM-DD, printed as "${exampleDate(lang)}"`),
    '# place: Paris       # printed before the date: "Paris, le 2 juin 2009" in French',
    `${`lang: ${yamlScalar(lang)}`.padEnd(20)}# dates, quotation marks, labels ("cc:", "Re:"): a BCP 47 tag such as en, fr, de`,
    'status: draft       # draft | open | closed (a closed letter takes no more signatures)',
    '# deadline: 2026-03-15   # `letters open --deadline`: sign and import refuse after it without --late',
    '# intake: review     # imports from a public form land in pending: until `letters review` (default: direct)',
    `template: ${yamlScalar(input.template ?? DEFAULT_TEMPLATE)}    # formal | open-letter (title as heading, "To …" lines) | templates/<name>.hbs`,
    `${`paper: ${input.paper ?? 'letter'}`.padEnd(20)}# letter | a4`,
    '# subtitle: …        # printed under the title by the open-letter template',
    '# letterhead: images/head.png   # a PNG, JPEG or SVG in the repository, at the head of page 1; or lines:',
    '#                               # [Organization, Address, web address], or both (image:, alt:, lines:);',
    "#                               # false for none (default: letters.config.yaml's letterhead:)",
    '',
    ...recipient,
    '',
    '# cc:                 # lines printed after the signatories, under "cc:"',
    '#   - Jane Doe, Deputy Secretary, Department of State',
    '#   - Jane Doe <jane@example.gov>   # with an address: copied on the e-mail `letters send` writes (the address is never printed)',
    '# bcc: archive@example.org   # blind copies of that e-mail; never printed',
    '# from: "Our Coalition <coord@example.org>"   # who `letters send`, `notify` and `remind` write from (or LETTERS_FROM)',
    '# reply_to: answers@example.org   # where answers go, when not to from:',
    '# subject: …          # a subject line before the salutation: "Re: …"',
    salutation,
    '',
    '# Markdown. Leave a blank line between paragraphs.',
    'intro: |',
    '  We, the undersigned organizations, write to ask for your attention to the issues below.',
    '',
    '  Replace this text with the opening of your letter.',
    '',
    '# Each issue is printed as a bullet: its title in bold, then its body (Markdown).',
    'issues:',
    '  - title: First issue',
    '    body: |',
    '      Say what is wrong, what you ask for, and why it matters now.',
    '',
    '# Markdown, printed after the issues.',
    'closing: |',
    '  Thank you for your attention. We would welcome the chance to discuss these concerns.',
    '',
    ...signoff,
    '',
    '# Markdown around the list of signatories: signatories_intro: between the signoff and the',
    '# list ("Endorsers as of April 30, 2020:"), signatories_outro: after it, before cc. Neither is',
    '# part of the text a signature agrees to.',
    '# signatories_intro: |',
    '#   Signed by the following organizations:',
    '# signatories_outro: |',
    '#   Letter written August 6, 2021.',
    '',
    '# The body of the e-mail `letters send` delivers the letter with (Markdown; not part of the',
    '# agreed text). {{recipient.name}}, {{title}} and {{count}} are filled in.',
    '# cover: |',
    '#   Dear {{recipient.name}}, please find attached our letter. {{count}}',
    '',
    '# How the signatories are printed. groups: fixes the order of the groups signatories are',
    '# in (group: on each signatory); signatory_layout: blocks (name, title, organization in a',
    "# grid) | lines (one line each) | names (a compact list in columns) | logos (each organization's",
    '# logo: in a grid, its name under it; logo_names: false leaves the names out); order: as-signed |',
    '# alphabetical (by the letter language; individuals by family name, or their sort_as:).',
    '# groups:',
    '#   - Member organizations',
    '#   - Supporting organizations',
    '# signatory_layout: blocks',
    '# signatory_columns: 2   # 1 to 4 columns, in any layout (default: as many as the names allow)',
    '# order: as-signed',
    '# individuals_note: …   # the line under "Individuals" (default: "Affiliations are listed for',
    '#                       # identification purposes only." in the letter\'s language; "" for none)',
    '# numbered: true        # number the signatories 1, 2, 3 … through the whole list (in the',
    "#                       # letter's digits); per-group: from 1 again under each heading",
    '# logo_names: false     # with signatory_layout: logos, the logos alone (each says its name in /Alt)',
    '# section_headings: false   # leave out the "Organizations" and "Individuals" headings',
    '# allow_repeats: true   # keep a signatory listed twice, as an original may (`check` lists each)',
    '',
    '# Private: who was asked to sign (organization or name, email, the day). `letters status` lists',
    '# those who have not signed, and `letters remind` writes to them.',
    '# invited:',
    '#   - organization: Human Rights Watch',
    '#     email: info@example.org',
    '#     invited: 2026-03-01',
    '',
    '# Added by `letters sign <letter> --org "…" --name "…" --title "…"` or `letters import <letter> FILE.csv`;',
    '# editable by hand. `letters unsign` moves an entry to a withdrawn: list (with the day), never printed.',
    '# `letters import --pending` (or intake: review) adds entries to a pending: list instead, never printed nor',
    '# counted until `letters review` approves them; a rejected one goes to rejected: (with the day).',
    '# Each entry has organization and/or name; the fields, in their usual order:',
    ...signatoryFieldComments(),
    'signatories: []',
    '',
    '# `letters send`, `notify` and `remind` add delivered:, notified: and reminded: below: what was',
    '# sent, when, to whom, with which text. Keep them: they are how letters never sends twice.',
    '',
  ].join('\n');
}

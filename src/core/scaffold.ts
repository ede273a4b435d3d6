import { yamlScalar } from './letter-edits.js';
import { DEFAULT_TEMPLATE } from './letter.js';

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
  to: string;
  toTitle?: string;
  toOrg?: string;
  address?: string[];
  salutation?: string;
  date?: string;
  template?: string;
}

const line = (key: string, value: string | undefined, example: string, note = ''): string =>
  value !== undefined ? `${key}: ${yamlScalar(value)}${note}` : `# ${key}: ${example}${note}`;

/**
 * The text of a new letter file. It teaches the format in comments, so a person who has never
 * seen one can fill it in; every value the user gave is quoted as YAML needs.
 */
export function scaffoldLetter(input: ScaffoldInput): string {
  const address = input.address ?? [];
  return [
    '# A joint letter, kept by `letters`. Fields marked Markdown take *emphasis*, **bold**,',
    '# [links](https://example.org), lists and blank-line paragraphs. Lines starting with #',
    '# are comments: they are kept by every command and never printed.',
    '',
    `title: ${yamlScalar(input.title)}   # the PDF title and what \`letters list\` shows`,
    line('date', input.date, '2026-03-02', '   # YYYY-MM-DD, printed as "March 2, 2026"'),
    'lang: en            # language of the letter (dates), a BCP 47 tag such as en, fr, es',
    'status: draft       # draft | open | closed (a closed letter takes no more signatures)',
    `template: ${yamlScalar(input.template ?? DEFAULT_TEMPLATE)}    # templates/<name>.hbs decides how the PDF looks`,
    'paper: letter       # letter | a4',
    '',
    '# Who the letter is addressed to, printed top left.',
    'recipient:',
    `  ${line('name', input.to, 'Secretary of State Jane Doe')}`,
    `  ${line('title', input.toTitle, 'Secretary of State')}`,
    `  ${line('organization', input.toOrg, 'Department of State')}`,
    ...(address.length > 0
      ? ['  address:', ...address.map((l) => `    - ${yamlScalar(l)}`)]
      : ['  # address:', '  #   - 2201 C Street NW', '  #   - "Washington, DC 20520"   # quote a line that has a comma and a colon']),
    '',
    line('salutation', input.salutation, 'Dear Secretary Doe,', '   # default: "Dear <recipient name>,"'),
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
    'signoff: Sincerely,',
    '',
    '# Added by `letters sign <letter> --org "…" --name "…" --title "…"`; editable by hand.',
    '# Each entry: organization and/or name, title, signed (YYYY-MM-DD). The order here is the',
    '# order in the letter.',
    'signatories: []',
    '',
  ].join('\n');
}

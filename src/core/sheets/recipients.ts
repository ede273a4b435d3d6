// The mail merge's recipients: rows of a sheet as addressees, and their values filled into the letter.
import type { Problem, SourceLocation } from '../../errors.js';
import { brokenQuote, matchColumns, RECIPIENT_COLUMNS } from './columns.js';
import type { Letter, Recipient } from '../letter/letter.js';
import { fillRecipient, PLACEHOLDER } from './recipient-fields.js';
import { describeInvisible, hasNothingVisible } from '../text/characters.js';

export interface TableRow {
  line: number;
  cells: readonly string[];
}

/** The rows of a CSV file, as the core sees them (io/csv.ts reads them). */
export interface Table {
  file: string;
  header: readonly string[];
  rows: readonly TableRow[];
  /** Where a cell starts, the column counted in characters; without it, `col` is the column's number. */
  locate?(row: TableRow | 'header', column: number): SourceLocation;
}

/** One recipient of a mail merge, with where each of its values came from. */
export interface MergeRecipient {
  recipient: Recipient;
  /** The row's e-mail address as written in its cell (`letters send` checks it; render ignores it). */
  email?: string;
  /** Fields whose cell held a line break (the address may; a name or an address sent as a mail header may not). */
  lineBreaks?: string[];
  salutation?: string;
  /** The CSV line the row starts on. */
  line: number;
  /** Field → the location of its cell, for problems about this recipient's text. */
  cells: Map<string, SourceLocation>;
}

const oneLine = (s: string | undefined): string => (s ?? '').normalize('NFC').replace(/\s+/gu, ' ').trim();

/**
 * Recipients from a CSV table: the name (or first and last name), honorific, title, organization,
 * address lines (street columns, then a line of city, region and postal code, then the
 * country) and salutation of each row. Every problem names its cell.
 */
export function recipientsFromTable(table: Table, lang: string): { recipients: MergeRecipient[]; problems: Problem[]; unused: string[] } {
  const at = (row: TableRow | 'header', col: number): SourceLocation =>
    table.locate?.(row, col) ?? { file: table.file, line: row === 'header' ? 1 : row.line, col: col + 1 };
  const match = matchColumns(table.header, RECIPIENT_COLUMNS, (col) => at('header', col));
  const problems = [...match.problems];
  const col = (field: string): number | undefined => match.columns.get(field)?.[0];
  // "Nom" beside "Prénom" is the family name; "Nombre" beside "Apellidos" the given name.
  let first = col('first name');
  let last = col('last name');
  let name = col('name');
  if (name !== undefined && first !== undefined && last === undefined) [last, name] = [name, undefined];
  else if (name !== undefined && last !== undefined && first === undefined) [first, name] = [name, undefined];
  if (name === undefined && first === undefined && last === undefined) {
    problems.push({
      message: `no column for the recipient's name among: ${table.header.map((h) => `"${h}"`).join(', ')}`,
      hint: 'name a column "Name" (or "First name" and "Last name")',
      location: at('header', 0),
    });
    return { recipients: [], problems, unused: [] };
  }
  // Every column read but the address is one line: a line break there is a quote left open,
  // which would address a letter to several rows run together.
  const oneLineColumns = [...match.columns]
    .filter(([field]) => field !== 'address')
    .flatMap(([, columns]) => columns)
    .sort((a, b) => a - b);
  const recipients: MergeRecipient[] = [];
  for (const row of table.rows) {
    const openQuotes = oneLineColumns.flatMap((c) => {
      const problem = brokenQuote(row.cells[c] ?? '');
      return problem === undefined
        ? []
        : [{ ...problem, message: `column "${table.header[c]}": ${problem.message}`, location: at(row, c) }];
    });
    if (openQuotes.length > 0) {
      problems.push(openQuotes[0]!);
      continue;
    }
    const cell = (c: number | undefined): string => (c === undefined ? '' : oneLine(row.cells[c]));
    const cells = new Map<string, SourceLocation>();
    const note = (field: string, c: number | undefined): void => {
      if (c !== undefined) cells.set(field, at(row, c));
    };
    const fullName = name !== undefined ? cell(name) : [cell(first), cell(last)].filter(Boolean).join(' ');
    note('name', name ?? first ?? last);
    if (fullName === '' || hasNothingVisible(fullName)) {
      problems.push({
        message:
          fullName === ''
            ? "this row has no recipient's name"
            : `the recipient's name has no visible characters (only ${describeInvisible(fullName)})`,
        hint: 'fill in the name, or delete the row',
        location: at(row, (name ?? first ?? last)!),
      });
      continue;
    }
    const recipient: Recipient = { name: fullName, address: [] };
    const title = cell(col('title'));
    const organization = cell(col('organization'));
    const honorific = cell(col('honorific'));
    if (title) recipient.title = title;
    if (organization) recipient.organization = organization;
    if (honorific) recipient.honorific = honorific;
    note('title', col('title'));
    note('honorific', col('honorific'));
    note('organization', col('organization'));
    for (const c of match.columns.get('address') ?? []) {
      // A quoted address cell may hold several lines.
      for (const l of (row.cells[c] ?? '').split(/\r?\n/).map((s) => oneLine(s))) if (l) recipient.address.push(l);
    }
    const [city, region, postal, country] = ['city', 'region', 'postal code', 'country'].map((f) => cell(col(f)));
    const locality = lang.toLowerCase().startsWith('en')
      ? `${[city, region].filter(Boolean).join(', ')}${postal ? ` ${postal}` : ''}`.trim()
      : `${[postal, city].filter(Boolean).join(' ')}${region ? `, ${region}` : ''}`.trim();
    if (locality) recipient.address.push(locality);
    if (country) recipient.address.push(country);
    note('address', match.columns.get('address')?.[0] ?? col('city'));
    const merged: MergeRecipient = { recipient, line: row.line, cells };
    const email = (row.cells[col('email') ?? -1] ?? '').trim();
    if (email !== '') merged.email = email;
    note('email', col('email'));
    const broken = ['name', 'first name', 'last name', 'email'].filter((f) => /[\r\n\u2028\u2029]/.test(row.cells[col(f) ?? -1] ?? ''));
    if (broken.length > 0) merged.lineBreaks = broken.map((f) => (f === 'email' ? 'email' : 'name'));
    const salutation = cell(col('salutation'));
    if (salutation) merged.salutation = salutation;
    note('salutation', col('salutation'));
    recipients.push(merged);
  }
  return { recipients, problems, unused: match.unused.map((i) => table.header[i]!).filter((h) => h !== '') };
}

/** The letter as sent to one recipient: their block, their salutation (or "Dear <name>,"). */
export function personalize(letter: Letter, to: MergeRecipient): Letter {
  const out: Letter = { ...letter, recipients: [to.recipient] };
  const own = letter.salutation !== undefined && PLACEHOLDER.test(letter.salutation) ? letter.salutation : undefined;
  PLACEHOLDER.lastIndex = 0;
  const salutation = to.salutation ?? own;
  if (salutation !== undefined) out.salutation = salutation;
  else delete out.salutation;
  return out;
}

/**
 * The letter as sent to one recipient, its `{{recipient.…}}` filled in one pass from the row:
 * what a row gives is data, so a value holding "{{recipient.address}}" prints as typed and is
 * never filled again, and neither is the row's own salutation. Problems as fillRecipient's.
 */
export function letterFor(
  letter: Letter,
  to: MergeRecipient,
  locate: (path: string) => SourceLocation,
  missing: (field: string) => SourceLocation | undefined,
): { letter: Letter; problems: Problem[] } {
  const addressed = personalize(letter, to);
  if (to.salutation === undefined) return fillRecipient(addressed, locate, missing);
  const { salutation: _row, ...rest } = addressed;
  const filled = fillRecipient(rest, locate, missing);
  return { letter: { ...filled.letter, salutation: to.salutation }, problems: filled.problems };
}

/**
 * How long a recipient's part of a file name may be: with the letter's slug (at most 100) and
 * a number, a file name stays far below the 255 bytes file systems allow.
 */
export const MAX_RECIPIENT_SLUG = 60;

/**
 * A file-name part for each recipient: their name as a slug, cut at a hyphen to at most
 * MAX_RECIPIENT_SLUG characters, and numbered (-2, -3 …) where two would be the same.
 */
export function recipientSlugs(recipients: readonly MergeRecipient[], slugify: (s: string) => string): string[] {
  const taken = new Set<string>();
  return recipients.map((r, i) => {
    const base = shorten(slugify(r.recipient.name)) || `row-${r.line || i + 1}`;
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  });
}

function shorten(slug: string): string {
  if (slug.length <= MAX_RECIPIENT_SLUG) return slug;
  const cut = slug.slice(0, MAX_RECIPIENT_SLUG);
  const hyphen = cut.lastIndexOf('-');
  return hyphen >= MAX_RECIPIENT_SLUG / 2 ? cut.slice(0, hyphen) : cut;
}

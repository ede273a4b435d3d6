//! Junk and mistakes in rows an import would add: what open sign-up forms collect besides
//! signatures (spam, jokes, typos, a bot's burst). Each flag is a warning at its cell, and the
//! flagged row is held in `pending:` for a person to look at, never signed outright. Pure: the
//! rows, the letter's entries and the form's questions in, flags out.
import type { SignatoryFieldName } from '../letter/fields.js';
import { matchKey } from '../letter/identity.js';
import type { Letter, Signatory } from '../letter/letter.js';

export type JunkRule =
  | 'web-address'
  | 'email-address'
  | 'phone-number'
  | 'capitals'
  | 'lower-case'
  | 'one-word-name'
  | 'symbols'
  | 'shared-email'
  | 'burst'
  | 'question-text';

export interface JunkFlag {
  rule: JunkRule;
  /** The field at fault: the cell the warning points at. */
  field: SignatoryFieldName;
  message: string;
}

/** A row the import would add, as the junk rules see it. */
export interface JunkRow {
  row: number;
  signatory: Signatory;
}

export interface JunkContext {
  /** The form's own questions (column headings, issue-form sections, e-mail labels). */
  questions: readonly string[];
  /** Headings letters knows for its fields ("Full name", "Organisation"): a name that is one is a form's text. */
  isFieldHeading: (text: string, matchKey: string) => boolean;
  /** How to name a row to people ("row 7", "issue #12"). */
  describeRow: (row: number) => string;
  /**
   * Seconds of a row's timestamp, when the sheet gives a time of day: asked only of rows that
   * share an e-mail address with another (most share none, and their dates need no more reading).
   */
  timeOf?: (row: number) => number | undefined;
}

const URL_ANYWHERE = /\bhttps?:\/\/|\bwww\.[\p{L}\d-]/iu;
const DOMAIN = /[\p{L}\d-]+\.(?:com|org|net|info|biz|io|ru|cn|xyz|top|site|online|club|shop|app|de|fr|uk|co|es|it|nl|pl|pt|br|in)\b/iu;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/u;
const PHONE = /(?:\+|\b)\d[\d\s().\-/]{5,}\d/u;
const PICTOGRAPH = /(?![©®™℠])(?:\p{Extended_Pictographic}|\p{Emoji_Presentation})/u;
/** Symbols no organization or person is named with; © ® ™ ℠ are left alone. */
const SYMBOLS = /(?![©®™℠])\p{So}|[<>{}[\]|\\^~*#$%=_]/u;
/** Scripts written without spaces between words: a name in them is one "word". */
const NO_SPACES =
  /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Names a form gets from people trying it out, or from a template's example. */
const PLACEHOLDERS = new Set(
  [
    'test',
    'testing',
    'test test',
    'asdf',
    'qwerty',
    'xxx',
    'n/a',
    'na',
    'none',
    'anonymous',
    'lorem ipsum',
    'john doe',
    'jane doe',
    'max mustermann',
    'erika mustermann',
    'fulano de tal',
    'first last',
    'firstname lastname',
    'first name last name',
  ].map(matchKey),
);

/**
 * Text with nothing but letters, marks, digits, spaces and ' ’ , ( ) & -: no @, dot, colon, symbol
 * or emoji (ℹ, the one letter that is an emoji, apart), so no e-mail or web address and nothing
 * the symbol rule flags. Most names and organizations are such text, and one test then spares
 * the others (a 10,000-row import).
 */
const ORDINARY_CHARACTERS = /^[\p{L}\p{M}\p{N} '’,()&-]*$/u;
const ordinaryText = (text: string): boolean => ORDINARY_CHARACTERS.test(text) && !text.includes('\u2139');
/** Two words or more: something, white space, something. */
const TWO_WORDS = /\S\s+\S/u;
const words = (text: string): number => text.trim().split(/\s+/u).length;
const letterCount = (text: string): number => text.replace(/[^\p{L}]/gu, '').length;
const hasCase = (text: string): boolean => /\p{Lu}|\p{Ll}/u.test(text);
/**
 * An ASCII capital and an ASCII small letter, which every locale cases differently: the text is
 * neither its upper nor its lower case, so neither case rule applies (most names: one test).
 */
const mixedCase = (text: string): boolean => /[A-Z]/.test(text) && /[a-z]/.test(text);

/** The flags of one value, field by field: what it holds that a name should not. */
function valueFlags(s: Signatory, ctx: JunkContext, questions: Set<string>): JunkFlag[] {
  const out: JunkFlag[] = [];
  const flag = (rule: JunkRule, field: SignatoryFieldName, message: string): void => void out.push({ rule, field, message });
  for (const field of ['name', 'organization', 'title'] as const) {
    const value = s[field];
    if (value === undefined) continue;
    const label = field === 'name' ? 'the name' : field === 'organization' ? 'the organization' : 'the title';
    const ordinary = ordinaryText(value);
    if (!ordinary && value.includes('@') && EMAIL.test(value)) flag('email-address', field, `${label} holds an e-mail address: "${value}"`);
    else if (!ordinary && (URL_ANYWHERE.test(value) || (field !== 'organization' && DOMAIN.test(value))))
      flag('web-address', field, `${label} holds a web address: "${value}"`);
    else if (/\d/.test(value) && PHONE.test(value) && value.replace(/\D/g, '').length >= 7)
      flag('phone-number', field, `${label} holds a phone number: "${value}"`);
    if (field === 'title') continue;
    if (!ordinary && (PICTOGRAPH.test(value) || SYMBOLS.test(value))) flag('symbols', field, `${label} holds emoji or symbols: "${value}"`);
    const key = matchKey(value);
    if (questions.has(key) || PLACEHOLDERS.has(key) || ctx.isFieldHeading(value, key)) {
      flag(
        'question-text',
        field,
        `${label} is the form's own text or a placeholder, not a ${field === 'name' ? 'name' : 'signatory'}: "${value}"`,
      );
    }
  }
  const name = s.name;
  if (name !== undefined && !mixedCase(name) && hasCase(name)) {
    const count = letterCount(name);
    if (count >= 3) {
      if (name === name.toLocaleUpperCase() && count > 3) flag('capitals', 'name', `the name is in capitals only: "${name}"`);
      else if (name === name.toLocaleLowerCase()) flag('lower-case', 'name', `the name is in lower case only: "${name}"`);
    }
  }
  const org = s.organization;
  if (org !== undefined && !mixedCase(org) && hasCase(org) && letterCount(org) >= 4) {
    if (org === org.toLocaleUpperCase() && words(org) >= 3)
      flag('capitals', 'organization', `the organization is in capitals only: "${org}"`);
    else if (org === org.toLocaleLowerCase()) flag('lower-case', 'organization', `the organization is in lower case only: "${org}"`);
  }
  return out;
}

/** Whether the letter's people are named with two words or more (at least 9 in 10 of 5 or more names). */
function namesHaveTwoWords(names: readonly string[]): boolean {
  let spaced = 0;
  let two = 0;
  for (const n of names) {
    if (NO_SPACES.test(n)) continue;
    spaced++;
    if (TWO_WORDS.test(n)) two++;
  }
  return spaced >= 5 && two >= spaced * 0.9;
}

/**
 * Every flag of every row, by row. Besides each value's own flags: a one-word name where the
 * letter's other names have two; an e-mail address that signs for two organizations; several
 * rows from one e-mail address within a minute.
 */
export function junkFlags(letter: Letter, rows: readonly JunkRow[], ctx: JunkContext): Map<number, JunkFlag[]> {
  const out = new Map<number, JunkFlag[]>();
  const add = (row: number, flag: JunkFlag): void => {
    const list = out.get(row) ?? [];
    if (!list.some((f) => f.rule === flag.rule && f.field === flag.field)) list.push(flag);
    out.set(row, list);
  };
  const questions = new Set(ctx.questions.map(matchKey).filter((q) => q !== ''));
  for (const r of rows) for (const f of valueFlags(r.signatory, ctx, questions)) add(r.row, f);

  const existing = [...letter.signatories, ...(letter.pending ?? [])];
  const names = [...existing, ...rows.map((r) => r.signatory)].flatMap((s) => (s.name === undefined ? [] : [s.name]));
  if (namesHaveTwoWords(names)) {
    for (const r of rows) {
      const name = r.signatory.name;
      if (name !== undefined && !TWO_WORDS.test(name) && !NO_SPACES.test(name))
        add(r.row, {
          rule: 'one-word-name',
          field: 'name',
          message: `the name is one word where the letter's other names have two: "${name}"`,
        });
    }
  }

  // One address, two organizations: a person who signs for both, or someone signing for others.
  // Who each is, said only when the warning is given: most addresses sign for one.
  const orgsByEmail = new Map<string, { key: string; who: () => string }[]>();
  const note = (email: string, key: string, who: () => string): void => {
    const address = email.toLowerCase();
    const list = orgsByEmail.get(address);
    if (list === undefined) orgsByEmail.set(address, [{ key, who }]);
    else if (!list.some((o) => o.key === key)) list.push({ key, who });
  };
  existing.forEach((s, i) => {
    if (s.email !== undefined && s.organization !== undefined)
      note(s.email, matchKey(s.organization), () => `"${s.organization}" (${i < letter.signatories.length ? 'signed' : 'pending'})`);
  });
  const orgKeys = rows.map((r) =>
    r.signatory.email !== undefined && r.signatory.organization !== undefined ? matchKey(r.signatory.organization) : '',
  );
  rows.forEach((r, i) => {
    const { email, organization } = r.signatory;
    if (email !== undefined && organization !== undefined) note(email, orgKeys[i]!, () => `"${organization}" (${ctx.describeRow(r.row)})`);
  });
  rows.forEach((r, i) => {
    const { email, organization } = r.signatory;
    if (email === undefined || organization === undefined) return;
    const list = orgsByEmail.get(email.toLowerCase())!;
    if (list.length < 2) return;
    const others = list.filter((o) => o.key !== orgKeys[i]);
    if (others.length > 0)
      add(r.row, {
        rule: 'shared-email',
        field: 'email',
        message: `the same e-mail address signs for ${others.map((o) => o.who()).join(', ')} too: ${email}`,
      });
  });

  // A burst: rows from one address within a minute of each other.
  const byEmail = new Map<string, JunkRow[]>();
  for (const r of rows) {
    const email = r.signatory.email?.toLowerCase();
    if (email === undefined || ctx.timeOf === undefined) continue;
    const list = byEmail.get(email);
    if (list === undefined) byEmail.set(email, [r]);
    else list.push(r);
  }
  for (const [email, list] of byEmail) {
    if (list.length < 2) continue;
    const sorted = list.flatMap((r) => {
      const time = ctx.timeOf!(r.row);
      return time === undefined ? [] : [{ row: r.row, time }];
    });
    sorted.sort((a, b) => a.time - b.time);
    const close = sorted.filter(
      (r, i) => (i > 0 && r.time - sorted[i - 1]!.time <= 60) || (i + 1 < sorted.length && sorted[i + 1]!.time - r.time <= 60),
    );
    if (close.length < 2) continue;
    const span = close[close.length - 1]!.time - close[0]!.time;
    for (const r of close)
      add(r.row, {
        rule: 'burst',
        field: 'email',
        message: `${close.length} rows came from ${email} within ${span} seconds (${close.map((c) => ctx.describeRow(c.row)).join(', ')})`,
      });
  }
  return out;
}

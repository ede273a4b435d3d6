//! Probable duplicates: two entries that are not the same by the identity rule but are most
//! likely one organization (or person) written two ways. Warnings, never refusals.
import { INVISIBLE } from '../text/glyphs.js';
import { identityKey } from '../letter/identity.js';
import type { Signatory } from '../letter/letter.js';

/**
 * Legal forms that may end an organization's name ("Inc.", "e.V.", "gGmbH", "A.C.", "S.L."),
 * written without dots, as they are compared. Only trailing ones are dropped, and never the
 * whole name.
 */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'corp',
  'corporation',
  'co',
  'pbc',
  'cic',
  'cio',
  'pty',
  'gmbh',
  'ggmbh',
  'ev',
  'ag',
  'eg',
  'ug',
  'kg',
  'asbl',
  'aisbl',
  'vzw',
  'ac',
  'sc',
  'sl',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'oy',
]);

/** Words left out of initials ("Electronic Frontier Foundation" → EFF, "Friends of the Earth" → FE and FOTE). */
const SMALL_WORDS = new Set([
  'of',
  'the',
  'for',
  'and',
  'in',
  'on',
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'der',
  'die',
  'das',
  'und',
  'fur',
  'el',
  'y',
  'del',
]);

/** Lowercase words without accents or punctuation; dots inside a word vanish ("e.V." → "ev"). */
function words(text: string): string[] {
  // Most names are ASCII, and a 10,000-row import compares every one: skip the Unicode steps then.
  if (!/[^\x00-\x7f]/.test(text)) {
    // Lowercased ASCII: its letters and digits are a-z and 0-9, split on without the Unicode tables.
    return text
      .toLowerCase()
      .replace(/&|\+/g, ' and ')
      .replace(/[.']/g, '')
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '');
  }
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&|\+/g, ' and ')
    .replace(/[.'’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** What an organization's name is compared on. */
export interface OrgKeys {
  /** The name without a leading "The", trailing legal forms, spacing or punctuation. */
  name: string;
  /** Acronyms given in parentheses: "Electronic Frontier Foundation (EFF)" → eff. */
  acronyms: string[];
  /** The initials of a name of three or more words (eff), for matching a bare acronym. */
  initials?: string;
  /** True when the name is itself one word in capitals, as an acronym is written ("EFF"). */
  bare: boolean;
}

/** The comparison keys of an organization's name. */
export function orgKeys(organization: string): OrgKeys {
  const acronyms: string[] = [];
  const outside = organization.replace(/\(([^()]*)\)/g, (_, inner: string) => {
    const w = words(inner);
    if (w.length === 1 && /^[\p{L}\p{N}]{2,}$/u.test(w[0]!)) acronyms.push(w[0]!);
    return ' ';
  });
  let w = words(outside);
  if (w.length > 1 && w[0] === 'the') w = w.slice(1);
  while (w.length > 1 && LEGAL_FORMS.has(w[w.length - 1]!)) w = w.slice(0, -1);
  const significant = w.filter((x) => !SMALL_WORDS.has(x));
  const keys: OrgKeys = { name: w.join(''), acronyms, bare: false };
  if (significant.length >= 3) keys.initials = significant.map((x) => x[0]).join('');
  const plain = outside.trim();
  keys.bare = w.length === 1 && /^[\p{Lu}\p{N}&.]{2,}$/u.test(plain.replace(/\s+/g, '')) && !/\s/.test(plain);
  return keys;
}

/** Words before or after a name that do not tell two people apart: titles and degrees (not Jr. or III, which do). */
const HONORIFICS = new Set([
  'dr',
  'prof',
  'professor',
  'mr',
  'mrs',
  'ms',
  'mx',
  'sir',
  'dame',
  'rev',
  'pr',
  'md',
  'phd',
  'dphil',
  'msc',
  'mba',
  'mph',
  'jd',
  'llm',
  'esq',
  'rn',
]);

/** What an individual is compared on: the name's words (accents, dots and honorifics aside), with the affiliation's name key. */
interface PersonKeys {
  /** The words in any order: "Roe, Jane M.D." = "Jane Roe MD". */
  names: string[];
  /** The name cut to initials but its last word ("Jane Roe" → "j roe"): matched only against a name written with initials. */
  initials: string;
  /** True when the name is written with an initial ("J. Roe", "Jane A. Roe"). */
  hasInitial: boolean;
}

/** A letter standing for a name ("J." → j): one letter of a script with case (a Chinese name of one character is a name). */
const isInitial = (word: string): boolean => word.length === 1 && /\p{Ll}/u.test(word);

function personKeys(s: Signatory): PersonKeys {
  const parts = words(s.name ?? '').filter((x) => !HONORIFICS.has(x));
  const affiliation = (s as { affiliation?: string }).affiliation;
  const at = `|${affiliation === undefined ? '' : orgKeys(affiliation).name}`;
  const hasInitial = parts.some(isInitial);
  const names = [`${[...parts].sort().join(' ')}${at}`];
  // "Jane A. Roe" beside "Jane Roe": the same words once the initials are left out.
  const full = parts.filter((x) => !isInitial(x));
  if (hasInitial && full.length >= 2) names.push(`${full.sort().join(' ')}${at}`);
  const last = parts.at(-1) ?? '';
  const initials = `${[...parts.slice(0, -1).map((x) => x[0]!), last].join(' ')}${at}`;
  return { names, initials, hasInitial };
}

/** Why two entries look like one: shown after the names in a warning. */
export type SimilarReason = 'same name written differently' | 'acronym' | 'initials';

/** A probable duplicate: the entry found, by its reference, and why. */
export interface SimilarMatch<R> {
  ref: R;
  reason: SimilarReason;
}

/** What an entry is compared on, worked out once: `find` and then `add` of a new row need both. */
export interface EntryKeys {
  /** The field its identity is on. */
  field: 'organization' | 'name';
  /** Its identity (field and key): never a probable duplicate of itself. */
  self: string;
  person?: PersonKeys;
  org?: OrgKeys;
  /** The org's acronyms and initials, each once. */
  short?: string[];
}

/**
 * Entries indexed for finding probable duplicates of new ones in constant time per entry:
 * a 10,000-row import compares every row with the letter and with the rows before it.
 * Each signatory's keys are worked out once, so a signatory must not change once given.
 */
export class SimilarIndex<R> {
  private readonly byName = new Map<string, R[]>();
  private readonly byAcronym = new Map<string, R[]>();
  private readonly byBare = new Map<string, R[]>();
  private readonly byPerson = new Map<string, R[]>();
  /** Every individual by its initials key; and those written with initials, apart. */
  private readonly byInitials = new Map<string, R[]>();
  private readonly byInitialed = new Map<string, R[]>();
  private readonly identities = new Map<R, string>();
  private readonly known = new WeakMap<Signatory, EntryKeys>();

  private keysOf(s: Signatory): EntryKeys {
    const cached = this.known.get(s);
    if (cached) return cached;
    const keys = entryKeys(s);
    this.known.set(s, keys);
    return keys;
  }

  /** Who `s` is by the identity rule: its field, and field and key as one string (worked out once). */
  identityOf(s: Signatory): { field: 'organization' | 'name'; self: string } {
    return this.keysOf(s);
  }

  add(s: Signatory, ref: R): void {
    this.addKeys(this.keysOf(s), ref);
  }

  /** `add`, with the keys worked out already (similarPairs: each entry once, without the WeakMap's cost). */
  addKeys(k: EntryKeys, ref: R): void {
    this.identities.set(ref, k.self);
    if (k.person !== undefined) {
      for (const key of k.person.names) push(this.byPerson, key, ref);
      push(this.byInitials, k.person.initials, ref);
      if (k.person.hasInitial) push(this.byInitialed, k.person.initials, ref);
      return;
    }
    const org = k.org!;
    if (org.name !== '') push(this.byName, org.name, ref);
    for (const a of k.short!) push(this.byAcronym, a, ref);
    if (org.bare) push(this.byBare, org.name, ref);
  }

  /** Entries that are probably `s` written another way; never one with the same identity (that is an exact repeat). */
  find(s: Signatory): SimilarMatch<R>[] {
    return this.findKeys(this.keysOf(s));
  }

  /** `find`, with the keys worked out already. */
  findKeys(k: EntryKeys): SimilarMatch<R>[] {
    // Most entries match nothing: the map of those found is made only when one is.
    let found: Map<R, SimilarReason> | undefined;
    const take = (refs: R[] | undefined, reason: SimilarReason): void => {
      if (refs === undefined) return;
      for (const ref of refs) {
        if (this.identities.get(ref) === k.self || found?.has(ref)) continue;
        found ??= new Map();
        found.set(ref, reason);
      }
    };
    if (k.person !== undefined) {
      for (const key of k.person.names) take(this.byPerson.get(key), 'same name written differently');
      // "J. Roe" beside "Jane Roe"; never "John Roe" beside "Jane Roe", neither written with initials.
      take((k.person.hasInitial ? this.byInitials : this.byInitialed).get(k.person.initials), 'initials');
    } else {
      const org = k.org!;
      take(this.byName.get(org.name), 'same name written differently');
      if (org.bare) take(this.byAcronym.get(org.name), 'acronym');
      for (const a of k.short!) take(this.byBare.get(a), 'acronym');
    }
    return found === undefined ? [] : [...found].map(([ref, reason]) => ({ ref, reason }));
  }
}

/** What an entry is compared on (see EntryKeys). */
function entryKeys(s: Signatory): EntryKeys {
  const keys: EntryKeys = { field: s.organization === undefined ? 'name' : 'organization', self: identityKey(s) };
  if (s.organization === undefined) {
    keys.person = personKeys(s);
  } else {
    const org = orgKeys(s.organization);
    keys.org = org;
    keys.short = shortKeys(org);
  }
  return keys;
}

/** An organization's acronyms and initials, each once. */
function shortKeys(org: OrgKeys): string[] {
  const initials = org.initials ? [org.initials] : [];
  return org.acronyms.length === 0 ? initials : [...new Set([...org.acronyms, ...initials])];
}

/**
 * The entries of a list that are probably `s` written another way: what a SimilarIndex of the
 * list finds for `s`, the same matches in the same order, without indexing the list (`sign`
 * asks once, of a letter of 10,000). Only entries of `s`'s kind (organization or individual)
 * are keyed, as only those can match, and an identity is worked out only for a match.
 */
export function similarIn(signatories: readonly Signatory[], s: Signatory): SimilarMatch<number>[] {
  const k = entryKeys(s);
  // The index's lookups, in the order find makes them: each one's reason and the entries it takes, in list order.
  const steps: { reason: SimilarReason; refs: number[] }[] = [];
  const step = (reason: SimilarReason): number[] => {
    const refs: number[] = [];
    steps.push({ reason, refs });
    return refs;
  };
  if (k.person !== undefined) {
    const p = k.person;
    const byName = p.names.map(() => step('same name written differently'));
    const byInitials = step('initials');
    signatories.forEach((e, i) => {
      if (e.organization !== undefined) return;
      const q = personKeys(e);
      p.names.forEach((key, j) => {
        if (q.names.includes(key)) byName[j]!.push(i);
      });
      // "J. Roe" beside "Jane Roe": one of the two written with initials.
      if (q.initials === p.initials && (p.hasInitial || q.hasInitial)) byInitials.push(i);
    });
  } else {
    const org = k.org!;
    const byName = step('same name written differently');
    const byAcronym = org.bare ? step('acronym') : undefined;
    const byBare = k.short!.map(() => step('acronym'));
    signatories.forEach((e, i) => {
      if (e.organization === undefined) return;
      const q = orgKeys(e.organization);
      if (q.name !== '' && q.name === org.name) byName.push(i);
      if (byAcronym !== undefined && shortKeys(q).includes(org.name)) byAcronym.push(i);
      if (!q.bare) return;
      k.short!.forEach((a, j) => {
        if (q.name === a) byBare[j]!.push(i);
      });
    });
  }
  let found: Map<number, SimilarReason> | undefined;
  for (const { reason, refs } of steps) {
    for (const ref of refs) {
      if (found?.has(ref) || identityKey(signatories[ref]!) === k.self) continue;
      found ??= new Map();
      found.set(ref, reason);
    }
  }
  return found === undefined ? [] : [...found].map(([ref, reason]) => ({ ref, reason }));
}

function push<R>(map: Map<string, R[]>, key: string, ref: R): void {
  const list = map.get(key);
  if (list) list.push(ref);
  else map.set(key, [ref]);
}

/** Pairs of probable duplicates within one list, each reported once: [earlier, later]. */
export function similarPairs(signatories: readonly Signatory[]): { first: number; second: number; reason: SimilarReason }[] {
  const index = new SimilarIndex<number>();
  const pairs: { first: number; second: number; reason: SimilarReason }[] = [];
  signatories.forEach((s, i) => {
    const keys = entryKeys(s);
    for (const m of index.findKeys(keys)) pairs.push({ first: m.ref, second: i, reason: m.reason });
    index.addKeys(keys, i);
  });
  return pairs;
}

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

/** An entry's comparison keys: what it is filed under in an index, and what it looks for. */
type MatchKeys = { person: PersonKeys; org?: undefined } | { person?: undefined; org: OrgKeys };

/** What an entry is compared on, worked out once: `find` and then `add` of a new row need both. */
export type EntryKeys = MatchKeys & {
  /** The field its identity is on. */
  field: 'organization' | 'name';
  /** Its identity (field and key): never a probable duplicate of itself. */
  self: string;
};

/**
 * The matching rules, written once. An entry is filed under keys in named tables (`fileUnder`);
 * an entry looked for makes probes, each a table, a key and the reason a hit there gives
 * (`probesOf`), in the order of its reasons: an entry matches at the first probe whose table
 * and key it is filed under. An index keeps the tables as maps (SimilarIndex); a scan asks each
 * entry the same question (matchRank, in similarIn). Individuals and organizations are filed in
 * tables of their own, so one never matches the other.
 */
type Table = 'person' | 'initials' | 'initialed' | 'name' | 'acronym' | 'bare';

/** One lookup a search makes: an entry filed under `key` in `table` is a match, for `reason`. */
interface Probe {
  table: Table;
  key: string;
  reason: SimilarReason;
}

/**
 * The tables and keys an entry is filed under, pair by pair, into `filed` (from its start). An
 * index asks this of every entry it adds; a scan (similarIn) does the same with fileOrg or
 * filePerson directly, from each entry's own keys, with one Filed for all.
 */
function fileUnder(k: MatchKeys, filed: Filed): void {
  filed.count = 0;
  if (k.person !== undefined) filePerson(k.person, filed);
  else fileOrg(k.org, filed);
}

function filePerson(person: PersonKeys, filed: Filed): void {
  for (const key of person.names) put(filed, 'person', key);
  put(filed, 'initials', person.initials);
  if (person.hasInitial) put(filed, 'initialed', person.initials);
}

function fileOrg(org: OrgKeys, filed: Filed): void {
  if (org.name !== '') put(filed, 'name', org.name);
  // Its acronyms and initials (one written twice is filed twice: a search finds it once).
  for (const a of org.acronyms) put(filed, 'acronym', a);
  if (org.initials) put(filed, 'acronym', org.initials);
  if (org.bare) put(filed, 'bare', org.name);
}

/** Where fileUnder writes: the first `count` tables and keys, pair by pair. */
interface Filed {
  count: number;
  tables: Table[];
  keys: string[];
}

function put(filed: Filed, table: Table, key: string): void {
  filed.tables[filed.count] = table;
  filed.keys[filed.count++] = key;
}

/** The lookups that find the probable duplicates of an entry, in the order their matches are given. */
function probesOf(k: MatchKeys): Probe[] {
  if (k.person !== undefined) {
    const probes: Probe[] = k.person.names.map((key) => ({ table: 'person', key, reason: 'same name written differently' }));
    // "J. Roe" beside "Jane Roe"; never "John Roe" beside "Jane Roe", neither written with initials.
    probes.push({ table: k.person.hasInitial ? 'initials' : 'initialed', key: k.person.initials, reason: 'initials' });
    return probes;
  }
  const probes: Probe[] = [{ table: 'name', key: k.org.name, reason: 'same name written differently' }];
  if (k.org.bare) probes.push({ table: 'acronym', key: k.org.name, reason: 'acronym' });
  for (const a of shortKeys(k.org)) probes.push({ table: 'bare', key: a, reason: 'acronym' });
  return probes;
}

/**
 * The one predicate: whether the entry filed as `filed` is a probable duplicate of the one that
 * made `probes`, and how strongly: the index of the first probe it is filed under (the match's
 * reason is that probe's), or -1. Identity aside: an entry of the same identity is an exact
 * repeat, which the caller leaves out.
 */
function matchRank(probes: readonly Probe[], { count, tables, keys }: Filed): number {
  let rank = -1;
  for (let i = 0; i < count; i++) {
    const end = rank < 0 ? probes.length : rank;
    for (let j = 0; j < end; j++) {
      if (probes[j]!.key === keys[i] && probes[j]!.table === tables[i]) {
        rank = j;
        break;
      }
    }
  }
  return rank;
}

/**
 * Entries indexed for finding probable duplicates of new ones in constant time per entry:
 * a 10,000-row import compares every row with the letter and with the rows before it.
 * Each signatory's keys are worked out once, so a signatory must not change once given.
 */
export class SimilarIndex<R> {
  /** The entries by what they are filed under (fileUnder), in the order they were added. */
  private readonly tables: Record<Table, Map<string, R[]>> = {
    person: new Map(),
    initials: new Map(),
    initialed: new Map(),
    name: new Map(),
    acronym: new Map(),
    bare: new Map(),
  };
  private readonly identities = new Map<R, string>();
  private readonly filed: Filed = { count: 0, tables: [], keys: [] };
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
    const filed = this.filed;
    fileUnder(k, filed);
    for (let i = 0; i < filed.count; i++) push(this.tables[filed.tables[i]!], filed.keys[i]!, ref);
  }

  /** Entries that are probably `s` written another way; never one with the same identity (that is an exact repeat). */
  find(s: Signatory): SimilarMatch<R>[] {
    return this.findKeys(this.keysOf(s));
  }

  /** `find`, with the keys worked out already. */
  findKeys(k: EntryKeys): SimilarMatch<R>[] {
    // Most entries match nothing: the map of those found is made only when one is.
    let found: Map<R, SimilarReason> | undefined;
    for (const { table, key, reason } of probesOf(k)) {
      const refs = this.tables[table].get(key);
      if (refs === undefined) continue;
      for (const ref of refs) {
        if (this.identities.get(ref) === k.self || found?.has(ref)) continue;
        found ??= new Map();
        found.set(ref, reason);
      }
    }
    return found === undefined ? [] : [...found].map(([ref, reason]) => ({ ref, reason }));
  }
}

/** What an entry is compared on, but for its identity. */
function matchKeys(s: Signatory): MatchKeys {
  return s.organization === undefined ? { person: personKeys(s) } : { org: orgKeys(s.organization) };
}

/** What an entry is compared on (see EntryKeys). */
function entryKeys(s: Signatory): EntryKeys {
  return { field: s.organization === undefined ? 'name' : 'organization', self: identityKey(s), ...matchKeys(s) };
}

/** An organization's acronyms and initials, each once. */
function shortKeys(org: OrgKeys): string[] {
  const initials = org.initials ? [org.initials] : [];
  return org.acronyms.length === 0 ? initials : [...new Set([...org.acronyms, ...initials])];
}

/**
 * The entries of a list that are probably `s` written another way: what a SimilarIndex of the
 * list finds for `s`, the same matches in the same order (by the rank of their match, then in
 * list order), without indexing the list (`sign` asks once, of a letter of 10,000). Only entries
 * of `s`'s kind (organization or individual) are keyed, as only those can match, and an identity
 * is worked out only for a match.
 */
export function similarIn(signatories: readonly Signatory[], s: Signatory): SimilarMatch<number>[] {
  const k = entryKeys(s);
  const probes = probesOf(k);
  const byRank: number[][] = probes.map(() => []);
  const org = k.org !== undefined;
  const filed: Filed = { count: 0, tables: [], keys: [] };
  signatories.forEach((e, i) => {
    if ((e.organization !== undefined) !== org) return;
    // fileUnder, without an object of keys made for each entry.
    filed.count = 0;
    if (org) fileOrg(orgKeys(e.organization!), filed);
    else filePerson(personKeys(e), filed);
    const rank = matchRank(probes, filed);
    if (rank >= 0) byRank[rank]!.push(i);
  });
  const found: SimilarMatch<number>[] = [];
  byRank.forEach((refs, rank) => {
    for (const ref of refs) if (identityKey(signatories[ref]!) !== k.self) found.push({ ref, reason: probes[rank]!.reason });
  });
  return found;
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

/**
 * Where each signatory is printed: organizations and individuals as two sections when a
 * letter has both, each section by group (`group:`, in the order `groups:` gives), each group
 * in file order or alphabetically (`order:`) by the letter language's collation.
 */
import { matchKey } from './identity.js';
import type { Letter, Signatory } from './letter.js';

export interface ArrangedGroup {
  /** The group's heading; absent for signatories without a group (printed first). */
  heading?: string;
  members: Signatory[];
}

export interface ArrangedSection {
  /** `all` when the letter has only organizations or only individuals: no section heading. */
  kind: 'organizations' | 'individuals' | 'all';
  groups: ArrangedGroup[];
}

export function isIndividual(s: Signatory): boolean {
  return s.organization === undefined;
}

/**
 * What an individual is sorted by: the family name first, taking the last word of a name
 * written "Given Family" ("Jane van Roe" sorts under "Roe"); `sort_as:` overrides it.
 */
export function sortKey(s: Signatory): string {
  if (s.sort_as !== undefined) return s.sort_as;
  if (s.organization !== undefined) return s.organization;
  const words = (s.name ?? '').trim().split(/\s+/u);
  return words.length < 2 ? words.join(' ') : `${words[words.length - 1]} ${words.slice(0, -1).join(' ')}`;
}

export function arrangeSignatories(letter: Letter): ArrangedSection[] {
  const organizations = letter.signatories.filter((s) => !isIndividual(s));
  const individuals = letter.signatories.filter(isIndividual);
  const sections: ArrangedSection[] =
    organizations.length > 0 && individuals.length > 0
      ? [
          { kind: 'organizations', groups: groupsOf(organizations, letter) },
          { kind: 'individuals', groups: groupsOf(individuals, letter) },
        ]
      : [{ kind: 'all', groups: groupsOf(letter.signatories, letter) }];
  return sections.filter((s) => s.groups.length > 0);
}

function groupsOf(signatories: readonly Signatory[], letter: Letter): ArrangedGroup[] {
  const ungrouped: Signatory[] = [];
  const byKey = new Map<string, ArrangedGroup>();
  // A few group names repeated over thousands of signatories: compare each name once.
  const keys = new Map<string, string>();
  const keyOf = (group: string): string => keys.get(group) ?? keys.set(group, matchKey(group)).get(group)!;
  // Listed groups come first, in their listed order, under their listed spelling.
  for (const heading of letter.groups) if (!byKey.has(matchKey(heading))) byKey.set(matchKey(heading), { heading, members: [] });
  for (const s of signatories) {
    if (s.group === undefined) {
      ungrouped.push(s);
      continue;
    }
    const key = keyOf(s.group);
    let group = byKey.get(key);
    if (!group) {
      group = { heading: s.group, members: [] };
      byKey.set(key, group);
    }
    group.members.push(s);
  }
  const groups = [...(ungrouped.length > 0 ? [{ members: ungrouped }] : []), ...byKey.values()].filter((g) => g.members.length > 0);
  if (letter.order === 'alphabetical') {
    const collator = new Intl.Collator(letter.lang, { sensitivity: 'base', numeric: true });
    for (const g of groups) {
      const keyed = g.members.map((s, i) => ({ s, i, key: sortKey(s) }));
      keyed.sort((a, b) => collator.compare(a.key, b.key) || a.i - b.i);
      g.members = keyed.map((k) => k.s);
    }
  }
  return groups;
}

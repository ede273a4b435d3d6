//! What a sign-up form's question is asking for, read from its words: "Your full name (as it
//! should appear)", "Name der Organisation", "Role in organization", "Imię i nazwisko". A form's
//! questions are written by whoever made it, so headings are taken apart into words — case,
//! accents, punctuation, "your", "please enter", "(required)" set aside — and matched against
//! each field's words and stems in English, French, German, Spanish, Italian, Portuguese,
//! Dutch and Polish, the more particular fields first ("Organization e-mail" is an e-mail,
//! "Role in organization" a title, "Name of organization" an organization).

import { type HeadingTarget, VOCABULARY, type Vocabulary } from './heading-words.js';

export type { HeadingTarget };

/** Words around the question that say nothing of what it asks. */
const FILLER = new Set(
  (
    'your you yours please enter write here the a an of in at for to as is are what which required optional mandatory ' +
    'votre vos ton ta tes le la les l du des d ici obligatoire requis optionnel facultatif indiquez veuillez saisir ' +
    'ihr ihre ihren dein deine bitte der die das den dem angeben eingeben pflichtfeld erforderlich optional ' +
    'su sus tu por favor introduzca indique escriba el los las del obligatorio opcional ' +
    'il lo gli della dell vostro vostra tuo tua inserisci inserire per obbligatorio facoltativo ' +
    'seu sua os das dos insira informe obrigatorio ' +
    'uw je jouw het vul verplicht ' +
    'twoje twoj wpisz podaj prosze wymagane'
  ).split(' '),
);

/** A question answered yes or no ("Do you agree …?", "Acceptez-vous …", "Czy …"): never a field's value. */
const YES_NO_START = new Set(
  (
    'do does did are is can could would will have has may should shall ' +
    'acceptez accepte etes souhaitez voulez avez ' +
    'sind mochten durfen konnen haben bist willst ' +
    'acepta aceptas desea deseas puede quiere ' +
    'accetti accetta accettate vuoi desideri ' +
    'aceita deseja concorda ' +
    'wil wilt mag gaat bent ' +
    'czy'
  ).split(' '),
);
const CONSENT = /^(agree|consent|accept|accord|acuerdo|akkoord|zgoda|consenso|einverstanden|zustimm)/;

/**
 * A heading as words: accents, case and punctuation set aside, a note in parentheses or
 * brackets dropped, "Signer's" as "signer", ß as ss, ł as l.
 */
export function headingWords(heading: string): string[] {
  return heading
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/['’]s\b/giu, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Where `words` hold `entry` ("e mail*": the two words together, the last one a stem): its first word, or -1. */
function at(words: readonly string[], entry: string): number {
  const parts = entry.split(' ');
  for (let i = 0; i + parts.length <= words.length; i++) {
    if (
      parts.every((p, j) => {
        const w = words[i + j]!;
        return p.endsWith('*') ? w.startsWith(p.slice(0, -1)) : w === p;
      })
    )
      return i;
  }
  return -1;
}

const holds = (words: readonly string[], entry: string): boolean => at(words, entry) !== -1;

/** The words left when the first entry of `entries` found is taken out. */
function without(words: readonly string[], entries: readonly string[]): string[] {
  for (const entry of entries) {
    const i = at(words, entry);
    if (i !== -1) return [...words.slice(0, i), ...words.slice(i + entry.split(' ').length)];
  }
  return [...words];
}

/** Words that name a thing or a person in general ("Nome e cognome": nome is the given name beside cognome). */
const NAME_WORDS = ['name', 'nom', 'nome', 'nombre', 'naam', 'nazwa'];
const GROUP_WORDS = ['group', 'groupe', 'gruppe', 'grupo', 'gruppo', 'groep', 'grupa'];
const byTarget = (target: string): Vocabulary => VOCABULARY.find((v) => v.target === target)!;

/**
 * The field a heading asks for, read from its words, or undefined when it asks for none
 * letters knows (or is a yes/no question). Both halves of a name in one heading ("Nom et
 * prénom") are the whole name.
 */
export function recognizeHeading(heading: string): HeadingTarget | undefined {
  const all = headingWords(heading);
  if (all.length === 0 || YES_NO_START.has(all[0]!) || all.some((w) => CONSENT.test(w))) return undefined;
  const words = all.filter((w) => !FILLER.has(w));
  if (words.length === 0) return undefined;
  // "Name of your group", "Group name": the group that signs, an organization.
  if (GROUP_WORDS.some((g) => holds(words, g)) && NAME_WORDS.some((n) => holds(words, n))) return 'organization';
  for (const v of VOCABULARY) {
    if (v.not?.some((n) => holds(words, n))) continue;
    if (!v.words.some((w) => holds(words, w))) continue;
    if (v.target === 'first_name' || v.target === 'last_name') {
      // The other half, or a general word for a name, beside this half: the whole name.
      const rest = without(words, v.words);
      const other = byTarget(v.target === 'first_name' ? 'last_name' : 'first_name');
      if ([...other.words, ...NAME_WORDS].some((w) => holds(rest, w))) return 'name';
    }
    return v.target;
  }
  return undefined;
}

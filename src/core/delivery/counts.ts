// Who counts as having signed, and how many: totals by section and group, the date of the last signature, and the count sentence in the letter's language.
import { primaryLanguage } from '../letter/languages.js';
import type { Letter, Signatory } from '../letter/letter.js';
import { type Numbers, numbers } from '../text/dates-and-numbers.js';

/**
 * The signatories that count: the entries of `signatories:`. Those imported and not yet reviewed
 * are under `pending:`, withdrawn ones under `withdrawn:`: neither is ever counted, printed or told.
 */
export function signedEntries(letter: Letter): Signatory[] {
  return letter.signatories;
}

export interface Counts {
  total: number;
  organizations: number;
  individuals: number;
  /** Signatories by group, in the letter's order of groups; "" for those without one. */
  groups: { group: string; count: number }[];
  /** The latest `signed:` date, if any signatory has one. */
  lastSigned?: string;
}

/** The letter's counts, of the entries that count. */
export function countSignatories(letter: Letter): Counts {
  const list = signedEntries(letter);
  const organizations = list.filter((s) => s.organization !== undefined).length;
  const byGroup = new Map<string, number>();
  for (const g of letter.groups) byGroup.set(g, 0);
  let lastSigned: string | undefined;
  for (const s of list) {
    byGroup.set(s.group ?? '', (byGroup.get(s.group ?? '') ?? 0) + 1);
    if (s.signed !== undefined && (lastSigned === undefined || s.signed > lastSigned)) lastSigned = s.signed;
  }
  const counts: Counts = {
    total: list.length,
    organizations,
    individuals: list.length - organizations,
    groups: [...byGroup].filter(([g, n]) => g !== '' || n > 0).map(([group, count]) => ({ group, count })),
  };
  if (lastSigned !== undefined) counts.lastSigned = lastSigned;
  return counts;
}

/** How one language says it: a count of organizations, of people, both, or none yet. */
interface Phrasing {
  orgs: (n: string, one: boolean) => string;
  people: (n: string, one: boolean) => string;
  both: (orgs: string, people: string) => string;
  one: (who: string) => string;
  none: string;
}

const PHRASINGS: Record<string, Phrasing> = {
  en: {
    orgs: (n, one) => `${n} ${one ? 'organization' : 'organizations'}`,
    people: (n, one) => `${n} ${one ? 'individual' : 'individuals'}`,
    both: (a, b) => `This letter has been signed by ${a} and ${b}.`,
    one: (a) => `This letter has been signed by ${a}.`,
    none: 'This letter has not been signed yet.',
  },
  fr: {
    orgs: (n, one) => `${n} ${one ? 'organisation' : 'organisations'}`,
    people: (n, one) => `${n} ${one ? 'personne' : 'personnes'}`,
    both: (a, b) => `Cette lettre a été signée par ${a} et ${b}.`,
    one: (a) => `Cette lettre a été signée par ${a}.`,
    none: 'Cette lettre n’a pas encore été signée.',
  },
  de: {
    orgs: (n, one) => `${n} ${one ? 'Organisation' : 'Organisationen'}`,
    people: (n, one) => `${n} ${one ? 'Einzelperson' : 'Einzelpersonen'}`,
    both: (a, b) => `Dieser Brief wurde von ${a} und ${b} unterzeichnet.`,
    one: (a) => `Dieser Brief wurde von ${a} unterzeichnet.`,
    none: 'Dieser Brief wurde noch nicht unterzeichnet.',
  },
  es: {
    orgs: (n, one) => `${n} ${one ? 'organización' : 'organizaciones'}`,
    people: (n, one) => `${n} ${one ? 'persona' : 'personas'}`,
    both: (a, b) => `Esta carta ha sido firmada por ${a} y ${b}.`,
    one: (a) => `Esta carta ha sido firmada por ${a}.`,
    none: 'Esta carta aún no ha sido firmada.',
  },
  it: {
    orgs: (n, one) => `${n} ${one ? 'organizzazione' : 'organizzazioni'}`,
    people: (n, one) => `${n} ${one ? 'persona' : 'persone'}`,
    both: (a, b) => `Questa lettera è stata firmata da ${a} e ${b}.`,
    one: (a) => `Questa lettera è stata firmata da ${a}.`,
    none: 'Questa lettera non è ancora stata firmata.',
  },
  pt: {
    orgs: (n, one) => `${n} ${one ? 'organização' : 'organizações'}`,
    people: (n, one) => `${n} ${one ? 'pessoa' : 'pessoas'}`,
    both: (a, b) => `Esta carta foi assinada por ${a} e ${b}.`,
    one: (a) => `Esta carta foi assinada por ${a}.`,
    none: 'Esta carta ainda não foi assinada.',
  },
  nl: {
    orgs: (n, one) => `${n} ${one ? 'organisatie' : 'organisaties'}`,
    people: (n, one) => `${n} ${one ? 'persoon' : 'personen'}`,
    both: (a, b) => `Deze brief is ondertekend door ${a} en ${b}.`,
    one: (a) => `Deze brief is ondertekend door ${a}.`,
    none: 'Deze brief is nog niet ondertekend.',
  },
  ja: {
    orgs: (n) => `${n}団体`,
    people: (n) => `${n}人`,
    both: (a, b) => `この書簡には${a}と${b}が署名しています。`,
    one: (a) => `この書簡には${a}が署名しています。`,
    none: 'この書簡にはまだ署名がありません。',
  },
  zh: {
    orgs: (n) => `${n}个组织`,
    people: (n) => `${n}位个人`,
    both: (a, b) => `本信已有${a}和${b}签署。`,
    one: (a) => `本信已有${a}签署。`,
    none: '本信尚无人签署。',
  },
  'zh-hant': {
    orgs: (n) => `${n}個組織`,
    people: (n) => `${n}位個人`,
    both: (a, b) => `本信已有${a}和${b}簽署。`,
    one: (a) => `本信已有${a}簽署。`,
    none: '本信尚無人簽署。',
  },
  ko: {
    orgs: (n) => `${n}개 단체`,
    people: (n) => `${n}명`,
    both: (a, b) => `이 서한에는 ${a}와 ${b}이 서명했습니다.`,
    one: (a) => `이 서한에는 ${a}이 서명했습니다.`,
    none: '이 서한에는 아직 서명이 없습니다.',
  },
};

function phrasing(lang: string): Phrasing {
  const tag = lang.toLowerCase();
  if (/^zh-(hant|tw|hk|mo)/.test(tag)) return PHRASINGS['zh-hant']!;
  return PHRASINGS[primaryLanguage(lang)] ?? PHRASINGS['en']!;
}

/** True when the count sentence has words of the letter's language (not the English fallback). */
export function hasCountSentence(lang: string): boolean {
  return PHRASINGS[primaryLanguage(lang)] !== undefined;
}

/** Per language, its number format (undefined: a tag Intl refuses), made once a process. */
const numberFormats = new Map<string, Numbers | undefined>();

function numberFormat(lang: string): Numbers | undefined {
  if (!numberFormats.has(lang)) {
    let format: Numbers | undefined;
    try {
      format = numbers(lang);
    } catch {
      format = undefined;
    }
    numberFormats.set(lang, format);
  }
  return numberFormats.get(lang);
}

/**
 * "This letter has been signed by 47 organizations and 312 individuals." in the letter's
 * language (English where letters has no words for it), numbers in the language's digits.
 */
export function countSentence(counts: Pick<Counts, 'organizations' | 'individuals'>, lang: string): string {
  const p = phrasing(lang);
  const number = (n: number): string => numberFormat(lang)?.format(n) ?? String(n);
  const orgs = p.orgs(number(counts.organizations), counts.organizations === 1);
  const people = p.people(number(counts.individuals), counts.individuals === 1);
  if (counts.organizations > 0 && counts.individuals > 0) return p.both(orgs, people);
  if (counts.organizations > 0) return p.one(orgs);
  if (counts.individuals > 0) return p.one(people);
  return p.none;
}

import { describe, expect, test } from 'vitest';
import { isFieldHeading } from '../../src/core/sheets/columns.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { planImport, type RowValues } from '../../src/core/signing/import-plan.js';
import type { JunkRule } from '../../src/core/signing/junk.js';

const letter = parseLetter('title: T\nrecipient:\n  name: R\n', 'l.yaml').letter;
const questions = ['Timestamp', 'Your full name', 'Position / title', 'Name of organization', 'Email Address'];

/** Plan rows (each a fresh org unless given) and return each row's flag rules. */
function flags(rows: RowValues[], times?: number[]): JunkRule[][] {
  const plan = planImport(letter, rows, {
    today: '2026-03-02',
    text: 'abcdef12',
    late: false,
    allowSimilar: true,
    ...(times === undefined ? {} : { times: (row: number) => times[row] }),
    junk: { questions, isFieldHeading },
  });
  expect(plan.add).toHaveLength(rows.length);
  return plan.add.map((a) => a.flags.map((f) => f.rule));
}

/** Sixty-four rows of what open forms collect besides signatures, each with the flag it must raise. */
const JUNK: [RowValues, JunkRule][] = [
  ...[
    'http://cheap-pills.example',
    'https://bit.ly/3xYz',
    'www.casino-bonus.ru',
    'visit mysite.com now',
    'Jane Roe https://t.me/x',
    'best-loans.xyz',
    'promo at shop.io',
    'www.example.org',
  ].map((name, i): [RowValues, JunkRule] => [{ organization: `Org U${i}`, name }, 'web-address']),
  ...['jane@example.org', 'contact: bob@mail.com', 'x@y.de', 'info@ngo.org', 'a.b@c.co'].map((name, i): [RowValues, JunkRule] => [
    { organization: `Org E${i}`, name },
    'email-address',
  ]),
  ...['+1 555 010 0199', '06 12 34 56 78', '(202) 555-0143', 'Call 0049 30 1234567', '555-0199-22'].map(
    (name, i): [RowValues, JunkRule] => [{ organization: `Org P${i}`, name }, 'phone-number'],
  ),
  ...[
    'JANE ROE',
    'KATARZYNA WIŚNIEWSKA',
    'JEAN-FRANÇOIS DUBOIS',
    'ANA LIMA',
    'PETER O’NEILL',
    'MARÍA JOSÉ GARCÍA',
    'ΝΙΚΟΣ ΠΑΠΑΔΑΚΗΣ',
    'ИВАН ПЕТРОВ',
  ].map((name, i): [RowValues, JunkRule] => [{ organization: `Org C${i}`, name }, 'capitals']),
  ...['HUMAN RIGHTS WATCH TEXAS', 'FRIENDS OF THE EARTH', 'COALITION FOR CLEAN WATER'].map((organization): [RowValues, JunkRule] => [
    { organization },
    'capitals',
  ]),
  ...['jane roe', 'katarzyna wiśniewska', 'jean-françois dubois', 'ana lima', 'peter smith'].map((name, i): [RowValues, JunkRule] => [
    { organization: `Org L${i}`, name },
    'lower-case',
  ]),
  ...['greenpeace', 'friends of the sea', 'amnesty international'].map((organization): [RowValues, JunkRule] => [
    { organization },
    'lower-case',
  ]),
  ...[
    'Water Rights 💧',
    'Clean Air 🌍 Now',
    'Peace ☮ Network',
    'Best Org 🔥🔥',
    'Rights <script>',
    'Acme {test}',
    'Org ★★★',
    'Freedom ✊',
  ].map((organization): [RowValues, JunkRule] => [{ organization }, 'symbols']),
  ...['Jane 😀 Roe', 'Bob #1 Fan'].map((name, i): [RowValues, JunkRule] => [{ organization: `Org S${i}`, name }, 'symbols']),
  ...[
    'Your full name',
    'Name',
    'Full name',
    'Name of organization',
    'test',
    'asdf',
    'John Doe',
    'Max Mustermann',
    'N/A',
    'Organisation',
  ].map((name, i): [RowValues, JunkRule] => [{ organization: `Org Q${i}`, name }, 'question-text']),
  ...['Organization', 'Name of organization', 'test', 'Nom de l’organisation'].map((organization): [RowValues, JunkRule] => [
    { organization },
    'question-text',
  ]),
];

describe(`a junk corpus of ${JUNK.length + 8} rows: each raises its flag`, () => {
  test('each row alone', () => {
    expect(JUNK.length).toBeGreaterThanOrEqual(60);
    const got = flags(JUNK.map(([row]) => row));
    JUNK.forEach(([row, rule], i) => {
      expect(got[i], JSON.stringify(row)).toContain(rule);
    });
  });

  test('one e-mail address signing for two organizations; rows from one address within seconds', () => {
    const rows: RowValues[] = [
      { organization: 'Acme Trust', name: 'Jane Roe', email: 'same@example.org' },
      { organization: 'Beta Fund', name: 'Bo Li', email: 'SAME@example.org' },
      { organization: 'Gamma', name: 'Cy Ng', email: 'bot@example.org' },
      { organization: 'Delta', name: 'Di Wu', email: 'bot@example.org' },
      { organization: 'Epsilon', name: 'Ed Ma', email: 'bot@example.org' },
      { organization: 'Zeta', name: 'Fa Yu', email: 'calm@example.org' },
      { organization: 'Zeta Two', name: 'Ge Lo', email: 'other@example.org' },
      { organization: 'Eta', name: 'Hu Pi', email: 'other2@example.org' },
    ];
    const got = flags(rows, [0, 3600, 100, 104, 109, 200, 300, 5000]);
    expect(got[0]).toContain('shared-email');
    expect(got[1]).toContain('shared-email');
    expect(got[0]).not.toContain('burst');
    for (const i of [2, 3, 4]) expect(got[i]).toEqual(expect.arrayContaining(['shared-email', 'burst']));
    expect(got.slice(5)).toEqual([[], [], []]);
  });

  test('a one-word name where the letter’s other names have two', () => {
    const rows: RowValues[] = [
      'Jane Roe',
      'Ana Lima',
      'Bo Li',
      'Cy Ng',
      'Di Wu',
      'Ed Ma',
      'Fa Yu',
      'Ge Lo',
      'Hu Pi',
      'Madonna',
      '山田花子',
    ].map((name) => ({ name }));
    const got = flags(rows);
    expect(got[9]).toEqual(['one-word-name']);
    // A name in a script written without spaces is not one word too few.
    expect(got[10]).toEqual([]);
    expect(got.slice(0, 9).flat()).toEqual([]);
  });
});

/** What real sign-ups look like, in many scripts and conventions: none of it is junk. */
const CLEAN: RowValues[] = [
  { organization: 'Human Rights Watch', name: 'Jean-François Dubois', title: 'Executive Director', email: 'jf@example.org' },
  { organization: 'Fundacja Praw Rolników', name: 'Katarzyna Wiśniewska', title: 'Prezes Zarządu', email: 'kw@example.org' },
  { organization: 'Spolek pro krajinu, z.s.', name: 'Antonín Dvořák', title: 'Předseda' },
  { organization: 'Toprak ve Su Derneği', name: 'Elif Ağaoğlu', title: 'Genel Sekreter' },
  { organization: 'Mạng lưới Nông dân', name: 'Nguyễn Thị Hương', title: 'Điều phối viên' },
  { organization: 'ACLU', name: 'Mary O’Brien', title: 'Policy Counsel' },
  { organization: 'WWF', name: 'Peter van der Berg' },
  { organization: 'Amnesty International France', name: 'Agnès Moreau', title: 'Secrétaire générale' },
  { organization: 'Deutscher Naturschutzring e. V.', name: 'Jürgen Groß', title: 'Geschäftsführer' },
  { organization: 'Fundación Ciudadana Civio', name: 'María José García-López', title: 'Directora' },
  { organization: 'Associazione Antigone', name: 'Giulia Rossi', title: 'Presidente' },
  { organization: 'Associação Zero', name: 'João Gonçalves', title: 'Coordenador' },
  { organization: 'Stichting Milieudefensie', name: 'Sanne de Vries', title: 'Directeur' },
  { organization: 'Change.org Foundation', name: 'Ben Rattray' },
  { organization: 'Center for Democracy & Technology', name: 'Alexandra Reeve Givens', title: 'CEO' },
  { organization: '350.org', name: 'May Boeve' },
  { organization: 'Access Now', name: 'Brett Solomon', title: 'Executive Director' },
  { organization: 'Electronic Frontier Foundation (EFF)', name: 'Cindy Cohn' },
  { organization: 'Union des Syndicats – CGT', name: 'Philippe Martinez' },
  { organization: 'Coalition 2030', name: 'Anna Schmidt' },
  { organization: 'Rights Lab™', name: 'Kwame Mensah' },
  { organization: 'アジア太平洋資料センター', name: '山田花子', title: '代表' },
  { organization: '日本ネグロス・キャンペーン委員会', name: '秋山眞兄' },
  { organization: '참여연대', name: '김민수', title: '사무처장' },
  { organization: 'المنظمة العربية لحقوق الإنسان', name: 'محمد علي' },
  { organization: 'Правозащитный центр', name: 'Олег Орлов' },
  { organization: 'Ελληνική Ένωση για τα Δικαιώματα του Ανθρώπου', name: 'Νίκος Παπαδάκης' },
  { organization: 'אגודה לזכויות האזרח', name: 'שרון אברהם' },
  { organization: 'Sieć Obywatelska Watchdog Polska', name: 'Katarzyna Batko-Tołuć' },
  { organization: 'Open Knowledge Foundation Deutschland', name: 'Dr. Henriette Litta' },
  { name: 'Jane Roe', title: 'Professor of Law' },
  { name: 'Ann Lee', affiliation: 'University of Somewhere', country: 'US' },
  { name: 'José Álvarez', affiliation: 'Universidad de Chile' },
  { name: 'Siobhán Ní Bhriain' },
  { name: 'Jean-Luc Picard' },
  { name: 'D’Arcy MacLeod' },
  { name: 'Zoë Løkke' },
  { name: 'Bálint Őrsi' },
  { name: 'Ștefan Popescu' },
  { name: 'Amara Okonkwo-Lindqvist' },
];

test(`a clean corpus of ${CLEAN.length} real-looking sign-ups raises no flag`, () => {
  expect(flags(CLEAN).flat()).toEqual([]);
});

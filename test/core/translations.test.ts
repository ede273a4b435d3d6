// Translations in memory: reading a translation file, what makes it complete, the letter it makes, the fingerprints that say it is stale, and the splices that mark it current.
import { describe, expect, test } from 'vitest';
import { markTranslationCurrent, scaffoldTranslation } from '../../src/core/edit/translation-edits.js';
import { textAgreement, textFingerprint } from '../../src/core/letter/fingerprint.js';
import {
  sourceFingerprint,
  translatedLetter,
  translationName,
  translationState,
  versionFingerprint,
} from '../../src/core/letter/translation.js';
import { letterVersions, translatedParsed, versionTexts } from '../../src/core/read/letter-versions.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { readTranslationSource } from '../../src/core/read/translation-reader.js';

const LETTER = `title: Clean water for all
lang: en
date: 2026-03-02
recipient:
  name: Minister Okonkwo
subject: The water quota
intro: |
  We ask you to restore the quota.

  Second paragraph.
issues:
  - title: Quota
    body: Restore it.
  - title: Wells
    body: Fund them.
closing: Thank you.
signoff: Sincerely,
cc: [The Deputy Minister]
groups: [Members, Friends]
signatories:
  - organization: Acme
    group: Members
  - organization: Beta
    group: Friends
    lang: fr
`;

const FRENCH = `title: De l'eau potable pour tous
subject: Le quota d'eau
salutation: Monsieur le Ministre,
intro: |
  Nous vous demandons de rétablir le quota.

  Deuxième paragraphe.
issues:
  - title: Quota
    body: Rétablissez-le.
  - title: Puits
    body: Financez-les.
closing: Merci.
signoff: Veuillez agréer nos salutations,
cc: [Le vice-ministre]
groups:
  Members: Membres
  Friends: Amis
`;

const letter = (source = LETTER) => parseLetter(source, 'letters/water.yaml');
const translation = (source = FRENCH, lang = 'fr') => readTranslationSource(source, `letters/water.${lang}.yaml`, lang);
const versionsOf = (source = LETTER, french = FRENCH) =>
  letterVersions(letter(source), [{ lang: 'fr', file: 'letters/water.fr.yaml', read: translation(french) }]);

describe('a translation file', () => {
  test.each([
    ['water.fr.yaml', { slug: 'water', lang: 'fr' }],
    ['water.zh-Hant.yml', { slug: 'water', lang: 'zh-Hant' }],
    ['visit-2026.es-MX.yaml', { slug: 'visit-2026', lang: 'es-MX' }],
    ['water.yaml', undefined],
    ['water.old.yaml', undefined], // no language Intl knows
    ['Water.fr.yaml', undefined], // not a slug
    ['water.fr.txt', undefined],
  ])('%s is named as %j', (name, expected) => {
    expect(translationName(name)).toEqual(expected);
  });

  test('reads every text field, the issues, cc lines and group headings', () => {
    const { parsed, problems } = translation();
    expect(problems).toEqual([]);
    const t = parsed!.translation;
    expect(t.texts.title).toBe("De l'eau potable pour tous");
    expect(t.issues?.map((i) => i.title)).toEqual(['Quota', 'Puits']);
    expect(t.cc).toEqual(['Le vice-ministre']);
    expect([...(t.groups ?? [])]).toEqual([
      ['Members', 'Membres'],
      ['Friends', 'Amis'],
    ]);
    expect(t.source).toBeUndefined();
  });

  test.each([
    ['lang: fr\n', /a translation has no "lang"/, 1],
    ['signatories: []\n', /a translation has no "signatories"/, 1],
    ['intorduction: x\n', /unknown field "intorduction".*did you mean "introduction"|unknown field "intorduction"/, 1],
    ['untranslated: [intro, covr]\n', /untranslated: lists "covr".*did you mean "cover"/, 1],
    ['cc: ["Jane <jane@example.org>"]\n', /cc line 1 has an e-mail address/, 1],
    ['source: not-a-fingerprint\n', /"source" is not a text fingerprint/, 1],
  ])('refuses %j at its line', (line, message, lineNumber) => {
    const { problems } = translation(`${line}${FRENCH.replace(/^cc: .*\n/m, '')}`);
    expect(problems.map((p) => `${p.location?.line}: ${p.message} (${p.hint ?? ''})`)).toContainEqual(
      expect.stringMatching(new RegExp(`^${lineNumber}: .*${message.source}`)),
    );
  });
});

describe('what a translation must carry', () => {
  const problemsOf = (french: string) =>
    versionsOf(LETTER, french).versions[0]!.problems.map((p) => `${p.location?.file}:${p.location?.line}: ${p.message}`);

  test('a complete translation has no problem', () => {
    expect(problemsOf(FRENCH)).toEqual([]);
  });

  test('each field the letter prints and it lacks is an error, where the field stands or at the top', () => {
    const problems = problemsOf(FRENCH.replace(/^closing: .*\n/m, '').replace("subject: Le quota d'eau", 'subject:'));
    expect(problems).toEqual([
      'letters/water.fr.yaml:2: the French translation has no subject, which the English letter has',
      'letters/water.fr.yaml:1: the French translation has no closing, which the English letter has',
    ]);
  });

  test('a field listed under untranslated: may be left out; one translated and listed is an error', () => {
    expect(problemsOf(`${FRENCH.replace(/^closing: .*\n/m, '')}untranslated: [closing]\n`)).toEqual([]);
    expect(problemsOf(`${FRENCH}untranslated: [closing]\n`)).toEqual([
      'letters/water.fr.yaml:13: closing is translated here and listed under untranslated:',
    ]);
  });

  test('issues and cc lines one for one; every group with its heading, none twice', () => {
    const fewer = FRENCH.replace('  - title: Puits\n    body: Financez-les.\n', '');
    expect(problemsOf(fewer)).toEqual(['letters/water.fr.yaml:9: the French translation has 1 issue where the English letter has 2']);
    const oneGroup = FRENCH.replace('  Friends: Amis\n', '');
    expect(problemsOf(oneGroup)).toEqual(['letters/water.fr.yaml:17: the French translation has no heading for the group "Friends"']);
    const twice = FRENCH.replace('Friends: Amis', 'Friends: Membres');
    expect(problemsOf(twice)).toEqual(['letters/water.fr.yaml:18: "Friends" and "Members" are both translated as "Membres"']);
    const unknown = FRENCH.replace('Friends: Amis', 'Friends: Amis\n  Fiends: Ennemis');
    expect(problemsOf(unknown)).toEqual(['letters/water.fr.yaml:19: "Fiends" is not a group of the English letter']);
  });

  test('a field the letter does not have is an error; the place is optional', () => {
    expect(problemsOf(`${FRENCH}subtitle: Une lettre\n`)).toEqual([
      'letters/water.fr.yaml:19: the English letter has no subtitle, so the translation cannot have one',
    ]);
    expect(problemsOf(`${FRENCH}place: Genève\n`)).toEqual([
      'letters/water.fr.yaml:19: the English letter has no place, so the translation cannot have one',
    ]);
    expect(problemsOf(FRENCH)).toEqual([]);
  });

  test('the default English salutation is one to translate: a letter in French has no default', () => {
    expect(problemsOf(FRENCH.replace(/^salutation: .*\n/m, ''))).toEqual([
      'letters/water.fr.yaml:1: the French translation has no salutation, which the English letter has',
    ]);
  });
});

describe('the letter a translation makes', () => {
  test('its words and language over the same signatories, recipients and date; group headings translated', () => {
    const source = letter().letter;
    const made = translatedLetter(source, translation().parsed!.translation);
    expect(made.lang).toBe('fr');
    expect(made.title).toBe("De l'eau potable pour tous");
    expect(made.recipients).toBe(source.recipients);
    expect(made.date).toBe('2026-03-02');
    expect(made.groups).toEqual(['Membres', 'Amis']);
    expect(made.signatories.map((s) => [s.organization, s.group])).toEqual([
      ['Acme', 'Membres'],
      ['Beta', 'Amis'],
    ]);
    // The source letter itself is untouched.
    expect(source.signatories[0]!.group).toBe('Members');
  });

  test('a field kept in the letter language is said to be in it', () => {
    const made = translatedLetter(
      letter().letter,
      translation(`${FRENCH.replace(/^closing: .*\n/m, '')}untranslated: [closing]\n`).parsed!.translation,
    );
    expect(made.closing).toBe('Thank you.');
    expect(made.untranslated).toEqual({ lang: 'en', fields: ['closing'] });
  });

  test('its problems are placed in the translation file', () => {
    const versions = versionsOf();
    const parsed = translatedParsed(versions.parsed, versions.versions[0]!);
    expect(parsed.locate('intro')).toEqual({ file: 'letters/water.fr.yaml', line: 4, col: 8 });
    expect(parsed.locate('issues.1.body').line).toBe(12);
    expect(parsed.locate('groups.1')).toEqual({ file: 'letters/water.fr.yaml', line: 18, col: 3 });
    expect(parsed.locate('signatories.0.group').line).toBe(17);
    // What the translation does not write is the letter's.
    expect(parsed.locate('date')).toEqual({ file: 'letters/water.yaml', line: 3, col: 7 });
  });
});

describe('in step with the letter', () => {
  test('the source fingerprint changes with any translatable text, not with spacing, signatures or dates', () => {
    const fp = (source: string) => sourceFingerprint(letter(source).letter);
    expect(fp(LETTER.replace('Second paragraph.', 'Second  paragraph.'))).toBe(fp(LETTER));
    expect(fp(LETTER.replace('date: 2026-03-02', 'date: 2026-04-01'))).toBe(fp(LETTER));
    expect(fp(LETTER.replace('  - organization: Beta\n    group: Friends\n    lang: fr\n', ''))).toBe(fp(LETTER));
    for (const edit of [
      ['Second paragraph.', 'A second paragraph.'],
      ['Sincerely,', 'Yours,'],
      ['The Deputy Minister', 'The Deputy'],
      ['[Members, Friends]', '[Members, Friends, Others]'],
    ]) {
      expect(fp(LETTER.replace(edit[0]!, edit[1]!))).not.toBe(fp(LETTER));
    }
  });

  test('never marked, current once marked, stale when the letter changes', () => {
    const t = translation().parsed!.translation;
    const current = sourceFingerprint(letter().letter);
    expect(translationState(t, current)).toBe('unmarked');
    expect(translationState({ ...t, source: current }, current)).toBe('current');
    const edited = sourceFingerprint(letter(LETTER.replace('Second paragraph.', 'Another paragraph.')).letter);
    expect(translationState({ ...t, source: current }, edited)).toBe('stale');
  });

  test('a signature on a translation is checked against that version: the letter edited leaves it current, the translation edited makes it earlier', () => {
    const source = letter().letter;
    const french = translation().parsed!.translation;
    const fr = versionFingerprint(source, french);
    expect(fr).not.toBe(textFingerprint(source));
    const signed = {
      ...source,
      signatories: [
        { organization: 'Acme', text: textFingerprint(source) },
        { organization: 'Beta', lang: 'fr', text: fr },
      ],
    };
    expect(textAgreement(signed, new Map([['fr', fr]]))).toEqual({
      current: textFingerprint(source),
      earlier: [],
      unrecorded: [],
      noVersion: [],
    });
    const newFrench = translation(FRENCH.replace('Deuxième paragraphe.', 'Un deuxième paragraphe.')).parsed!.translation;
    expect(textAgreement(signed, new Map([['fr', versionFingerprint(source, newFrench)]])).earlier).toEqual([1]);
    // A version the letter does not have.
    expect(textAgreement(signed).noVersion).toEqual([1]);
  });

  test('versionTexts gives each readable translation its text fingerprint, by language in lowercase', () => {
    expect([...versionTexts(versionsOf()).keys()]).toEqual(['fr']);
  });
});

describe('the translation file as text', () => {
  test('the scaffold carries each field empty under the letter text in comments, and is incomplete until filled', () => {
    const source = letter().letter;
    const text = scaffoldTranslation(source, 'fr', 'letters/water.yaml', 'water');
    expect(text).toContain('#   We ask you to restore the quota.');
    expect(text).toContain('letters translate water --lang fr --done');
    const versions = letterVersions(letter(), [{ lang: 'fr', file: 'f', read: translation(text) }]);
    const messages = versions.versions[0]!.problems.map((p) => p.message);
    expect(messages).toContain('the French translation has no intro, which the English letter has');
    expect(messages).toContain('missing required field "title"');
    expect(messages).toContain('the French translation has no heading for the groups "Members", "Friends"');
  });

  test('marking it current adds source: before the first field, keeping comments and line endings; again, it replaces the value', () => {
    const commented = `# Traduction française\r\n${FRENCH.replace(/\n/g, '\r\n')}`;
    const once = markTranslationCurrent(translation(commented).parsed!, 'abcdef12');
    expect(once.startsWith('# Traduction française\r\nsource: abcdef12   # ')).toBe(true);
    expect(once.endsWith(commented.slice('# Traduction française\r\n'.length))).toBe(true);
    expect(once).not.toMatch(/[^\r]\n/);
    const twice = markTranslationCurrent(translation(once).parsed!, '12345678');
    expect(twice).toBe(once.replace('abcdef12', '12345678'));
  });
});

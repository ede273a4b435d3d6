import { describe, expect, test } from 'vitest';
import { hasLanguageTable, KNOWN_LANGUAGES, languageTable } from '../../src/core/letter/languages.js';

describe('finding a language row', () => {
  test.each([
    // The whole tag first, then the language with its script (written or implied), then the language.
    ['zh', '事由：', '“'],
    ['zh-CN', '事由：', '“'],
    ['zh-Hans', '事由：', '“'],
    ['zh-SG', '事由：', '“'],
    ['zh-Hant', '主旨：', '「'],
    ['zh-TW', '主旨：', '「'],
    ['zh-HK', '主旨：', '「'],
    ['ZH-hant-tw', '主旨：', '「'],
    ['ja', '件名：', '「'],
    ['ja-JP', '件名：', '「'],
    ['fr', 'Objet\u00a0:', '«\u00a0'],
    ['fr-CA', 'Objet\u00a0:', '«\u00a0'],
    ['fr-CH', 'Objet\u00a0:', '«'],
    ['fr-Latn-CH', 'Objet\u00a0:', '«'],
    ['pt-BR', 'Assunto:', '“'],
    ['sw-KE', 'YAH:', '“'],
  ])('%s', (lang, subject, quote) => {
    expect(hasLanguageTable(lang)).toBe(true);
    expect(languageTable(lang).subject).toBe(subject);
    expect(languageTable(lang).quotes[0]).toBe(quote);
  });

  test('a language without a row falls back to English, and is said to have none', () => {
    for (const lang of ['fi', 'vi', 'x-klingon', 'my']) {
      expect(hasLanguageTable(lang)).toBe(false);
      expect(languageTable(lang).subject).toBe('Re:');
    }
  });

  test('French spacing is French, not Swiss French', () => {
    expect(languageTable('fr').frenchSpacing).toBe(true);
    expect(languageTable('fr-BE').frenchSpacing).toBe(true);
    expect(languageTable('fr-CH').frenchSpacing).toBe(false);
    expect(languageTable('en').frenchSpacing).toBe(false);
  });
});

describe('the rows', () => {
  const NEW = ['zh', 'zh-Hant', 'ja', 'ko', 'ar', 'he', 'fa', 'ru', 'uk', 'tr', 'sw', 'hi', 'id'];

  test('every language the issue asks for has a row', () => {
    expect(KNOWN_LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', ...NEW]));
  });

  test.each(KNOWN_LANGUAGES)('%s: every label is written, none is English but English', (lang) => {
    const row = languageTable(lang);
    const labels = [
      row.subject,
      row.cc,
      row.to,
      row.organizations,
      row.individuals,
      row.individualsNote,
      row.openLetter,
      row.salutation,
      row.signoff,
    ];
    for (const label of labels) expect(label.trim()).not.toBe('');
    expect(row.quotes).toHaveLength(4);
    expect(row.letterTo('X')).toContain('X');
    expect(row.toLine('X')).toContain('X');
    expect(row.placeAndDate('P', 'D')).toMatch(/P.*D|D.*P/);
    if (!lang.startsWith('en')) {
      const english = languageTable('en');
      for (const key of ['organizations', 'individuals', 'individualsNote', 'openLetter'] as const) expect(row[key]).not.toBe(english[key]);
    }
  });

  test('Japanese and Chinese bracket the affiliation and put the title before the name; the date after the body', () => {
    for (const lang of ['ja', 'zh', 'zh-Hant']) {
      const row = languageTable(lang);
      expect(row.affiliationInBrackets).toBe(true);
      expect(row.brackets).toEqual(['（', '）']);
      expect(row.addressee).toBe('title-first');
      expect(row.honorific).toBe('after');
      expect(row.dateAfterBody).toBe(true);
    }
    for (const lang of ['en', 'fr', 'de', 'ar', 'ru']) {
      const row = languageTable(lang);
      expect(row.affiliationInBrackets).toBe(false);
      expect(row.addressee).toBe('name-first');
      expect(row.dateAfterBody).toBe(false);
    }
  });
});

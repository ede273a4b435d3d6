import { describe, expect, test } from 'vitest';
import { markdownToHtml } from '../../src/render/document/markdown.js';
import { frenchSpacing, typesetter } from '../../src/render/document/typography.js';

const NB = '\u00a0';
const NNB = '\u202f';
/** Spaces made visible: ⍽ a no-break space, ‿ a narrow one. */
const show = (s: string): string => s.replaceAll(NB, '⍽').replaceAll(NNB, '‿');

describe('quotes in plain fields, as the Markdown fields make them', () => {
  test.each([
    ['en', "Apple's", 'Apple’s'],
    ['en', "Texans' right", 'Texans’ right'],
    ['en', 'The "Northern" Valleys', 'The “Northern” Valleys'],
    ['en', '\'Inner\' and "outer"', '‘Inner’ and “outer”'],
    ['de', 'Der "Brief"', 'Der „Brief“'],
    ['ja', '"人権"。', '「人権」。'],
    ['zh-TW', '"香港"', '「香港」'],
    ['zh', '"香港"', '“香港”'],
    ['fr', 'Les "défenseurs"', `Les «${NB}défenseurs${NB}»`],
    ['fr-CH', 'Les "défenseurs"', 'Les «défenseurs»'],
  ])('%s: %s', (lang, typed, printed) => {
    expect(typesetter(lang)(typed)).toBe(printed);
    // The same words in a Markdown field print the same marks.
    expect(markdownToHtml(typed, lang)).toBe(`<p>${printed}</p>\n`);
  });

  test('nothing but the quotes changes: no Markdown read, no dash or (c) replaced, no entity decoded', () => {
    const name = 'O\'Brien -- *Bold* (c) [x](y) &amp; <b> 1" ... +-';
    expect(typesetter('en')(name)).toBe('O’Brien -- *Bold* (c) [x](y) &amp; <b> 1" ... +-');
  });
});

describe('French spacing (Imprimerie nationale)', () => {
  test.each([
    ['Associations signataires :', 'Associations signataires⍽:'],
    ['Associations signataires:', 'Associations signataires⍽:'],
    ['Pourquoi ?', 'Pourquoi‿?'],
    ['Pourquoi?', 'Pourquoi‿?'],
    ['Enfin ; voilà', 'Enfin‿; voilà'],
    ['Assez !', 'Assez‿!'],
    ['Quoi ?!', 'Quoi‿?!'],
    ['« Oui »', '«⍽Oui⍽»'],
    ['«Oui»', '«⍽Oui⍽»'],
    ['« Vraiment ? »', '«⍽Vraiment‿?⍽»'],
    // A space already there, of another kind, is kept: never two.
    [`déjà${NB}:`, 'déjà⍽:'],
    [`déjà${NNB}?`, 'déjà‿?'],
    [`«${NB}Oui${NB}»`, '«⍽Oui⍽»'],
    // Not punctuation: a time, a ratio, an address, a mail address, an opening bracket.
    ['à 10:30 ou 3:2', 'à 10:30 ou 3:2'],
    ['voir https://example.org/a?b=c&d=e!', 'voir https://example.org/a?b=c&d=e!'],
    ['écrire à contact@example.org', 'écrire à contact@example.org'],
    ['un doute (?) ici', 'un doute (?) ici'],
    ['Article 3 : la loi', 'Article 3⍽: la loi'],
  ])('%s', (typed, printed) => {
    expect(show(frenchSpacing(typed))).toBe(printed);
    // Running it twice changes nothing.
    expect(frenchSpacing(frenchSpacing(typed))).toBe(frenchSpacing(typed));
  });

  test('in Markdown fields, across emphasis, not in links shown as their address nor in code', () => {
    const html = markdownToHtml('**Attention** : le *texte*? Voir <https://ex.org/?a=1> et `a ? b` !', 'fr');
    expect(show(html)).toBe(
      '<p><strong>Attention</strong>⍽: le <em>texte</em>‿? Voir <a href="https://ex.org/?a=1">https://ex.org/?a=1</a> et <code>a ? b</code>‿!</p>\n',
    );
  });

  test('only in French: English and Swiss French keep what was typed', () => {
    expect(typesetter('en')('Note : why ?')).toBe('Note : why ?');
    expect(typesetter('fr-CH')('Note : pourquoi ?')).toBe('Note : pourquoi ?');
    expect(markdownToHtml('Note : pourquoi ?', 'fr-CH')).toBe('<p>Note : pourquoi ?</p>\n');
    expect(show(typesetter('fr-CA')('Note : pourquoi ?'))).toBe('Note⍽: pourquoi‿?');
  });
});

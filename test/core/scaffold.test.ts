import { describe, expect, test } from 'vitest';
import { scaffoldLetter, slugProblem, suggestSlug } from '../../src/core/edit/scaffold.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';

test.each([
  ['visit-2026', undefined],
  ['a', undefined],
  ['Visit', /lowercase/],
  ['my letter', /spaces/],
  ['../etc/passwd', /cannot contain/],
  ['a/b', /cannot contain/],
  ['double--hyphen', /single hyphens/],
  ['-lead', /single hyphens/],
  ['', /empty/],
  ['é', /lowercase letters, digits/],
])('slugProblem(%j)', (slug, problem) => {
  const found = slugProblem(slug);
  if (problem === undefined) expect(found).toBeUndefined();
  else expect(found).toMatch(problem);
});

test('suggestSlug', () => {
  expect(suggestSlug('Visit 2026: Ştefan!')).toBe('visit-2026-stefan');
});

describe('scaffoldLetter', () => {
  test('is a valid letter that holds exactly what was given', () => {
    const text = scaffoldLetter({
      title: 'Rights: now # or never',
      to: 'Secretary "Jane" Doe',
      toTitle: 'Secretary of State',
      toOrg: 'true',
      address: ['2201 C Street NW', 'Washington, DC 20520'],
      salutation: 'Dear Madam Secretary,',
      date: '2026-03-02',
      template: 'formal',
    });
    const { letter } = parseLetter(text, 'x.yaml');
    expect(letter).toMatchObject({
      title: 'Rights: now # or never',
      date: '2026-03-02',
      salutation: 'Dear Madam Secretary,',
      recipients: [
        {
          name: 'Secretary "Jane" Doe',
          title: 'Secretary of State',
          organization: 'true',
          address: ['2201 C Street NW', 'Washington, DC 20520'],
        },
      ],
      signatories: [],
    });
    expect(letter.issues).toHaveLength(1);
  });

  test('teaches the format in comments', () => {
    const text = scaffoldLetter({ title: 'T', to: 'R' });
    expect(text).toMatch(/# .*Markdown/);
    expect(text).toMatch(/# salutation: /);
    expect(text).toMatch(/letters sign/);
    expect(parseLetter(text, 'x.yaml').letter.date).toBeUndefined();
  });
});

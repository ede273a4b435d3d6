// Places of fields are found in the YAML document when a problem needs one, not tabled as the
// letter is read: every path a message uses still points where it did.
import { describe, expect, test } from 'vitest';
import { parseLetter, readLetterSource } from '../../src/core/read/parse-letter.js';

const letter = [
  'title: T # line 1', //                     1
  'recipient:', //                             2
  '  name: Minister', //                       3
  '  address:', //                             4
  '    - 1 Rue de Grenelle', //                5
  '    - Paris', //                            6
  'intro: |', //                               7
  '  First line.', //                          8
  '  Second line with a word.', //             9
  'issues:', //                                10
  '  - title: One', //                         11
  '    body: Body text', //                    12
  'signatories:', //                           13
  '  - organization: Acme', //                 14
  '    country: FR', //                        15
  '  -   name: Ann Lee', //                    16
  '      affiliation: University', //          17
  '', //                                       18
].join('\n');

const at = (l: number, c: number) => ({ file: 'l.yaml', line: l, col: c });

describe('locate, by dotted path', () => {
  const parsed = parseLetter(letter, 'l.yaml');
  test.each([
    ['title', at(1, 8)],
    ['recipient', at(3, 3)],
    ['recipient.name', at(3, 9)],
    ['recipient.address.1', at(6, 7)],
    // One addressee is recipients.0 as well.
    ['recipients.0', at(3, 3)],
    ['recipients.0.address.0', at(5, 7)],
    ['issues.0.body', at(12, 11)],
    ['signatories.0', at(14, 5)],
    ['signatories.0.country', at(15, 14)],
    ['signatories.1', at(16, 7)],
    ['signatories.1.affiliation', at(17, 20)],
    // A path not in the file points at its nearest parent that is, or at the top.
    ['signatories.1.group', at(16, 7)],
    ['signatories.7.name', at(14, 3)],
    ['intro.3', at(7, 8)],
    ['subject', at(1, 1)],
  ])('%s', (path, expected) => {
    expect(parsed.locate(path)).toEqual(expected);
  });

  test('inside a text: the line of a literal block, and the word on it', () => {
    expect(parsed.locate('intro', { line: 1, text: 'word' })).toEqual(at(9, 22));
    expect(parsed.locate('intro', { line: 0 })).toEqual(at(8, 3));
  });

  test('a list of one addressee is recipient as well, its missing fields at the entry', () => {
    const one = parseLetter('title: T\nrecipients:\n  - name: N\n    title: Minister\n', 'l.yaml');
    expect(one.locate('recipient.title')).toEqual(at(4, 12));
    expect(one.locate('recipients.0.name')).toEqual(at(3, 11));
    expect(one.locate('recipient.organization')).toEqual(at(3, 5));
  });

  test('problems and warnings found as the letter is read are placed as before', () => {
    const { problems } = readLetterSource(
      'title: T\nlang: fr\ngroups: [A]\nsignatories:\n  - organization: X\n    affiliation: U\n  - name: Y\n    group: B\n',
      'l.yaml',
    );
    expect(problems.map((p) => [p.location?.line, p.location?.col, p.message])).toEqual([
      [6, 18, 'signatory 1 has both organization and affiliation'],
      [8, 12, 'signatory 2 is in group "B", which groups: does not list'],
    ]);
    const warned = parseLetter('title: T\nlang: fr\nsignatories:\n  - organization: X\n', 'l.yaml').warnings;
    expect(warned.map((w) => [w.location?.line, w.location?.col])).toEqual([[2, 7]]);
  });
});

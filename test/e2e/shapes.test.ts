import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { runBin, runInMemory } from '../helpers/cli.js';
import { readPdf, type ReadPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';
import { GERMAN_GROUPS, germanOpenLetter, germanOrganization, individualsLetter } from '../fixtures/shapes/generate.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'shapes');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Render a letter in process and read the PDF back; warnings may go to stderr. */
async function render(yaml: string, args: string[] = []): Promise<ReadPdf & { stderr: string }> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  const r = await runInMemory(['render', 'l', '-o', '-', ...args], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return { ...(await readPdf(r.bytes)), stderr: r.stderr };
}

/** Each text appears, in this order; line breaks and no-break spaces count as spaces. */
function expectInOrder(pdfText: string, parts: string[]): void {
  const text = pdfText.replace(/[\s\u00a0]+/g, ' ');
  let at = -1;
  for (const part of parts) {
    const next = text.indexOf(part.replace(/[\s\u00a0]+/g, ' '), at + 1);
    expect(next, `"${part}" after position ${at} in:\n${text}`).toBeGreaterThan(at);
    at = next;
  }
}

const head = 'title: T\nrecipient:\n  name: Minister Jane Doe\n';

describe('signatory groups', () => {
  const grouped = `${head}groups:
  - National organizations
  - International organizations
signatories:
  - organization: Alpha International
    group: International organizations
  - organization: Beta National
    group: National organizations
  - organization: Gamma Alone
  - organization: Delta International
    group: international organizations
`;

  test('headings in the order groups: gives, members after their heading in file order, ungrouped first', async () => {
    const pdf = await render(grouped);
    expectInOrder(pdf.text, [
      'Gamma Alone',
      'National organizations',
      'Beta National',
      'International organizations',
      'Alpha International',
      'Delta International',
    ]);
    // A heading is an H3 in the tagged PDF.
    expect(JSON.stringify(pdf.pages[0]!.structure)).toMatch(/"H3"/);
  });

  test('without groups: the letter renders as before, one grid, no headings', async () => {
    const pdf = await render(
      `${head}signatories:\n  - organization: HRW\n    name: Jane Roe\n    title: Director\n  - organization: Acme\n`,
    );
    expectInOrder(pdf.text, ['Jane Roe', 'Director', 'HRW', 'Acme']);
    expect(pdf.text).not.toMatch(/Organizations|Individuals/);
    expect(JSON.stringify(pdf.pages[0]!.structure)).not.toMatch(/"H[23]"/);
  });

  test('a group used but not listed is an error; listed but unused a warning', async () => {
    const cwd = testdir({
      'letters/l.yaml': `${head}groups:\n  - Members\n  - Friends\nsignatories:\n  - organization: A\n    group: Membres\n`,
    });
    const r = await runInMemory(['check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'letters: letters/l.yaml:9:12: signatory 1 is in group "Membres", which groups: does not list — did you mean "Members"? Otherwise add it to groups:',
    );
    const valid = testdir({
      'letters/l.yaml': `${head}groups:\n  - Members\n  - Friends\nsignatories:\n  - organization: A\n    group: Members\n`,
    });
    const w = await runInMemory(['check'], { cwd: valid });
    expect(w.code).toBe(0);
    expect(w.stderr).toBe(
      'letters: letters/l.yaml:6:5: warning: group "Friends" has no signatories yet; its heading is not printed — sign into it with letters sign --group, or remove the line\n',
    );
  });

  test('sign --group takes the listed spelling and refuses a group not listed', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}groups:\n  - Member organizations\n` });
    let r = await runInMemory(['sign', 'l', '--org', 'A', '--group', 'member ORGANIZATIONS'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    r = await runInMemory(['sign', 'l', '--org', 'B', '--group', 'Members organisations'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the letter's groups do not include "Members organisations" — did you mean --group "Member organizations"\?/);
    const letter = parseLetter(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8'), 'l').letter;
    expect(letter.signatories).toEqual([
      { organization: 'A', group: 'Member organizations', signed: '2026-03-02', text: expect.any(String) },
    ]);
  });
});

describe('individuals with affiliations', () => {
  test('two people of one name at two institutions both sign; the same person twice is refused', async () => {
    const cwd = testdir({ 'letters/l.yaml': head });
    const sign = (...args: string[]) => runInMemory(['sign', 'l', ...args], { cwd });
    expect((await sign('--name', 'J. Alex Halderman', '--affiliation', 'University of Michigan')).code).toBe(0);
    expect((await sign('--name', 'J. Alex Halderman', '--affiliation', 'Stanford University')).code).toBe(0);
    // Only case and spacing make the same person (issue 14): this is a repeat.
    const again = await sign('--name', 'j. alex  HALDERMAN', '--affiliation', 'university of  michigan');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the individual "J\. Alex Halderman" \(University of Michigan\) has already signed \(signatory 1\)/);
    // Without the dot it may be another person: a probable duplicate, warned with the line of the first, and signed.
    const dotless = await sign('--name', 'J Alex Halderman', '--affiliation', 'University of Michigan');
    expect(dotless.code, dotless.stderr).toBe(0);
    expect(dotless.stderr).toBe(
      'letters: letters/l.yaml:5:5: warning: "J Alex Halderman, University of Michigan" may be the same as signatory 1, "J. Alex Halderman, University of Michigan" (same name written differently) — signed: people may share a name written two ways; if they are one, remove one with letters unsign --delete\n',
    );
    expect(dotless.stdout).toMatch(/^Signed: J Alex Halderman, University of Michigan\n3 signatories\n$/);
  });

  test('a second person "of" an organization that signed is told about --affiliation', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}signatories:\n  - organization: University of Michigan\n    name: Ann Lee\n` });
    const r = await runInMemory(['sign', 'l', '--name', 'J. Alex Halderman', '--org', 'University of Michigan'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /if J\. Alex Halderman signs as an individual, give --affiliation "University of Michigan" instead of --org$/m,
    );
  });

  test('--affiliation with --org is refused, naming the flags', async () => {
    const cwd = testdir({ 'letters/l.yaml': head });
    const r = await runInMemory(['sign', 'l', '--org', 'A', '--affiliation', 'B'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^letters: --affiliation is for individuals, and this signature has --org — /);
  });

  test('affiliation beside an organization, written by hand, is a located problem', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}signatories:\n  - organization: A\n    affiliation: B\n` });
    const r = await runInMemory(['check'], { cwd });
    expect(r.stderr).toMatch(/^letters: letters\/l\.yaml:6:18: signatory 1 has both organization and affiliation — /m);
  });

  test('organizations and individuals print as two sections, with the note under the individuals', async () => {
    const pdf = await render(individualsLetter(3, 4));
    expectInOrder(pdf.text, [
      'Organizations',
      'Digital Rights Group 1 (DE)',
      'Individuals',
      'Affiliations are listed for identification purposes only.',
      'Jane Roe, University of Somewhere',
    ]);
  });

  test('individuals_note: "" prints no note; a text replaces it', async () => {
    expect((await render(individualsLetter(1, 2, 'individuals_note: ""'))).text).not.toMatch(/identification/);
    expect((await render(individualsLetter(1, 2, 'individuals_note: Listed as they signed.'))).text).toContain('Listed as they signed.');
  });

  test('country: "Organization (Country)", and after an affiliation', async () => {
    const pdf = await render(
      `${head}signatory_layout: lines\nsignatories:\n  - organization: Human Rights Watch\n    name: Jane Roe\n    title: Executive Director\n    country: US\n  - name: Ann Lee\n    affiliation: Universidad Nacional\n    country: Chile\n`,
    );
    expect(pdf.text).toContain('Jane Roe, Executive Director, Human Rights Watch (US)');
    expect(pdf.text).toContain('Ann Lee, Universidad Nacional, Chile');
  });

  test('duplicates ignore punctuation', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}signatories:\n  - organization: Sierra Club, Lone Star\n` });
    const r = await runInMemory(['sign', 'l', '--org', 'Sierra Club Lone Star'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the organization "Sierra Club, Lone Star" has already signed/);
  });
});

describe('open letters and statements', () => {
  test('no recipient: renders, and check warns about the salutation (exit 0)', async () => {
    const cwd = testdir({ 'letters/l.yaml': 'title: A statement\nintro: We agree.\nsignatories:\n  - organization: A\n' });
    const r = await runInMemory(['check'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'letters: letters/l.yaml:1:8: warning: no salutation will be printed: the letter has no recipient to greet — write salutation: "Dear friends,", or salutation: "" to print none\n',
    );
    expect(r.stdout).toMatch(/ok {2}letters\/l\.yaml \(1 signatory, 1 warning\)/);
    const pdf = await render('title: A statement\nsalutation: ""\nintro: We agree.\n');
    expect(pdf.stderr).toBe('');
    expect(pdf.text).not.toMatch(/Dear/);
    expect(pdf.info['Subject']).toBe('Open letter');
  });

  test('several recipients: an address block each, no default salutation, a warning', async () => {
    const pdf = await render(fixture('eu-ministers.yaml'));
    expectInOrder(pdf.text, ['Minister A. Martin', 'Ministère de la Justice', 'Minister B. Schmidt', 'Bundesministerium der Justiz']);
    expect(pdf.text).not.toMatch(/Dear/);
    expect(pdf.stderr).toMatch(/warning: no salutation will be printed: the letter has 2 recipients/);
    expect(pdf.info['Subject']).toBe(
      'Letter to Minister A. Martin, Ministère de la Justice and Minister B. Schmidt, Bundesministerium der Justiz',
    );
  });

  test('recipient and recipients together are a located problem', async () => {
    const cwd = testdir({ 'letters/l.yaml': 'title: T\nrecipient:\n  name: A\nrecipients:\n  - name: B\n' });
    const r = await runInMemory(['check'], { cwd });
    expect(r.stderr).toMatch(/^letters: letters\/l\.yaml:5:3: the letter has both "recipient" and "recipients" — /m);
  });

  test('salutation: "" means none, even for an English letter to one recipient', async () => {
    const pdf = await render(`${head}salutation: ""\nintro: Hello.\n`);
    expect(pdf.text).not.toMatch(/Dear/);
    expect(pdf.stderr).toBe('');
  });

  test('cc after the signatories, subject before the salutation, in the letter language', async () => {
    const pdf = await render(
      `${head}subject: Visit of June 2\nintro: Text.\ncc:\n  - John Roe, Deputy Minister\n  - Office of the President\nsignatories:\n  - organization: Acme\n`,
    );
    expectInOrder(pdf.text, [
      'Re: Visit of June 2',
      'Dear Minister Jane Doe,',
      'Acme',
      'cc: John Roe, Deputy Minister',
      'Office of the President',
    ]);
  });

  test('the open-letter template: title and subtitle as heading, "To …" lines, no address block', async () => {
    const pdf = await render(fixture('eu-ministers.yaml'), ['--template', 'open-letter']);
    expectInOrder(pdf.text, [
      'Protect encryption in the EU',
      'A letter from 35 organizations',
      'To Minister A. Martin, Ministère de la Justice',
      'To Minister B. Schmidt',
    ]);
    expect(pdf.text).not.toMatch(/Place Vendôme/);
    // The formal template keeps the title as metadata only.
    expect((await render(fixture('eu-ministers.yaml'))).text).not.toMatch(/Protect encryption/);
  });
});

describe('the letter language', () => {
  test('a French letter: place and date, subject, quotes, cc label, PDF subject', async () => {
    const pdf = await render(fixture('paris.yaml'));
    expectInOrder(pdf.text, ['Paris, le 1er juin 2009', 'Objet\u00a0: Protection des défenseurs', 'Madame la Ministre,']);
    expectInOrder(pdf.text, ['« défenseurs des droits »', 'Claire Petit', 'Copie : Cabinet du Premier ministre']);
    expect(pdf.info['Subject']).toBe('Lettre à Madame la Ministre, Ministère de l’Europe et des Affaires étrangères');
  });

  test.each([
    ['de', '„Sorge“'],
    ['en', '“Sorge”'],
    ['es', '«Sorge»'],
    ['pl', '„Sorge”'],
  ])('quotes in %s', async (lang, quoted) => {
    const pdf = await render(`${head}lang: ${lang}\nsalutation: ""\nintro: 'Mit "Sorge".'\n`);
    expect(pdf.text).toContain(quoted);
  });

  test('an unknown language falls back to English labels, and check says so', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}lang: fi\nsalutation: Hyvä ministeri,\nsubject: Oikeudet\n` });
    const r = await runInMemory(['check'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^letters: letters\/l\.yaml:4:7: warning: letters has no labels for language "fi"/m);
  });

  test('a German letter to one recipient without a salutation gets none, and a warning at lang', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}lang: de\n` });
    const r = await runInMemory(['check'], { cwd });
    expect(r.stderr).toMatch(
      /letters\/l\.yaml:4:7: warning: no salutation will be printed: the default "Dear <name>," is English and this letter is in de — write salutation: "Sehr geehrte Damen und Herren,"/,
    );
  });
});

describe('layouts and order', () => {
  test('names: the 237-organization letter in five groups, headings before their members, on few pages', async () => {
    const names = await render(germanOpenLetter());
    const blocks = await render(germanOpenLetter(237, 'signatory_layout: blocks\n'));
    expect(names.pages.length).toBeLessThanOrEqual(3);
    expect(blocks.pages.length).toBeGreaterThanOrEqual(2 * names.pages.length - 1);
    const order = [GERMAN_GROUPS[0]!, germanOrganization(0), germanOrganization(5), GERMAN_GROUPS[1]!, germanOrganization(1)];
    expectInOrder(names.text, order);
    for (let i = 0; i < 237; i++) expect(names.text.replace(/\n/g, ' ')).toContain(germanOrganization(i));
  });

  test('alphabetical: by the language collation; individuals by family name; sort_as overrides', async () => {
    const orgs = (lang: string) =>
      `${head}lang: ${lang}\nsalutation: ""\norder: alphabetical\nsignatory_layout: lines\nsignatories:\n  - organization: Örebro Förening\n  - organization: Zeta\n  - organization: Åkerblom\n  - organization: Alfa\n`;
    // Swedish sorts Å and Ö after Z; English with A and O.
    expectInOrder((await render(orgs('sv'))).text, ['Alfa', 'Zeta', 'Åkerblom', 'Örebro Förening']);
    expectInOrder((await render(orgs('en'))).text, ['Åkerblom', 'Alfa', 'Örebro Förening', 'Zeta']);
    const people = await render(
      `${head}order: alphabetical\nsignatory_layout: lines\nsignatories:\n  - name: Åsa Zorn\n  - name: Zoe Adams\n  - name: Bo de Wit\n    sort_as: Wit\n  - name: Anna Berg\n`,
    );
    expectInOrder(people.text, ['Zoe Adams', 'Anna Berg', 'Bo de Wit', 'Åsa Zorn']);
  });

  test('alphabetical within each group, groups kept in their order', async () => {
    const pdf = await render(
      `${head}order: alphabetical\nsignatory_layout: names\ngroups: [B-group, A-group]\nsignatories:\n  - organization: Zeta\n    group: A-group\n  - organization: Alpha\n    group: A-group\n  - organization: Yankee\n    group: B-group\n  - organization: Bravo\n    group: B-group\n`,
    );
    expectInOrder(pdf.text, ['B-group', 'Bravo', 'Yankee', 'A-group', 'Alpha', 'Zeta']);
  });
});

describe('new --lang --paper', () => {
  test('a German scaffold leaves salutation and signoff to fill in', async () => {
    const cwd = testdir();
    const r = await runInMemory(['new', 'brief', '--title', 'Brief', '--to', 'Frau Muster', '--lang', 'de', '--paper', 'a4'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(cwd, 'letters/brief.yaml'), 'utf8');
    expect(text).toMatch(/^# salutation: Sehr geehrte Damen und Herren, {3}# fill in/m);
    expect(text).toMatch(/^# signoff: Mit freundlichen Grüßen/m);
    const { letter } = parseLetter(text, 'x');
    expect([letter.lang, letter.paper, letter.salutation, letter.signoff]).toEqual(['de', 'a4', undefined, undefined]);
  });

  test('an open letter needs no --to', async () => {
    const cwd = testdir();
    const r = await runInMemory(['new', 'open', '--title', 'Open', '--template', 'open-letter'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(parseLetter(readFileSync(path.join(cwd, 'letters/open.yaml'), 'utf8'), 'x').letter.recipients).toEqual([]);
  });

  test.each([
    [['--lang', 'not a tag'], /--lang is not a language tag/],
    [['--paper', 'legal'], /--paper cannot be "legal" — use one of letter, a4/],
  ])('refuses %j', async (args, message) => {
    const r = await runInMemory(['new', 'x', '--title', 'T', '--to', 'R', ...args], { cwd: testdir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('through the real binary', () => {
  test('sign --name --affiliation --country --group --date, then render', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}groups: [Scholars]\n` });
    let r = await runBin(
      [
        'sign',
        'l',
        '--name',
        'Ann Lee',
        '--affiliation',
        'Universidad Nacional',
        '--country',
        'Chile',
        '--group',
        'scholars',
        '--date',
        '2009-06-02',
      ],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Signed: Ann Lee, Universidad Nacional\n1 signatory\n');
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toMatch(
      /- name: Ann Lee\n {4}affiliation: Universidad Nacional\n {4}country: Chile\n {4}group: Scholars\n {4}signed: 2009-06-02\n {4}text: [0-9a-f]{8}\n$/,
    );
    r = await runBin(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expectInOrder((await readPdf(r.bytes)).text, ['Scholars', 'Ann Lee', 'Universidad Nacional, Chile']);
  });

  test('sign --date refuses a date after today and a malformed one', async () => {
    const cwd = testdir({ 'letters/l.yaml': head });
    let r = await runBin(['sign', 'l', '--org', 'A', '--date', '2099-01-01'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^letters: --date is after today: 2099-01-01 — /);
    r = await runBin(['sign', 'l', '--org', 'A', '--date', '2026-02-30'], { cwd });
    expect(r.stderr).toMatch(/^letters: --date is not a valid date: 2026-02-30 — /);
  });
});

describe('footnotes', () => {
  test('numbered markers; notes at the foot of the page, in the order first referred to', async () => {
    const pdf = await render(fixture('eu-ministers.yaml'));
    expectInOrder(pdf.text, [
      'child sexual abuse.¹',
      'every messaging service.²',
      'meet you.¹',
      '¹ Proposal for a Regulation',
      '² Article 7',
    ]);
    // The notes are below the body text (pdf.js y grows upwards).
    const page = pdf.pages[0]!;
    const y = (s: string) => page.items.find((i) => i.text.includes(s))!.y;
    expect(y('Proposal for a Regulation')).toBeLessThan(y('Permanent Representations'));
    expect(pdf.text).not.toContain('[^');
    expect(JSON.stringify(page.structure)).toMatch(/"Note"/);
  });

  test("a note goes on the page of its reference, not the letter's first or last", async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `  Paragraph ${i + 1} of a long letter that runs over pages.`).join('\n\n');
    const yaml = `${head}intro: |\n${filler}\n\n  The reference is here.[^n]\n\n  [^n]: The note for page two.\nsignatories:\n${Array.from({ length: 40 }, (_, i) => `  - organization: Org ${i + 1}`).join('\n')}\n`;
    const pdf = await render(yaml);
    const pageOf = (s: string) => pdf.pages.findIndex((p) => p.text.includes(s));
    expect(pageOf('The reference is here.¹')).toBeGreaterThan(0);
    expect(pageOf('¹ The note for page two.')).toBe(pageOf('The reference is here.¹'));
    expect(pdf.pages.length).toBeGreaterThan(pageOf('The reference is here.¹') + 1);
  });

  test('a custom template that knows nothing of notes still prints them', async () => {
    const cwd = testdir({
      'letters/l.yaml': `${head}intro: |\n  Text.[^1]\n\n  [^1]: The note.\n`,
      'templates/bare.hbs': '{{intro}}',
    });
    const r = await runInMemory(['render', 'l', '-o', '-', '--template', 'bare'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expectInOrder((await readPdf(r.bytes)).text, ['Text.¹', '¹ The note.']);
  });

  test.each([
    [
      'a reference without a note',
      'intro: |\n  First line.\n  Text.[^x]\n',
      /l\.yaml:6:3: intro refers to the note \[\^x\], which is not written anywhere — add a line "\[\^x\]: the note"/,
    ],
    [
      'a note no text refers to',
      'intro: Text.\nclosing: |\n  Bye.\n\n  [^old]: Unused.\n',
      /l\.yaml:8:3: closing has the note \[\^old\], but no text refers to it — put \[\^old\] after the words/,
    ],
    ['a note written twice', 'intro: |\n  A.[^1]\n\n  [^1]: One.\n\n  [^1]: Two.\n', /l\.yaml:9:3: intro defines the note \[\^1\] again/],
    [
      'an image whose file is missing',
      'intro: |\n  Our logo:\n\n  ![Logo](logo.png)\n',
      /l\.yaml:7:11: the image: there is no file logo\.png in the repository/,
    ],
    [
      'a table',
      'issues:\n  - title: Data\n    body: |\n      | a | b |\n      | - | - |\n      | 1 | 2 |\n',
      /l\.yaml:7:7: issue 1, body has a table, which letters cannot print yet — write it as a list or as paragraphs/,
    ],
  ])('%s is a located problem', async (_, extra, message) => {
    const cwd = testdir({ 'letters/l.yaml': `${head}${extra}` });
    const r = await runInMemory(['check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect((await runInMemory(['render', 'l'], { cwd })).code).toBe(1);
  });
});

describe('check in one pass', () => {
  test('a duplicate and characters no font has, together; one line per field naming every character', async () => {
    const cwd = testdir({
      'letters/l.yaml': `${head}signatories:\n  - organization: Acme\n  - organization: ACME\n  - name: 𓀀𓁐𓀀\n    title: 𓁐\n`,
    });
    const r = await runInMemory(['check'], { cwd });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'letters: letters/l.yaml:6:19: signatory 2 repeats the organization "ACME" of signatory 1 — remove one of the two entries, or write allow_repeats: true if the original lists it twice',
      'letters: letters/l.yaml:7:11: signatory 3, name has characters no font of letters can print: "𓀀" (U+13000), "𓁐" (U+13050) — replace or remove them',
      'letters: letters/l.yaml:8:12: signatory 3, title has a character no font of letters can print: "𓁐" (U+13050) — replace or remove it',
      'letters: 1 of 1 letter has problems — fix the lines above, then run `letters check` again',
    ]);
  });
});

describe('the letters folder is found by walking up', () => {
  test('from inside letters/ and from a subfolder of the repository', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}`, 'docs/notes/readme.txt': '', '.git/HEAD': '' });
    for (const from of ['letters', 'docs/notes']) {
      const r = await runInMemory(['list'], { cwd: path.join(cwd, from) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^l\s+draft\s+0\s+0\s+0\s+T$/m); // signed, pending, earlier text
    }
  });

  test('the walk stops at the repository root', async () => {
    const cwd = testdir({ 'letters/l.yaml': head, 'inner/.git/HEAD': '', 'inner/sub/x.txt': '' });
    const r = await runInMemory(['list'], { cwd: path.join(cwd, 'inner', 'sub') });
    expect(r.stdout).toMatch(/^No letters in /);
  });

  test('the real binary, from a subfolder', async () => {
    const cwd = testdir({ 'letters/l.yaml': head, 'a/b/.keep': '' });
    const r = await runBin(['check', 'l'], { cwd: path.join(cwd, 'a', 'b') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}.*l\.yaml \(0 signatories\)/);
  });
});

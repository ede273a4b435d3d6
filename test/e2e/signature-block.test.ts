import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import type { Letter } from '../../src/core/letter/letter.js';
import { runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Issue 14, item 2, read back from the PDF with positions: numbers in order, a description
 * right of or under its name (never before), highlighted names in the bold font, the text
 * around the list on the right pages; and the same letter in HTML, Markdown and text. The
 * letters are shaped on the real cases the issue names (8,778 numbered names with 21
 * highlighted; 400 endorsers in two numbered tables, 82 with a sentence each; a statement in
 * bold; "Endorsers as of …" before the list, "Letter written …" after it).
 */

interface Item {
  page: number;
  text: string;
  x: number;
  /** Baseline from the bottom of the page (pdf.js): larger is higher. */
  y: number;
  right: number;
  font: string;
}

/** A signatory as drawn: its number, the item that starts it, and every item up to the next one. */
interface Entry {
  number: number;
  page: number;
  first: Item;
  items: Item[];
}

async function render(cwd: string, slug: string, format = 'pdf'): Promise<Buffer> {
  const r = await runInMemory(['render', slug, '--format', format, '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.bytes;
}

async function items(bytes: Buffer): Promise<Item[]> {
  const pdf = await readPdf(bytes);
  return pdf.pages.flatMap((p, page) =>
    p.items.filter((i) => i.text.trim() !== '').map((i) => ({ page, text: i.text, x: i.x, y: i.y, right: i.x + i.width, font: i.font })),
  );
}

const NUMBER = /^(\d+)\.(?:\s|$)/;

/** The drawn entries in drawing order (columns are drawn top to bottom, one after the other); `skip` texts end an entry. */
function entries(all: Item[], skip: (text: string) => boolean): Entry[] {
  const out: Entry[] = [];
  let current: Entry | undefined;
  for (const item of all) {
    if (skip(item.text.trim())) {
      current = undefined;
      continue;
    }
    const m = NUMBER.exec(item.text);
    if (m) {
      current = { number: Number(m[1]), page: item.page, first: item, items: [item] };
      out.push(current);
    } else {
      current?.items.push(item);
    }
  }
  return out;
}

const isItalic = (i: Item): boolean => /Italic/.test(i.font);
const isBold = (i: Item): boolean => /Bold/.test(i.font);
/** The items of an entry that print its name: neither its number alone, nor the dash, nor the description. */
const nameItems = (e: Entry): Item[] => e.items.filter((i) => !isItalic(i) && !/^\d+\.$/.test(i.text.trim()) && i.text.trim() !== '—');
const squash = (s: string): string => s.replace(/\s+/g, '');

/**
 * The entry's description, checked where it stands: every italic item on the entry's page, and
 * below its first line, or on it to the right of the name. Returns the description's text.
 */
function descriptionOf(e: Entry): string {
  const names = e.items.filter((i) => !isItalic(i) && Math.abs(i.y - e.first.y) < 1);
  const nameEnd = Math.max(...names.map((i) => i.right));
  const described = e.items.filter(isItalic);
  for (const d of described) {
    const below = d.y < e.first.y - 1;
    const after = Math.abs(d.y - e.first.y) < 1 && d.x >= nameEnd - 0.5;
    expect(d.page, `entry ${e.number}: "${d.text}" on another page`).toBe(e.page);
    expect(below || after, `entry ${e.number}: "${d.text}" stands before or above its name`).toBe(true);
  }
  return described.map((d) => d.text).join(' ');
}

// Names that are all different, as a list of thousands of real people's is.
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'su', 'ti', 'vo', 'ya', 'ze', 'bo', 'da'];
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
function personName(i: number): string {
  const s = (k: number) => SYLLABLES[Math.floor(i / 12 ** k) % 12]!;
  return `${cap(s(0) + s(1))} ${cap(`${s(2)}${s(3)}son`)}`;
}
const AFFILIATIONS = ['University of Somewhere', 'Institute for Research', 'City College', 'State University', 'Hospital of the North'];

const yaml = (lines: string[]): string => `${lines.join('\n')}\n`;
const parseLetterFile = (cwd: string, slug = 'l'): Letter =>
  parseLetter(readFileSync(path.join(cwd, `letters/${slug}.yaml`), 'utf8'), `${slug}.yaml`).letter;

describe('numbers, descriptions and highlights in the PDF', () => {
  test('8,778 individuals numbered 1 to 8,778 in reading order; the 21 highlighted, and only they, in the bold font', async () => {
    const highlighted = new Set(Array.from({ length: 21 }, (_, k) => 17 + k * 417));
    const lines = ['title: An open letter', 'template: open-letter', 'salutation: ""', 'intro: We ask.', 'numbered: true', 'signatories:'];
    for (let i = 0; i < 8778; i++) {
      lines.push(`  - name: ${personName(i)}`, `    affiliation: ${AFFILIATIONS[i % 5]}`);
      if (highlighted.has(i)) lines.push('    highlight: true');
    }
    const cwd = testdir({ 'letters/big.yaml': yaml(lines) });
    const all = await items(await render(cwd, 'big'));
    const drawn = entries(all, (t) => t === 'Affiliations are listed for identification purposes only.');
    expect(drawn.map((e) => e.number)).toEqual(Array.from({ length: 8778 }, (_, i) => i + 1));
    const bold = drawn.filter((e) => nameItems(e).some(isBold));
    expect(bold.map((e) => e.number)).toEqual([...highlighted].map((i) => i + 1));
    for (const e of bold) expect(nameItems(e).every(isBold), `entry ${e.number}`).toBe(true);
    // The number itself is not bold, and stands left of the name.
    for (const e of bold) expect([isBold(e.first), e.first.text.trim()]).toEqual([false, `${e.number}.`]);
  }, 60_000);

  // 400 endorsers in two numbered tables: 82 networks with a sentence each, 318 organizations.
  const SENTENCE =
    'is a network of member groups in many countries that works on trade, food sovereignty and the rights of workers, farmers and small businesses';
  function wto(layout: string): string {
    const lines = [
      'title: Turnaround the WTO',
      'template: open-letter',
      'salutation: ""',
      'intro: We call for a turnaround.',
      'signoff: Signed,',
      'signatories_intro: "Endorsers as of April 30, 2020:"',
      'signatories_outro: Letter written August 6th, 2021.',
      `signatory_layout: ${layout}`,
      'numbered: per-group',
      'groups: [International and regional networks, National organizations]',
      'signatories:',
    ];
    for (let i = 0; i < 82; i++) {
      lines.push(
        `  - organization: Network ${cap(SYLLABLES[i % 12]!)}${SYLLABLES[Math.floor(i / 12)]} Alliance`,
        `    description: Founded in ${1950 + i}, it ${SENTENCE.split(' ')
          .slice(0, 6 + (i % 18))
          .join(' ')}.`,
        '    group: International and regional networks',
      );
    }
    for (let i = 0; i < 318; i++) {
      lines.push(
        `  - organization: ${cap(personName(i * 7).replace(' ', ' Friends of '))}`,
        `    country: ${['Kenya', 'Brazil', 'India'][i % 3]}`,
      );
      lines.push('    group: National organizations');
    }
    return yaml(lines);
  }

  test.each(['lines', 'blocks', 'names'])(
    '%s: two tables numbered from 1, each of the 82 descriptions whole, right of or under its name',
    async (layout) => {
      const source = wto(layout);
      const cwd = testdir({ 'letters/wto.yaml': source });
      const all = await items(await render(cwd, 'wto'));
      const headings = new Set(['International and regional networks', 'National organizations', 'Letter written August 6th, 2021.']);
      const drawn = entries(all, (t) => headings.has(t));
      expect(drawn.map((e) => e.number)).toEqual([
        ...Array.from({ length: 82 }, (_, i) => i + 1),
        ...Array.from({ length: 318 }, (_, i) => i + 1),
      ]);
      const descriptions = [...source.matchAll(/^ {4}description: (.*)$/gm)].map((m) => m[1]!);
      expect(descriptions).toHaveLength(82);
      drawn.slice(0, 82).forEach((e, i) => {
        expect(squash(descriptionOf(e)), `entry ${e.number}`).toBe(squash(descriptions[i]!));
      });
      for (const e of drawn.slice(82)) expect(e.items.filter(isItalic)).toEqual([]);
      // Under the name in blocks; after it, on its first line, in lines and names.
      const firstLine = drawn.slice(0, 82).map((e) => e.items.filter(isItalic)[0]!.y === e.first.y);
      expect(new Set(firstLine)).toEqual(new Set([layout !== 'blocks']));
    },
    60_000,
  );

  test('a statement that sets each name in bold: every name in the bold font, in lines', async () => {
    const names = Array.from({ length: 17 }, (_, i) => personName(i * 31));
    const lines = [
      'title: Statement',
      'template: open-letter',
      'salutation: ""',
      'intro: We stand together.',
      'signatory_layout: lines',
      'signatories:',
    ];
    for (const name of names) lines.push(`  - name: ${name}`, '    title: Member of Parliament', '    highlight: true');
    const cwd = testdir({ 'letters/s.yaml': yaml(lines) });
    const all = await items(await render(cwd, 's'));
    for (const name of names) {
      const item = all.find((i) => i.text.startsWith(name));
      expect(item, name).toBeDefined();
      expect(item!.font, name).toBe('NotoSerif-Bold');
    }
    expect(all.find((i) => i.text === 'We stand together.')!.font).toBe('NotoSerif-Regular');
  });

  test('the intro between the signoff and the list, on the page of the first signatures; the outro after the last, before cc', async () => {
    const pages = new Set<number>();
    for (const paragraphs of [14, 15, 16, 17, 18, 19, 20, 21, 22, 23]) {
      const filler = Array.from(
        { length: paragraphs },
        (_, i) => `  Paragraph ${i + 1} of the letter, which says a little more about the matter.\n`,
      ).join('\n');
      const signers = Array.from(
        { length: 12 },
        (_, i) => `  - organization: Organization ${cap(SYLLABLES[i]!)}\n    name: ${personName(i)}\n`,
      ).join('');
      const source = `title: T\nrecipient:\n  name: R\nintro: |\n${filler}signoff: Sincerely,\nsignatories_intro: |\n  Endorsers as of April 30, 2020:\nsignatories_outro: |\n  Letter written August 6th, 2021.\nnumbered: true\ncc: [Jane Doe]\nsignatories:\n${signers}`;
      const cwd = testdir({ 'letters/l.yaml': source });
      const all = await items(await render(cwd, 'l'));
      const find = (text: string) => all.find((i) => i.text.startsWith(text))!;
      const [signoff, intro, first, last, outro, cc] = [
        'Sincerely,',
        'Endorsers as of April 30, 2020:',
        '1. ',
        '12. ',
        'Letter written August 6th, 2021.',
        'cc:',
      ].map(find);
      const order = (a: Item, b: Item): boolean => a.page < b.page || (a.page === b.page && a.y > b.y);
      expect([signoff!.page, intro!.page], `${paragraphs} paragraphs`).toEqual([first!.page, first!.page]);
      expect([order(signoff!, intro!), order(intro!, first!), order(last!, outro!), order(outro!, cc!)]).toEqual([true, true, true, true]);
      pages.add(first!.page);
    }
    // The filler moves the list from the first page to the second.
    expect([...pages].sort()).toEqual([0, 1]);
  }, 60_000);

  test("numbers in the letter's digits (Bengali); section_headings: false prints no section heading", async () => {
    const source = `title: T\nlang: bn\nsalutation: ""\nnumbered: true\nsection_headings: false\nsignatories:\n  - organization: A\n  - organization: B\n  - name: C\n`;
    const cwd = testdir({ 'letters/l.yaml': source });
    const pdf = await readPdf(await render(cwd, 'l'));
    expect(pdf.text).toMatch(/১\. A/);
    expect(pdf.text).toMatch(/৩\. C/);
    expect(pdf.text).not.toMatch(/Organizations|Individuals/);
  });

  test('a language whose digits no font has is refused at numbered:', async () => {
    const cwd = testdir({ 'letters/l.yaml': 'title: T\nlang: my\nsalutation: ""\nnumbered: true\nsignatories:\n  - organization: A\n' });
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^letters: letters\/l\.yaml:4:11: numbers in the letter's language \(lang: my\) are written with a digit no font of letters can print: "၁" \(U\+1041\) — remove numbered:/m,
    );
    // HTML needs no font: it is written.
    expect((await runInMemory(['render', 'l', '--format', 'html', '-o', '-'], { cwd })).stdout).toContain('၁. A');
  });
});

describe('HTML, Markdown and text', () => {
  const source = [
    'title: T',
    'template: open-letter',
    'salutation: ""',
    'intro: We ask.',
    'signoff: Signed,',
    'signatories_intro: |',
    '  Endorsers as of April 30, 2020:[^1]',
    '',
    '  [^1]: And more since.',
    'signatories_outro: Letter written August 6th, 2021.',
    'cc: [Jane Doe]',
    'numbered: true',
    'signatory_layout: LAYOUT',
    'signatories:',
    '  - organization: Our World Is Not For Sale',
    '    description: A global network against the corporate trade agenda.',
    '    highlight: true',
    '  - organization: Public Citizen',
    '    country: US',
    '',
  ].join('\n');
  const letter = (layout: string) => testdir({ 'letters/l.yaml': source.replace('LAYOUT', layout) });
  const order = (text: string, parts: string[]) => {
    const at = parts.map((p) => text.indexOf(p));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  };

  test('HTML: the class and bold of a highlight, the description after the name, the text around the list in its place', async () => {
    const html = (await render(letter('lines'), 'l', 'html')).toString('utf8');
    expect(html).toContain(
      '<li class="signatory highlight">1. <strong>Our World Is Not For Sale</strong>\u00a0— <em>A global network against the corporate trade agenda.</em></li>',
    );
    expect(html).toContain('<li class="signatory">2. Public Citizen (US)</li>');
    expect(html).toContain('<p class="signatories-intro">Endorsers as of April 30, 2020:¹</p>');
    expect(html).toContain('.signatories-intro { break-after: avoid; }');
    order(html, [
      'class="signoff"',
      'class="signatories-intro"',
      'class="signatories"',
      'class="signatories-outro"',
      'class="cc"',
      'class="footnotes"',
    ]);
  });

  test('Markdown: bold, italics, numbers, and the order of signoff, intro, list, outro, cc', async () => {
    const md = (await render(letter('lines'), 'l', 'md')).toString('utf8');
    expect(md).toMatch(/^- 1\\\. \*\*Our World Is Not For Sale\*\*\u00a0— \*A global network against the corporate trade agenda\.\*$/m);
    expect(md).toMatch(/^[-*] 2\\\. Public Citizen \(US\)$/m);
    order(md, [
      'Signed,',
      'Endorsers as of April 30, 2020:¹',
      '1\\.',
      '2\\.',
      'Letter written August 6th, 2021.',
      'cc: Jane Doe',
      '¹ And more since.',
    ]);
  });

  test('text: the description after the entry in lines, on the line under it in blocks', async () => {
    const lines = (await render(letter('lines'), 'l', 'txt')).toString('utf8');
    expect(lines).toContain(
      '1. Our World Is Not For Sale\u00a0— A global network against the corporate\ntrade agenda.\n\n2. Public Citizen (US)',
    );
    order(lines, [
      'Signed,',
      'Endorsers as of April 30, 2020:¹',
      '1. Our',
      '2. Public',
      'Letter written August 6th, 2021.',
      'cc: Jane Doe',
    ]);
    const blocks = (await render(letter('blocks'), 'l', 'txt')).toString('utf8');
    expect(blocks).toContain(
      '1. Our World Is Not For Sale\nA global network against the corporate trade agenda.\n\n2. Public Citizen (US)',
    );
  });
});

describe('sign, import, export and check', () => {
  const head = 'title: T\nrecipient:\n  name: R\nstatus: open\n';

  test('sign --description --highlight writes both; --update --no-highlight takes the highlight away', async () => {
    const cwd = testdir({ 'letters/l.yaml': head });
    const file = path.join(cwd, 'letters/l.yaml');
    const sign = (...args: string[]) => runInMemory(['sign', 'l', ...args], { cwd });
    expect((await sign('--org', 'Acme', '--description', 'A network of 150 groups.', '--highlight')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(
      /- organization: Acme\n {4}description: A network of 150 groups\.\n {4}highlight: true\n {4}signed: 2026-03-02\n/,
    );
    expect((await sign('--org', 'Acme', '--update', '--no-highlight')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/highlight/);
    expect(readFileSync(file, 'utf8')).toMatch(/description: A network of 150 groups\./);
  });

  test('sign --allow-repeat writes allow_repeats: true and the repeat; check lists it with both lines', async () => {
    const cwd = testdir({ 'letters/l.yaml': `${head}signoff: Sincerely,\nsignatories:\n  - organization: Acme\n  - organization: Beta\n` });
    const file = path.join(cwd, 'letters/l.yaml');
    const refused = await runInMemory(['sign', 'l', '--org', 'ACME'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /has already signed \(signatory 1\) — add --update to replace that signature, or --allow-repeat if the letter lists it twice on purpose/,
    );
    const r = await runInMemory(['sign', 'l', '--org', 'ACME', '--allow-repeat'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(a repeat of signatory 1, kept as --allow-repeat asks; the letter has allow_repeats: true)');
    expect(readFileSync(file, 'utf8')).toBe(
      `${head}signoff: Sincerely,\nallow_repeats: true\nsignatories:\n  - organization: Acme\n  - organization: Beta\n  - organization: ACME\n    signed: 2026-03-02\n    text: ${/text: (\w+)/.exec(readFileSync(file, 'utf8'))![1]}\n`,
    );
    const check = await runInMemory(['check', 'l'], { cwd });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toBe(
      'ok  letters/l.yaml (3 signatories, 1 kept repeat)\n    kept repeat: signatory 3 "ACME" (line 10) repeats signatory 1 "Acme" (line 8), as allow_repeats: true allows\n',
    );
  });

  test('import --allow-repeat keeps a row the sheet lists twice; the columns in French; export gives them back', async () => {
    const cwd = testdir({
      'letters/l.yaml': head,
      'rows.csv': 'Organisation,Présentation,Mettre en avant\nAcme,Un réseau.,oui\nBeta,,\nacme,,\n',
    });
    const plain = await runInMemory(['import', 'l', 'rows.csv'], { cwd });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('  (a row the original lists twice on purpose is added with --allow-repeat)');
    const again = testdir({ 'letters/l.yaml': head, 'rows.csv': readFileSync(path.join(cwd, 'rows.csv'), 'utf8') });
    const kept = await runInMemory(['import', 'l', 'rows.csv', '--allow-repeat'], { cwd: again });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain(
      'Added again, as --allow-repeat asks: 1 (the letter gets allow_repeats: true)\n  row 4 (line 4) "acme": same organization as row 2 (line 2)',
    );
    const text = readFileSync(path.join(again, 'letters/l.yaml'), 'utf8');
    expect(text).toMatch(/^allow_repeats: true$/m);
    expect(text).toMatch(/- organization: Acme\n {4}description: Un réseau\.\n {4}highlight: true\n/);
    const exported = await runInMemory(['export', 'l'], { cwd: again });
    expect(exported.stdout.split('\r\n').slice(0, 2)).toEqual([
      '\ufeffOrganization,Name,Title,Affiliation,Country,Description,Highlight,Group,Logo,Sort as,Signed,Text,Late',
      expect.stringMatching(/^Acme,,,,,Un réseau\.,true,,,,2026-03-02,\w+,$/),
    ]);
  });

  test('a probable duplicate of an individual is warned with both lines by check, and does not stop the letter', async () => {
    const cwd = testdir({
      'letters/l.yaml': `${head}signatories:\n  - name: Michaël Roe\n  - name: Jane Roe md\n  - name: Michael Roe\n  - name: Jane Roe M.D.\n`,
    });
    const r = await runInMemory(['check', 'l'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'letters: letters/l.yaml:8:5: warning: signatory 3 "Michael Roe" may be the same as signatory 1 "Michaël Roe" (line 6; same name written differently) — if they are one, remove one entry; if not, nothing to do',
      'letters: letters/l.yaml:9:5: warning: signatory 4 "Jane Roe M.D." may be the same as signatory 2 "Jane Roe md" (line 7; same name written differently) — if they are one, remove one entry; if not, nothing to do',
    ]);
  });

  test('import adds people whose names differ in accents or dots, each warned with both lines; sign too', async () => {
    const cwd = testdir({
      'letters/l.yaml': `${head}signatories:\n  - name: Michael Roe\n    affiliation: MIT\n`,
      'people.csv': 'Name,Affiliation\nMichaël Roe,MIT\nAna Pop,\nAna Pop M.D.,\n',
    });
    const r = await runInMemory(['import', 'l', 'people.csv'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Add: 3 signatories (2 of them probable duplicates)');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'letters: people.csv:2:1: warning: row 2 "Michaël Roe" may be the same as signatory 1 of the letter (letters/l.yaml:6), "Michael Roe" (same name written differently) — added: people may share a name written two ways; if they are one, remove one with letters unsign --delete',
      'letters: people.csv:4:1: warning: row 4 "Ana Pop M.D." may be the same as row 3 (line 3), "Ana Pop" (same name written differently) — added: people may share a name written two ways; if they are one, remove one with letters unsign --delete',
    ]);
    expect(parseLetterFile(cwd).signatories.map((x) => x.name)).toEqual(['Michael Roe', 'Michaël Roe', 'Ana Pop', 'Ana Pop M.D.']);
    const signed = await runInMemory(['sign', 'l', '--name', 'Ana Pop MD'], { cwd });
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stderr.split('\n').map((l) => l.replace(/ — .*/, ''))).toEqual([
      // Each imported entry has its source: line (people.csv row N), so they stand a line lower.
      'letters: letters/l.yaml:13:5: warning: "Ana Pop MD" may be the same as signatory 3, "Ana Pop" (same name written differently)',
      'letters: letters/l.yaml:17:5: warning: "Ana Pop MD" may be the same as signatory 4, "Ana Pop M.D." (same name written differently)',
      '',
    ]);
  });

  test('letters new writes no active signoff unless --signoff gives one', async () => {
    const cwd = testdir({ 'letters/.keep': '' });
    expect((await runInMemory(['new', 'a', '--title', 'T', '--to', 'R'], { cwd })).code).toBe(0);
    expect((await runInMemory(['new', 'b', '--title', 'T', '--template', 'open-letter'], { cwd })).code).toBe(0);
    expect((await runInMemory(['new', 'c', '--title', 'T', '--to', 'R', '--signoff', 'Signed,'], { cwd })).code).toBe(0);
    const read = (slug: string) => readFileSync(path.join(cwd, `letters/${slug}.yaml`), 'utf8');
    expect(read('a')).not.toMatch(/^signoff:/m);
    expect(read('a')).toMatch(/^# signoff: Sincerely,$/m);
    expect(read('b')).not.toMatch(/^signoff:/m);
    expect(read('c')).toMatch(/^signoff: Signed, {3}# printed before the signatures$/m);
  });
});

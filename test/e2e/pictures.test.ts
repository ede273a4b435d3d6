import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runBin, runInMemory, snapshot } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { MAP_LETTER, makeLogo, makeMap, pngBomb } from '../helpers/pictures.js';
import { seeded } from '../helpers/random.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Pictures through the real binary: a letter on a letterhead with a map and its caption in
 * every format; hostile pictures refused at their field with nothing written; the same picture
 * embedded once; the project's default letterhead; sign --logo and the import's Logo column.
 */

/** A project holding `letters/l.yaml` and the pictures named, written as files. */
function project(letter: string, pictures: Record<string, Buffer> = {}): string {
  const cwd = testdir({ 'letters/l.yaml': letter });
  for (const [name, bytes] of Object.entries(pictures)) {
    mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
    writeFileSync(path.join(cwd, name), bytes);
  }
  return cwd;
}

const mapPictures = (): Record<string, Buffer> => ({
  'images/head.png': makeLogo('wide', 'CW', seeded(7)).bytes,
  'images/map.png': makeMap(),
});

/** How many pictures (image XObjects) a PDF embeds. */
const imagesIn = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;

describe('a letter on a letterhead, with a map and its caption', () => {
  test('PDF: the letterhead above the address, the map at the text width, its caption centred under it, /Alt for each', async () => {
    const cwd = project(MAP_LETTER, mapPictures());
    const r = await runBin(['render', 'l', '-o', 'l.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(path.join(cwd, 'l.pdf'));
    const pdf = await readPdf(bytes);
    const page = pdf.pages[0]!;
    const at = (text: string) => page.items.find((i) => i.text === text)!;
    // The letterhead's lines at the right margin (612 − 72), above the recipient.
    for (const line of ['Coalition for Clean Water', '1 Main Street', 'example.org']) {
      expect(at(line).x + at(line).width).toBeCloseTo(540, 0);
      expect(at(line).y).toBeGreaterThan(at('Jane Doe').y);
    }
    const caption = at('The river basin in 2026');
    // Centred in the text column, between the text before the map and after it, with the map's height between.
    expect(caption.x + caption.width / 2).toBeCloseTo(306, 0);
    const before = page.items.find((i) => i.text.startsWith('We write about'))!;
    const after = page.items.find((i) => i.text.startsWith('The map shows'))!;
    // 468 points wide at 16:9: the map is 263 points tall.
    expect(before.y - caption.y).toBeGreaterThan(263);
    expect(caption.y).toBeGreaterThan(after.y);
    expect(imagesIn(bytes)).toBe(2);
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/Alt (A map of the river basin, the dam site marked)');
    expect(raw).toContain('/Alt (Coalition for Clean Water)');
    const roles = JSON.stringify(page.structure);
    expect(roles).toContain('"Figure"');
    expect(roles).toContain('"Caption"');
  });

  test('PNG: the map and the letterhead are drawn (ink where they stand, paper elsewhere)', async () => {
    const cwd = project(MAP_LETTER, mapPictures());
    const r = await runBin(['render', 'l', '--format', 'png', '--dpi', '72', '-o', 'l.png'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const { PNG } = await import('pngjs');
    const png = PNG.sync.read(readFileSync(path.join(cwd, 'l.png')));
    const pixel = (x: number, y: number): number[] => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
    // The map's green (#e3f2e0) at the middle of the text column, under the intro; white in the margin beside it.
    const mapRow = [...Array(png.height).keys()].find((y) => pixel(306, y).join() === '227,242,224');
    expect(mapRow).toBeDefined();
    expect(pixel(20, mapRow! + 20)).toEqual([255, 255, 255]);
    // The letterhead's logo (a coloured disc) at the top left of the text column.
    const inkTopLeft = [...Array(60).keys()].some((d) => pixel(72 + 30, 72 + d).join() !== '255,255,255');
    expect(inkTopLeft).toBe(true);
  });

  test('Markdown: the letterhead lines, then the map by its path from the output folder, its caption as title and under it', async () => {
    const cwd = project(MAP_LETTER, mapPictures());
    mkdirSync(path.join(cwd, 'out'));
    const r = await runBin(['render', 'l', '-o', 'out/l.md'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(path.join(cwd, 'out/l.md'), 'utf8');
    // The web address escaped as every printed text is (a period inside a domain), so no renderer links it.
    expect(md).toContain('Coalition for Clean Water\\\n1 Main Street\\\nSpringfield\\\nexample\\.org');
    expect(md).toContain(
      '![A map of the river basin, the dam site marked](<../images/map.png> "The river basin in 2026")\n\n*The river basin in 2026*',
    );
    const text = await runBin(['render', 'l', '--format', 'txt', '-o', '-'], { cwd });
    expect(text.stdout).toContain('[A map of the river basin, the dam site marked]\nThe river basin in 2026');
    expect(text.stdout.split('\n')[0]).toBe('Coalition for Clean Water');
  });

  test('a translation prints like its letter: the letterhead, and its own map and caption, alone, bilingual and in Markdown', async () => {
    const cwd = project(MAP_LETTER, mapPictures());
    writeFileSync(
      path.join(cwd, 'letters/l.fr.yaml'),
      `title: De l'eau propre pour le bassin
salutation: Madame la Ministre,
intro: |
  Nous vous écrivons au sujet du bassin et du projet de barrage.

  ![Carte du bassin, le barrage au nord](images/map.png "Le bassin en 2026")

  La carte montre ce que le barrage inonderait.
signoff: Veuillez agréer nos salutations distinguées,
`,
    );
    const done = await runInMemory(['translate', 'l', '--lang', 'fr', '--done'], { cwd });
    expect(done.code, done.stderr).toBe(0);
    const alone = await runBin(['render', 'l', '--lang', 'fr', '-o', 'fr.pdf'], { cwd });
    expect(alone.code, alone.stderr).toBe(0);
    const bytes = readFileSync(path.join(cwd, 'fr.pdf'));
    const text = (await readPdf(bytes)).pages[0]!.items.map((i) => i.text);
    expect(text).toContain('Coalition for Clean Water');
    expect(text).toContain('Le bassin en 2026');
    expect(imagesIn(bytes)).toBe(2);
    expect(bytes.toString('latin1')).toContain('/Alt (Carte du bassin, le barrage au nord)');
    // Both languages in one document: the letterhead once, each caption in its language, the map embedded once.
    const both = await runBin(['render', 'l', '--bilingual', 'en,fr', '-o', 'both.pdf'], { cwd });
    expect(both.code, both.stderr).toBe(0);
    const bothBytes = readFileSync(path.join(cwd, 'both.pdf'));
    const bothText = (await readPdf(bothBytes)).pages.flatMap((p) => p.items.map((i) => i.text));
    expect(bothText.filter((t) => t === 'Coalition for Clean Water')).toHaveLength(1);
    expect(bothText).toContain('The river basin in 2026');
    expect(bothText).toContain('Le bassin en 2026');
    expect(imagesIn(bothBytes)).toBe(2);
    // Each language's Markdown links the map from the folder it is written to.
    mkdirSync(path.join(cwd, 'out'));
    const md = await runBin(['render', 'l', '--all-langs', '--format', 'md', '-o', 'out'], { cwd });
    expect(md.code, md.stderr).toBe(0);
    const fr = readFileSync(path.join(cwd, 'out/l.fr.md'), 'utf8');
    expect(fr).toContain('Coalition for Clean Water\\\n1 Main Street\\\nSpringfield\\\nexample\\.org');
    expect(fr).toContain('![Carte du bassin, le barrage au nord](<../images/map.png> "Le bassin en 2026")');
    expect(readFileSync(path.join(cwd, 'out/l.md'), 'utf8')).toContain('](<../images/map.png> "The river basin in 2026")');
  });

  test('the running head: a letterhead of lines on page 1, its first line small at the top of page 2', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `  - organization: Organization number ${i + 1}\n`).join('');
    const letter = `${MAP_LETTER.replace(/letterhead:\n(.*\n){3}/, 'letterhead: [Coalition for Clean Water, 1 Main Street]\n').replace(/signatories:\n[\s\S]*$/, 'signatories:\n')}${many}`;
    const cwd = project(letter, mapPictures());
    const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pdf = await readPdf(r.bytes);
    expect(pdf.pages.length).toBeGreaterThan(1);
    const head = pdf.pages[1]!.items.find((i) => i.text === 'Coalition for Clean Water');
    expect(head, 'the running head on page 2').toBeDefined();
    // In the top margin, above where the text starts (72 points from the top of 792).
    expect(head!.y).toBeGreaterThan(792 - 72);
    expect(pdf.pages[1]!.items.some((i) => i.text === '1 Main Street')).toBe(false);
  });
});

describe('hostile pictures: each refused at its field, nothing written', () => {
  test('a PNG bomb, a truncated JPEG, an SVG with a script and an outside href, a link to /etc/passwd named logo.png', async () => {
    const jpeg = makeLogo('jpeg', 'J', seeded(9)).bytes;
    const cwd = project(
      `title: Hostile pictures
signatory_layout: logos
salutation: ""
intro: |
  Text.

  ![A bomb](images/bomb.png)
signatories:
  - organization: Cut Short
    logo: images/cut.jpg
  - organization: Scripted
    logo: images/script.svg
  - organization: Linked
    logo: images/outside.svg
  - organization: Passwords
    logo: images/logo.png
`,
      {
        'images/bomb.png': pngBomb(),
        'images/cut.jpg': jpeg.subarray(0, Math.floor(jpeg.length / 2)),
        'images/script.svg': Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("http://example.org")</script></svg>',
        ),
        'images/outside.svg': Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="https://example.org/track.png" width="10" height="10"/></svg>',
        ),
      },
    );
    symlinkSync('/etc/passwd', path.join(cwd, 'images/logo.png'));
    for (const format of ['pdf', 'html', 'md', 'png']) {
      const before = snapshot(cwd);
      const r = await runBin(['render', 'l', '--format', format], { cwd });
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(
          /^letters: letters\/l\.yaml:7:13: the image: images\/bomb\.png is 50,000 × 50,000 pixels, more than the 30 megapixels/,
        ),
        expect.stringMatching(/^letters: letters\/l\.yaml:10:11: the logo: images\/cut\.jpg is a damaged or truncated JPEG/),
        expect.stringMatching(
          /^letters: letters\/l\.yaml:12:11: the logo: images\/script\.svg is an SVG with a script, which letters never runs/,
        ),
        expect.stringMatching(
          /^letters: letters\/l\.yaml:14:11: the logo: images\/outside\.svg is an SVG that refers to something outside it \(xlink:href="https:\/\/example\.org\/track\.png"\)/,
        ),
        expect.stringMatching(/^letters: letters\/l\.yaml:16:11: the logo: images\/logo\.png is a link to a file outside the repository/),
      ]);
      expect(snapshot(cwd)).toEqual(before);
    }
    const check = await runBin(['check', 'l'], { cwd });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('l.yaml:16:11: the logo: images/logo.png is a link to a file outside the repository');
  });

  test('paths that leave the repository are refused as the file is read, before any file is opened', async () => {
    const cwd = project(`title: T
salutation: ""
signatory_layout: logos
letterhead: /etc/passwd.png
signatories:
  - organization: A
    logo: ../outside.png
  - name: Jane Roe
    logo: images/jane.png
`);
    const r = await runBin(['render', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('l.yaml:4:13: "letterhead" is an absolute path (/etc/passwd.png)');
    expect(r.stderr).toContain('l.yaml:7:11: "logo" leads out of its folder with ".." (../outside.png)');
    expect(r.stderr).toContain('l.yaml:9:11: signatory 2 has a logo but no organization');
    const web = project(
      'title: T\nsalutation: ""\nintro: |\n  Text.\n\n  ![x](https://example.org/x.png)\n\n  A ![map](images/m.png) in a line.\n',
    );
    const text = await runBin(['render', 'l'], { cwd: web });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('l.yaml:6:3: intro has an image ![x](https://example.org/x.png) whose path is a web address');
    expect(text.stderr).toContain('l.yaml:8:3: intro has an image inside a line of text (![map](images/m.png))');
  });
});

describe('logos', () => {
  test('the same picture for three organizations is embedded once; each logo is drawn in its box', async () => {
    const random = seeded(11);
    const cwd = project(
      `title: Shared logos
salutation: ""
signatory_layout: logos
signatories:
${['A', 'B', 'C'].map((o) => `  - organization: Chapter ${o}\n    logo: images/network.png\n`).join('')}  - organization: Other
    logo: images/other.svg
  - organization: Without a logo
`,
      { 'images/network.png': makeLogo('square', 'N', random).bytes, 'images/other.svg': makeLogo('svg', 'O', random).bytes },
    );
    const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(imagesIn(r.bytes)).toBe(2);
    const pdf = await readPdf(r.bytes);
    // Names under each logo, and the one without a logo by name in the same grid.
    for (const name of ['Chapter A', 'Chapter B', 'Chapter C', 'Other', 'Without a logo']) expect(pdf.text).toContain(name);
    const y = (t: string) => pdf.pages[0]!.items.find((i) => i.text === t)!.y;
    expect(y('Chapter A')).toBeCloseTo(y('Chapter C'), 0);
  });

  test('logo_names: false leaves the names out from under the logos: each logo says its name in /Alt', async () => {
    const cwd = project(
      `title: Logos only
salutation: ""
signatory_layout: logos
logo_names: false
signatories:
  - organization: Has a Logo
    logo: images/a.png
  - organization: Has No Logo
`,
      { 'images/a.png': makeLogo('wide', 'A', seeded(12)).bytes },
    );
    const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pdf = await readPdf(r.bytes);
    expect(pdf.text).not.toContain('Has a Logo');
    expect(pdf.text).toContain('Has No Logo');
    expect(r.bytes.toString('latin1')).toContain('/Alt (Has a Logo)');
  });

  test('sign --logo takes a picture in the repository and refuses one that is not', async () => {
    const cwd = project('title: T\nstatus: open\nsignatories: []\n', { 'images/ok.png': makeLogo('wide', 'OK', seeded(13)).bytes });
    writeFileSync(path.join(cwd, 'images/fake.png'), 'not a picture');
    const ok = await runBin(['sign', 'l', '--org', 'Good Org', '--logo', 'images/ok.png'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toContain('logo: images/ok.png');
    const before = snapshot(cwd);
    for (const [args, message] of [
      [['--org', 'Bad Org', '--logo', 'images/fake.png'], /--logo: images\/fake\.png is not a picture letters can read/],
      [['--org', 'Far Org', '--logo', '/etc/passwd.png'], /--logo is an absolute path/],
      [['--name', 'Jane Roe', '--logo', 'images/ok.png'], /--logo is for organizations, and this signature has no --org/],
    ] as const) {
      const r = await runBin(['sign', 'l', ...args], { cwd });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(snapshot(cwd)).toEqual(before);
    }
  });

  test('the import reads a Logo column, and refuses the rows whose logo is missing, at their cell', async () => {
    const cwd = project('title: T\nstatus: open\nsignatories: []\n', { 'images/a.png': makeLogo('square', 'A', seeded(14)).bytes });
    writeFileSync(path.join(cwd, 'signups.csv'), 'Organization,Logo\nAlpha,images/a.png\nBeta,images/missing.png\nGamma,\n');
    const before = snapshot(cwd);
    const bad = await runBin(['import', 'l', 'signups.csv'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('signups.csv:3:6: row 3, column "Logo": there is no file images/missing.png in the repository');
    expect(snapshot(cwd)).toEqual(before);
    writeFileSync(path.join(cwd, 'signups.csv'), 'Organization,Logo\nAlpha,images/a.png\nGamma,\n');
    const good = await runBin(['import', 'l', 'signups.csv'], { cwd });
    expect(good.code, good.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8')).toMatch(/organization: Alpha\n\s+logo: images\/a\.png/);
  });
});

describe('the project letterhead: letters.config.yaml', () => {
  test('every letter gets it unless it writes its own or letterhead: false; a wrong setting is refused at its line', async () => {
    const cwd = project('title: One\nsalutation: ""\nintro: Text.\n');
    writeFileSync(path.join(cwd, 'letters/two.yaml'), 'title: Two\nsalutation: ""\nletterhead: false\nintro: Text.\n');
    writeFileSync(path.join(cwd, 'letters/three.yaml'), 'title: Three\nsalutation: ""\nletterhead: [Our own head]\nintro: Text.\n');
    writeFileSync(path.join(cwd, 'letters.config.yaml'), '# the coalition\nletterhead:\n  lines: [The Coalition, coalition.example.org]\n');
    const text = async (slug: string): Promise<string> => (await runBin(['render', slug, '--format', 'txt', '-o', '-'], { cwd })).stdout;
    expect(await text('l')).toMatch(/^The Coalition\ncoalition\.example\.org\n\nText\./);
    expect(await text('two')).toMatch(/^Text\./);
    expect(await text('three')).toMatch(/^Our own head\n\nText\./);
    writeFileSync(path.join(cwd, 'letters.config.yaml'), 'letterhead:\n  image: images/missing.png\nletterheads: no\n');
    const r = await runBin(['render', 'l'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('letters.config.yaml:3:1: unknown setting "letterheads"');
    writeFileSync(path.join(cwd, 'letters.config.yaml'), 'letterhead:\n  image: images/missing.png\n');
    const missing = await runBin(['render', 'l'], { cwd });
    expect(missing.stderr).toContain('letters.config.yaml:2:10: the letterhead: there is no file images/missing.png in the repository');
    expect(existsSync(path.join(cwd, 'l.pdf'))).toBe(false);
  });
});

test('a picture named by a pipe never hangs the render', async () => {
  const cwd = project('title: T\nsalutation: ""\nletterhead: images/head.png\nintro: Text.\n');
  mkdirSync(path.join(cwd, 'images'));
  execFileSync('mkfifo', [path.join(cwd, 'images/head.png')]);
  const r = await runBin(['render', 'l'], { cwd, timeoutMs: 15_000 });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('l.yaml:3:13: the letterhead: images/head.png is not a plain file');
});

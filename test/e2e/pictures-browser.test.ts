import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBin } from '../helpers/cli.js';
import { LOGO_SHAPES, makeLogo, makeMap } from '../helpers/pictures.js';
import { seeded } from '../helpers/random.js';

/*
 * Pictures in the HTML page, opened in Debian's chromium (which .ci/run installs): the
 * letterhead and the map decoded and shown by the browser, the caption under the map, the alt
 * text; a logo wall as a grid that follows the window's width; nothing requested but the page.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`pictures-browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

type Browser = import('playwright-core').Browser;

const LETTER = `title: Clean water for the river basin
date: 2026-03-02
letterhead:
  image: images/head.png
  alt: Coalition for Clean Water
  lines: [Coalition for Clean Water, 1 Main Street, example.org]
recipient:
  name: Jane Doe
intro: |
  We write about the river basin.

  ![A map of the river basin, the dam site marked](images/map.png "The river basin in 2026")

  The map shows what the dam would flood.
signoff: Sincerely,
signatory_layout: logos
signatories:
${Array.from({ length: 12 }, (_, i) => `  - organization: Member ${i + 1}\n${i % 3 === 2 ? '' : `    logo: images/logo-${i}.${i % 6 === 4 ? 'jpg' : i % 6 === 5 ? 'svg' : 'png'}\n`}`).join('')}`;

describe.skipIf(!hasChromium)('pictures in the HTML page, in headless chromium', () => {
  let browser: Browser;
  let cwd = '';
  const requests: string[] = [];

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(tmpdir(), 'letters-pictures-browser-'));
    mkdirSync(path.join(cwd, 'letters'));
    mkdirSync(path.join(cwd, 'images'));
    writeFileSync(path.join(cwd, 'letters/l.yaml'), LETTER);
    const random = seeded(5);
    writeFileSync(path.join(cwd, 'images/head.png'), makeLogo('wide', 'CW', random).bytes);
    writeFileSync(path.join(cwd, 'images/map.png'), makeMap());
    for (let i = 0; i < 12; i++) {
      const logo = makeLogo(LOGO_SHAPES[i % 6]!, String(i), random);
      writeFileSync(path.join(cwd, `images/logo-${i}.${logo.ext}`), logo.bytes);
    }
    const r = await runBin(['render', 'l', '--format', 'html', '-o', 'l.html'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  async function open(width: number) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('request', (req) => requests.push(req.url()));
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(`file://${path.join(cwd, 'l.html')}`);
    return page;
  }

  test('the letterhead and the map are shown, the caption under the map, each with its alt text', async () => {
    const page = await open(1000);
    const shown = await page.$$eval('img', (imgs) =>
      imgs.map((i) => ({ alt: i.alt, loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width })),
    );
    // The letterhead, the map, and the eight logos: every one decoded by the browser.
    expect(shown).toHaveLength(10);
    for (const s of shown) expect(s.loaded).toBe(true);
    expect(shown[0]!.alt).toBe('Coalition for Clean Water');
    expect(shown[1]!.alt).toBe('A map of the river basin, the dam site marked');
    const map = await page.locator('figure img').boundingBox();
    const caption = await page.locator('figure figcaption').boundingBox();
    expect(await page.locator('figure figcaption').textContent()).toBe('The river basin in 2026');
    expect(caption!.y).toBeGreaterThanOrEqual(map!.y + map!.height);
    // The map no wider than the text, and the letterhead above the recipient.
    const article = await page.locator('article').boundingBox();
    expect(map!.width).toBeLessThanOrEqual(article!.width + 0.5);
    const head = await page.locator('.letterhead').boundingBox();
    expect(head!.y).toBeLessThan((await page.getByText('Jane Doe').first().boundingBox())!.y);
    await page.close();
  });

  test('the logo wall is a grid that follows the width: more logos to a row on a wide window than on a phone', async () => {
    const perRow = async (width: number): Promise<number> => {
      const page = await open(width);
      const ys = await page.$$eval('.signatories[data-layout="logos"] > li', (lis) =>
        lis.map((li) => Math.round(li.getBoundingClientRect().y)),
      );
      await page.close();
      expect(ys).toHaveLength(12);
      return ys.filter((y) => y === ys[0]).length;
    };
    const wide = await perRow(1200);
    const narrow = await perRow(380);
    expect(wide).toBeGreaterThan(narrow);
    expect(narrow).toBeGreaterThanOrEqual(2);
  });

  test('nothing but the page itself was requested: the pictures are in it', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r).toMatch(/^(file:.*l\.html|data:)/);
  });
});

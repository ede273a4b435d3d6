import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectCleanError, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/*
 * `letters publish`: the folder it writes, and its page opened in headless chromium (Debian's,
 * which .ci/run installs): the search works from a file, no request leaves the page, and the
 * Content Security Policy lets only the page's own script run.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

type Browser = import('playwright-core').Browser;

const LETTER = `title: Water rights for farming families
template: open-letter
groups: [Member organizations, Supporters]
signatories:
  - organization: Fundacja Praw Rolników
    group: Member organizations
    signed: 2026-02-27
  - organization: Human Rights Watch
    group: Member organizations
    signed: 2026-03-01
  - name: Katarzyna Wiśniewska
    affiliation: University of Warsaw
    group: Supporters
    signed: 2026-02-28
  - name: 王海天
    group: Supporters
    signed: 2026-02-20
  - name: Jean-François Dubois
    group: Supporters
    signed: 2026-02-21
`;

describe('letters publish', () => {
  let dir = '';
  let browser: Browser;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'letters-publish-'));
    mkdirSync(path.join(dir, 'letters'));
    writeFileSync(path.join(dir, 'letters/water.yaml'), LETTER);
    const r = await runBin(['publish', 'water', '-o', 'site', '--url', 'https://example.org/water/'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Published letters/water.yaml into site/: index.html, water.pdf, share.png, counts.json');
    if (hasChromium) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('counts.json: totals by section and group, the last signature, when it was written', () => {
    const counts = JSON.parse(readFileSync(path.join(dir, 'site/counts.json'), 'utf8'));
    expect(counts).toMatchObject({
      title: 'Water rights for farming families',
      total: 5,
      sections: { organizations: 2, individuals: 3 },
      groups: { 'Member organizations': 2, Supporters: 3 },
      lastSigned: '2026-03-01',
      updated: '2026-03-02T00:00:00.000Z',
    });
  });

  test('the share image is a 1200 x 630 PNG; the page names it absolutely; the PDF is beside it', () => {
    const png = readFileSync(path.join(dir, 'site/share.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(630);
    const html = readFileSync(path.join(dir, 'site/index.html'), 'utf8');
    expect(html).toContain('<meta property="og:image" content="https://example.org/water/share.png">');
    expect(html).toContain('<p class="count">This letter has been signed by 2 organizations and 3 individuals.</p>');
    expect(html).toContain('Last signature: March 1, 2026');
    expect(readFileSync(path.join(dir, 'site/water.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Exactly one script, and a policy that names it by its hash.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(html).not.toMatch(/https?:\/\/(?!example\.org\/water\/)/);
  });

  test('publishing again replaces its own files, never another file', async () => {
    const again = await runBin(['publish', 'water', '-o', 'site'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    const other = testdir({ 'letters/water.yaml': LETTER, 'site/index.html': '<p>my own page</p>' });
    expectCleanError(
      await runBin(['publish', 'water', '-o', 'site'], { cwd: other }),
      1,
      /site\/index\.html is not an HTML page written by letters/,
    );
    expect(readFileSync(path.join(other, 'site/index.html'), 'utf8')).toBe('<p>my own page</p>');
    expect(existsSync(path.join(other, 'site/water.pdf'))).toBe(false);
  }, 60_000);

  describe.skipIf(!hasChromium)('in headless chromium', () => {
    const requests: string[] = [];
    const violations: string[] = [];

    test('the search finds a name without its accents, hides the others and empty groups, and no request leaves the page', async () => {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      page.on('request', (req) => requests.push(req.url()));
      page.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      await page.goto(`file://${path.join(dir, 'site/index.html')}`);
      const visible = async (): Promise<string[]> =>
        page.$$eval('li.signatory', (lis) =>
          lis.filter((li) => (li as unknown as { offsetParent: unknown }).offsetParent !== null).map((li) => (li.textContent ?? '').trim()),
        );
      expect(await visible()).toHaveLength(5);
      await page.fill('#letters-search', 'wisniewska');
      expect(await visible()).toEqual([expect.stringContaining('Katarzyna Wiśniewska')]);
      expect(await page.textContent('#letters-search-status')).toBe('1 / 5 shown');
      // The members' group has no match left: its heading is hidden with it.
      expect(await page.isVisible('h3:has-text("Member organizations")')).toBe(false);
      await page.fill('#letters-search', '王');
      expect(await visible()).toEqual(['王海天']);
      await page.fill('#letters-search', '');
      expect(await visible()).toHaveLength(5);
      await page.screenshot({ path: path.join(dir, 'page.png') });
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(violations).toEqual([]);
      await page.close();
    }, 60_000);

    test('a script the page did not write is refused by its policy', async () => {
      const page = await browser.newPage();
      const messages: string[] = [];
      page.on('console', (msg) => messages.push(msg.text()));
      const html = readFileSync(path.join(dir, 'site/index.html'), 'utf8').replace(
        '</body>',
        '<script>document.title = "injected"</script></body>',
      );
      await page.route('**/*', (route) => route.fulfill({ contentType: 'text/html', body: html }));
      await page.goto('http://letters.test/');
      expect(await page.title()).toBe('Water rights for farming families');
      expect(messages.some((m) => /Content Security Policy/.test(m))).toBe(true);
      // The page's own script ran all the same: the search box is shown.
      expect(await page.isVisible('#letters-search')).toBe(true);
      await page.close();
    }, 60_000);
  });
});

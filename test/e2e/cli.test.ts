import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { typesetter } from '../../src/render/document/typography.js';
import { EXAMPLE, ROOT, cleanEnv, expectCleanError, fixtureLetter, runBin, snapshot } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { inTerminal } from '../helpers/terminal.js';
import { testdir } from '../helpers/testdir.js';

// The real binary (bin/letters.js → dist/, built by test/global-setup.ts), for what only a
// process shows: its streams, exit status, concurrency, files on disk. Everything else about
// the command line runs in memory in test/cli/main.test.ts.

const fixture = fixtureLetter();
const letter = (extra: string): string => `title: T\nrecipient:\n  name: R\n${extra}`;

test('the binary runs a bundle built from the current src/ (test/global-setup.ts builds it)', () => {
  const built = statSync(path.join(ROOT, 'dist', 'main.js')).mtimeMs;
  const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const f of sources) expect(statSync(path.join(ROOT, 'src', f)).mtimeMs, `src/${f}`).toBeLessThanOrEqual(built);
});

describe('a whole session, as a user types it', () => {
  test('new → sign → sign → list → check → render', async () => {
    const cwd = testdir();
    let r = await runBin(
      [
        'new',
        'visit-2026',
        '--title',
        'Visit 2026',
        '--to',
        'Secretary Jane Doe',
        '--to-title',
        'Secretary of State',
        '--address',
        '2201 C Street NW',
        '--address',
        'Washington, DC 20520',
        '--date',
        '2026-03-02',
      ],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Created letters\/visit-2026\.yaml\nNext: .*letters sign visit-2026/);

    r = await runBin(['sign', 'visit-2026', '--org', 'Human Rights Watch', '--name', 'Jane Roe', '--title', 'Executive Director'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Signed: Jane Roe, Executive Director, Human Rights Watch\n1 signatory\n');

    r = await runBin(['sign', 'letters/visit-2026.yaml', '--name', 'Katarzyna Wiśniewska'], { cwd });
    expect(r.stdout).toBe('Signed: Katarzyna Wiśniewska\n2 signatories\n');

    const file = readFileSync(path.join(cwd, 'letters/visit-2026.yaml'), 'utf8');
    expect(file).toMatch(/^# A joint letter/); // the scaffold's comments survive signing
    expect(parseLetter(file, 'x').letter.signatories).toEqual([
      { organization: 'Human Rights Watch', name: 'Jane Roe', title: 'Executive Director', signed: '2026-03-02', text: expect.any(String) },
      { name: 'Katarzyna Wiśniewska', signed: '2026-03-02', text: expect.any(String) },
    ]);

    r = await runBin(['list'], { cwd });
    expect(r.stdout).toMatch(/visit-2026\s+draft\s+2\s+0\s+0\s+Visit 2026/);
    r = await runBin(['check'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok  letters/visit-2026.yaml (2 signatories)\n');

    r = await runBin(['render', 'visit-2026'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Wrote visit-2026.pdf (2 signatories)\n');
    const pdf = await readPdf(readFileSync(path.join(cwd, 'visit-2026.pdf')));
    expect(pdf.text).toMatch(
      /Secretary Jane Doe\nSecretary of State\n2201 C Street NW\nWashington, DC 20520\nMarch 2, 2026\nDear Secretary Jane Doe,/,
    );
    expect(pdf.text.indexOf('Jane Roe')).toBeLessThan(pdf.text.indexOf('Katarzyna Wiśniewska'));
    expect(pdf.info['Title']).toBe('Visit 2026');
  });

  test('the same letter and SOURCE_DATE_EPOCH render to the same bytes, on stdout and in a file, in any time zone', async () => {
    const cwd = testdir({ 'letters/example.yaml': fixture });
    const a = await runBin(['render', 'example', '-o', '-'], { cwd });
    // The PDF's creation date is an instant: the time zone changes nothing in the file.
    const b = await runBin(['render', 'example', '-o', 'b.pdf'], { cwd, env: cleanEnv({ TZ: 'America/Los_Angeles' }) });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(path.join(cwd, 'b.pdf')).equals(a.bytes)).toBe(true);
    // The fixture letter's facts that depend on its length and wording, through the binary.
    const pdf = await readPdf(a.bytes);
    expect(pdf.pages).toHaveLength(2);
    expect(pdf.info).toMatchObject({
      Title: 'Water and land rights on the Minister’s first visit to the Northern Valleys',
      Subject: 'Letter to Minister Amara Okonkwo-Lindqvist, Ministry of Agriculture and Rural Development',
      Creator: expect.stringMatching(/^letters \d+\.\d+\.\d+$/),
      CreationDate: 'D:20260302000000Z',
    });
  });
});

describe('the day a signature is dated', () => {
  test('is the local day: signing at 20:00 in Los Angeles is dated that day, not the next one in UTC', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('') });
    // 2026-03-02 20:00 in Los Angeles (UTC-8) is 2026-03-03 04:00 UTC.
    const env = cleanEnv({ TZ: 'America/Los_Angeles', SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 3, 4) / 1000) });
    const r = await runBin(['sign', 'l', '--org', 'Pacific Farmworkers Union'], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8');
    expect(parseLetter(text, 'x').letter.signatories).toEqual([
      { organization: 'Pacific Farmworkers Union', signed: '2026-03-02', text: expect.any(String) },
    ]);
  });
});

describe('failures through the real process', () => {
  test('one bad input: one line on stderr, exit 1, nothing on stdout, no file changed', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('signatores: []\n') });
    const before = snapshot(cwd);
    const r = await runBin(['sign', 'l', '--org', 'A'], { cwd });
    expectCleanError(r, 1, /^letters: letters\/l\.yaml:4:1: unknown field "signatores" in the letter — did you mean "signatories"\?\n$/);
    expect(r.stdout).toBe('');
    expect(snapshot(cwd)).toEqual(before);
  });

  test('stdin closed: a missing value is an error naming the flag, never a wait', async () => {
    const cwd = testdir();
    const r = await runBin(['new', 'x', '--to', 'R'], { cwd, timeoutMs: 20_000 });
    expectCleanError(r, 2, /^letters: missing --title — pass --title/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('Ctrl-C at a prompt cancels: exit 130, one line, no file', async () => {
    const cwd = testdir();
    const { code, screen } = await inTerminal(['new', 'asked'], cwd, [['Title of the letter', '\x03']]);
    expect(code, screen).toBe(130);
    expect(screen).toContain('letters: cancelled — nothing was changed');
    expect(screen.match(/letters: /g), screen).toHaveLength(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('a failed render keeps the old PDF and leaves no temporary file', async () => {
    const cwd = testdir({
      'letters/l.yaml': letter('signatories:\n  - name: Ok\n'),
      'l.pdf': '%PDF-1.7\n(letters 0.1.0) the previous PDF',
    });
    expect((await runBin(['render', 'l'], { cwd })).code).toBe(0);
    const good = readFileSync(path.join(cwd, 'l.pdf'));
    writeFileSync(path.join(cwd, 'letters/l.yaml'), letter('signatories:\n  - name: Ok\n  - name: 𓀀\n'));
    const r = await runBin(['render', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(cwd, 'l.pdf')).equals(good)).toBe(true);
    expect(readdirSync(cwd).sort()).toEqual(['l.pdf', 'letters']);
  });
});

describe('writes that lose nothing', () => {
  test('20 signs started at the same moment leave 20 signatories, a valid file and every comment', async () => {
    const cwd = testdir({ 'letters/l.yaml': fixture });
    const orgs = Array.from({ length: 20 }, (_, i) => `Concurrent Organization ${i + 1}`);
    const results = await Promise.all(
      orgs.map((org, i) => runBin(['sign', 'l', '--org', org, '--name', `Signer ${i + 1}`], { cwd, timeoutMs: 60_000 })),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(cwd, 'letters/l.yaml'), 'utf8');
    const { letter: parsed } = parseLetter(text, 'l.yaml');
    expect(parsed.signatories).toHaveLength(7 + 20);
    expect(new Set(parsed.signatories.slice(7).map((s) => s.organization))).toEqual(new Set(orgs));
    // The original file is intact, every comment included: only signatories were added at the end.
    expect(text.startsWith(fixture.trimEnd())).toBe(true);
    expect(readdirSync(path.join(cwd, 'letters'))).toEqual(['l.yaml']);
  });
});

describe('the README quick start', () => {
  // The only test that reads letters/example.yaml, the user's sample: it checks what holds for
  // any sample (a valid PDF with everything in it), never its wording, length or names.
  test('node bin/letters.js render example writes a PDF of letters/example.yaml with every part, in order', async () => {
    const out = testdir();
    const r = await runBin(['render', 'example', '-o', path.join(out, 'example.pdf')], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(path.join(out, 'example.pdf'));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await readPdf(bytes);
    const { letter: parsed } = parseLetter(readFileSync(EXAMPLE, 'utf8'), 'example.yaml');
    expect(pdf.pages.length).toBeGreaterThanOrEqual(1);
    const to = parsed.recipients[0]!;
    // Printed text has the language's quotation marks (a straight apostrophe is printed ’).
    const printed = typesetter(parsed.lang);
    expect(pdf.info).toMatchObject({
      Title: printed(parsed.title),
      Subject: printed(`Letter to ${to.name}${to.organization ? `, ${to.organization}` : ''}`),
      Creator: expect.stringMatching(/^letters \d+\.\d+\.\d+$/),
    });
    // Each issue title starts a bold line (a long title may wrap onto the next).
    const bold = pdf.pages.flatMap((p) => p.items).filter((i) => i.font === 'NotoSerif-Bold' && i.text.trim() !== '');
    for (const issue of parsed.issues)
      expect(
        bold.some((i) => issue.title.startsWith(i.text.trim().replace(/\.$/, ''))),
        issue.title,
      ).toBe(true);
    // Every signatory is printed, in the file's order.
    let at = 0;
    for (const s of parsed.signatories) {
      const found = pdf.text.indexOf(printed((s.name ?? s.organization)!), at);
      expect(found, s.name ?? s.organization).toBeGreaterThan(at);
      at = found;
    }
  });
});

// Fixes from a hostile review of the issue-5 work: each case failed before its fix.
import { execFile, execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmdirSync,
  statfsSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test, type TestContext } from 'vitest';
import { textFingerprint } from '../../src/core/letter/fingerprint.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { BIN, cleanEnv, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';
import { mountTmpfs, whyNoTmpfs } from '../helpers/tmpfs.js';

/** The fingerprint `sign` stamps: that of the letter's text, which signing does not change. */
const fingerprintOf = (file: string): string => textFingerprint(parseLetter(readFileSync(file, 'utf8'), file).letter);
const fingerprint = (cwd: string): string => fingerprintOf(path.join(cwd, 'letters/x.yaml'));

const LETTER = 'title: Review fixes\nrecipient:\n  name: Jane Doe\nsignatories:\n  - name: Ana Pop\n';

interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `$LETTERS …` through sh, for redirections a test cannot make with spawn's pipes. */
function viaShell(command: string, cwd: string): Promise<ShellResult> {
  return new Promise((resolve) => {
    execFile(
      'sh',
      ['-c', command],
      { cwd, env: { ...cleanEnv(), LETTERS: `${process.execPath} ${BIN}` }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

// ---- 1. -o - into a file on a full disk ---------------------------------------------------

const noTmpfs = whyNoTmpfs();

/** A fresh 128 KB tmpfs with `leave` bytes free, unmounted when the test ends. */
function nearlyFullDisk(onTestFinished: TestContext['onTestFinished'], leave: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-disk-'));
  mountTmpfs(dir);
  onTestFinished(() => {
    execFileSync('umount', [dir], { stdio: 'pipe' });
    rmdirSync(dir);
  });
  const { bavail, bsize } = statfsSync(dir);
  writeFileSync(path.join(dir, 'filler'), Buffer.alloc(bavail * bsize - leave));
  return dir;
}

(noTmpfs === undefined ? describe : describe.skip)(`render -o - > file on a full disk${noTmpfs ? ` — SKIPPED: ${noTmpfs}` : ''}`, () => {
  test('a cut-off PDF is an error naming the full disk, exit 1, not a silent success', async ({ onTestFinished }) => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const disk = nearlyFullDisk(onTestFinished, 4 * 1024);
    const out = path.join(disk, 'out.pdf');
    const r = await viaShell(`$LETTERS render x -o - > '${out}'`, cwd);
    expect(r.stderr).toBe(
      'letters: cannot write the PDF to standard output: the disk is full — free some space and try again; what was written there is incomplete\n',
    );
    expect(r.code).toBe(1);
    expect(readFileSync(out).length).toBeLessThanOrEqual(4 * 1024);
  });
});

test('render -o - > file with room: the whole PDF, exit 0', async () => {
  const cwd = testdir({ 'letters/x.yaml': LETTER });
  const r = await viaShell('$LETTERS render x -o - > out.pdf', cwd);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const pdf = readFileSync(path.join(cwd, 'out.pdf'), 'latin1');
  expect(pdf.startsWith('%PDF-')).toBe(true);
  expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
});

// ---- 2. a letter ending with the document-end marker `...` -----------------------------------

describe('sign on a letter that ends with "..."', () => {
  const HEAD = 'title: Ends\nrecipient:\n  name: Jane Doe\n';

  test('no signatories key: the new key goes before the marker; the letter stays readable', async () => {
    const cwd = testdir({ 'letters/x.yaml': `${HEAD}# the end\n...\n` });
    const r = await runInMemory(['sign', 'x', '--name', 'Bo Li'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toBe(
      `${HEAD}# the end\nsignatories:\n  - name: Bo Li\n    signed: 2026-03-02\n    text: ${fingerprint(cwd)}\n...\n`,
    );
    const check = await runInMemory(['check', 'x'], { cwd });
    expect(check.stdout).toBe('ok  letters/x.yaml (1 signatory)\n');
  });

  test('a CRLF letter ending in "..." with no final line break', async () => {
    const cwd = testdir({ 'letters/x.yaml': `${HEAD}...`.replace(/\n/g, '\r\n') });
    const r = await runInMemory(['sign', 'x', '--name', 'Bo Li'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toBe(
      `${HEAD}signatories:\n  - name: Bo Li\n    signed: 2026-03-02\n    text: ${fingerprint(cwd)}\n...`.replace(/\n/g, '\r\n'),
    );
  });

  test('a list that ends the document: the entry goes into the list, before the marker', async () => {
    const cwd = testdir({ 'letters/x.yaml': `${HEAD}signatories:\n  - name: Ana Pop\n...\n` });
    const r = await runInMemory(['sign', 'x', '--name', 'Bo Li'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect((await runInMemory(['check', 'x'], { cwd })).stdout).toBe('ok  letters/x.yaml (2 signatories)\n');
    expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).toBe(
      `${HEAD}signatories:\n  - name: Ana Pop\n  - name: Bo Li\n    signed: 2026-03-02\n    text: ${fingerprint(cwd)}\n...\n`,
    );
  });
});

// ---- 3. a letter that is a symbolic link --------------------------------------------------

describe('a letter file that is a symbolic link is written through, as an editor does', () => {
  function linked(): { cwd: string; link: string; real: string } {
    const cwd = testdir({ 'elsewhere/real.yaml': LETTER, 'letters/.keep': '' });
    const link = path.join(cwd, 'letters/ln.yaml');
    symlinkSync('../elsewhere/real.yaml', link);
    return { cwd, link, real: path.join(cwd, 'elsewhere/real.yaml') };
  }

  function stillALink(link: string): void {
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../elsewhere/real.yaml');
    expect(readdirSync(path.dirname(link)).sort()).toEqual(['.keep', 'ln.yaml']);
  }

  test('sign: the real file is signed, the link stays a link', async () => {
    const { cwd, link, real } = linked();
    const r = await runInMemory(['sign', 'ln', '--name', 'Bo Li'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    stillALink(link);
    expect(readFileSync(real, 'utf8')).toBe(`${LETTER}  - name: Bo Li\n    signed: 2026-03-02\n    text: ${fingerprintOf(real)}\n`);
    expect(readdirSync(path.dirname(real))).toEqual(['real.yaml']);
  });

  test('unsign: the real file loses the signature, the link stays a link', async () => {
    const { cwd, link, real } = linked();
    const r = await runInMemory(['unsign', 'ln', '--name', 'Ana Pop'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    stillALink(link);
    // unsign keeps a withdrawn signature on record, never among the signatories.
    const after = parseLetter(readFileSync(real, 'utf8'), 'real.yaml').letter;
    expect(after.signatories.map((s) => s.name)).not.toContain('Ana Pop');
    expect(readFileSync(real, 'utf8')).toMatch(/\nwithdrawn:\n {2}- name: Ana Pop\n/);
  });

  test('new --force: the real file is replaced, the link stays a link', async () => {
    const { cwd, link, real } = linked();
    const r = await runInMemory(['new', 'ln', '--force', '--title', 'Fresh', '--to', 'Someone', '--no-input'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    stillALink(link);
    expect(readFileSync(real, 'utf8')).toContain('Fresh');
    expect(readFileSync(real, 'utf8')).not.toContain('Review fixes');
  });
});

// ---- 4. templates whose loops multiply -----------------------------------------------------

describe('a template cannot make a render run forever', () => {
  const withTemplate = (hbs: string, letter = LETTER): string =>
    testdir({ 'letters/x.yaml': `${letter}template: nest\n`, 'templates/nest.hbs': hbs });

  test('12 nested loops over the signatories: a located template error at once', async () => {
    const open = Array.from({ length: 12 }, () => '{{#each @root.signatories}}').join('\n');
    const cwd = withTemplate(`<p>{{salutation}}</p>\n${open}<p>{{name}}</p>${'{{/each}}'.repeat(12)}\n`);
    const started = Date.now();
    const r = await runInMemory(['render', 'x', '-o', 'x.pdf'], { cwd });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr).toBe(
      'letters: template "nest" nests loops ({{#each}}) more than 5 deep — fix templates/nest.hbs near line 7; each loop inside a loop multiplies the text\n',
    );
    expect(r.code).toBe(1);
  });

  test('a list section {{#signatories}} loops too, and counts as one', async () => {
    const cwd = withTemplate(`${'{{#signatories}}\n'.repeat(6)}x${'{{/signatories}}'.repeat(6)}\n`);
    const r = await runInMemory(['render', 'x', '-o', 'x.pdf'], { cwd });
    expect(r.stderr).toMatch(/^letters: template "nest" nests loops .* near line 6;/);
    expect(r.code).toBe(1);
  });

  test('three nested loops over a long list are stopped by the loop budget, not run for minutes', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `  - name: Person ${i}\n`).join('');
    const letter = `title: Many\nrecipient:\n  name: Jane Doe\nsignatories:\n${rows}`;
    const cwd = withTemplate(
      '<p>{{salutation}}</p>\n{{#each @root.signatories}}{{#each @root.signatories}}{{#each @root.signatories}}<p>{{name}}</p>{{/each}}{{/each}}{{/each}}\n',
      letter,
    );
    const started = Date.now();
    const r = await runInMemory(['render', 'x', '-o', 'x.pdf'], { cwd });
    expect(r.stderr).toMatch(/^letters: template "nest" makes too much text: its loops ran [\d,]+ times — fix templates\/nest\.hbs; /);
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('an ordinary loop still works', async () => {
    const cwd = withTemplate('<p>{{salutation}}</p>\n{{#each signatories}}<p>{{name}}</p>{{/each}}\n');
    const r = await runInMemory(['render', 'x', '-o', 'x.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect((await readPdf(readFileSync(path.join(cwd, 'x.pdf')))).text).toContain('Ana Pop');
  });
});

// ---- 5. letter files too large to read -----------------------------------------------------

describe('a letter file larger than 64 MiB is refused by its size, before it is read', () => {
  function withHuge(size: number): string {
    const cwd = testdir({ 'letters/a.yaml': LETTER, 'letters/z.yaml': LETTER });
    writeFileSync(path.join(cwd, 'letters/huge.yaml'), '');
    truncateSync(path.join(cwd, 'letters/huge.yaml'), size); // sparse: no disk used
    return cwd;
  }

  test('check: one line naming the file and its size', async () => {
    const cwd = withHuge(1900 * 1024 * 1024);
    const started = Date.now();
    const r = await runInMemory(['check', 'huge'], { cwd });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.stderr.split('\n')[0]).toBe(
      'letters: letters/huge.yaml is too large to be a letter: 1,900 MiB (the limit is 64 MiB) — a letter of 10,000 signatories is about 1 MiB: check that this is the right file',
    );
    expect(r.code).toBe(1);
  });

  test('list: the other letters are listed, the large one named as a problem', async () => {
    const cwd = withHuge(4 * 1024 ** 3);
    const r = await runInMemory(['list'], { cwd });
    expect(r.stdout.split('\n').map((l) => l.split(' ')[0])).toEqual(['SLUG', 'a', 'huge', 'z', '']);
    expect(r.stderr).toContain('letters/huge.yaml is too large to be a letter: 4,096 MiB');
    expect(r.stderr).not.toContain('unexpected');
  });

  test('one byte over 64 MiB is refused too', async () => {
    const cwd = withHuge(64 * 1024 * 1024 + 1);
    const r = await runInMemory(['check', 'huge'], { cwd });
    expect(r.stderr).toContain('too large');
    expect(r.code).toBe(1);
  });
});

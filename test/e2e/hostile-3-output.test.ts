// The third hostile run, what letters writes: the mail merge's values and file names, a pipe
// whose reader went away, a UTF-16 letter, export into a folder, limits on every path, files
// letters did not write, Markdown that links nothing, a blank braille name, a lock on a
// signal. Each case failed before its fix.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';
import { mountTmpfs, whyNoTmpfs } from '../helpers/tmpfs.js';

const LETTER = [
  'title: Output',
  'recipient:',
  '  name: Minister Jane Doe',
  'intro: |',
  '  We write to {{recipient.name}}.',
  'signatories:',
  '  - organization: Acme',
  '',
].join('\n');

const files = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f !== '.keep')
    .sort();

// ---- 4. a value is data: filled once ------------------------------------------------------------

describe('the mail merge fills {{recipient.…}} once: a value is never read as a placeholder', () => {
  test('a name or an organization holding {{recipient.address}}, and a salutation holding {{recipient.name}}, print as typed', async () => {
    const cwd = testdir({
      'letters/x.yaml': LETTER.replace('We write to {{recipient.name}}.', 'We write to {{recipient.name}} at {{recipient.organization}}.'),
      'people.csv':
        'Name,Organization,Address,Salutation\nAnn {{recipient.address}},{{recipient.name}} Org,1 Main St,Dear {{recipient.name}}:\n',
      'out/.keep': '',
    });
    const r = await runInMemory(['render', 'x', '--recipients', 'people.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(cwd, 'out', files(path.join(cwd, 'out'))[0]!), 'utf8');
    expect(text).toContain('Dear {{recipient.name}}:');
    expect(text.replace(/\s+/g, ' ')).toContain('We write to Ann {{recipient.address}} at {{recipient.name}} Org.');
  });

  test('a sheet of nested placeholders does not multiply: the letter grows by the sheet, not by its powers', async () => {
    const value = '{{recipient.address}}'.repeat(200);
    const cwd = testdir({
      'letters/x.yaml': LETTER.replace('We write to {{recipient.name}}.', `${'{{recipient.name}} '.repeat(20)}{{recipient.organization}}`),
      'people.csv': `Name,Organization,Address\nAnn ${value},${value},${value}\n`,
      'out/.keep': '',
    });
    const r = await runInMemory(['render', 'x', '--recipients', 'people.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const size = readFileSync(path.join(cwd, 'out', files(path.join(cwd, 'out'))[0]!)).length;
    expect(size).toBeLessThan(200_000);
  });
});

// ---- 8. long recipient names ----------------------------------------------------------------------

describe('file names for recipients are short and unique', () => {
  test('a 300-character name: every letter is written, the name cut to 60 characters', async () => {
    const long = `${'Very Long Name '.repeat(20)}`.trim();
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'people.csv': `Name\n${long}\nBo Chen\n`, 'out/.keep': '' });
    const r = await runInMemory(['render', 'x', '--recipients', 'people.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const written = files(path.join(cwd, 'out'));
    expect(written).toEqual(['x-bo-chen.txt', 'x-very-long-name-very-long-name-very-long-name-very-long-name.txt']);
  });

  test('"Ann", "Ann" and "Ann 2" are three files, none written over another', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'people.csv': 'Name\nAnn\nAnn\nAnn 2\n', 'out/.keep': '' });
    const r = await runInMemory(['render', 'x', '--recipients', 'people.csv', '--format', 'txt', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(files(path.join(cwd, 'out'))).toEqual(['x-ann-2-2.txt', 'x-ann-2.txt', 'x-ann.txt']);
  });

  test('a file name too long to write is "cannot write", not "cannot read … check that the file exists"', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await runInMemory(['render', 'x', '-o', `${'n'.repeat(300)}.pdf`], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: cannot write n+\.pdf: the file name is too long — /);
    expect(r.stderr).not.toContain('cannot read');
  });
});

// ---- a mail merge stopped halfway says what it wrote ---------------------------------------------

const noTmpfs = whyNoTmpfs();
test.skipIf(noTmpfs !== undefined)(
  `a mail merge that fills the disk halfway names the letters it wrote${noTmpfs ? ` — SKIPPED: ${noTmpfs}` : ''}`,
  async () => {
    const cwd = testdir({
      'letters/x.yaml': LETTER,
      'people.csv': `Name\n${Array.from({ length: 12 }, (_, i) => `Person ${i}`).join('\n')}\n`,
    });
    const out = path.join(cwd, 'out');
    mkdirSync(out);
    mountTmpfs(out, 'size=40k');
    try {
      const r = await runInMemory(['render', 'x', '--recipients', 'people.csv', '-o', 'out'], { cwd });
      expect(r.code).toBe(1);
      const [summary, error] = r.stderr.trimEnd().split('\n');
      const done = files(out).length;
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThan(12);
      expect(summary).toMatch(
        new RegExp(
          `^letters: the mail merge stopped after ${done} of 12 letters: wrote out/x-person-0\\.pdf.*; the other ${12 - done} were not written — `,
        ),
      );
      expect(error).toMatch(/^letters: cannot write out\/x-person-\d+\.pdf: the disk is full/);
    } finally {
      execFileSync('umount', [out], { stdio: 'pipe' });
    }
  },
);

// ---- 9. a reader that went away ----------------------------------------------------------------

/** Run the binary with a standard output whose reader is gone before anything is written. */
function runWithGoneReader(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // as `| true` does: the read end closed
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a pipe whose reader has gone is an error for what letters was asked to write', () => {
  test.each([
    ['render -o -', ['render', 'x', '-o', '-'], 'the PDF'],
    ['export', ['export', 'x'], 'the CSV'],
  ])('%s | true', async (_, args, what) => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await runWithGoneReader(args, cwd);
    expect(r.stderr).toBe(
      `letters: cannot write ${what} to standard output: the program reading it stopped — write it to a file with -o instead\n`,
    );
    expect(r.code).toBe(1);
  });

  test('lines for people (list | head) still end quietly', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await runWithGoneReader(['list'], cwd);
    expect(r).toEqual({ code: 0, stderr: '' });
  });
});

// ---- 10. a UTF-16 letter ---------------------------------------------------------------------

describe('a letter saved as UTF-16 is said to be UTF-16, at its start', () => {
  const text = `${LETTER}${'# a comment line\n'.repeat(80)}`;
  test.each([
    ['little-endian with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['big-endian with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['little-endian without one', Buffer.from(text, 'utf16le')],
  ])('%s', async (_, bytes) => {
    const cwd = testdir();
    mkdirSync(path.join(cwd, 'letters'));
    writeFileSync(path.join(cwd, 'letters/x.yaml'), bytes);
    const r = await runInMemory(['check', 'x'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'letters: letters/x.yaml:1:1: the file is UTF-16 text, not UTF-8 — save it as UTF-8 in your editor (Notepad: File › Save as, Encoding: UTF-8)',
    );
  });

  test('a stray byte at the very start is on line 1, not past the last line', async () => {
    const cwd = testdir();
    mkdirSync(path.join(cwd, 'letters'));
    writeFileSync(path.join(cwd, 'letters/x.yaml'), Buffer.concat([Buffer.from([0xff]), Buffer.from(`${LETTER}\n\n\n`)]));
    const r = await runInMemory(['check', 'x'], { cwd });
    expect(r.stderr.split('\n')[0]).toMatch(/^letters: letters\/x\.yaml:1:1: the file is not UTF-8 text: byte 0xFF/);
  });
});

// ---- 11. export into a folder -------------------------------------------------------------------

describe('export -o names a folder as render does', () => {
  test('dir/ (and an existing dir) gets <slug>-signatories.csv, or .json', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'out/.keep': '' });
    const csv = await runInMemory(['export', 'x', '-o', 'out/'], { cwd });
    expect(csv.code, csv.stderr).toBe(0);
    const json = await runInMemory(['export', 'x', '-o', 'out', '--json'], { cwd });
    expect(json.code, json.stderr).toBe(0);
    expect(files(path.join(cwd, 'out'))).toEqual(['x-signatories.csv', 'x-signatories.json']);
    expect(readFileSync(path.join(cwd, 'out/x-signatories.csv'), 'utf8')).toMatch(/^\ufeffOrganization,/);
  });

  test('a folder that does not exist is an error, and no file named like it is written', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER });
    const r = await runInMemory(['export', 'x', '-o', 'nodir/'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('letters: the folder nodir/ does not exist — create it first (mkdir -p nodir/), or choose another -o\n');
    expect(existsSync(path.join(cwd, 'nodir'))).toBe(false);
  });
});

// ---- 6. the template's 64 MiB, outside its loops too ------------------------------------------

describe('a template that makes more than 64 MiB of text is stopped, loops or not', () => {
  const big = (template: string, field: string) =>
    testdir({
      'letters/t.yaml': `title: T\ntemplate: big\nrecipient:\n  name: J\n${field}\n`,
      'templates/big.hbs': `{{!-- big --}}\n${template}`,
    });

  test('a 1 MiB intro printed 100 times ({{{intro}}}): one error, at once', async () => {
    const cwd = big('<p>{{{intro}}}</p>\n'.repeat(100), `intro: |\n  ${'lorem ipsum '.repeat(90_000)}`);
    const started = Date.now();
    const r = await runInMemory(['render', 't', '-o', 't.pdf'], { cwd });
    expect(r.stderr).toBe(
      'letters: template "big" makes more than 64 MiB of text for this letter — fix templates/big.hbs; a loop inside a loop, or a long field printed many times, multiplies the text\n',
    );
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(path.join(cwd, 't.pdf'))).toBe(false);
  });

  test('an escaped title printed 2,000 times ({{title}}): stopped while it is written, not "calls itself"', async () => {
    const cwd = big('<p>{{title}}</p>\n'.repeat(2000), '');
    writeFileSync(path.join(cwd, 'letters/t.yaml'), `title: "${'A & B '.repeat(9000)}"\ntemplate: big\nrecipient:\n  name: J\n`);
    const r = await runInMemory(['render', 't', '--format', 'html', '-o', 't.html'], { cwd });
    expect(r.stderr).toMatch(/^letters: template "big" makes more than 64 MiB of text for this letter — /);
    expect(r.code).toBe(1);
  });
});

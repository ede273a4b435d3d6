// The third hostile run, the rest: memory and time on long text, files render may replace, a
// project template in place of a shipped one, Markdown that links nothing, a blank braille
// name, the lock on a signal, the deadline for a dated signature, a shallow clone. Each case
// failed before its fix.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { BIN, cleanEnv, runBin, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const LETTER = 'title: Rules\nrecipient:\n  name: Minister Jane Doe\nintro: We write.\nsignatories:\n  - organization: Acme\n';

/** Run the binary under a V8 heap limit: a run that needs more ends in an out-of-memory crash. */
function runWithHeap(mib: number, args: string[], cwd: string): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${mib}`, BIN, ...args], {
      cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

// ---- 6 and 7: long text in bounded memory, in time linear in its length ----------------------

describe('long text: memory bounded, time linear', () => {
  test('a 5 MB one-paragraph letter renders to PDF in a 192 MiB heap (it needed over 250)', async () => {
    const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';
    const cwd = testdir({ 'letters/big.yaml': `title: Big\nrecipient:\n  name: J\nintro: |\n  ${words.repeat(65_000)}\n` });
    const r = await runWithHeap(192, ['render', 'big', '-o', 'big.pdf'], cwd);
    expect(r.stderr).not.toContain('heap out of memory');
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(readFileSync(path.join(cwd, 'big.pdf')).length).toBeGreaterThan(500_000);
  }, 120_000);

  test('a 400 KB word is broken into lines in seconds, not minutes, and every character is kept', async () => {
    const cwd = testdir({ 'letters/w.yaml': `title: W\nrecipient:\n  name: J\nintro: |\n  ${'x'.repeat(400_000)}\n` });
    const started = Date.now();
    const r = await runInMemory(['render', 'w', '-o', 'w.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    const text = execFileSync('pdftotext', [path.join(cwd, 'w.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(text.replace(/[^x]/g, '').length).toBe(400_000);
  }, 120_000);

  test('a 200 KB web address is printed as text, not a link repeated on every line it spans', async () => {
    const address = `https://example.org/${'a/'.repeat(100_000)}`;
    const cwd = testdir({
      'letters/u.yaml': `title: U\nrecipient:\n  name: J\nintro: |\n  ${address}\n\n  See https://example.org/short too.\n`,
    });
    const started = Date.now();
    const r = await runInMemory(['render', 'u', '-o', 'u.pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    const pdf = readFileSync(path.join(cwd, 'u.pdf'));
    expect(pdf.length).toBeLessThan(5_000_000);
    expect(pdf.includes('(https://example.org/short)')).toBe(true);
  }, 120_000);
});

// ---- render replaces only files letters wrote ----------------------------------------------------

describe('render -o replaces only what letters wrote, other files with --force', () => {
  test('a PDF letters did not write (a scan, the reply) is refused, and replaced with --force', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'reply.pdf': '%PDF-1.4\n% the minister’s reply\n' });
    const r = await runInMemory(['render', 'x', '-o', 'reply.pdf'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'letters: reply.pdf exists and is not a PDF written by letters (its producer is not letters) — choose another -o, move that file away first, or add --force to replace it\n',
    );
    expect(readFileSync(path.join(cwd, 'reply.pdf'), 'utf8')).toContain('reply');
    const again = await runInMemory(['render', 'x', '-o', 'mine.pdf'], { cwd });
    expect(again.code).toBe(0);
    expect((await runInMemory(['render', 'x', '-o', 'mine.pdf'], { cwd })).code).toBe(0);
    const forced = await runInMemory(['render', 'x', '-o', 'reply.pdf', '--force'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'reply.pdf'), 'latin1')).toContain('(letters ');
  });

  test('a text file that starts with the recipient’s name is someone’s notes: refused unless it is the very text', async () => {
    const cwd = testdir({ 'letters/x.yaml': LETTER, 'x.txt': 'Minister Jane Doe\nmy notes for the meeting\n' });
    const r = await runInMemory(['render', 'x', '-o', 'x.txt'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^letters: x\.txt exists and is not this very text: /);
    expect(readFileSync(path.join(cwd, 'x.txt'), 'utf8')).toContain('my notes');
    expect((await runInMemory(['render', 'x', '-o', 'x.txt', '--force'], { cwd })).code).toBe(0);
    expect((await runInMemory(['render', 'x', '-o', 'x.txt'], { cwd })).code).toBe(0); // the same text again
  });
});

// ---- a project template in place of a shipped one --------------------------------------------

test('render says when the project’s templates/formal.hbs takes the place of the shipped one, once a run', async () => {
  const cwd = testdir({
    'letters/x.yaml': LETTER,
    'letters/y.yaml': LETTER,
    'templates/formal.hbs': '{{!-- our own formal --}}\n<p>{{salutation}}</p>\n{{{intro}}}\n',
    'out/.keep': '',
  });
  const r = await runInMemory(['render', '--all', '--format', 'txt', '-o', 'out'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe(
    'letters: templates/formal.hbs:1:1: warning: this project\'s template "formal" is used in place of the one letters ships under that name — to use both, rename templates/formal.hbs and set template: to the new name where it is wanted\n',
  );
  const listed = await runInMemory(['templates'], { cwd });
  expect(listed.stdout).toMatch(/formal .*templates\/formal\.hbs \(replaces the shipped one\)/);
});

// ---- Markdown that links nothing the letter did not link ---------------------------------------

test('in Markdown output, names holding addresses, www., e-mail and @mentions are text under any renderer', async () => {
  const names = ['www.example.org Coalition', 'Friends of https://evil.example', 'jane@example.org', '@octocat', 'Fix #12', 'Acme.com'];
  const cwd = testdir({
    'letters/x.yaml': `${LETTER.replace('  - organization: Acme\n', '')}${names.map((n) => `  - organization: "${n}"\n`).join('')}`,
  });
  const r = await runInMemory(['render', 'x', '--format', 'md', '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  // A linkifying renderer (GitHub's own links www., addresses, e-mail, @mentions and #12).
  const html = new MarkdownIt({ linkify: true }).render(r.stdout);
  expect(html).not.toContain('<a ');
  for (const n of names) expect(html).toContain(n);
});

// ---- a blank braille name -----------------------------------------------------------------------

test('a name of U+2800 (braille blank) is refused like a blank one, from the file, sign, import and a mail merge', async () => {
  const blank = '\u2800\u2800';
  const cwd = testdir({
    'letters/x.yaml': LETTER,
    'letters/b.yaml': `${LETTER}  - name: "${blank}"\n`,
    'in.csv': `Name\n${blank}\n`,
    'out/.keep': '',
  });
  const check = await runInMemory(['check', 'b'], { cwd });
  expect(check.stderr).toContain('letters/b.yaml:7:11: "name" has no visible characters (only U+2800)');
  const sign = await runInMemory(['sign', 'x', '--name', blank], { cwd });
  expect(sign.stderr).toBe('letters: --name has no visible characters (only U+2800) — give --name as it should be printed\n');
  const imported = await runInMemory(['import', 'x', 'in.csv'], { cwd });
  expect(imported.stderr).toContain('in.csv:2:1: row 2, column "Name": Name has no visible characters (only U+2800)');
  const merged = await runInMemory(['render', 'x', '--recipients', 'in.csv', '--format', 'txt', '-o', 'out'], { cwd });
  expect(merged.stderr).toContain("in.csv:2:1: the recipient's name has no visible characters (only U+2800)");
  for (const r of [check, imported, merged]) expect(r.code).toBe(1);
  expect(sign.code).toBe(2); // a flag's value: a usage error
});

// ---- the lock let go on a signal ------------------------------------------------------------------

describe.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s while sign holds the lock', (signal) => {
  test('the lock is removed, the letter whole', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `  - organization: Organization number ${i}\n    title: Director\n`).join('');
    const text = `${LETTER}${rows}`;
    const cwd = testdir({ 'letters/x.yaml': text });
    const lock = path.join(cwd, 'letters/x.yaml.lock');
    const child = spawn(process.execPath, [BIN, 'sign', 'x', '--org', 'One More'], { cwd, env: cleanEnv(), stdio: 'ignore' });
    const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('close', (code, s) => resolve({ code, signal: s })),
    );
    for (let i = 0; i < 3000 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 5));
    expect(existsSync(lock)).toBe(true);
    child.kill(signal);
    const end = await closed;
    expect(end.signal).toBe(signal);
    expect(existsSync(lock)).toBe(false);
    const now = readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8');
    expect([text, `${text}  - organization: One More\n`].some((t) => now.startsWith(t))).toBe(true);
  }, 60_000);
});

// ---- one deadline rule for a dated signature --------------------------------------------------

test('sign --date and import measure a signature dated before the deadline the same way: on time', async () => {
  const letter = 'title: D\nrecipient:\n  name: J\nstatus: open\ndeadline: 2026-02-10\n';
  const cwd = testdir({ 'letters/x.yaml': letter, 'in.csv': 'Organization,Timestamp\nBeta,2026-02-05\n' });
  const signed = await runInMemory(['sign', 'x', '--org', 'Alpha', '--date', '2026-02-05'], { cwd });
  expect(signed.code, signed.stderr).toBe(0);
  const imported = await runInMemory(['import', 'x', 'in.csv'], { cwd });
  expect(imported.code, imported.stderr).toBe(0);
  expect(readFileSync(path.join(cwd, 'letters/x.yaml'), 'utf8')).not.toContain('late');
  const late = await runInMemory(['sign', 'x', '--org', 'Gamma', '--date', '2026-02-20'], { cwd });
  expect(late.code).toBe(1);
  expect(late.stderr).toContain('after the deadline');
  expect((await runInMemory(['sign', 'x', '--org', 'Gamma'], { cwd })).stderr).toContain('the deadline for signatures was 2026-02-10');
});

// ---- a shallow clone -------------------------------------------------------------------------

test('diff --since in a shallow clone says the clone is shallow, not that the user forgot to commit', async () => {
  const origin = testdir({ 'letters/x.yaml': LETTER });
  const env = { ...cleanEnv(), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e.org' };
  const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  git(origin, 'init', '-q', '-b', 'main');
  git(origin, 'add', '.');
  git(origin, 'commit', '-qm', 'first');
  expect((await runBin(['sign', 'x', '--org', 'Beta'], { cwd: origin, env })).code).toBe(0);
  git(origin, 'commit', '-qam', 'Beta signs');
  writeFileSync(
    path.join(origin, 'letters/x.yaml'),
    readFileSync(path.join(origin, 'letters/x.yaml'), 'utf8').replace('We write.', 'We write again.'),
  );
  git(origin, 'commit', '-qam', 'new text');
  const clone = testdir();
  git(clone, 'clone', '-q', '--depth', '1', `file://${origin}`, 'c');
  const r = await runInMemory(['diff', 'x', '--since', 'Beta'], { cwd: path.join(clone, 'c'), env });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^letters: no commit of letters\/x\.yaml in this clone has the text Beta signed \([0-9a-f]+\) \(1 commit searched\), and this clone is shallow: its history stops short — fetch the whole history with `git fetch --unshallow`, then run letters diff again\n$/,
  );
});

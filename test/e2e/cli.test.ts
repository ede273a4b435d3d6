import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseLetter } from '../../src/core/schema.js';
import { BIN, EXAMPLE, cleanEnv, runBin, type CliResult } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

const example = readFileSync(EXAMPLE, 'utf8');

beforeAll(() => {
  if (!existsSync(path.join(path.dirname(BIN), '..', 'dist', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm test`, which builds before testing');
  }
});

/** Every error is whole lines starting "letters: ", with no stack trace. */
function expectCleanError(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(pattern);
  for (const line of result.stderr.trimEnd().split('\n')) expect(line).toMatch(/^letters: .+ — .+/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** The whole folder's files and contents, to show that a failing command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

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
      { organization: 'Human Rights Watch', name: 'Jane Roe', title: 'Executive Director', signed: '2026-03-02' },
      { name: 'Katarzyna Wiśniewska', signed: '2026-03-02' },
    ]);

    r = await runBin(['list'], { cwd });
    expect(r.stdout).toMatch(/visit-2026\s+draft\s+2\s+Visit 2026/);
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

  test('the same letter and SOURCE_DATE_EPOCH render to the same bytes', async () => {
    const cwd = testdir({ 'letters/example.yaml': example });
    const a = await runBin(['render', 'example', '-o', '-'], { cwd });
    const b = await runBin(['render', 'example', '-o', 'b.pdf'], { cwd });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(path.join(cwd, 'b.pdf')).equals(a.bytes)).toBe(true);
  });

  test('--dir and LETTERS_DIR choose the letters folder; -o into a folder names the file by slug', async () => {
    const cwd = testdir({ 'campaign/example.yaml': example, 'out/.keep': '' });
    expect((await runBin(['--dir', 'campaign', 'list'], { cwd })).stdout).toMatch(/example\s+open\s+7/);
    expect((await runBin(['list'], { cwd, env: cleanEnv({ LETTERS_DIR: 'campaign' }) })).stdout).toMatch(/example\s+open\s+7/);
    const r = await runBin(['render', 'example', '--dir', 'campaign', '-o', 'out'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(cwd, 'out/example.pdf'))).toBe(true);
  });

  test('unsign removes one signatory', async () => {
    const cwd = testdir({ 'letters/example.yaml': example });
    const r = await runBin(['unsign', 'example', '--org', 'toprak ve su dernegi'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Removed: Elif Ağaoğlu, Executive Director, Toprak ve Su Derneği\n6 signatories\n');
    expect(readFileSync(path.join(cwd, 'letters/example.yaml'), 'utf8')).not.toContain('Ağaoğlu');
  });
});

describe('help', () => {
  test('--help lists every command with an example; each command has its own', async () => {
    const cwd = testdir();
    const r = await runBin(['--help'], { cwd });
    expect(r.code).toBe(0);
    for (const cmd of ['new', 'sign', 'unsign', 'render', 'list', 'check']) expect(r.stdout).toMatch(new RegExp(`\\n  ${cmd} `));
    for (const cmd of ['new', 'sign', 'unsign', 'render', 'list', 'check']) {
      const sub = await runBin([cmd, '--help'], { cwd });
      expect(sub.code).toBe(0);
      expect(sub.stdout).toMatch(new RegExp(`Usage: letters ${cmd}`));
      expect(sub.stdout).toMatch(/Examples?:\n {2}\$ letters /);
    }
    expect((await runBin(['-V'], { cwd })).stdout).toBe(
      `${JSON.parse(readFileSync(path.join(path.dirname(BIN), '..', 'package.json'), 'utf8')).version}\n`,
    );
  });
});

type Case = {
  name: string;
  files?: Record<string, string>;
  args: string[];
  code: number;
  stderr: RegExp;
  env?: Record<string, string>;
};

const letter = (extra: string): string => `title: T\nrecipient:\n  name: R\n${extra}`;
const bomb = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
].join('\n');

const badInputs: Case[] = [
  {
    name: 'malformed YAML',
    files: { 'letters/l.yaml': 'title: "unclosed\nrecipient:\n  name: R\n' },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml:\d+:\d+: YAML syntax error/,
  },
  {
    name: 'an unknown field',
    files: { 'letters/l.yaml': letter('signatores: []\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml:4:1: unknown field "signatores" in the letter — did you mean "signatories"\?\n$/,
  },
  {
    name: 'a missing required field',
    files: { 'letters/l.yaml': 'title: T\nrecipient:\n  title: Minister\n' },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml:3:3: missing required field "recipient\.name" — add recipient\.name: …\n$/,
  },
  {
    name: 'a wrongly-typed required field',
    files: { 'letters/l.yaml': 'title: 42\nrecipient:\n  name: R\n' },
    args: ['check', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:1:8: "title" must be text, but YAML reads 42 as a number/,
  },
  {
    name: 'an invalid date',
    files: { 'letters/l.yaml': letter('date: 2026-02-31\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:4:7: "date" is not a valid date: 2026-02-31 — write it as YYYY-MM-DD/,
  },
  {
    name: 'an unknown template in the letter',
    files: { 'letters/l.yaml': letter('template: fancy\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /^letters: no template named "fancy" — use one of: formal/,
  },
  {
    name: 'an unknown template on the command line',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '--template', 'fancy'],
    code: 1,
    stderr: /no template named "fancy" — use one of: formal/,
  },
  {
    name: 'a letter that does not exist',
    files: { 'letters/visit-2026.yaml': letter('') },
    args: ['render', 'visit-2062'],
    code: 1,
    stderr: /^letters: no letter "visit-2062" in letters\/ — did you mean "visit-2026"\?\n$/,
  },
  { name: 'a path that does not exist', args: ['sign', 'nope/x.yaml', '--org', 'A'], code: 1, stderr: /no letter file at nope\/x\.yaml/ },
  {
    name: 'an uppercase slug',
    args: ['new', 'Visit', '--title', 'T', '--to', 'R'],
    code: 2,
    stderr: /"Visit" is not a letter name: a letter name must be lowercase — try: letters new visit/,
  },
  {
    name: 'a slug with spaces',
    args: ['new', 'my visit', '--title', 'T', '--to', 'R'],
    code: 2,
    stderr: /cannot contain spaces — try: letters new my-visit/,
  },
  { name: 'a slug with ../', args: ['new', '../escape', '--title', 'T', '--to', 'R'], code: 2, stderr: /cannot contain \/ \\ or \.\./ },
  {
    name: 'an existing file on new',
    files: { 'letters/l.yaml': letter('') },
    args: ['new', 'l', '--title', 'T', '--to', 'R'],
    code: 1,
    stderr: /^letters: letters\/l\.yaml already exists — pick another name, or add --force to replace it\n$/,
  },
  {
    name: 'a duplicate signatory',
    files: { 'letters/l.yaml': letter('signatories:\n  - organization: Amnistía Internacional\n') },
    args: ['sign', 'l', '--org', 'AMNISTIA  internacional'],
    code: 1,
    stderr: /the organization "Amnistía Internacional" has already signed \(signatory 1\) — add --update/,
  },
  {
    name: 'a closed letter',
    files: { 'letters/l.yaml': letter('status: closed\n') },
    args: ['sign', 'l', '--org', 'A'],
    code: 1,
    stderr: /this letter is closed to new signatures — set status: open/,
  },
  {
    name: '-o into a folder that does not exist',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '-o', 'missing/l.pdf'],
    code: 1,
    stderr: /^letters: the folder missing does not exist — create it first, or choose another -o\n$/,
  },
  { name: 'no TTY and --title missing', args: ['new', 'x', '--to', 'R'], code: 2, stderr: /^letters: missing --title — pass --title/ },
  {
    name: 'no TTY and no signer',
    files: { 'letters/l.yaml': letter('') },
    args: ['sign', 'l'],
    code: 2,
    stderr: /a signature needs an organization or a name — pass --org/,
  },
  { name: 'an alias bomb', files: { 'letters/l.yaml': letter(`${bomb}\n`) }, args: ['render', 'l'], code: 1, stderr: /unknown field "a"/ },
  {
    name: 'an alias to a list',
    files: { 'letters/l.yaml': letter('issues: &x []\nsignatories: *x\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /"signatories" uses a YAML alias \(\*x\)/,
  },
  {
    name: 'very deep nesting',
    files: { 'letters/l.yaml': letter(`intro: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`) },
    args: ['check', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:\d+:\d+: cannot read the file: it is nested too deeply/,
  },
  {
    name: 'a __proto__ key',
    files: { 'letters/l.yaml': letter('__proto__: {polluted: true}\n') },
    args: ['sign', 'l', '--org', 'A'],
    code: 1,
    stderr: /letters\/l\.yaml:4:1: unknown field "__proto__"/,
  },
  {
    name: 'a character the font lacks',
    files: { 'letters/l.yaml': letter('signatories:\n  - name: 王伟 𓀀\n') },
    args: ['render', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:5:11: signatory 1, name has a character no font of letters can print: "𓀀" \(U\+13000\)/,
  },
  {
    name: 'a file that is not UTF-8',
    files: { 'letters/l.yaml': 'title: Caf\xe9\n' },
    args: ['render', 'l'],
    code: 1,
    stderr: /letters\/l\.yaml:1:11: the file is not UTF-8 text/,
  },
  {
    name: 'an unknown option',
    args: ['sign', 'l', '--orgg', 'A'],
    code: 2,
    stderr: /^letters: unknown option '--orgg' \(Did you mean --org\?\) — see letters sign --help\n$/,
  },
  {
    name: 'a missing argument',
    args: ['render'],
    code: 2,
    stderr: /^letters: missing required argument 'letter' — see letters render --help\n$/,
  },
  { name: 'an unknown command', args: ['sing', 'l'], code: 2, stderr: /unknown command 'sing' \(Did you mean sign\?\)/ },
  {
    name: '-o onto the letter file itself',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '-o', 'letters/l.yaml'],
    code: 2,
    stderr: /^letters: refusing to write the PDF over letters\/l\.yaml — give -o a \.pdf file name\n$/,
  },
  {
    name: '-o onto a file that is not a PDF',
    files: { 'letters/l.yaml': letter(''), 'notes.txt': 'my notes' },
    args: ['render', 'l', '-o', 'notes.txt'],
    code: 1,
    stderr: /^letters: notes\.txt exists and is not a PDF — choose another -o, or move that file away first\n$/,
  },
  {
    name: '-o onto a device',
    files: { 'letters/l.yaml': letter('') },
    args: ['render', 'l', '-o', '/dev/null'],
    code: 2,
    stderr: /^letters: \/dev\/null is not a regular file — give -o a file name, or -o - to write the PDF to standard output\n$/,
  },
  {
    name: 'a letters folder that is a file',
    files: { 'notes.txt': 'x' },
    args: ['--dir', 'notes.txt', 'list'],
    code: 1,
    stderr: /the letters folder .*notes\.txt is not a folder — give --dir/,
  },
  {
    name: 'a bad SOURCE_DATE_EPOCH',
    files: { 'letters/l.yaml': letter('') },
    args: ['sign', 'l', '--org', 'A'],
    env: { SOURCE_DATE_EPOCH: 'yesterday' },
    code: 2,
    stderr: /SOURCE_DATE_EPOCH is not a number of seconds/,
  },
];

describe('bad input: one clear line, the right exit code, no file changed, no hang', () => {
  test.each(badInputs)('$name', async ({ files, args, code, stderr, env }) => {
    const cwd = testdir(files ?? {});
    if (files?.['letters/l.yaml']?.includes('Caf\xe9'))
      writeFileSync(path.join(cwd, 'letters/l.yaml'), Buffer.from('title: Caf\xe9\n', 'latin1'));
    const before = snapshot(cwd);
    const result = await runBin(args, { cwd, env: cleanEnv(env ?? {}) });
    expectCleanError(result, code, stderr);
    expect(result.stdout).toBe('');
    expect(snapshot(cwd)).toEqual(before);
  });

  test('LETTERS_DEBUG=1 adds the stack trace', async () => {
    const cwd = testdir();
    const r = await runBin(['render', 'nope'], { cwd, env: cleanEnv({ LETTERS_DEBUG: '1' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  test('a failed render keeps the old PDF and leaves no temporary file', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('signatories:\n  - name: Ok\n'), 'l.pdf': '%PDF-1.7 the previous PDF' });
    expect((await runBin(['render', 'l'], { cwd })).code).toBe(0);
    const good = readFileSync(path.join(cwd, 'l.pdf'));
    writeFileSync(path.join(cwd, 'letters/l.yaml'), letter('signatories:\n  - name: Ok\n  - name: 𓀀\n'));
    const r = await runBin(['render', 'l'], { cwd });
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(cwd, 'l.pdf')).equals(good)).toBe(true);
    expect(readdirSync(cwd).sort()).toEqual(['l.pdf', 'letters']);
  });

  test('the README quick start renders letters/example.yaml: text, order, bold titles, pages, metadata', async () => {
    const cwd = path.join(path.dirname(BIN), '..');
    const out = testdir();
    const r = await runBin(['render', 'example', '-o', path.join(out, 'example.pdf')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(path.join(out, 'example.pdf')));
    const { letter: parsed } = parseLetter(example, 'example.yaml');
    expect(pdf.pages).toHaveLength(2);
    expect(pdf.info).toMatchObject({
      Title: parsed.title,
      Subject: `Letter to ${parsed.recipient.name}, ${parsed.recipient.organization}`,
      Creator: expect.stringMatching(/^letters \d+\.\d+\.\d+$/),
    });
    const items = pdf.pages.flatMap((p) => p.items);
    for (const issue of parsed.issues) expect(items.find((i) => i.text === `${issue.title}.`)?.font).toBe('NotoSerif-Bold');
    const order = parsed.signatories.map((s) => pdf.text.indexOf(s.name!));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });

  test('a byte-order mark at the start of a letter file survives signing', async () => {
    const cwd = testdir();
    writeFileSync(path.join(cwd, 'l.yaml'), Buffer.from(`\ufeff${letter('signatories:\n  - name: A\n')}`, 'utf8'));
    const r = await runBin(['sign', 'l.yaml', '--name', 'B'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'l.yaml')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe('writes that lose nothing', () => {
  test('a lock left behind by a crashed sign is taken over, not waited on forever', async () => {
    const cwd = testdir({ 'letters/l.yaml': example });
    const lock = path.join(cwd, 'letters/l.yaml.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const r = await runBin(['sign', 'l', '--org', 'After A Crash'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  test('20 signs started at the same moment leave 20 signatories, a valid file and every comment', async () => {
    const cwd = testdir({ 'letters/l.yaml': example });
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
    expect(text.startsWith(example.trimEnd())).toBe(true);
    expect(readdirSync(path.join(cwd, 'letters'))).toEqual(['l.yaml']);
  });
});

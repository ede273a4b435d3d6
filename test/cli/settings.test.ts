import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { lockSettings } from '../../src/io/files/letter-files.js';
import { loadSettings } from '../../src/io/settings.js';
import { cleanEnv, expectCleanError, runInMemory, snapshot } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

const letter = 'title: T\nstatus: open\nrecipient:\n  name: R\n';
const read = (cwd: string, file: string): string => readFileSync(path.join(cwd, file), 'utf8');

describe('letters.config.yaml gives a project its defaults', () => {
  test('new writes lang, paper and template from it; a flag wins, then the environment', async () => {
    const cwd = testdir({ 'letters.config.yaml': '# our coalition\nlang: fr\npaper: a4\ntemplate: open-letter\n' });
    expect((await runInMemory(['new', 'a', '--title', 'A'], { cwd })).code).toBe(0);
    expect(read(cwd, 'letters/a.yaml')).toMatch(/^lang: fr +#/m);
    expect(read(cwd, 'letters/a.yaml')).toMatch(/^paper: a4 +#/m);
    expect(read(cwd, 'letters/a.yaml')).toMatch(/^template: open-letter +#/m);
    expect((await runInMemory(['new', 'b', '--title', 'B', '--to', 'R', '--lang', 'de', '--template', 'formal'], { cwd })).code).toBe(0);
    expect(read(cwd, 'letters/b.yaml')).toMatch(/^lang: de +#/m);
    expect(read(cwd, 'letters/b.yaml')).toMatch(/^template: formal +#/m);
    expect((await runInMemory(['new', 'c', '--title', 'C'], { cwd, env: cleanEnv({ LETTERS_PAPER: 'letter' }) })).code).toBe(0);
    expect(read(cwd, 'letters/c.yaml')).toMatch(/^paper: letter +#/m);
  });

  test('found from a subfolder, up to the repository root and no further', async () => {
    const cwd = testdir({
      'letters.config.yaml': 'dir: campaigns/2026\n',
      'campaigns/2026/l.yaml': letter,
      'repo/.git/HEAD': '',
      'repo/docs/x': '',
    });
    mkdirSync(path.join(cwd, 'sub/deeper'), { recursive: true });
    const below = await runInMemory(['list'], { cwd: path.join(cwd, 'sub/deeper') });
    expect(below.stdout).toMatch(/^l\s+open/m); // dir: is relative to the file, not to here
    expect((await loadSettings(path.join(cwd, 'repo/docs'), {}, {})).file).toBeUndefined(); // a repository of its own stops the walk
    const config = await runInMemory(['config'], { cwd: path.join(cwd, 'sub') });
    expect(config.stdout).toMatch(/^Settings file: \.\.\/letters\.config\.yaml$/m);
    expect(config.stdout).toMatch(/^dir +\/\S+\/campaigns\/2026 +\.\.\/letters\.config\.yaml:1$/m); // outside here: the whole path
  });

  test('import reads dates as date_order says, and lock_wait sets the wait for a lock', async () => {
    const cwd = testdir({
      'letters.config.yaml': 'date_order: dmy\nlock_wait: 2.5\n',
      'letters/l.yaml': letter,
      'rows.csv': 'Organization,Date\nAcme,01/02/2026\n',
    });
    const r = await runInMemory(['import', 'l', 'rows.csv', '--map', 'signed=Date'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(read(cwd, 'letters/l.yaml')).toContain('signed: 2026-02-01');
    const settings = await loadSettings(cwd, {}, {});
    expect(lockSettings({ env: {}, err: () => undefined, settings }, 'letters sign').waitMs).toBe(2500);
    expect(
      lockSettings(
        { env: { LETTERS_LOCK_WAIT: '1' }, err: () => undefined, settings: await loadSettings(cwd, { LETTERS_LOCK_WAIT: '1' }, {}) },
        'x',
      ).waitMs,
    ).toBe(1000);
  });

  test('from: gives send an address when the letter has none; intake: review holds imported rows for review', async () => {
    const cwd = testdir({
      'letters.config.yaml': 'from: "Water Coalition <coord@water.example>"\nintake: review\n',
      'letters/l.yaml': 'title: T\nstatus: closed\nrecipient:\n  name: R\n  email: r@gov.example\nsignatories: []\n',
      'rows.csv': 'Organization\nAcme\n',
    });
    const sent = await runInMemory(['send', 'l', '-o', '.'], { cwd });
    expect(sent.code, sent.stderr).toBe(0);
    const draft = readdirSync(cwd).find((f) => f.endsWith('.eml'))!;
    expect(read(cwd, draft)).toMatch(/^From: Water Coalition <coord@water\.example>\r$/m);
    writeFileSync(path.join(cwd, 'letters/l.yaml'), 'title: T\nstatus: open\nrecipient:\n  name: R\nsignatories: []\n');
    const imported = await runInMemory(['import', 'l', 'rows.csv'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    expect(read(cwd, 'letters/l.yaml')).toMatch(/^pending:\n {2}- organization: Acme/m);
    const refused = await runInMemory(['import', 'l', 'rows.csv', '--no-pending'], { cwd });
    expectCleanError(
      refused,
      2,
      /^letters: letters\.config\.yaml:2 says intake: review, so imported rows wait for review — .*change intake: in letters\.config\.yaml:2\n$/,
    );
    const bad = await runInMemory(['send', 'l', '-o', '.'], { cwd: testdir({ 'letters.config.yaml': 'from: nobody\n' }) });
    expectCleanError(bad, 2, /^letters: letters\.config\.yaml:1:7: "from" is not an address to send from: /);
  });

  test('letters config shows each value and where it comes from', async () => {
    const cwd = testdir({ 'letters.config.yaml': 'lang: fr\npaper: a4\n', 'letters/l.yaml': letter });
    const r = await runInMemory(['--dir', 'letters', 'config'], { cwd, env: cleanEnv({ LETTERS_PAPER: 'letter' }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'Settings file: letters.config.yaml',
      'KEY         VALUE                           FROM',
      'dir         letters                         --dir',
      'lang        fr                              letters.config.yaml:1',
      'paper       letter                          LETTERS_PAPER',
      'template    (formal)                        default',
      'intake      (direct)                        default',
      'from        (none: the letter must say)     default',
      'date_order  (from the sheet, or asked for)  default',
      'lock_wait   (30)                            default',
      '',
    ]);
  });
});

describe('a bad setting is one clear line, with its place, and changes nothing', () => {
  test.each([
    [
      'an unknown key, with the nearest',
      'lnag: fr\n',
      /^letters: letters\.config\.yaml:1:1: unknown setting "lnag" — did you mean "lang"\?\n$/,
    ],
    [
      'a secret',
      'lang: fr\nsmtp_password: hunter2\n',
      /^letters: letters\.config\.yaml:2:1: "smtp_password" looks like a secret, and letters\.config\.yaml is kept in git for everyone to read — set secrets in the environment instead/,
    ],
    ['a bad value', 'paper: legal\n', /^letters: letters\.config\.yaml:1:8: "paper" cannot be "legal" — use one of letter, a4\n$/],
    [
      'a bad language',
      'lang: not a tag\n',
      /^letters: letters\.config\.yaml:1:7: "lang" is not a language tag: not a tag — use a BCP 47 tag/,
    ],
    ['a boolean', 'template: true\n', /^letters: letters\.config\.yaml:1:11: "template" must be text, but YAML reads true as a boolean/],
    ['broken YAML', 'lang: [fr\n', /^letters: letters\.config\.yaml:\d+:\d+: YAML syntax error/],
    [
      'a list',
      '- lang: fr\n',
      /^letters: letters\.config\.yaml:1:1: letters\.config\.yaml holds a list, not settings — write one setting per line, like lang: fr\n$/,
    ],
  ])('%s', async (_name, settings, message) => {
    const cwd = testdir({ 'letters.config.yaml': settings, 'letters/l.yaml': letter });
    const before = snapshot(cwd);
    const r = await runInMemory(['sign', 'l', '--org', 'Acme'], { cwd });
    expectCleanError(r, 2, message);
    expect(snapshot(cwd)).toEqual(before);
  });

  test('every problem of the file at once', async () => {
    const cwd = testdir({ 'letters.config.yaml': 'lnag: fr\npaper: legal\n' });
    const r = await runInMemory(['config'], { cwd });
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  test('a bad value in the environment stops only the commands that use it', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter });
    const env = cleanEnv({ LETTERS_LANG: 'not a tag' });
    expect((await runInMemory(['list'], { cwd, env })).code).toBe(0);
    const r = await runInMemory(['new', 'x', '--title', 'T', '--to', 'R'], { cwd, env });
    expectCleanError(
      r,
      2,
      /^letters: LETTERS_LANG is not a language tag: not a tag — use a BCP 47 tag such as en, fr, de, es-MX, or unset LETTERS_LANG\n$/,
    );
    const config = await runInMemory(['config'], { cwd, env });
    expect(config.code).toBe(2);
    expect(config.stdout).toMatch(/^lang +not a tag +LETTERS_LANG$/m);
  });

  test('a template named in the settings that does not exist says where it was set', async () => {
    const cwd = testdir({ 'letters.config.yaml': 'template: ours\n' });
    const r = await runInMemory(['new', 'x', '--title', 'T', '--to', 'R'], { cwd });
    expectCleanError(
      r,
      1,
      /^letters: no template named "ours" \(the template set by letters\.config\.yaml:1\) — use one of: formal, open-letter/,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { JSON_SCHEMAS } from '../../src/json-schemas/schemas.js';
import { Output } from '../../src/io/terminal/output.js';
import { cleanEnv, fixtureLetter, runInMemory } from '../helpers/cli.js';
import { startSmtp } from '../helpers/smtp.js';
import { testdir } from '../helpers/testdir.js';

/**
 * The schemas as the tests hold them: every object that lists its properties may have no
 * other, so a field a command prints and the schema does not document fails here. (The
 * published schemas allow fields added later within a schemaVersion.)
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strict(v)]));
  if ('properties' in out && !('additionalProperties' in out)) out['unevaluatedProperties'] = false;
  return out;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map(Object.entries(JSON_SCHEMAS).map(([command, schema]) => [command, ajv.compile(strict(schema) as object)]));

/** Run in memory with --json: stdout must be exactly one JSON document, valid against its command's schema. */
async function json(args: string[], cwd: string, env = cleanEnv()) {
  const r = await runInMemory([...args, '--json'], { cwd, env });
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`letters ${args.join(' ')} --json printed no JSON document:\n${r.stdout}\n${r.stderr}`);
  }
  const command = doc['command'] as string;
  const validate = validators.get(command);
  expect(validate, `a schema for ${command}`).toBeDefined();
  expect(validate!(doc), `${command}: ${JSON.stringify(validate!.errors, null, 2)}\n${r.stdout}`).toBe(true);
  expect(doc['ok'], r.stderr).toBe(r.code === 0);
  return { ...r, doc };
}

const letter = (extra = ''): string => `title: T\nstatus: open\nrecipient:\n  name: R\n${extra}`;
const csv = 'Organization,Name,Email\nAcme,Jo Roe,jo@example.org\nBeta,Ann Lee,ann@example.org\n';

test('every command has --json and a schema; every schema is a command', () => {
  const program = buildProgram({
    argv: [],
    cwd: '/',
    env: {},
    stdin: {},
    stdout: { write: () => true },
    stderr: { write: () => true },
    version: '0',
  });
  const commands = program.createHelp().visibleCommands(program);
  for (const c of commands)
    expect(
      c.options.some((o) => o.long === '--json'),
      `${c.name()} --json`,
    ).toBe(true);
  expect(commands.map((c) => c.name()).sort()).toEqual(Object.keys(JSON_SCHEMAS).sort());
});

describe('each command prints one document its schema describes, when it works and when it fails', () => {
  test('new, sign, unsign, open, close', async () => {
    const cwd = testdir();
    const created = await json(['new', 'l', '--title', 'T', '--to', 'R'], cwd);
    expect(created.doc).toMatchObject({ command: 'new', ok: true, letter: 'letters/l.yaml', slug: 'l', replaced: false });
    const missing = await json(['new', 'm'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.doc['diagnostics']).toEqual([
      expect.objectContaining({ severity: 'error', code: 'missing-input', message: 'missing --title' }),
    ]);
    expect((await json(['open', 'l', '--deadline', '2026-03-15'], cwd)).doc).toMatchObject({
      status: 'open',
      was: 'draft',
      deadline: '2026-03-15',
    });
    const signed = await json(['sign', 'l', '--org', 'Acme', '--name', 'Jo Roe'], cwd);
    expect(signed.doc).toMatchObject({
      action: 'signed',
      index: 1,
      count: 1,
      signatory: { organization: 'Acme', name: 'Jo Roe', signed: '2026-03-02' },
    });
    const again = await json(['sign', 'l', '--org', 'ACME'], cwd);
    expect(again.code).toBe(1);
    expect(again.doc['diagnostics']).toEqual([expect.objectContaining({ code: 'duplicate' })]);
    expect((await json(['sign', 'l', '--org', 'Acme', '--update', '--title', 'Director'], cwd)).doc).toMatchObject({ action: 'updated' });
    expect((await json(['sign', 'l', '--org', 'Acme', '--reconfirm'], cwd)).doc).toMatchObject({ action: 'unchanged' });
    expect((await json(['unsign', 'l', '--org', 'Acme', '--reason', 'board'], cwd)).doc).toMatchObject({
      action: 'withdrawn',
      withdrawn: '2026-03-02',
      reason: 'board',
      count: 0,
    });
    expect((await json(['close', 'l'], cwd)).doc).toMatchObject({ status: 'closed', was: 'open', count: 0 });
  });

  test('status, list, check, templates, diff', async () => {
    const cwd = testdir({ 'letters/w.yaml': fixtureLetter(), 'letters/bad.yaml': 'title: T\nrecipient:\n  nme: R\n' });
    expect((await json(['status', 'w'], cwd)).doc).toMatchObject({ letter: 'letters/w.yaml', signatories: 7 });
    const listed = await json(['list'], cwd);
    expect(listed.code).toBe(1);
    expect(listed.doc['letters']).toEqual([
      expect.objectContaining({ slug: 'bad', status: 'invalid' }),
      expect.objectContaining({ slug: 'w', status: 'open' }),
    ]);
    const checked = await json(['check'], cwd);
    expect(checked.code).toBe(1);
    expect(checked.doc['letters']).toEqual([
      expect.objectContaining({ letter: 'letters/bad.yaml', ok: false, errors: 2 }),
      expect.objectContaining({ letter: 'letters/w.yaml', ok: true, errors: 0 }),
    ]);
    expect(checked.doc['diagnostics']).toContainEqual({
      severity: 'error',
      file: 'letters/bad.yaml',
      line: 3,
      column: 3,
      field: 'recipient.nme',
      code: 'invalid-letter',
      message: 'unknown field "nme" in recipient',
      hint: 'did you mean "name"?',
    });
    expect((await json(['templates'], cwd)).doc['templates']).toContainEqual(
      expect.objectContaining({ name: 'formal', source: 'shipped' }),
    );
    const current = (await json(['status', 'w'], cwd)).doc['text'] as string;
    expect((await json(['diff', 'w', '--since', current], cwd)).doc).toMatchObject({ changed: false, commit: null, patch: null });
    expect((await json(['diff', 'w', '--since', 'abcdef12'], cwd)).doc['diagnostics']).toEqual([
      expect.objectContaining({ code: 'no-history' }),
    ]);
  });

  test('a letter with translations: new --translations, translate, status, render --all-langs, diff --lang', async () => {
    const cwd = testdir();
    execFileSync('git', ['init', '-q'], { cwd });
    const made = await json(['new', 'w', '--title', 'T', '--to', 'R', '--translations', 'fr', '--signoff', 'Yours,'], cwd);
    expect(made.doc['translations']).toEqual([{ lang: 'fr', file: 'letters/w.fr.yaml' }]);
    const todo = await json(['translate', 'w', '--lang', 'fr'], cwd);
    expect(todo.doc).toMatchObject({ action: 'described', state: 'unmarked', file: 'letters/w.fr.yaml' });
    expect((todo.doc['todo'] as unknown[]).length).toBeGreaterThan(0);
    const refused = await json(['translate', 'w', '--lang', 'fr', '--done'], cwd);
    expect(refused.code).toBe(1);
    writeFileSync(
      path.join(cwd, 'letters/w.fr.yaml'),
      'title: T\nsalutation: Cher R,\nintro: Bonjour.\nissues:\n  - title: Un\n    body: Premier.\nclosing: Merci.\nsignoff: Bien à vous,\n',
    );
    const text = readFileSync(path.join(cwd, 'letters/w.yaml'), 'utf8');
    expect(text).toMatch(/^intro: /m);
    const done = await json(['translate', 'w', '--lang', 'fr', '--done'], cwd);
    expect(done.doc, done.stderr).toMatchObject({ action: 'marked', state: 'current' });
    expect((await json(['translate', 'w', '--lang', 'fr', '--done'], cwd)).doc).toMatchObject({ action: 'unchanged' });
    const status = await json(['status', 'w'], cwd);
    expect((status.doc['languages'] as { lang: string; state: string }[]).map((l) => `${l.lang} ${l.state}`)).toEqual([
      'en letter',
      'fr current',
    ]);
    mkdirSync(path.join(cwd, 'out'));
    const all = await json(['render', 'w', '--all-langs', '-o', 'out/', '--format', 'txt'], cwd);
    expect(all.doc['languages']).toEqual([
      { lang: 'en', files: ['out/w.txt'] },
      { lang: 'fr', files: ['out/w.fr.txt'] },
    ]);
    expect((await json(['render', 'w', '--bilingual', 'en,fr', '--format', 'md'], cwd)).doc['languages']).toEqual([
      { lang: 'en,fr', files: ['w.en-fr.md'] },
    ]);
    const diff = await json(['diff', 'w', '--lang', 'fr'], cwd);
    expect(diff.doc).toMatchObject({ changed: false, lang: 'en' });
  });

  test('import: the plan, written or refused', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter(), 'r.csv': csv, 'bad.csv': 'Organization,Email\nAcme,not-an-address\n' });
    const dry = await json(['import', 'l', 'r.csv', '--dry-run'], cwd);
    expect(dry.doc).toMatchObject({
      written: false,
      add: [expect.objectContaining({ row: 2, line: 2 }), expect.objectContaining({ row: 3, line: 3 })],
    });
    expect((await json(['import', 'l', 'r.csv'], cwd)).doc).toMatchObject({ written: true });
    const bad = await json(['import', 'l', 'bad.csv'], cwd);
    expect(bad.code).toBe(1);
    expect(bad.doc['diagnostics']).toContainEqual(expect.objectContaining({ file: 'bad.csv', line: 2, column: 6, code: 'invalid-rows' }));
  });

  test('import --update: a review sheet taken back, written or refused at its cells; list and status count the queue', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter(), 'r.csv': csv });
    expect((await runInMemory(['import', 'l', 'r.csv', '--pending'], { cwd })).code).toBe(0);
    expect((await runInMemory(['export', 'l', '--pending', '-o', 'review.csv'], { cwd })).code).toBe(0);
    const sheet = readFileSync(path.join(cwd, 'review.csv'), 'utf8').split('\r\n');
    writeFileSync(path.join(cwd, 'bad.csv'), [sheet[0], `maybe${sheet[1]}`, ''].join('\r\n'));
    writeFileSync(path.join(cwd, 'review.csv'), [sheet[0], `approve${sheet[1]}`, `reject,a test${sheet[2]!.slice(1)}`, ''].join('\r\n'));
    const bad = await json(['import', 'l', 'bad.csv', '--update'], cwd);
    expect(bad.code).toBe(1);
    expect(bad.doc['diagnostics']).toContainEqual(expect.objectContaining({ file: 'bad.csv', line: 2, column: 1, code: 'invalid-rows' }));
    const done = await json(['import', 'l', 'review.csv', '--update'], cwd);
    expect(done.doc).toMatchObject({
      written: true,
      approve: [{ row: 2, who: 'Acme (Jo Roe)', changes: [] }],
      reject: [{ row: 3, who: 'Beta (Ann Lee)', reason: 'a test' }],
      notInSheet: 0,
    });
    expect((await json(['list'], cwd)).doc['letters']).toEqual([expect.objectContaining({ slug: 'l', signatories: 1, pending: 0 })]);
    expect((await json(['status', 'l'], cwd)).doc['counts']).toEqual({ signed: 1, pending: 0, rejected: 1, withdrawn: 0 });
  });

  test('export: to stdout, and to a file that holds the same document', async () => {
    const cwd = testdir({ 'letters/w.yaml': fixtureLetter() });
    const out = await json(['export', 'w'], cwd);
    expect(out.doc).toMatchObject({ private: false, count: 7, output: null });
    expect(out.doc['signatories']).toHaveLength(7);
    const file = await json(['export', 'w', '-o', 'w.json'], cwd);
    expect(file.doc).toMatchObject({ output: 'w.json', count: 7 });
    expect(file.doc['signatories']).toBeUndefined();
    const saved = JSON.parse(readFileSync(path.join(cwd, 'w.json'), 'utf8'));
    expect(validators.get('export')!(saved)).toBe(true);
    expect(saved.signatories).toEqual(out.doc['signatories']);
    expect((await json(['export', 'w', '-o', 'w.json'], cwd)).code).toBe(0); // an earlier JSON export is replaced
  });

  test('render: one letter, --all, a mail merge, and a refusal', async () => {
    const cwd = testdir({ 'letters/l.yaml': letter('signatories:\n  - organization: Acme\n'), 'people.csv': 'Name\nJane Doe\nJo Roe\n' });
    expect((await json(['render', 'l', '--format', 'md'], cwd)).doc).toMatchObject({
      letter: 'letters/l.yaml',
      format: 'md',
      files: ['l.md'],
      signatories: 1,
    });
    expect((await json(['render', '--all', '--format', 'txt'], cwd)).doc).toMatchObject({
      format: 'txt',
      folder: '.',
      letters: [{ slug: 'l', ok: true, files: ['l.txt'] }],
    });
    const merged = await json(['render', 'l', '--recipients', 'people.csv', '--format', 'md', '-o', '.'], cwd);
    expect(merged.doc).toMatchObject({ combined: false, recipients: 2, files: ['l-jane-doe.md', 'l-jo-roe.md'] });
    const refused = await json(['render', 'l', '-o', '-'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.doc['diagnostics']).toEqual([
      expect.objectContaining({ code: 'usage', message: '--json and -o - both want standard output' }),
    ]);
  });

  test('merge-driver and init-git', async () => {
    const cwd = testdir({
      'base.yaml': letter('signatories: []\n'),
      'ours.yaml': letter('signatories:\n  - organization: A\n'),
      'theirs.yaml': letter('signatories:\n  - organization: B\n'),
    });
    expect((await json(['merge-driver', 'base.yaml', 'ours.yaml', 'theirs.yaml', 'letters/l.yaml'], cwd)).doc).toMatchObject({
      file: 'letters/l.yaml',
      merged: true,
    });
    expect(readFileSync(path.join(cwd, 'ours.yaml'), 'utf8')).toMatch(/organization: A\n {2}- organization: B/);
    execFileSync('git', ['init', '-q', cwd]);
    const init = await json(['init-git'], cwd);
    expect(init.doc).toMatchObject({ gitattributes: 'letters/*.yaml merge=letters', added: true });
    const outside = testdir();
    expect((await json(['init-git'], outside)).doc['diagnostics']).toEqual([expect.objectContaining({ code: 'not-found' })]);
  });

  test('config, completion, help; and a command line refused before any command runs', async () => {
    const cwd = testdir({ 'letters.config.yaml': 'lang: fr\n' });
    expect((await json(['config'], cwd)).doc['settings']).toContainEqual(
      expect.objectContaining({ key: 'lang', value: 'fr', source: 'file', from: 'letters.config.yaml:1' }),
    );
    expect((await json(['completion', 'fish'], cwd)).doc).toMatchObject({ shell: 'fish' });
    expect((await json(['help', 'exit-codes'], cwd)).doc['tables']).toHaveLength(2);
    expect((await json(['help'], cwd)).doc['topics']).toHaveLength(4);
    expect((await json(['help', 'sign'], cwd)).doc['help']).toMatch(/^Usage: letters sign/);
    const unknown = await json(['sign', 'l', '--bogus'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.doc).toMatchObject({ command: 'sign', ok: false, diagnostics: [expect.objectContaining({ code: 'usage' })] });
  });
});

describe('the commands that deliver, publish and review', () => {
  const DELIVERY = `title: Water
status: closed
from: "Coalition <coord@example.org>"
recipient:
  name: Minister Roe
  email: roe@gov.example
intro: |
  We ask you to publish the criteria.
invited:
  - organization: Amnesty International
    email: ai@example.org
signatories:
  - organization: Human Rights Watch
    name: Jane Roe
    email: jane@hrw.example
    text: TEXT
pending:
  - organization: New Org
    email: new@example.org
`;

  test('send, notify and remind: drafts, and messages through a real SMTP server', async () => {
    const cwd = testdir({
      'letters/w.yaml': DELIVERY.replace('text: TEXT', 'text: 00000000'),
      'told.txt': 'Subject: Sent\n\nThe letter went out.\n',
    });
    const text = (await json(['status', 'w'], cwd)).doc['text'] as string;
    writeFileSync(path.join(cwd, 'letters/w.yaml'), DELIVERY.replace('TEXT', text));
    const review = await json(['review', 'w'], cwd);
    expect(review.doc).toMatchObject({ approved: [], pending: [expect.objectContaining({ organization: 'New Org', line: 18 })] });
    expect((await json(['review', 'w', '--reject', 'New Org', '--reason', 'a test'], cwd)).doc).toMatchObject({
      rejected: ['New Org'],
      pending: [],
    });
    const drafts = await json(['send', 'w', '-o', '.'], cwd);
    expect(drafts.doc).toMatchObject({ channel: 'eml', sent: 0, messages: [], files: [expect.stringMatching(/\.eml$/)] });
    expect((await json(['notify', 'w', '-o', '.', '--message', 'told.txt'], cwd)).doc).toMatchObject({ channel: 'eml' });
    expect((await json(['remind', 'w', '-o', '.'], cwd)).doc).toMatchObject({ channel: 'eml' });
    const server = await startSmtp();
    try {
      const sent = await json(['send', 'w', '--smtp', '--yes'], cwd, cleanEnv({ LETTERS_SMTP_URL: server.url }));
      expect(sent.doc).toMatchObject({
        channel: 'smtp',
        sent: 1,
        messages: [expect.objectContaining({ to: ['Minister Roe <roe@gov.example>'], state: 'accepted', response: '250 OK: queued as 1' })],
      });
      server.refuse.add('jane@hrw.example');
      const refused = await json(
        ['notify', 'w', '--message', 'told.txt', '--smtp', '--yes'],
        cwd,
        cleanEnv({ LETTERS_SMTP_URL: server.url }),
      );
      expect(refused.code).toBe(1);
      expect(refused.doc['messages']).toEqual([
        expect.objectContaining({ to: [expect.stringContaining('jane@hrw.example')], state: 'rejected' }),
      ]);
      expect(refused.doc['diagnostics']).toContainEqual(expect.objectContaining({ severity: 'error', code: 'mail' }));
    } finally {
      await server.close();
    }
  });

  test('publish', async () => {
    const cwd = testdir({ 'letters/w.yaml': 'title: W\nrecipient:\n  name: R\nsignatories:\n  - organization: Acme\n' });
    expect((await json(['publish', 'w', '-o', 'site'], cwd)).doc).toMatchObject({
      folder: 'site',
      files: expect.arrayContaining(['index.html', 'counts.json']),
    });
  });
});

test('with --json stdout holds the document only: reports, tables and prompts stay out', async () => {
  const cwd = testdir({ 'letters/w.yaml': fixtureLetter() });
  for (const args of [['status', 'w'], ['list'], ['sign', 'w', '--org', 'Zeta']]) {
    const r = await runInMemory([...args, '--json'], { cwd, tty: true });
    expect(() => JSON.parse(r.stdout), r.stdout).not.toThrow();
  }
});

test('an Output collects warnings as diagnostics and, with --quiet, prints none', () => {
  let stdout = '';
  let stderr = '';
  const output = new Output({ stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {} });
  output.configure({ command: 'check', json: true, quiet: true });
  output.problem({ severity: 'warning', message: 'w', hint: 'h', location: { file: 'f', line: 2, col: 3 } });
  output.finish();
  expect(stderr).toBe('');
  expect(JSON.parse(stdout).diagnostics).toEqual([
    { severity: 'warning', file: 'f', line: 2, column: 3, field: null, code: 'warning', message: 'w', hint: 'h' },
  ]);
});

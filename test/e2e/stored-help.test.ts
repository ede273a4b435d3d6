// The help pages the build stores (dist/help/): each is what the command table prints, the binary prints them without loading the table, and any other width or command line goes to the program.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { type GlobalFlag, STORED_HELP_WIDTH, storedHelpPage as pageFor } from '../../src/cli/stored-help.js';
import { staticClosure } from '../helpers/bundle.js';
import { BIN, cleanEnv, ROOT, runBin, runInMemory } from '../helpers/cli.js';

const HELP = path.join(ROOT, 'dist', 'help');

/** The stored pages, by name (letters.txt is the program's own). */
function storedPages(): Map<string, string> {
  expect(existsSync(HELP), 'dist/help: run `npm test`, which builds first').toBe(true);
  const pages = readdirSync(HELP).filter((f) => f.endsWith('.txt'));
  return new Map(pages.map((f) => [f.replace(/\.txt$/, ''), readFileSync(path.join(HELP, f), 'utf8')]));
}

test('every stored page is what the command table prints for it, and every command has one', async () => {
  const pages = storedPages();
  const program = await runInMemory(['--help'], { cwd: ROOT });
  expect(program.code).toBe(0);
  expect(pages.get('letters')).toBe(program.stdout);
  // The program's page lists the commands; each has its page, equal to the table's.
  const listed = [...program.stdout.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]!);
  expect(listed.length).toBeGreaterThan(20);
  for (const name of listed) expect(pages.has(name), name).toBe(true);
  for (const [name, text] of pages) {
    if (name === 'letters') continue;
    const own = await runInMemory([name, '--help'], { cwd: ROOT });
    expect(own.code, name).toBe(0);
    expect(text, name).toBe(own.stdout);
    expect(text, name).toMatch(new RegExp(`^Usage: letters ${name} `));
  }
});

test('the binary prints the stored page for --help, -h and <command> --help, the same as the program', async () => {
  const pages = storedPages();
  for (const args of [['--help'], ['-h'], ['sign', '--help'], ['render', '-h'], ['help', '--help']]) {
    const r = await runBin(args, { cwd: ROOT });
    expect(r.code, args.join(' ')).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout, args.join(' ')).toBe(pages.get(args.length === 1 ? 'letters' : args[0]!));
  }
  // Not a stored page: an unknown command, global flags before --help, `letters` alone.
  const unknown = await runBin(['nosuch', '--help'], { cwd: ROOT });
  const inMemory = await runInMemory(['nosuch', '--help'], { cwd: ROOT });
  expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([inMemory.code, inMemory.stdout, inMemory.stderr]);
  // After global flags that cannot fail, the same pages; after one that can, the program's answer.
  for (const args of [
    ['-q', '--help'],
    ['--dir', 'elsewhere', '--no-input', 'sign', '--help'],
    ['--color', 'never', '-d', 'x', '-h'],
    ['--color', 'purple', '--help'],
    ['--dir', '--help'],
    ['-V', '--help'],
    ['--verbose', 'nosuch', '--help'],
  ]) {
    const bin = await runBin(args, { cwd: ROOT });
    const own = await runInMemory(args, { cwd: ROOT });
    expect([bin.code, bin.stdout, bin.stderr], args.join(' ')).toEqual([own.code, own.stdout, own.stderr]);
  }
  const stored = await runBin(['--dir', 'elsewhere', '--no-input', 'sign', '--help'], { cwd: ROOT });
  expect(stored.stdout).toBe(pages.get('sign'));
  const bare = await runBin([], { cwd: ROOT });
  expect(bare.code).toBe(2);
  expect(bare.stderr).toBe(pages.get('letters')!.split('\nExamples:')[0]);
});

test('the stored global flags are those of the table, but --version and --help', () => {
  const globals = JSON.parse(readFileSync(path.join(HELP, 'global-flags.json'), 'utf8')) as GlobalFlag[];
  expect(globals.map((g) => g.names.join(' '))).toEqual(['-d --dir', '--no-input', '-q --quiet', '--verbose', '--color']);
  expect(globals.find((g) => g.names.includes('--color'))?.choices).toEqual(['auto', 'always', 'never']);
});

test('which command lines a stored page answers', () => {
  const w = STORED_HELP_WIDTH;
  const globals = (): GlobalFlag[] => [
    { names: ['-d', '--dir'], value: true },
    { names: ['-q'], value: false },
    { names: ['--color'], value: true, choices: ['auto', 'never'] },
  ];
  const storedHelpPage = (argv: string[], width: number): string | undefined => pageFor(argv, width, globals);
  expect(storedHelpPage(['-d', 'x', '-q', '--help'], w)).toBe('letters');
  expect(storedHelpPage(['--color', 'never', 'sign', '-h'], w)).toBe('sign');
  for (const argv of [
    ['--color', 'red', '--help'],
    ['-d', '--help'],
    ['-d', '-q', '--help'],
    ['--other', '--help'],
    ['-qd', 'x', '--help'],
  ]) {
    expect(storedHelpPage(argv, w), argv.join(' ')).toBeUndefined();
  }
  expect(storedHelpPage(['--help'], w)).toBe('letters');
  expect(storedHelpPage(['-h'], w)).toBe('letters');
  expect(storedHelpPage(['sign', '--help'], w)).toBe('sign');
  expect(storedHelpPage(['merge-driver', '-h'], w)).toBe('merge-driver');
  // Another width (a terminal's columns): the program wraps the page itself.
  expect(storedHelpPage(['--help'], 120)).toBeUndefined();
  for (const argv of [
    [],
    ['sign'],
    ['--quiet', '--help'],
    ['sign', 'x', '--help'],
    ['../x', '--help'],
    ['letters', '--help'],
    ['Sign', '--help'],
  ]) {
    expect(storedHelpPage(argv, w), argv.join(' ')).toBeUndefined();
  }
});

/** `letters --help` on a terminal `columns` wide (script(1) gives it one), as the terminal shows it. */
function onTerminal(columns: number): string {
  const r = spawnSync('script', ['-qec', `stty cols ${columns} rows 50; "${process.execPath}" "${BIN}" --help`, '/dev/null'], {
    env: cleanEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\r\n/g, '\n');
}

test.skipIf(spawnSync('script', ['--version']).status !== 0)(
  'on a terminal the page is wrapped to its width: stored at 80 columns, made by the program at any other',
  () => {
    const stored = storedPages().get('letters')!;
    expect(onTerminal(80)).toBe(stored);
    const wide = onTerminal(120);
    expect(wide).not.toBe(stored);
    expect(wide).toContain('\nDraft, sign and render joint letters (coalition and sign-on letters) as PDF, HTML, Markdown or text.\n');
  },
);

test('the entry the binary starts from loads neither commander nor the command table (a stored page is all --help needs)', () => {
  const loaded = [...staticClosure(path.join(ROOT, 'dist', 'start.js')).values()].join('\n');
  expect(loaded).toContain('src/start.ts'); // the check can see the modules bundled
  for (const heavy of ['node_modules/commander/', 'src/cli.ts', 'src/main.ts', 'src/errors.ts', 'src/io/package-root.ts']) {
    expect(loaded, heavy).not.toContain(heavy);
  }
  expect(readFileSync(BIN, 'utf8')).toContain("import('../dist/start.js')");
});

import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIN, ROOT, cleanEnv, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/** A folder with a `letters` command on PATH (the real binary), and a project to complete in. */
function project(): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = testdir({
    'letters/visit-2026.yaml': 'title: T\nrecipient:\n  name: R\n',
    'letters/water.yaml': 'title: W\nrecipient:\n  name: R\n',
    'templates/ours.hbs': '{{!-- ours: our own --}}<p>{{title}}</p>\n',
    'responses.csv': 'Organization\nAcme\n',
  });
  const bin = path.join(cwd, '.bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(path.join(bin, 'letters'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(path.join(bin, 'letters'), 0o755);
  return { cwd, env: cleanEnv({ PATH: `${bin}:${process.env['PATH']}` }) };
}

/**
 * What bash offers for each line (the cursor at its end), through the function the script
 * registers: COMP_WORDS split as bash splits them, at blanks and at = and : (COMP_WORDBREAKS).
 */
function bashOffers(lines: string[], { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }): { registered: string; offers: string[][] } {
  const script = [
    'set -e',
    'source <(letters completion bash)',
    'complete -p letters',
    `source '${path.join(ROOT, 'test/fixtures/completion/offer.bash')}'`,
    ...lines.map((l) => `offer ${JSON.stringify(l)}`),
  ].join('\n');
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], { cwd, env, encoding: 'utf8' });
  const [registered, ...rest] = out.trimEnd().split('\n');
  return {
    registered: registered!,
    offers: rest.map((l) =>
      l
        .replace(/^--- ?/, '')
        .split(' ')
        .filter((w) => w !== ''),
    ),
  };
}

describe('bash', () => {
  test('the script registers a completion for letters, and offers commands, flags, slugs, templates, formats and --map fields', () => {
    const p = project();
    const { registered, offers } = bashOffers(
      [
        'letters s',
        'letters sign ',
        'letters sign v',
        'letters sign visit-2026 --up',
        'letters render visit-2026 --format ',
        'letters render visit-2026 --format=p',
        'letters render water --template ',
        'letters import water responses.csv --map or',
        'letters import water ',
        'letters --color a',
        'letters help e',
        'letters completion ',
        'letters -d letters check w',
      ],
      p,
    );
    expect(registered).toBe('complete -F _letters_complete letters');
    expect(offers).toEqual([
      ['sign', 'send', 'status'],
      ['visit-2026', 'water'],
      ['visit-2026'],
      ['--update'],
      ['pdf', 'html', 'md', 'txt', 'png'],
      ['pdf', 'png'], // bash holds "p" after the =: only the rest of the word is offered
      ['formal', 'open-letter', 'ours'],
      ['organization='],
      [], // a file: bash completes file names itself
      ['auto', 'always'],
      ['exit-codes', 'environment', 'export'],
      ['bash', 'zsh', 'fish', 'powershell'],
      ['water'],
    ]);
  });

  test('the script is valid bash, and compgen completes file names where letters leaves them to the shell', () => {
    const p = project();
    const script = execFileSync('bash', ['-c', 'letters completion bash'], { ...p, encoding: 'utf8' });
    execFileSync('bash', ['-n'], { input: script });
    expect(execFileSync('bash', ['-c', 'compgen -f -- resp'], { ...p, encoding: 'utf8' }).trim()).toBe('responses.csv');
  });
});

describe('__complete, the answers every script prints', () => {
  const ask = async (line: string, cwd: string): Promise<string[]> =>
    (await runInMemory(['__complete', '--line', line], { cwd })).stdout.trimEnd().split('\n');

  test('the word, the candidates, then what the shell should do', async () => {
    const { cwd } = project();
    expect(await ask('letters sign ', cwd)).toEqual(['>', 'visit-2026', 'water', ':words']);
    expect(await ask('letters import water ', cwd)).toEqual(['>', ':files']);
    expect(await ask('letters import water r.csv --map name', cwd)).toEqual(['>name', 'name=', ':nospace']);
    expect(await ask('letters --dir ', cwd)).toEqual(['>', ':dirs']);
    expect(await ask('letters render "visit-2026" -o ', cwd)).toEqual(['>', ':files']);
  });

  test('quotes and escapes are read as a shell reads them; a flag value is not taken for a command', async () => {
    const { cwd } = project();
    expect(await ask(`letters sign 'wat`, cwd)).toEqual(['>wat', 'water', ':words']);
    expect(await ask('letters --dir letters sign w', cwd)).toEqual(['>w', 'water', ':words']);
    expect(await ask('letters sign water --org "Human Rights Watch" --na', cwd)).toEqual(['>--na', '--name', ':words']);
    expect(await ask('letters sign water -- --', cwd)).toEqual(['>--', ':words']);
  });

  test('without a letters folder, or with a broken settings file, there is nothing to offer and nothing printed on stderr', async () => {
    const cwd = testdir({ 'letters.config.yaml': 'nonsense: [\n' });
    const r = await runInMemory(['__complete', '--line', 'letters sign '], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('>\n:words\n');
    expect(r.stderr).toBe('');
  });

  test('the other shells: each script asks __complete, and registers itself for letters', async () => {
    const { cwd } = project();
    const script = async (shell: string): Promise<string> => (await runInMemory(['completion', shell], { cwd })).stdout;
    expect(await script('zsh')).toMatch(
      /^#compdef letters\n[\s\S]*letters __complete --line "\$\{BUFFER\[1,CURSOR\]\}"[\s\S]*compdef _letters letters/,
    );
    expect(await script('fish')).toMatch(
      /letters __complete --line \(commandline -cp\)[\s\S]*complete -c letters -f -a '\(__letters_complete\)'/,
    );
    expect(await script('powershell')).toMatch(
      /Register-ArgumentCompleter -Native -CommandName letters[\s\S]*letters __complete --line "\$line"/,
    );
    const r = await runInMemory(['completion', 'tcsh'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('letters: no completion for "tcsh" — choose one of bash, zsh, fish, powershell\n');
  });
});

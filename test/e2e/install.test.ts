import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { PACKAGE_NAME } from '../../src/io/package-root.js';
import { cleanEnv, ROOT } from '../helpers/cli.js';
import { localRegistry } from '../helpers/local-registry.js';
import { readPdf } from '../helpers/pdf.js';
import { testdir } from '../helpers/testdir.js';

/** npm as the running Node ships it (beside the node binary), or the one on PATH. */
function npmCommand(): string[] {
  const beside = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return existsSync(beside) ? [process.execPath, beside] : ['npm'];
}

/**
 * Run npm without blocking this process: the registry npm talks to is served from here.
 * Output is read whole; a run that takes more than ten minutes is stopped.
 */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const [cmd, ...pre] = npmCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, [...pre, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const outChunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => void outChunks.push(c));
    child.stderr.on('data', (c: Buffer) => void errChunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const out = Buffer.concat(outChunks).toString('utf8');
      const err = Buffer.concat(errChunks).toString('utf8');
      if (code === 0) resolve(out);
      else reject(new Error(`npm ${args.join(' ')} failed (${code}):\n${out}\n${err}\n${lastLog(env)}`));
    });
  });
}

/** The end of npm's newest debug log in the cache folder `env` names, to say why an install failed. */
function lastLog(env: NodeJS.ProcessEnv): string {
  const logs = path.join(env['npm_config_cache'] ?? '', '_logs');
  if (!env['npm_config_cache'] || !existsSync(logs)) return '';
  const newest = readdirSync(logs).sort().at(-1);
  return newest === undefined ? '' : readFileSync(path.join(logs, newest), 'utf8').split('\n').slice(-40).join('\n');
}

/** Bytes of every file under a folder, as `du -sb` counts them (links not followed). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

const MB = 1_000_000;

/**
 * The package as a user gets it: packed as `npm pack` packs it (its `files`, the shrinkwrap
 * that prepack adds), served by a registry on 127.0.0.1 that knows only the lock's packages,
 * their tarballs taken from npm's cache, then `npm install -g coalition-letters` into an empty
 * prefix and `npx coalition-letters` in an empty folder, with no network.
 */
test('the packed package installs with npm install -g into an empty prefix, offline, and letters new, sign and render work there', {
  timeout: 900_000,
}, async () => {
  const work = testdir();
  const env = cleanEnv({ npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' });
  delete env['NO_COLOR'];

  // Pack: the files `npm pack` takes from this checkout (dist/ is built by the tests' global setup), staged with the shrinkwrap.
  const stage = path.join(work, 'stage');
  const listed = JSON.parse(await npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT, env)) as [{ files: { path: string }[] }];
  for (const { path: file } of listed[0].files) {
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    writeFileSync(path.join(stage, file), readFileSync(path.join(ROOT, file)));
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'shrinkwrap.mjs'), `--into=${stage}`]);
  const packed = JSON.parse(await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage, env)) as [
    { filename: string; size: number; unpackedSize: number; files: { path: string }[] },
  ];
  const files = packed[0].files.map((f) => f.path);
  expect(files).toContain('npm-shrinkwrap.json');
  expect(files).toContain('bin/letters.js');
  expect(files).toContain('man/letters.1');
  expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('bench/'))).toEqual([]);
  const manifest = JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest['name']).toBe(PACKAGE_NAME);
  expect(manifest['private']).toBeUndefined();

  // npm's cache as `npm ci` left it is where the registry takes every dependency's tarball from; npm itself gets a cache of its own.
  const npmCache = (await npm(['config', 'get', 'cache'], ROOT, env)).trim();
  const cache = path.join(work, 'cache');

  const registry = await localRegistry(
    path.join(ROOT, 'package-lock.json'),
    { manifest, tarball: path.join(work, packed[0].filename) },
    npmCache,
  );
  try {
    const prefix = path.join(work, 'prefix');
    const offline = { ...env, npm_config_registry: registry.url, npm_config_cache: cache };
    await npm(['install', '--global', '--prefix', prefix, PACKAGE_NAME], work, offline).catch((e: Error) => {
      throw new Error(`${e.message}\nnot in npm's cache: ${registry.missing.join(' ')}`);
    });
    const downloaded = registry.served();

    const installed = path.join(prefix, 'lib', 'node_modules', PACKAGE_NAME);
    const modules = readdirSync(path.join(installed, 'node_modules'));
    for (const dev of ['vitest', 'typescript', '@biomejs', 'esbuild', 'playwright-core', 'ajv', 'dependency-cruiser'])
      expect(modules).not.toContain(dev);
    expect(existsSync(path.join(prefix, 'share', 'man', 'man1', 'letters.1'))).toBe(true);

    const letters = path.join(prefix, 'bin', 'letters');
    const project = path.join(work, 'project');
    mkdirSync(project);
    const run = (args: string[], cwd = project): string =>
      execFileSync(letters, args, { cwd, env: { ...env, PATH: `${path.join(prefix, 'bin')}:${env['PATH']}` }, encoding: 'utf8' });
    expect(run(['--version']).trim()).toBe(manifest['version']);
    run(['new', 'visit-2026', '--title', 'Visit 2026', '--to', 'Secretary Jane Doe']);
    run(['sign', 'visit-2026', '--org', 'Fundacja Praw Rolników', '--name', 'Katarzyna Wiśniewska']);
    run(['sign', 'visit-2026', '--name', '秋山眞兄', '--affiliation', 'アジア太平洋資料センター']);
    expect(run(['render', 'visit-2026'])).toMatch(/^Wrote visit-2026\.pdf \(2 signatories\)/);
    const pdf = await readPdf(readFileSync(path.join(project, 'visit-2026.pdf')));
    expect(pdf.text).toContain('Fundacja Praw Rolników');
    expect(pdf.text).toContain('秋山眞兄');
    for (const format of ['html', 'md', 'txt', 'png']) run(['render', 'visit-2026', '--format', format]);
    expect(readFileSync(path.join(project, 'visit-2026.png')).subarray(1, 4).toString()).toBe('PNG');

    // npx, in an empty folder: the shipped sample letter.
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    await npm(['exec', '--yes', '--', PACKAGE_NAME, 'render', 'example'], empty, offline);
    expect(readFileSync(path.join(empty, 'example.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    // What it costs, as the README says: our package, everything downloaded, the folder installed.
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const said = (what: string): number => Number(new RegExp(`${what}:\\s+(\\d+(?:\\.\\d+)?)\\s+MB`).exec(readme)?.[1] ?? Number.NaN);
    const sizes = { package: packed[0].size / MB, download: downloaded / MB, installed: sizeOf(installed) / MB };
    const shown = `measured: package ${sizes.package.toFixed(2)} MB, download ${sizes.download.toFixed(0)} MB, installed ${sizes.installed.toFixed(0)} MB`;
    expect(Math.abs(said('package') - sizes.package) / sizes.package, shown).toBeLessThan(0.15);
    expect(Math.abs(said('download') - sizes.download) / sizes.download, shown).toBeLessThan(0.05);
    expect(Math.abs(said('installed') - sizes.installed) / sizes.installed, shown).toBeLessThan(0.05);
  } finally {
    await registry.close();
  }
});

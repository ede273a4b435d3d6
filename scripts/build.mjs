// Bundle the CLI into dist/ with esbuild. One file per lazily loaded command (code splitting)
// instead of ~250 separate modules: Node 20 loads ESM file by file, and that was a third of a
// small render's time. pdfkit and fontkit stay outside: pdfkit reads its data files from disk;
// so do pdf.js (its worker file) and @napi-rs/canvas (a native module), loaded only for PNG.
// Those four, linebreak (line-breaker.ts requires it at run time, as pdfkit does) and the fonts
// are the package's dependencies; everything else is in the bundle,
// so an install does not fetch it again, and dist/THIRD-PARTY-NOTICES.md carries each bundled
// package's licence, as their licences ask of a copy.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The yaml package's ES module build (its "browser" build: the same code as its Node build
 * but for two debugging hooks). The Node build reads process.env.LOG_TOKENS for every token,
 * which is a call into the C++ environment and was a quarter of reading a 10,000-signatory
 * letter.
 */
const yamlWithoutDebugHooks = {
  name: 'yaml-without-debug-hooks',
  setup(b) {
    const entry = path.join(path.dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: entry }));
  },
};

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const result = await build({
  metafile: true,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pdfkit', 'fontkit', 'pdfjs-dist', '@napi-rs/canvas'],
  // CommonJS dependencies bundled into ESM still ask for require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __letters_createRequire } from 'node:module';",
      "import { fileURLToPath as __letters_fileURLToPath } from 'node:url';",
      'const require = __letters_createRequire(import.meta.url);',
      'const __filename = __letters_fileURLToPath(import.meta.url);',
      "const __dirname = __letters_fileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [yamlWithoutDebugHooks],
  logLevel: 'warning',
});

/** The packages whose code is in the bundle: each input under node_modules/, by its package folder. */
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(m[1]);
  }
  return [...dirs].sort();
}

/** The licence of every bundled package, as the MIT, ISC, BSD and Apache licences ask of a copy. */
function notices(dirs) {
  const parts = ['# Third-party notices', '', 'dist/ bundles code from these packages, under their licences:', ''];
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    parts.push(`## ${manifest.name} ${manifest.version} (${manifest.license ?? 'see its package'})`, '');
    parts.push(
      file
        ? readFileSync(path.join(dir, file), 'utf8').trim()
        : `(no licence file in the package; its package.json says ${manifest.license})`,
      '',
    );
  }
  return `${parts.join('\n')}\n`;
}

/**
 * The build's id: a hash of every file the bundle is made of. The cache of letters read
 * (src/io/files/letter-cache.ts) is keyed by it, so a read stored by other code is never used.
 */
function buildId(dir) {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.js')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex');
}
writeFileSync(new URL('../dist/build-id.txt', import.meta.url), `${buildId(fileURLToPath(new URL('../dist/', import.meta.url)))}\n`);

const packages = bundledPackages(result.metafile).filter((dir) => existsSync(path.join(dir, 'package.json')));
writeFileSync(new URL('../dist/THIRD-PARTY-NOTICES.md', import.meta.url), notices(packages));

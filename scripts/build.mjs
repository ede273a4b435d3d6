// Bundle the CLI into dist/ with esbuild. One file per lazily loaded command (code splitting)
// instead of ~250 separate modules: Node 20 loads ESM file by file, and that was a third of a
// small render's time. pdfkit and fontkit are bundled too (resolving and loading their dozen
// packages from node_modules was a fifth of a one-page letter), with what they build when loaded
// but letters never or seldom uses loaded on first use instead (lazyParts below). pdf.js (its
// worker file) and @napi-rs/canvas (a native module) stay outside, loaded only for PNG. Those,
// pdfkit and fontkit and the fonts are the package's dependencies; everything else is only in the bundle,
// so an install does not fetch it again, and dist/THIRD-PARTY-NOTICES.md carries each bundled
// package's licence, as their licences ask of a copy.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** A package's folder, as installed (found by Node's search paths: pdfkit exports no package.json). */
function packageDir(name) {
  const dir = createRequire(import.meta.url)
    .resolve.paths(name)
    .map((base) => path.join(base, name))
    .find((d) => existsSync(path.join(d, 'package.json')));
  if (dir === undefined) throw new Error(`${name} is not installed: run npm ci`);
  return dir;
}

/**
 * Edits to a bundled package's code: each `from` must occur exactly `count` times, so that a new
 * version of the package that changed the code stops the build instead of being bundled unedited.
 */
function edited(file, edits) {
  let code = readFileSync(file, 'utf8');
  for (const { from, to, count } of edits) {
    const found = code.split(from).length - 1;
    if (found !== count)
      throw new Error(`${file}: expected ${count} of ${JSON.stringify(from.slice(0, 60))}, found ${found}: update scripts/build.mjs`);
    code = code.split(from).join(to);
  }
  return code;
}

/**
 * What pdfkit and fontkit build when loaded, loaded on first use instead, and pdfkit's own files
 * found from the bundle:
 * - fontkit's brotli (a 120 KiB dictionary built at load, for WOFF2 fonts, which letters never
 *   reads; left out of the bundle, required from fontkit's dependencies) and pdfkit's AES tables
 *   (@noble/ciphers, for encrypted PDFs, which letters never writes): each import becomes a small
 *   module that requires the real one when first called;
 * - pdfkit's linebreak (for its own text wrapping, which letters does not use: line-breaker.ts
 *   breaks lines), png-js (for PNG pictures) and fontkit's unicode-properties (a table inflated
 *   at load, asked only when a run is shaped): the same;
 * - fontkit's Unicode tables for its Arabic, Indic and universal shapers, inflated at load:
 *   built when first looked up;
 * - the hash functions pdfkit's copy of @noble/hashes makes at load and never keeps: not made;
 * - pdfkit's standard fonts (`#standard-fonts/…`, its own package's import map) are required by
 *   their files, and its sRGB colour profile (PDF/A) is copied beside the bundle (below), where its
 *   `new URL('./data/…', import.meta.url)` finds it.
 */
const lazyParts = {
  name: 'lazy-parts',
  setup(b) {
    const lazy = {
      // Not even bundled: its dictionary is 1.3 MB of text, which would double the package. Required
      // from fontkit's own dependencies (installed with it) if a WOFF2 font is ever read.
      'brotli/decompress.js': [
        "import { createRequire } from 'node:module';",
        'let decompress;',
        'export default (...args) => {',
        "  decompress ??= createRequire(createRequire(import.meta.url).resolve('fontkit'))('brotli/decompress.js');",
        '  return decompress(...args);',
        '};',
      ].join('\n'),
      '@noble/ciphers/aes': [
        "const aes = () => require('@noble/ciphers/aes');",
        'export const cbc = (...args) => aes().cbc(...args);',
        'export const ecb = (...args) => aes().ecb(...args);',
      ].join('\n'),
      linebreak: ["export default function LineBreaker(text) { return new (require('linebreak'))(text); }"].join('\n'),
      // fontkit's shaping asks it of characters; the trie behind it is inflated when first asked.
      'unicode-properties': [
        "let props; const p = () => (props ??= require('unicode-properties'));",
        ...['getCombiningClass', 'getScript', 'isDigit', 'getCategory', 'isMark'].map(
          (f) => `export const ${f} = (codePoint) => p().${f}(codePoint);`,
        ),
      ].join('\n'),
      'png-js': [
        "const load = () => { const m = require('png-js'); return m.default ?? m; };",
        'export default function PNG(data) { return new (load())(data); }',
        'PNG.decode = (...args) => load().decode(...args);',
        'PNG.load = (...args) => load().load(...args);',
      ].join('\n'),
    };
    const pdfkitDir = packageDir('pdfkit');
    const fontkitDir = packageDir('fontkit');
    // Only the imports of pdfkit and fontkit: the lazy modules' own requires resolve as usual.
    b.onResolve({ filter: /^(brotli\/decompress\.js|@noble\/ciphers\/aes|linebreak|png-js|unicode-properties)$/ }, (args) => {
      if (args.kind !== 'import-statement') return undefined;
      const from = args.importer;
      if (!from.startsWith(pdfkitDir + path.sep) && !from.startsWith(fontkitDir + path.sep)) return undefined;
      return { path: args.path, namespace: 'lazy-part', pluginData: { resolveDir: path.dirname(from) } };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({
      contents: lazy[args.path],
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => {
      const code = edited(args.path, [
        { from: "require$1('#standard-fonts/", to: "require('./standard-fonts/", count: 14 },
        // Hashes built at load and thrown away (pdfkit keeps MD5, for the document's ID, and SHA-256).
        ...['SHA1', 'RIPEMD160', 'SHA224', 'SHA512', 'SHA384', 'SHA512_256', 'SHA512_224'].map((name) => ({
          from: `\ncreateHasher(() => new ${name}());\n`,
          to: '\n',
          count: 1,
        })),
      ]);
      return { contents: code.replace(/require\('\.\/standard-fonts\/(\w+)'\)/g, "require('./standard-fonts/$1.cjs')"), loader: 'js' };
    });
    // restructure made a TextDecoder for each string it read from a font, and pdfkit reads the
    // thousands of glyph names of each face's `post` table when it embeds it: one decoder per
    // encoding instead (decode without `stream` keeps no state from one call to the next).
    b.onLoad({ filter: /[\\/]restructure[\\/]src[\\/]DecodeStream\.js$/ }, (args) => ({
      contents: edited(args.path, [
        {
          from: '      let decoder = new TextDecoder(encoding);',
          to: '      let decoder = DECODERS.get(encoding);\n      if (decoder === undefined) DECODERS.set(encoding, (decoder = new TextDecoder(encoding)));',
          count: 1,
        },
        { from: 'export class DecodeStream', to: 'const DECODERS = new Map();\n\nexport class DecodeStream', count: 1 },
      ]),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]fontkit[\\/]dist[\\/]module\.mjs$/ }, (args) => {
      const code = edited(args.path, [{ from: 'new (0, $52ZIf$unicodetrie)(', to: '__lettersLazyTrie(() => (', count: 3 }]);
      // Each rewritten trie's statement ends `"…"));`: one more parenthesis closes the arrow's call.
      let closes = 0;
      const closed = code.replace(/(__lettersLazyTrie\(\(\) => \([^\n]*)\);$/gm, (_, start) => {
        closes++;
        return `${start}));`;
      });
      if (closes !== 3) throw new Error(`fontkit: ${closes} of its 3 tries' statements closed: update scripts/build.mjs`);
      const helper = [
        "/** A Unicode trie built on its first lookup (letters' build: fontkit built three at load). */",
        'function __lettersLazyTrie(make) {',
        '  let trie;',
        '  return { get: (codePoint) => (trie ??= new (0, $52ZIf$unicodetrie)(make())).get(codePoint) };',
        '}',
      ].join('\n');
      return { contents: `${closed}\n${helper}\n`, loader: 'js' };
    });
  },
};

/**
 * What every command, `letters --help` first, loaded at start and never used:
 * - Node's ES module face of node:fs, made on the first `import … from 'node:fs'`: it reads every
 *   export, and so loads fs.promises (and readline behind it), the file streams and the watchers,
 *   a tenth of `letters --help`. The bundle asks for node:fs through require instead (the same
 *   object; esbuild reads each name from it when used), whose getters load those parts on first use;
 * - commander's child_process (with dgram behind it), for subcommands that are programs of their
 *   own, which letters has none of: required when one would be spawned.
 */
const lightStart = {
  name: 'light-start',
  setup(b) {
    b.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
      args.kind === 'import-statement' ? { path: 'node:fs', namespace: 'fs-by-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'fs-by-require' }, () => ({ contents: "module.exports = require('node:fs');", loader: 'js' }));
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => ({
      contents: edited(args.path, [
        {
          from: "const childProcess = require('node:child_process');",
          to: "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
          count: 1,
        },
      ]),
      loader: 'js',
    }));
  },
};

/**
 * The Unicode tables a render reads (unicode-properties', which fontkit asks of every glyph it
 * makes, and linebreak's line-break classes) are deflated twice and inflated when first asked:
 * by tiny-inflate, in JavaScript, 10 to 25 ms of a one-page letter before V8 has compiled it.
 * Node's zlib inflates the same bytes in about a millisecond (zlib is loaded by every render:
 * pdfkit compresses). Each `require('tiny-inflate')` of the bundle gets scripts/zlib-inflate.cjs,
 * which keeps tiny-inflate's contract; test/e2e/lazy-loading.test.ts holds its output equal to
 * tiny-inflate's on every table bundled.
 */
const zlibInflate = {
  name: 'zlib-inflate',
  setup(b) {
    b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'tiny-inflate', namespace: 'zlib-inflate' }));
    b.onLoad({ filter: /.*/, namespace: 'zlib-inflate' }, () => ({
      contents: readFileSync(path.join(root, 'scripts', 'zlib-inflate.cjs'), 'utf8'),
      loader: 'js',
    }));
  },
};

/**
 * line-breaker.ts loads linebreak on its first line to break, with `createRequire` (so that tests
 * run from the sources find it too); in the bundle that call becomes a plain `require`, which
 * esbuild bundles and evaluates on first call, so a render loads no file from node_modules.
 */
const bundledLinebreak = {
  name: 'bundled-linebreak',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]render[\\/]inline[\\/]line-breaker\.ts$/ }, (args) => ({
      contents: edited(args.path, [{ from: "createRequire(import.meta.url)('linebreak')", to: "require('linebreak')", count: 1 }]),
      loader: 'ts',
    }));
  },
};

// Built beside dist/ and swapped in at the end, so a letters process started from this checkout
// while it builds (a test run's setup rebuilds it) finds the old files or the new ones, never a
// folder half emptied.
const root = fileURLToPath(new URL('..', import.meta.url));
const finalDir = path.join(root, 'dist');
const outDir = path.join(root, `dist.building-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
const result = await build({
  metafile: true,
  // start.ts is the process's entry (bin/letters.js); main.ts, the program, is loaded by it unless a
  // stored help page answers (below), and is an entry of its own so the help pages can be made from it.
  // warm.ts is the process a command that wrote a big letter starts to store its read (letter-cache.ts).
  entryPoints: ['src/start.ts', 'src/main.ts', 'src/warm.ts'],
  outdir: outDir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pdfjs-dist', '@napi-rs/canvas'],
  // CommonJS dependencies bundled into ESM still ask for require, __filename and __dirname. Each
  // file's require is made when first called: making it (and the two paths) in each of the files
  // every command loads was a tenth of `letters --help`.
  banner: {
    js: [
      "import { createRequire as __letters_createRequire } from 'node:module';",
      'let __letters_made;',
      'const __letters_require = () => (__letters_made ??= __letters_createRequire(import.meta.url));',
      'const require = Object.defineProperties((id) => __letters_require()(id), {',
      ...['resolve', 'cache', 'extensions', 'main'].map((key) => `  ${key}: { get: () => __letters_require().${key} },`),
      '});',
      'const __filename = import.meta.filename;',
      'const __dirname = import.meta.dirname;',
    ].join('\n'),
  },
  plugins: [yamlWithoutDebugHooks, lazyParts, lightStart, zlibInflate, bundledLinebreak],
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

// pdfkit's sRGB profile, for PDF/A, where the bundled pdfkit looks for it (beside its own chunk).
mkdirSync(path.join(outDir, 'data'));
copyFileSync(path.join(packageDir('pdfkit'), 'js', 'data', 'sRGB_IEC61966_2_1.icc'), path.join(outDir, 'data', 'sRGB_IEC61966_2_1.icc'));

/**
 * The help pages (`letters --help`, `letters <command> --help`), made by the program just built from
 * its command table, as it prints them to an output that is not a terminal (commander wraps them to
 * 80 columns there). start.ts prints one of them when that is all a command line asks for, so
 * `letters --help` does not load commander and the table; test/e2e/stored-help.test.ts holds each
 * one equal to what the program prints.
 */
const { program, commands, globals } = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { helpPages } = await import(${JSON.stringify(pathToFileURL(path.join(outDir, 'main.js')).href)});
process.stdout.write(JSON.stringify(await helpPages()));`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } },
  ),
);
mkdirSync(path.join(outDir, 'help'));
// The program's page is letters.txt: stored-help.ts never reads that name for a command.
if (Object.hasOwn(commands, 'letters')) throw new Error('a command is named letters: rename the program page (build.mjs, stored-help.ts)');
for (const [name, text] of [['letters', program], ...Object.entries(commands)])
  writeFileSync(path.join(outDir, 'help', `${name}.txt`), text);
// The global flags that may come before --help (`letters --dir x --help`), as stored-help.ts reads them.
writeFileSync(path.join(outDir, 'help', 'global-flags.json'), `${JSON.stringify(globals)}\n`);

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
writeFileSync(path.join(outDir, 'build-id.txt'), `${buildId(outDir)}\n`);

const packages = bundledPackages(result.metafile).filter((dir) => existsSync(path.join(dir, 'package.json')));
writeFileSync(path.join(outDir, 'THIRD-PARTY-NOTICES.md'), notices(packages));

// The swap: the old dist/ moved aside, the new one renamed into place, the old one removed.
const oldDir = path.join(root, `dist.old-${process.pid}`);
if (existsSync(finalDir)) renameSync(finalDir, oldDir);
renameSync(outDir, finalDir);
rmSync(oldDir, { recursive: true, force: true });

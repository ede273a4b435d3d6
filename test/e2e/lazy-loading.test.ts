import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { staticClosure } from '../helpers/bundle.js';
import { FIXTURE, ROOT } from '../helpers/cli.js';

test('start-up, before any command runs, loads no PDF, template, Markdown, YAML or prompt code', () => {
  const entry = path.join(ROOT, 'dist', 'main.js');
  expect(existsSync(entry), 'dist/main.js: run `npm test`, which builds first').toBe(true);
  const loaded = [...staticClosure(entry).values()].join('\n');
  expect(loaded).toContain('node_modules/commander/'); // the check can see bundled modules
  for (const heavy of ['pdfkit', 'fontkit', 'handlebars', 'markdown-it', 'htmlparser2', 'yaml', '@inquirer']) {
    expect(loaded, heavy).not.toMatch(new RegExp(`node_modules/${heavy}/|from "${heavy}"`));
  }
  // Nor the output path, the settings or the help tables: `letters --help` needs none of them.
  expect(loaded).toContain('src/cli.ts');
  for (const ours of ['src/io/terminal/output.ts', 'src/io/settings.ts', 'src/commands/tool/help-tables.ts', 'src/error-meanings.ts']) {
    expect(loaded, ours).not.toContain(ours);
  }
});

test('sign and import load the picture decoders and the HTML parser of the SVG screen only for a logo', () => {
  const dist = path.join(ROOT, 'dist');
  for (const command of ['sign', 'import']) {
    const file = readdirSync(dist).find((f) => new RegExp(`^${command}-[A-Z0-9]+\\.js$`).test(f));
    expect(file, command).toBeDefined();
    const loaded = [...staticClosure(path.join(dist, file!)).values()].join('\n');
    expect(loaded, command).toContain('src/core/edit/letter-edits.ts'); // the check sees the command's own code
    expect(loaded, command).not.toContain('src/io/pictures/load-pictures.ts');
    expect(loaded, command).not.toMatch(/node_modules\/htmlparser2\//);
  }
});

/** Node's own modules loaded by a process, listed as it ends (stdout goes to /dev/null, as in the bench). */
function nodeModulesLoaded(args: string[]): string[] {
  const report = 'process.on("exit",()=>process.stderr.write(process.moduleLoadList.join("\\n")))';
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${report}`, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr.split('\n');
}

test('letters --help loads none of the Node modules it does not use: child_process, tty, fs.promises, the file streams, v8', () => {
  const loaded = nodeModulesLoaded([path.join(ROOT, 'bin', 'letters.js'), '--help']);
  expect(loaded).toContain('NativeModule fs'); // the list is what it claims to be
  // What Node loads for any ES module program (on Node 20, its module loader uses fs.promises).
  const empty = path.join(mkdtempSync(path.join(tmpdir(), 'letters-empty-')), 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const anyProgram = nodeModulesLoaded([empty]);
  for (const unused of [
    'child_process',
    'dgram',
    'tty',
    'readline',
    'internal/fs/promises',
    'internal/fs/streams',
    'internal/fs/watchers',
    'v8', // loaded when a command starts, on Node 20 and 22 (io/v8-flags.ts)
  ]) {
    if (!anyProgram.includes(`NativeModule ${unused}`)) expect(loaded, unused).not.toContain(`NativeModule ${unused}`);
  }
  expect(anyProgram).not.toContain('NativeModule child_process'); // so the test can fail on every Node
  expect(anyProgram).not.toContain('NativeModule tty');
});

/**
 * `letters render <letter> -o <letter>.pdf` through the binary in `dir`, with `script` run first
 * (--import): its stderr, where the script reports what the render did.
 */
function renderPreloaded(script: string, dir: string, letter: string): string {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(script)}`,
      path.join(ROOT, 'bin', 'letters.js'),
      'render',
      letter,
      '-o',
      `${letter}.pdf`,
    ],
    {
      cwd: dir,
      env: { ...process.env, LETTERS_NO_CACHE: '1', SOURCE_DATE_EPOCH: '1772409600' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

test("a render loads neither Node's crypto module nor the mail merge's column matching", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-render-'));
  mkdirSync(path.join(dir, 'letters'));
  copyFileSync(FIXTURE, path.join(dir, 'letters', 'water.yaml'));
  // Node's own modules, and (where Node has module.registerHooks, 22.15 and later) the bundle files loaded.
  const report = [
    'import module from "node:module";',
    'const files = [];',
    'module.registerHooks?.({ load(url, context, next) { files.push(url); return next(url, context); } });',
    'process.on("exit", () => process.stderr.write([...process.moduleLoadList, ...files].join("\\n")));',
  ].join('');
  const stderr = renderPreloaded(report, dir, 'water');
  expect(existsSync(path.join(dir, 'water.pdf'))).toBe(true);
  const loaded = stderr.split('\n');
  expect(loaded).toContain('NativeModule zlib'); // the list is what it claims to be: pdfkit compresses
  expect(loaded).not.toContain('NativeModule crypto');
  if (!('registerHooks' in module)) return;
  const files = loaded.filter((l) => l.startsWith('file:') && l.includes('/dist/')).map((l) => readFileSync(new URL(l), 'utf8'));
  expect(files.some((text) => text.includes('// src/render/pdf/'))).toBe(true);
  for (const text of files) expect(text).not.toContain('// src/core/sheets/columns.ts');
  // linebreak is bundled (scripts/build.mjs, bundledLinebreak): nothing is loaded from node_modules.
  expect(loaded.filter((l) => l.startsWith('file:') && !l.includes('/dist/') && !l.endsWith('/bin/letters.js'))).toEqual([]);
});

test('a render of an English letter starts no ICU formatter: its dates and numbers are written without Intl, its language table found without likely subtags', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-render-'));
  mkdirSync(path.join(dir, 'letters'));
  const text = readFileSync(FIXTURE, 'utf8');
  expect(text).toMatch(/^lang: en$/m);
  writeFileSync(path.join(dir, 'letters', 'water.yaml'), text);
  writeFileSync(path.join(dir, 'letters', 'wasser.yaml'), text.replace(/^lang: en$/m, 'lang: de'));
  // Each Intl formatter made, and each locale-sensitive method called, listed as the process ends.
  const spy = [
    'const made = [];',
    'for (const name of ["NumberFormat", "DateTimeFormat", "Collator", "ListFormat", "PluralRules", "RelativeTimeFormat", "DisplayNames", "Segmenter", "DurationFormat"]) {',
    '  const Real = Intl[name];',
    '  if (Real) Intl[name] = new Proxy(Real, { construct(t, a, n) { made.push(name); return Reflect.construct(t, a, n); }, apply(t, self, a) { made.push(name); return Reflect.apply(t, self, a); } });',
    '}',
    'for (const [proto, name] of [[Number.prototype, "toLocaleString"], [Date.prototype, "toLocaleString"], [Date.prototype, "toLocaleDateString"], [String.prototype, "localeCompare"], [Array.prototype, "toLocaleString"]]) {',
    '  const real = proto[name];',
    '  proto[name] = function (...a) { made.push(name); return real.apply(this, a); };',
    '}',
    // A tag's likely script and region: ICU's likely subtags, loaded on first use.
    'const maximize = Intl.Locale.prototype.maximize;',
    'Intl.Locale.prototype.maximize = function () { made.push("maximize"); return maximize.call(this); };',
    'process.on("exit", () => process.stderr.write("intl: " + JSON.stringify(made) + "\\n"));',
  ].join('\n');
  const intlUsed = (name: string): string => {
    const stderr = renderPreloaded(spy, dir, name);
    return /intl: (.*)/.exec(stderr)?.[1] ?? stderr;
  };
  expect(intlUsed('water')).toBe('[]');
  // The list is what it claims to be: a German letter's date and numbers are Intl's.
  expect(JSON.parse(intlUsed('wasser'))).toEqual(expect.arrayContaining(['DateTimeFormat', 'NumberFormat']));
});

test('the bundle inflates its Unicode tables with zlib, giving the bytes tiny-inflate gives', () => {
  const require = module.createRequire(path.join(ROOT, 'package.json'));
  const tinyInflate = require('tiny-inflate') as (source: Uint8Array, dest: Uint8Array) => Uint8Array;
  const zlibInflate = require(path.join(ROOT, 'scripts', 'zlib-inflate.cjs')) as typeof tinyInflate;
  // Every Unicode trie of the packages bundled: base64 in their code, deflated twice (unicode-trie).
  const sources = ['unicode-properties/dist/main.cjs', 'linebreak/dist/main.cjs', 'fontkit/dist/module.mjs'];
  let tables = 0;
  for (const source of sources) {
    const code = readFileSync(path.join(ROOT, 'node_modules', source), 'utf8');
    for (const [, b64] of code.matchAll(/\("([A-Za-z0-9+/]{200,}={0,2})"\)/g)) {
      const data = new Uint8Array(Buffer.from(b64!, 'base64'));
      const length = new DataView(data.buffer).getUint32(8, true);
      const twice = (inflate: typeof tinyInflate): Uint8Array =>
        inflate(inflate(data.subarray(12), new Uint8Array(length)), new Uint8Array(length));
      const expected = twice(tinyInflate);
      expect(expected.length).toBe(length);
      expect(Buffer.from(twice(zlibInflate)).equals(Buffer.from(expected)), source).toBe(true);
      tables++;
    }
  }
  expect(tables).toBe(5); // unicode-properties', linebreak's, and fontkit's three shapers'
  // A shorter output than the room given comes back as its start, as tiny-inflate's does; a
  // longer one is cut to the room; a stream that is not DEFLATE is refused by both.
  const short = deflateRawSync(Buffer.from('letters'));
  expect(Buffer.from(zlibInflate(short, new Uint8Array(20)))).toEqual(Buffer.from(tinyInflate(short, new Uint8Array(20))));
  expect(Buffer.from(zlibInflate(short, new Uint8Array(3)))).toEqual(Buffer.from(tinyInflate(short, new Uint8Array(3))));
  expect(Buffer.from(zlibInflate(short, new Uint8Array(3))).toString()).toBe('let');
  const corrupt = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
  expect(() => tinyInflate(corrupt, new Uint8Array(20))).toThrow();
  expect(() => zlibInflate(corrupt, new Uint8Array(20))).toThrow();
  // And the bundle has zlib's, not tiny-inflate's.
  const bundle = readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
  expect(bundle.some((f) => readFileSync(path.join(ROOT, 'dist', f), 'utf8').includes('inflateRawSync(source)'))).toBe(true);
  for (const f of bundle) expect(readFileSync(path.join(ROOT, 'dist', f), 'utf8'), f).not.toContain('function tinf_uncompress');
});

/**
 * The shape V8 in Node 22 mis-compiles (io/v8-flags.ts), made to happen every time: a
 * string captured from text and used as a key, a closure that holds it as a constant, compiled,
 * then a scavenge. Prints what the switch answered after letters ran `args` in the same process.
 */
function afterCommand(args: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-guard-'));
  const probe = path.join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `process.argv.splice(2, process.argv.length, ...${JSON.stringify(args)});
const { run } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'start.js')).href)});
await run();
const TABLE = { blocks: 1 };
const parsed = /layout:\\s*([a-z]+)$/.exec('default layout: blocks')[1];
TABLE[parsed];
function make(layout) {
  const own = layout;
  return () => { switch (own) { case 'blocks': return 'blocks'; case 'lines': return 'lines'; } };
}
const f = make(parsed);
%PrepareFunctionForOptimization(f);
f(); f();
%OptimizeFunctionOnNextCall(f);
f();
gc({ type: 'minor' });
process.stderr.write('probe: ' + String(f()) + '\\n');
`,
  );
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', probe], {
    cwd: dir,
    env: { ...process.env, LETTERS_NO_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return /probe: (.*)/.exec(r.stderr)?.[1] ?? r.stderr;
}

test('a command turns off the string shortcutting Node 20 and 22 mis-compile with; the switch answers right after it', () => {
  // On Node 22.23 the switch answers undefined without the guard (letters --help loads none).
  expect(afterCommand(['templates'])).toBe('blocks');
});

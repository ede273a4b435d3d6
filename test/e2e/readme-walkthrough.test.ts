import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { shellWords } from '../../src/commands/tool/complete.js';
import { readPdf } from '../helpers/pdf.js';
import { ROOT, runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

/** The code blocks of the README's section `heading`, in order. */
function blocks(heading: string): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${heading}`);
  expect(start, heading).toBeGreaterThan(-1);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
  return [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The letters command lines of a block, without their comments, as a shell splits them. */
const commands = (block: string): string[][] =>
  block
    .split('\n')
    .filter((l) => l.startsWith('letters '))
    .map((l) => shellWords(l.replace(/\s{2,}#.*$/, '')).words.slice(1));

test('the README walkthrough runs as written, from letters new to the drafts of the sent letter', async () => {
  const [create, steps, csv] = blocks('Five minutes');
  const cwd = testdir({ 'responses.csv': csv! });
  execFileSync('git', ['init', '-q', cwd]);
  for (const args of commands(create!)) {
    const r = await runBin(args, { cwd });
    expect(r.code, `letters ${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  // The edit the README asks for: the recipient's email: un-commented, and a from: line.
  const file = path.join(cwd, 'letters', 'visit-2026.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/^ {2}# email: /m);
  writeFileSync(
    file,
    text
      .replace(/^ {2}# email: \S+/m, '  email: secretary@state.example')
      .replace(/^title:/m, 'from: "Water Coalition <coord@coalition.example>"\ntitle:'),
  );
  const lines = commands(steps!);
  expect(lines.length).toBeGreaterThanOrEqual(8);
  for (const args of lines) {
    const r = await runBin(args, { cwd });
    expect(r.code, `letters ${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  const pdf = await readPdf(readFileSync(path.join(cwd, 'visit-2026.pdf')));
  expect(pdf.text).toContain('Human Rights Watch');
  expect(pdf.text).toContain('Amnesty International');
  const drafts = readdirSync(cwd).filter((f) => f.endsWith('.eml'));
  expect(drafts).toHaveLength(1);
  expect(readFileSync(path.join(cwd, drafts[0]!), 'utf8')).toMatch(/^To: .*secretary@state\.example/m);
});

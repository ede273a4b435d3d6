import { expect, test } from 'vitest';
import { runInMemory } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

test("letters templates: the project's first, then the shipped ones, with formats and where each comes from", async () => {
  const cwd = testdir({
    'letters/.keep': '',
    'templates/web.hbs': '{{!--\n  web: for our website\n  formats: html\n--}}\n<p>{{salutation}}</p>\n',
    'templates/formal.hbs': '{{!-- formal: our own formal letter --}}\n<p>{{salutation}}</p>\n',
  });
  const r = await runInMemory(['templates'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NAME\s+FORMATS\s+FROM\s+DESCRIPTION$/);
  expect(lines[1]).toMatch(/^formal\s+pdf html md txt png\s+templates\/formal\.hbs \(replaces the shipped one\)\s+our own formal letter$/);
  expect(lines[2]).toMatch(/^web\s+html\s+templates\/web\.hbs\s+for our website$/);
  expect(lines[3]).toMatch(/^formal\s+pdf html md txt png\s+shipped: .*templates\/formal\.hbs \(replaced\)\s+a classic formal letter/);
  const json = JSON.parse((await runInMemory(['templates', '--json'], { cwd })).stdout).templates as {
    name: string;
    source: string;
    formats: string[];
  }[];
  expect(json.map((t) => [t.name, t.source, t.formats.join(',')])).toEqual([
    ['formal', 'project', 'pdf,html,md,txt,png'],
    ['web', 'project', 'html'],
    ['formal', 'shipped', 'pdf,html,md,txt,png'],
    ['open-letter', 'shipped', 'pdf,html,md,txt,png'],
  ]);
});

test('a template declaring an unknown format is listed as invalid, with a located line, exit 1', async () => {
  const cwd = testdir({ 'letters/.keep': '', 'templates/odd.hbs': '{{!--\n  odd\n  formats: pdf, docx\n--}}\n<p>x</p>\n' });
  const r = await runInMemory(['templates'], { cwd });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/\nodd\s+invalid\s+templates\/odd\.hbs/);
  expect(r.stderr).toMatch(
    /^letters: templates\/odd\.hbs:3:1: template "odd" declares an unknown format "docx" — write formats: followed by some of pdf, html, md, txt, png\n/,
  );
});

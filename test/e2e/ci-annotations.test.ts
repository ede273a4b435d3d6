import { expect, test } from 'vitest';
import { runBin } from '../helpers/cli.js';
import { testdir } from '../helpers/testdir.js';

interface Diagnostic {
  severity: 'error' | 'warning';
  file: string | null;
  line: number | null;
  column: number | null;
  field: string | null;
  code: string;
  message: string;
  hint: string;
}

/**
 * `letters check --json` as GitHub Actions annotations: one workflow command per diagnostic
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions), its text
 * escaped as the runner reads it. The same function is in docs/json.md.
 */
function annotations(doc: { diagnostics: Diagnostic[] }): string[] {
  const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return doc.diagnostics.map((d) => {
    const where = [
      d.file === null ? '' : `file=${property(d.file)}`,
      d.line === null ? '' : `line=${d.line}`,
      d.column === null ? '' : `col=${d.column}`,
      `title=${property(`letters ${d.code}${d.field ? ` (${d.field})` : ''}`)}`,
    ].filter((p) => p !== '');
    return `::${d.severity} ${where.join(',')}::${data(`${d.message} — ${d.hint}`)}`;
  });
}

test('check --json holds what a CI annotation needs: file, line, column, severity, a title and the message', async () => {
  const cwd = testdir({
    'letters/bad.yaml': 'title: T\nrecipient:\n  nme: R\ndate: 2026-02-31\n',
    'letters/warned.yaml': 'title: T\ngroups: [Members, Friends]\nsignatories:\n  - organization: "Acme, Inc."\n    group: Members\n',
    'letters/good.yaml': 'title: T\nrecipient:\n  name: R\n',
  });
  const r = await runBin(['check', '--json'], { cwd });
  expect(r.code).toBe(1);
  expect(annotations(JSON.parse(r.stdout))).toEqual([
    '::error file=letters/bad.yaml,line=3,col=3,title=letters invalid-letter (recipient.nme)::unknown field "nme" in recipient — did you mean "name"?',
    '::error file=letters/bad.yaml,line=3,col=3,title=letters invalid-letter (recipient)::missing required field "recipient.name" — add recipient.name: …',
    '::error file=letters/bad.yaml,line=4,col=7,title=letters invalid-letter (date)::"date" is not a valid date: 2026-02-31 — write it as YYYY-MM-DD, for example 2026-03-02',
    '::warning file=letters/warned.yaml,line=2,col=19,title=letters warning (groups.1)::group "Friends" has no signatories yet; its heading is not printed — sign into it with letters sign --group, or remove the line',
    '::warning file=letters/warned.yaml,line=1,col=8,title=letters warning (title)::no salutation will be printed: the letter has no recipient to greet — write salutation: "Dear friends,", or salutation: "" to print none',
    '::error title=letters invalid-letter::1 of 3 letters has problems — fix the lines above, then run `letters check` again',
  ]);
  // The same problems as the lines a person reads on stderr.
  expect(r.stderr).toContain('letters: letters/bad.yaml:3:3: unknown field "nme" in recipient — did you mean "name"?');
});

test('text that would end or forge an annotation is escaped', () => {
  const doc = {
    diagnostics: [
      {
        severity: 'error' as const,
        file: 'a,b:c.yaml',
        line: 1,
        column: 1,
        field: null,
        code: 'x',
        message: '100% done\n::error::forged',
        hint: 'h',
      },
    ],
  };
  expect(annotations(doc)).toEqual(['::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=letters x::100%25 done%0A::error::forged — h']);
});

// A letter of many signatories in the bench's shape, for the tests of big files (the cache of letters read, its stored reads).
const ORGS = ['Human Rights Coalition', 'Fundacja Praw Rolników', 'Spolek pro krajinu', 'Toprak ve Su Derneği'];

/**
 * A letter of `n` entries: comments kept by hand (one on every organization line), accents, a
 * block list; its lines ended by `eol`; with `titles`, a title for each person too, as the bench's.
 */
export function bigLetter(n: number, eol = '\n', { titles = false } = {}): string {
  const lines = [
    '# kept by hand',
    'title: Big letter',
    'date: 2026-03-02',
    'status: open',
    'recipient:',
    '  name: Minister Okonkwo',
    'intro: |',
    '  We write.',
    'signatories:',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`  - organization: ${ORGS[i % ORGS.length]} ${i + 1} # row ${i}`, `    name: Ştefan Dvořák ${i}`);
    if (titles) lines.push(`    title: ${i % 3 === 0 ? 'Executive Director' : 'Policy Officer'}`);
    lines.push('    signed: 2026-03-01');
  }
  return `${lines.join(eol)}${eol}`;
}

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Context } from '../../src/commands/context.js';
import { newLetter } from '../../src/commands/letter/new.js';
import { sign } from '../../src/commands/signatures/sign.js';
import { unsign } from '../../src/commands/signatures/unsign.js';
import { list } from '../../src/commands/letter/list.js';
import { check } from '../../src/commands/letter/check.js';
import { render } from '../../src/commands/publishing/render.js';
import { parseLetter } from '../../src/core/read/parse-letter.js';
import { testdir } from '../helpers/testdir.js';
import { fixtureLetter } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';

/** A context whose prompts are answered from a script; records what was asked and printed. */
function fakeContext(cwd: string, answers: string[] = [], interactive = answers.length > 0) {
  const asked: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const stdout: Buffer[] = [];
  const ctx: Context = {
    cwd,
    env: {},
    dir: path.join(cwd, 'letters'),
    interactive,
    now: () => new Date('2026-03-02T10:00:00Z'),
    prompt: {
      async input(message) {
        asked.push(message);
        if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
        return answers.shift()!;
      },
    },
    out: (l) => out.push(l),
    outJson: (v) => out.push(JSON.stringify(v, null, 2)),
    err: (l) => err.push(l),
    writeStdout: async (b) => void stdout.push(b),
  };
  return { ctx, asked, out, err, stdout };
}

const example = fixtureLetter;

describe('new', () => {
  test('asks for what flags did not give, when a person is there', async () => {
    const dir = testdir();
    const { ctx, asked, out } = fakeContext(dir, ['Visit 2026', 'Jane Doe', 'Secretary of State', '']);
    await newLetter(ctx, 'visit-2026', {});
    expect(asked).toHaveLength(4);
    expect(asked).toEqual([
      'Title of the letter (for the PDF and `letters list`):',
      'Recipient (name as it should be printed):',
      'Recipient title (optional):',
      'Recipient organization (optional):',
    ]);
    const { letter } = parseLetter(readFileSync(path.join(dir, 'letters/visit-2026.yaml'), 'utf8'), 'x');
    expect(letter.title).toBe('Visit 2026');
    expect(letter.recipients[0]).toEqual({ name: 'Jane Doe', title: 'Secretary of State', address: [] });
    expect(out[0]).toBe('Created letters/visit-2026.yaml');
    expect(out[1]).toMatch(/letters sign visit-2026/);
  });

  test('with every flag, asks nothing', async () => {
    const dir = testdir();
    const { ctx, asked } = fakeContext(dir, [], true);
    await newLetter(ctx, 'x', {
      title: 'T',
      to: 'R',
      toTitle: 'RT',
      toOrg: 'RO',
      address: ['L1', 'L2'],
      salutation: 'Hi,',
      date: '2026-03-02',
      template: 'formal',
    });
    expect(asked).toEqual([]);
    const { letter } = parseLetter(readFileSync(path.join(dir, 'letters/x.yaml'), 'utf8'), 'x');
    expect(letter).toMatchObject({
      title: 'T',
      date: '2026-03-02',
      salutation: 'Hi,',
      recipients: [{ name: 'R', title: 'RT', organization: 'RO', address: ['L1', 'L2'] }],
    });
  });

  test('without a terminal, a missing value names its flag and writes nothing', async () => {
    const dir = testdir();
    const { ctx } = fakeContext(dir);
    await expect(newLetter(ctx, 'x', { title: 'T' })).rejects.toThrow(/missing --to/);
    expect(existsSync(path.join(dir, 'letters/x.yaml'))).toBe(false);
  });

  test('an unknown template is refused before anything is written', async () => {
    const dir = testdir();
    const { ctx } = fakeContext(dir);
    await expect(newLetter(ctx, 'x', { title: 'T', to: 'R', template: 'fancy' })).rejects.toThrow(/no template named "fancy"/);
    expect(existsSync(path.join(dir, 'letters'))).toBe(false);
  });
});

describe('sign and unsign', () => {
  test('sign asks for the organization, name and title in a terminal', async () => {
    const dir = testdir({ 'letters/l.yaml': example() });
    const { ctx, out, asked } = fakeContext(dir, ['Lietuvos Žmogaus Teisių Centras', 'Rūta Žilinskienė', 'Director']);
    await sign(ctx, 'l', {});
    expect(asked).toEqual(['Organization (leave empty for an individual):', 'Name of the person signing:', 'Their title (optional):']);
    expect(out).toEqual(['Signed: Rūta Žilinskienė, Director, Lietuvos Žmogaus Teisių Centras', '8 signatories']);
    const { letter } = parseLetter(readFileSync(path.join(dir, 'letters/l.yaml'), 'utf8'), 'x');
    expect(letter.signatories.at(-1)).toEqual({
      organization: 'Lietuvos Žmogaus Teisių Centras',
      name: 'Rūta Žilinskienė',
      title: 'Director',
      signed: '2026-03-02',
      text: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
  });

  test('for an individual (no organization), sign also asks for the affiliation', async () => {
    const dir = testdir({ 'letters/l.yaml': example() });
    const { ctx, out, asked } = fakeContext(dir, ['', 'J. Alex Halderman', 'Professor', 'University of Michigan']);
    await sign(ctx, 'l', {});
    expect(asked.at(-1)).toBe('Their affiliation, printed under the name (optional):');
    expect(asked).toHaveLength(4);
    expect(out[0]).toBe('Signed: J. Alex Halderman, Professor, University of Michigan');
    const { letter } = parseLetter(readFileSync(path.join(dir, 'letters/l.yaml'), 'utf8'), 'x');
    expect(letter.signatories.at(-1)).toEqual(
      expect.objectContaining({ name: 'J. Alex Halderman', title: 'Professor', affiliation: 'University of Michigan' }),
    );
    expect(letter.signatories.at(-1)!.organization).toBeUndefined();
  });

  test('sign then unsign gives back the file byte for byte, with the withdrawal recorded at the end', async () => {
    const dir = testdir({ 'letters/l.yaml': example() });
    const { ctx } = fakeContext(dir);
    await sign(ctx, 'l', { org: 'Extra Org', name: 'X' });
    await unsign(ctx, 'l', { org: 'extra org' });
    const text = readFileSync(path.join(dir, 'letters/l.yaml'), 'utf8');
    expect(text.startsWith(example())).toBe(true);
    expect(text.slice(example().length)).toMatch(/^withdrawn:\n {2}- organization: Extra Org\n {4}name: X\n/);
  });

  test('a refused signature leaves the file untouched', async () => {
    const dir = testdir({ 'letters/l.yaml': example() });
    const { ctx } = fakeContext(dir);
    await expect(sign(ctx, 'l', { org: 'NORTHERN valleys water coalition' })).rejects.toThrow(/already signed/);
    expect(readFileSync(path.join(dir, 'letters/l.yaml'), 'utf8')).toBe(example());
  });
});

describe('list, check, render', () => {
  test('list shows slug, status, count and title; --json too', async () => {
    const dir = testdir({ 'letters/b.yaml': example(), 'letters/a.yaml': 'title: A\nrecipient:\n  name: R\n' });
    const { ctx, out } = fakeContext(dir);
    await list(ctx, {});
    expect(out[0]).toMatch(/^SLUG\s+STATUS\s+SIGNED\s+PENDING\s+EARLIER\s+TITLE$/);
    expect(out[1]).toMatch(/^a\s+draft\s+0\s+0\s+0\s+A$/);
    expect(out[2]).toMatch(/^b\s+open\s+7\s+0\s+0\s+Water and land rights/);
    const json = fakeContext(dir);
    await list(json.ctx, { json: true });
    expect(JSON.parse(json.out.join('\n')).letters).toEqual([
      { slug: 'a', status: 'draft', signatories: 0, pending: 0, earlierText: 0, title: 'A', languages: [{ lang: 'en', state: 'letter' }] },
      expect.objectContaining({ slug: 'b', status: 'open', signatories: 7 }),
    ]);
  });

  test('check reports every problem of every letter', async () => {
    const dir = testdir({ 'letters/good.yaml': example(), 'letters/bad.yaml': 'title: T\nrecipient:\n  nme: R\nstatus: shut\n' });
    const { ctx, out, err } = fakeContext(dir);
    await expect(check(ctx, [])).rejects.toThrow(/1 of 2 letters has problems/);
    expect(out).toEqual(['ok  letters/good.yaml (7 signatories)']);
    expect(err).toHaveLength(3);
    expect(err[0]).toMatch(/^letters: letters\/bad\.yaml:3:3: unknown field "nme" in recipient — did you mean "name"\?$/);
    expect(err[1]).toBe('letters: letters/bad.yaml:3:3: missing required field "recipient.name" — add recipient.name: …');
    expect(err[2]).toBe('letters: letters/bad.yaml:4:9: "status" cannot be "shut" — use one of draft, open, closed');
  });

  test('render -o - writes the PDF to stdout only', async () => {
    const dir = testdir({ 'letters/l.yaml': example() });
    const { ctx, out, err, stdout } = fakeContext(dir);
    await render(ctx, 'l', { output: '-' });
    expect(out).toEqual([]);
    expect(err).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['letters']);
    expect(readdirSync(path.join(dir, 'letters'))).toEqual(['l.yaml']);
    const pdf = await readPdf(Buffer.concat(stdout));
    expect(pdf.text).toContain('Katarzyna Wiśniewska');
  });
});

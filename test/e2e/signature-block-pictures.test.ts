import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { cropPage, hasPdftoppm, referenceFailures } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

/*
 * A numbered list with descriptions (issue 14), as pictures looked at by a person: the
 * endorsers of a WTO letter, numbered, each network followed by its sentence, one highlighted,
 * in `lines` (the description after the name, a dash between) and in `blocks` (under it), with
 * the line before the list. LETTERS_UPDATE_REFERENCES=1 rewrites them: look at each first.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/signature-block');
const DPI = 100;
const px = (pt: number): number => Math.round((pt * DPI) / 72);

const NETWORKS: [string, string][] = [
  [
    'Our World Is Not For Sale (OWINFS)',
    'A global network of organizations and social movements fighting the corporate globalization agenda.',
  ],
  [
    'Third World Network',
    'An independent non-profit international network of organizations and individuals involved in development issues.',
  ],
  ['Africa Trade Network', 'A network of African civil society organizations working on trade and economic justice.'],
  ['Asia Pacific Forum on Women, Law and Development', 'A regional feminist network of 250 members in 27 countries.'],
  ['Public Services International', 'A global union federation of 700 unions representing 30 million workers in 154 countries.'],
  [
    'Red Latinoamericana sobre Deuda, Desarrollo y Derechos',
    'A network of organizations from 14 countries of Latin America and the Caribbean.',
  ],
];

function letter(layout: string): string {
  const entries = NETWORKS.map(
    ([organization, description], i) =>
      `  - organization: ${organization}\n    description: ${description}\n${i === 0 ? '    highlight: true\n' : ''}`,
  ).join('');
  return `title: Turnaround the WTO\ntemplate: open-letter\nsalutation: ""\nintro: We call for a turnaround.\nsignoff: Signed,\nsignatories_intro: "Endorsers as of April 30, 2020:"\nnumbered: true\nsignatory_layout: ${layout}\nsignatories:\n${entries}`;
}

async function renderPdf(yaml: string): Promise<Buffer> {
  const cwd = testdir({ 'letters/l.yaml': yaml });
  const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.bytes;
}

/** A picture of the text column from the line before the list down `height` points. */
async function fromIntro(bytes: Buffer, height: number): Promise<Buffer> {
  const pdf = await readPdf(bytes);
  const page = pdf.pages[0]!;
  const intro = page.items.find((i) => i.text === 'Endorsers as of April 30, 2020:')!;
  const top = page.height - intro.y - 12;
  return cropPage(bytes, 1, DPI, { x: px(60), y: px(top), w: px(612 - 120), h: px(height) });
}

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('a numbered list with descriptions, against reference pictures', () => {
  test('lines and blocks', async () => {
    const pictures: [string, Buffer][] = [
      ['numbered-descriptions-lines', await fromIntro(await renderPdf(letter('lines')), 232)],
      ['numbered-descriptions-blocks', await fromIntro(await renderPdf(letter('blocks')), 282)],
    ];
    expect(referenceFailures(FIXTURES, pictures)).toEqual([]);
  });
});

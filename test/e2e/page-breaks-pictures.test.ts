import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { cropPage, hasPdftoppm, referenceFailures } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

/*
 * Page breaks as pictures, looked at by a person: the head of page 2 of a one-signatory appeal
 * whose text ends near the foot of page 1 (the closing's last two lines, the signoff and the
 * signatory, together), and page 2 of a 29-name lines list in two groups (the text's last
 * lines, the signoff and the whole list). LETTERS_UPDATE_REFERENCES=1 rewrites them: look at
 * every one before committing it.
 */

const FIXTURES = path.join(ROOT, 'test/fixtures/pages');
const DPI = 100;
const LETTER = { width: 612, height: 792 };
const px = (pt: number): number => Math.round((pt * DPI) / 72);

async function renderPdf(file: string): Promise<Buffer> {
  const cwd = testdir({ 'letters/l.yaml': readFileSync(path.join(FIXTURES, file), 'utf8') });
  const r = await runInMemory(['render', 'l', '-o', '-'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.bytes;
}

/** The page (from 1) each line holding `text` stands on. */
async function pagesOf(bytes: Buffer, text: RegExp): Promise<number[]> {
  const pdf = await readPdf(bytes);
  return pdf.pages.flatMap((p, i) => p.items.filter((item) => text.test(item.text)).map(() => i + 1));
}

/** The text column of a page, from its top margin down `height` points. */
const column = (bytes: Buffer, page: number, height: number): Buffer =>
  cropPage(bytes, page, DPI, { x: px(60), y: px(60), w: px(LETTER.width - 120), h: px(height) });

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('page breaks, against reference pictures', () => {
  test('a one-signatory appeal and a 29-name lines list in two groups', async () => {
    const appeal = await renderPdf('one-signatory.yaml');
    // What the pictures show, said in words too.
    expect(await pagesOf(appeal, /^(Yours sincerely,|Jean-François Dubois|her arrest\.)$/)).toEqual([2, 2, 2]);
    const list = await renderPdf('lines-29.yaml');
    expect(new Set(await pagesOf(list, /^(Sincerely,|Member organizations|Supporting organizations|.*, WaterAid)$/))).toEqual(new Set([2]));
    const pictures: [string, Buffer][] = [
      ['one-signatory', column(appeal, 2, 150)],
      ['lines-29', column(list, 2, 662)],
    ];
    expect(referenceFailures(FIXTURES, pictures)).toEqual([]);
  });
});

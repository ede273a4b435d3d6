// Many letters in one process (a mail merge, render --all) share fonts, parsed glyphs and formats:
// each letter must be byte for byte what rendering it alone, in a fresh process, gives.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, cleanEnv, runBin } from '../helpers/cli.js';
import { startSmtp } from '../helpers/smtp.js';
import { testdir } from '../helpers/testdir.js';

const visit = readFileSync(path.join(ROOT, 'test/fixtures/formats/visit.yaml'), 'utf8').replace(
  'closing: |\n',
  'closing: |\n  We hope to see {{recipient.name}} in the valley.\n',
);

/**
 * Rows that give each letter glyphs the others lack, in another order: digits in different
 * orders, Latin with accents, Greek, Arabic (a font of its own, right to left), Vietnamese.
 */
const ROWS = [
  'Member 9081,Representative,"1203 Independence Ave SW",Washington,DC,20515,Dear Representative 9081:',
  'Ağaoğlu Ștefan Dvořák,Ministre,"12 rue de Rivoli",Paris,,75001,Madame la Ministre,',
  'Γιώργος Παπαδόπουλος,Υπουργός,"Οδός Αθηνάς 7",Αθήνα,,10551,Αξιότιμε κύριε Υπουργέ,',
  'محمد الأحمد,وزير,"شارع 12",القاهرة,,11511,',
  'Nguyễn Thị Hương,Bộ trưởng,"45 Tràng Tiền",Hà Nội,,100000,Kính gửi Bộ trưởng:',
  'Member 1,Representative,"7 Main St",Springfield,IL,62701,Dear Representative 1:',
];
const HEAD = 'Name,Title,Address,City,State,ZIP,Salutation';
const csv = (rows: string[]): string => `${HEAD}\r\n${rows.join('\r\n')}\r\n`;

describe('many letters in one process', () => {
  test("a mail merge's letters are each what rendering that recipient alone gives, in either order", async () => {
    const alone = Object.fromEntries(ROWS.map((row, i) => [`alone-${i}.csv`, csv([row])]));
    const dirs = ['all', 'reversed', ...ROWS.map((_, i) => `one-${i}`)];
    const cwd = testdir({
      'letters/visit.yaml': visit,
      'all.csv': csv(ROWS),
      'reversed.csv': csv([...ROWS].reverse()),
      ...alone,
      ...Object.fromEntries(dirs.map((d) => [`${d}/.keep`, ''])),
    });
    /** Each row's letter, in the sheet's order (--json names the files written, row by row). */
    const merge = async (sheet: string, out: string): Promise<Buffer[]> => {
      const r = await runBin(['render', 'visit', '--recipients', sheet, '-o', out, '--json'], { cwd, timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      const written = (JSON.parse(r.stdout) as { files: string[] }).files;
      expect(readdirSync(path.join(cwd, out)).filter((f) => f.endsWith('.pdf'))).toHaveLength(written.length);
      return written.map((f) => readFileSync(path.join(cwd, f)));
    };
    const together = await merge('all.csv', 'all');
    const reversed = (await merge('reversed.csv', 'reversed')).reverse();
    const singles: Buffer[] = [];
    for (const i of ROWS.keys()) singles.push(...(await merge(`alone-${i}.csv`, `one-${i}`)));
    expect(together).toHaveLength(ROWS.length);
    expect(singles).toHaveLength(ROWS.length);
    for (const [i, bytes] of singles.entries()) {
      expect(bytes.subarray(0, 5).toString('latin1'), ROWS[i]).toBe('%PDF-');
      expect(together[i]!.equals(bytes), `${ROWS[i]}: in the merge`).toBe(true);
      expect(reversed[i]!.equals(bytes), `${ROWS[i]}: in the merge of the rows reversed`).toBe(true);
    }
    // The letters differ where their recipients do: no recipient's text in another's letter.
    expect(new Set(singles.map((b) => b.toString('base64'))).size).toBe(ROWS.length);
  });

  test('render --all: each letter is what rendering it alone gives', async () => {
    const names = ['visit', 'greek', 'arabic'];
    const cwd = testdir({
      'letters/visit.yaml': visit.replace('{{recipient.name}}', 'the minister'),
      'letters/greek.yaml': visit.replace('{{recipient.name}}', 'τον Υπουργό').replace(/^title: .*$/m, 'title: Επίσκεψη'),
      'letters/arabic.yaml': visit.replace('{{recipient.name}}', 'الوزير').replace(/^title: .*$/m, 'title: زيارة'),
      'all/.keep': '',
      'one/.keep': '',
    });
    const r = await runBin(['render', '--all', '-o', 'all'], { cwd, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const name of names) {
      const one = await runBin(['render', name, '-o', `one/${name}.pdf`], { cwd });
      expect(one.code, one.stderr).toBe(0);
      const alone = readFileSync(path.join(cwd, `one/${name}.pdf`));
      expect(readFileSync(path.join(cwd, `all/${name}.pdf`)).equals(alone), name).toBe(true);
    }
  });

  test("send --recipients: each message's PDF is the mail merge's letter for its row (the next is drawn while one is sent)", async () => {
    const letter = `title: Water rights
status: closed
from: Coalition <coord@example.org>
salutation: "Dear {{recipient.name}},"
intro: |
  We, the undersigned organizations, write to you, {{recipient.name}}.
signatories:
  - organization: Human Rights Watch
    text: TEXT
`;
    const names = ['Agnès Moreau', 'Γιώργος Παπαδόπουλος', 'Member 9081', 'محمد الأحمد', 'Nguyễn Thị Hương'];
    const rows = names.map((n, i) => `"${n}",member${i}@parliament.example`);
    const cwd = testdir({ 'letters/.keep': '', 'members.csv': `Name,Email\r\n${rows.join('\r\n')}\r\n`, 'out/.keep': '' });
    const file = path.join(cwd, 'letters/water.yaml');
    writeFileSync(file, letter.replace('TEXT', '00000000'));
    const text = (JSON.parse((await runBin(['status', 'water', '--json'], { cwd })).stdout) as { text: string }).text;
    writeFileSync(file, letter.replace('TEXT', text));
    const merged = await runBin(['render', 'water', '--recipients', 'members.csv', '-o', 'out', '--json'], { cwd });
    expect(merged.code, merged.stderr).toBe(0);
    const letters = (JSON.parse(merged.stdout) as { files: string[] }).files.map((f) => readFileSync(path.join(cwd, f)));
    const server = await startSmtp();
    try {
      const sent = await runBin(['send', 'water', '--recipients', 'members.csv', '--smtp', '--yes'], {
        cwd,
        env: cleanEnv({ LETTERS_SMTP_URL: server.url }),
      });
      expect(sent.code, sent.stderr).toBe(0);
      expect(server.received).toHaveLength(names.length);
      for (const [i, name] of names.entries()) {
        const mail = server.received.find((m) => m.to[0] === `member${i}@parliament.example`)!;
        expect(mail.mail.attachments[0]!.content.equals(letters[i]!), name).toBe(true);
      }
    } finally {
      await server.close();
    }
  }, 90_000);
});

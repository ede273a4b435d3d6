// The floor for a mail merge: one process drawing N similar one-page letters with pdfkit,
// each its own PDF with the same embedded fonts, with no YAML, CSV, templates or layout of
// our own. Usage: node bench/bare-pdfkit-loop.mjs <text.json> <count> <out-dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const font = (p) => readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${p}`));
const [input, count, outDir] = process.argv.slice(2);
const { paragraphs, signatures } = JSON.parse(readFileSync(input, 'utf8'));
const faces = {
  regular: font('400Regular/NotoSerif_400Regular.ttf'),
  bold: font('700Bold/NotoSerif_700Bold.ttf'),
  italic: font('400Regular_Italic/NotoSerif_400Regular_Italic.ttf'),
  boldItalic: font('700Bold_Italic/NotoSerif_700Bold_Italic.ttf'),
};
mkdirSync(outDir, { recursive: true });

function letter(i) {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'LETTER', margins: { top: 72, bottom: 72, left: 72, right: 72 } });
    for (const [name, bytes] of Object.entries(faces)) doc.registerFont(name, bytes);
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => {
      writeFileSync(path.join(outDir, `letter-${i}.pdf`), Buffer.concat(chunks));
      resolve();
    });
    doc.font('regular').fontSize(11);
    doc.text(`Member Number ${i}\nRepresentative\nHouse of Representatives`, { width: 468, paragraphGap: 9 });
    doc.text(`Dear Representative Number ${i}:`, { width: 468, paragraphGap: 9 });
    for (const [lead, text] of paragraphs) {
      if (lead) doc.font('bold').text(`${lead} `, { width: 468, continued: true });
      doc.font('regular').text(text, { width: 468, paragraphGap: 9 });
    }
    for (const s of signatures) doc.text(s.join('\n'), { width: 222, paragraphGap: 14 });
    doc.end();
  });
}

for (let i = 0; i < Number(count); i++) await letter(i);

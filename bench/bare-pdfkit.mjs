// The floor for rendering: the same text drawn with pdfkit and the same embedded fonts,
// with no YAML, no templates, no Markdown and no layout of our own.
// Usage: node bench/bare-pdfkit.mjs <text.json> <out.pdf>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const font = (p) => readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${p}`));
const [input, output] = process.argv.slice(2);
const { paragraphs, signatures } = JSON.parse(readFileSync(input, 'utf8'));
// paragraphs: [lead, text] pairs; a lead (an issue title) is drawn bold, running into the text.

const doc = new PDFDocument({ size: 'LETTER', margins: { top: 72, bottom: 72, left: 72, right: 72 } });
doc.registerFont('regular', font('400Regular/NotoSerif_400Regular.ttf'));
doc.registerFont('bold', font('700Bold/NotoSerif_700Bold.ttf'));
doc.registerFont('italic', font('400Regular_Italic/NotoSerif_400Regular_Italic.ttf'));
doc.registerFont('boldItalic', font('700Bold_Italic/NotoSerif_700Bold_Italic.ttf'));
const chunks = [];
doc.on('data', (c) => chunks.push(c));
doc.on('end', () => writeFileSync(output, Buffer.concat(chunks)));
doc.font('regular').fontSize(11);
for (const [lead, text] of paragraphs) {
  if (lead) doc.font('bold').text(`${lead} `, { width: 468, continued: true });
  doc.font('regular').text(text, { width: 468, paragraphGap: 9 });
}
for (const s of signatures) doc.text(s.join('\n'), { width: 222, paragraphGap: 14 });
doc.end();

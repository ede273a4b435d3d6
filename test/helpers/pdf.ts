import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextItem {
  text: string;
  /** The embedded font's PostScript name without the subset tag, e.g. NotoSerif-Bold. */
  font: string;
  x: number;
  y: number;
  /** How far the item's text advances along its baseline, in points. */
  width: number;
}

/** A tagged-PDF structure element as pdf.js reports it: its role and its child elements. */
export interface StructNode {
  role: string;
  children: StructNode[];
}

export interface PdfPage {
  items: PdfTextItem[];
  /** The page's structure tree (tagged PDF), from the root's first element down. */
  structure: StructNode[];
  /** The page's text, items joined in drawing order, lines separated by \n. */
  text: string;
  links: string[];
  width: number;
  height: number;
}

export interface ReadPdf {
  pages: PdfPage[];
  info: Record<string, unknown>;
  /** All pages' text. */
  text: string;
}

/** Read a PDF back with pdf.js: text in drawing order with fonts and positions, links, metadata. */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getOperatorList(); // loads the fonts into commonObjs
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const font = page.commonObjs.get(item.fontName) as { name?: string } | undefined;
      items.push({
        text: item.str,
        font: (font?.name ?? item.fontName).replace(/^[A-Z]{6}\+/, ''),
        x: item.transform[4] as number,
        y: item.transform[5] as number,
        width: item.width,
      });
    }
    let text = '';
    let lastY: number | undefined;
    for (const item of items) {
      if (lastY !== undefined) text += Math.abs(item.y - lastY) > 1 ? '\n' : '';
      text += item.text;
      lastY = item.y;
    }
    const annotations = (await page.getAnnotations()) as { subtype: string; url?: string }[];
    const viewport = page.getViewport({ scale: 1 });
    type Raw = { role?: string; children?: Raw[] };
    const toNode = (n: Raw): StructNode[] => (n.role ? [{ role: n.role, children: (n.children ?? []).flatMap(toNode) }] : []);
    const tree = (await page.getStructTree()) as Raw | null;
    const structure = (tree?.children ?? []).flatMap(toNode);
    pages.push({
      items,
      text,
      structure,
      links: annotations.filter((a) => a.subtype === 'Link' && a.url).map((a) => a.url!),
      width: viewport.width,
      height: viewport.height,
    });
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, info: meta.info as Record<string, unknown>, text: pages.map((p) => p.text).join('\n') };
}

/**
 * Where `text` stands on `page`: the box of the run of items on one baseline whose texts,
 * joined in drawing order, hold it. Right to left, glyphs are written in reading order and
 * pdf.js gives each one an item of its own.
 */
export function findText(page: PdfPage, text: string): { x: number; y: number; width: number } | undefined {
  const { items } = page;
  for (let i = 0; i < items.length; i++) {
    let joined = '';
    for (let j = i; j < items.length && Math.abs(items[j]!.y - items[i]!.y) < 0.5; j++) {
      joined += items[j]!.text;
      if (joined.includes(text)) {
        const run = items.slice(i, j + 1);
        const left = Math.min(...run.map((r) => r.x));
        const right = Math.max(...run.map((r) => r.x + r.width));
        return { x: left, y: items[i]!.y, width: right - left };
      }
    }
  }
  return undefined;
}

//! The share image of `letters publish`: a 1200 × 630 PNG (the Open Graph size) with the
//! letter's title and its count sentence, drawn on @napi-rs/canvas in the fonts of the stack
//! that the text needs, in any script and direction. Marked as letters' own like a preview.
import type { StackFont } from '../inline/font-list.js';
import type { FontStack } from '../inline/font-stack.js';
import { withSoftwareText } from './png.js';
import { PNG_SOFTWARE } from './writer.js';

export interface ShareCard {
  title: string;
  sentence: string;
  /** A small line at the foot: the date of the last signature. */
  footer?: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  stack: FontStack;
  readFont: (font: StackFont, file: string) => Buffer;
}

export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 630;

/** The families to draw a text in: each font of the stack it needs, registered once. */
async function families(card: ShareCard, text: string, bold: boolean): Promise<string> {
  const { GlobalFonts } = await import('@napi-rs/canvas');
  const needed: StackFont[] = [];
  for (const ch of text) {
    const font = card.stack.fontFor(ch.codePointAt(0)!);
    if (font !== undefined && !needed.includes(font)) needed.push(font);
  }
  if (!needed.includes(card.stack.fonts[0]!)) needed.unshift(card.stack.fonts[0]!);
  return needed
    .map((font) => {
      const file = bold && font.bold ? font.bold : font.regular;
      const family = `letters-${font.id}${file === font.regular ? '' : '-bold'}`;
      if (!GlobalFonts.has(family)) GlobalFonts.register(card.readFont(font, file), family);
      return `"${family}"`;
    })
    .join(', ');
}

interface Ctx2d {
  font: string;
  measureText(text: string): { width: number };
}

/** Lines of at most `width`, broken between words (or between CJK characters, by the language's segmenter). */
function wrap(ctx: Ctx2d, text: string, width: number, lang: string, maxLines: number): string[] {
  let segments: string[];
  try {
    segments = [...new Intl.Segmenter(lang, { granularity: 'word' }).segment(text)].map((s) => s.segment);
  } catch {
    segments = text.split(/(\s+)/);
  }
  const lines: string[] = [];
  let line = '';
  for (const seg of segments) {
    const next = line + seg;
    if (line !== '' && ctx.measureText(next.trimEnd()).width > width) {
      lines.push(line.trimEnd());
      line = seg.trimStart();
    } else line = next;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 0 && ctx.measureText(`${last}…`).width > width) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** The card as PNG bytes. */
export async function shareImage(card: ShareCard): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(SHARE_WIDTH, SHARE_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fbfaf7';
  ctx.fillRect(0, 0, SHARE_WIDTH, SHARE_HEIGHT);
  ctx.fillStyle = '#1f3f73';
  const rtl = card.dir === 'rtl';
  ctx.fillRect(rtl ? SHARE_WIDTH - 24 : 0, 0, 24, SHARE_HEIGHT);
  ctx.direction = card.dir;
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
  const margin = 88;
  const x = rtl ? SHARE_WIDTH - margin : margin;
  const width = SHARE_WIDTH - 2 * margin;
  ctx.fillStyle = '#111111';
  ctx.font = `bold 64px ${await families(card, card.title, true)}`;
  const titleLines = wrap(ctx, card.title, width, card.lang, 4);
  let y = 150;
  for (const l of titleLines) {
    ctx.fillText(l, x, y);
    y += 80;
  }
  ctx.fillStyle = '#1f3f73';
  ctx.font = `36px ${await families(card, card.sentence, false)}`;
  y += 30;
  for (const l of wrap(ctx, card.sentence, width, card.lang, 3)) {
    ctx.fillText(l, x, y);
    y += 48;
  }
  if (card.footer !== undefined) {
    ctx.fillStyle = '#555555';
    ctx.font = `26px ${await families(card, card.footer, false)}`;
    ctx.fillText(card.footer, x, SHARE_HEIGHT - 56);
  }
  return withSoftwareText(canvas.toBuffer('image/png'), PNG_SOFTWARE);
}

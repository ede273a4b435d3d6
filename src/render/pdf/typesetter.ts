/*
 * Setting type: runs broken into lines with the letter's fonts at the current size, and lines
 * drawn glyph by glyph as they were measured, on one baseline whatever font draws each piece.
 */
import type { Run } from '../document/tree.js';
import { numbers } from '../../core/text/dates-and-numbers.js';
import { PRIMARY, spanLanguage } from '../inline/font-list.js';
import type { Fonts } from '../inline/fonts.js';
import { type BreakOptions, breakLines, type Line, type Segment, type Style } from '../inline/line-breaker.js';
import { resolveRuns } from '../inline/runs.js';
import type { DrawnRun } from '../inline/shape.js';
import type { Face } from '../inline/shape.js';
import type { Glyph } from 'fontkit';
import { BODY_SIZE, LEADING, LINK_COLOR, TEXT_COLOR, type TypeSize } from './page-style.js';
import { drawGlyphs, embedShapedFont } from './pdfkit-adapter.js';
import type { Tagging } from './tagging.js';

/** Text with more than white space (what String.prototype.trim leaves something of). */
const VISIBLE = /\S/;

/**
 * Lines of a paragraph, by what they are made of (runs, width, size, direction, language), per
 * font set: a paragraph is measured before it is drawn, and a mail merge's or `render --all`'s
 * letters share their body text, laid out once a run. The lines are a function of that key
 * alone (the fonts' shaping is), and only read once made. Short texts (a signatory's entry) are
 * cheaper to lay out again than to key; the oldest are dropped past KEPT_MAX.
 */
const keptLines = new WeakMap<Fonts, Map<string, Line[]>>();
const KEPT_FROM = 120;
const KEPT_MAX = 512;

/** Measures and draws lines of text at the current type size, in the letter's direction. */
export class Typesetter {
  private fontSize = BODY_SIZE;
  private leading = LEADING;
  private readonly registered = new Set<string>();
  private ascentPerEm: number | undefined;
  /** Per face, the face and glyph of the space written at the end of a line (drawLineEnd). */
  private readonly spaces = new Map<string, { face: Face; glyph: Glyph }>();
  /** Page and list numbers in the letter's digits (Arabic-Indic for ar-EG, Persian for fa, Bengali for bn …). */
  readonly number: (n: number) => string;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: Fonts,
    private readonly tags: Tagging,
    private readonly lang: string,
    private rtl: boolean,
  ) {
    const digits = numbers(lang, { useGrouping: false });
    // Digits no font has (Myanmar, say) fall back to European ones rather than fail the letter.
    const drawable = [...digits.format(1234567890)].every((ch) => fonts.stack.covers(ch.codePointAt(0)!));
    this.number = (n) => (drawable ? digits.format(n) : String(n));
  }

  /** The face a segment is drawn in: its font of the stack, in its style. */
  private face(style: Style): Face {
    return this.fonts.shaper.face(
      style.font ?? PRIMARY,
      style.face === 'bold' || style.face === 'boldItalic',
      style.face === 'italic' || style.face === 'boldItalic',
    );
  }

  /**
   * Runs resolved to fonts and bidi levels, then broken into lines at the current size; the
   * same lines serve to measure and to draw.
   */
  layout(runs: Run[], width: number, options?: BreakOptions): Line[] {
    let length = 0;
    for (const run of runs) length += run.text.length;
    if (length < KEPT_FROM) return this.breakLines(runs, width, options);
    const key = JSON.stringify([this.fontSize, width, this.rtl, this.lang, options ?? null, runs]);
    let kept = keptLines.get(this.fonts);
    if (kept === undefined) {
      kept = new Map();
      keptLines.set(this.fonts, kept);
    }
    let lines = kept.get(key);
    if (lines === undefined) {
      lines = this.breakLines(runs, width, options);
      if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value!);
      kept.set(key, lines);
    }
    return lines;
  }

  private breakLines(runs: Run[], width: number, options?: BreakOptions): Line[] {
    const size = this.fontSize;
    const { shaper, stack } = this.fonts;
    return breakLines(
      resolveRuns(runs, stack, this.rtl, this.lang),
      width,
      (text, _, style) => shaper.width(this.face(style), text, size, style.level % 2 === 1),
      { lang: this.lang, ...options },
    );
  }

  /** The body font's ascent at the current size: from the top of a line to its baseline. */
  private ascent(): number {
    if (this.ascentPerEm === undefined) {
      const font = this.fonts.shaper.face(PRIMARY, false, false).font;
      this.ascentPerEm = font.ascent / font.unitsPerEm;
    }
    return this.ascentPerEm * this.fontSize;
  }

  /**
   * Draw one segment at (x, y): its glyphs as shaped here, in reading order, each reading as the
   * text it stands for (see glyph-text.ts), not as pdfkit would lay them out.
   */
  drawSegment(seg: Segment, x: number, y: number): void {
    const doc = this.doc;
    const face = this.face(seg);
    if (!this.registered.has(face.key)) {
      embedShapedFont(doc, face.key, face.font);
      this.registered.add(face.key);
    }
    doc
      .font(face.key)
      .fontSize(this.fontSize)
      .fillColor(seg.href ? LINK_COLOR : TEXT_COLOR);
    const run = this.fonts.shaper.drawn(face, seg.text, seg.level % 2 === 1);
    // The text's language (a marked passage's, else the letter's), or the one its script says
    // when it is another's (a Chinese name in a French sentence): a Span when not its element's.
    const textLang = seg.lang ?? this.lang;
    const lang = (seg.font && spanLanguage(seg.font, seg.text, textLang)) ?? textLang;
    if (VISIBLE.test(seg.text)) {
      this.tags.inLanguage(lang, () => this.drawRun(run, seg, x, y));
    } else {
      this.drawRun(run, seg, x, y);
    }
  }

  private drawRun(run: DrawnRun, seg: Segment, x: number, y: number): void {
    const doc = this.doc;
    const width = (run.advanceWidth * this.fontSize) / 1000;
    // Links and underlines as pdfkit's text() draws them, over the segment's width.
    if (seg.href !== undefined) {
      doc.link(x, y, width, doc.currentLineHeight(), seg.href);
      const lineWidth = this.fontSize < 10 ? 0.5 : Math.floor(this.fontSize / 10);
      const lineY = y + doc.currentLineHeight() - lineWidth;
      doc
        .save()
        .strokeColor(LINK_COLOR)
        .lineWidth(lineWidth)
        .moveTo(x, lineY)
        .lineTo(x + width, lineY)
        .stroke()
        .restore();
    }
    // Every font on one baseline, where the body font's would be: each font has its own ascent.
    drawGlyphs(doc, this.fontSize, x, y + this.ascent(), run.glyphs);
    doc.x = x + width;
    doc.y = y;
  }

  /**
   * Draw a line from `x` in a column `width` wide; right to left, it starts at the column's right
   * edge. Segments are placed in visual order and written in reading order, so that a reader
   * following the PDF's text (a screen reader, a copy) meets them as they are read.
   */
  drawLine(line: Line, x: number, y: number, width: number): void {
    let cx = this.rtl ? x + width - line.width : x;
    if (line.reading === undefined) {
      for (const seg of line.segments) {
        this.drawSegment(seg, cx, y);
        cx += seg.width;
      }
    } else {
      const at = new Map<Segment, number>();
      for (const seg of line.segments) {
        at.set(seg, cx);
        cx += seg.width;
      }
      for (const seg of line.reading) this.drawSegment(seg, at.get(seg)!, y);
    }
    if (line.spaceAfter !== undefined && line.segments.length > 0) {
      this.drawLineEnd(line.spaceAfter, this.rtl ? x + width - line.width : x + line.width, y);
    }
    this.doc.fillColor(TEXT_COLOR);
  }

  /**
   * Lay out and draw text in another base direction than the letter's (`rtl`), then return to
   * the letter's: a paragraph in Arabic beside its English original, aligned from its own side.
   */
  inDirection<T>(rtl: boolean | undefined, draw: () => T): T {
    if (rtl === undefined || rtl === this.rtl) return draw();
    const own = this.rtl;
    this.rtl = rtl;
    try {
      return draw();
    } finally {
      this.rtl = own;
    }
  }

  /**
   * The space a line was broken at, which is not drawn, written just past the line's end in
   * reading order (`x`: its right end, or its left end right to left) as the font's own space
   * glyph, which draws nothing and reads as " ": as tagged-PDF producers do, so that the
   * structure tree and the readers following the content keep the words on either side of the
   * break apart. It is the same glyph as the spaces inside lines, with the same width.
   */
  private drawLineEnd(style: Style, x: number, y: number): void {
    const { face, glyph } = this.spaceOf(this.face(style), style);
    if (!this.registered.has(face.key)) {
      embedShapedFont(this.doc, face.key, face.font);
      this.registered.add(face.key);
    }
    const { x: docX, y: docY } = this.doc;
    this.doc.font(face.key).fontSize(this.fontSize);
    const width = (glyph.advanceWidth * this.fontSize) / face.font.unitsPerEm;
    const at = this.rtl ? x - width : x;
    drawGlyphs(this.doc, this.fontSize, at, y + this.ascent(), [{ glyph, text: ' ', x: 0, y: 0, advance: 0 }]);
    this.doc.x = docX;
    this.doc.y = docY;
  }

  /** The face whose space ends a line set in `face` (its own, or the body font's in the style), and that space's glyph. */
  private spaceOf(face: Face, style: Style): { face: Face; glyph: Glyph } {
    // A fallback face may stand for several styles, each falling back to the body font's own.
    const key = `${face.key} ${style.face}`;
    let space = this.spaces.get(key);
    if (space === undefined) {
      const drawn = face.font.hasGlyphForCodePoint(0x20) ? face : this.face({ face: style.face, level: style.level });
      space = { face: drawn, glyph: drawn.font.glyphForCodePoint(0x20) };
      this.spaces.set(key, space);
    }
    return space;
  }

  lineHeight(): number {
    return this.fontSize * this.leading;
  }

  /** Run `draw` at another type size and leading, then return to the body's. */
  withType<T>(type: TypeSize, draw: () => T): T {
    const { fontSize, leading } = this;
    this.fontSize = type.size;
    this.leading = type.leading;
    try {
      return draw();
    } finally {
      this.fontSize = fontSize;
      this.leading = leading;
    }
  }

  /**
   * Draw at another size something that stands apart from the body (a page's notes, its
   * number), then return to the body's size, pdfkit's current one included.
   */
  atSize(size: number, draw: () => void): void {
    const body = this.fontSize;
    this.fontSize = size;
    try {
      draw();
    } finally {
      this.fontSize = body;
      this.doc.fontSize(body);
    }
  }
}

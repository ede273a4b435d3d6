/*
 * Tagged PDF: each block becomes a structure element (P, H1–H3, L/LI/Lbl/LBody, BlockQuote,
 * Div, Note, Figure with its /Alt and Caption) holding the content drawn for it, so screen
 * readers and reflow get the letter's structure; text in another language than the letter's
 * is a Span with its own /Lang; what is only decoration (a logo whose name is printed under
 * it, a running head) is an artifact.
 */

/** The structure tree of the PDF being drawn, and the element that what is drawn now belongs to. */
export class Tagging {
  private structure: PDFKit.PDFStructureElement;
  private readonly root: PDFKit.PDFStructureElement;
  /** The structure element being drawn into and its open marked content. */
  private leaf: { element: PDFKit.PDFStructureElement; type: string; content: PDFKit.PDFStructureContent } | undefined;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.structure = doc.struct('Document');
    this.root = this.structure;
    doc.addStructure(this.structure);
  }

  /**
   * A structure element of `type` holding what `draw` draws. `draw` runs at once, inside the
   * element's marked content; text in another language than the letter's becomes a Span with
   * its own /Lang inside it (see `inSpan`).
   */
  tagged(type: string, draw: () => void, options?: PDFKit.Mixins.MarkingOptions & { alt?: string }): void {
    const element = this.doc.struct(type, options as never);
    this.structure.add(element);
    const outer = this.leaf;
    this.leaf = { element, type, content: this.doc.markStructureContent(type) };
    draw();
    this.closeContent();
    this.leaf = outer;
    element.end();
  }

  /**
   * End the open leaf's marked content and add it to the element. Added only now, once it is
   * whole: content continued on a new page is registered with the page it ends on too.
   */
  private closeContent(): void {
    this.doc.endMarkedContent();
    this.leaf!.element.add(this.leaf!.content);
  }

  /** Draw inside a Span tagged with `lang`, between the open leaf's marked content before and after. */
  inSpan(lang: string, draw: () => void): void {
    const leaf = this.leaf;
    if (!leaf) {
      draw();
      return;
    }
    this.closeContent();
    const content = this.doc.markStructureContent('Span', { lang } as PDFKit.Mixins.MarkingOptions);
    draw();
    this.doc.endMarkedContent();
    const span = this.doc.struct('Span', { lang });
    leaf.element.add(span);
    span.add(content);
    span.end();
    leaf.content = this.doc.markStructureContent(leaf.type);
  }

  /**
   * A picture inside the open leaf (a logo among the signatures): a Figure with its /Alt
   * between the leaf's marked content before and after; outside any leaf, a Figure of its own.
   */
  figureInLeaf(alt: string, draw: () => void): void {
    const leaf = this.leaf;
    if (!leaf) {
      this.tagged('Figure', draw, { alt });
      return;
    }
    this.closeContent();
    const content = this.doc.markStructureContent('Figure');
    draw();
    this.doc.endMarkedContent();
    const figure = this.doc.struct('Figure', { alt } as never);
    leaf.element.add(figure);
    figure.add(content);
    figure.end();
    leaf.content = this.doc.markStructureContent(leaf.type);
  }

  /** Decoration drawn by `draw`, outside the structure: an artifact for assistive technology. */
  artifact(draw: () => void): void {
    const leaf = this.leaf;
    if (leaf) this.closeContent();
    this.doc.markContent('Artifact', { type: 'Layout' } as never);
    draw();
    this.doc.endMarkedContent();
    if (leaf) leaf.content = this.doc.markStructureContent(leaf.type);
  }

  /** A structure element whose children are the elements created while `fill` runs. */
  group(type: string, fill: () => void): void {
    const element = this.doc.struct(type);
    const parent = this.structure;
    parent.add(element);
    this.structure = element;
    fill();
    this.structure = parent;
    element.end();
  }

  /**
   * An element right under the document, holding what `draw` draws: a page's notes, drawn
   * while the body's blocks may still be open.
   */
  topLevel(type: string, draw: () => void): void {
    const element = this.doc.struct(type);
    this.root.add(element);
    element.add(draw);
    element.end();
  }

  /** Close the structure tree: everything is drawn. */
  end(): void {
    this.structure.end();
  }
}

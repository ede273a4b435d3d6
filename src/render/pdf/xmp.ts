// PDF/A's XMP metadata: the document information written as XMP, as PDF/A requires it.

/** What the document says about itself: its Info dictionary, and its XMP twin in a PDF/A. */
export interface DocumentInfo {
  title: string;
  subject: string;
  creator: string;
  lang: string;
  /** Fixed for byte-identical output: the PDF's /ID is a hash of it. */
  creationDate: Date;
}

const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const xmpDate = (d: Date): string => `${d.toISOString().split('.')[0]}Z`;

/**
 * The document information as XMP, as PDF/A requires it: every entry of the Info dictionary
 * with its XMP twin, text escaped. pdfkit 0.20's own writes titles unescaped (a "&" breaks
 * the XML) and leaves out the modification date; it is replaced for PDF/A output.
 */
export function xmpInfo(info: DocumentInfo): string {
  return `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreateDate>${xmpDate(info.creationDate)}</xmp:CreateDate>
            <xmp:ModifyDate>${xmpDate(info.creationDate)}</xmp:ModifyDate>
            <xmp:CreatorTool>${xml(info.creator)}</xmp:CreatorTool>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.title)}</rdf:li></rdf:Alt></dc:title>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.subject)}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>${xml(info.lang)}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>${xml(info.creator)}</pdf:Producer>
        </rdf:Description>
        `;
}

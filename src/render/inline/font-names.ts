// What pdfkit asks of a face when it embeds it, read from the file's bytes as fontkit reads it, without decoding whole tables: the PostScript name (name table) and the post table's header.
import type { Font } from 'fontkit';

/** What fontkit keeps of a TrueType or OpenType face that the name's records are read from. */
interface RawFace {
  type?: string;
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  stream?: { buffer?: unknown };
}

/** Windows, Unicode BMP or full repertoire, US English: the records fontkit answers postscriptName with. */
const WINDOWS = 3;
const UNICODE_ENCODINGS = new Set([1, 10]);
const US_ENGLISH = 0x409;
const POSTSCRIPT_NAME = 6;

/**
 * The face's PostScript name (name ID 6), read from the few bytes of its record: fontkit's
 * `postscriptName` decodes every record of the name table first (the licence text too), which
 * was 8 ms of a one-page letter's embedding. Undefined whenever fontkit's own answer could
 * differ from a plain reading — a face that is not a plain TrueType/OpenType file, a record for
 * another platform or language (fontkit's choice among them depends on their order), a name
 * that is not ASCII (as PostScript names are) or bytes out of place: fontkit then decides.
 */
export function postscriptNameOf(font: Font): string | undefined {
  const face = font as unknown as RawFace;
  const table = face.directory?.tables?.['name'];
  const bytes = face.stream?.buffer;
  if (face.type !== 'TTF' || table === undefined || !(bytes instanceof Uint8Array)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = Math.min(bytes.length, table.offset + table.length);
  if (table.offset + 6 > end) return undefined;
  const count = view.getUint16(table.offset + 2);
  const strings = table.offset + view.getUint16(table.offset + 4);
  let name: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = table.offset + 6 + i * 12;
    if (at + 12 > end) return undefined;
    if (view.getUint16(at + 6) !== POSTSCRIPT_NAME) continue;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const language = view.getUint16(at + 4);
    if (platform !== WINDOWS || !UNICODE_ENCODINGS.has(encoding) || language !== US_ENGLISH) return undefined;
    const length = view.getUint16(at + 8);
    const start = strings + view.getUint16(at + 10);
    if (length % 2 !== 0 || start + length > bytes.length) return undefined;
    let text = '';
    for (let p = start; p < start + length; p += 2) {
      const unit = view.getUint16(p);
      if (unit === 0 || unit > 0x7e) return undefined;
      text += String.fromCharCode(unit);
    }
    name = text; // the last such record, as fontkit keeps it
  }
  return name;
}

/**
 * Give `font` its PostScript name from postscriptNameOf, where that can be read, so that pdfkit,
 * which asks for it when it embeds the face, does not make fontkit decode the whole name table.
 */
export function withQuickPostscriptName(font: Font): void {
  const name = postscriptNameOf(font);
  if (name !== undefined) Object.defineProperty(font, 'postscriptName', { value: name, configurable: true });
}

/** The `post` table's fields after its 32-byte header, by version: what fontkit decodes beyond it. */
const POST_BODY = ['numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map'] as const;

/**
 * Put in fontkit's cache of decoded tables (`tables`, by tag) a `post` table whose header is
 * read from the file's bytes (as restructure reads it) and whose rest — a name for every
 * glyph: 3,784 in Noto Serif, 8–15 ms — is fontkit's own decoding (`decode`), done when
 * something first asks for it. pdfkit reads the header alone (isFixedPitch, italicAngle) when
 * it embeds the face. A table already decoded, a face whose bytes are not where fontkit keeps
 * them, or a version fontkit would not read, is left to fontkit.
 */
export function withPostHeader(font: Font, tables: Record<string, unknown>, decode: (table: object) => unknown): void {
  const face = font as unknown as RawFace;
  const table = face.directory?.tables?.['post'];
  const bytes = face.stream?.buffer;
  if ('post' in tables || table === undefined || !(bytes instanceof Uint8Array)) return;
  if (table.length < 32 || table.offset + 32 > bytes.length) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset + table.offset, 32);
  // Fixed 16.16 numbers divided as restructure's fixed32 does.
  const version = view.getInt32(0) / 65536;
  if (![1, 2, 2.5, 3, 4].includes(version)) return;
  const post: Record<string, unknown> = {
    version,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
    minMemType42: view.getUint32(16),
    maxMemType42: view.getUint32(20),
    minMemType1: view.getUint32(24),
    maxMemType1: view.getUint32(28),
  };
  let whole: Record<string, unknown> | undefined;
  const rest = (): Record<string, unknown> => {
    // fontkit's own reading keeps no table it could not decode, and says nothing: nor does this.
    if (whole === undefined) {
      try {
        whole = (decode(table) ?? {}) as Record<string, unknown>;
      } catch {
        whole = {};
      }
    }
    return whole;
  };
  for (const field of POST_BODY) Object.defineProperty(post, field, { enumerable: true, get: () => rest()[field] });
  tables['post'] = post;
}

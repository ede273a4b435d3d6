/**
 * An SVG file screened before it is drawn: it is read as XML here and refused whole if it
 * holds a script, an event handler, an entity declaration, embedded HTML, or a reference to
 * anything outside itself (another file, a web address, an embedded raster picture). What
 * passes is only shapes, text and gradients, which the rasteriser draws without reaching out.
 */
import { Parser } from 'htmlparser2';

/** The most elements an SVG may have: a logo has hundreds; past this it is a drawing too costly to raster. */
export const MAX_SVG_ELEMENTS = 50_000;

export type SvgScreen = { ok: true; width: number; height: number } | { ok: false; message: string; hint: string };

const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'foreignobject',
  'iframe',
  'object',
  'embed',
  'audio',
  'video',
  'canvas',
  'handler',
  'listener',
]);
const REFERENCE_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);
/** `url(…)` to anything but an element of the same file (`url(#gradient)`). */
const OUTSIDE_URL = /url\(\s*['"]?\s*(?!#)/i;

/** A length in CSS pixels: "120", "120px", "90pt", "2in", "5cm", "50mm"; undefined for "100%" or nonsense. */
function pixels(value: string | undefined): number | undefined {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(px|pt|pc|in|cm|mm)?\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'px').toLowerCase();
  const factor = { px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4 }[unit]!;
  const px = n * factor;
  return Number.isFinite(px) && px > 0 ? px : undefined;
}

/** Screen an SVG's text; its size in CSS pixels from width and height, or from its viewBox. */
export function screenSvg(text: string): SvgScreen {
  const refuse = (message: string, hint: string): SvgScreen => ({ ok: false, message, hint });
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return refuse(
      'is an SVG with a document type or entity declarations, which letters does not read',
      'save it again without the DOCTYPE (most editors offer "plain SVG")',
    );
  }
  let problem: SvgScreen | undefined;
  let root: Record<string, string> | undefined;
  let elements = 0;
  let inStyle = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (problem) return;
        elements++;
        const local = name.toLowerCase().replace(/^[a-z0-9_-]+:/, '');
        if (root === undefined) {
          if (local !== 'svg') problem = refuse(`is not an SVG picture (it starts with <${name}>)`, 'give a PNG, JPEG or SVG file');
          root = attribs;
        }
        if (FORBIDDEN_ELEMENTS.has(local)) {
          problem =
            local === 'script'
              ? refuse(
                  'is an SVG with a script, which letters never runs',
                  'save the logo again without scripts (as "plain SVG"), or as PNG',
                )
              : refuse(
                  `is an SVG with a <${name}> element, which letters does not draw`,
                  'save it as plain SVG (shapes and text), or as PNG',
                );
          return;
        }
        if (local === 'style') inStyle = true;
        for (const [key, value] of Object.entries(attribs)) {
          const attribute = key.toLowerCase();
          if (attribute.startsWith('on')) {
            problem = refuse(
              `is an SVG with a script in its ${key} attribute, which letters never runs`,
              'save it again without scripts, or as PNG',
            );
            return;
          }
          if (REFERENCE_ATTRIBUTES.has(attribute) && !value.trim().startsWith('#')) {
            problem = refuse(
              `is an SVG that refers to something outside it (${key}="${value.slice(0, 60)}"), which letters never fetches`,
              'save the SVG with everything in it (no linked pictures, fonts or files), or save it as PNG',
            );
            return;
          }
          if (OUTSIDE_URL.test(value)) {
            problem = refuse(
              'is an SVG that refers to something outside it (url(…)), which letters never fetches',
              'save the SVG with everything in it, or as PNG',
            );
            return;
          }
        }
        if (elements > MAX_SVG_ELEMENTS)
          problem = refuse(`is an SVG of more than ${MAX_SVG_ELEMENTS.toLocaleString('en-US')} elements`, 'simplify it, or save it as PNG');
      },
      ontext(data) {
        if (problem || !inStyle) return;
        if (/@import/i.test(data) || OUTSIDE_URL.test(data)) {
          problem = refuse(
            'is an SVG whose style refers to something outside it, which letters never fetches',
            'save the SVG with everything in it, or as PNG',
          );
        }
      },
      onclosetag(name) {
        if (name.toLowerCase().replace(/^[a-z0-9_-]+:/, '') === 'style') inStyle = false;
      },
      onprocessinginstruction(name) {
        if (!problem && /^\?xml-stylesheet/i.test(name))
          problem = refuse(
            'is an SVG with a linked stylesheet, which letters never fetches',
            'save the SVG with its styles in it, or as PNG',
          );
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  if (problem) return problem;
  if (root === undefined) return refuse('is not an SVG picture', 'give a PNG, JPEG or SVG file');
  const box = (root['viewBox'] ?? root['viewbox'] ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const boxSize = box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0 ? { w: box[2]!, h: box[3]! } : undefined;
  let width = pixels(root['width']);
  let height = pixels(root['height']);
  if (width === undefined && height === undefined && boxSize) ({ w: width, h: height } = boxSize);
  else if (width === undefined && height !== undefined && boxSize) width = (height * boxSize.w) / boxSize.h;
  else if (height === undefined && width !== undefined && boxSize) height = (width * boxSize.h) / boxSize.w;
  if (width === undefined || height === undefined) {
    return refuse('is an SVG that gives no size (no width and height, no viewBox)', 'add a viewBox="0 0 W H" to its <svg> element');
  }
  return { ok: true, width, height };
}

// Operands of a PDF content stream as letters writes them: numbers to a thousandth, a glyph's outline as a path.
import type { Glyph } from 'fontkit';

/** A number to a thousandth, without a minus sign on zero. */
export const num = (n: number): string => {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};

/** A glyph's outline as a filled path in font units, y up. */
export function outlinePath(glyph: Glyph): string {
  const ops: string[] = [];
  let cx = 0;
  let cy = 0;
  for (const { command, args } of glyph.path.commands) {
    if (command === 'moveTo' || command === 'lineTo') {
      ops.push(`${num(args[0]!)} ${num(args[1]!)} ${command === 'moveTo' ? 'm' : 'l'}`);
      [cx, cy] = [args[0]!, args[1]!];
    } else if (command === 'quadraticCurveTo') {
      // A quadratic Bézier as the cubic it is.
      const [qx, qy, ex, ey] = args as [number, number, number, number];
      const c1 = `${num(cx + ((qx - cx) * 2) / 3)} ${num(cy + ((qy - cy) * 2) / 3)}`;
      const c2 = `${num(ex + ((qx - ex) * 2) / 3)} ${num(ey + ((qy - ey) * 2) / 3)}`;
      ops.push(`${c1} ${c2} ${num(ex)} ${num(ey)} c`);
      [cx, cy] = [ex, ey];
    } else if (command === 'bezierCurveTo') {
      const [ax, ay, bx, by, ex, ey] = args as [number, number, number, number, number, number];
      ops.push(`${num(ax)} ${num(ay)} ${num(bx)} ${num(by)} ${num(ex)} ${num(ey)} c`);
      [cx, cy] = [ex, ey];
    } else if (command === 'closePath') {
      ops.push('h');
    }
  }
  ops.push('f');
  return ops.join(' ');
}

// Pixels of a decoded picture: laid on white paper, and scaled down by averaging the area each new pixel covers.

/** The size that fits `size` inside `box`, keeping its proportions; never larger than it is. */
export function fitInside(
  size: { width: number; height: number },
  box: { width: number; height: number },
): { width: number; height: number } {
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  if (scale >= 1) return { width: size.width, height: size.height };
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** RGBA pixels laid on white, in place: each colour mixed with white by its transparency, alpha then opaque. */
export function flattenOnWhite(rgba: Uint8Array): void {
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]!;
    if (a === 255) continue;
    const keep = a / 255;
    const white = 255 * (1 - keep);
    rgba[i] = Math.round(rgba[i]! * keep + white);
    rgba[i + 1] = Math.round(rgba[i + 1]! * keep + white);
    rgba[i + 2] = Math.round(rgba[i + 2]! * keep + white);
    rgba[i + 3] = 255;
  }
}

/** For each pixel of a line `to` long, the source pixels it covers and how much of each. */
function coverage(from: number, to: number): { first: number; weights: number[] }[] {
  const scale = from / to;
  const out: { first: number; weights: number[] }[] = [];
  for (let d = 0; d < to; d++) {
    const start = d * scale;
    const end = Math.min(from, start + scale);
    const first = Math.floor(start);
    const weights: number[] = [];
    for (let s = first; s < end; s++) weights.push((Math.min(end, s + 1) - Math.max(start, s)) / scale);
    out.push({ first, weights });
  }
  return out;
}

/**
 * RGBA pixels `width` × `height` scaled down to `toWidth` × `toHeight` by area averaging
 * (a box filter: each new pixel the mean of what it covers), which keeps thin lines and
 * small type of a logo legible where picking pixels would drop them. The same pixels when the
 * size does not change.
 */
export function scaleDown(rgba: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
  if (toWidth === width && toHeight === height) return rgba;
  const across = coverage(width, toWidth);
  const down = coverage(height, toHeight);
  // Across first, into floats, one row at a time; then down.
  const rows = new Float32Array(height * toWidth * 4);
  for (let y = 0; y < height; y++) {
    const row = y * width * 4;
    for (let x = 0; x < toWidth; x++) {
      const { first, weights } = across[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = 0; k < weights.length; k++) {
        const w = weights[k]!;
        const i = row + (first + k) * 4;
        r += rgba[i]! * w;
        g += rgba[i + 1]! * w;
        b += rgba[i + 2]! * w;
        a += rgba[i + 3]! * w;
      }
      const o = (y * toWidth + x) * 4;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
      rows[o + 3] = a;
    }
  }
  const out = new Uint8Array(toWidth * toHeight * 4);
  for (let y = 0; y < toHeight; y++) {
    const { first, weights } = down[y]!;
    for (let x = 0; x < toWidth; x++) {
      for (let c = 0; c < 4; c++) {
        let v = 0;
        for (let k = 0; k < weights.length; k++) v += rows[((first + k) * toWidth + x) * 4 + c]! * weights[k]!;
        out[(y * toWidth + x) * 4 + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return out;
}

/**
 * Signatory lists on a page: newspaper columns (lines, names), where entries fill the first
 * column top to bottom, then the next, balanced on the page where the list ends; or a grid
 * (blocks), row by row. Pure arithmetic over entry heights asked for one at a time, so a
 * 10,000-name list is laid out page by page as it is drawn.
 */

/** Entry heights, asked for by index: an array, or a list that lays its entries out when asked. */
export interface Heights {
  readonly length: number;
  at(index: number): number | undefined;
}

/** One page of a list: the entries of each column (or each row of a grid) and where the next page starts. */
export interface PageFill {
  columns: number[][];
  next: number;
}

/**
 * Which entries, from `start`, go in each column of one page with `available` points of
 * height, at most `most` of them. Entries keep their order and are never split. Returns the
 * columns (possibly fewer than `columns`, possibly none when not even one entry fits) and the
 * index of the next entry. When everything left fits, the columns are balanced.
 */
export function fillColumns(
  heights: Heights,
  start: number,
  columns: number,
  available: number,
  gap: number,
  most = Number.POSITIVE_INFINITY,
): PageFill {
  const end = Math.min(heights.length, start + most);
  const fill = (limit: number): PageFill => {
    const out: number[][] = [];
    let column: number[] = [];
    let used = 0;
    let i = start;
    for (; i < end; i++) {
      const h = heights.at(i)!;
      const need = column.length === 0 ? h : used + gap + h;
      if (need <= limit) {
        column.push(i);
        used = need;
        continue;
      }
      if (column.length === 0) break; // taller than the whole column
      out.push(column);
      if (out.length === columns) break;
      column = [];
      used = 0;
      i--; // try this entry again at the top of the next column
    }
    if (column.length > 0 && out.length < columns) out.push(column);
    return { columns: out, next: start + out.reduce((n, c) => n + c.length, 0) };
  };
  const greedy = fill(available);
  if (greedy.next < heights.length) return greedy;
  // Everything left fits here: find the shortest column height that still holds it all.
  let low = 0;
  for (let i = start; i < end; i++) low = Math.max(low, heights.at(i)!);
  let high = available;
  for (let step = 0; step < 24 && high - low > 0.5; step++) {
    const mid = (low + high) / 2;
    if (fill(mid).next === heights.length) high = mid;
    else low = mid;
  }
  const balanced = fill(high);
  return balanced.next === heights.length ? balanced : greedy;
}

/**
 * Which entries, from `start`, go on one page of a grid `columns` wide, row by row, with
 * `available` points of height and at most `most` entries (whole rows). Returned as rows.
 */
export function fillRows(
  heights: Heights,
  start: number,
  columns: number,
  available: number,
  gap: number,
  most = Number.POSITIVE_INFINITY,
): PageFill {
  const rows: number[][] = [];
  let used = 0;
  let i = start;
  while (i < heights.length && i + Math.min(columns, heights.length - i) - start <= most) {
    const row: number[] = [];
    let tallest = 0;
    for (let c = 0; c < columns && i + c < heights.length; c++) {
      row.push(i + c);
      tallest = Math.max(tallest, heights.at(i + c)!);
    }
    const need = rows.length === 0 ? tallest : used + gap + tallest;
    if (need > available) break;
    rows.push(row);
    used = need;
    i += row.length;
  }
  return { columns: rows, next: i };
}

/** The height a page fill takes: its tallest column, or its rows with the gaps between them. */
export function fillHeight(heights: Heights, page: PageFill, grid: boolean, gap: number): number {
  const stack = (ids: readonly number[]): number => ids.reduce((h, i, k) => h + heights.at(i)! + (k > 0 ? gap : 0), 0);
  if (!grid) return Math.max(0, ...page.columns.map(stack));
  return page.columns.reduce((h, row, k) => h + Math.max(...row.map((i) => heights.at(i)!)) + (k > 0 ? gap : 0), 0);
}

/** The share of entries that may wrap in the column count chosen for them: about one in five. */
export const MOST_WRAPPED = 0.2;

/**
 * How many columns a list takes, from its entries' measured one-line widths: the most (up to
 * `most`) in which no more than one entry in five needs a second line, and never fewer than
 * `least` (two by default, or `most` when a template asks for fewer). Short names stand in
 * three or four columns; long ones in two, where a few wrap under a hanging indent.
 */
export function chooseColumns(widths: readonly number[], most: number, width: number, gutter: number, least = Math.min(most, 2)): number {
  for (let n = most; n > least; n--) {
    const column = (width - gutter * (n - 1)) / n;
    let wrapped = 0;
    for (const w of widths) if (w > column) wrapped++;
    if (wrapped <= MOST_WRAPPED * widths.length) return n;
  }
  return least;
}

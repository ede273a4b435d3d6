/**
 * Newspaper columns for compact signatory lists: entries fill the first column top to
 * bottom, then the next, page by page; on the page where the list ends the columns are
 * balanced. Pure arithmetic over entry heights, so a 10,000-name list is laid out page by
 * page as it is drawn.
 */

/**
 * Which entries, from `start`, go in each column of one page with `available` points of
 * height. Entries keep their order and are never split. Returns the columns (possibly fewer
 * than `columns`, possibly none when not even one entry fits) and the index of the next entry.
 */
export function fillColumns(
  heights: readonly number[],
  start: number,
  columns: number,
  available: number,
  gap: number,
): { columns: number[][]; next: number } {
  const fill = (limit: number): { columns: number[][]; next: number } => {
    const out: number[][] = [];
    let column: number[] = [];
    let used = 0;
    let i = start;
    for (; i < heights.length; i++) {
      const h = heights[i]!;
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
  let low = Math.max(...heights.slice(start));
  let high = available;
  for (let step = 0; step < 24 && high - low > 0.5; step++) {
    const mid = (low + high) / 2;
    if (fill(mid).next === heights.length) high = mid;
    else low = mid;
  }
  const balanced = fill(high);
  return balanced.next === heights.length ? balanced : greedy;
}

/** The share of names that may wrap in the column count chosen for them: about one in five. */
export const MOST_WRAPPED = 0.2;

/**
 * How many columns a list of names takes, from their measured one-line widths: the most (up
 * to `most`) in which no more than one name in five needs a second line, and never fewer
 * than two (or `most`, when a template asks for fewer). Short names stand in three or four
 * columns; long ones in two, where a few wrap under a hanging indent.
 */
export function chooseColumns(widths: readonly number[], most: number, width: number, gutter: number): number {
  const least = Math.min(most, 2);
  for (let n = most; n > least; n--) {
    const column = (width - gutter * (n - 1)) / n;
    let wrapped = 0;
    for (const w of widths) if (w > column) wrapped++;
    if (wrapped <= MOST_WRAPPED * widths.length) return n;
  }
  return least;
}

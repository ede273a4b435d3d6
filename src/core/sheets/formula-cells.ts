//! Spreadsheet cells that must stay text: the CSV/formula-injection guard of `letters export`
//! and its inverse for `letters import`, kept side by side so a round trip gives back every value.

/**
 * A cell Excel, LibreOffice or Google Sheets would read as a formula starts with one of these
 * (OWASP, "CSV Injection"). Leading apostrophes before one are included, so that a value which
 * itself starts with an apostrophe survives the round trip too ("'=x" → "''=x" → "'=x").
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** What `guardFormula` wrote: an apostrophe, then (after any further apostrophes) a formula start. */
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * The cell as written to a CSV file: the value, with a single quote (Excel's text marker) in
 * front when a spreadsheet would otherwise run it as a formula. Nothing else is changed, so
 * "-ism collective" becomes "'-ism collective" and every other value is written as it is.
 */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The value of a cell read from a CSV file: one leading apostrophe removed when it stands
 * before what would be a formula, as `guardFormula` (or a spreadsheet's text marker) put it
 * there. `unguardFormula(guardFormula(v)) === v` for every v.
 */
export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

/**
 * A cell of a CSV file letters writes: kept from running as a formula (`'` in front of = + - @
 * tab CR), then quoted when it holds a separator, a quote, a line break or edge spaces (RFC 4180).
 * A block scalar's final line break is YAML layout, not part of the value; a no-break space is.
 */
export function csvCell(value: string | boolean | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? guardFormula(value.replace(/[ \t\n\r]+$/, '')) : String(value);
  return /[",;\r\n\t]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A help table three ways: lines for the terminal, a Markdown table for docs/, and roff for the man page.
import type { HelpTable } from './help-tables.js';

const unquote = (cell: string): string => cell.replace(/`([^`]*)`/g, '$1');

/** Words of `text` in lines of at most `width` columns (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A table for the terminal: the first column as a term, the last as its description wrapped
 * beside it, the columns between in brackets after the description ("[kind text, use printed]").
 */
export function tableText(table: HelpTable, width = 80): string[] {
  const out = [`${table.heading}:`];
  if (table.intro) out.push(...wrap(unquote(table.intro), width - 2).map((l) => `  ${l}`));
  const terms = table.rows.map((r) => unquote(r[0] ?? ''));
  const termWidth = Math.min(24, Math.max(...terms.map((t) => t.length)));
  const room = Math.max(30, width - termWidth - 6);
  for (const [i, row] of table.rows.entries()) {
    const middle = table.columns
      .slice(1, -1)
      .map((c, j) => (row[j + 1] ? `${c} ${unquote(row[j + 1]!)}` : ''))
      .filter((x) => x !== '');
    const description = row.length > 1 ? `${unquote(row.at(-1)!)}${middle.length > 0 ? ` [${middle.join('; ')}]` : ''}` : '';
    const lines = wrap(description, room);
    const term = terms[i]!;
    if (term.length > termWidth && lines.length > 0) {
      out.push(`  ${term}`);
      for (const l of lines) out.push(`  ${' '.repeat(termWidth)}  ${l}`);
    } else {
      out.push(`  ${term.padEnd(termWidth)}  ${lines[0] ?? ''}`.trimEnd());
      for (const l of lines.slice(1)) out.push(`  ${' '.repeat(termWidth)}  ${l}`);
    }
  }
  return out;
}

/** A Markdown table, with the intro as a paragraph before it. */
export function tableMarkdown(table: HelpTable): string {
  const cell = (c: string): string => c.replace(/\|/g, '\\|');
  const lines = [
    `| ${table.columns.map(cell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  return [...(table.intro ? [table.intro, ''] : []), ...lines].join('\n');
}

/** Text for roff: a backslash doubled, a leading dot or quote kept from reading as a request. */
export function roffText(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

/** `code` as bold, the rest plain. */
function roffCell(cell: string): string {
  return roffText(cell).replace(/`([^`]*)`/g, '\\fB$1\\fR');
}

/** A table for the man page: a tagged paragraph per row. */
export function tableRoff(table: HelpTable): string {
  const out = [`.SS ${roffText(table.heading)}`];
  if (table.intro) out.push(roffCell(table.intro));
  for (const row of table.rows) {
    const middle = table.columns
      .slice(1, -1)
      .map((c, j) => (row[j + 1] ? `${c} ${row[j + 1]}` : ''))
      .filter((x) => x !== '');
    out.push('.TP', roffCell(row[0] ?? ''));
    if (row.length > 1) out.push(`${roffCell(row.at(-1)!)}${middle.length > 0 ? ` [${roffCell(middle.join('; '))}]` : ''}`);
  }
  return out.join('\n');
}

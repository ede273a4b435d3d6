//! Which column of a sign-up file feeds which field, settled before anything is planned: the
//! headings read (core/sheets/columns.ts), `--map` and `--ignore` applied, and every column that
//! looks like a field the plan would not read — a second name column, a first and last name
//! beside a full one, a column of names under a heading letters cannot read — refused with the
//! `--map` or `--ignore` to write, or on a terminal asked about. Never a signer's name dropped silently.
import {
  columnTargets,
  type ColumnMapping,
  type ExplicitMap,
  looksLikeNames,
  mapColumns,
  type ColumnTarget,
} from '../../core/sheets/columns.js';
import { LettersError, type Problem } from '../../errors.js';
import type { IntakeTable } from '../../io/intake/intake.js';
import { formatProblem } from '../../io/terminal/diagnostics.js';
import type { Context } from '../context.js';

const quoted = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');
/** A heading as the shell takes it in double quotes: `"Who is signing?"`. */
const dq = (text: string): string => `"${text.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
const column = (table: IntakeTable, i: number): string => `column ${i + 1} "${table.header[i]}"`;

/** The first two answers of a column, for people to see what it holds. */
export function samples(table: IntakeTable, columns: readonly number[], count = 2): string[] {
  const out: string[] = [];
  for (const row of table.rows) {
    const value = columns
      .map((c) => (row.cells[c] ?? '').replace(/\s+/g, ' ').trim())
      .filter((v) => v !== '')
      .join(' ');
    if (value !== '') out.push(value.length > 40 ? `${value.slice(0, 39)}…` : value);
    if (out.length === count) break;
  }
  return out;
}

/** A column the plan does not read although it looks like a field, said with the options that settle it. */
interface Doubt {
  column: number;
  target?: ColumnTarget;
  problem: Problem;
}

/** The columns that look like fields the mapping does not read, each a problem at its heading. */
function doubts(table: IntakeTable, mapping: ColumnMapping, explicit: readonly ExplicitMap[]): Doubt[] {
  const mapped = new Set(explicit.map((m) => m.target));
  const out: Doubt[] = [];
  const noName = !mapping.fields.has('name');
  for (const found of mapping.unread) {
    // The user said which column gives that field: the others are knowingly not read.
    if (mapped.has(found.target) || ((found.target === 'first_name' || found.target === 'last_name') && mapped.has('name'))) continue;
    // A second date or organization column whose answers are people's names ("Signed by"): a name, when none is read.
    const names = noName && found.target !== 'name' && looksLikeNames(table.rows.map((r) => r.cells[found.column] ?? ''));
    const u: typeof found = names ? { column: found.column, target: 'name' } : found;
    const h = table.header[u.column]!;
    const half = u.target === 'first_name' || u.target === 'last_name';
    const message =
      u.instead === undefined
        ? `${column(table, u.column)} looks like ${u.target}, which this import does not read`
        : half
          ? `${column(table, u.column)} looks like ${u.target}, but the name is read from ${column(table, u.instead)}`
          : `${column(table, u.column)} looks like ${u.target}, which is read from ${column(table, u.instead)}`;
    const hint = half
      ? `nothing was written; build the name from the halves with --map first_name=… --map last_name=…, or add --ignore ${dq(h)}`
      : `nothing was written; read ${u.target} from this column with --map ${u.target}=${dq(h)}, or leave it out with --ignore ${dq(h)}`;
    out.push({ column: u.column, target: u.target, problem: { message, hint, location: table.locate('header', u.column) } });
  }
  // A column of people's names under a heading letters cannot read (or reads as a date: "Signed for us"), and no name read from elsewhere.
  if (noName) {
    const unread = new Set(mapping.unread.map((u) => u.column));
    const dated = mapping.fields.get('signed') ?? [];
    for (const c of [...mapping.unused, ...dated].sort((a, b) => a - b)) {
      if (unread.has(c) || mapping.ignored.includes(c)) continue;
      const values = table.rows.map((r) => r.cells[c] ?? '');
      if (!looksLikeNames(values)) continue;
      const h = table.header[c]!.trim();
      const name = h === '' ? `column ${c + 1}` : column(table, c);
      out.push({
        column: c,
        target: 'name',
        problem: {
          message: `${name} is ${dated.includes(c) ? 'read as the date signed' : 'not read'}, but its answers look like people's names (${quoted(samples(table, [c]))})`,
          hint:
            h === ''
              ? 'nothing was written; give the column a heading, then read it with --map name="…" or leave it out with --ignore "…"'
              : `nothing was written; read them as the signer's name with --map name=${dq(h)}, or leave the column out with --ignore ${dq(h)}`,
          location: table.locate('header', c),
        },
      });
    }
  }
  return out.sort((a, b) => a.column - b.column);
}

/**
 * The mapping of a file's columns, every doubt settled: refused without a terminal (each column
 * on its line, with the option that settles it), asked about on one.
 */
export async function resolveColumns(
  ctx: Context,
  table: IntakeTable,
  explicit: readonly ExplicitMap[],
  ignore: readonly string[],
  json: boolean,
): Promise<ColumnMapping> {
  const maps = [...explicit];
  const ignored = [...ignore];
  for (let round = 0; round <= table.header.length; round++) {
    const mapping = mapColumns(table.header, maps, ignored);
    const found = doubts(table, mapping, maps);
    if (found.length === 0) return mapping;
    if (!ctx.interactive || json) {
      for (const d of found.slice(0, -1)) ctx.err(formatProblem(d.problem));
      const last = found.at(-1)!.problem;
      throw new LettersError('usage', last.message, last.hint, last.location === undefined ? {} : { location: last.location });
    }
    const d = found[0]!;
    const h = table.header[d.column]!;
    ctx.err(formatProblem({ ...d.problem, severity: 'warning', hint: 'say what it holds' }));
    const answer = (
      await ctx.prompt.input(
        `Read column "${h}" as which field? (${d.target ?? 'name'}, another field such as ${columnTargets().slice(0, 4).join(', ')} …, or "ignore")`,
        { default: 'ignore' },
      )
    ).toLowerCase();
    if (answer === '' || answer === 'ignore') ignored.push(h);
    else if ((columnTargets() as string[]).includes(answer)) maps.push({ target: answer as ColumnTarget, column: h });
    else {
      throw new LettersError('usage', `"${answer}" is not a field letters imports`, `use one of ${columnTargets().join(', ')}, or ignore`);
    }
  }
  throw new LettersError('usage', 'the columns could not be settled', 'name each column with --map field="Heading" or --ignore "Heading"');
}

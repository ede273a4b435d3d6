// The words the JSON schemas are written in: small builders for JSON Schema (2020-12) objects, and the envelope every document shares.
import { SIGNATORY_FIELDS } from '../core/letter/fields.js';

export type Schema = Record<string, unknown>;

export const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
export const int = (description: string, extra: Schema = {}): Schema => ({ type: 'integer', minimum: 0, description, ...extra });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const date = (description: string): Schema => str(description, { pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const oneOf = (values: readonly string[], description: string): Schema => ({ type: 'string', enum: [...values], description });
export const list = (items: Schema, description: string): Schema => ({ type: 'array', items, description });

/** The same value, or null. */
export function orNull(schema: Schema): Schema {
  const { description, ...rest } = schema;
  return { description, anyOf: [rest, { type: 'null' }] };
}

/** An object whose properties are all present unless named in `optional`. */
export function obj(description: string, properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return {
    type: 'object',
    description,
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
  };
}

/** A signatory as letters writes it: the rows of the field table, each present only when set. */
export const signatory: Schema = {
  type: 'object',
  description: 'a signatory entry, with the fields it has (see letters help fields)',
  properties: Object.fromEntries(
    SIGNATORY_FIELDS.map((f) => [f.name, f.kind === 'flag' ? bool(f.about) : f.kind === 'date' ? date(f.about) : str(f.about)]),
  ),
};

/** One problem: what an editor or a CI annotation needs. */
export const diagnostic: Schema = obj('a problem: an error (the command failed) or a warning', {
  severity: oneOf(['error', 'warning'], 'an error fails the command; a warning does not'),
  file: orNull(str('the file the problem is in (a letter, a sheet, a template, the settings), as printed')),
  line: orNull(int('1-based line in that file')),
  column: orNull(int('1-based column, counted in characters as an editor counts them')),
  field: orNull(str('the field, as a dotted path (signatories.3.name), when known')),
  code: str('the kind of problem: an error code (letters help exit-codes) or, for a warning, a word such as similar'),
  message: str('what is wrong'),
  hint: str('what to do'),
});

/**
 * The schema of a command's document: the envelope (schemaVersion, command, ok, diagnostics)
 * and the command's own fields, `required` of them present when it succeeded. Properties not
 * listed may be added within a schemaVersion; a reader ignores those it does not know.
 */
export function commandSchema(
  command: string,
  description: string,
  fields: Record<string, Schema>,
  required: readonly string[] = [],
): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `letters ${command} --json`,
    description,
    type: 'object',
    properties: {
      schemaVersion: { const: 1, description: 'the version of the document shapes; raised when a field changes meaning or goes away' },
      command: { const: command, description: 'the command that ran' },
      ok: bool('true when the command succeeded (exit 0); false with at least one error among the diagnostics'),
      ...fields,
      diagnostics: list(diagnostic, 'every error and warning, in the order they were found'),
    },
    required: ['schemaVersion', 'command', 'ok', 'diagnostics'],
    if: { properties: { ok: { const: true } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's own keyword
    then: { required: [...required] },
  };
}

// The JSON schemas as docs/json.md shows them: per command, a table of every field (nested ones as letters[].slug) with its type and meaning.
import type { Schema } from './build.js';

const ENVELOPE = new Set(['schemaVersion', 'command', 'ok', 'diagnostics']);

/** A schema's type in words: string, integer or null, one of "a", "b", list … */
function typeOf(schema: Schema): string {
  if (schema['const'] !== undefined) return `\`${JSON.stringify(schema['const'])}\``;
  if (Array.isArray(schema['enum'])) return `one of ${(schema['enum'] as string[]).map((v) => `\`${v}\``).join(', ')}`;
  if (Array.isArray(schema['anyOf'])) {
    return (schema['anyOf'] as Schema[])
      .map((s) => (s['type'] === 'object' && s['description'] ? `object (${s['description']})` : typeOf(s)))
      .join(' or ');
  }
  if (schema['type'] === 'array') return `list of ${typeOf(schema['items'] as Schema)}`;
  if (schema['type'] === 'object' && schema['additionalProperties']) return 'object of integers';
  return String(schema['type'] ?? 'any');
}

/** Every field of an object schema, nested ones under their parent's path. */
function rows(schema: Schema, prefix: string, required: readonly string[]): string[][] {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const out: string[][] = [];
  for (const [name, field] of Object.entries(properties)) {
    if (prefix === '' && ENVELOPE.has(name)) continue;
    const path = `${prefix}${name}`;
    const item = field['type'] === 'array' ? (field['items'] as Schema) : undefined;
    out.push([`\`${path}\``, typeOf(field), required.includes(name) ? 'always' : 'when it applies', String(field['description'] ?? '')]);
    const inner = item ?? field;
    if (inner['type'] === 'object' && inner['properties'] && !path.endsWith('signatory') && !path.endsWith('signatories')) {
      out.push(...rows(inner, `${path}${item ? '[]' : ''}.`, (inner['required'] as string[] | undefined) ?? []));
    }
  }
  return out;
}

/** One command's section: what the document is, then its fields besides the envelope. */
export function schemaMarkdown(command: string, schema: Schema): string {
  const required = ((schema['then'] as Schema | undefined)?.['required'] as string[] | undefined) ?? [];
  const table = rows(schema, '', required);
  const lines = [
    `### ${command}`,
    '',
    `${String(schema['description'])}. Schema: [schemas/${command}.schema.json](../schemas/${command}.schema.json).`,
    '',
  ];
  if (table.length === 0) return lines.join('\n');
  lines.push('| field | type | when ok | meaning |', '| --- | --- | --- | --- |');
  for (const r of table) lines.push(`| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}

/**
 * A value as one word of a shell command that letters suggests, safe to paste: names come from
 * letter files and sign-up sheets, and `$(…)`, backquotes or a quote inside a name must not run
 * or split when the suggestion is pasted into a POSIX shell. Plain words stay as typed; anything
 * else is single-quoted, a single quote written '\''.
 */
export function shellWord(value: string): string {
  if (/^[\p{L}\p{N}._\-/+,:@]+$/u.test(value)) return value;
  if (/^[\p{L}\p{N}._\-/+,:@ ]+$/u.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

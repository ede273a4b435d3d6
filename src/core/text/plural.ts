//! Counts in messages, with the noun that agrees: "1 organization", "2 organizations".

/** `n` and the noun in the form that agrees with it ("1 row", "3 rows"); `many` for a plural not made with -s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

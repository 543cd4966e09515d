/**
 * The table's entry for a key read from the input. Plain indexing would also find
 * Object.prototype's members: a command named `constructor` or `toString` would
 * come back as a function.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

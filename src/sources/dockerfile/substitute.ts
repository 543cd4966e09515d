import type { KeyValueFact } from '../../facts/build.js';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` with the
 * defaults of ARGs declared before the first FROM, as the builder does when no
 * `--build-arg` is given.
 */
export function substituteArgs(text: string, args: KeyValueFact[]): { value: string; unresolved: boolean } {
  const defaults = new Map(args.map((a) => [a.name, a.value]));
  let unresolved = false;
  const value = text.replace(VARIABLE, (_match, braced?: string, operator?: string, word?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const current = defaults.get(name);
    const isSet = current !== undefined && current !== '';
    if (operator === '-') return isSet ? current : (word ?? '');
    if (operator === '+') return isSet ? (word ?? '') : '';
    if (current === undefined) unresolved = true;
    return current ?? '';
  });
  return { value, unresolved };
}

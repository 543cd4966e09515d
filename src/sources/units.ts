const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  p: 1024 ** 5,
  pb: 1024 ** 5,
};

/** Docker's memory sizes: `512m`, `1g`, `1.5GB`, `1048576`. Undefined when unreadable. */
export function parseBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const suffix = (match[2] ?? '').toLowerCase();
  // Own keys only: `1constructor` must not find Object.prototype.constructor.
  const unit = Object.hasOwn(BYTE_UNITS, suffix) ? BYTE_UNITS[suffix] : undefined;
  return unit === undefined ? undefined : Math.floor(Number(match[1]) * unit);
}

/** `0.5`, `"1.5"` -> nano-CPUs as the Engine API counts them. */
export function parseNanoCpus(value: string | number): number | undefined {
  // A decimal number as Go's ParseFloat reads it; Number() would also take "", "0x10" and "Infinity".
  if (typeof value === 'string' && !/^\s*(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return undefined;
  const cpus = typeof value === 'number' ? value : Number(value.trim());
  return Number.isFinite(cpus) && cpus >= 0 ? Math.round(cpus * 1e9) : undefined;
}

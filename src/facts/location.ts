/**
 * Where a fact came from. Static sources fill line/column (1-based); live
 * sources (a container, an API request) name the object in `file` and the
 * field in `path`, e.g. `HostConfig.Privileged`.
 */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Engine API field path, when the fact came from an API-shaped object. */
  path?: string;
}

/** A value together with the place that set it. */
export interface Located<T> {
  value: T;
  at: Location;
}

export function located<T>(value: T, at: Location): Located<T> {
  return { value, at };
}

export function compareLocations(a: Location, b: Location): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

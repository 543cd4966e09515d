import type { Location } from '../../facts/location.js';
import type { Range } from './tokenize.js';

/** The text a range covers, lines joined with `\n`. */
export function textIn(lines: string[], range: Range): string {
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  const out: string[] = [];
  for (let line = range.start.line; line <= range.end.line; line++) {
    const full = lines[line] ?? '';
    const from = line === range.start.line ? range.start.character : 0;
    const to = line === range.end.line ? range.end.character : full.length;
    out.push(full.slice(from, to));
  }
  return out.join('\n');
}

/** A 0-based range as a 1-based Location in `file`. */
export function locationOf(range: Range, file: string): Location {
  return {
    file,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

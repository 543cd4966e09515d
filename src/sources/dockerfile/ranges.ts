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

/**
 * True when the line is blank or its first non-blank character is `#` (what
 * `trimStart()` then `=== ''` or `startsWith('#')` tells), without copying the line:
 * it is asked of every line, and most start with an ASCII character.
 */
export function isBlankOrComment(content: string): boolean {
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i);
    if (code === SPACE || code === TAB) continue;
    if (code === HASH) return true;
    if (code > SPACE && code < DELETE) return false;
    // Other whitespace (CR, form feed, Unicode spaces) is left to trimStart's own definition.
    const trimmed = content.slice(i).trimStart();
    return trimmed === '' || trimmed.startsWith('#');
  }
  return true;
}

const TAB = 9;
const SPACE = 32;
const HASH = 35;
const DELETE = 127;

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

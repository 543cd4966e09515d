import type { PositionMapper } from '../shell/parse-shell.js';
import { isBlankOrComment } from './ranges.js';

interface Position {
  line: number;
  character: number;
}

/**
 * Extracts the shell text of a RUN instruction so that a shell parser reads it
 * the way the builder hands it to `/bin/sh -c`: comment lines inside a line
 * continuation are dropped, blank continuation lines are skipped, and a
 * non-default escape character before a newline becomes a backslash.
 * Returns the text and a mapper from parser positions back to the Dockerfile.
 */
export function shellTextOf(
  lines: string[],
  start: Position,
  end: Position,
  escape: string,
): { text: string; mapPosition: PositionMapper } {
  const kept: string[] = [];
  const origins: { line: number; offset: number }[] = [];
  for (let line = start.line; line <= end.line; line++) {
    const full = lines[line] ?? '';
    const offset = line === start.line ? start.character : 0;
    let content = full.slice(offset, line === end.line ? end.character : full.length);
    if (line !== start.line && isBlankOrComment(content)) continue;
    if (escape !== '\\' && content.trimEnd().endsWith(escape)) {
      const cut = content.trimEnd().length - 1;
      content = `${content.slice(0, cut)}\\${content.slice(cut + 1)}`;
    }
    kept.push(content);
    origins.push({ line, offset });
  }
  const mapPosition: PositionMapper = (row, column) => {
    const origin = origins[Math.min(row, origins.length - 1)] ?? { line: start.line, offset: start.character };
    return { line: origin.line + 1, column: origin.offset + column + 1 };
  };
  return { text: kept.join('\n'), mapPosition };
}

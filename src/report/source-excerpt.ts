import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Returns a file's text, or undefined when it cannot (or should not) be shown. */
export type SourceReader = (file: string) => string | undefined;

/** Same cap as the scanner: a file it refused to read is not read for the report either. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** Lines shown before and after the lines of a finding. */
export const CONTEXT_LINES = 3;

export interface ExcerptLine {
  number: number;
  text: string;
  /** The line is part of the finding's region. */
  marked: boolean;
}

/** Reads files relative to `root`, each at most once, skipping missing, non-regular and oversized files. */
export function fileSourceReader(root: string): SourceReader {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) cache.set(file, readSmallFile(resolve(root, file)));
    return cache.get(file);
  };
}

function readSmallFile(absolute: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_SOURCE_BYTES) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The lines from `CONTEXT_LINES` before `line` to as many after `endLine`, or [] when `line` is not in the text. */
export function excerpt(text: string, line: number, endLine = line): ExcerptLine[] {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return [];
  const last = Math.min(Math.max(endLine, line), lines.length);
  const from = Math.max(1, line - CONTEXT_LINES);
  const to = Math.min(lines.length, last + CONTEXT_LINES);
  return lines.slice(from - 1, to).map((lineText, offset) => {
    const number = from + offset;
    return { number, text: lineText, marked: number >= line && number <= last };
  });
}

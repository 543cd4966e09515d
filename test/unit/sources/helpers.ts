import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ContainerFacts } from '../../../src/facts/container.js';
import type { Located } from '../../../src/facts/location.js';

/** Joins lines into a file with a final newline, so that line numbers can be read off the array. */
export function lines(...content: string[]): string {
  return `${content.join('\n')}\n`;
}

/** A located value as `[value, line, column]`: compares fact and place in one `toEqual`. */
export type Placed<T> = [T, number, number];

export function placed<T>(item: Located<T>): Placed<T> {
  return [item.value, item.at.line, item.at.column];
}

export function placedAll<T>(items: Located<T>[]): Placed<T>[] {
  return items.map(placed);
}

export function maybePlaced<T>(item: Located<T> | undefined): Placed<T> | undefined {
  return item && placed(item);
}

/** The namespaces of a container as `{ kind: [mode, line, column] }`. */
export function placedNamespaces(facts: ContainerFacts): Record<string, Placed<string>> {
  return Object.fromEntries(
    Object.entries(facts.namespaces).flatMap(([kind, value]) => (value ? [[kind, placed(value)]] : [])),
  );
}

/** Temporary directories made by a test, removed after it. */
export function useTempDirs(): (prefix?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix = 'hullcheck-') => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

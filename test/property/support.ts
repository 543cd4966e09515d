import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { InputError } from '../../src/facts/finding.js';
import type { Location } from '../../src/facts/location.js';

/**
 * Bounded runs: these properties run in CI on two cores. 200 runs each, and a
 * time limit so that a slow machine runs fewer cases rather than timing out.
 */
export const RUNS: fc.Parameters<unknown> = { numRuns: 200, interruptAfterTimeLimit: 2_500 };

/** Property tests get more time than unit tests, but each stays well under it. */
export const PROPERTY_TIMEOUT = 15_000;

/** Lines as an editor counts them: `\r\n`, `\r` and `\n` all end a line. */
export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function isLocation(value: unknown): value is Location {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && typeof v.line === 'number' && typeof v.column === 'number';
}

/** Every Location anywhere inside `value` (facts hold cycles: pipelines, parents). */
export function locationsIn(value: unknown): Location[] {
  const found: Location[] = [];
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (isLocation(v)) found.push(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child);
  };
  visit(value);
  return found;
}

/** Fails unless every location in `value` points at a line of `text`. */
export function expectLocationsInside(text: string, value: unknown): void {
  const lines = lineCount(text);
  for (const at of locationsIn(value)) {
    const inside =
      Number.isInteger(at.line) &&
      at.line >= 1 &&
      at.line <= lines &&
      Number.isInteger(at.column) &&
      at.column >= 1 &&
      (at.endLine === undefined || (at.endLine >= at.line && at.endLine <= lines));
    if (!inside) expect.fail(`location ${JSON.stringify(at)} is outside a text of ${lines} lines`);
  }
}

/** Every error names its file and says something; a line, when given, is in the text. */
export function expectWellFormedErrors(errors: InputError[], file: string, text: string): void {
  const lines = lineCount(text);
  for (const error of errors) {
    expect(error.file).toBe(file);
    expect(typeof error.message).toBe('string');
    expect(error.message.trim()).not.toBe('');
    if (error.line !== undefined) {
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.line).toBeLessThanOrEqual(lines);
      expect(error.column ?? 1).toBeGreaterThanOrEqual(1);
    }
  }
}

/** Pieces that tend to reach the corners of the parsers, mixed with arbitrary text. */
const TOKENS = [
  'FROM', 'RUN', 'ONBUILD', 'ARG', 'ENV', 'LABEL', 'COPY', 'CMD', 'HEALTHCHECK', 'AS', '--platform=', '--from=', '--mount=',
  '# escape=`', '# escape=\\', '<<EOF', '<<-EOF', "<<'EOF'", 'EOF', '\\\n', '`\n', '\r\n', '\n', '\t', ' ', '[', ']', '"', "'",
  '${', '}', '$', ':-', ':+', '$$', '{', ':', '- ', '  ', '&a', '*a', '<<: *a', '---', '? ', '!!binary', '|', '>', '#',
  'services:', 'image:', 'ports:', 'volumes:', 'extends:', 'privileged:', 'environment:', 'deploy:', 'true', 'null', '~',
  'docker', 'run', 'create', 'container', 'sudo', '-H', '--privileged', '-p', '-v', '-e', '--mount', '--', '-itd', '=',
  '80:80', '[::1]:8080:80', '/var/run/docker.sock', '$(', ')', '`', '&&', '||', ';', '\\', '\u0000', '\uFEFF', 'é', '😀',
];

export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** Arbitrary text: plain, any code point, or a soup of parser-relevant tokens. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  tokenSoup,
);

type Mutation =
  | { kind: 'insert-line'; at: number; line: string }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'insert-text'; at: number; text: string }
  | { kind: 'delete-text'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert-line' as const), at: fc.nat(), line: fc.oneof(tokenSoup, fc.string({ unit: 'binary', maxLength: 30 })) }),
  fc.record({ kind: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert-text' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('delete-text' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
);

function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const index = (n: number, size: number) => (size === 0 ? 0 : n % size);
  switch (m.kind) {
    case 'insert-line':
      lines.splice(index(m.at, lines.length + 1), 0, m.line);
      return lines.join('\n');
    case 'delete-line':
      lines.splice(index(m.at, lines.length), 1);
      return lines.join('\n');
    case 'duplicate-line': {
      const i = index(m.at, lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'swap-lines': {
      const i = index(m.at, lines.length);
      const j = index(m.other, lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 'insert-text': {
      const i = index(m.at, text.length + 1);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'delete-text': {
      const i = index(m.at, text.length + 1);
      return text.slice(0, i) + text.slice(i + m.length);
    }
  }
}

/** A valid input with one to eight random edits applied. */
export function mutated(base: string): fc.Arbitrary<string> {
  return fc.array(mutation, { minLength: 1, maxLength: 8 }).map((ms) => ms.reduce(applyMutation, base));
}

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sources', name), 'utf8');
}

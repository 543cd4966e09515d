import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { InputError } from '../../facts/finding.js';
import type { DaemonSetting, DaemonValue } from '../../facts/host.js';
import type { Location } from '../../facts/location.js';
import { jsonSyntaxError } from './json-syntax.js';

export interface DaemonJson {
  settings: Map<string, DaemonSetting>;
  errors: InputError[];
}

/**
 * Reads daemon.json text. Values are what `JSON.parse` makes of it, as dockerd
 * reads it with Go's JSON decoder (a repeated key: the last one counts); each
 * setting points at its key, found by reading the same text as YAML, of which
 * JSON is a subset. Text that is not JSON gives one located error, never a throw.
 */
export function parseDaemonJson(text: string, file: string): DaemonJson {
  const body = text.replace(/^\uFEFF/, '');
  // dockerd treats an empty daemon.json as no configuration.
  if (body.trim() === '') return { settings: new Map(), errors: [] };
  const parsed = parseJson(body, file);
  if ('error' in parsed) return { settings: new Map(), errors: [parsed.error] };
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    return { settings: new Map(), errors: [{ file, line: 1, column: 1, message: 'daemon.json must hold a JSON object' }] };
  }
  const positions = keyPositionsOrNone(body, file);
  const settings = new Map<string, DaemonSetting>();
  for (const [option, raw] of Object.entries(parsed.value as Record<string, unknown>)) {
    const value = toDaemonValue(raw);
    if (value === undefined) continue;
    const place = positions.get(option);
    const at = place?.at ?? { file, line: 1, column: 1 };
    settings.set(option, { value, at, from: 'config', ...(place?.itemAt ? { itemAt: place.itemAt } : {}) });
  }
  return { settings, errors: [] };
}

function parseJson(text: string, file: string): { value: unknown } | { error: InputError } {
  const syntax = jsonSyntaxError(text);
  if (syntax) {
    const { line, column } = lineAndColumn(text, syntax.offset);
    return { error: { file, line, column, message: `invalid JSON: ${syntax.message}` } };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    // Not expected once the grammar is checked; still an input error, never a throw.
    return { error: { file, line: 1, column: 1, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

interface KeyPlace {
  at: Location;
  itemAt?: Record<string, Location>;
}

/** Positions are a help, not the facts: a parser failure (deep nesting) only costs them. */
function keyPositionsOrNone(text: string, file: string): Map<string, KeyPlace> {
  try {
    return keyPositions(text, file);
  } catch {
    return new Map();
  }
}

/** Where each top-level key, and each item or entry under it, was written. */
function keyPositions(text: string, file: string): Map<string, KeyPlace> {
  const places = new Map<string, KeyPlace>();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const locate = (node: YamlNode | null | undefined): Location => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line, column: col };
  };
  if (!isMap(doc.contents)) return places;
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const itemAt = partPositions(pair.value as YamlNode | null, locate);
    places.set(String(pair.key.value), { at: locate(pair.key), ...(itemAt ? { itemAt } : {}) });
  }
  return places;
}

function partPositions(
  node: YamlNode | null,
  locate: (node: YamlNode | null | undefined) => Location,
): Record<string, Location> | undefined {
  const parts: Record<string, Location> = {};
  if (isSeq(node)) node.items.forEach((item, index) => (parts[String(index)] = locate(item as YamlNode)));
  else if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key)) parts[String(pair.key.value)] = locate(pair.key);
    }
  } else return undefined;
  return parts;
}

/**
 * JSON as a DaemonValue: null is left out, a list item that is not a string is
 * kept as its JSON text, and maps nested deeper than any daemon option are cut.
 */
function toDaemonValue(value: unknown, depth = 0): DaemonValue | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : jsonText(item)));
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return undefined;
  const entries: { [key: string]: DaemonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = toDaemonValue(item, depth + 1);
    if (converted !== undefined) Object.defineProperty(entries, key, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return entries;
}

const MAX_DEPTH = 32;

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '';
  }
}

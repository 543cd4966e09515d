import { readFileSync } from 'node:fs';
import type { Finding } from '../facts/finding.js';
import { activeFindings, type ScanResult } from './result.js';

/** Bumped only on a breaking change to the file's shape. */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
}

/** The `--write-baseline` file: findings accepted as they are, by fingerprint. */
export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  tool: { name: 'hullcheck'; version: string };
  /** Sorted by file, rule and fingerprint, so the file diffs well in review. */
  entries: BaselineEntry[];
}

/** A baseline file that is missing, unreadable or not in the shape above. */
export class BaselineError extends Error {
  constructor(file: string, reason: string) {
    super(`baseline ${file}: ${reason}`);
    this.name = 'BaselineError';
  }
}

/** The baseline of a result: every active (not suppressed) finding that has a fingerprint. */
export function baselineOf(result: ScanResult, toolVersion: string): BaselineFile {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of activeFindings(result)) {
    if (finding.fingerprint) entries.set(finding.fingerprint, { fingerprint: finding.fingerprint, ruleId: finding.ruleId, file: finding.at.file });
  }
  return { version: BASELINE_VERSION, tool: { name: 'hullcheck', version: toolVersion }, entries: [...entries.values()].sort(compareEntries) };
}

export function serializeBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint);
}

/** Code-unit order, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The fingerprints a baseline file lists. Throws a BaselineError naming the file and what is wrong. */
export function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  return parseBaseline(text, file);
}

export function parseBaseline(text: string, file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return fingerprintsIn(data, file);
}

function fingerprintsIn(data: unknown, file: string): Set<string> {
  if (!isRecord(data)) throw new BaselineError(file, 'expected a JSON object written by --write-baseline');
  if (data.version !== BASELINE_VERSION) throw new BaselineError(file, `unsupported version ${JSON.stringify(data.version)} (expected ${BASELINE_VERSION})`);
  if (!Array.isArray(data.entries)) throw new BaselineError(file, '"entries" must be a list');
  return new Set(
    data.entries.map((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry.fingerprint !== 'string' || entry.fingerprint === '') {
        throw new BaselineError(file, `entry ${index + 1} has no "fingerprint" string`);
      }
      return entry.fingerprint;
    }),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Moves the active findings whose fingerprint the baseline lists out of
 * `findings` into `baselined`. Suppressed findings stay where they are.
 */
export function applyBaseline(result: ScanResult, fingerprints: ReadonlySet<string>): ScanResult {
  const inBaseline = (finding: Finding) => !finding.suppressed && finding.fingerprint !== undefined && fingerprints.has(finding.fingerprint);
  return {
    ...result,
    findings: result.findings.filter((finding) => !inBaseline(finding)),
    baselined: [...(result.baselined ?? []), ...result.findings.filter(inBaseline)],
  };
}

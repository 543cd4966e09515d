import type { Finding, InputError } from '../facts/finding.js';
import type { InputKind } from './parse-input.js';

export interface ScannedInput {
  /** Path as reported in findings (relative to the working directory when inside it), or `-`. */
  path: string;
  /** Files have their kind; audit's inputs are the engine and its containers. */
  kind: InputKind | 'engine' | 'container' | 'image';
}

export interface ScanResult {
  /** Every finding, suppressed ones included (they carry `suppressed`). Sorted by file, line, column. */
  findings: Finding[];
  /** Inputs that could not be read or parsed, each with the reason. */
  errors: InputError[];
  /** Inputs that were scanned, in order. */
  inputs: ScannedInput[];
  /**
   * Findings left out because a `--baseline` file lists their fingerprint; present
   * (possibly empty) only when a baseline was applied. They never count as findings.
   */
  baselined?: Finding[];
}

export function activeFindings(result: ScanResult): Finding[] {
  return result.findings.filter((f) => !f.suppressed);
}

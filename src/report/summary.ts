import { SEVERITIES, type Finding, type Severity } from '../facts/finding.js';
import type { ScanResult } from '../scan/result.js';

/** Severities from most to least severe: the order reports list them in. */
export const SEVERITIES_DESCENDING: readonly Severity[] = [...SEVERITIES].reverse();

export interface Counts {
  inputs: number;
  /** Findings not suppressed. */
  findings: number;
  suppressed: number;
  /** Findings left out by a baseline; undefined when no baseline was applied. */
  baselined?: number;
  errors: number;
  /** Findings not suppressed, per severity; every severity is present. */
  bySeverity: Record<Severity, number>;
}

export function countResult(result: ScanResult): Counts {
  const active = result.findings.filter((f) => !f.suppressed);
  return {
    inputs: result.inputs.length,
    findings: active.length,
    suppressed: result.findings.length - active.length,
    ...(result.baselined ? { baselined: result.baselined.length } : {}),
    errors: result.errors.length,
    bySeverity: countBySeverity(active),
  };
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** The findings a text or JSON report lists: suppressed ones only when asked for. */
export function listedFindings(result: ScanResult, showSuppressed: boolean): Finding[] {
  return showSuppressed ? result.findings : result.findings.filter((f) => !f.suppressed);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

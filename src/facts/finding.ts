import type { Location } from './location.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** A mechanical change that resolves a finding, described for people and for `harden`. */
export interface Fix {
  description: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  at: Location;
  /** Name of the container, service or build stage the finding concerns. */
  subject?: string;
  fix?: Fix;
  /**
   * Stable across edits that move the finding: a hash of the rule, the file,
   * the subject and the text of the finding's line. Set by the scanner.
   */
  fingerprint?: string;
  /** Set when an inline comment or the config suppressed the finding. */
  suppressed?: { reason: string };
}

/** An input that could not be read or parsed. The run goes on without it. */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

import type { Finding, InputError, Severity } from '../facts/finding.js';
import type { ScanResult } from '../scan/result.js';
import type { ReportOptions } from './options.js';
import { countResult, listedFindings } from './summary.js';

/** Bumped only on a breaking change to the shape below. */
export const JSON_REPORT_VERSION = 1;

/**
 * The `--format json` document. Keys always appear in this order; optional
 * keys are left out rather than set to null.
 */
export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: 'hullcheck'; version: string };
  summary: {
    /** Inputs scanned (inputs that failed to read or parse are in `errors`). */
    inputs: number;
    /** Findings not suppressed. */
    findings: number;
    /** Suppressed findings, counted whether or not they are listed. */
    suppressed: number;
    /** Findings left out because the `--baseline` file lists them; present only with a baseline. */
    baselined?: number;
    /** Input errors. */
    errors: number;
    /** Findings not suppressed, per severity, most severe first; every severity is present. */
    bySeverity: Record<Severity, number>;
  };
  /** Suppressed findings are listed only with `--show-suppressed`. */
  findings: JsonFinding[];
  errors: JsonInputError[];
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** File path, or for live sources the object, e.g. `container:web`. */
  file: string;
  /** 1-based; 0 for live sources, which name the field in `path` instead. */
  line: number;
  column: number;
  /** End of the region, exclusive column; equal to the start when the end is not known. */
  endLine: number;
  endColumn: number;
  /** Engine API field, e.g. `HostConfig.Privileged`. */
  path?: string;
  /** Container, service or build stage the finding concerns. */
  subject?: string;
  fingerprint?: string;
  fix?: { description: string };
  suppressed?: { reason: string };
}

export interface JsonInputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export function renderJson(result: ScanResult, options: ReportOptions): string {
  return JSON.stringify(buildJsonReport(result, options), null, 2) + '\n';
}

export function buildJsonReport(result: ScanResult, options: ReportOptions): JsonReport {
  const counts = countResult(result);
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: 'hullcheck', version: options.toolVersion },
    summary: {
      inputs: counts.inputs,
      findings: counts.findings,
      suppressed: counts.suppressed,
      ...(counts.baselined === undefined ? {} : { baselined: counts.baselined }),
      errors: counts.errors,
      bySeverity: counts.bySeverity,
    },
    findings: listedFindings(result, options.showSuppressed).map(jsonFinding),
    errors: result.errors.map(jsonInputError),
  };
}

function jsonFinding(finding: Finding): JsonFinding {
  const { at } = finding;
  // Built key by key (absent values left out) rather than filtered afterwards: a scan of a
  // large tree writes tens of thousands of these.
  const json: JsonFinding = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine ?? at.line,
    endColumn: at.endColumn ?? at.column,
  };
  if (at.path !== undefined) json.path = at.path;
  if (finding.subject !== undefined) json.subject = finding.subject;
  if (finding.fingerprint !== undefined) json.fingerprint = finding.fingerprint;
  if (finding.fix) json.fix = { description: finding.fix.description };
  if (finding.suppressed) json.suppressed = { reason: finding.suppressed.reason };
  return json;
}

function jsonInputError(error: InputError): JsonInputError {
  return withoutUndefined({ file: error.file, line: error.line, column: error.column, message: error.message });
}

/** Drops keys whose value is undefined, keeping the order of the rest. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

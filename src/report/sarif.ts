import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Location as SarifLocation, Log, Notification, Region, Result, Run } from 'sarif';
import type { Finding, InputError } from '../facts/finding.js';
import type { Location } from '../facts/location.js';
import type { ScanResult } from '../scan/result.js';
import type { ReportOptions } from './options.js';
import { docsBaseUrl } from './rule-docs.js';
import { ruleDescriptor, sarifLevel } from './sarif-rules.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** Key of hullcheck's fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'hullcheck/v1';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Every rule
 * in `options.rules` is described, fired or not; suppressed findings are
 * always included, carrying a `suppressions` entry.
 */
export function renderSarif(result: ScanResult, options: ReportOptions): string {
  return JSON.stringify(buildSarifLog(result, options), null, 2) + '\n';
}

function buildSarifLog(result: ScanResult, options: ReportOptions): Log {
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [buildRun(result, options)] };
}

function buildRun(result: ScanResult, options: ReportOptions): Run {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.meta.id, index]));
  const docsBase = docsBaseUrl(options.docsUrl);
  return {
    tool: {
      driver: {
        name: 'hullcheck',
        semanticVersion: options.toolVersion,
        rules: options.rules.map((rule) => ruleDescriptor(rule, docsBase)),
      },
    },
    invocations: [
      {
        executionSuccessful: result.errors.length === 0,
        toolExecutionNotifications: result.errors.map(errorNotification),
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.srcRoot ?? process.cwd()) } },
    columnKind: 'utf16CodeUnits',
    results: sarifResults(result, ruleIndex),
  };
}

/**
 * With a baseline applied, the findings it lists are kept as `unchanged` and the
 * rest marked `new`, so viewers can tell new problems from accepted ones.
 */
function sarifResults(result: ScanResult, ruleIndex: ReadonlyMap<string, number>): Result[] {
  const current = result.findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId)));
  if (!result.baselined) return current;
  const unchanged = result.baselined.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId)));
  return [
    ...current.map((r): Result => ({ ...r, baselineState: 'new' })),
    ...unchanged.map((r): Result => ({ ...r, baselineState: 'unchanged' })),
  ];
}

function sarifResult(finding: Finding, ruleIndex: number | undefined): Result {
  const result: Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [sarifLocation(finding.at)],
  };
  if (finding.fingerprint) result.partialFingerprints = { [FINGERPRINT_KEY]: finding.fingerprint };
  if (finding.suppressed) result.suppressions = [{ kind: 'inSource', justification: finding.suppressed.reason }];
  return result;
}

/** A place in a file, or for a live object (line 0) the object and its Engine API field. */
function sarifLocation(at: Location): SarifLocation {
  if (at.line >= 1) {
    return { physicalLocation: { artifactLocation: artifactLocation(at.file), region: region(at) } };
  }
  // An image file's path is already absolute: `image:app:1@abc/usr/bin/su`, not `...abc//usr/bin/su`.
  const fullyQualifiedName = at.path ? `${at.file}/${at.path.replace(/^\//, '')}` : at.file;
  return { logicalLocations: [{ fullyQualifiedName, kind: 'resource' }] };
}

function region(at: Location): Region {
  const result: Region = { startLine: at.line };
  if (at.column >= 1) result.startColumn = at.column;
  result.endLine = at.endLine !== undefined && at.endLine >= at.line ? at.endLine : at.line;
  if (at.endColumn !== undefined && at.endColumn >= 1) result.endColumn = at.endColumn;
  return result;
}

function errorNotification(error: InputError): Notification {
  const physicalLocation: SarifLocation['physicalLocation'] = { artifactLocation: artifactLocation(error.file) };
  if (error.line !== undefined && error.line >= 1) {
    physicalLocation.region = { startLine: error.line };
    if (error.column !== undefined && error.column >= 1) physicalLocation.region.startColumn = error.column;
  }
  return { level: 'error', message: { text: error.message }, locations: [{ physicalLocation }] };
}

/**
 * A relative path becomes a percent-encoded POSIX URI reference against
 * %SRCROOT%; an absolute path becomes a file URI with no base.
 */
export function artifactLocation(file: string): ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const segments = file.split(path.sep).flatMap((part) => part.split('/'));
  return { uri: segments.map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

import pc from 'picocolors';
import type { Finding, InputError, Severity } from '../facts/finding.js';
import type { Location } from '../facts/location.js';
import type { ScanResult } from '../scan/result.js';
import type { ReportOptions } from './options.js';
import { docsBaseUrl, ruleDocsUrl } from './rule-docs.js';
import { SEVERITIES_DESCENDING, countResult, listedFindings, plural, type Counts } from './summary.js';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Human-readable report. Each finding and input error is one self-contained
 * line, fields separated by exactly two spaces, so tools can split it:
 *
 *   Dockerfile:3:1  high  rule-id  message
 *   container:web HostConfig.Privileged  critical  no-privileged  message
 *   compose.yaml:7:5  medium  rule-id  message  (suppressed: reason)
 *   broken.yaml:4:3  error  message
 *
 * Findings are grouped under a header line naming their file, in the order the
 * result lists them; input errors follow; a summary line ends the report
 * (left out with `quiet`, which prints nothing at all when nothing was found).
 */
export function renderText(result: ScanResult, options: ReportOptions): string {
  const colors = pc.createColors(options.color);
  const blocks = [
    ...findingBlocks(listedFindings(result, options.showSuppressed), colors, options.verbose === true ? docsBaseUrl(options.docsUrl) : undefined),
    errorBlock(result.errors, colors),
    options.quiet ? [] : [summaryLine(countResult(result), options.showSuppressed, colors)],
  ].filter((block) => block.length > 0);
  return blocks.length === 0 ? '' : blocks.map((block) => block.join('\n')).join('\n\n') + '\n';
}

/** `docsBase` is set for `--verbose`: each finding then carries its fix and its rule's docs link. */
function findingBlocks(findings: readonly Finding[], colors: Colors, docsBase: string | undefined): string[][] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byFile.get(finding.at.file) ?? [];
    group.push(finding);
    byFile.set(finding.at.file, group);
  }
  const lines = (f: Finding) => (docsBase ? [findingLine(f, colors), ...detailLines(f, colors, docsBase)] : [findingLine(f, colors)]);
  return [...byFile].map(([file, group]) => [colors.bold(file), ...group.flatMap(lines)]);
}

/** `--verbose`: how to fix the finding and where its rule is explained, indented under it. */
function detailLines(finding: Finding, colors: Colors, docsBase: string): string[] {
  const fix = finding.fix ? [`    fix: ${finding.fix.description}`] : [];
  return [...fix, colors.dim(`    docs: ${ruleDocsUrl(finding.ruleId, docsBase)} (or: hullcheck explain ${finding.ruleId})`)];
}

function findingLine(finding: Finding, colors: Colors): string {
  const fields = [formatLocation(finding.at), severityLabel(finding.severity, colors), finding.ruleId, finding.message];
  if (finding.suppressed) fields.push(colors.dim(`(suppressed: ${finding.suppressed.reason})`));
  return fields.join('  ');
}

/** `file:line:col` for a place in a file; `file path` (or `file`) for a live object at line 0. */
export function formatLocation(at: Location): string {
  if (at.line >= 1) return `${at.file}:${at.line}:${at.column}`;
  return at.path ? `${at.file} ${at.path}` : at.file;
}

function errorBlock(errors: readonly InputError[], colors: Colors): string[] {
  return errors.map((error) => formatInputError(error, colors));
}

/** `broken.yaml:4:3  error  message`, the way the text report lists an input error. */
export function formatInputError(error: InputError, colors: Colors = pc.createColors(false)): string {
  return [errorLocation(error), colors.red('error'), error.message].join('  ');
}

/** `file:line:col`, `file:line` or `file`, as much as the error knows. */
export function errorLocation(error: InputError): string {
  if (error.line === undefined || error.line < 1) return error.file;
  return error.column === undefined ? `${error.file}:${error.line}` : `${error.file}:${error.line}:${error.column}`;
}

function severityLabel(severity: Severity, colors: Colors): string {
  switch (severity) {
    case 'critical':
    case 'high':
      return colors.red(severity);
    case 'medium':
      return colors.yellow(severity);
    case 'low':
      return colors.cyan(severity);
    case 'info':
      return colors.dim(severity);
  }
}

/**
 * `2 findings (1 critical, 1 medium) in 3 inputs; 1 input error; 4 baselined; 1 suppressed, use --show-suppressed to list them`
 * or, with nothing found, `no findings in 3 inputs`.
 */
function summaryLine(counts: Counts, showSuppressed: boolean, colors: Colors): string {
  const parts = [findingsPart(counts, colors)];
  if (counts.errors > 0) parts.push(colors.red(plural(counts.errors, 'input error')));
  if (counts.baselined !== undefined && counts.baselined > 0) parts.push(`${counts.baselined} baselined`);
  if (counts.suppressed > 0) parts.push(suppressedPart(counts.suppressed, showSuppressed));
  return parts.join('; ');
}

function findingsPart(counts: Counts, colors: Colors): string {
  const inputs = plural(counts.inputs, 'input');
  if (counts.findings === 0) return `no findings in ${inputs}`;
  const bySeverity = SEVERITIES_DESCENDING.filter((s) => counts.bySeverity[s] > 0).map(
    (s) => `${counts.bySeverity[s]} ${severityLabel(s, colors)}`,
  );
  return `${plural(counts.findings, 'finding')} (${bySeverity.join(', ')}) in ${inputs}`;
}

function suppressedPart(suppressed: number, showSuppressed: boolean): string {
  return showSuppressed ? `${suppressed} suppressed` : `${suppressed} suppressed, use --show-suppressed to list them`;
}

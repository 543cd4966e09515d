import { severityRank, type Finding, type InputError, type Severity } from '../facts/finding.js';
import type { RuleMeta } from '../rules/rule.js';
import type { ScanResult, ScannedInput } from '../scan/result.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { barChart, type Bar } from './html-chart.js';
import { findingDetails } from './html-details.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import type { ReportOptions } from './options.js';
import { docsBaseUrl, ruleDocsUrl } from './rule-docs.js';
import { fileSourceReader, type SourceReader } from './source-excerpt.js';
import { SEVERITIES_DESCENDING, countResult, listedFindings, plural, type Counts } from './summary.js';
import { formatLocation } from './text.js';

export type { SourceReader } from './source-excerpt.js';

/** What the page's script knows of each row, in row order: filter values and sort keys. */
interface RowData {
  severity: Severity;
  rank: number;
  ruleId: string;
  /** The file, or the live object (`container:web@3f2a1b9c0d12`). */
  target: string;
  line: number;
  column: number;
  location: string;
  message: string;
}

/**
 * One self-contained HTML page: summary and charts, a findings table whose
 * rows expand to the rule's docs and the source lines or inspect field, and
 * the input errors. Everything is inline (a CSP forbids any fetch), the
 * static parts work without JavaScript, and the output depends only on the
 * arguments (and the files read), so it is deterministic.
 *
 * `readSource` returns the text of a finding's file (tests inject one); by
 * default files are read relative to `options.srcRoot` (or the working
 * directory), except standard input and `docker run` lines.
 */
export function renderHtml(result: ScanResult, options: ReportOptions, readSource?: SourceReader): string {
  const reader = readSource ?? inputFileReader(result, options);
  const rules = new Map<string, RuleMeta>(options.rules.map((rule) => [rule.meta.id, rule.meta]));
  const findings = listedFindings(result, options.showSuppressed);
  const counts = countResult(result);
  const body = [
    header(options.toolVersion, result.inputs),
    summarySection(counts, result.findings),
    findingsSection(findings, rules, reader, docsBaseUrl(options.docsUrl)),
    errorsSection(result.errors),
  ].join('\n');
  return page(body, findings.map(rowData));
}

/** Standard input and `docker run` lines were never files: a file of the same name must not be shown. */
function inputFileReader(result: ScanResult, options: ReportOptions): SourceReader {
  const notFiles = new Set(['-', ...result.inputs.filter((input) => input.kind === 'run').map((input) => input.path)]);
  const read = fileSourceReader(options.srcRoot ?? process.cwd());
  return (file) => (notFiles.has(file) ? undefined : read(file));
}

function page(body: string, rows: RowData[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="hullcheck">
<title>hullcheck report</title>
<style>${HTML_STYLE}</style>
</head>
<body>
${body}
<script type="application/json" id="report-data">${jsonForScript(rows)}</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

function header(toolVersion: string, inputs: readonly ScannedInput[]): string {
  const items = inputs.map((input) => `<li><code>${escapeHtml(input.path)}</code> (${escapeHtml(input.kind)})</li>`).join('');
  const inputList = inputs.length === 0 ? '' : `<details class="inputs"><summary>${plural(inputs.length, 'input')} scanned</summary><ul>${items}</ul></details>`;
  return `<header><h1>hullcheck report</h1><p class="tool">hullcheck ${escapeHtml(toolVersion)}</p>${inputList}</header>`;
}

function summarySection(counts: Counts, allFindings: readonly Finding[]): string {
  const active = allFindings.filter((finding) => !finding.suppressed);
  const severityBars: Bar[] = SEVERITIES_DESCENDING.map((severity) => ({ label: severity, count: counts.bySeverity[severity], severity }));
  return `<section id="summary" aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
<p class="totals">${totals(counts)}</p>
<ul class="severity-counts">${severityCounts(counts)}</ul>
<div class="charts">
<figure><figcaption>Findings by severity</figcaption>${barChart('Findings by severity', severityBars)}</figure>
<figure><figcaption>Findings by rule</figcaption>${barChart('Findings by rule', ruleBars(active))}</figure>
</div>
</section>`;
}

function totals(counts: Counts): string {
  const parts = [`<strong id="finding-count">${counts.findings}</strong> ${counts.findings === 1 ? 'finding' : 'findings'} in ${plural(counts.inputs, 'input')}`];
  if (counts.suppressed > 0) parts.push(`${counts.suppressed} suppressed`);
  if (counts.errors > 0) parts.push(`<a href="#errors">${plural(counts.errors, 'input error')}</a>`);
  return parts.join(' · ');
}

function severityCounts(counts: Counts): string {
  return SEVERITIES_DESCENDING.map(
    (severity) => `<li><span class="sev sev-${severity}">${severity}</span> <strong data-severity-count="${severity}">${counts.bySeverity[severity]}</strong></li>`,
  ).join('');
}

/** One bar per rule that fired, most findings first, coloured by its most severe finding. */
function ruleBars(findings: readonly Finding[]): Bar[] {
  const bars = new Map<string, Bar>();
  for (const finding of findings) {
    const bar = bars.get(finding.ruleId) ?? { label: finding.ruleId, count: 0, severity: finding.severity };
    bar.count += 1;
    if (severityRank(finding.severity) > severityRank(bar.severity)) bar.severity = finding.severity;
    bars.set(finding.ruleId, bar);
  }
  return [...bars.values()].sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}

function findingsSection(findings: readonly Finding[], rules: ReadonlyMap<string, RuleMeta>, readSource: SourceReader, docsBase: string): string {
  if (findings.length === 0) return `<section id="findings"><h2>Findings</h2><p class="empty">No findings.</p></section>`;
  const docsUrl = (ruleId: string) => (rules.has(ruleId) ? ruleDocsUrl(ruleId, docsBase) : undefined);
  const rows = findings.map((finding) => findingRow(finding, rules.get(finding.ruleId), readSource, docsUrl(finding.ruleId))).join('\n');
  return `<section id="findings" aria-labelledby="findings-title">
<h2 id="findings-title">Findings</h2>
${filterControls(findings)}
<p class="shown">Showing <span id="visible-count">${findings.length}</span> of ${findings.length}</p>
<table class="findings" id="findings-table">
<colgroup><col class="col-severity"><col class="col-rule"><col class="col-location"><col class="col-message"></colgroup>
<thead><tr><th data-sort="severity">Severity</th><th data-sort="rule">Rule</th><th data-sort="location">Location</th><th data-sort="message">Message</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** Hidden until the script shows it: without JavaScript the controls would do nothing. */
function filterControls(findings: readonly Finding[]): string {
  return `<div class="controls" id="controls" hidden>
<fieldset class="severity-filter"><legend>Severity</legend>${severityOptions(findings)}</fieldset>
<label>Rule <select id="filter-rule"><option value="">all rules</option>${choiceOptions(tally(findings, (f) => f.ruleId, true))}</select></label>
<label>File or object <select id="filter-target"><option value="">all files and objects</option>${choiceOptions(tally(findings, (f) => f.at.file, false))}</select></label>
<label>Text <input type="search" id="filter-text" placeholder="rule, location or message" autocomplete="off"></label>
</div>`;
}

function severityOptions(findings: readonly Finding[]): string {
  const counts = tally(findings, (f) => f.severity, false);
  return SEVERITIES_DESCENDING.filter((severity) => counts.has(severity))
    .map((severity) => `<label><input type="checkbox" name="severity" value="${severity}"> ${severity} (${counts.get(severity)})</label>`)
    .join('');
}

/** Counts per key, in order of first appearance, or by key when `sorted`. */
function tally(findings: readonly Finding[], key: (finding: Finding) => string, sorted: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
  return sorted ? new Map([...counts].sort(([a], [b]) => (a < b ? -1 : 1))) : counts;
}

function choiceOptions(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([value, count]) => `<option value="${escapeHtml(value)}">${escapeHtml(value)} (${count})</option>`).join('');
}

function findingRow(finding: Finding, meta: RuleMeta | undefined, readSource: SourceReader, docsUrl: string | undefined): string {
  const suppressed = finding.suppressed ? ' suppressed' : '';
  const tag = finding.suppressed ? '<span class="tag">suppressed</span>' : '';
  return (
    `<tr class="finding${suppressed}">` +
    `<td><span class="sev sev-${finding.severity}">${finding.severity}</span></td>` +
    `<td>${ruleIdCell(finding.ruleId, docsUrl)}</td>` +
    `<td class="loc">${escapeHtml(formatLocation(finding.at))}</td>` +
    `<td><details><summary>${escapeHtml(finding.message)}${tag}</summary>` +
    `<div class="detail">${findingDetails(finding, meta, readSource, docsUrl)}</div></details></td></tr>`
  );
}

function ruleIdCell(ruleId: string, docsUrl: string | undefined): string {
  const code = `<code>${escapeHtml(ruleId)}</code>`;
  return docsUrl ? `<a class="rule-link" href="${escapeHtml(docsUrl)}">${code}</a>` : code;
}

function rowData(finding: Finding): RowData {
  return {
    severity: finding.severity,
    rank: severityRank(finding.severity),
    ruleId: finding.ruleId,
    target: finding.at.file,
    line: finding.at.line,
    column: finding.at.column,
    location: formatLocation(finding.at),
    message: finding.message,
  };
}

function errorsSection(errors: readonly InputError[]): string {
  if (errors.length === 0) return '';
  const items = errors.map((error) => `<li><code>${escapeHtml(errorLocation(error))}</code> ${escapeHtml(error.message)}</li>`).join('');
  return `<section id="errors" aria-labelledby="errors-title"><h2 id="errors-title">Input errors</h2><ul class="errors">${items}</ul></section>`;
}

function errorLocation(error: InputError): string {
  if (error.line === undefined || error.line < 1) return error.file;
  return error.column === undefined ? `${error.file}:${error.line}` : `${error.file}:${error.line}:${error.column}`;
}

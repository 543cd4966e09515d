import { severityRank, type Finding, type InputError } from '../facts/finding.js';
import type { ScanResult } from '../scan/result.js';
import type { ReportOptions } from './options.js';
import { docsBaseUrl, ruleDocsUrl } from './rule-docs.js';
import { SEVERITIES_DESCENDING, countResult, listedFindings, plural, type Counts } from './summary.js';
import { errorLocation, formatLocation } from './text.js';

/** More rows than this make a pull-request comment too long to read (and to post). */
export const MARKDOWN_MAX_ROWS = 200;

/**
 * GitHub-flavoured Markdown for a pull-request comment: a heading with the
 * counts by severity, one table row per finding (most severe first, at most
 * MARKDOWN_MAX_ROWS), then the input errors. Rule ids link to their docs page.
 */
export function renderMarkdown(result: ScanResult, options: ReportOptions): string {
  const counts = countResult(result);
  const findings = bySeverity(listedFindings(result, options.showSuppressed));
  const knownRules = new Set(options.rules.map((rule) => rule.meta.id));
  const docsBase = docsBaseUrl(options.docsUrl);
  const sections = [[heading(counts), countsLine(counts)]];
  if (findings.length > 0) sections.push(findingTable(findings, knownRules, docsBase));
  if (result.errors.length > 0) sections.push(errorList(result.errors));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function heading(counts: Counts): string {
  if (counts.findings === 0) return '### hullcheck: no findings';
  const parts = SEVERITIES_DESCENDING.filter((s) => counts.bySeverity[s] > 0).map((s) => `${counts.bySeverity[s]} ${s}`);
  return `### hullcheck: ${plural(counts.findings, 'finding')} (${parts.join(', ')})`;
}

function countsLine(counts: Counts): string {
  const parts = [`${plural(counts.inputs, 'input')} scanned`];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'input error'));
  if (counts.baselined !== undefined && counts.baselined > 0) parts.push(`${counts.baselined} baselined`);
  if (counts.suppressed > 0) parts.push(`${counts.suppressed} suppressed`);
  return parts.join(', ');
}

/** Most severe first; findings of equal severity keep the result's order. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

function findingTable(findings: readonly Finding[], knownRules: ReadonlySet<string>, docsBase: string): string[] {
  const shown = findings.slice(0, MARKDOWN_MAX_ROWS);
  const rows = shown.map((finding) => tableRow(finding, knownRules, docsBase));
  const table = ['| severity | rule | location | message |', '|---|---|---|---|', ...rows];
  const hidden = findings.length - shown.length;
  return hidden > 0 ? [...table, '', `…and ${hidden} more not shown here.`] : table;
}

function tableRow(finding: Finding, knownRules: ReadonlySet<string>, docsBase: string): string {
  const message = finding.suppressed ? `${finding.message} (suppressed: ${finding.suppressed.reason})` : finding.message;
  const cells = [finding.severity, ruleCell(finding.ruleId, knownRules, docsBase), escapeMarkdown(formatLocation(finding.at)), escapeMarkdown(message)];
  return `| ${cells.join(' | ')} |`;
}

/** The rule id, linked to its documentation page. */
function ruleCell(ruleId: string, knownRules: ReadonlySet<string>, docsBase: string): string {
  const label = escapeMarkdown(ruleId);
  return knownRules.has(ruleId) ? `[${label}](${ruleDocsUrl(ruleId, docsBase)})` : label;
}

function errorList(errors: readonly InputError[]): string[] {
  return ['**Input errors**', '', ...errors.map((error) => `- ${escapeMarkdown(errorLocation(error))}: ${escapeMarkdown(error.message)}`)];
}

/**
 * Makes text safe in a table cell or list item: Markdown punctuation and HTML
 * are backslash-escaped (so a message cannot open a link, a tag or a new
 * cell), and line breaks become <br>, since a cell cannot span lines.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()<>#+!|~&]/g, (char) => `\\${char}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { isSeverity, severityRank, SEVERITIES, type Finding, type Severity } from '../facts/finding.js';
import { loadRenderer } from '../report/load.js';
import { REPORT_FORMATS, type ReportFormat, type ReportOptions } from '../report/options.js';
import { rules } from '../rules/index.js';
import { applyBaseline, baselineOf, readBaseline, serializeBaseline } from '../scan/baseline.js';
import { ConfigError, emptyConfig, findConfigFile, type FailOn, type HullcheckConfig } from '../scan/config.js';
import { enabledRules } from '../scan/findings.js';
import { activeFindings, type ScanResult } from '../scan/result.js';
import { VERSION } from '../version.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export type Format = ReportFormat;

export interface OutputOptions {
  format: Format;
  output?: string;
  failOn?: string;
  config?: string;
  showSuppressed?: boolean;
  color?: boolean;
  severity?: Severity;
  quiet?: boolean;
  verbose?: boolean;
  docsUrl?: string;
  baseline?: string;
  writeBaseline?: string;
}

/** Adds the options every scanning command shares. */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: low)').choices([
        'none',
        ...SEVERITIES,
      ]),
    )
    .option('-c, --config <file>', 'config file (default: .hullcheck.yaml found upward from the scanned path)')
    .option('--show-suppressed', 'list suppressed findings too')
    .addOption(new Option('--severity <level>', 'report only findings at or above this severity').choices(SEVERITIES))
    .option('-q, --quiet', 'text format: print only findings and errors, no summary')
    .option('-v, --verbose', "text format: under each finding, its fix and its rule's documentation")
    .option('--baseline <file>', 'leave out the findings this baseline file lists (see --write-baseline)')
    .option('--write-baseline <file>', 'write the fingerprints of the current findings to a baseline file instead of a report, and exit 0')
    .option('--docs-url <url>', "base URL of the rule documentation pages that reports link to (default: $HULLCHECK_DOCS_URL, else the docs shipped with hullcheck)")
    .option('--no-color', 'never colour the text report')
    .option('--color', 'colour the text report even when not writing to a terminal');
}

/** The config named by --config, or the nearest `.hullcheck.yaml` above `start`. */
export async function resolveConfig(options: OutputOptions, start: string): Promise<HullcheckConfig> {
  const file = options.config ?? findConfigFile(start);
  if (!file) return emptyConfig(process.cwd());
  const { loadConfig } = await import('../scan/config-file.js');
  return loadConfig(file, rules);
}

/** Renders a result; a command may add to the standard report (audit adds its score). */
export type Renderer = (format: Format, result: ScanResult, options: ReportOptions) => string | Promise<string>;

/** The standard report of a format; only that format's renderer is loaded. */
export async function renderStandard(format: Format, result: ScanResult, options: ReportOptions): Promise<string> {
  return (await loadRenderer(format))(result, options);
}

/**
 * Writes the report and returns the exit code the run ends with. The baseline and
 * `--severity` are applied first, so the report and the exit code agree.
 */
export async function finish(result: ScanResult, options: OutputOptions, config: HullcheckConfig, render: Renderer = renderStandard): Promise<number> {
  if (options.writeBaseline) return writeBaseline(result, options.writeBaseline);
  const reported = reportedResult(result, options);
  const color = options.output ? false : colorWanted(options.color);
  const report = await render(options.format, reported, {
    color,
    showSuppressed: options.showSuppressed === true,
    rules,
    enabledRules: enabledRules(rules, config),
    toolVersion: VERSION,
    quiet: options.quiet === true,
    verbose: options.verbose === true,
    ...(options.docsUrl ? { docsUrl: options.docsUrl } : {}),
  });
  if (options.output) writeFileSync(options.output, report);
  else process.stdout.write(report);
  return exitCode(reported, (options.failOn as FailOn | undefined) ?? config.failOn ?? 'low');
}

/** What the report shows: without the baselined findings, and only from `--severity` up. */
export function reportedResult(result: ScanResult, options: Pick<OutputOptions, 'baseline' | 'severity'>): ScanResult {
  const afterBaseline = options.baseline ? applyBaseline(result, readBaseline(options.baseline)) : result;
  return options.severity ? atOrAbove(afterBaseline, options.severity) : afterBaseline;
}

function atOrAbove(result: ScanResult, severity: Severity): ScanResult {
  const threshold = severityRank(severity);
  const kept = (findings: Finding[]) => findings.filter((f) => severityRank(f.severity) >= threshold);
  return { ...result, findings: kept(result.findings), ...(result.baselined ? { baselined: kept(result.baselined) } : {}) };
}

/** `--write-baseline`: the file instead of a report. Input errors still end the run with code 2. */
async function writeBaseline(result: ScanResult, file: string): Promise<number> {
  const { formatInputError } = await import('../report/text.js');
  const baseline = baselineOf(result, VERSION);
  writeFileSync(file, serializeBaseline(baseline));
  const count = baseline.entries.length;
  process.stderr.write(`hullcheck: wrote a baseline of ${count} finding${count === 1 ? '' : 's'} to ${file}\n`);
  for (const error of result.errors) process.stderr.write(`${formatInputError(error)}\n`);
  return result.errors.length > 0 ? EXIT_ERROR : EXIT_CLEAN;
}

export function exitCode(result: ScanResult, failOn: FailOn): number {
  if (result.errors.length > 0) return EXIT_ERROR;
  if (failOn === 'none' || !isSeverity(failOn)) return EXIT_CLEAN;
  const threshold = severityRank(failOn);
  return activeFindings(result).some((f) => severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_CLEAN;
}

function colorWanted(flag: boolean | undefined): boolean {
  if (process.argv.includes('--no-color')) return false;
  if (process.argv.includes('--color')) return true;
  if (flag === false || 'NO_COLOR' in process.env) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

export function printConfigError(error: ConfigError): number {
  for (const e of error.errors) {
    process.stderr.write(`${e.file}${e.line ? `:${e.line}:${e.column}` : ''}  error  ${e.message}\n`);
  }
  return EXIT_ERROR;
}

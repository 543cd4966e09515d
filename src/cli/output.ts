import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { isSeverity, severityRank, SEVERITIES } from '../facts/finding.js';
import { renderReport, type ReportOptions } from '../report/index.js';
import { rules } from '../rules/index.js';
import { ConfigError, emptyConfig, findConfigFile, type FailOn, type HullcheckConfig } from '../scan/config.js';
import { activeFindings, type ScanResult } from '../scan/result.js';
import { VERSION } from '../version.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export type Format = 'text' | 'json' | 'sarif';

export interface OutputOptions {
  format: Format;
  output?: string;
  failOn?: string;
  config?: string;
  showSuppressed?: boolean;
  color?: boolean;
}

/** Adds the options every scanning command shares. */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: low)').choices([
        'none',
        ...SEVERITIES,
      ]),
    )
    .option('-c, --config <file>', 'config file (default: .hullcheck.yaml found upward from the scanned path)')
    .option('--show-suppressed', 'list suppressed findings too')
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
export type Renderer = (format: Format, result: ScanResult, options: ReportOptions) => string;

/** Writes the report and returns the exit code the run ends with. */
export function finish(result: ScanResult, options: OutputOptions, config: HullcheckConfig, render: Renderer = renderReport): number {
  const color = options.output ? false : colorWanted(options.color);
  const report = render(options.format, result, {
    color,
    showSuppressed: options.showSuppressed === true,
    rules,
    toolVersion: VERSION,
  });
  if (options.output) writeFileSync(options.output, report);
  else process.stdout.write(report);
  return exitCode(result, (options.failOn as FailOn | undefined) ?? config.failOn ?? 'low');
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

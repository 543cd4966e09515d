import { Command } from 'commander';
import pc from 'picocolors';
import type { AuditResult } from '../audit/audit.js';
import type { SectionScore } from '../audit/score.js';
import type { ReportOptions } from '../report/options.js';
import { buildJsonReport } from '../report/json.js';
import type { ScanResult } from '../scan/result.js';
import { endpointOptions, withEngineOptions, type EngineFlags } from './engine-options.js';
import { progressLine } from './progress.js';
import { finish, renderStandard, resolveConfig, withOutputOptions, type Format, type OutputOptions } from './output.js';

interface AuditCommandOptions extends OutputOptions, EngineFlags {
  containers: string[];
  concurrency: string;
  hostChecks: boolean;
  images: boolean;
  cis?: boolean;
}

export function auditCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const command = withEngineOptions(
    new Command('audit').description('audit a live Docker engine, its host and every container (read-only: sends only GET requests)'),
    'engine address: unix:///path, tcp://host:port or ssh://[user@]host (default: DOCKER_HOST, the Docker context, the standard socket)',
  )
    .option('--containers <filter...>', 'audit only these containers: NAME, ID (prefix) or label=KEY[=VALUE]; repeatable', collect, [])
    .option('--concurrency <n>', 'container inspects in flight at once', '8')
    .option('--no-host-checks', 'do not read host files, processes or packages even when the engine is local')
    .option('--no-images', 'do not audit the images on the engine')
    .option('--cis', 'print which CIS Docker Benchmark controls hullcheck checks, and exit');
  withOutputOptions(command);
  return command.action((options: AuditCommandOptions) =>
    run(async () => {
      if (options.cis) {
        const { printCisCoverage } = await import('./cis.js');
        return printCisCoverage(options.format);
      }
      const config = await resolveConfig(options, process.cwd());
      // Loaded here, not at start-up: `scan` never needs the engine client or the host reader.
      const { audit } = await import('../audit/audit.js');
      const progress = progressLine('inspecting containers');
      const result = await audit({
        endpoint: endpointOptions(options),
        containers: options.containers.flatMap((f) => f.split(',')).filter(Boolean),
        concurrency: positiveInteger(options.concurrency),
        config,
        host: { skip: !options.hostChecks },
        images: options.images,
        onProgress: progress.update,
      }).finally(progress.clear);
      return finish(result, options, config, (format, base, reportOptions) => renderAudit(format, result, base, reportOptions));
    }),
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--concurrency must be a whole number of at least 1, not ${text}`);
  return value;
}

async function renderAudit(format: Format, audit: AuditResult, base: ScanResult, options: ReportOptions): Promise<string> {
  if (format === 'json') return `${JSON.stringify({ ...buildJsonReport(base, options), audit: auditSummary(audit) }, null, 2)}\n`;
  const report = await renderStandard(format, base, options);
  return format === 'text' && !options.quiet ? `${report}\n${scoreText(audit, options.color)}` : report;
}

function auditSummary(result: AuditResult) {
  return {
    engine: result.engine,
    containers: result.containers,
    images: result.images,
    requests: result.requests,
    ...(result.hostSkipped ? { hostSkipped: result.hostSkipped } : {}),
    score: result.score,
  };
}

/** docker-bench-security's closing tally, per CIS section. */
function scoreText(result: AuditResult, color: boolean): string {
  const colors = pc.createColors(color);
  const lines = [
    colors.bold(`engine ${result.engine.host}: Docker ${result.engine.version || 'unknown'} (API ${result.engine.apiVersion || '?'})`),
    `containers audited: ${result.containers.audited} of ${result.containers.total}; images audited: ${result.images}`,
  ];
  if (result.hostSkipped) lines.push(`host checks skipped: ${result.hostSkipped}`);
  const total = { passed: 0, warned: 0 };
  for (const section of result.score) {
    total.passed += section.passed;
    total.warned += section.warned;
    lines.push(sectionLine(section, colors));
  }
  lines.push(`checks: ${total.passed + total.warned}, passed ${total.passed}, warned ${total.warned}`);
  return `${lines.join('\n')}\n`;
}

function sectionLine(section: SectionScore, colors: ReturnType<typeof pc.createColors>): string {
  const label = section.section === '-' ? section.title : `${section.section} ${section.title}`;
  return `  ${label}: ${colors.green(`${section.passed} passed`)}, ${section.warned > 0 ? colors.yellow(`${section.warned} warned`) : '0 warned'}`;
}


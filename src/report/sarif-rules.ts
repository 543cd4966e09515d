import type { ReportingDescriptor } from 'sarif';
import type { Severity } from '../facts/finding.js';
import type { ExampleKind, Rule, RuleExample, RuleMeta } from '../rules/rule.js';
import { ruleDocsUrl } from './rule-docs.js';

export type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning maps these to Critical (>= 9.0), High (>= 7.0), Medium (>= 4.0) and Low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const KIND_NAMES: Record<ExampleKind, string> = {
  dockerfile: 'Dockerfile',
  compose: 'Compose',
  run: 'docker run',
  'daemon.json': 'Daemon settings',
  host: 'Host',
};
const FENCE_LANGUAGES: Record<ExampleKind, string> = { dockerfile: 'dockerfile', compose: 'yaml', run: 'sh', 'daemon.json': 'json', host: 'sh' };

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVELS[severity];
}

export function ruleDescriptor(rule: Rule, docsBase: string): ReportingDescriptor {
  const { meta } = rule;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    helpUri: ruleDocsUrl(meta.id, docsBase),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.why },
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    defaultConfiguration: { level: sarifLevel(meta.severity) },
    properties: {
      tags: ['security', ...meta.cis.map((control) => `CIS-${control}`)],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: 'high',
    },
  };
}

/** `no-privileged` → `NoPrivileged`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

function helpText(meta: RuleMeta): string {
  const examples = meta.docs.examples.flatMap((example) => [
    `${KIND_NAMES[example.kind]}, bad:\n${indent(example.bad)}`,
    `${KIND_NAMES[example.kind]}, good:\n${indent(example.good)}`,
  ]);
  return [meta.docs.why, `How to fix: ${meta.docs.fix}`, ...references(meta), ...examples].join('\n\n');
}

function helpMarkdown(meta: RuleMeta): string {
  const sections = [meta.docs.why, '## How to fix', meta.docs.fix, ...references(meta)];
  if (meta.docs.examples.length > 0) sections.push('## Examples', ...meta.docs.examples.flatMap(exampleMarkdown));
  return sections.join('\n\n');
}

function exampleMarkdown(example: RuleExample): string[] {
  const kind = KIND_NAMES[example.kind];
  const language = FENCE_LANGUAGES[example.kind];
  return [`${kind}, bad:`, fenced(example.bad, language), `${kind}, good:`, fenced(example.good, language)];
}

function references(meta: RuleMeta): string[] {
  const lines: string[] = [];
  if (meta.cis.length > 0) lines.push(`CIS Docker Benchmark: ${meta.cis.join(', ')}`);
  const equivalents = Object.entries(meta.equivalents ?? {}).filter(([, id]) => id);
  if (equivalents.length > 0) lines.push(`Same check in other tools: ${equivalents.map(([tool, id]) => `${tool} ${id}`).join(', ')}`);
  return lines;
}

/** A fenced code block whose fence is longer than any run of backticks in the code. */
export function fenced(code: string, language: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

function indent(code: string): string {
  return code
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

import { severityRank, type Finding, type InputError, type Severity } from '../facts/finding.js';
import type { Rule } from '../rules/rule.js';
import type { ScanResult, ScannedInput } from '../scan/result.js';
import type { ReportOptions } from './options.js';
import { plural } from './summary.js';
import { errorLocation, formatLocation } from './text.js';

/** The test case that carries a target's input errors, beside its rule test cases. */
export const INPUT_TEST_NAME = 'input';

type RuleKind = Rule['meta']['reads'];

const RULE_KIND_OF_INPUT: Record<ScannedInput['kind'], RuleKind> = {
  dockerfile: 'build',
  compose: 'container',
  run: 'container',
  container: 'container',
  image: 'image',
  engine: 'host',
};

interface TestCase {
  name: string;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string; text: string };
}

interface TestSuite {
  /** The file, or `container:...`, `image:...`, `engine:...`. */
  target: string;
  cases: TestCase[];
}

/**
 * JUnit XML in the dialect Jenkins, GitLab and Azure Pipelines read: one test
 * suite per target (file, container, image, engine), one test case per enabled
 * rule that reads that kind of target, failing with the rule's findings there.
 * A target's input errors are one more test case, `input`, with an <error>.
 * Suppressed findings pass. Suites and cases are sorted by name.
 */
export function renderJunit(result: ScanResult, options: ReportOptions): string {
  const suites = testSuites(result, options.enabledRules ?? options.rules);
  const totals = countCases(suites.flatMap((suite) => suite.cases));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hullcheck" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}">`,
    ...suites.flatMap(suiteXml),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testSuites(result: ScanResult, enabled: readonly Rule[]): TestSuite[] {
  const findingsByTarget = groupBy(result.findings.filter((f) => !f.suppressed), (f) => f.at.file);
  const errorsByTarget = groupBy(result.errors, (e) => e.file);
  const ruleIdsByTarget = new Map<string, Set<string>>();
  const addRules = (target: string, ids: Iterable<string>) => {
    const known = ruleIdsByTarget.get(target) ?? new Set<string>();
    for (const id of ids) known.add(id);
    ruleIdsByTarget.set(target, known);
  };
  for (const input of result.inputs) {
    const kind = RULE_KIND_OF_INPUT[input.kind];
    addRules(input.path, enabled.filter((rule) => rule.meta.reads === kind).map((rule) => rule.meta.id));
  }
  // Findings can sit outside the scanned inputs (a host rule pointing at daemon.json).
  for (const [target, findings] of findingsByTarget) addRules(target, findings.map((f) => f.ruleId));
  for (const target of errorsByTarget.keys()) addRules(target, []);
  return sortedKeys(ruleIdsByTarget).map((target) => ({
    target,
    cases: [
      ...sortedKeys(ruleIdsByTarget.get(target) ?? new Set()).map((ruleId) => ruleCase(ruleId, findingsByTarget.get(target) ?? [])),
      ...inputCase(errorsByTarget.get(target) ?? []),
    ],
  }));
}

function ruleCase(ruleId: string, targetFindings: readonly Finding[]): TestCase {
  const findings = targetFindings.filter((f) => f.ruleId === ruleId);
  if (findings.length === 0) return { name: ruleId };
  const worst = mostSevere(findings);
  const message = findings.length === 1 ? (findings[0]?.message ?? '') : `${plural(findings.length, 'finding')}, the most severe ${worst}`;
  const text = findings.map((f) => `${formatLocation(f.at)} ${f.severity} ${f.message}`).join('\n');
  return { name: ruleId, failure: { message, type: worst, text } };
}

function inputCase(errors: readonly InputError[]): TestCase[] {
  if (errors.length === 0) return [];
  const message = errors.length === 1 ? (errors[0]?.message ?? '') : plural(errors.length, 'input error');
  const text = errors.map((e) => `${errorLocation(e)} ${e.message}`).join('\n');
  return [{ name: INPUT_TEST_NAME, error: { message, type: 'input-error', text } }];
}

function mostSevere(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((worst, f) => (severityRank(f.severity) > severityRank(worst) ? f.severity : worst), 'info');
}

function countCases(cases: readonly TestCase[]): { tests: number; failures: number; errors: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: cases.filter((c) => c.error).length,
  };
}

function suiteXml(suite: TestSuite): string[] {
  const totals = countCases(suite.cases);
  const name = escapeXml(suite.target);
  return [
    `  <testsuite name="${name}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}">`,
    ...suite.cases.flatMap((testCase) => caseXml(testCase, name)),
    '  </testsuite>',
  ];
}

function caseXml(testCase: TestCase, escapedClassname: string): string[] {
  const open = `    <testcase classname="${escapedClassname}" name="${escapeXml(testCase.name)}"`;
  const outcome = testCase.failure ? outcomeXml('failure', testCase.failure) : testCase.error ? outcomeXml('error', testCase.error) : undefined;
  return outcome ? [`${open}>`, `      ${outcome}`, '    </testcase>'] : [`${open}/>`];
}

function outcomeXml(element: 'failure' | 'error', outcome: { message: string; type: string; text: string }): string {
  return `<${element} message="${escapeXml(outcome.message)}" type="${escapeXml(outcome.type)}">${escapeXml(outcome.text, 'text')}</${element}>`;
}

/**
 * Escapes text for an attribute value (the default) or element content.
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) are dropped. In attributes, tabs and line breaks become
 * character references, because a parser would turn them into spaces.
 */
export function escapeXml(text: string, context: 'attribute' | 'text' = 'attribute'): string {
  const special = context === 'attribute' ? /[&<>"'\t\n\r]/g : /[&<>\r]/g;
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(special, (char) => XML_ESCAPES[char] ?? char);
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Code-unit order, the same on every machine and locale. */
function sortedKeys(keys: Iterable<string> | Map<string, unknown>): string[] {
  const list = keys instanceof Map ? [...keys.keys()] : [...keys];
  return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/facts/finding.js';
import type { HostFacts } from '../../src/facts/host.js';
import { DEFAULT_SETTINGS, type HostRule, type RuleSettings } from '../../src/rules/rule.js';
import { runRules } from '../../src/rules/run-rules.js';

/**
 * Host rule fixtures in the style of RuleTester: facts that must not report,
 * and facts with the exact findings they must produce, in order.
 */
export interface HostValidCase {
  name: string;
  facts: HostFacts;
  settings?: Partial<RuleSettings>;
}

export interface HostExpectedFinding {
  message: string | RegExp;
  severity?: Severity;
  /** `at.file`; checked when given. */
  file?: string;
  /** `at.path`; checked when given. */
  path?: string;
  /** `at.line`; checked when given. */
  line?: number;
}

export interface HostInvalidCase extends HostValidCase {
  errors: HostExpectedFinding[];
}

export function hostFindings(rule: HostRule, facts: HostFacts, settings: Partial<RuleSettings> = {}): Finding[] {
  return runRules(facts, [rule], { ...DEFAULT_SETTINGS, ...settings });
}

function actualShape(finding: Finding, expected: HostExpectedFinding | undefined): Record<string, unknown> {
  return {
    message: finding.message,
    ...(expected?.severity !== undefined ? { severity: finding.severity } : {}),
    ...(expected?.file !== undefined ? { file: finding.at.file } : {}),
    ...(expected?.path !== undefined ? { path: finding.at.path } : {}),
    ...(expected?.line !== undefined ? { line: finding.at.line } : {}),
  };
}

function expectedShape(expected: HostExpectedFinding): Record<string, unknown> {
  const { message, ...rest } = expected;
  return { message: message instanceof RegExp ? expect.stringMatching(message) : message, ...rest };
}

export function hostRuleTester(rule: HostRule, cases: { valid: HostValidCase[]; invalid: HostInvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`does not report: ${c.name}`, () => {
        expect(hostFindings(rule, c.facts, c.settings)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`reports: ${c.name}`, () => {
        const findings = hostFindings(rule, c.facts, c.settings);
        expect(findings.map((f, i) => actualShape(f, c.errors[i]))).toEqual(c.errors.map(expectedShape));
        for (const finding of findings) expect(finding.ruleId).toBe(rule.meta.id);
      });
    }
  });
}

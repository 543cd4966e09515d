import type { Finding, InputError } from '../facts/finding.js';
import { compareLocations } from '../facts/location.js';
import type { Rule } from '../rules/rule.js';
import { runRules, type Facts } from '../rules/run-rules.js';
import type { HullcheckConfig } from '../scan/config.js';
import { fingerprinted, ruleFailure, ruleSettings, withOverride } from '../scan/findings.js';
import { scoreChecks } from './score.js';

/**
 * Runs each rule on the facts it reads, with the config's settings and severity
 * overrides; a rule that throws is an error on its subject. Returns the findings,
 * sorted and fingerprinted, and docker-bench's tally of passed and warned checks.
 */
export function evaluate(facts: readonly Facts[], rules: readonly Rule[], config: HullcheckConfig, errors: InputError[]) {
  const settings = ruleSettings(config);
  const findings: Finding[] = [];
  const checks: { rule: Rule; failed: boolean }[] = [];
  for (const subject of facts) {
    for (const rule of rules) {
      if (rule.meta.reads !== subject.kind) continue;
      const found = runRules(subject, [rule], settings, (ruleId, error) => errors.push(ruleFailure(subjectLabel(subject), ruleId, error))).map(
        (finding) => withOverride(finding, config),
      );
      findings.push(...found);
      checks.push({ rule, failed: found.length > 0 });
    }
  }
  const sorted = findings.sort((a, b) => compareLocations(a.at, b.at) || (a.at.path ?? '').localeCompare(b.at.path ?? '') || a.ruleId.localeCompare(b.ruleId));
  return { findings: fingerprinted(sorted, []), score: scoreChecks(checks) };
}

function subjectLabel(facts: Facts): string {
  return facts.kind === 'build' ? facts.file : facts.at.file;
}

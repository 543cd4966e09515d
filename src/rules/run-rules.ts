import type { BuildFacts } from '../facts/build.js';
import type { ContainerFacts } from '../facts/container.js';
import type { HostFacts } from '../facts/host.js';
import type { ImageFacts } from '../facts/image.js';
import type { Finding } from '../facts/finding.js';
import { startDerivedCaches } from './helpers/shell.js';
import type { BuildRule, ContainerRule, HostRule, ImageRule, Rule, RuleSettings } from './rule.js';

export type Facts = ContainerFacts | BuildFacts | HostFacts | ImageFacts;

/** Called when a rule throws: a bug in one rule must not cost the findings of the others. */
export type RuleFailure = (ruleId: string, error: unknown) => void;

/** Runs every rule that reads this kind of facts and collects what they report. */
export function runRules(facts: Facts, rules: readonly Rule[], settings: RuleSettings, onFailure?: RuleFailure): Finding[] {
  startDerivedCaches();
  const findings: Finding[] = [];
  const subject = facts.kind === 'container' ? facts.name : undefined;
  for (const rule of rules) {
    // A rule reads exactly one kind of facts, so the kinds matching is what makes the casts below safe.
    if (rule.meta.reads !== facts.kind) continue;
    const context = {
      settings,
      report: (input: { message: string; at: Finding['at']; severity?: Finding['severity']; fix?: Finding['fix'] }) => {
        findings.push({
          ruleId: rule.meta.id,
          severity: input.severity ?? rule.meta.severity,
          message: input.message,
          at: input.at,
          ...(subject ? { subject } : {}),
          ...(input.fix ? { fix: input.fix } : {}),
        });
      },
    };
    try {
      if (facts.kind === 'container') (rule as ContainerRule).check(facts, context);
      else if (facts.kind === 'build') (rule as BuildRule).check(facts, context);
      else if (facts.kind === 'host') (rule as HostRule).check(facts, context);
      else (rule as ImageRule).check(facts, context);
    } catch (error) {
      if (!onFailure) throw error;
      onFailure(rule.meta.id, error);
    }
  }
  return findings;
}

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
  // One context for all the rules, not a closure per rule and file: checks are synchronous,
  // so `current` is the rule whose check is running whenever report is called.
  let current: Rule | undefined;
  const context = {
    settings,
    report: (input: { message: string; at: Finding['at']; severity?: Finding['severity']; fix?: Finding['fix'] }) => {
      const meta = (current as Rule).meta;
      const finding: Finding = { ruleId: meta.id, severity: input.severity ?? meta.severity, message: input.message, at: input.at };
      // Assigned in this order, the keys come out as the spreads they replace gave them.
      if (subject) finding.subject = subject;
      if (input.fix) finding.fix = input.fix;
      findings.push(finding);
    },
  };
  for (const rule of rules) {
    // A rule reads exactly one kind of facts, so the kinds matching is what makes the casts below safe.
    if (rule.meta.reads !== facts.kind) continue;
    current = rule;
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

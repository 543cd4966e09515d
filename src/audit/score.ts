import type { Rule } from '../rules/rule.js';

/** CIS Docker Benchmark sections, by the number their controls start with. */
export const CIS_SECTIONS: Readonly<Record<string, string>> = {
  '1': 'Host configuration',
  '2': 'Docker daemon configuration',
  '3': 'Docker daemon configuration files',
  '4': 'Container images and build files',
  '5': 'Container runtime',
  '6': 'Docker security operations',
  '7': 'Docker Swarm configuration',
};

export interface SectionScore {
  /** `1`..`7`, or `-` for rules that cite no CIS control. */
  section: string;
  title: string;
  /** Rule evaluations that found nothing. */
  passed: number;
  /** Rule evaluations that reported at least one finding. */
  warned: number;
}

/**
 * docker-bench-security counts one check per control and subject (the daemon,
 * each container) and reports PASS or WARN. hullcheck counts the same way: one
 * check per rule and subject it was evaluated on, filed under the section of
 * the rule's first CIS control, so the two tools' tallies can be compared.
 */
export function scoreChecks(checks: readonly { rule: Rule; failed: boolean }[]): SectionScore[] {
  const bySection = new Map<string, SectionScore>();
  for (const { rule, failed } of checks) {
    const section = rule.meta.cis[0]?.split('.')[0] ?? '-';
    const score = bySection.get(section) ?? { section, title: CIS_SECTIONS[section] ?? 'Not in the CIS benchmark', passed: 0, warned: 0 };
    if (failed) score.warned += 1;
    else score.passed += 1;
    bySection.set(section, score);
  }
  return [...bySection.values()].sort((a, b) => a.section.localeCompare(b.section));
}

import { describe, expect, it } from 'vitest';
import { CIS_CONTROLS, cisCoverage } from '../../src/rules/cis/controls.js';
import { hostRules } from '../../src/rules/host/index.js';
import { rules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/rule.js';

const allRules: Rule[] = [...new Map([...rules, ...hostRules].map((rule) => [rule.meta.id, rule])).values()];

function problems(selected: readonly Rule[], inScope: (controlId: string) => boolean): string[] {
  return cisCoverage(selected)
    .filter((row) => inScope(row.control))
    .flatMap((row) => {
      if (row.coverage === 'manual' && row.ruleIds.length > 0) return [`${row.control} is manual but cited by ${row.ruleIds.join(', ')}`];
      if (row.coverage !== 'manual' && row.ruleIds.length === 0) return [`${row.control} is ${row.coverage} but no rule cites it`];
      return [];
    });
}

describe('CIS Docker Benchmark v1.6.0 controls', () => {
  it('lists each control once, in seven sections', () => {
    const ids = CIS_CONTROLS.map((control) => control.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CIS_CONTROLS.map((control) => control.section))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    expect(ids.length).toBe(20 + 18 + 24 + 12 + 32 + 2 + 9);
  });

  it('knows every control a rule cites', () => {
    const known = new Set(CIS_CONTROLS.map((control) => control.id));
    const unknown = allRules.flatMap((rule) => rule.meta.cis.filter((id) => !known.has(id)).map((id) => `${rule.meta.id}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it('has a rule for every automatic or partial control and none for a manual one', () => {
    expect(problems(allRules, () => true)).toEqual([]);
  });

  it('host rules cite only controls marked as checked', () => {
    expect(problems(hostRules, () => true).filter((problem) => problem.includes(' is manual '))).toEqual([]);
  });

  it('joins controls with the rules that cite them', () => {
    const rows = cisCoverage(allRules);
    expect(rows.find((row) => row.control === '2.7')).toEqual({
      control: '2.7',
      title: 'TCP access to the daemon requires mutual TLS',
      coverage: 'automatic',
      note: 'every TCP listener without tlsverify is reported',
      v180: '2.8',
      ruleIds: ['daemon-tcp-without-tls'],
    });
    expect(rows.find((row) => row.control === '3.18')?.ruleIds).toEqual(['docker-files-mode']);
    expect(rows.find((row) => row.control === '7.3')?.ruleIds).toEqual([]);
  });
});

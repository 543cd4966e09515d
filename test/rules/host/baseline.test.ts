import { describe, expect, it } from 'vitest';
import { hostRules } from '../../../src/rules/host/index.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';
import { daemonExampleFindings } from '../../helpers/daemon-example.js';
import { safeHostFacts } from '../../helpers/safe-host-facts.js';

describe('safe host baseline', () => {
  it('produces no finding from any host rule', () => {
    expect(runRules(safeHostFacts(), hostRules, DEFAULT_SETTINGS)).toEqual([]);
  });

  it('produces no finding for a remote engine whose host and daemon settings were not read', () => {
    expect(runRules(safeHostFacts({ host: null, daemon: undefined }), hostRules, DEFAULT_SETTINGS)).toEqual([]);
  });
});

describe('host rule doc examples', () => {
  const cases = hostRules.flatMap((rule) =>
    rule.meta.docs.examples
      .map((example, i) => [`${rule.meta.id} #${i + 1}`, rule, example] as const)
      .filter(([, , example]) => example.kind === 'daemon.json'),
  );
  it.each(cases)('%s: the bad daemon example is reported and the good one is not', (_name, rule, example) => {
    expect(daemonExampleFindings(rule, example.bad).length).toBeGreaterThan(0);
    expect(daemonExampleFindings(rule, example.good)).toEqual([]);
  });
});

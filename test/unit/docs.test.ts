import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocs, staleRulePages } from '../../src/docs/generate.js';
import { rules } from '../../src/rules/index.js';
import { daemonExampleFindings } from '../helpers/daemon-example.js';
import { findingsFor } from '../helpers/rule-tester.js';

const root = join(import.meta.dirname, '../..');

describe('generated docs', () => {
  it.each(generatedDocs(root, rules).map((f) => [f.path.slice(root.length + 1), f.content]))(
    '%s matches rule meta (run `npm run docs` after changing a rule)',
    (path, content) => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(content);
    },
  );

  it('has no page for a rule that no longer exists', () => {
    expect(staleRulePages(root, rules)).toEqual([]);
  });
});

describe('rule meta', () => {
  it.each(rules.map((r) => [r.meta.id, r]))('%s is complete', (id, rule) => {
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    expect(rule.meta.title.length).toBeGreaterThan(10);
    expect(rule.meta.docs.why.length).toBeGreaterThan(60);
    expect(rule.meta.docs.fix.length).toBeGreaterThan(20);
    expect(rule.meta.docs.examples.length).toBeGreaterThan(0);
  });

  it('ids are unique', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('rule doc examples', () => {
  // `host` examples show host state for reading; they are not inputs hullcheck can scan.
  const cases = rules.flatMap((rule) =>
    rule.meta.docs.examples
      .map((example, i) => [`${rule.meta.id} #${i + 1} (${example.kind})`, rule, example] as const)
      .filter(([, , example]) => example.kind !== 'host'),
  );
  it.each(cases)('%s: the bad example is reported and the good one is not', async (_name, rule, example) => {
    const settings = example.settings ?? {};
    // `daemon.json` examples become the settings of a safe host's daemon.
    const findings = (code: string) =>
      example.kind === 'daemon.json' ? daemonExampleFindings(rule, code) : findingsFor(rule, { kind: example.kind, code, settings });
    expect((await findings(example.bad)).length).toBeGreaterThan(0);
    expect(await findings(example.good)).toEqual([]);
  });
});

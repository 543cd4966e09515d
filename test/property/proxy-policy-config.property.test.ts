import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/facts/finding.js';
import { OPERATIONS } from '../../src/proxy/operations.js';
import { parsePolicyConfig, PolicyError } from '../../src/proxy/policy-config.js';
import { PRESETS } from '../../src/proxy/presets.js';
import { containerRules } from '../../src/rules/container/index.js';
import { PROPERTY_TIMEOUT, RUNS } from './support.js';

const operation = fc.constantFrom(...OPERATIONS.map((op) => op.name));
const preset = fc.constantFrom(...PRESETS);
const ruleId = fc.constantFrom(...containerRules.map((rule) => rule.meta.id));

describe('policy.yaml properties', () => {
  it('any list of operations and presets reads as their union', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 8 }), fc.array(preset, { maxLength: 3 }), fc.constantFrom(...SEVERITIES, 'none' as const), fc.array(ruleId, { maxLength: 4 }), (ops, presets, failOn, ignore) => {
        const names = [...ops, ...presets.map((p) => `preset:${p.name}`)];
        const text = `allow:\n${names.map((n) => `  - ${n}\n`).join('')}${names.length === 0 ? '  []\n' : ''}containers:\n  rules:\n    fail-on: ${failOn}\n    ignore: [${ignore.join(', ')}]\n`;
        const config = parsePolicyConfig(names.length === 0 ? text.replace('allow:\n  []', 'allow: []') : text, 'policy.yaml');
        expect(config.operations).toEqual(new Set([...ops, ...presets.flatMap((p) => p.operations)]));
        expect(config.containers.rules).toEqual({ mode: 'fail-on', failOn, ignore: new Set(ignore) });
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('never throws anything but PolicyError, and every error names the file and a line', () => {
    const fragments = fc.constantFrom('allow:', '  - ping', '  - nope', 'containers:', '  rules: [no-privileged]', '  rules: {fail-on: x}', '  allow:', '    images: 3', 'exec: {privileged: 1}', '- x', ': :', '[', '"', '\t', 'allow: [ping', '&a x', '*a', '<<: *a', '? x', '---', '...');
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 12, unit: 'binary' })), { maxLength: 8 }), (lines) => {
        try {
          parsePolicyConfig(lines.join('\n'), 'p.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
          for (const line of (error as Error).message.split('\n')) expect(line).toMatch(/^p\.yaml:\d+:\d+: \S/);
        }
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Finding } from '../../src/facts/finding.js';
import { SEVERITIES } from '../../src/facts/finding.js';
import { rules } from '../../src/rules/index.js';
import { ConfigError } from '../../src/scan/config.js';
import { parseConfig } from '../../src/scan/config-file.js';
import { applySuppressions, readSuppressions } from '../../src/scan/suppress.js';
import { anyText, expectWellFormedErrors, lineCount, RUNS, tokenSoup } from './support.js';

const FILE = '.hullcheck.yaml';
const ruleIds = rules.map((r) => r.meta.id);

const configLike = fc.oneof(
  anyText,
  fc
    .array(
      fc.oneof(
        fc.constantFrom('rules:', 'ignore-paths:', 'trusted-registries:', 'allowed-capabilities:', 'fail-on: high', '  - x', '  - 1', '- a'),
        fc.constantFrom(...ruleIds).map((id) => `  ${id}: ${['off', 'on', 'high', 'maybe', '{enabled: false}', '{severity: low}', '[1]'][id.length % 7]}`),
        tokenSoup,
      ),
      { maxLength: 10 },
    )
    .map((ls) => ls.join('\n')),
);

describe('config parser', () => {
  it('returns a config or throws a ConfigError whose errors name the file and a line of the text', () => {
    fc.assert(
      fc.property(configLike, (text) => {
        try {
          const config = parseConfig(text, FILE, rules);
          expect(config.file).toBe(FILE);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          expect(error.errors.length).toBeGreaterThan(0);
          expectWellFormedErrors(error.errors, FILE, text);
          for (const e of error.errors) expect(e.line).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  it('reads back a config written as YAML', () => {
    const level = fc.constantFrom(...SEVERITIES);
    const override = fc.oneof(
      fc.constantFrom('off' as const, 'on' as const),
      level,
      fc.record({ enabled: fc.boolean(), severity: level }, { requiredKeys: [] }),
    );
    const pathPattern = fc.stringMatching(/^[a-z0-9_*./-]{1,12}$/);
    const config = fc.record(
      {
        rules: fc.dictionary(fc.constantFrom(...ruleIds), override, { maxKeys: 4 }),
        'ignore-paths': fc.array(pathPattern, { maxLength: 3 }),
        'trusted-registries': fc.array(fc.domain(), { maxLength: 3 }),
        'allowed-capabilities': fc.array(fc.constantFrom('NET_ADMIN', 'cap_sys_time', 'Cap_Chown'), { maxLength: 3 }),
        'fail-on': fc.constantFrom('none' as const, ...SEVERITIES),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, (written) => {
        const read = parseConfig(stringify(written), FILE, rules);
        expect(read.ignorePaths).toEqual(written['ignore-paths'] ?? []);
        expect(read.trustedRegistries).toEqual(written['trusted-registries'] ?? []);
        expect(read.allowedCapabilities).toEqual((written['allowed-capabilities'] ?? []).map((c) => c.toUpperCase().replace(/^CAP_/, '')));
        expect(read.failOn).toBe(written['fail-on']);
        for (const [id, setting] of Object.entries(written.rules ?? {})) {
          const expected =
            setting === 'off'
              ? { enabled: false }
              : setting === 'on'
                ? { enabled: true }
                : typeof setting === 'string'
                  ? { enabled: true, severity: setting }
                  : { enabled: setting.enabled ?? true, ...(setting.severity ? { severity: setting.severity } : {}) };
          expect(read.rules.get(id)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });
});

describe('suppression reader', () => {
  const ruleId = fc.constantFrom(...ruleIds);
  const reason = fc.stringMatching(/^[A-Za-z][A-Za-z ,.]{0,20}[A-Za-z.]$/);

  it('never throws on arbitrary text, and directives point at lines of it', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, tokenSoup.map((t) => `# hullcheck ignore=${t}`)), (text) => {
        const read = readSuppressions(text);
        for (const directive of read.lines) {
          expect(directive.line).toBeGreaterThanOrEqual(1);
          expect(directive.line).toBeLessThanOrEqual(lineCount(text));
        }
      }),
      RUNS,
    );
  });

  it('reads back directives with their rules and reasons', () => {
    const directive = fc.record({
      ids: fc.uniqueArray(ruleId, { minLength: 1, maxLength: 3 }),
      reason: fc.option(reason, { nil: undefined }),
      trailing: fc.boolean(),
      spacing: fc.constantFrom('#hullcheck ', '# hullcheck ', '#  hullcheck  '),
    });
    fc.assert(
      fc.property(fc.array(directive, { maxLength: 5 }), (directives) => {
        const text = directives
          .map((d) => `${d.trailing ? 'RUN true ' : ''}${d.spacing}ignore=${d.ids.join(',')}${d.reason ? ` ${d.reason}` : ''}\nUSER app`)
          .join('\n');
        const read = readSuppressions(text);
        expect(read.file).toEqual([]);
        expect(read.lines.map((l) => ({ line: l.line, trailing: l.trailing, ids: [...l.ruleIds], reason: l.reason }))).toEqual(
          directives.map((d, i) => ({ line: 2 * i + 1, trailing: d.trailing, ids: d.ids, reason: d.reason?.trim() || 'no reason given' })),
        );
      }),
      RUNS,
    );
  });

  it('applying directives to findings never throws and only marks findings', () => {
    const finding = fc.record({
      ruleId,
      line: fc.integer({ min: 1, max: 30 }),
    });
    fc.assert(
      fc.property(anyText, fc.array(finding, { maxLength: 5 }), (text, raw) => {
        const findings: Finding[] = raw.map((f) => ({ ruleId: f.ruleId, severity: 'high', message: 'm', at: { file: 'f', line: f.line, column: 1 } }));
        const lines = text.split(/\r?\n/);
        const applied = applySuppressions(findings, readSuppressions(text), lines, [{ start: 1, end: 3 }]);
        expect(applied.map((f) => ({ ...f, suppressed: undefined }))).toEqual(findings.map((f) => ({ ...f, suppressed: undefined })));
      }),
      RUNS,
    );
  });
});

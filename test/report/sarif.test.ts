import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log, Result, Run } from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderReport, type ReportOptions } from '../../src/report/index.js';
import { artifactLocation } from '../../src/report/sarif.js';
import { fenced, pascalCase } from '../../src/report/sarif-rules.js';
import { rules } from '../../src/rules/index.js';
import type { ScanResult } from '../../src/scan/result.js';
import { fixtureRules, sampleResult } from '../fixtures/report/scan-result.js';

// The official SARIF 2.1.0 schema (JSON Schema draft-04), as shipped by Microsoft's jest-sarif.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;

// unicodeRegExp: false because the schema's `language` pattern has a stray `]`
// that is legal only in a non-unicode RegExp.
// Both are CommonJS modules whose export is also their `default` property.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

// The real catalogue, then fixture rules for the sample findings it does not ship.
const allRules = [...rules, ...fixtureRules.filter((f) => !rules.some((r) => r.meta.id === f.meta.id))];
const indexOf = (id: string) => allRules.findIndex((r) => r.meta.id === id);
const options: ReportOptions = { color: true, showSuppressed: false, rules: allRules, toolVersion: '0.1.0', srcRoot: '/repo' };

function sarif(result: ScanResult = sampleResult(), overrides: Partial<ReportOptions> = {}): Log {
  return JSON.parse(renderReport('sarif', result, { ...options, ...overrides })) as Log;
}

function run(log: Log): Run {
  const first = log.runs[0];
  if (!first) throw new Error('no run');
  return first;
}

function resultFor(log: Log, ruleId: string): Result {
  const found = run(log).results?.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
}

function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('sarif report', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(schemaErrors(sarif())).toEqual([]);
    expect(schemaErrors(sarif({ findings: [], errors: [], inputs: [] }))).toEqual([]);
  });

  it('fails schema validation when corrupted, so the validation is real', () => {
    const badLevel = sarif() as unknown as { runs: { results: { level: string }[] }[] };
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    expect(schemaErrors(badLevel).join('\n')).toMatch(/\/runs\/0\/results\/0\/level/);

    const badRegion = sarif();
    const region = run(badRegion).results?.[0]?.locations?.[0]?.physicalLocation?.region;
    if (!region) throw new Error('no region');
    region.startLine = 0;
    expect(schemaErrors(badRegion).join('\n')).toMatch(/region\/startLine/);

    expect(schemaErrors({ ...sarif(), version: '2.0.0' })).not.toEqual([]);
  });

  it('has the version, schema and one run of hullcheck', () => {
    const log = sarif();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const driver = run(log).tool.driver;
    expect(driver.name).toBe('hullcheck');
    expect(driver.semanticVersion).toBe('0.1.0');
    expect(driver.informationUri).toBeUndefined();
    expect(run(log).originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
  });

  it('describes every shipped rule, fired or not, with help built from its docs', () => {
    const described = run(sarif({ findings: [], errors: [], inputs: [] })).tool.driver.rules ?? [];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const descriptor = described.find((d) => d.id === rule.meta.id);
      expect(descriptor, rule.meta.id).toBeDefined();
      expect(descriptor?.name).toBe(pascalCase(rule.meta.id));
      expect(descriptor?.shortDescription?.text).toBe(rule.meta.title);
      expect(descriptor?.fullDescription?.text).toBe(rule.meta.docs.why);
      expect(descriptor?.help?.text).toContain(rule.meta.docs.fix);
      expect(descriptor?.help?.markdown).toContain(rule.meta.docs.why);
      // By default the link is the page shipped in the package; it must exist.
      const page = path.join(import.meta.dirname, '../../docs/rules', `${rule.meta.id}.md`);
      expect(descriptor?.helpUri).toBe(pathToFileURL(page).href);
      expect(existsSync(page), page).toBe(true);
      for (const example of rule.meta.docs.examples) {
        expect(descriptor?.help?.markdown).toContain(`\n${example.bad}\n\`\`\``);
        expect(descriptor?.help?.markdown).toContain(`\n${example.good}\n\`\`\``);
      }
      expect(descriptor?.properties?.tags).toEqual(['security', ...rule.meta.cis.map((c) => `CIS-${c}`)]);
    }
    expect(described.map((d) => d.id)).toEqual(allRules.map((r) => r.meta.id));
  });

  it('links each rule to its page under --docs-url, or HULLCHECK_DOCS_URL', () => {
    const helpUri = (log: Log) => run(log).tool.driver.rules?.find((d) => d.id === 'no-privileged')?.helpUri;
    const empty = { findings: [], errors: [], inputs: [] };
    expect(helpUri(sarif(empty, { docsUrl: 'https://docs.example/hullcheck/rules' }))).toBe('https://docs.example/hullcheck/rules/no-privileged.md');
    process.env.HULLCHECK_DOCS_URL = 'https://mirror.example/rules/';
    try {
      expect(helpUri(sarif(empty))).toBe('https://mirror.example/rules/no-privileged.md');
    } finally {
      delete process.env.HULLCHECK_DOCS_URL;
    }
  });

  it('describes no-privileged exactly', () => {
    const descriptor = run(sarif()).tool.driver.rules?.find((d) => d.id === 'no-privileged');
    const meta = allRules[indexOf('no-privileged')]!.meta;
    expect(meta.severity).toBe('critical');
    expect(descriptor?.name).toBe('NoPrivileged');
    expect(descriptor?.defaultConfiguration).toEqual({ level: 'error' });
    expect(descriptor?.properties).toEqual({
      tags: ['security', ...meta.cis.map((c) => `CIS-${c}`)],
      'security-severity': '9.5',
      precision: 'high',
    });
    expect(descriptor?.help?.markdown).toContain('## How to fix');
    expect(descriptor?.help?.markdown).toContain('```yaml\nservices:\n  app:\n');
    expect(descriptor?.help?.markdown).toContain('```sh\ndocker run --privileged nginx:1.27\n```');
  });

  it('maps severities to levels and security-severity', () => {
    const descriptors = run(sarif()).tool.driver.rules ?? [];
    const byId = (id: string) => descriptors.find((d) => d.id === id);
    expect(byId('pin-base-image')?.defaultConfiguration?.level).toBe('error');
    expect(byId('pin-base-image')?.properties?.['security-severity']).toBe('8.0');
    expect(byId('no-add-instruction')?.defaultConfiguration?.level).toBe('warning');
    expect(byId('no-add-instruction')?.properties?.['security-severity']).toBe('5.5');
    expect(byId('require-healthcheck')?.defaultConfiguration?.level).toBe('note');
    expect(byId('require-healthcheck')?.properties?.['security-severity']).toBe('3.0');
  });

  it('gives every finding, suppressed ones included, an exact location, a rule index and a fingerprint', () => {
    const log = sarif();
    const results = run(log).results ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(['pin-base-image', 'no-add-instruction', 'require-healthcheck', 'no-privileged']);
    for (const result of results) {
      expect(result.partialFingerprints?.['hullcheck/v1']).toMatch(/^[0-9a-f]{16}$/);
      expect(allRules[result.ruleIndex ?? -1]?.meta.id).toBe(result.ruleId);
    }
    expect(resultFor(log, 'pin-base-image')).toEqual({
      ruleId: 'pin-base-image',
      ruleIndex: indexOf('pin-base-image'),
      level: 'error',
      message: { text: 'base image "node:latest" is not pinned to a digest' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
            region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 17 },
          },
        },
      ],
      partialFingerprints: { 'hullcheck/v1': '5f1c0a9e2b7d4c31' },
    });
    expect(resultFor(log, 'no-add-instruction').locations?.[0]?.physicalLocation?.region).toEqual({
      startLine: 4,
      startColumn: 1,
      endLine: 5,
      endColumn: 12,
    });
    expect(resultFor(log, 'require-healthcheck').locations?.[0]?.physicalLocation?.region).toEqual({
      startLine: 9,
      startColumn: 1,
      endLine: 9,
    });
  });

  it('marks suppressed findings as suppressed in source, with the reason', () => {
    const log = sarif();
    expect(resultFor(log, 'no-add-instruction').suppressions).toEqual([
      { kind: 'inSource', justification: 'archive is verified by checksum' },
    ]);
    expect(resultFor(log, 'no-add-instruction').level).toBe('warning');
    expect(resultFor(log, 'pin-base-image').suppressions).toBeUndefined();
  });

  it('gives live findings a logical location naming the object and API field', () => {
    const result = resultFor(sarif(), 'no-privileged');
    expect(result.ruleIndex).toBe(indexOf('no-privileged'));
    expect(result.level).toBe('error');
    expect(result.locations).toEqual([
      { logicalLocations: [{ fullyQualifiedName: 'container:web/HostConfig.Privileged', kind: 'resource' }] },
    ]);
  });

  it('reports input errors as failed execution with notifications', () => {
    expect(run(sarif()).invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'YAML parse error: unexpected end of flow sequence' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'broken.yaml', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 4, startColumn: 3 },
                },
              },
            ],
          },
          {
            level: 'error',
            message: { text: 'ENOENT: no such file or directory' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'missing.Dockerfile', uriBaseId: '%SRCROOT%' } } }],
          },
        ],
      },
    ]);
    expect(run(sarif({ ...sampleResult(), errors: [] })).invocations?.[0]?.executionSuccessful).toBe(true);
  });

  it('writes paths as URIs: relative POSIX references against %SRCROOT%, absolute ones as file URIs', () => {
    expect(artifactLocation(['dir with space', 'Dockerfile#1'].join(path.sep))).toEqual({
      uri: 'dir%20with%20space/Dockerfile%231',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocation(path.resolve('/srv/app/Dockerfile'))).toEqual({
      uri: new URL(`file://${path.resolve('/srv/app/Dockerfile').replaceAll('\\', '/')}`).href,
    });
  });

  it('fences examples with a fence longer than any backticks inside', () => {
    expect(fenced('RUN echo ```', 'dockerfile')).toBe('````dockerfile\nRUN echo ```\n````');
    expect(fenced('FROM x\n', 'dockerfile')).toBe('```dockerfile\nFROM x\n```');
  });

  it('PascalCases rule ids', () => {
    expect(pascalCase('no-privileged')).toBe('NoPrivileged');
    expect(pascalCase('require-pids-limit')).toBe('RequirePidsLimit');
  });

  it('marks baselined findings unchanged and the others new when a baseline is applied, and stays schema-valid', () => {
    const [pinnedFinding, ...rest] = sampleResult().findings;
    const log = sarif({ ...sampleResult(), findings: rest, baselined: pinnedFinding ? [pinnedFinding] : [] });
    expect(schemaErrors(log)).toEqual([]);
    expect(run(log).results?.map((r) => [r.ruleId, r.baselineState])).toEqual([
      ['no-add-instruction', 'new'],
      ['require-healthcheck', 'new'],
      ['no-privileged', 'new'],
      ['pin-base-image', 'unchanged'],
    ]);
    expect(run(sarif()).results?.some((r) => 'baselineState' in r)).toBe(false);
    expect(schemaErrors({ ...log, runs: [{ ...run(log), results: [{ ...run(log).results?.[0], baselineState: 'kept' }] }] })).not.toEqual([]);
  });
});

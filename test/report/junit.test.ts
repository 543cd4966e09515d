import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/facts/finding.js';
import { renderReport, type ReportOptions } from '../../src/report/index.js';
import { escapeXml } from '../../src/report/junit.js';
import { containerRule, type ContainerRule } from '../../src/rules/rule.js';
import type { ScanResult } from '../../src/scan/result.js';
import { fixtureRules, healthcheck, pinned, privileged, sampleResult } from '../fixtures/report/scan-result.js';

const SCHEMA = join(import.meta.dirname, '../fixtures/report/junit.xsd');

function fixtureContainerRule(id: string): ContainerRule {
  return containerRule({
    meta: { id, title: id, severity: 'critical', reads: 'container', cis: [], docs: { why: '', fix: '', examples: [] } },
    check() {},
  });
}

const enabled = [...fixtureRules, fixtureContainerRule('no-privileged')];
const options: ReportOptions = { color: true, showSuppressed: true, rules: enabled, toolVersion: '0.1.0' };

function junit(result: ScanResult = sampleResult(), overrides: Partial<ReportOptions> = {}): string {
  return renderReport('junit', result, { ...options, ...overrides });
}

/** xmllint's verdict on a document against the JUnit schema: the problems it names, none when valid. */
function schemaProblems(xml: string): string[] {
  const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint is needed for this test (Debian libxml2-utils; bash scripts/engine.sh ensure-installed installs it): ${run.error.message}`);
  if (run.status === 0) return [];
  return run.stderr.split('\n').filter((line) => line !== '' && !line.endsWith('fails to validate'));
}

describe('junit report', () => {
  it('has one suite per target and one case per enabled rule for the target kind; findings fail, input errors err', () => {
    expect(junit()).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="hullcheck" tests="8" failures="3" errors="2">',
        '  <testsuite name="Dockerfile" tests="3" failures="2" errors="0">',
        '    <testcase classname="Dockerfile" name="no-add-instruction"/>',
        '    <testcase classname="Dockerfile" name="pin-base-image">',
        '      <failure message="base image &quot;node:latest&quot; is not pinned to a digest" type="high">Dockerfile:1:6 high base image "node:latest" is not pinned to a digest</failure>',
        '    </testcase>',
        '    <testcase classname="Dockerfile" name="require-healthcheck">',
        '      <failure message="no HEALTHCHECK instruction" type="low">Dockerfile:9:1 low no HEALTHCHECK instruction</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="broken.yaml" tests="1" failures="0" errors="1">',
        '    <testcase classname="broken.yaml" name="input">',
        '      <error message="YAML parse error: unexpected end of flow sequence" type="input-error">broken.yaml:4:3 YAML parse error: unexpected end of flow sequence</error>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="compose.yaml" tests="1" failures="0" errors="0">',
        '    <testcase classname="compose.yaml" name="no-privileged"/>',
        '  </testsuite>',
        '  <testsuite name="container:web" tests="1" failures="1" errors="0">',
        '    <testcase classname="container:web" name="no-privileged">',
        '      <failure message="container &quot;web&quot; runs privileged: it has full access to the host" type="critical">container:web HostConfig.Privileged critical container "web" runs privileged: it has full access to the host</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="deploy/run.sh" tests="1" failures="0" errors="0">',
        '    <testcase classname="deploy/run.sh" name="no-privileged"/>',
        '  </testsuite>',
        '  <testsuite name="missing.Dockerfile" tests="1" failures="0" errors="1">',
        '    <testcase classname="missing.Dockerfile" name="input">',
        '      <error message="ENOENT: no such file or directory" type="input-error">missing.Dockerfile ENOENT: no such file or directory</error>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('puts every finding of a rule on a target into one failure, typed by the most severe', () => {
    const second: Finding = { ...pinned, severity: 'critical', message: 'second', at: { file: 'Dockerfile', line: 3, column: 6 } };
    const xml = junit({ findings: [pinned, second, healthcheck], errors: [], inputs: [{ path: 'Dockerfile', kind: 'dockerfile' }] });
    expect(xml).toContain(
      '<failure message="2 findings, the most severe critical" type="critical">Dockerfile:1:6 high base image "node:latest" is not pinned to a digest\nDockerfile:3:6 critical second</failure>',
    );
    expect(xml).toContain('<testsuites name="hullcheck" tests="3" failures="2" errors="0">');
  });

  it('lists several input errors of one target in one error case', () => {
    const xml = junit({
      findings: [],
      errors: [
        { file: 'a.yaml', line: 2, message: 'first' },
        { file: 'a.yaml', message: 'second' },
      ],
      inputs: [],
    });
    expect(xml).toContain('<error message="2 input errors" type="input-error">a.yaml:2 first\na.yaml second</error>');
    expect(xml).toContain('<testsuites name="hullcheck" tests="1" failures="0" errors="1">');
  });

  it('makes no case of a disabled rule, and falls back to the whole catalogue when no enabled list is given', () => {
    const result: ScanResult = { findings: [], errors: [], inputs: [{ path: 'Dockerfile', kind: 'dockerfile' }] };
    const onlyHealthcheck = junit(result, { enabledRules: fixtureRules.filter((r) => r.meta.id === 'require-healthcheck') });
    expect(onlyHealthcheck.match(/<testcase [^>]*>/g)).toEqual(['<testcase classname="Dockerfile" name="require-healthcheck"/>']);
    expect(junit(result).match(/name="[a-z-]+"\/>/g)).toEqual(['name="no-add-instruction"/>', 'name="pin-base-image"/>', 'name="require-healthcheck"/>']);
  });

  it('passes a rule whose only findings are suppressed', () => {
    const xml = junit(sampleResult());
    expect(xml).toContain('<testcase classname="Dockerfile" name="no-add-instruction"/>');
    expect(xml).not.toContain('archive is verified');
  });

  it('is valid against the JUnit XML schema, also with nothing found and with hostile text', () => {
    const hostile: Finding = { ...privileged, message: 'a <b> & "c" \'d\'\u0000\u001b[31m\ttab\nline\ud800 \ud83d\udc33 ]]>', at: { file: 'container:<&>', line: 0, column: 0 } };
    expect(schemaProblems(junit())).toEqual([]);
    expect(schemaProblems(junit({ findings: [], errors: [], inputs: [] }))).toEqual([]);
    expect(schemaProblems(junit({ findings: [hostile], errors: [{ file: '"\u0007', message: '<\u0001>' }], inputs: [] }))).toEqual([]);
  });

  it('fails schema validation when corrupted, so the validation is real', () => {
    const xml = junit();
    expect(schemaProblems(xml.replace('tests="8"', 'tests="-1"')).join('\n')).toMatch(/tests/);
    expect(schemaProblems(xml.replace(' name="pin-base-image"', '')).join('\n')).toMatch(/name/);
    expect(schemaProblems(xml.replace('<failure ', '<failed ')).join('\n')).toMatch(/failed/);
    expect(schemaProblems(xml.replace(' errors="0">', '>')).join('\n')).toMatch(/errors/);
    expect(schemaProblems(xml.replace('</testsuites>', '')).length).toBeGreaterThan(0);
  });

  it('escapes markup, drops characters XML cannot carry, and keeps line breaks', () => {
    expect(escapeXml('a<b & "c" \'d\'')).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;');
    expect(escapeXml('x\u0000\u0008\u000b\u000c\u001f\ufffe\uffffy')).toBe('xy');
    expect(escapeXml('tab\tline\nret\r')).toBe('tab&#9;line&#10;ret&#13;');
    expect(escapeXml('tab\tline\n<', 'text')).toBe('tab\tline\n&lt;');
    expect(escapeXml('lone \ud800 \udc00 pair \ud83d\udc33')).toBe('lone   pair \ud83d\udc33');
  });
});

import { describe, expect, it } from 'vitest';
import { renderReport, type JsonReport, type ReportOptions } from '../../src/report/index.js';
import type { ScanResult } from '../../src/scan/result.js';
import { sampleResult } from '../fixtures/report/scan-result.js';

const options: ReportOptions = { color: true, showSuppressed: false, rules: [], toolVersion: '1.2.3' };

const expected: JsonReport = {
  version: 1,
  tool: { name: 'hullcheck', version: '1.2.3' },
  summary: {
    inputs: 3,
    findings: 3,
    suppressed: 1,
    errors: 2,
    bySeverity: { critical: 1, high: 1, medium: 0, low: 1, info: 0 },
  },
  findings: [
    {
      ruleId: 'pin-base-image',
      severity: 'high',
      message: 'base image "node:latest" is not pinned to a digest',
      file: 'Dockerfile',
      line: 1,
      column: 6,
      endLine: 1,
      endColumn: 17,
      subject: 'build',
      fingerprint: '5f1c0a9e2b7d4c31',
      fix: { description: 'pin the image to a digest: node:22@sha256:...' },
    },
    {
      ruleId: 'require-healthcheck',
      severity: 'low',
      message: 'no HEALTHCHECK instruction',
      file: 'Dockerfile',
      line: 9,
      column: 1,
      endLine: 9,
      endColumn: 1,
      fingerprint: '9a8b7c6d5e4f3a2b',
    },
    {
      ruleId: 'no-privileged',
      severity: 'critical',
      message: 'container "web" runs privileged: it has full access to the host',
      file: 'container:web',
      line: 0,
      column: 0,
      endLine: 0,
      endColumn: 0,
      path: 'HostConfig.Privileged',
      subject: 'web',
      fingerprint: 'c0ffee00deadbeef',
      fix: { description: 'remove privileged mode and add only the capabilities the workload needs' },
    },
  ],
  errors: [
    { file: 'broken.yaml', line: 4, column: 3, message: 'YAML parse error: unexpected end of flow sequence' },
    { file: 'missing.Dockerfile', message: 'ENOENT: no such file or directory' },
  ],
};

function json(result: ScanResult, overrides: Partial<ReportOptions> = {}): string {
  return renderReport('json', result, { ...options, ...overrides });
}

describe('json report', () => {
  it('has the documented shape, key order and formatting', () => {
    expect(json(sampleResult())).toBe(JSON.stringify(expected, null, 2) + '\n');
  });

  it('lists suppressed findings with their reason only when asked, and counts them either way', () => {
    const report = JSON.parse(json(sampleResult(), { showSuppressed: true })) as JsonReport;
    expect(report.summary).toEqual(expected.summary);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['pin-base-image', 'no-add-instruction', 'require-healthcheck', 'no-privileged']);
    expect(report.findings[1]).toEqual({
      ruleId: 'no-add-instruction',
      severity: 'medium',
      message: 'ADD fetches a remote URL; use curl with a checksum instead',
      file: 'Dockerfile',
      line: 4,
      column: 1,
      endLine: 5,
      endColumn: 12,
      subject: 'build',
      fingerprint: '0d9e8a7b6c5f4e3d',
      suppressed: { reason: 'archive is verified by checksum' },
    });
  });

  it('is a well-formed empty report with nothing found', () => {
    expect(JSON.parse(json({ findings: [], errors: [], inputs: [] }))).toEqual({
      version: 1,
      tool: { name: 'hullcheck', version: '1.2.3' },
      summary: { inputs: 0, findings: 0, suppressed: 0, errors: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
      findings: [],
      errors: [],
    });
  });

  it('never contains ANSI codes, whatever the colour option', () => {
    expect(json(sampleResult())).not.toContain('\u001b[');
  });

  it('counts baselined findings in summary.baselined, only when a baseline was applied', () => {
    const withBaseline = JSON.parse(json({ ...sampleResult(), baselined: [sampleResult().findings[0]!] })) as JsonReport;
    expect(withBaseline.summary.baselined).toBe(1);
    expect(Object.keys(withBaseline.summary)).toEqual(['inputs', 'findings', 'suppressed', 'baselined', 'errors', 'bySeverity']);
    expect('baselined' in (JSON.parse(json(sampleResult())) as JsonReport).summary).toBe(false);
  });
});

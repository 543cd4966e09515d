import { describe, expect, it } from 'vitest';
import { renderReport, type ReportOptions } from '../../src/report/index.js';
import { formatLocation } from '../../src/report/text.js';
import type { ScanResult } from '../../src/scan/result.js';
import { sampleResult, suppressedAdd } from '../fixtures/report/scan-result.js';

const options: ReportOptions = { color: false, showSuppressed: false, rules: [], toolVersion: '0.1.0' };

function text(result: ScanResult, overrides: Partial<ReportOptions> = {}): string {
  return renderReport('text', result, { ...options, ...overrides });
}

describe('text report', () => {
  it('groups findings by file, one parseable line each, then errors and a summary', () => {
    expect(text(sampleResult())).toBe(
      [
        'Dockerfile',
        'Dockerfile:1:6  high  pin-base-image  base image "node:latest" is not pinned to a digest',
        'Dockerfile:9:1  low  require-healthcheck  no HEALTHCHECK instruction',
        '',
        'container:web',
        'container:web HostConfig.Privileged  critical  no-privileged  container "web" runs privileged: it has full access to the host',
        '',
        'broken.yaml:4:3  error  YAML parse error: unexpected end of flow sequence',
        'missing.Dockerfile  error  ENOENT: no such file or directory',
        '',
        '3 findings (1 critical, 1 high, 1 low) in 3 inputs; 2 input errors; 1 suppressed, use --show-suppressed to list them',
        '',
      ].join('\n'),
    );
  });

  it('lists suppressed findings with their reason when asked', () => {
    const lines = text(sampleResult(), { showSuppressed: true }).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Dockerfile',
      'Dockerfile:1:6  high  pin-base-image  base image "node:latest" is not pinned to a digest',
      'Dockerfile:4:1  medium  no-add-instruction  ADD fetches a remote URL; use curl with a checksum instead  (suppressed: archive is verified by checksum)',
      'Dockerfile:9:1  low  require-healthcheck  no HEALTHCHECK instruction',
    ]);
    expect(lines.at(-2)).toBe('3 findings (1 critical, 1 high, 1 low) in 3 inputs; 2 input errors; 1 suppressed');
  });

  it('says so when there is nothing to report', () => {
    const empty: ScanResult = { findings: [], errors: [], inputs: [{ path: 'a', kind: 'dockerfile' }, { path: 'b', kind: 'compose' }] };
    expect(text(empty)).toBe('no findings in 2 inputs\n');
    expect(text({ ...empty, inputs: [empty.inputs[0]!] })).toBe('no findings in 1 input\n');
  });

  it('hides a file whose only findings are suppressed, but counts them', () => {
    const result: ScanResult = { findings: [suppressedAdd], errors: [], inputs: [{ path: 'Dockerfile', kind: 'dockerfile' }] };
    expect(text(result)).toBe('no findings in 1 input; 1 suppressed, use --show-suppressed to list them\n');
    expect(text(result, { showSuppressed: true })).toContain('Dockerfile\nDockerfile:4:1  medium  no-add-instruction');
  });

  it('formats locations: file:line:col in files, file and API path for live objects', () => {
    expect(formatLocation({ file: 'compose.yaml', line: 3, column: 5 })).toBe('compose.yaml:3:5');
    expect(formatLocation({ file: 'container:web', line: 0, column: 0, path: 'HostConfig.Privileged' })).toBe(
      'container:web HostConfig.Privileged',
    );
    expect(formatLocation({ file: 'container:web', line: 0, column: 0 })).toBe('container:web');
  });

  it('uses no ANSI codes with colour off', () => {
    expect(text(sampleResult(), { showSuppressed: true })).not.toContain('\u001b[');
  });

  it('colours severities, errors and file headers with colour on', () => {
    const out = text(sampleResult(), { color: true, showSuppressed: true });
    expect(out).toContain('\u001b[1mDockerfile\u001b[22m\n');
    expect(out).toContain('Dockerfile:1:6  \u001b[31mhigh\u001b[39m  pin-base-image');
    expect(out).toContain('\u001b[31mcritical\u001b[39m  no-privileged');
    expect(out).toContain('\u001b[33mmedium\u001b[39m  no-add-instruction');
    expect(out).toContain('\u001b[36mlow\u001b[39m  require-healthcheck');
    expect(out).toContain('broken.yaml:4:3  \u001b[31merror\u001b[39m  YAML parse error');
  });

  it('dims info findings with colour on', () => {
    const info: ScanResult = {
      findings: [{ ruleId: 'x', severity: 'info', message: 'm', at: { file: 'f', line: 1, column: 1 } }],
      errors: [],
      inputs: [{ path: 'f', kind: 'dockerfile' }],
    };
    expect(text(info, { color: true })).toContain('f:1:1  \u001b[2minfo\u001b[22m  x  m');
  });

  it('counts baselined findings in the summary when a baseline was applied', () => {
    const result: ScanResult = { ...sampleResult(), baselined: [suppressedAdd, suppressedAdd] };
    expect(text(result).split('\n').at(-2)).toBe(
      '3 findings (1 critical, 1 high, 1 low) in 3 inputs; 2 input errors; 2 baselined; 1 suppressed, use --show-suppressed to list them',
    );
    expect(text({ ...sampleResult(), baselined: [] }).split('\n').at(-2)).toBe(
      '3 findings (1 critical, 1 high, 1 low) in 3 inputs; 2 input errors; 1 suppressed, use --show-suppressed to list them',
    );
  });

  it('prints only findings and errors with quiet, and nothing when there are none', () => {
    const quiet = text(sampleResult(), { quiet: true });
    expect(quiet.split('\n').slice(-4)).toEqual(['', 'broken.yaml:4:3  error  YAML parse error: unexpected end of flow sequence', 'missing.Dockerfile  error  ENOENT: no such file or directory', '']);
    expect(quiet).not.toContain('findings');
    expect(text({ findings: [], errors: [], inputs: [{ path: 'a', kind: 'dockerfile' }] }, { quiet: true })).toBe('');
  });
});

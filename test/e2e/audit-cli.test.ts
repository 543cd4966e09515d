import { describe, expect, it } from 'vitest';
import { hullcheck } from './run-cli.js';

describe('hullcheck audit --cis', () => {
  it('prints every CIS Docker Benchmark v1.6.0 control with its coverage and rules, exit 0, no engine needed', () => {
    const run = hullcheck(['audit', '--cis', '-H', 'unix:///nonexistent.sock']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^CIS Docker Benchmark v1\.6\.0 \(v1\.8\.0 numbers in brackets where they differ\)\n\n1 Host configuration\n/);
    expect(run.stdout).toMatch(/^ {2}5\.5 +automatic +No privileged containers {2}\(no-privileged\)$/m);
    expect(run.stdout).toMatch(/^ {2}2\.7 \[2\.8\] +automatic +TCP access to the daemon requires mutual TLS {2}\(daemon-tcp-without-tls\)$/m);
    expect(run.stdout).toMatch(/\n117 controls: \d+ automatic, \d+ partial, \d+ manual\n$/);
  });

  it('gives the same table as JSON', () => {
    const run = hullcheck(['audit', '--cis', '--format', 'json']);
    const table = JSON.parse(run.stdout) as { benchmark: string; controls: { control: string; coverage: string; ruleIds: string[] }[] };
    expect(table.benchmark).toBe('CIS Docker Benchmark v1.6.0');
    expect(table.controls).toHaveLength(117);
    expect(table.controls.find((c) => c.control === '5.32')).toMatchObject({ coverage: 'automatic', ruleIds: ['no-docker-socket-mount'] });
  });
});

describe('hullcheck audit usage errors', () => {
  it('rejects a bad --concurrency with exit 2 and one line', () => {
    const run = hullcheck(['audit', '--concurrency', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('hullcheck: error: --concurrency must be a whole number of at least 1, not 0\n');
  });
});

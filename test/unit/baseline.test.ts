import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportedResult } from '../../src/cli/output.js';
import { applyBaseline, baselineOf, parseBaseline, readBaseline, serializeBaseline } from '../../src/scan/baseline.js';
import { scanText } from '../../src/scan/scan.js';
import type { ScanResult } from '../../src/scan/result.js';
import { healthcheck, pinned, privileged, sampleResult, suppressedAdd } from '../fixtures/report/scan-result.js';

const dir = mkdtempSync(join(tmpdir(), 'hullcheck-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOCKERFILE = 'FROM alpine:3.20\nHEALTHCHECK CMD true\nRUN sudo apk add --no-cache curl\nUSER app\n';

async function scanDockerfile(text: string): Promise<ScanResult> {
  return scanText({ text, kind: 'dockerfile', file: 'Dockerfile' });
}

function baselineFile(result: ScanResult): string {
  const file = join(dir, `baseline-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, serializeBaseline(baselineOf(result, '0.1.0')));
  return file;
}

describe('baselines', () => {
  it('lists the active findings with fingerprints, sorted by file, rule and fingerprint, without the suppressed ones', () => {
    expect(baselineOf(sampleResult(), '9.9.9')).toEqual({
      version: 1,
      tool: { name: 'hullcheck', version: '9.9.9' },
      entries: [
        { fingerprint: '5f1c0a9e2b7d4c31', ruleId: 'pin-base-image', file: 'Dockerfile' },
        { fingerprint: '9a8b7c6d5e4f3a2b', ruleId: 'require-healthcheck', file: 'Dockerfile' },
        { fingerprint: 'c0ffee00deadbeef', ruleId: 'no-privileged', file: 'container:web' },
      ],
    });
  });

  it('moves the listed active findings to baselined and keeps the rest, suppressed ones included', () => {
    const applied = applyBaseline(sampleResult(), new Set(['5f1c0a9e2b7d4c31', 'c0ffee00deadbeef', '0d9e8a7b6c5f4e3d']));
    expect(applied.findings).toEqual([suppressedAdd, healthcheck]);
    expect(applied.baselined).toEqual([pinned, privileged]);
    expect(applyBaseline(sampleResult(), new Set()).baselined).toEqual([]);
  });

  it('reads back what it writes', () => {
    const file = baselineFile(sampleResult());
    expect([...readBaseline(file)]).toEqual(['5f1c0a9e2b7d4c31', '9a8b7c6d5e4f3a2b', 'c0ffee00deadbeef']);
  });

  it('names the file and the problem when the baseline is missing or malformed', () => {
    expect(() => readBaseline(join(dir, 'nope.json'))).toThrow(`baseline ${join(dir, 'nope.json')}: no such file`);
    expect(() => parseBaseline('{', 'b.json')).toThrow(/^baseline b\.json: not valid JSON \(/);
    expect(() => parseBaseline('[]', 'b.json')).toThrow('baseline b.json: expected a JSON object written by --write-baseline');
    expect(() => parseBaseline('{"version":2,"entries":[]}', 'b.json')).toThrow('baseline b.json: unsupported version 2 (expected 1)');
    expect(() => parseBaseline('{"version":1}', 'b.json')).toThrow('baseline b.json: "entries" must be a list');
    expect(() => parseBaseline('{"version":1,"entries":[{"fingerprint":"a"},{"ruleId":"x"}]}', 'b.json')).toThrow(
      'baseline b.json: entry 2 has no "fingerprint" string',
    );
  });

  it('keeps matching a finding after lines are inserted above it, and not after its line changes', async () => {
    const before = await scanDockerfile(DOCKERFILE);
    expect(before.findings.map((f) => [f.ruleId, f.at.line])).toEqual([
      ['no-unpinned-base-image', 1],
      ['no-sudo', 3],
    ]);
    const file = baselineFile(before);

    const moved = await scanDockerfile(`\n\n# installs curl\n${DOCKERFILE}`);
    const movedReport = reportedResult(moved, { baseline: file });
    expect(moved.findings.map((f) => f.at.line)).toEqual([4, 6]);
    expect(movedReport.findings).toEqual([]);
    expect(movedReport.baselined?.map((f) => f.ruleId)).toEqual(['no-unpinned-base-image', 'no-sudo']);

    const changed = reportedResult(await scanDockerfile(DOCKERFILE.replace('add --no-cache curl', 'add --no-cache curl git')), { baseline: file });
    expect(changed.findings.map((f) => [f.ruleId, f.at.line])).toEqual([['no-sudo', 3]]);
    expect(changed.baselined?.map((f) => f.ruleId)).toEqual(['no-unpinned-base-image']);
  });

  it('applies --severity to reported and baselined findings alike', () => {
    const file = baselineFile({ ...sampleResult(), findings: [pinned] });
    const reported = reportedResult(sampleResult(), { baseline: file, severity: 'critical' });
    expect(reported.findings).toEqual([privileged]);
    expect(reported.baselined).toEqual([]);
    expect(reportedResult(sampleResult(), { severity: 'high' }).findings).toEqual([pinned, privileged]);
    expect(reportedResult(sampleResult(), {}).findings).toEqual(sampleResult().findings);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, type AuditResult } from '../../src/audit/audit.js';
import { freePort, startEngine, type TestEngine } from './engines.js';

/**
 * Daemons started with risky and with safe settings, audited with host checks:
 * the dockerd process is found in /proc, its flags and its daemon.json are read.
 * Both engines also run with the flags every test engine needs here
 * (--iptables=false, --bridge=none, vfs), so those findings are the same on both.
 */
const CONTAINER_FREE = { images: false } as const;
let risky: TestEngine;
let safe: TestEngine;
let riskyResult: AuditResult;
let safeResult: AuditResult;
let configDir = '';
let tcpAddress = '';

/** Findings about the daemon (not containers, images, files or packages), as `rule-id path`. */
function daemonFindings(result: AuditResult): string[] {
  return result.findings
    .filter((f) => f.at.file.startsWith('engine:') || f.at.file.startsWith('process:dockerd') || f.at.file.endsWith('daemon.json'))
    .map((f) => `${f.ruleId} ${f.at.path ?? `${f.at.line}:${f.at.column}`}`)
    .sort();
}

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'hc-daemon-json-'));
  const daemonJson = join(configDir, 'daemon.json');
  // icc=false needs iptables, which the sandbox's engines run without: icc stays on in both.
  writeFileSync(daemonJson, '{\n  "live-restore": true,\n  "userland-proxy": false,\n  "no-new-privileges": true,\n  "default-ulimits": { "nofile": { "Name": "nofile", "Soft": 1024, "Hard": 2048 } }\n}\n');
  tcpAddress = `tcp://127.0.0.1:${await freePort()}`;
  [risky, safe] = await Promise.all([
    startEngine('-H', tcpAddress, '--icc=true', '--log-level=debug', '--insecure-registry=10.0.0.0/8'),
    startEngine('--config-file', daemonJson, '--log-level=info'),
  ]);
  [riskyResult, safeResult] = await Promise.all([audit({ endpoint: { host: risky.socket }, ...CONTAINER_FREE }), audit({ endpoint: { host: safe.socket }, ...CONTAINER_FREE })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([risky?.stop(), safe?.stop()]);
  rmSync(configDir, { recursive: true, force: true });
});

describe('audit of daemon settings on real engines', () => {
  it('reads the local host for both engines', () => {
    expect(riskyResult.hostSkipped).toBeUndefined();
    expect(safeResult.hostSkipped).toBeUndefined();
  });

  it('reports the risky daemon\'s TCP listener without TLS, icc, debug logging and insecure registry, at the dockerd argument', () => {
    const atFlags = riskyResult.findings.filter((f) => f.at.file.startsWith('process:dockerd[')).map((f) => `${f.ruleId} ${f.at.path}`);
    // argv: dockerd --iptables=false --ip-forward=false --bridge=none --storage-driver=vfs -H unix://… --data-root …
    // --exec-root … --pidfile … -H tcp://… --icc=true --log-level=debug --insecure-registry=10.0.0.0/8
    expect(atFlags.sort()).toEqual([
      'daemon-icc-enabled argv.15',
      'daemon-iptables-disabled argv.1',
      'daemon-log-level argv.16',
      'daemon-tcp-without-tls argv.13',
      'no-insecure-registries argv.17',
    ]);
    const tcp = riskyResult.findings.find((f) => f.ruleId === 'daemon-tcp-without-tls');
    expect(tcp?.severity).toBe('high');
    expect(tcp?.message).toContain(`${tcpAddress.slice('tcp://'.length)} without TLS`);
  });

  it('the safe daemon has none of those, and its daemon.json settings count', () => {
    expect(safeResult.findings.filter((f) => f.at.file.startsWith('process:dockerd[')).map((f) => `${f.ruleId} ${f.at.path}`)).toEqual(['daemon-iptables-disabled argv.1']);
    const rules = daemonFindings(safeResult).map((f) => f.split(' ')[0]);
    for (const id of ['daemon-tcp-without-tls', 'daemon-log-level', 'no-insecure-registries', 'require-live-restore', 'require-userland-proxy-disabled', 'require-no-new-privileges-default', 'require-default-ulimits']) {
      expect(rules).not.toContain(id);
    }
    expect(daemonFindings(riskyResult).map((f) => f.split(' ')[0])).toEqual(
      expect.arrayContaining(['require-live-restore', 'require-userland-proxy-disabled', 'require-no-new-privileges-default', 'require-default-ulimits']),
    );
  });

  it('both report what the test setup itself turns off', () => {
    for (const result of [riskyResult, safeResult]) {
      expect(result.findings.filter((f) => f.ruleId === 'daemon-iptables-disabled').map((f) => f.message)).toEqual([
        expect.stringMatching(/^dockerd runs with --iptables=false/),
      ]);
    }
  });
});

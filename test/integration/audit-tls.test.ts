import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { hullcheckAsync } from '../e2e/run-cli.js';
import { freePort, makeCertificates, startEngine, type Certificates, type TestEngine } from './engines.js';

/** An engine on loopback with --tlsverify and certificates made here, audited over TCP. */
const run = promisify(execFile);
let engine: TestEngine;
let certs: Certificates;
let certDir = '';
let address = '';

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'hc-certs-'));
  certs = await makeCertificates(certDir);
  address = `tcp://127.0.0.1:${await freePort()}`;
  engine = await startEngine('--tlsverify', '--tlscacert', certs.ca, '--tlscert', certs.serverCert, '--tlskey', certs.serverKey, '-H', address);
  await run('docker', ['-H', engine.socket, 'create', '--name', 'tls-privileged', '--privileged', 'hullcheck-test/busybox:1']);
}, 120_000);

afterAll(async () => {
  await engine?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

describe('audit of a TLS engine', () => {
  it('audits over TCP with --tlsverify and the client certificate', async () => {
    const result = await audit({
      endpoint: { host: address, tlsVerify: true, tlsCaCert: certs.ca, tlsCert: certs.clientCert, tlsKey: certs.clientKey },
      host: { skip: true },
      images: false,
    });
    expect(result.engine.host).toBe(address);
    expect(result.containers).toEqual({ total: 1, audited: 1 });
    expect(result.findings.filter((f) => f.ruleId === 'no-privileged').map((f) => f.at.path)).toEqual(['HostConfig.Privileged']);
  });

  it('takes the certificates from DOCKER_CERT_PATH with DOCKER_TLS_VERIFY, as the docker CLI does', async () => {
    const { code, stdout } = await hullcheckAsync(['audit', '--format', 'json', '--fail-on', 'none', '--no-images'], {
      env: { DOCKER_HOST: address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir },
    });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { audit: { containers: { audited: number } } }).audit.containers.audited).toBe(1);
  });

  it('without a client certificate the engine refuses: one message, exit code 2', async () => {
    const failed = await hullcheckAsync(['audit', '-H', address, '--tlsverify', '--tlscacert', certs.ca, '--tlscert', '/nonexistent/cert.pem']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(`hullcheck: error: cannot read /nonexistent/cert.pem for TLS to the Docker engine at ${address}: open ENOENT\n`);
  });

  it('plain HTTP to a TLS port fails with one message and exit code 2', async () => {
    const failed = await hullcheckAsync(['audit', '-H', address], { env: { DOCKER_TLS_VERIFY: '', DOCKER_TLS: '' } });
    expect(failed.code).toBe(2);
    expect(failed.stderr.split('\n')).toHaveLength(2);
    expect(failed.stderr).toMatch(/^hullcheck: error: the Docker engine at tcp:\/\/127\.0\.0\.1:\d+ answered GET \/(version|info) with 400/);
  });
});

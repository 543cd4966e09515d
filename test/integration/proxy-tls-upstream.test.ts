import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, statuses } from '../unit/proxy/server-harness.js';
import { freePort, makeCertificates, startEngine, type Certificates, type TestEngine } from './engines.js';
import { startProxyChild, type ProxyChild } from './proxy-child.js';

/** `hullcheck proxy` in front of an engine that only speaks TLS with client certificates, found the docker CLI's way (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
let engine: TestEngine;
let certs: Certificates;
let dir = '';
let proxy: ProxyChild;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hc-proxy-tls-'));
  certs = await makeCertificates(dir);
  const address = `tcp://127.0.0.1:${await freePort()}`;
  engine = await startEngine('--tlsverify', '--tlscacert', certs.ca, '--tlscert', certs.serverCert, '--tlskey', certs.serverKey, '-H', address);
  writeFileSync(join(dir, 'policy.yaml'), 'allow: [preset:read-only]\n');
  proxy = await startProxyChild(['--listen', `unix://${dir}/proxy.sock`, '--policy', join(dir, 'policy.yaml')], dir, {
    ...process.env,
    DOCKER_HOST: address,
    DOCKER_TLS_VERIFY: '1',
    DOCKER_CERT_PATH: dir,
    DOCKER_CONTEXT: '',
  });
}, 120_000);

afterAll(async () => {
  if (proxy && proxy.child.exitCode === null) await proxy.stop();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('proxy to a TLS engine', () => {
  it('forwards allowed requests over TLS and still refuses the rest', async () => {
    const answer = await exchange(`${dir}/proxy.sock`, 'GET /v1.41/version HTTP/1.1\r\nHost: docker\r\n\r\nPOST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\n\r\n{}');
    expect(statuses(answer)).toEqual([200, 403]);
    expect(answer).toContain('"ApiVersion":"1.41"');
    expect(proxy.stderr()).toContain(`engine tcp://127.0.0.1:`);
  });
});

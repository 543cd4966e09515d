import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EndpointError, resolveEndpoint } from '../../../src/sources/engine/endpoint.js';

let config: string;

beforeEach(() => {
  config = mkdtempSync(join(tmpdir(), 'hc-docker-config-'));
});

afterEach(() => {
  rmSync(config, { recursive: true, force: true });
});

/** A context as `docker context create NAME --docker host=HOST` stores it. */
function writeContext(name: string, host: string, tlsFiles: string[] = []): string {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(config, 'contexts/meta', id), { recursive: true });
  writeFileSync(join(config, 'contexts/meta', id, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  const tlsDir = join(config, 'contexts/tls', id, 'docker');
  if (tlsFiles.length > 0) mkdirSync(tlsDir, { recursive: true });
  for (const file of tlsFiles) writeFileSync(join(tlsDir, file), 'pem');
  return tlsDir;
}

describe('resolveEndpoint: which engine, as the docker CLI decides', () => {
  it('--host first, then DOCKER_HOST, then the context, then the standard socket', () => {
    writeContext('prod', 'tcp://10.0.0.5:2375');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'prod' }));
    const env = { DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///env.sock' };
    expect(resolveEndpoint({ host: 'unix:///flag.sock', env })).toEqual({ host: 'unix:///flag.sock', source: '--host' });
    expect(resolveEndpoint({ env })).toEqual({ host: 'unix:///env.sock', source: 'DOCKER_HOST' });
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config } })).toEqual({ host: 'tcp://10.0.0.5:2375', source: 'context "prod"' });
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: join(config, 'none') } })).toEqual({ host: 'unix:///var/run/docker.sock', source: 'default' });
  });

  it('DOCKER_CONTEXT beats currentContext, and "default" means the standard socket', () => {
    writeContext('ci', 'ssh://runner@ci-host');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'missing' }));
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'ci' } })).toEqual({ host: 'ssh://runner@ci-host', source: 'context "ci"' });
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' } }).host).toBe('unix:///var/run/docker.sock');
  });

  it('takes a context\'s TLS material from the context store', () => {
    const tlsDir = writeContext('secure', 'tcp://10.0.0.5:2376', ['ca.pem', 'cert.pem', 'key.pem']);
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'secure' } })).toEqual({
      host: 'tcp://10.0.0.5:2376',
      source: 'context "secure"',
      tls: { verify: true, ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') },
    });
  });

  it('a context that does not exist is one clear error naming where it looked', () => {
    const id = createHash('sha256').update('gone').digest('hex');
    expect(() => resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' } })).toThrow(
      new EndpointError(`cannot read ${join(config, 'contexts/meta', id, 'meta.json')}: ENOENT`),
    );
  });

  it('TLS for tcp:// from flags, or from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    expect(resolveEndpoint({ host: 'tcp://h:2376', tlsVerify: true, tlsCaCert: '/c/ca', tlsCert: '/c/cert', tlsKey: '/c/key', env: {} }).tls).toEqual({
      verify: true,
      ca: '/c/ca',
      cert: '/c/cert',
      key: '/c/key',
    });
    expect(resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }).tls).toEqual({
      verify: true,
      ca: '/certs/ca.pem',
      cert: '/certs/cert.pem',
      key: '/certs/key.pem',
    });
    expect(resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2375' } }).tls).toBeUndefined();
    expect(resolveEndpoint({ host: 'unix:///x.sock', tlsVerify: true, env: {} }).tls).toBeUndefined();
  });
});

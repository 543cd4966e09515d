import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, makeCertificates, type Certificates } from '../integration/engines.js';
import { startProxyChild } from '../integration/proxy-child.js';
import { startRecordingUpstream, type RecordingUpstream } from '../unit/proxy/server-harness.js';
import { hullcheck } from './run-cli.js';

/** `hullcheck proxy` as users start it: refusals to start (exit 2, one line each), TLS listeners, the decision log. */

let dir: string;
let upstream: RecordingUpstream;
let certs: Certificates;
const policy = () => join(dir, 'policy.yaml');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-e2e-'));
  writeFileSync(policy(), 'allow: [preset:read-only]\n');
  upstream = await startRecordingUpstream(dir);
  certs = await makeCertificates(dir);
}, 60_000);

afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hullcheck proxy refuses to start', () => {
  const cases: { name: string; args: () => string[]; stderr: () => string }[] = [
    { name: 'without a policy', args: () => ['--listen', `unix://${dir}/a.sock`], stderr: () => `hullcheck: error: --listen unix://${dir}/a.sock: no policy for this listener: add =POLICY_FILE or give --policy\n` },
    { name: 'with a policy it cannot read', args: () => ['--listen', `unix://${dir}/a.sock=${dir}/missing.yaml`], stderr: () => `hullcheck: error: ${dir}/missing.yaml: cannot read policy: ENOENT\n` },
    {
      name: 'with an invalid policy (one line per problem)',
      args: () => {
        writeFileSync(join(dir, 'bad.yaml'), 'allow: [containers:crate]\nexec: { privileged: maybe }\n');
        return ['--listen', `unix://${dir}/a.sock`, '--policy', join(dir, 'bad.yaml')];
      },
      stderr: () => `hullcheck: error: ${dir}/bad.yaml:1:9: unknown operation "containers:crate"`,
    },
    { name: 'on a TCP address off loopback without TLS', args: () => ['--listen', 'tcp://0.0.0.0:2375', '--policy', policy()], stderr: () => 'hullcheck: error: --listen tcp://0.0.0.0:2375: a TCP listener off loopback needs TLS client certificates (--tlscacert, --tlscert, --tlskey)\n' },
    { name: 'with half the TLS files', args: () => ['--listen', 'tcp://0.0.0.0:2375', '--policy', policy(), '--tlscert', certs.serverCert], stderr: () => 'hullcheck: error: --tlscacert, --tlscert and --tlskey go together: give all three\n' },
    { name: 'with a bad --max-body', args: () => ['--listen', `unix://${dir}/a.sock`, '--policy', policy(), '--max-body', '4 lots'], stderr: () => 'hullcheck: error: --max-body 4 lots: expected a size such as 4MiB, 512KiB or 1048576\n' },
    { name: 'when the upstream is its own listener', args: () => ['--listen', `unix://${dir}/a.sock`, '--policy', policy(), '--upstream', `unix://${dir}/a.sock`], stderr: () => `hullcheck: error: the upstream unix://${dir}/a.sock (from --host) is one of the --listen addresses: give the engine with --upstream\n` },
    { name: 'with an ssh upstream', args: () => ['--listen', `unix://${dir}/a.sock`, '--policy', policy(), '--upstream', 'ssh://host'], stderr: () => 'hullcheck: error: invalid upstream ssh://host: only unix:// and tcp:// engines can be proxied\n' },
  ];
  it.each(cases)('$name', ({ args, stderr }) => {
    const result = hullcheck(['proxy', ...args()]);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(stderr())).toBe(true);
    expect(existsSync(`${dir}/a.sock`)).toBe(false);
  });
});

describe('hullcheck proxy on TCP with TLS client certificates', () => {
  it('serves clients with a certificate from the CA, refuses others, logs the certificate subject', async () => {
    const port = await freePort();
    const log = join(dir, 'tls.log');
    const proxy = await startProxyChild(
      ['--listen', `tcp://127.0.0.1:${port}`, '--policy', policy(), '--upstream', `unix://${upstream.socket}`, '--tlscacert', certs.ca, '--tlscert', certs.serverCert, '--tlskey', certs.serverKey, '--log', log],
      dir,
    );
    const get = (path: string, withCert: boolean) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path, ca: readFileSync(certs.ca), ...(withCert ? { cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) } : {}), agent: false },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get('/v1.41/_ping', true)).toBe(200);
    expect(await get('/v1.41/containers/create', true)).toBe(403);
    await expect(get('/v1.41/_ping', false)).rejects.toThrow();
    expect(proxy.stderr()).not.toContain('warning');
    expect(await proxy.stop()).toBe(0);
    const entries = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { client: string; decision: string; operation: string });
    expect(entries.map((e) => `${e.decision} ${e.operation}`)).toEqual(['allow ping', 'deny unknown']);
    expect(entries[0]?.client).toMatch(/^CN=client 127\.0\.0\.1:\d+$/);
  });

  it('warns when a loopback TCP listener has no TLS', async () => {
    const port = await freePort();
    const proxy = await startProxyChild(['--listen', `tcp://127.0.0.1:${port}`, '--policy', policy(), '--upstream', `unix://${upstream.socket}`], dir);
    expect(proxy.stderr()).toContain(`hullcheck: warning: --listen tcp://127.0.0.1:${port}: plain TCP without client certificates; any local process can use this listener\n`);
    expect(await proxy.stop()).toBe(0);
  });
});

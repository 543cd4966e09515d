import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyStartError, startProxy } from '../../../src/proxy/server.js';
import type { Decision, ProxyPolicy } from '../../../src/proxy/types.js';
import { exchange, startHarness, statuses, testPolicy, type Harness } from './server-harness.js';

const R = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`;

describe('proxy server', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('shows the policy the canonical request: path without version, decoded query, lower-case headers, de-chunked body', async () => {
    harness.seen.length = 0;
    await exchange(harness.proxySocket, R(['POST /v1.47/containers/create?name=web%20one HTTP/1.1', 'Host: docker', 'X-Custom: Yes', 'Transfer-Encoding: chunked'], '3\r\n{"a\r\n4\r\n":1}\r\n0\r\n\r\n'));
    const [request] = harness.seen;
    expect(request).toMatchObject({ method: 'POST', path: '/containers/create', apiVersion: '1.47', streamedBody: false });
    expect(request?.query.get('name')).toBe('web one');
    expect(request?.headers).toEqual({ host: 'docker', 'x-custom': 'Yes', 'transfer-encoding': 'chunked' });
    expect(request?.body?.toString()).toBe('{"a":1}');
  });

  it('streams a build context: the policy sees streamedBody and no body, the engine gets every byte', async () => {
    harness.seen.length = 0;
    harness.upstream.requests.length = 0;
    const context = 'x'.repeat(3 * 1024 * 1024); // larger than the 1 MiB body cap of the harness
    const chunks = [context.slice(0, 1_000_000), context.slice(1_000_000)];
    const body = `${chunks.map((c) => `${c.length.toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;
    const answer = await exchange(harness.proxySocket, R(['POST /v1.43/build?t=x&remote=https%3A%2F%2Fexample.com%2Fr.git HTTP/1.1', 'Host: docker', 'Content-Type: application/x-tar', 'Transfer-Encoding: chunked'], body));
    expect(statuses(answer)).toEqual([200]);
    expect(harness.seen[0]).toMatchObject({ path: '/build', streamedBody: true });
    expect(harness.seen[0]?.body).toBeUndefined();
    expect(harness.seen[0]?.query.get('remote')).toBe('https://example.com/r.git');
    expect(harness.upstream.requests[0]?.body.length).toBe(context.length);
  });

  it('splices an attach only after the engine answers 101, and relays both ways', async () => {
    const socket = connect(harness.proxySocket);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.write(R(['POST /v1.43/containers/abc/attach?stream=1&stdin=1 HTTP/1.1', 'Host: docker', 'Connection: Upgrade', 'Upgrade: tcp']));
    await until(() => Buffer.concat(received).toString().includes('\r\n\r\n'));
    expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\n/);
    socket.write('hello GET /denied HTTP/1.1\r\n\r\n');
    await until(() => Buffer.concat(received).toString().includes('HELLO GET /DENIED'));
    socket.end();
    await new Promise((resolve) => socket.on('close', resolve));
    const attach = harness.upstream.requests.find((r) => r.url.includes('/attach'));
    expect(attach?.headers.upgrade).toBe('tcp');
  });

  it('answers 502 naming the engine when the upstream is down, and keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-'));
    const proxy = await startProxy({
      listeners: [{ address: `unix://${dir}/p.sock`, policy: testPolicy() }],
      upstream: { host: `unix://${dir}/nothing.sock`, source: 'test' },
      log: () => undefined,
      warn: () => undefined,
    });
    const answer = await exchange(`${dir}/p.sock`, R(['GET /_ping HTTP/1.1', 'Host: docker']) + R(['GET /denied HTTP/1.1', 'Host: docker']));
    expect(statuses(answer)).toEqual([502, 403]);
    expect(answer).toContain(`the Docker engine at unix://${dir}/nothing.sock is not reachable`);
    await proxy.close();
    expect(existsSync(`${dir}/p.sock`)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails closed on a policy answer it cannot use: no decision, or a body that is not bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-'));
    const odd: ProxyPolicy = {
      async decide(request) {
        if (request.path === '/nothing') return undefined as unknown as Decision;
        return { allow: true, status: 200, message: '', operation: 'x', rules: [], body: { Privileged: true } as unknown as Buffer };
      },
    };
    const proxy = await startProxy({ listeners: [{ address: `unix://${dir}/p.sock`, policy: odd }], upstream: { host: `unix://${harness.upstream.socket}`, source: 'test' }, log: () => undefined, warn: () => undefined });
    harness.upstream.requests.length = 0;
    const answer = await exchange(`${dir}/p.sock`, R(['GET /nothing HTTP/1.1', 'Host: docker']) + R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: 2'], '{}'));
    expect(statuses(answer)).toEqual([403, 403]);
    expect(answer).toContain('hullcheck proxy: refused because the policy failed: the policy gave no decision');
    expect(answer).toContain('hullcheck proxy: refused because the policy failed: the policy returned a body that is not bytes');
    expect(harness.upstream.requests).toEqual([]);
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs one entry per decision with the rule and status', async () => {
    harness.log.length = 0;
    await exchange(harness.proxySocket, R(['GET /v1.43/_ping HTTP/1.1', 'Host: docker']) + R(['GET /denied HTTP/1.1', 'Host: docker']) + 'BAD\r\n\r\n');
    expect(harness.log.map(({ time, ...rest }) => rest)).toEqual([
      { listener: `unix://${harness.proxySocket}`, client: 'unix', method: 'GET', path: '/v1.43/_ping', operation: 'test:any', decision: 'allow', rules: [], status: 200 },
      { listener: `unix://${harness.proxySocket}`, client: 'unix', method: 'GET', path: '/denied', operation: 'test:any', decision: 'deny', rules: ['test-denied-path'], status: 403, message: 'denied by test-denied-path' },
      { listener: `unix://${harness.proxySocket}`, client: 'unix', method: '-', path: '-', operation: 'unknown', decision: 'deny', rules: [], status: 400, message: 'malformed request line: expected METHOD SP TARGET SP HTTP/1.1' },
    ]);
    expect(harness.log[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers a denial as the engine does, so the docker CLI prints the message', async () => {
    const answer = await exchange(harness.proxySocket, R(['GET /denied HTTP/1.1', 'Host: docker']));
    expect(answer).toBe('HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 41\r\n\r\n{"message":"denied by test-denied-path"}\n');
  });
});

describe('slow and idle clients', () => {
  it('answers 408 when a request head does not complete in time, and closes idle connections', async () => {
    const harness = await startHarness({ requestTimeoutMs: 150, idleTimeoutMs: 150 });
    const slow = connect(harness.proxySocket);
    let answer = '';
    slow.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    slow.write('GET /_ping HTTP/1.1\r\nHost: do');
    await new Promise((resolve) => slow.on('close', resolve));
    expect(statuses(answer)).toEqual([408]);
    const idle = connect(harness.proxySocket);
    const idleAnswer: Buffer[] = [];
    idle.on('data', (chunk: Buffer) => idleAnswer.push(chunk));
    await new Promise((resolve) => idle.on('close', resolve));
    expect(idleAnswer).toEqual([]);
    expect(harness.upstream.requests).toEqual([]);
    await harness.close();
  });
});

describe('shutdown', () => {
  it('close() ends open connections, a spliced attach included, and removes the socket file', async () => {
    const harness = await startHarness();
    const idle = connect(harness.proxySocket);
    idle.write('GET /_ping HTTP/1.1\r\nHo');
    const attached = connect(harness.proxySocket);
    attached.write(R(['POST /containers/abc/attach?stream=1 HTTP/1.1', 'Host: docker', 'Connection: Upgrade', 'Upgrade: tcp']));
    await new Promise((resolve) => attached.once('data', resolve));
    const closed = Promise.all([idle, attached].map((socket) => new Promise((resolve) => socket.on('close', resolve))));
    await harness.proxy.close();
    await closed;
    expect(existsSync(harness.proxySocket)).toBe(false);
    await harness.upstream.close();
    rmSync(harness.dir, { recursive: true, force: true });
  });
});

describe('listeners', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { upstream: { host: `unix://${dir}/engine.sock`, source: 'test' }, log: () => undefined };

  it('refuses a TCP listener off loopback without TLS', async () => {
    await expect(startProxy({ ...base, warn: () => undefined, listeners: [{ address: 'tcp://0.0.0.0:0', policy: testPolicy() }] })).rejects.toThrow(
      new ProxyStartError('--listen tcp://0.0.0.0:0: a TCP listener off loopback needs TLS client certificates (--tlscacert, --tlscert, --tlskey)'),
    );
  });

  it('warns for plain TCP on loopback and reports the bound port', async () => {
    const warnings: string[] = [];
    const proxy = await startProxy({ ...base, warn: (w) => warnings.push(w), listeners: [{ address: 'tcp://127.0.0.1:0', policy: testPolicy() }] });
    expect(warnings).toEqual(['--listen tcp://127.0.0.1:0: plain TCP without client certificates; any local process can use this listener']);
    expect(proxy.addresses[0]).toMatch(/^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    await proxy.close();
  });

  it('replaces a stale socket file, refuses a live one and a regular file', async () => {
    const stale = join(dir, 'stale.sock');
    const old = createServer();
    await new Promise<void>((resolve) => old.listen(stale, resolve));
    const live = startProxy({ ...base, warn: () => undefined, listeners: [{ address: `unix://${stale}`, policy: testPolicy() }] });
    await expect(live).rejects.toThrow(`another process is listening on ${stale}`);
    // Closing a server removes its socket file; a crashed process would leave it: recreate that state.
    await new Promise<void>((resolve) => old.close(() => resolve()));
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.exit(0))`]);
    expect(existsSync(stale)).toBe(true);
    const proxy = await startProxy({ ...base, warn: () => undefined, listeners: [{ address: `unix://${stale}`, policy: testPolicy() }] });
    await proxy.close();
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    await expect(startProxy({ ...base, warn: () => undefined, listeners: [{ address: `unix://${file}`, policy: testPolicy() }] })).rejects.toThrow(`${file} exists and is not a socket`);
  });

  it('refuses relative socket paths and other schemes', async () => {
    await expect(startProxy({ ...base, warn: () => undefined, listeners: [{ address: 'unix://relative.sock', policy: testPolicy() }] })).rejects.toThrow('the socket path must be absolute');
    await expect(startProxy({ ...base, warn: () => undefined, listeners: [{ address: 'http://127.0.0.1:1', policy: testPolicy() }] })).rejects.toThrow('only unix:// and tcp:// listeners');
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

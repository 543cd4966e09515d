import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxy, type DecisionLogEntry, type RunningProxy } from '../../../src/proxy/server.js';
import type { ConnectionLimits } from '../../../src/proxy/server-connection.js';
import type { Decision, ProxyPolicy, ProxyRequest } from '../../../src/proxy/types.js';

/** What reached the recording upstream: one entry per request it received. */
export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingUpstream {
  socket: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/**
 * An engine stand-in that records every request and answers 200 `{"ok":true}`;
 * POST .../attach with `Upgrade: tcp` gets a 101 and then echoes in upper case.
 */
export async function startRecordingUpstream(dir: string): Promise<RecordingUpstream> {
  const socket = join(dir, 'upstream.sock');
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url?.endsWith('/missing')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such thing"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.on('upgrade', (req, client, head) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    if (req.url?.includes('/missing/')) {
      client.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 27\r\nConnection: close\r\n\r\n{"message":"no such thing"}');
      return;
    }
    client.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    if (head.length > 0) client.write(head.toString().toUpperCase());
    client.on('data', (chunk: Buffer) => client.write(chunk.toString().toUpperCase()));
    client.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const allow = (operation = 'test:any'): Decision => ({ allow: true, status: 200, message: '', operation, rules: [] });
export const deny = (rule: string): Decision => ({ allow: false, status: 403, message: `denied by ${rule}`, operation: 'test:any', rules: [rule] });

/** Allows everything except `/denied`, `/throws` and bodies with `"Privileged":true`; remembers what it was shown. */
export function testPolicy(seen: ProxyRequest[] = []): ProxyPolicy {
  return {
    async decide(request) {
      seen.push(request);
      if (request.path === '/throws') throw new Error('boom');
      if (request.path === '/denied' || request.path.endsWith('/attach-denied')) return deny('test-denied-path');
      if (request.query.get('remote')?.includes('evil')) return deny('test-remote-context');
      if (request.body && /"Privileged":\s*true/.test(request.body.toString())) return deny('no-privileged');
      return allow();
    },
  };
}

export interface Harness {
  dir: string;
  proxySocket: string;
  upstream: RecordingUpstream;
  proxy: RunningProxy;
  seen: ProxyRequest[];
  log: DecisionLogEntry[];
  close(): Promise<void>;
}

export async function startHarness(limits: Partial<ConnectionLimits> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-'));
  const upstream = await startRecordingUpstream(dir);
  const seen: ProxyRequest[] = [];
  const log: DecisionLogEntry[] = [];
  const proxySocket = join(dir, 'proxy.sock');
  const proxy = await startProxy({
    listeners: [{ address: `unix://${proxySocket}`, policy: testPolicy(seen) }],
    upstream: { host: `unix://${upstream.socket}`, source: 'test' },
    limits: { maxBodyBytes: 1024 * 1024, ...limits },
    log: (entry) => log.push(entry),
    warn: () => undefined,
  });
  return {
    dir,
    proxySocket,
    upstream,
    proxy,
    seen,
    log,
    async close() {
      await proxy.close();
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends raw bytes, half-closes, and returns everything the proxy answered until it closed. */
export function exchange(socketPath: string, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.end(bytes);
  });
}

/** The status codes of the responses in a raw answer, in order. */
export function statuses(answer: string): number[] {
  return [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

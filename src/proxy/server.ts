import { lstatSync, readFileSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { isAbsolute } from 'node:path';
import tls from 'node:tls';
import type { Endpoint } from '../sources/engine/endpoint.js';
import { serveConnection, type ConnectionLimits, type DecisionLogEntry } from './server-connection.js';
import type { ProxyPolicy } from './types.js';
import { createUpstream } from './upstream.js';

/**
 * `hullcheck proxy`'s server: one or more listeners (unix sockets, or TCP
 * with TLS client certificates unless on loopback), each with its own
 * policy, in front of one engine.
 */

export type { DecisionLogEntry };

export interface ListenerOptions {
  /** `unix:///run/hullcheck/docker.sock` or `tcp://127.0.0.1:2375`. */
  address: string;
  policy: ProxyPolicy;
}

export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

export interface ProxyOptions {
  listeners: ListenerOptions[];
  upstream: Endpoint;
  /** Required for TCP listeners that are not on loopback: clients must present a certificate signed by `ca`. */
  tls?: TlsFiles;
  limits?: Partial<ConnectionLimits>;
  log(entry: DecisionLogEntry): void;
  warn(message: string): void;
}

export interface RunningProxy {
  /** Where each listener ended up (a `tcp://...:0` listener gets its real port here). */
  addresses: string[];
  close(): Promise<void>;
}

export class ProxyStartError extends Error {
  override readonly name = 'ProxyStartError';
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxHeadBytes: 64 * 1024,
  maxBodyBytes: 4 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 300_000,
};

type Address = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export function parseListenAddress(address: string): Address {
  if (address.startsWith('unix://')) {
    const path = address.slice('unix://'.length);
    if (!isAbsolute(path)) throw new ProxyStartError(`--listen ${address}: the socket path must be absolute (unix:///run/hullcheck/docker.sock)`);
    return { kind: 'unix', path };
  }
  if (address.startsWith('tcp://')) {
    const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+):([0-9]{1,5})$/.exec(address);
    const port = Number(match?.[2]);
    if (!match || port > 65535) throw new ProxyStartError(`--listen ${address}: expected tcp://HOST:PORT`);
    return { kind: 'tcp', host: (match[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
  }
  throw new ProxyStartError(`--listen ${address}: only unix:// and tcp:// listeners are supported`);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  if (options.listeners.length === 0) throw new ProxyStartError('no --listen address given');
  const addresses = options.listeners.map((listener) => parseListenAddress(listener.address));
  const tlsContext = options.tls ? readTls(options.tls) : undefined;
  addresses.forEach((address, i) => {
    if (address.kind !== 'tcp' || tlsContext) return;
    const given = options.listeners[i]?.address;
    if (!isLoopback(address.host)) {
      throw new ProxyStartError(`--listen ${given}: a TCP listener off loopback needs TLS client certificates (--tlscacert, --tlscert, --tlskey)`);
    }
    options.warn(`--listen ${given}: plain TCP without client certificates; any local process can use this listener`);
  });
  const upstream = createUpstream(options.upstream);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const sockets = new Set<net.Socket>();
  const servers: { server: net.Server; unixPath?: string }[] = [];
  const close = async () => {
    // close() stops accepting at once but calls back only when every connection is gone: end them first.
    const closed = Promise.all(servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
    for (const socket of sockets) socket.destroy();
    await closed;
    for (const { unixPath } of servers) if (unixPath) removeSocketFile(unixPath);
    upstream.close();
  };
  const bound: string[] = [];
  try {
    for (const [i, listener] of options.listeners.entries()) {
      const address = addresses[i] as Address;
      const onSocket = (socket: net.Socket, peer: string) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        if (address.kind === 'tcp') socket.setNoDelay(true);
        serveConnection(socket, { client: { listener: listener.address, peer }, policy: listener.policy, upstream, limits, log: options.log });
      };
      const server = address.kind === 'tcp' && tlsContext ? tlsServer(tlsContext, onSocket) : net.createServer({ allowHalfOpen: true }, (socket) => onSocket(socket, peerOf(socket, address.kind)));
      if (address.kind === 'unix') await prepareSocketPath(address.path, listener.address);
      await listen(server, address, listener.address);
      servers.push(address.kind === 'unix' ? { server, unixPath: address.path } : { server });
      bound.push(boundAddress(server, address));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { addresses: bound, close };
}

function readTls(files: TlsFiles): tls.SecureContextOptions {
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ProxyStartError(`${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };
  return { ca: read('--tlscacert', files.ca), cert: read('--tlscert', files.cert), key: read('--tlskey', files.key) };
}

function tlsServer(context: tls.SecureContextOptions, onSocket: (socket: net.Socket, peer: string) => void): net.Server {
  const server = tls.createServer({ ...context, requestCert: true, rejectUnauthorized: true, allowHalfOpen: true }, (socket) => {
    const subject = socket.getPeerCertificate().subject as { CN?: string } | undefined;
    onSocket(socket, `CN=${subject?.CN ?? '?'} ${socket.remoteAddress}:${socket.remotePort}`);
  });
  server.on('tlsClientError', () => undefined);
  return server;
}

function peerOf(socket: net.Socket, kind: Address['kind']): string {
  return kind === 'unix' ? 'unix' : `${socket.remoteAddress}:${socket.remotePort}`;
}

/** A socket file left by a proxy that died is replaced; a live one, or any other file, is not. */
async function prepareSocketPath(path: string, given: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new ProxyStartError(`--listen ${given}: ${path} exists and is not a socket`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
  if (live) throw new ProxyStartError(`--listen ${given}: another process is listening on ${path}`);
  removeSocketFile(path);
}

function removeSocketFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function listen(server: net.Server, address: Address, given: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new ProxyStartError(`--listen ${given}: cannot listen (${error.code ?? error.message})`)));
    if (address.kind === 'unix') server.listen(address.path, resolve);
    else server.listen(address.port, address.host, resolve);
  });
}

function boundAddress(server: net.Server, address: Address): string {
  if (address.kind === 'unix') return `unix://${address.path}`;
  const info = server.address();
  const port = typeof info === 'object' && info ? info.port : address.port;
  return `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`;
}

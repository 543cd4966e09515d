import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Duplex, Transform, type Readable } from 'node:stream';
import type { CreateRequest, HostConfig } from '../../facts/create-request.js';
import { isImageInspect, type ImageInspect } from './image-to-facts.js';
import { DEFAULT_DOCKER_HOST, resolveEndpoint, type Endpoint, type EndpointOptions } from './endpoint.js';

/**
 * A read-only Docker Engine API client: `unix://` sockets, `tcp://host:port`
 * (TLS as the docker CLI sets it up) and `ssh://[user@]host[:port]` (through
 * `ssh ... docker system dial-stdio`, as the docker CLI does). It only ever
 * sends GET. Connections are kept alive, so an audit of many containers opens
 * a few connections, not one per request. Every failure is an EngineError
 * whose message is one line naming the host.
 */

export { DEFAULT_DOCKER_HOST };
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONNECTIONS = 8;

export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    message: string,
    /** The engine address as given, e.g. `unix:///var/run/docker.sock`. */
    readonly host: string,
    /** The HTTP status, when the engine answered with an error. */
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

export interface EngineOptions extends EndpointOptions {
  /** A resolved endpoint; when given, `host`, the TLS options and the environment are not consulted. */
  endpoint?: Endpoint;
  /** Upper bound for one request, from connecting to the last byte. */
  timeoutMs?: number;
  /** Connections kept open to the engine at most; requests beyond wait for one. */
  maxConnections?: number;
}

/** One entry of `GET /containers/json`; only the fields hullcheck reads. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
  Status: string;
  Labels?: Record<string, string> | null;
}

/** One entry of `GET /images/json`. */
export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
}

/** Every field may also be `null`: the engine writes null for unset lists and maps. */
export type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** `GET /containers/{id}/json` (what `docker inspect` prints); only the fields hullcheck reads. */
export interface ContainerInspect {
  Id: string;
  /** With a leading slash: `/web`. */
  Name: string;
  Config: Nullable<Omit<CreateRequest, 'HostConfig'>>;
  HostConfig: Nullable<HostConfig>;
  State?: { Status?: string } | null;
}

export interface EngineClient {
  /** The engine address in use. */
  readonly host: string;
  /** How many requests were sent so far. */
  readonly requestCount: number;
  /** GET an Engine API path (`/version`, `/containers/json?all=true`) and parse the JSON answer. */
  get(path: string): Promise<unknown>;
  /**
   * GET a path whose answer is a byte stream (`/images/get?names=...`, a `docker
   * save` tar): resolves with the body once the engine answered 200, so it can
   * be read as it arrives. The timeout bounds the wait for the answer and then
   * each pause between two chunks, not the whole transfer.
   */
  getStream(path: string): Promise<Readable>;
  listContainers(all?: boolean): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<ContainerInspect>;
  listImages(): Promise<ImageSummary[]>;
  inspectImage(id: string): Promise<ImageInspect>;
  /** Closes the kept-alive connections; the client can still be used afterwards. */
  close(): void;
}

interface TlsMaterial {
  rejectUnauthorized: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

type Target =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; hostname: string; port: number; tls?: TlsMaterial }
  | { kind: 'ssh'; destination: string; port?: string };

export function createEngineClient(options: EngineOptions = {}): EngineClient {
  let endpoint: Endpoint;
  try {
    endpoint = options.endpoint ?? resolveEndpoint(options);
  } catch (error) {
    const host = options.host ?? 'the Docker engine';
    endpoint = { host, source: 'error' };
    const failure = new EngineError(error instanceof Error ? error.message : String(error), host);
    return failingClient(host, failure);
  }
  const { host } = endpoint;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  let target: Target | undefined;
  let agent: http.Agent | undefined;
  let requestCount = 0;

  /** Connects on first use, so a bad address fails the first request rather than the constructor. */
  const send = <T>(how: (target: Target, agent: http.Agent) => Promise<T>): Promise<T> => {
    try {
      target ??= parseHost(endpoint);
      agent ??= createAgent(target, maxConnections);
    } catch (error) {
      return Promise.reject(error);
    }
    requestCount += 1;
    return how(target, agent);
  };
  const get = (path: string): Promise<unknown> => send((t, a) => request(t, a, host, path, timeoutMs));
  const getStream = (path: string): Promise<Readable> => send((t, a) => streamRequest(t, a, host, path, timeoutMs));

  /** GET, and refuse an answer that does not have the shape the callers read. */
  const getShaped = async <T>(path: string, isShaped: (value: unknown) => value is T): Promise<T> => {
    const answer = await get(path);
    if (!isShaped(answer)) throw unexpected(host, path);
    return answer;
  };

  return {
    host,
    get requestCount() {
      return requestCount;
    },
    get,
    getStream,
    listContainers: (all = false) => getShaped(`/containers/json?all=${all}`, listOf(isContainerSummary)),
    inspectContainer: (idOrName) => getShaped(`/containers/${encodeURIComponent(idOrName)}/json`, isContainerInspect),
    listImages: () => getShaped('/images/json', listOf(isImageSummary)),
    inspectImage: (id) => getShaped(`/images/${encodeURIComponent(id)}/json`, isImageInspect),
    close() {
      agent?.destroy();
      agent = undefined;
    },
  };
}

function failingClient(host: string, failure: EngineError): EngineClient {
  const fail = () => Promise.reject(failure);
  return { host, requestCount: 0, get: fail, getStream: fail, listContainers: fail, inspectContainer: fail, listImages: fail, inspectImage: fail, close() {} };
}

function parseHost(endpoint: Endpoint): Target {
  const { host } = endpoint;
  const invalid = (why: string) => new EngineError(`invalid Docker host ${host}: ${why}`, host);
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath) throw invalid('no socket path');
    return { kind: 'unix', socketPath };
  }
  if (host.startsWith('ssh://')) return sshTarget(host, invalid);
  if (!host.startsWith('tcp://')) throw invalid('only unix://, tcp:// and ssh:// hosts are supported');
  let url: URL;
  try {
    url = new URL(`http://${host.slice('tcp://'.length)}`);
  } catch {
    throw invalid('not host:port');
  }
  const port = url.port ? Number(url.port) : endpoint.tls ? 2376 : 2375;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!endpoint.tls) return { kind: 'tcp', hostname, port };
  const read = (path: string | undefined): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new EngineError(`cannot read ${path} for TLS to the Docker engine at ${host}: ${oneLine(error)}`, host);
    }
  };
  const { verify } = endpoint.tls;
  const tls: TlsMaterial = { rejectUnauthorized: verify };
  const cert = read(endpoint.tls.cert);
  const key = read(endpoint.tls.key);
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  if (verify) {
    const ca = read(endpoint.tls.ca);
    if (ca) tls.ca = ca;
  }
  return { kind: 'tcp', hostname, port, tls };
}

function sshTarget(host: string, invalid: (why: string) => EngineError): Target {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw invalid('not ssh://[user@]host[:port]');
  }
  if (!url.hostname || (url.pathname && url.pathname !== '/')) throw invalid('not ssh://[user@]host[:port]');
  const destination = url.username ? `${decodeURIComponent(url.username)}@${url.hostname}` : url.hostname;
  return url.port ? { kind: 'ssh', destination, port: url.port } : { kind: 'ssh', destination };
}

function createAgent(target: Target, maxConnections: number): http.Agent {
  const options = { keepAlive: true, maxSockets: maxConnections };
  if (target.kind === 'tcp' && target.tls) return new https.Agent({ ...options, ...target.tls });
  const agent = new http.Agent(options);
  if (target.kind === 'ssh') {
    // Each connection is one `docker system dial-stdio` over ssh, which relays to the remote engine's socket.
    (agent as unknown as { createConnection: () => Duplex }).createConnection = () => sshConnection(target);
  }
  return agent;
}

/** The socket methods the http agent calls on a kept-alive connection; a pipe has nothing to set. */
const SOCKET_STUBS = {
  setKeepAlive: () => undefined,
  setNoDelay: () => undefined,
  setTimeout: () => undefined,
  ref: () => undefined,
  unref: () => undefined,
};

function sshConnection(target: Extract<Target, { kind: 'ssh' }>): Duplex {
  const args = ['-o', 'BatchMode=yes', ...(target.port ? ['-p', target.port] : []), '--', target.destination, 'docker', 'system', 'dial-stdio'];
  const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const lastError = () => Buffer.concat(stderr).toString('utf8').trim().split('\n').pop() ?? '';
  // The answer ends when ssh exits, not when its stdout closes: that way a failed ssh
  // surfaces as its own error message instead of an anonymous "socket hang up".
  const stream = new Duplex({
    read() {
      child.stdout.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      child.stdin.write(chunk, done);
    },
    final(done) {
      child.stdin.end(done);
    },
    destroy(error, done) {
      child.kill();
      done(error);
    },
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) child.stdout.pause();
  });
  child.stdin.on('error', () => undefined);
  child.on('error', (error) => stream.destroy(new Error(`cannot run ssh: ${error.message}`)));
  child.on('close', (code) => {
    if (code) stream.destroy(new Error(`ssh exited with ${code}: ${lastError()}`));
    else stream.push(null);
  });
  return Object.assign(stream, SOCKET_STUBS);
}

function request(target: Target, agent: http.Agent, host: string, path: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: EngineError | undefined, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value);
    };
    const options: https.RequestOptions = {
      method: 'GET',
      path,
      agent,
      headers: { Accept: 'application/json' },
      ...targetOptions(target),
    };
    const send = target.kind === 'tcp' && target.tls ? https.request : http.request;
    const req = send(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish(new EngineError(`lost the Docker engine at ${host} during GET ${path}: ${oneLine(error)}`, host)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString('utf8');
        if (status >= 400) {
          const detail = engineMessage(body) || res.statusMessage || 'error';
          finish(new EngineError(`the Docker engine at ${host} answered GET ${path} with ${status}: ${oneLine(detail)}`, host, status));
          return;
        }
        try {
          finish(undefined, JSON.parse(body) as unknown);
        } catch {
          finish(new EngineError(`the Docker engine at ${host} answered GET ${path} with something that is not JSON`, host, status));
        }
      });
    });
    const timer = setTimeout(() => {
      finish(new EngineError(`the Docker engine at ${host} did not answer GET ${path} within ${timeoutMs} ms`, host));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish(new EngineError(`cannot reach the Docker engine at ${host}: ${oneLine(error)}`, host)));
    req.end();
  });
}

function streamRequest(target: Target, agent: http.Agent, host: string, path: string, timeoutMs: number): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const lost = (error: unknown) => new EngineError(`lost the Docker engine at ${host} during GET ${path}: ${oneLine(error)}`, host);
    let answered = false;
    const options: https.RequestOptions = { method: 'GET', path, agent, ...targetOptions(target) };
    const send = target.kind === 'tcp' && target.tls ? https.request : http.request;
    const req = send(options, (res) => {
      answered = true;
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      if (status >= 400) {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(lost(error)));
        res.on('end', () => {
          const detail = engineMessage(Buffer.concat(chunks).toString('utf8')) || res.statusMessage || 'error';
          reject(new EngineError(`the Docker engine at ${host} answered GET ${path} with ${status}: ${oneLine(detail)}`, host, status));
        });
        return;
      }
      // Resets the idle timer with each chunk that reaches the reader.
      let idle: NodeJS.Timeout | undefined;
      const body = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          watch();
          done(null, chunk);
        },
      });
      const watch = () => {
        clearTimeout(idle);
        idle = setTimeout(() => body.destroy(new EngineError(`the Docker engine at ${host} stopped sending GET ${path} for ${timeoutMs} ms`, host)), timeoutMs);
      };
      watch();
      body.on('close', () => {
        clearTimeout(idle);
        res.destroy();
      });
      res.on('error', (error) => body.destroy(lost(error)));
      res.on('aborted', () => body.destroy(lost('the connection closed early')));
      res.pipe(body);
      resolve(body);
    });
    const timer = setTimeout(() => {
      reject(new EngineError(`the Docker engine at ${host} did not answer GET ${path} within ${timeoutMs} ms`, host));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      if (!answered) reject(new EngineError(`cannot reach the Docker engine at ${host}: ${oneLine(error)}`, host));
    });
    req.end();
  });
}

function targetOptions(target: Target): https.RequestOptions {
  switch (target.kind) {
    case 'unix':
      return { socketPath: target.socketPath };
    case 'tcp':
      return { hostname: target.hostname, port: target.port, ...target.tls };
    case 'ssh':
      // The agent's connection ignores these; the Host header names the engine as the docker CLI does.
      return { hostname: 'docker', port: 80 };
  }
}

/** `connect ENOENT` for system errors (the socket path is already in the host), else the error's own message. */
function oneLine(error: unknown): string {
  if (error instanceof Error) {
    const { syscall, code } = error as NodeJS.ErrnoException;
    const text = syscall && code ? `${syscall} ${code}` : error.message || code || error.name;
    return text.replace(/\s*\n\s*/g, ' ');
  }
  return String(error).replace(/\s*\n\s*/g, ' ');
}

/** The engine reports errors as `{"message": "..."}`. */
function engineMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed) && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 200);
}

function unexpected(host: string, path: string): EngineError {
  return new EngineError(`the Docker engine at ${host} answered GET ${path} with an unexpected shape`, host);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainerSummary(value: unknown): value is ContainerSummary {
  return isRecord(value) && typeof value.Id === 'string' && Array.isArray(value.Names);
}

function listOf<T>(isItem: (value: unknown) => value is T): (value: unknown) => value is T[] {
  return (value): value is T[] => Array.isArray(value) && value.every(isItem);
}

function isImageSummary(value: unknown): value is ImageSummary {
  return isRecord(value) && typeof value.Id === 'string';
}

function isContainerInspect(value: unknown): value is ContainerInspect {
  return (
    isRecord(value) &&
    typeof value.Id === 'string' &&
    typeof value.Name === 'string' &&
    isRecord(value.Config) &&
    isRecord(value.HostConfig)
  );
}

import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CreateRequest, HostConfig } from '../../facts/create-request.js';

/**
 * A minimal, read-only Docker Engine API client: `unix://` sockets and
 * `tcp://host:port` (TLS when DOCKER_TLS_VERIFY or DOCKER_TLS is set, with the
 * certificates in DOCKER_CERT_PATH, as the docker CLI does). Every failure is
 * an EngineError whose message is one line naming the host.
 */

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';
const DEFAULT_TIMEOUT_MS = 10_000;

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

export interface EngineOptions {
  /** `unix:///path/docker.sock` or `tcp://host:port`. Default: DOCKER_HOST, then the standard socket. */
  host?: string;
  /** Upper bound for one request, from connecting to the last byte. */
  timeoutMs?: number;
  /** Where DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH are read. */
  env?: NodeJS.ProcessEnv;
}

/** One entry of `GET /containers/json`; only the fields hullcheck reads. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  State: string;
  Status: string;
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
}

export interface EngineClient {
  /** The engine address in use, as given or taken from DOCKER_HOST. */
  readonly host: string;
  /** GET an Engine API path (`/version`, `/containers/json?all=true`) and parse the JSON answer. */
  get(path: string): Promise<unknown>;
  listContainers(all?: boolean): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<ContainerInspect>;
}

type Target =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; hostname: string; port: number; tls?: https.RequestOptions };

export function createEngineClient(options: EngineOptions = {}): EngineClient {
  const env = options.env ?? process.env;
  const host = options.host || env.DOCKER_HOST || DEFAULT_DOCKER_HOST;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let target: Target | undefined;

  const get = (path: string): Promise<unknown> => {
    try {
      target ??= parseHost(host, env);
    } catch (error) {
      return Promise.reject(error);
    }
    return request(target, host, path, timeoutMs);
  };

  return {
    host,
    get,
    async listContainers(all = false) {
      const path = `/containers/json?all=${all}`;
      const answer = await get(path);
      if (!Array.isArray(answer) || !answer.every(isContainerSummary)) throw unexpected(host, path);
      return answer;
    },
    async inspectContainer(idOrName) {
      const path = `/containers/${encodeURIComponent(idOrName)}/json`;
      const answer = await get(path);
      if (!isContainerInspect(answer)) throw unexpected(host, path);
      return answer;
    },
  };
}

function parseHost(host: string, env: NodeJS.ProcessEnv): Target {
  const invalid = (why: string) => new EngineError(`invalid Docker host ${host}: ${why}`, host);
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath) throw invalid('no socket path');
    return { kind: 'unix', socketPath };
  }
  if (!host.startsWith('tcp://')) throw invalid('only unix:// and tcp:// hosts are supported');
  let url: URL;
  try {
    url = new URL(`http://${host.slice('tcp://'.length)}`);
  } catch {
    throw invalid('not host:port');
  }
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  const useTls = verify || Boolean(env.DOCKER_TLS);
  const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!useTls) return { kind: 'tcp', hostname, port };

  const certPath = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
  const read = (file: string): Buffer => {
    const path = join(certPath, file);
    try {
      return readFileSync(path);
    } catch (error) {
      throw new EngineError(`cannot read ${path} for TLS to the Docker engine at ${host}: ${oneLine(error)}`, host);
    }
  };
  const tls: https.RequestOptions = { cert: read('cert.pem'), key: read('key.pem'), rejectUnauthorized: verify };
  if (verify) tls.ca = read('ca.pem');
  return { kind: 'tcp', hostname, port, tls };
}

function request(target: Target, host: string, path: string, timeoutMs: number): Promise<unknown> {
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
      agent: false,
      headers: { Accept: 'application/json' },
      ...(target.kind === 'unix'
        ? { socketPath: target.socketPath }
        : { hostname: target.hostname, port: target.port, ...target.tls }),
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

function isContainerInspect(value: unknown): value is ContainerInspect {
  return (
    isRecord(value) &&
    typeof value.Id === 'string' &&
    typeof value.Name === 'string' &&
    isRecord(value.Config) &&
    isRecord(value.HostConfig)
  );
}

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Which engine to talk to, decided as the docker CLI decides it: `--host`,
 * then DOCKER_HOST, then the Docker context (DOCKER_CONTEXT, else the
 * config's `currentContext`), then the standard socket.
 */

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  /** Verify the engine's certificate against `ca`. */
  verify: boolean;
}

export interface Endpoint {
  host: string;
  /** Absent: plain TCP (or a unix socket / ssh, where TLS does not apply). */
  tls?: TlsFiles;
  /** How the host was chosen, for messages: `--host`, `DOCKER_HOST`, `context "prod"`, `default`. */
  source: string;
}

export interface EndpointOptions {
  host?: string;
  /** `--tls`, `--tlsverify`, `--tlscacert`, `--tlscert`, `--tlskey`, as the docker CLI names them. */
  tls?: boolean;
  tlsVerify?: boolean;
  tlsCaCert?: string;
  tlsCert?: string;
  tlsKey?: string;
  env?: NodeJS.ProcessEnv;
}

export class EndpointError extends Error {
  override readonly name = 'EndpointError';
}

export function resolveEndpoint(options: EndpointOptions = {}): Endpoint {
  const env = options.env ?? process.env;
  if (options.host) return withTls(options.host, '--host', options, env);
  if (env.DOCKER_HOST) return withTls(env.DOCKER_HOST, 'DOCKER_HOST', options, env);
  const context = contextEndpoint(env);
  if (context) return context;
  return { host: DEFAULT_DOCKER_HOST, source: 'default' };
}

/** TLS for tcp:// hosts from flags, else DOCKER_TLS_VERIFY / DOCKER_TLS with DOCKER_CERT_PATH, as the docker CLI does. */
function withTls(host: string, source: string, options: EndpointOptions, env: NodeJS.ProcessEnv): Endpoint {
  if (!host.startsWith('tcp://')) return { host, source };
  const flagged = options.tls || options.tlsVerify || options.tlsCaCert || options.tlsCert || options.tlsKey;
  const verify = Boolean(options.tlsVerify || (!flagged && env.DOCKER_TLS_VERIFY));
  const useTls = Boolean(flagged || verify || env.DOCKER_TLS);
  if (!useTls) return { host, source };
  const certPath = env.DOCKER_CERT_PATH || dockerConfigDir(env);
  return {
    host,
    source,
    tls: {
      verify,
      ca: options.tlsCaCert ?? join(certPath, 'ca.pem'),
      cert: options.tlsCert ?? join(certPath, 'cert.pem'),
      key: options.tlsKey ?? join(certPath, 'key.pem'),
    },
  };
}

function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

/** The endpoint of the current context, or undefined for the `default` context. */
function contextEndpoint(env: NodeJS.ProcessEnv): Endpoint | undefined {
  const configDir = dockerConfigDir(env);
  const name = env.DOCKER_CONTEXT || currentContext(configDir);
  if (!name || name === 'default') return undefined;
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const meta = readJson(metaFile);
  const docker = pick(pick(meta, 'Endpoints'), 'docker');
  const host = pick(docker, 'Host');
  if (typeof host !== 'string' || !host) {
    throw new EndpointError(`Docker context "${name}" has no engine address (looked in ${metaFile})`);
  }
  const source = `context "${name}"`;
  if (!host.startsWith('tcp://')) return { host, source };
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const verify = pick(docker, 'SkipTLSVerify') !== true;
  const files = { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') };
  const present = Object.fromEntries(Object.entries(files).filter(([, path]) => existsSync(path)));
  return Object.keys(present).length > 0 ? { host, source, tls: { verify, ...present } } : { host, source };
}

function currentContext(configDir: string): string | undefined {
  const value = pick(readJson(join(configDir, 'config.json'), true), 'currentContext');
  return typeof value === 'string' ? value : undefined;
}

function readJson(path: string, optional = false): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (optional) return undefined;
    throw new EndpointError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EndpointError(`${path} is not valid JSON`);
  }
}


function pick(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

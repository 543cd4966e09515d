import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type tls from 'node:tls';
import { createEngineClient, EngineError } from '../sources/engine/client.js';
import type { Endpoint } from '../sources/engine/endpoint.js';
import type { EngineLookup } from './types.js';
import { tcpDial, unixDial, UpstreamPool, type Exchange, type ExchangeHandlers } from './upstream-pool.js';

/**
 * The engine behind the proxy: `unix://` or `tcp://` (TLS as the docker CLI
 * sets it up, see resolveEndpoint). Forwarded requests share a pool of
 * kept-alive connections; the policy's lookups go through the read-only
 * engine client.
 */
export interface Upstream {
  readonly host: string;
  exchange(bytes: Buffer, options: { bodyless: boolean; complete: boolean; retry: boolean }, handlers: ExchangeHandlers): Exchange;
  readonly lookup: EngineLookup;
  close(): void;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

export function createUpstream(endpoint: Endpoint): Upstream {
  const { host } = endpoint;
  const target = targetOf(endpoint);
  // No limit on connections: attach, exec and `logs -f` hold theirs for as long as the client wants.
  const pool = new UpstreamPool('socketPath' in target ? unixDial(target.socketPath) : tcpDial(target.hostname, target.port, target.tls));
  const client = createEngineClient({ endpoint, maxConnections: 4, timeoutMs: 5_000 });

  const containerLabels = async (idOrName: string): Promise<Record<string, string> | undefined> => {
    const inspect = await missingAsUndefined(() => client.inspectContainer(idOrName));
    return inspect ? { ...(inspect.Config.Labels ?? {}) } : undefined;
  };

  return {
    host,
    exchange: (bytes, options, handlers) => pool.exchange(bytes, options, handlers),
    lookup: {
      containerLabels,
      async execContainerLabels(execId) {
        const exec = await missingAsUndefined(() => client.get(`/exec/${encodeURIComponent(execId)}/json`));
        const containerId = typeof exec === 'object' && exec !== null ? (exec as { ContainerID?: unknown }).ContainerID : undefined;
        return typeof containerId === 'string' && containerId ? containerLabels(containerId) : undefined;
      },
    },
    close() {
      pool.close();
      client.close();
    },
  };
}

async function missingAsUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EngineError && error.statusCode === 404) return undefined;
    throw error;
  }
}

type Target = { socketPath: string } | { hostname: string; port: number; tls?: tls.ConnectionOptions };

function targetOf(endpoint: Endpoint): Target {
  const { host } = endpoint;
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath) throw new UpstreamError(`invalid upstream ${host}: no socket path`);
    return { socketPath };
  }
  if (!host.startsWith('tcp://')) throw new UpstreamError(`invalid upstream ${host}: only unix:// and tcp:// engines can be proxied`);
  let url: URL;
  try {
    url = new URL(`http://${host.slice('tcp://'.length)}`);
  } catch {
    throw new UpstreamError(`invalid upstream ${host}: not tcp://host:port`);
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : endpoint.tls ? 2376 : 2375;
  if (!endpoint.tls) return { hostname, port };
  const read = (path: string | undefined): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UpstreamError(`cannot read ${path} for TLS to the upstream engine ${host}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  const options: tls.ConnectionOptions = { rejectUnauthorized: endpoint.tls.verify, ...(isIP(hostname) ? {} : { servername: hostname }) };
  const cert = read(endpoint.tls.cert);
  const key = read(endpoint.tls.key);
  const ca = endpoint.tls.verify ? read(endpoint.tls.ca) : undefined;
  if (cert) options.cert = cert;
  if (key) options.key = key;
  if (ca) options.ca = ca;
  return { hostname, port, tls: options };
}

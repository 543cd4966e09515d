import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createEngineClient, EngineError } from '../sources/engine/client.js';
import type { Endpoint } from '../sources/engine/endpoint.js';
import type { EngineLookup } from './types.js';

/**
 * The engine behind the proxy: `unix://` or `tcp://` (TLS as the docker CLI
 * sets it up, see resolveEndpoint). Forwarded requests share one kept-alive
 * agent; the policy's lookups go through the read-only engine client.
 */
export interface Upstream {
  readonly host: string;
  request(method: string, path: string, headers: http.OutgoingHttpHeaders): http.ClientRequest;
  readonly lookup: EngineLookup;
  close(): void;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

export function createUpstream(endpoint: Endpoint): Upstream {
  const { host } = endpoint;
  const target = targetOf(endpoint);
  // No limit on sockets: attach, exec and `logs -f` hold theirs for as long as the client wants.
  const agentOptions = { keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 64 };
  const agent = target.tls ? new https.Agent({ ...agentOptions, ...target.tls }) : new http.Agent(agentOptions);
  const send = target.tls ? https.request : http.request;
  const client = createEngineClient({ endpoint, maxConnections: 4, timeoutMs: 5_000 });

  const containerLabels = async (idOrName: string): Promise<Record<string, string> | undefined> => {
    const inspect = await missingAsUndefined(() => client.inspectContainer(idOrName));
    return inspect ? { ...(inspect.Config.Labels ?? {}) } : undefined;
  };

  return {
    host,
    request: (method, path, headers) => send({ ...target.connect, agent, method, path, headers, setHost: false }),
    lookup: {
      containerLabels,
      async execContainerLabels(execId) {
        const exec = await missingAsUndefined(() => client.get(`/exec/${encodeURIComponent(execId)}/json`));
        const containerId = typeof exec === 'object' && exec !== null ? (exec as { ContainerID?: unknown }).ContainerID : undefined;
        return typeof containerId === 'string' && containerId ? containerLabels(containerId) : undefined;
      },
    },
    close() {
      agent.destroy();
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

interface Target {
  connect: http.RequestOptions;
  tls?: https.AgentOptions;
}

function targetOf(endpoint: Endpoint): Target {
  const { host } = endpoint;
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath) throw new UpstreamError(`invalid upstream ${host}: no socket path`);
    return { connect: { socketPath } };
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
  if (!endpoint.tls) return { connect: { hostname, port } };
  const read = (path: string | undefined): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UpstreamError(`cannot read ${path} for TLS to the upstream engine ${host}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  const tls: https.AgentOptions = { rejectUnauthorized: endpoint.tls.verify };
  const cert = read(endpoint.tls.cert);
  const key = read(endpoint.tls.key);
  const ca = endpoint.tls.verify ? read(endpoint.tls.ca) : undefined;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  if (ca) tls.ca = ca;
  return { connect: { hostname, port }, tls };
}

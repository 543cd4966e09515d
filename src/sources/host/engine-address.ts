/** An engine address (`unix:///run/docker.sock`, `tcp://127.0.0.1:2375`, `fd://`) taken apart. */
export type EngineAddress =
  | { kind: 'unix'; path: string }
  | { kind: 'tcp'; hostname: string; port?: number }
  | { kind: 'fd' }
  | { kind: 'other'; scheme: string };

export function parseEngineAddress(address: string): EngineAddress {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase() ?? '';
  const rest = address.slice(scheme.length + 3);
  if (scheme === 'unix') return { kind: 'unix', path: rest };
  if (scheme === 'fd') return { kind: 'fd' };
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') return tcpAddress(rest);
  return { kind: 'other', scheme: scheme || address };
}

function tcpAddress(rest: string): EngineAddress {
  const hostPort = rest.split('/')[0] ?? '';
  const match = /^(?:\[([^\]]*)\]|([^:]*))(?::(\d+))?$/.exec(hostPort);
  const hostname = (match?.[1] ?? match?.[2] ?? hostPort).toLowerCase();
  const port = match?.[3] === undefined ? undefined : Number(match[3]);
  return port === undefined ? { kind: 'tcp', hostname } : { kind: 'tcp', hostname, port };
}

export type EngineLocality = { local: true } | { local: false; reason: string };

/**
 * Whether the engine runs on this machine, so its files, processes and kernel
 * can be read here: a unix socket or a loopback TCP address is local; anything
 * else is not, and the reason says why host checks were skipped.
 */
export function isLocalEngine(address: string): EngineLocality {
  const parsed = parseEngineAddress(address);
  if (parsed.kind === 'unix') return { local: true };
  if (parsed.kind === 'tcp' && isLoopback(parsed.hostname)) return { local: true };
  const where = parsed.kind === 'tcp' ? `runs on ${parsed.hostname}` : `is reached over ${schemeOf(parsed)}://`;
  return {
    local: false,
    reason: `the engine at ${address} ${where}, not on this machine: its daemon files, processes and kernel were not checked`,
  };
}

function schemeOf(address: EngineAddress): string {
  return address.kind === 'other' ? address.scheme : address.kind;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

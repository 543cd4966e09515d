import type { MountFact } from '../../facts/container.js';
import { RUNTIME_SOCKET_DIRECTORIES, RUNTIME_SOCKETS } from './data/runtime-sockets.js';
import { canonicalRunPath, classifyHostPath, hasHostSource } from './host-paths.js';
import { own } from '../helpers/own.js';

export interface SocketExposure {
  /** The host path as the rule shows it (normalized). */
  path: string;
  /** Runtime whose socket is mounted, when the mount is the socket itself. */
  runtime?: string;
}

/** Describes how a mount hands a container runtime's API socket to the container, if it does. */
export function runtimeSocketExposure(mount: MountFact): SocketExposure | undefined {
  if (!hasHostSource(mount)) return undefined;
  const host = classifyHostPath(mount.source);
  const name = lastSegment(host.path).toLowerCase();
  const runtime = own(RUNTIME_SOCKETS, name);
  if (runtime !== undefined) return { path: host.path, runtime };
  if (host.kind !== 'absolute') return undefined;
  const canonical = canonicalRunPath(host.path);
  return RUNTIME_SOCKET_DIRECTORIES.some((pattern) => pattern.test(canonical)) ? { path: host.path } : undefined;
}

function lastSegment(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return parts[parts.length - 1] ?? '';
}

import type { DaemonSettings } from '../../facts/host.js';
import { isLoopback, parseEngineAddress, type EngineAddress } from './engine-address.js';
import type { RootFs } from './root-fs.js';
import { findUnitFile, listenStreamPaths } from './systemd-units.js';

export interface DockerdCandidate {
  daemon: DaemonSettings;
}

/**
 * The dockerd serving the audited engine, among those running: the one listening
 * on the engine's address, else the one whose data root is the engine's
 * `DockerRootDir`, else the only one. `reason` says why none was chosen.
 */
export function findServingDockerd<T extends DockerdCandidate>(
  fs: RootFs,
  candidates: readonly T[],
  engine: string,
  dockerRootDir: string,
): { chosen: T } | { reason: string } {
  if (candidates.length === 0) {
    return {
      reason:
        'no dockerd process is visible in /proc: the engine runs in another PID namespace (hullcheck in a container ' +
        'with the socket mounted) or /proc hides other users\' processes, so this machine\'s files may not be the engine\'s',
    };
  }
  const address = parseEngineAddress(engine);
  const listening = candidates.filter((c) => servedAddresses(fs, c.daemon).some((h) => sameEndpoint(fs, address, h)));
  if (listening.length === 1) return { chosen: listening[0] as T };
  const pool = listening.length > 1 ? listening : candidates;
  const sameRoot = pool.filter((c) => samePath(fs, stringSetting(c.daemon, 'data-root'), dockerRootDir));
  if (sameRoot.length === 1) return { chosen: sameRoot[0] as T };
  if (candidates.length === 1) return { chosen: candidates[0] as T };
  return {
    reason: `${candidates.length} dockerd processes run and none can be told to serve ${engine} (by -H or by data root ${dockerRootDir})`,
  };
}

/** The addresses a dockerd listens on; `fd://` (systemd socket activation) stands for docker.socket's paths. */
export function servedAddresses(fs: RootFs, daemon: DaemonSettings): EngineAddress[] {
  const hosts = daemon.settings.get('hosts')?.value;
  const list = Array.isArray(hosts) ? hosts : typeof hosts === 'string' ? [hosts] : [];
  return list.flatMap((host) => {
    const parsed = parseEngineAddress(host);
    if (parsed.kind !== 'fd') return [parsed];
    const unit = findUnitFile(fs, 'docker.socket');
    return unit ? listenStreamPaths(fs, unit).map((path): EngineAddress => ({ kind: 'unix', path })) : [];
  });
}

function sameEndpoint(fs: RootFs, engine: EngineAddress, served: EngineAddress): boolean {
  if (engine.kind === 'unix' && served.kind === 'unix') return samePath(fs, engine.path, served.path);
  if (engine.kind !== 'tcp' || served.kind !== 'tcp' || engine.port !== served.port) return false;
  const anyAddress = ['', '0.0.0.0', '::'].includes(served.hostname);
  return anyAddress || served.hostname === engine.hostname || (isLoopback(served.hostname) && isLoopback(engine.hostname));
}

/** Same file, also through symbolic links: /var/run/docker.sock is /run/docker.sock on most machines. */
function samePath(fs: RootFs, a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return a === b || fs.realPath(a) === fs.realPath(b);
}

export function stringSetting(daemon: DaemonSettings, option: string): string | undefined {
  const value = daemon.settings.get(option)?.value;
  return typeof value === 'string' ? value : undefined;
}

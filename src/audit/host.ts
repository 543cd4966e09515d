import type { InputError } from '../facts/finding.js';
import type { EngineInfo, EngineVersion, HostFacts } from '../facts/host.js';
import { readDpkgPackages } from '../sources/host/dpkg.js';
import { readLocalHost } from '../sources/host/read-local-host.js';

export interface HostReadOptions {
  /** The root of the host's file system; tests point it at a fake tree. Default `/`. */
  root?: string;
  /** Environment the audit runs in (DOCKER_CONTENT_TRUST). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Skip reading host files and processes even for a local engine. */
  skip?: boolean;
}

/** HostFacts for the audited engine: engine facts always, daemon and host facts when the engine is local and readable. */
export async function readHostFacts(
  engine: string,
  version: EngineVersion,
  info: EngineInfo,
  options: HostReadOptions,
): Promise<{ facts: HostFacts; errors: InputError[] }> {
  const env = options.env ?? process.env;
  const at = { file: `engine:${engine}`, line: 0, column: 0 };
  const trust = env.DOCKER_CONTENT_TRUST;
  const engineOnly: HostFacts = {
    kind: 'host',
    engine,
    at,
    version,
    info,
    contentTrust: { value: trust === '1' || trust?.toLowerCase() === 'true', at: { ...at, path: 'env.DOCKER_CONTENT_TRUST' } },
  };
  if (options.skip) return { facts: { ...engineOnly, hostSkipped: 'host checks were turned off (--no-host-checks)' }, errors: [] };
  const reading = await readLocalHost({ engine, info, ...(options.root ? { root: options.root } : {}) });
  if (!reading.host) return { facts: { ...engineOnly, hostSkipped: reading.hostSkipped ?? 'the host could not be read' }, errors: reading.errors };
  const packages = await readDpkgPackages({ ...(options.root ? { root: options.root } : {}), kernelRelease: reading.host.kernel.release.value });
  return {
    facts: { ...engineOnly, ...(reading.daemon ? { daemon: reading.daemon } : {}), host: { ...reading.host, packages } },
    errors: reading.errors,
  };
}

import type { InputError } from '../facts/finding.js';
import type { EngineInfo, EngineVersion, HostFacts } from '../facts/host.js';

export interface HostReadOptions {
  /** The root of the host's file system; tests point it at a fake tree. Default `/`. */
  root?: string;
  /** Environment the audit runs in (DOCKER_CONTENT_TRUST). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Skip reading host files and processes even for a local engine. */
  skip?: boolean;
}

/** HostFacts for the audited engine: engine facts always, host facts when the engine is local and readable. */
export async function readHostFacts(
  engine: string,
  version: EngineVersion,
  info: EngineInfo,
  options: HostReadOptions,
): Promise<{ facts: HostFacts; errors: InputError[] }> {
  const env = options.env ?? process.env;
  const at = { file: `engine:${engine}`, line: 0, column: 0 };
  const trust = env.DOCKER_CONTENT_TRUST;
  const facts: HostFacts = {
    kind: 'host',
    engine,
    at,
    version,
    info,
    contentTrust: { value: trust === '1' || trust?.toLowerCase() === 'true', at: { ...at, path: 'env.DOCKER_CONTENT_TRUST' } },
    hostSkipped: options.skip ? 'host checks were turned off (--no-host)' : 'host checks are not built yet',
  };
  return { facts, errors: [] };
}

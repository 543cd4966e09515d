import type { EngineInfo, EngineVersion, HostFacts, KernelFacts, LocalHost } from '../../src/facts/host.js';
import type { Location } from '../../src/facts/location.js';

/** The engine every baseline fact belongs to, and where engine-level findings point. */
export const ENGINE = 'unix:///var/run/docker.sock';
export const ENGINE_AT: Location = { file: `engine:${ENGINE}`, line: 0, column: 0 };

/** A location on the engine, at an Engine API field: `engineAt('Version')`. */
export function engineAt(path: string): Location {
  return { ...ENGINE_AT, path };
}

/** A location in a host file: `hostFileAt('/etc/docker/daemon.json', 3)`. */
export function hostFileAt(file: string, line = 1, column = 1): Location {
  return { file, line, column };
}

export function kernelFacts(overrides: Partial<KernelFacts> = {}): KernelFacts {
  return {
    release: { value: '6.12.48', at: hostFileAt('/proc/sys/kernel/osrelease') },
    version: { value: '6.12.48', at: hostFileAt('/proc/version') },
    lsm: ['lockdown', 'capability', 'landlock', 'yama', 'apparmor'],
    apparmor: true,
    selinux: false,
    seccomp: true,
    ...overrides,
  };
}

export function localHost(overrides: Partial<LocalHost> = {}): LocalHost {
  return {
    files: [],
    dockerGroup: { value: [], at: hostFileAt('/etc/group') },
    audit: { running: true, watched: [], rulesAt: hostFileAt('/etc/audit/audit.rules') },
    dataRootMount: { value: { separate: true, mountPoint: '/var/lib/docker' }, at: hostFileAt('/proc/self/mountinfo') },
    kernel: kernelFacts(),
    packages: [],
    ...overrides,
  };
}

export interface HostFactsOverrides extends Partial<Omit<HostFacts, 'version' | 'info' | 'host'>> {
  version?: Partial<EngineVersion>;
  info?: Partial<EngineInfo>;
  /** Merged into the baseline host; `null` for an engine whose host was not read. */
  host?: Partial<LocalHost> | null;
}

/**
 * Complete HostFacts for a current, unremarkable local engine: a maintained
 * release, current runc, containerd and kernel, default security options.
 * Tests override what their case is about; `version`, `info` and `host` are
 * merged one level deep.
 */
export function hostFacts(overrides: HostFactsOverrides = {}): HostFacts {
  const { version, info, host, ...rest } = overrides;
  const facts: HostFacts = {
    kind: 'host',
    engine: ENGINE,
    at: ENGINE_AT,
    version: {
      engine: '29.5.2',
      apiVersion: '1.52',
      os: 'linux',
      kernel: '6.12.48',
      components: { containerd: '2.1.5', runc: '1.3.3', 'docker-init': '0.19.0' },
      ...version,
    },
    info: {
      name: 'host-1',
      dockerRootDir: '/var/lib/docker',
      securityOptions: [{ name: 'apparmor' }, { name: 'seccomp', profile: 'builtin' }, { name: 'cgroupns' }],
      liveRestore: true,
      experimental: false,
      loggingDriver: 'json-file',
      cgroupDriver: 'systemd',
      authorizationPlugins: [],
      insecureRegistries: [],
      containers: 0,
      images: 0,
      ...info,
    },
    daemon: { settings: new Map() },
    contentTrust: { value: true, at: { file: 'environment', line: 0, column: 0, path: 'DOCKER_CONTENT_TRUST' } },
    ...rest,
  };
  if (host !== null) facts.host = localHost(host);
  else facts.hostSkipped = 'the engine is remote';
  return facts;
}

import type { DaemonSettings, DaemonValue, EngineInfo, HostFacts, HostFile, HostFileRole, KernelFacts, LocalHost } from '../../src/facts/host.js';
import type { Location } from '../../src/facts/location.js';
import { type HostFactsOverrides, hostFacts, kernelFacts } from './host-facts.js';

/**
 * A safe Docker host for the daemon and host rules: every daemon setting,
 * file owner and mode, audit watch and kernel module the CIS sections 1-3
 * ask for is in place, so a test changes one thing and expects one finding.
 * Built on `hostFacts` (a current, patched engine).
 */

export const DAEMON_JSON = '/etc/docker/daemon.json';
export const DOCKERD_PID = 1234;
export const DOCKERD_CMDLINE = `/proc/${DOCKERD_PID}/cmdline`;

export const SAFE_SETTINGS: Readonly<Record<string, DaemonValue>> = {
  hosts: ['fd://'],
  icc: false,
  'userns-remap': 'default',
  'live-restore': true,
  'userland-proxy': false,
  'no-new-privileges': true,
  'log-level': 'info',
  'default-ulimits': { nofile: { Name: 'nofile', Soft: 65536, Hard: 65536 } },
  'authorization-plugins': ['opa-docker-authz'],
};

/** Docker always lists the loopback ranges as insecure registries. */
export const BUILT_IN_INSECURE_REGISTRIES = ['127.0.0.0/8', '::1/128'];

export const SAFE_INFO: Partial<EngineInfo> = {
  securityOptions: [{ name: 'apparmor' }, { name: 'seccomp', profile: 'builtin' }, { name: 'userns' }, { name: 'cgroupns' }],
  liveRestore: true,
  experimental: false,
  authorizationPlugins: ['opa-docker-authz'],
  insecureRegistries: BUILT_IN_INSECURE_REGISTRIES,
};

/** Where a fact read from a host file points: the file, no line. */
export function fileAt(path: string): Location {
  return { file: path, line: 0, column: 0 };
}

function rootFile(role: HostFileRole, path: string, mode: number, type: HostFile['type'] = 'file'): HostFile {
  return { role, path, type, uid: 0, gid: 0, user: 'root', group: 'root', mode, at: fileAt(path) };
}

export const DOCKER_GID = 998;

export function safeFiles(): HostFile[] {
  return [
    rootFile('docker.service', '/lib/systemd/system/docker.service', 0o644),
    rootFile('docker.socket-unit', '/lib/systemd/system/docker.socket', 0o644),
    { ...rootFile('docker.sock', '/var/run/docker.sock', 0o660, 'socket'), gid: DOCKER_GID, group: 'docker' },
    rootFile('containerd.sock', '/run/containerd/containerd.sock', 0o660, 'socket'),
    rootFile('etc-docker', '/etc/docker', 0o755, 'directory'),
    rootFile('daemon.json', DAEMON_JSON, 0o644),
    rootFile('certs.d', '/etc/docker/certs.d', 0o755, 'directory'),
    rootFile('registry-cert', '/etc/docker/certs.d/registry.example.com:5000/ca.crt', 0o444),
    rootFile('tls-ca', '/etc/docker/tls/ca.pem', 0o444),
    rootFile('tls-cert', '/etc/docker/tls/server-cert.pem', 0o444),
    rootFile('tls-key', '/etc/docker/tls/server-key.pem', 0o400),
    rootFile('data-root', '/var/lib/docker', 0o710, 'directory'),
    rootFile('etc-default-docker', '/etc/default/docker', 0o644),
    { role: 'etc-sysconfig-docker', path: '/etc/sysconfig/docker', type: 'missing', at: fileAt('/etc/sysconfig/docker') },
  ];
}

export const SAFE_WATCHES = [
  '/usr/bin/dockerd',
  '/var/lib/docker',
  '/etc/docker',
  '/etc/default/docker',
  '/lib/systemd/system/docker.service',
  '/lib/systemd/system/docker.socket',
  '/var/run/docker.sock',
  '/run/containerd',
];

function settingAt(name: string, index: number, from: 'config' | 'flag'): Location {
  return from === 'config' ? { file: DAEMON_JSON, line: index + 2, column: 3 } : { file: DOCKERD_CMDLINE, line: 0, column: 0, path: `--${name}` };
}

/** DaemonSettings with one setting per key, at line i+2 of daemon.json (or at the flag on dockerd's command line). */
export function daemonSettingsFrom(record: Record<string, DaemonValue>, from: 'config' | 'flag' = 'config'): DaemonSettings {
  const settings = new Map(Object.entries(record).map(([name, value], i) => [name, { value, from, at: settingAt(name, i, from) }] as const));
  return {
    settings,
    process: { pid: DOCKERD_PID, argv: ['/usr/bin/dockerd', '--containerd=/run/containerd/containerd.sock'], at: fileAt(DOCKERD_CMDLINE) },
    ...(from === 'config' ? { configFile: DAEMON_JSON } : {}),
  };
}

export interface SafeHostOverrides extends HostFactsOverrides {
  /** Settings changed on top of the safe ones; `undefined` removes one. Ignored when `daemon` is given. */
  settings?: Record<string, DaemonValue | undefined>;
  settingsFrom?: 'config' | 'flag';
  /** Changes to the safe file of a role; `null` removes the file. */
  files?: Partial<Record<HostFileRole, Partial<HostFile> | null>>;
  kernel?: Partial<KernelFacts>;
  audit?: Partial<LocalHost['audit']>;
}

function withoutUndefined(record: Record<string, DaemonValue | undefined>): Record<string, DaemonValue> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, DaemonValue] => entry[1] !== undefined));
}

function changedFiles(changes: SafeHostOverrides['files'] = {}): HostFile[] {
  return safeFiles().flatMap((file) => {
    const change = changes[file.role];
    if (change === null) return [];
    return [{ ...file, ...change }];
  });
}

export function safeHostFacts(overrides: SafeHostOverrides = {}): HostFacts {
  const { settings, settingsFrom, files, kernel, audit, host, info, ...rest } = overrides;
  const daemon = 'daemon' in overrides ? overrides.daemon : daemonSettingsFrom(withoutUndefined({ ...SAFE_SETTINGS, ...settings }), settingsFrom);
  const safeHost: Partial<LocalHost> = {
    files: changedFiles(files),
    audit: { running: true, watched: SAFE_WATCHES, rulesAt: fileAt('/etc/audit/audit.rules'), ...audit },
    kernel: kernelFacts(kernel),
    ...host,
  };
  return hostFacts({ ...rest, daemon, info: { ...SAFE_INFO, ...info }, host: host === null ? null : safeHost });
}

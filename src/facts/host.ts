import type { Located, Location } from './location.js';

/**
 * What `hullcheck audit` learns about a Docker engine and the machine it runs
 * on. Engine facts come from the API and are always there; host facts (files,
 * processes, kernel, packages) only when the engine is local, otherwise
 * `hostSkipped` says why. Host rules read HostFacts only.
 */
export interface HostFacts {
  kind: 'host';
  /** The engine address audited: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  engine: string;
  /** Where engine-level findings point: `engine:<address>`. */
  at: Location;
  version: EngineVersion;
  info: EngineInfo;
  /** Effective daemon settings: daemon.json overlaid by dockerd's command line. Absent when the host was not read. */
  daemon?: DaemonSettings;
  /** Present only when the engine is local and the host could be read. */
  host?: LocalHost;
  /** Why host-side checks did not run (a remote engine, no dockerd process visible). */
  hostSkipped?: string;
  /** `DOCKER_CONTENT_TRUST` in the auditing environment. */
  contentTrust: Located<boolean>;
}

/** `GET /version`. */
export interface EngineVersion {
  /** Engine version as reported: `20.10.24`, `26.1.5+dfsg1`. */
  engine: string;
  apiVersion: string;
  os: string;
  kernel: string;
  /** Component versions the engine reports, by lower-case name: `containerd`, `runc`, `docker-init`. */
  components: Record<string, string>;
}

/** The parts of `GET /info` the rules read. */
export interface EngineInfo {
  name: string;
  dockerRootDir: string;
  /** `SecurityOptions`, parsed: `name=seccomp,profile=builtin` becomes `{ name: 'seccomp', profile: 'builtin' }`. */
  securityOptions: Array<Record<string, string>>;
  liveRestore: boolean;
  experimental: boolean;
  loggingDriver: string;
  cgroupDriver: string;
  authorizationPlugins: string[];
  /** Registries the engine reaches over plain HTTP or without certificate checks, CIDRs included. */
  insecureRegistries: string[];
  containers: number;
  images: number;
}

/** A value the daemon runs with, and where it was set. */
export interface DaemonSetting {
  value: DaemonValue;
  at: Location;
  /** Where it came from: `config` is daemon.json, `flag` the dockerd command line. */
  from: 'config' | 'flag';
  /**
   * Where each item of a list (by index: `'0'`) or entry of a map (by key) was
   * set, so a finding about one `-H` or one insecure registry points at it.
   */
  itemAt?: Readonly<Record<string, Location>>;
  /** The daemon.json value a command-line flag overrode. */
  overridden?: { value: DaemonValue; at: Location };
}

export type DaemonValue = string | number | boolean | string[] | { [key: string]: DaemonValue };

/**
 * Keyed by daemon.json option names (`icc`, `hosts`, `userns-remap`,
 * `insecure-registries`, `default-ulimits`, `log-level`); command-line flags
 * are stored under the option they set and win over the file, as dockerd
 * itself refuses a conflict and otherwise applies both.
 */
export interface DaemonSettings {
  settings: ReadonlyMap<string, DaemonSetting>;
  /** The dockerd process the settings were read from. */
  process?: { pid: number; argv: string[]; at: Location };
  /** The daemon.json that was read, when there is one. */
  configFile?: string;
}

export interface LocalHost {
  /** Docker-related paths with their owner and mode. */
  files: HostFile[];
  /** Members of the docker group (from /etc/group), who can all act as root through the socket. */
  dockerGroup?: Located<string[]>;
  /** auditd: whether it runs, and the paths its loaded rules watch. */
  audit: { running: boolean; watched: string[]; rulesAt: Location };
  /** Whether the data root (`DockerRootDir`) is its own mount point. */
  dataRootMount: Located<{ separate: boolean; mountPoint: string }>;
  kernel: KernelFacts;
  /** Packages that provide the engine, runc, containerd and the kernel, when a package manager knows them. */
  packages: InstalledPackage[];
}

export interface HostFile {
  /** What the file is to Docker, so rules need not know paths: `docker.socket`, `daemon.json`, `docker.service`. */
  role: HostFileRole;
  path: string;
  /**
   * The path with symbolic links resolved, when it differs (`/var/run/docker.sock`
   * is `/run/docker.sock` where /var/run links to /run): a bind mount of either
   * parent directory exposes the file.
   */
  realPath?: string;
  /** `file`, `directory`, `socket`, or `missing`. */
  type: 'file' | 'directory' | 'socket' | 'other' | 'missing';
  uid?: number;
  gid?: number;
  user?: string;
  group?: string;
  /** Permission bits, e.g. 0o660. */
  mode?: number;
  at: Location;
}

export type HostFileRole =
  | 'docker.service'
  | 'docker.socket-unit'
  | 'docker.sock'
  | 'containerd.sock'
  | 'daemon.json'
  | 'etc-docker'
  | 'certs.d'
  | 'registry-cert'
  | 'tls-ca'
  | 'tls-cert'
  | 'tls-key'
  | 'data-root'
  | 'etc-default-docker'
  | 'etc-sysconfig-docker';

export interface KernelFacts {
  /** `uname -r`: `6.1.0-18-amd64`. */
  release: Located<string>;
  /**
   * The upstream version the kernel is built from, `6.1.76`: the distribution's
   * version in /proc/version when it names one (Debian, Ubuntu), else the release.
   */
  version: Located<string>;
  /** Linux security modules that are active, from /sys/kernel/security/lsm. */
  lsm: string[];
  apparmor: boolean;
  selinux: boolean;
  seccomp: boolean;
}

export interface InstalledPackage {
  /** `docker.io`, `runc`, `containerd`, `linux-image-6.1.0-18-amd64`. */
  name: string;
  version: string;
  /** Which upstream component the package provides. */
  component: 'engine' | 'runc' | 'containerd' | 'kernel';
  manager: 'dpkg';
  /**
   * CVE ids the package's Debian changelog mentions: a distribution backports
   * fixes without changing the upstream version, so this decides whether a
   * CVE still applies. Absent when there is no changelog to read.
   */
  changelogCves?: ReadonlySet<string>;
  at: Location;
}

import type { CreateRequest } from './create-request.js';
import type { Located, Location } from './location.js';

/** Which kind of input described the container. */
export type ContainerOrigin = 'compose' | 'run' | 'inspect' | 'api';

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface MountFact {
  type: MountType;
  /** Host path for binds, volume name for volumes, empty for tmpfs. */
  source: string;
  target: string;
  readOnly: boolean;
  /** Bind propagation (`shared`, `rslave`...) when set; Docker's default is `rprivate`. */
  propagation?: string;
}

export interface PortFact {
  containerPort: string;
  protocol: string;
  /** Empty when the port is bound on every interface. */
  hostIp: string;
  hostPort: string;
}

export interface DeviceFact {
  pathOnHost: string;
  pathInContainer: string;
  permissions: string;
}

export interface SecurityOptFact {
  /** Lower-cased option name: `seccomp`, `apparmor`, `label`, `no-new-privileges`, `systempaths`. */
  key: string;
  /** Option value; `true` for a bare `no-new-privileges`. */
  value: string;
  raw: string;
}

export interface EnvFact {
  name: string;
  /** Undefined when the value is passed through from the host environment. */
  value?: string;
}

export type NamespaceKind = 'pid' | 'ipc' | 'network' | 'uts' | 'userns' | 'cgroup';

export interface HealthcheckFact {
  disabled: boolean;
}

export interface RestartFact {
  name: string;
  maximumRetryCount: number;
}

/**
 * Everything the container rules may know about one container, each fact with
 * the place that set it. Absent optional facts mean "not set", which is the
 * Docker default for that setting.
 */
export interface ContainerFacts {
  kind: 'container';
  origin: ContainerOrigin;
  /** Service name, container name, or a label for a run line. */
  name: string;
  /** Where the container as a whole is defined (service key, command start). */
  at: Location;
  /** The create body the facts were derived from, for `harden` and reports. */
  request: CreateRequest;
  image?: Located<string>;
  /** True when Compose builds the image from a Dockerfile. */
  builtLocally: boolean;
  user?: Located<string>;
  privileged?: Located<boolean>;
  /** Upper case, without the `CAP_` prefix. */
  capAdd: Located<string>[];
  capDrop: Located<string>[];
  securityOpts: Located<SecurityOptFact>[];
  namespaces: Partial<Record<NamespaceKind, Located<string>>>;
  mounts: Located<MountFact>[];
  volumesFrom: Located<string>[];
  devices: Located<DeviceFact>[];
  deviceCgroupRules: Located<string>[];
  readOnlyRootfs?: Located<boolean>;
  tmpfs: Located<string>[];
  /** Bytes; 0 means unlimited. */
  memory?: Located<number>;
  /** CPUs as a fraction (from NanoCpus or CpuQuota/CpuPeriod). */
  cpus?: Located<number>;
  cpuShares?: Located<number>;
  /** 0 or negative means unlimited. */
  pidsLimit?: Located<number>;
  ports: Located<PortFact>[];
  publishAll?: Located<boolean>;
  restart?: Located<RestartFact>;
  env: Located<EnvFact>[];
  sysctls: Located<{ name: string; value: string }>[];
  healthcheck?: Located<HealthcheckFact>;
}

/** Answers where a create-body field (dot path, e.g. `HostConfig.CapAdd.2`) was set. */
export type FieldLocator = (path: string) => Location;

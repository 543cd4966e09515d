/**
 * The part of the Engine API `POST /containers/create` body that decides how a
 * container is isolated. Compose services and `docker run` flags are turned
 * into this shape first, the same way Docker itself does, so that every
 * container source meets the rules through one model.
 *
 * Field names and units follow the Engine API (bytes, nano-CPUs, strings for
 * ports), so live objects from `docker inspect` fit without translation.
 */
export interface CreateRequest {
  Image?: string;
  User?: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  ExposedPorts?: Record<string, Record<string, never>>;
  Healthcheck?: HealthConfig;
  Labels?: Record<string, string>;
  HostConfig?: HostConfig;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

export interface HostConfig {
  Privileged?: boolean;
  CapAdd?: string[];
  CapDrop?: string[];
  SecurityOpt?: string[];
  PidMode?: string;
  IpcMode?: string;
  NetworkMode?: string;
  UTSMode?: string;
  UsernsMode?: string;
  CgroupnsMode?: string;
  ReadonlyRootfs?: boolean;
  Tmpfs?: Record<string, string>;
  Memory?: number;
  MemorySwap?: number;
  MemoryReservation?: number;
  NanoCpus?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  PidsLimit?: number | null;
  Binds?: string[];
  Mounts?: MountSpec[];
  VolumesFrom?: string[];
  PortBindings?: Record<string, PortBinding[]>;
  PublishAllPorts?: boolean;
  Devices?: DeviceMapping[];
  DeviceCgroupRules?: string[];
  Sysctls?: Record<string, string>;
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
}

export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string };
}

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer?: string;
  CgroupPermissions?: string;
}

import { foldKey, StrictJsonError } from './strict-json.js';

/**
 * The field names the engine's decoder knows, so that a key the engine would
 * read as a field (case-insensitively) is only accepted in its canonical
 * spelling. Taken from the Engine API types (container.Config, HostConfig
 * with its embedded Resources, NetworkingConfig, mount.Mount, ...).
 *
 * - struct: Go struct; keys must be spelled as listed. `unknown: 'reject'`
 *   refuses keys it does not list (fields the proxy cannot judge).
 * - map: Go map; keys are data (label names, sysctls), compared exactly.
 * - list: JSON array of one shape.
 * - any: a value the proxy does not describe; objects inside it must still
 *   not hold two keys of one fold class, which a struct would merge.
 */
export type Shape =
  | { kind: 'struct'; fields: Readonly<Record<string, Shape>>; unknown: 'reject' | 'ignore' }
  | { kind: 'map'; values: Shape }
  | { kind: 'list'; items: Shape }
  | { kind: 'any' };

export const ANY: Shape = { kind: 'any' };
const map = (values: Shape = ANY): Shape => ({ kind: 'map', values });
const list = (items: Shape = ANY): Shape => ({ kind: 'list', items });
const struct = (fields: Record<string, Shape> | readonly string[], unknown: 'reject' | 'ignore' = 'ignore'): Shape => ({
  kind: 'struct',
  fields: Array.isArray(fields) ? Object.fromEntries(fields.map((f: string) => [f, ANY])) : (fields as Record<string, Shape>),
  unknown,
});

const HEALTHCHECK = struct(['Test', 'Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries']);

export const CONTAINER_CONFIG_FIELDS: Readonly<Record<string, Shape>> = {
  Hostname: ANY, Domainname: ANY, User: ANY, AttachStdin: ANY, AttachStdout: ANY, AttachStderr: ANY,
  ExposedPorts: map(), Tty: ANY, OpenStdin: ANY, StdinOnce: ANY, Env: list(), Cmd: ANY, Healthcheck: HEALTHCHECK,
  ArgsEscaped: ANY, Image: ANY, Volumes: map(), WorkingDir: ANY, Entrypoint: ANY, NetworkDisabled: ANY,
  MacAddress: ANY, OnBuild: list(), Labels: map(), StopSignal: ANY, StopTimeout: ANY, Shell: list(),
};

const MOUNT = struct({
  Type: ANY, Source: ANY, Target: ANY, ReadOnly: ANY, Consistency: ANY,
  BindOptions: struct(['Propagation', 'NonRecursive', 'CreateMountpoint', 'ReadOnlyNonRecursive', 'ReadOnlyForceRecursive']),
  VolumeOptions: struct({ NoCopy: ANY, Labels: map(), DriverConfig: struct({ Name: ANY, Options: map() }), Subpath: ANY }),
  TmpfsOptions: struct(['SizeBytes', 'Mode', 'Options']),
  ImageOptions: struct(['Subpath']),
  ClusterOptions: ANY,
}, 'reject');

const THROTTLE_DEVICE = list(struct(['Path', 'Rate']));

/** The fields of HostConfig and of the Resources struct embedded in it. */
export const HOST_CONFIG_FIELDS: Readonly<Record<string, Shape>> = {
  Binds: list(), ContainerIDFile: ANY, LogConfig: struct({ Type: ANY, Config: map() }), NetworkMode: ANY,
  PortBindings: map(list(struct(['HostIp', 'HostPort']))), RestartPolicy: struct(['Name', 'MaximumRetryCount']),
  AutoRemove: ANY, VolumeDriver: ANY, VolumesFrom: list(), ConsoleSize: ANY, Annotations: map(),
  CapAdd: list(), CapDrop: list(), CgroupnsMode: ANY, Dns: list(), DnsOptions: list(), DnsSearch: list(),
  ExtraHosts: list(), GroupAdd: list(), IpcMode: ANY, Cgroup: ANY, Links: list(), OomScoreAdj: ANY, PidMode: ANY,
  Privileged: ANY, PublishAllPorts: ANY, ReadonlyRootfs: ANY, SecurityOpt: list(), StorageOpt: map(), Tmpfs: map(),
  UTSMode: ANY, UsernsMode: ANY, ShmSize: ANY, Sysctls: map(), Runtime: ANY, Isolation: ANY,
  CpuShares: ANY, Memory: ANY, NanoCpus: ANY, CgroupParent: ANY, BlkioWeight: ANY,
  BlkioWeightDevice: list(struct(['Path', 'Weight'])), BlkioDeviceReadBps: THROTTLE_DEVICE, BlkioDeviceWriteBps: THROTTLE_DEVICE,
  BlkioDeviceReadIOps: THROTTLE_DEVICE, BlkioDeviceWriteIOps: THROTTLE_DEVICE, CpuPeriod: ANY, CpuQuota: ANY,
  CpuRealtimePeriod: ANY, CpuRealtimeRuntime: ANY, CpusetCpus: ANY, CpusetMems: ANY,
  Devices: list(struct(['PathOnHost', 'PathInContainer', 'CgroupPermissions'], 'reject')), DeviceCgroupRules: list(),
  DeviceRequests: list(struct({ Driver: ANY, Count: ANY, DeviceIDs: list(), Capabilities: list(), Options: map() })),
  KernelMemory: ANY, KernelMemoryTCP: ANY, MemoryReservation: ANY, MemorySwap: ANY, MemorySwappiness: ANY,
  OomKillDisable: ANY, PidsLimit: ANY, Ulimits: list(struct(['Name', 'Soft', 'Hard'])), CpuCount: ANY, CpuPercent: ANY,
  IOMaximumIOps: ANY, IOMaximumBandwidth: ANY, Mounts: list(MOUNT), MaskedPaths: list(), ReadonlyPaths: list(), Init: ANY,
};

const ENDPOINT_SETTINGS = struct({
  IPAMConfig: struct(['IPv4Address', 'IPv6Address', 'LinkLocalIPs']), Links: list(), Aliases: list(), DriverOpts: map(),
  MacAddress: ANY, NetworkID: ANY, EndpointID: ANY, Gateway: ANY, IPAddress: ANY, IPPrefixLen: ANY, IPv6Gateway: ANY,
  GlobalIPv6Address: ANY, GlobalIPv6PrefixLen: ANY, DNSNames: list(), GwPriority: ANY,
});

export const HOST_CONFIG_SHAPE: Shape = struct(HOST_CONFIG_FIELDS as Record<string, Shape>, 'reject');

/** `POST /containers/create`: Config fields at the top, with HostConfig and NetworkingConfig. */
export const CREATE_BODY_SHAPE: Shape = struct(
  {
    ...CONTAINER_CONFIG_FIELDS,
    HostConfig: HOST_CONFIG_SHAPE,
    NetworkingConfig: struct({ EndpointsConfig: map(ENDPOINT_SETTINGS) }, 'reject'),
  },
  'reject',
);

/** `POST /containers/{id}/update`: the Resources fields plus RestartPolicy. */
export const UPDATE_BODY_SHAPE: Shape = struct(
  Object.fromEntries(
    [
      'CpuShares', 'Memory', 'NanoCpus', 'CgroupParent', 'BlkioWeight', 'BlkioWeightDevice', 'BlkioDeviceReadBps',
      'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps', 'BlkioDeviceWriteIOps', 'CpuPeriod', 'CpuQuota', 'CpuRealtimePeriod',
      'CpuRealtimeRuntime', 'CpusetCpus', 'CpusetMems', 'Devices', 'DeviceCgroupRules', 'DeviceRequests', 'KernelMemory',
      'KernelMemoryTCP', 'MemoryReservation', 'MemorySwap', 'MemorySwappiness', 'OomKillDisable', 'PidsLimit', 'Ulimits',
      'CpuCount', 'CpuPercent', 'IOMaximumIOps', 'IOMaximumBandwidth', 'RestartPolicy',
    ].map((f) => [f, HOST_CONFIG_FIELDS[f] ?? ANY]),
  ),
  'reject',
);

/** `POST /containers/{id}/exec`. */
export const EXEC_BODY_SHAPE: Shape = struct(
  ['AttachStdin', 'AttachStdout', 'AttachStderr', 'ConsoleSize', 'Detach', 'DetachKeys', 'Tty', 'Env', 'Cmd', 'Privileged', 'User', 'WorkingDir'],
  'reject',
);

/** `POST /volumes/create`. */
export const VOLUME_CREATE_SHAPE: Shape = struct({ Name: ANY, Driver: ANY, DriverOpts: map(), Labels: map(), ClusterVolumeSpec: ANY }, 'reject');

/** The container spec inside `POST /services/create` (TaskTemplate.ContainerSpec). */
const SERVICE_CONTAINER_SPEC = struct({
  Image: ANY, Labels: map(), Command: list(), Args: list(), Hostname: ANY, Env: list(), Dir: ANY, User: ANY, Groups: list(),
  Privileges: ANY, TTY: ANY, OpenStdin: ANY, ReadOnly: ANY, Mounts: list(MOUNT), StopSignal: ANY, StopGracePeriod: ANY,
  HealthCheck: HEALTHCHECK, Hosts: list(), DNSConfig: ANY, Secrets: list(), Configs: list(), Isolation: ANY, Init: ANY,
  Sysctls: map(), CapabilityAdd: list(), CapabilityDrop: list(), Ulimits: list(), OomScoreAdj: ANY,
}, 'reject');

export const SERVICE_SPEC_SHAPE: Shape = struct({
  Name: ANY, Labels: map(), Mode: ANY, UpdateConfig: ANY, RollbackConfig: ANY, Networks: ANY, EndpointSpec: ANY,
  TaskTemplate: struct({
    ContainerSpec: SERVICE_CONTAINER_SPEC, PluginSpec: ANY, NetworkAttachmentSpec: ANY, Resources: ANY,
    RestartPolicy: ANY, Placement: ANY, Networks: ANY, LogDriver: ANY, ForceUpdate: ANY, Runtime: ANY,
  }, 'reject'),
}, 'reject');

/**
 * Throws StrictJsonError when `value` does not fit `shape`: a key spelled
 * differently from its field, two keys of one fold class, or an unknown field
 * where unknown fields are refused. The error names the JSON path.
 */
export function checkShape(value: unknown, shape: Shape, path = ''): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = shape.kind === 'list' ? shape.items : shape.kind === 'any' ? ANY : undefined;
    if (items) value.forEach((item, i) => checkShape(item, items, `${path}[${i}]`));
    return;
  }
  if (shape.kind === 'list') return;
  const record = value as Record<string, unknown>;
  if (shape.kind === 'map') {
    for (const key of Object.keys(record)) descend(record[key], shape.values, path, key);
    return;
  }
  const canonical = shape.kind === 'struct' ? canonicalNames(shape.fields) : undefined;
  const seen = new Map<string, string>();
  for (const key of Object.keys(record)) {
    const folded = foldKey(key);
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new StrictJsonError(`keys ${JSON.stringify(earlier)} and ${JSON.stringify(key)} name the same field ${join(path, key)}`, join(path, key));
    }
    seen.set(folded, key);
    if (shape.kind === 'any' || !canonical) {
      descend(record[key], ANY, path, key);
      continue;
    }
    const field = canonical.get(folded);
    if (field === undefined) {
      if (shape.unknown === 'reject') throw new StrictJsonError(`unknown field ${join(path, key)}`, join(path, key));
      descend(record[key], ANY, path, key);
    } else if (field !== key) {
      throw new StrictJsonError(`field ${join(path, key)} must be spelled ${join(path, field)}`, join(path, key));
    } else {
      descend(record[key], shape.fields[field] ?? ANY, path, key);
    }
  }
}

/** Checks a member; its path is only built when there is something below it to check. */
function descend(value: unknown, shape: Shape, path: string, key: string): void {
  if (value !== null && typeof value === 'object') checkShape(value, shape, join(path, key));
}

const canonicalCache = new WeakMap<object, Map<string, string>>();

function canonicalNames(fields: Readonly<Record<string, Shape>>): Map<string, string> {
  let names = canonicalCache.get(fields);
  if (!names) {
    names = new Map(Object.keys(fields).map((f) => [foldKey(f), f]));
    canonicalCache.set(fields, names);
  }
  return names;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** Parses nothing: checks an already strictly parsed body is a JSON object of the given shape. */
export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new StrictJsonError(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

import type { ContainerFacts } from '../../facts/container.js';
import { containerFactsFromRequest } from '../../facts/container-from-request.js';
import type { CreateRequest, HostConfig } from '../../facts/create-request.js';
import type { Location } from '../../facts/location.js';
import type { ContainerInspect, Nullable } from './client.js';

type ConfigFields = Omit<CreateRequest, 'HostConfig'>;

const CONFIG_FIELDS = [
  'Image', 'User', 'Env', 'Cmd', 'Entrypoint', 'ExposedPorts', 'Healthcheck', 'Labels',
] as const satisfies readonly (keyof ConfigFields)[];

const HOST_CONFIG_FIELDS = [
  'Privileged', 'CapAdd', 'CapDrop', 'SecurityOpt',
  'PidMode', 'IpcMode', 'NetworkMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode',
  'ReadonlyRootfs', 'Tmpfs',
  'Memory', 'MemorySwap', 'MemoryReservation', 'NanoCpus', 'CpuQuota', 'CpuPeriod', 'CpuShares', 'CpusetCpus', 'PidsLimit',
  'Binds', 'Mounts', 'VolumesFrom', 'PortBindings', 'PublishAllPorts',
  'Devices', 'DeviceCgroupRules', 'Sysctls', 'Ulimits', 'RestartPolicy',
] as const satisfies readonly (keyof HostConfig)[];

// Fails to compile when a field is added to the create model but not copied here.
type Uncopied =
  | Exclude<keyof ConfigFields, (typeof CONFIG_FIELDS)[number]>
  | Exclude<keyof HostConfig, (typeof HOST_CONFIG_FIELDS)[number]>;
const everyFieldCopied: [Uncopied] extends [never] ? true : Uncopied = true;
void everyFieldCopied;

/**
 * The create body an inspected container amounts to: the inspect's `Config`
 * fields at the top level, its `HostConfig` as is. Values are kept as the
 * engine resolved them (a plain container has `Privileged: false`,
 * `Memory: 0`, `IpcMode: "private"`); only `null`s are dropped.
 */
export function requestFromInspect(inspect: ContainerInspect): CreateRequest {
  const request: CreateRequest = {};
  copyDefined(request, inspect.Config, CONFIG_FIELDS);
  const hostConfig: HostConfig = {};
  copyDefined(hostConfig, inspect.HostConfig, HOST_CONFIG_FIELDS);
  request.HostConfig = hostConfig;
  return request;
}

/** Where a create-body field is in the inspect JSON: HostConfig fields are where they are, the rest are under `Config`. */
export function inspectFieldPath(createPath: string): string {
  return createPath === 'HostConfig' || createPath.startsWith('HostConfig.') ? createPath : `Config.${createPath}`;
}

/** The container name as `docker ps` shows it: without the leading slash. */
export function containerName(inspect: ContainerInspect): string {
  return inspect.Name.replace(/^\//, '') || inspect.Id.slice(0, 12);
}

/** How findings name a live container: `container:web@3f2a1b9c0d12`, the name as `docker ps` shows it and the short id. */
export function containerLabel(inspect: ContainerInspect): string {
  return `container:${containerName(inspect)}@${inspect.Id.slice(0, 12)}`;
}

/**
 * ContainerFacts for a live container (`GET /containers/{id}/json`). Locations
 * name the container in `file` (`container:web@3f2a1b9c0d12`) and the inspect field in
 * `path` (`HostConfig.Privileged`, `Config.Env.3`).
 */
export function containerFactsFromInspect(inspect: ContainerInspect): ContainerFacts {
  const name = containerName(inspect);
  const file = containerLabel(inspect);
  const locate = (createPath: string): Location => ({ file, line: 0, column: 0, path: inspectFieldPath(createPath) });
  return containerFactsFromRequest(requestFromInspect(inspect), { origin: 'inspect', name, at: { file, line: 0, column: 0 } }, locate);
}

function copyDefined<T extends object, K extends keyof T>(target: T, source: Nullable<T>, keys: readonly K[]): void {
  for (const key of keys) {
    const value = source[key];
    if (value !== null && value !== undefined) target[key] = value;
  }
}

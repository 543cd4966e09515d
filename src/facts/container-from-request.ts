import type { CreateRequest, HostConfig, MountSpec } from './create-request.js';
import type {
  ContainerFacts,
  ContainerOrigin,
  FieldLocator,
  MountFact,
  NamespaceKind,
  PortFact,
  SecurityOptFact,
} from './container.js';
import { located, type Located, type Location } from './location.js';

export interface ContainerIdentity {
  origin: ContainerOrigin;
  name: string;
  at: Location;
  builtLocally?: boolean;
}

/**
 * Derives ContainerFacts from an Engine API create body. This is the one place
 * where create-shaped data becomes facts, whatever the source.
 */
export function containerFactsFromRequest(
  request: CreateRequest,
  identity: ContainerIdentity,
  locate: FieldLocator,
): ContainerFacts {
  const host: HostConfig = request.HostConfig ?? {};
  const at = (path: string) => locate(path);
  const opt = <T>(value: T | undefined, path: string): Located<T> | undefined =>
    value === undefined ? undefined : located(value, at(path));
  const list = <T, R>(values: T[] | undefined, path: string, map: (v: T) => R): Located<R>[] =>
    (values ?? []).map((v, i) => located(map(v), at(`${path}.${i}`)));

  return {
    kind: 'container',
    origin: identity.origin,
    name: identity.name,
    at: identity.at,
    request,
    image: opt(request.Image || undefined, 'Image'),
    builtLocally: identity.builtLocally ?? false,
    user: opt(request.User || undefined, 'User'),
    privileged: opt(host.Privileged, 'HostConfig.Privileged'),
    capAdd: list(host.CapAdd, 'HostConfig.CapAdd', normalizeCapability),
    capDrop: list(host.CapDrop, 'HostConfig.CapDrop', normalizeCapability),
    securityOpts: list(host.SecurityOpt, 'HostConfig.SecurityOpt', parseSecurityOpt),
    namespaces: namespacesOf(host, at),
    mounts: [
      ...list(host.Binds, 'HostConfig.Binds', parseBind),
      ...list(host.Mounts, 'HostConfig.Mounts', mountFromSpec),
    ],
    volumesFrom: list(host.VolumesFrom, 'HostConfig.VolumesFrom', (v) => v),
    devices: list(host.Devices, 'HostConfig.Devices', (d) => ({
      pathOnHost: d.PathOnHost,
      pathInContainer: d.PathInContainer || d.PathOnHost,
      permissions: d.CgroupPermissions || 'rwm',
    })),
    deviceCgroupRules: list(host.DeviceCgroupRules, 'HostConfig.DeviceCgroupRules', (r) => r),
    readOnlyRootfs: opt(host.ReadonlyRootfs, 'HostConfig.ReadonlyRootfs'),
    tmpfs: Object.keys(host.Tmpfs ?? {}).map((target) =>
      located(target, at(`HostConfig.Tmpfs.${target}`)),
    ),
    memory: opt(host.Memory, 'HostConfig.Memory'),
    cpus: cpusOf(host, at),
    cpuShares: opt(host.CpuShares, 'HostConfig.CpuShares'),
    pidsLimit: opt(host.PidsLimit ?? undefined, 'HostConfig.PidsLimit'),
    ports: portsOf(host, at),
    publishAll: opt(host.PublishAllPorts, 'HostConfig.PublishAllPorts'),
    restart: host.RestartPolicy
      ? located(
          {
            name: host.RestartPolicy.Name,
            maximumRetryCount: host.RestartPolicy.MaximumRetryCount ?? 0,
          },
          at('HostConfig.RestartPolicy'),
        )
      : undefined,
    env: list(request.Env, 'Env', parseEnv),
    sysctls: Object.entries(host.Sysctls ?? {}).map(([name, value]) =>
      located({ name, value }, at(`HostConfig.Sysctls.${name}`)),
    ),
    healthcheck: request.Healthcheck
      ? located(
          { disabled: (request.Healthcheck.Test ?? [])[0] === 'NONE' },
          at('Healthcheck'),
        )
      : undefined,
  };
}

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `sys_admin` all become `SYS_ADMIN`. */
export function normalizeCapability(raw: string): string {
  const upper = raw.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** Accepts both `key=value` and the older `key:value` spelling. */
export function parseSecurityOpt(raw: string): SecurityOptFact {
  const match = /^([^=:]+)(?:[=:](.*))?$/s.exec(raw.trim());
  const key = (match?.[1] ?? raw).trim().toLowerCase();
  const value = match?.[2] ?? (key === 'no-new-privileges' ? 'true' : '');
  return { key, value: value.trim(), raw };
}

export function parseEnv(entry: string): { name: string; value?: string } {
  const eq = entry.indexOf('=');
  return eq < 0 ? { name: entry } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

const PROPAGATION_MODES = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/** A `Binds` entry: `SOURCE:TARGET[:OPTIONS]`; a source that is not a path is a named volume. */
export function parseBind(entry: string): MountFact {
  const parts = entry.split(':');
  if (parts.length === 1) {
    return { type: 'volume', source: '', target: entry, readOnly: false };
  }
  const [source = '', target = '', options = ''] = parts;
  const flags = options.split(',');
  const propagation = flags.find((flag) => PROPAGATION_MODES.has(flag));
  return {
    type: isNamedPipe(source) ? 'npipe' : isHostPath(source) ? 'bind' : 'volume',
    source,
    target,
    readOnly: flags.includes('ro') || flags.includes('readonly'),
    ...(propagation ? { propagation } : {}),
  };
}

/** `\\.\pipe\docker_engine`: a Windows named pipe, which Docker mounts as type npipe. */
function isNamedPipe(source: string): boolean {
  return source.startsWith('\\\\.\\pipe\\');
}

export function isHostPath(source: string): boolean {
  return /^(\/|\.|~|\$)/.test(source);
}

function mountFromSpec(spec: MountSpec): MountFact {
  return {
    type: spec.Type,
    source: spec.Source ?? '',
    target: spec.Target,
    readOnly: spec.ReadOnly === true,
    ...(spec.BindOptions?.Propagation ? { propagation: spec.BindOptions.Propagation } : {}),
  };
}

const NAMESPACE_FIELDS: Record<NamespaceKind, keyof HostConfig> = {
  pid: 'PidMode',
  ipc: 'IpcMode',
  network: 'NetworkMode',
  uts: 'UTSMode',
  userns: 'UsernsMode',
  cgroup: 'CgroupnsMode',
};

function namespacesOf(
  host: HostConfig,
  at: FieldLocator,
): Partial<Record<NamespaceKind, Located<string>>> {
  const result: Partial<Record<NamespaceKind, Located<string>>> = {};
  for (const [kind, field] of Object.entries(NAMESPACE_FIELDS) as [NamespaceKind, keyof HostConfig][]) {
    const value = host[field];
    if (typeof value === 'string' && value !== '') {
      result[kind] = located(value, at(`HostConfig.${field}`));
    }
  }
  return result;
}

function cpusOf(host: HostConfig, at: FieldLocator): Located<number> | undefined {
  if (host.NanoCpus) return located(host.NanoCpus / 1e9, at('HostConfig.NanoCpus'));
  if (host.CpuQuota && host.CpuQuota > 0) {
    const period = host.CpuPeriod || 100_000;
    return located(host.CpuQuota / period, at('HostConfig.CpuQuota'));
  }
  if (host.NanoCpus === 0) return located(0, at('HostConfig.NanoCpus'));
  return undefined;
}

function portsOf(host: HostConfig, at: FieldLocator): Located<PortFact>[] {
  const result: Located<PortFact>[] = [];
  for (const [key, bindings] of Object.entries(host.PortBindings ?? {})) {
    const [containerPort = key, protocol = 'tcp'] = key.split('/');
    (bindings ?? []).forEach((binding, i) => {
      result.push(
        located(
          {
            containerPort,
            protocol,
            hostIp: binding.HostIp ?? '',
            hostPort: binding.HostPort ?? '',
          },
          at(`HostConfig.PortBindings.${key}.${i}`),
        ),
      );
    });
  }
  return result;
}

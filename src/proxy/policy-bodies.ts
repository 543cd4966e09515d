import type { CreateRequest, MountSpec } from '../facts/create-request.js';
import type { PolicyConfig } from './policy-config.js';
import { allowedBy, hostPathsOfVolumeOptions, judgeVolumeDriver, type Verdict } from './policy-containers.js';

const verdict = (ruleId: string, severity: Verdict['severity'], message: string, path?: string): Verdict =>
  path === undefined ? { ruleId, severity, message } : { ruleId, severity, message, path };

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** `root`, `0`, `root:staff`, `0:0`. */
function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name);
}

/** `POST /containers/{id}/exec`: a privileged exec is a privileged container; root is the policy's call. */
export function judgeExec(body: Record<string, unknown>, config: PolicyConfig): Verdict[] {
  const verdicts: Verdict[] = [];
  if (body.Privileged === true && !config.exec.privileged) {
    verdicts.push(verdict('exec-privileged', 'critical', 'exec would run privileged, with every capability and no confinement (exec.privileged is false)', 'Privileged'));
  }
  if (typeof body.User === 'string' && isRootUser(body.User) && !config.exec.root) {
    verdicts.push(verdict('exec-root', 'high', `exec would run as root (user "${body.User}"; exec.root is false)`, 'User'));
  }
  return verdicts;
}

/** `POST /volumes/create`: local driver options can bind any host path or mount a host disk. */
export function judgeVolumeCreate(body: Record<string, unknown>, config: PolicyConfig): Verdict[] {
  const driver = typeof body.Driver === 'string' ? body.Driver : '';
  const options = Object.fromEntries(Object.entries(asRecord(body.DriverOpts)).map(([k, v]) => [k, String(v)]));
  return judgeVolumeDriver(driver, options, config, 'DriverOpts');
}

/**
 * `POST /plugins/pull` and `/plugins/{name}/upgrade`: the body lists the
 * privileges the client accepts for the plugin (network, mount, device,
 * capabilities...), which the engine then grants.
 */
export function judgePluginInstall(body: unknown, remote: string, config: PolicyConfig): Verdict[] {
  const verdicts: Verdict[] = [];
  if (!allowedBy(remote, config.plugins.images)) {
    verdicts.push(verdict('plugin-not-allowed', 'high', `plugin "${remote}" is not in plugins.images`));
  }
  const privileges = Array.isArray(body) ? body : [];
  privileges.forEach((privilege, i) => {
    const record = asRecord(privilege);
    const name = typeof record.Name === 'string' ? record.Name : '';
    if (!config.plugins.privileges.includes(name)) {
      const values = Array.isArray(record.Value) ? ` [${record.Value.map(String).join(', ')}]` : '';
      verdicts.push(verdict('plugin-privileges', 'critical', `plugin would be granted privilege "${name}"${values}, which is not in plugins.privileges`, `${i}`));
    }
  });
  return verdicts;
}

/** `POST /plugins/{name}/set`: settings that point a plugin's mounts or devices at host paths. */
export function judgePluginSet(body: unknown, config: PolicyConfig): Verdict[] {
  const settings = Array.isArray(body) ? body : [];
  const bases = config.containers.allow.bindSources ?? [];
  const verdicts: Verdict[] = [];
  settings.forEach((setting, i) => {
    const text = String(setting);
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const value = eq < 0 ? '' : text.slice(eq + 1);
    if (/\.(source|path)$/.test(key) && !bases.some((base) => value === base || value.startsWith(`${base.replace(/\/$/, '')}/`))) {
      verdicts.push(verdict('plugin-settings', 'critical', `plugin setting "${key}" would point at host path "${value}", outside containers.allow.bind-sources`, `${i}`));
    }
  });
  return verdicts;
}

/**
 * `POST /build`: the context is a stream the proxy does not read, but the
 * query decides where it comes from and how the build's containers run.
 */
export function judgeBuild(query: URLSearchParams, config: PolicyConfig): Verdict[] {
  const verdicts: Verdict[] = [];
  // BuildKit through the classic endpoint names its session context `client-session`: the client's own files.
  const remote = query.get('remote');
  if (remote !== null && remote !== '' && !(remote === 'client-session' && query.get('version') === '2') && !allowedBy(remote, config.build.remoteContexts)) {
    verdicts.push(verdict('build-remote-context', 'high', `build would fetch its context from "${remote}", which is not in build.remote-contexts`, 'remote'));
  }
  const network = query.get('networkmode') ?? '';
  if (network === 'host' && !config.build.hostNetwork) {
    verdicts.push(verdict('build-host-network', 'high', 'build steps would run in the host\'s network namespace (build.host-network is false)', 'networkmode'));
  } else if (network.startsWith('container:') && !allowedBy(network.slice('container:'.length), config.containers.allow.sharedContainers)) {
    verdicts.push(verdict('namespace-join', 'high', `build steps would join the network namespace of container "${network.slice('container:'.length)}"`, 'networkmode'));
  }
  const cgroupParent = query.get('cgroupparent');
  if (cgroupParent) verdicts.push(verdict('cgroup-parent', 'high', `build steps would run in host cgroup "${cgroupParent}"`, 'cgroupparent'));
  return verdicts;
}

/**
 * The create body a swarm service's container spec amounts to, so the same
 * rules judge it. Field paths map back to the service spec for messages.
 */
export function serviceToCreateRequest(spec: Record<string, unknown>): { request: CreateRequest; pathOf: (path: string) => string } {
  const template = asRecord(spec.TaskTemplate);
  const container = asRecord(template.ContainerSpec);
  const privileges = asRecord(container.Privileges);
  const limits = asRecord(asRecord(template.Resources).Limits);
  const securityOpt: string[] = [];
  if (asRecord(privileges.Seccomp).Mode === 'unconfined') securityOpt.push('seccomp=unconfined');
  if (asRecord(privileges.AppArmor).Mode === 'disabled') securityOpt.push('apparmor=unconfined');
  if (asRecord(privileges.SELinuxContext).Disable === true) securityOpt.push('label=disable');
  if (privileges.NoNewPrivileges === true) securityOpt.push('no-new-privileges');
  const networks = [...asArray(template.Networks), ...asArray(spec.Networks)].map((n) => asRecord(n).Target);
  const request: CreateRequest = {
    ...(typeof container.Image === 'string' ? { Image: container.Image } : {}),
    ...(typeof container.User === 'string' ? { User: container.User } : {}),
    ...(Array.isArray(container.Env) ? { Env: container.Env as string[] } : {}),
    ...(container.Labels ? { Labels: container.Labels as Record<string, string> } : {}),
    HostConfig: {
      ...(Array.isArray(container.Mounts) ? { Mounts: container.Mounts as MountSpec[] } : {}),
      ...(Array.isArray(container.CapabilityAdd) ? { CapAdd: container.CapabilityAdd as string[] } : {}),
      ...(Array.isArray(container.CapabilityDrop) ? { CapDrop: container.CapabilityDrop as string[] } : {}),
      ...(container.Sysctls ? { Sysctls: container.Sysctls as Record<string, string> } : {}),
      ...(container.ReadOnly === true ? { ReadonlyRootfs: true } : {}),
      ...(securityOpt.length > 0 ? { SecurityOpt: securityOpt } : {}),
      ...(typeof limits.MemoryBytes === 'number' ? { Memory: limits.MemoryBytes } : {}),
      ...(typeof limits.NanoCPUs === 'number' ? { NanoCpus: limits.NanoCPUs } : {}),
      ...(typeof limits.Pids === 'number' ? { PidsLimit: limits.Pids } : {}),
      ...(networks.includes('host') ? { NetworkMode: 'host' } : {}),
    },
  };
  const SERVICE_PATHS: Record<string, string> = {
    Image: 'Image', User: 'User', Env: 'Env', Labels: 'Labels', 'HostConfig.Mounts': 'Mounts', 'HostConfig.CapAdd': 'CapabilityAdd',
    'HostConfig.CapDrop': 'CapabilityDrop', 'HostConfig.Sysctls': 'Sysctls', 'HostConfig.ReadonlyRootfs': 'ReadOnly', 'HostConfig.SecurityOpt': 'Privileges',
  };
  const pathOf = (path: string) => {
    if (path.startsWith('HostConfig.Memory')) return 'TaskTemplate.Resources.Limits.MemoryBytes';
    if (path.startsWith('HostConfig.NanoCpus')) return 'TaskTemplate.Resources.Limits.NanoCPUs';
    if (path.startsWith('HostConfig.PidsLimit')) return 'TaskTemplate.Resources.Limits.Pids';
    if (path.startsWith('HostConfig.NetworkMode')) return 'TaskTemplate.Networks';
    for (const [from, to] of Object.entries(SERVICE_PATHS)) {
      if (path === from || path.startsWith(`${from}.`)) return `TaskTemplate.ContainerSpec.${to}${path.slice(from.length)}`;
    }
    return `TaskTemplate.ContainerSpec`;
  };
  return { request, pathOf };
}

/** Grants in a service spec that have no container-create counterpart. */
export function judgeServiceExtras(spec: Record<string, unknown>): Verdict[] {
  const template = asRecord(spec.TaskTemplate);
  if (template.PluginSpec !== undefined && template.PluginSpec !== null) {
    return [verdict('plugin-privileges', 'critical', 'service would install a plugin on every node (TaskTemplate.PluginSpec)', 'TaskTemplate.PluginSpec')];
  }
  return [];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The view of a create body the rules judge: volume mounts whose local
 * driver options mount host paths are judged as the bind mounts they are.
 */
export function checkedView(request: CreateRequest): CreateRequest {
  const mounts = request.HostConfig?.Mounts;
  if (!mounts) return request;
  const view = mounts.map((mount) => {
    const options = (mount as MountSpec & { VolumeOptions?: { DriverConfig?: { Name?: string; Options?: Record<string, string> } } }).VolumeOptions?.DriverConfig;
    const driver = options?.Name ?? '';
    const hostPath = driver === '' || driver === 'local' ? hostPathsOfVolumeOptions(options?.Options ?? {})[0] : undefined;
    return mount.Type === 'volume' && hostPath ? { ...mount, Type: 'bind' as const, Source: hostPath } : mount;
  });
  return { ...request, HostConfig: { ...request.HostConfig, Mounts: view } };
}

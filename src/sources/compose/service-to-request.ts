import type { CreateRequest, HostConfig, MountSpec } from '../../facts/create-request.js';
import type { InputError } from '../../facts/finding.js';
import type { Location } from '../../facts/location.js';
import { parseBytes, parseNanoCpus } from '../units.js';
import { parsePortSpec } from '../port-spec.js';
import { anchorOf, scalarString, type Tree } from './yaml-tree.js';

export interface ConvertedService {
  request: CreateRequest;
  /** Create-body field path -> where the Compose file set it. */
  locations: Map<string, Location>;
  builtLocally: boolean;
  problems: InputError[];
}

type MapTree = Extract<Tree, { kind: 'map' }>;

/**
 * Turns one (already extended and interpolated) Compose service into the
 * Engine API create body `docker compose up` would send, remembering for each
 * field the key that set it.
 */
export function serviceToRequest(service: MapTree): ConvertedService {
  return new ServiceConverter(service).convert();
}

const NAMESPACE_KEYS: [string, keyof HostConfig][] = [
  ['pid', 'PidMode'],
  ['ipc', 'IpcMode'],
  ['network_mode', 'NetworkMode'],
  ['uts', 'UTSMode'],
  ['userns_mode', 'UsernsMode'],
  ['cgroup', 'CgroupnsMode'],
];

class ServiceConverter {
  private readonly request: CreateRequest = {};
  private readonly host: HostConfig = {};
  private readonly locations = new Map<string, Location>();
  private readonly problems: InputError[] = [];

  constructor(private readonly service: MapTree) {}

  convert(): ConvertedService {
    const s = this.service.entries;
    this.setString('image', 'Image', (v) => (this.request.Image = v));
    this.setString('user', 'User', (v) => (this.request.User = v));
    this.setBoolean('privileged', 'HostConfig.Privileged', (v) => (this.host.Privileged = v));
    this.setBoolean('read_only', 'HostConfig.ReadonlyRootfs', (v) => (this.host.ReadonlyRootfs = v));
    this.setStringList('cap_add', 'HostConfig.CapAdd', (v) => (this.host.CapAdd = v));
    this.setStringList('cap_drop', 'HostConfig.CapDrop', (v) => (this.host.CapDrop = v));
    this.setStringList('security_opt', 'HostConfig.SecurityOpt', (v) => (this.host.SecurityOpt = v));
    this.setStringList('device_cgroup_rules', 'HostConfig.DeviceCgroupRules', (v) => (this.host.DeviceCgroupRules = v));
    this.setStringList('volumes_from', 'HostConfig.VolumesFrom', (v) => (this.host.VolumesFrom = v));
    for (const [key, field] of NAMESPACE_KEYS) {
      this.setString(key, `HostConfig.${field}`, (v) => ((this.host[field] as string) = v));
    }
    this.convertEnvironment(s.get('environment'));
    this.convertResources();
    this.convertVolumes(s.get('volumes'));
    this.convertTmpfs(s.get('tmpfs'));
    this.convertPorts(s.get('ports'));
    this.convertDevices(s.get('devices'));
    this.convertSysctls(s.get('sysctls'));
    this.convertUlimits(s.get('ulimits'));
    this.convertRestart();
    this.convertHealthcheck(s.get('healthcheck'));
    if (Object.keys(this.host).length > 0) this.request.HostConfig = this.host;
    return {
      request: this.request,
      locations: this.locations,
      builtLocally: s.has('build'),
      problems: this.problems,
    };
  }

  private mark(path: string, tree: Tree): void {
    this.locations.set(path, anchorOf(tree));
  }

  private problem(tree: Tree, message: string): void {
    const at = anchorOf(tree);
    this.problems.push({ file: at.file, line: at.line, column: at.column, message });
  }

  private setString(key: string, path: string, apply: (value: string) => void): void {
    const tree = this.service.entries.get(key);
    if (!tree) return;
    const value = scalarString(tree);
    if (value === undefined || tree.kind !== 'scalar') {
      this.problem(tree, `"${key}" must be a string`);
      return;
    }
    apply(value);
    this.mark(path, tree);
  }

  private setBoolean(key: string, path: string, apply: (value: boolean) => void): void {
    const tree = this.service.entries.get(key);
    if (!tree) return;
    const value = booleanOf(tree);
    if (value === undefined) {
      this.problem(tree, `"${key}" must be true or false`);
      return;
    }
    apply(value);
    this.mark(path, tree);
  }

  private setStringList(key: string, path: string, apply: (values: string[]) => void): void {
    const tree = this.service.entries.get(key);
    if (!tree) return;
    const items = this.listItems(key, tree);
    apply(items.map(([value]) => value));
    items.forEach(([, item], i) => this.mark(`${path}.${i}`, item));
  }

  /** Sequence items as strings; a single string is accepted where Compose does. */
  private listItems(key: string, tree: Tree): [string, Tree][] {
    const items = tree.kind === 'seq' ? tree.items : tree.kind === 'scalar' && tree.value !== null ? [tree] : [];
    if (tree.kind === 'map') this.problem(tree, `"${key}" must be a list`);
    const result: [string, Tree][] = [];
    for (const item of items) {
      const value = scalarString(item);
      if (value === undefined) this.problem(item, `"${key}" entries must be strings`);
      else result.push([value, item]);
    }
    return result;
  }

  private convertEnvironment(tree: Tree | undefined): void {
    if (!tree) return;
    const env: string[] = [];
    const add = (entry: string, at: Tree) => {
      this.mark(`Env.${env.length}`, at);
      env.push(entry);
    };
    // Values keep their `${VAR}` references: a value taken from the environment is not a literal in the file.
    if (tree.kind === 'map') {
      for (const [name, value] of tree.entries) {
        const raw = value.kind === 'scalar' && value.raw !== undefined && hasReference(value.raw) ? value.raw : undefined;
        const text = value.kind === 'scalar' ? (raw ?? scalarString(value)) : undefined;
        add(text === undefined ? name : `${name}=${text}`, value);
      }
    } else {
      for (const [entry, item] of this.listItems('environment', tree)) {
        add(item.kind === 'scalar' && item.raw !== undefined && hasReference(item.raw) ? item.raw : entry, item);
      }
    }
    if (env.length > 0) this.request.Env = env;
  }

  private convertResources(): void {
    const limits = child(child(child(this.service, 'deploy'), 'resources'), 'limits');
    this.setNumber(this.service.entries.get('mem_limit') ?? child(limits, 'memory'), 'HostConfig.Memory', parseBytes, (v) => (this.host.Memory = v));
    this.setNumber(this.service.entries.get('memswap_limit'), 'HostConfig.MemorySwap', parseBytes, (v) => (this.host.MemorySwap = v));
    this.setNumber(this.service.entries.get('cpus') ?? child(limits, 'cpus'), 'HostConfig.NanoCpus', parseNanoCpus, (v) => (this.host.NanoCpus = v));
    this.setNumber(this.service.entries.get('cpu_quota'), 'HostConfig.CpuQuota', toInteger, (v) => (this.host.CpuQuota = v));
    this.setNumber(this.service.entries.get('cpu_period'), 'HostConfig.CpuPeriod', toInteger, (v) => (this.host.CpuPeriod = v));
    this.setNumber(this.service.entries.get('cpu_shares'), 'HostConfig.CpuShares', toInteger, (v) => (this.host.CpuShares = v));
    this.setNumber(this.service.entries.get('pids_limit') ?? child(limits, 'pids'), 'HostConfig.PidsLimit', toInteger, (v) => (this.host.PidsLimit = v));
  }

  private setNumber(
    tree: Tree | undefined,
    path: string,
    parse: (value: string | number) => number | undefined,
    apply: (value: number) => void,
  ): void {
    if (!tree) return;
    const raw = tree.kind === 'scalar' && (typeof tree.value === 'string' || typeof tree.value === 'number') ? tree.value : undefined;
    const value = raw === undefined ? undefined : parse(raw);
    if (value === undefined) {
      this.problem(tree, `cannot read ${JSON.stringify(raw ?? null)} as a number or size`);
      return;
    }
    apply(value);
    this.mark(path, tree);
  }

  private convertVolumes(tree: Tree | undefined): void {
    if (!tree) return;
    if (tree.kind !== 'seq') {
      this.problem(tree, '"volumes" must be a list');
      return;
    }
    const binds: string[] = [];
    const mounts: MountSpec[] = [];
    for (const item of tree.items) {
      if (item.kind === 'scalar' && String(item.value ?? '').trim() === '') {
        this.problem(item, 'a volume must not be empty');
      } else if (item.kind === 'scalar' && item.value !== null) {
        this.mark(`HostConfig.Binds.${binds.length}`, item);
        binds.push(String(item.value));
      } else if (item.kind === 'map') {
        const mount = mountOf(item);
        if (!mount) {
          this.problem(item, 'a long-syntax volume needs "target"');
          continue;
        }
        this.mark(`HostConfig.Mounts.${mounts.length}`, item);
        mounts.push(mount);
      } else {
        this.problem(item, 'a volume must be a string or a mapping');
      }
    }
    if (binds.length > 0) this.host.Binds = binds;
    if (mounts.length > 0) this.host.Mounts = mounts;
  }

  private convertTmpfs(tree: Tree | undefined): void {
    if (!tree) return;
    const tmpfs: Record<string, string> = {};
    for (const [entry, item] of this.listItems('tmpfs', tree)) {
      const [target = entry, ...options] = entry.split(':');
      tmpfs[target] = options.join(':');
      this.mark(`HostConfig.Tmpfs.${target}`, item);
    }
    if (Object.keys(tmpfs).length > 0) this.host.Tmpfs = tmpfs;
  }

  private convertPorts(tree: Tree | undefined): void {
    if (!tree) return;
    if (tree.kind !== 'seq') {
      this.problem(tree, '"ports" must be a list');
      return;
    }
    const bindings: NonNullable<HostConfig['PortBindings']> = {};
    const exposed: Record<string, Record<string, never>> = {};
    for (const item of tree.items) {
      const spec = item.kind === 'map' ? longPortSpec(item) : scalarString(item);
      const parsed = spec === undefined ? undefined : typeof spec === 'string' ? parsePortSpec(spec) : spec;
      if (!parsed) {
        const shown = item.kind === 'map' ? `target ${scalarString(child(item, 'target')) ?? ''}` : (scalarString(item) ?? '');
        this.problem(item, `cannot read port ${JSON.stringify(shown)}`);
        continue;
      }
      const key = `${parsed.containerPort}/${parsed.protocol}`;
      exposed[key] = {};
      const list = (bindings[key] ??= []);
      this.mark(`HostConfig.PortBindings.${key}.${list.length}`, item);
      list.push({ HostIp: parsed.hostIp, HostPort: parsed.hostPort });
    }
    if (Object.keys(bindings).length > 0) {
      this.host.PortBindings = bindings;
      this.request.ExposedPorts = exposed;
    }
  }

  private convertDevices(tree: Tree | undefined): void {
    if (!tree || tree.kind !== 'seq') {
      if (tree) this.problem(tree, '"devices" must be a list');
      return;
    }
    const devices: NonNullable<HostConfig['Devices']> = [];
    for (const item of tree.items) {
      const device = item.kind === 'map' ? longDevice(item) : shortDevice(scalarString(item));
      if (!device) {
        this.problem(item, `cannot read device ${JSON.stringify(item.kind === 'map' ? '' : (scalarString(item) ?? ''))}`);
        continue;
      }
      this.mark(`HostConfig.Devices.${devices.length}`, item);
      devices.push(device);
    }
    if (devices.length > 0) this.host.Devices = devices;
  }

  private convertSysctls(tree: Tree | undefined): void {
    if (!tree) return;
    const sysctls: Record<string, string> = {};
    const entries: [string, string, Tree][] =
      tree.kind === 'map'
        ? [...tree.entries].map(([name, value]) => [name, scalarString(value) ?? '', value])
        : this.listItems('sysctls', tree).map(([entry, item]) => {
            const eq = entry.indexOf('=');
            return [eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1), item];
          });
    for (const [name, value, item] of entries) {
      sysctls[name.trim()] = value.trim();
      this.mark(`HostConfig.Sysctls.${name.trim()}`, item);
    }
    if (entries.length > 0) this.host.Sysctls = sysctls;
  }

  private convertUlimits(tree: Tree | undefined): void {
    if (!tree || tree.kind !== 'map') return;
    const ulimits: NonNullable<HostConfig['Ulimits']> = [];
    for (const [name, value] of tree.entries) {
      const single = value.kind === 'scalar' ? Number(value.value) : undefined;
      const soft = single ?? Number(scalarString(child(value, 'soft')));
      const hard = single ?? Number(scalarString(child(value, 'hard')));
      this.mark(`HostConfig.Ulimits.${ulimits.length}`, value);
      ulimits.push({ Name: name, Soft: soft, Hard: hard });
    }
    if (ulimits.length > 0) this.host.Ulimits = ulimits;
  }

  private convertRestart(): void {
    const restart = this.service.entries.get('restart');
    const policy = child(child(this.service, 'deploy'), 'restart_policy');
    if (restart) {
      const value = scalarString(restart);
      if (value === undefined || restart.kind !== 'scalar') return this.problem(restart, '"restart" must be a string');
      const [name = '', retries] = value.split(':');
      this.host.RestartPolicy = { Name: name, MaximumRetryCount: Number(retries ?? 0) || 0 };
      this.mark('HostConfig.RestartPolicy', restart);
    } else if (policy) {
      const condition = scalarString(child(policy, 'condition')) ?? 'any';
      const attempts = Number(scalarString(child(policy, 'max_attempts')) ?? 0) || 0;
      const name = condition === 'any' ? 'always' : condition === 'none' ? 'no' : condition;
      this.host.RestartPolicy = { Name: name, MaximumRetryCount: attempts };
      this.mark('HostConfig.RestartPolicy', policy);
    }
  }

  private convertHealthcheck(tree: Tree | undefined): void {
    if (!tree || tree.kind !== 'map') return;
    const disabled = booleanOf(child(tree, 'disable')) === true;
    const test = child(tree, 'test');
    const testList =
      test?.kind === 'seq'
        ? test.items.map((i) => scalarString(i) ?? '')
        : test
          ? ['CMD-SHELL', scalarString(test) ?? '']
          : [];
    this.request.Healthcheck = { Test: disabled ? ['NONE'] : testList };
    this.mark('Healthcheck', tree);
  }
}

/** True when the text refers to a variable; `$$` alone is an escaped dollar sign, not a reference. */
function hasReference(raw: string): boolean {
  return raw.replace(/\$\$/g, '').includes('$');
}

export function child(tree: Tree | undefined, key: string): Tree | undefined {
  return tree?.kind === 'map' ? tree.entries.get(key) : undefined;
}

function booleanOf(tree: Tree | undefined): boolean | undefined {
  if (!tree || tree.kind !== 'scalar') return undefined;
  if (typeof tree.value === 'boolean') return tree.value;
  if (typeof tree.value === 'string') {
    const lower = tree.value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

function toInteger(value: string | number): number | undefined {
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value.trim());
  return Number.isInteger(n) ? n : undefined;
}

const MOUNT_TYPES = new Set(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']);

function mountOf(item: MapTree): MountSpec | undefined {
  const target = scalarString(child(item, 'target'));
  if (!target) return undefined;
  const type = scalarString(child(item, 'type')) ?? 'volume';
  const readOnly = booleanOf(child(item, 'read_only')) === true;
  const propagation = scalarString(child(child(item, 'bind'), 'propagation'));
  return {
    Type: (MOUNT_TYPES.has(type) ? type : 'volume') as MountSpec['Type'],
    Source: scalarString(child(item, 'source')) ?? '',
    Target: target,
    ReadOnly: readOnly,
    ...(propagation ? { BindOptions: { Propagation: propagation } } : {}),
  };
}

function longPortSpec(item: MapTree): ReturnType<typeof parsePortSpec> {
  const target = scalarString(child(item, 'target'));
  if (!target) return undefined;
  const published = scalarString(child(item, 'published')) ?? '';
  const protocol = scalarString(child(item, 'protocol')) ?? 'tcp';
  // The same checks as the short syntax: numeric ports in range, a known protocol.
  const spec = parsePortSpec(`${published === '' ? '' : `${published}:`}${target}/${protocol}`);
  return spec && { ...spec, hostIp: scalarString(child(item, 'host_ip')) ?? '' };
}

function shortDevice(spec: string | undefined): NonNullable<HostConfig['Devices']>[number] | undefined {
  if (!spec) return undefined;
  const [pathOnHost = '', pathInContainer = pathOnHost, permissions = 'rwm'] = spec.split(':');
  if (pathOnHost === '') return undefined;
  return { PathOnHost: pathOnHost, PathInContainer: pathInContainer, CgroupPermissions: permissions };
}

function longDevice(item: MapTree): NonNullable<HostConfig['Devices']>[number] | undefined {
  const source = scalarString(child(item, 'source'));
  if (!source) return undefined;
  return {
    PathOnHost: source,
    PathInContainer: scalarString(child(item, 'target')) ?? source,
    CgroupPermissions: scalarString(child(item, 'permissions')) ?? 'rwm',
  };
}

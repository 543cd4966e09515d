import type { ShellWord } from '../../facts/build.js';
import type { ContainerFacts } from '../../facts/container.js';
import { containerFactsFromRequest } from '../../facts/container-from-request.js';
import type { CreateRequest, HostConfig, MountSpec } from '../../facts/create-request.js';
import type { InputError } from '../../facts/finding.js';
import type { Location } from '../../facts/location.js';
import { parseShell } from '../shell/parse-shell.js';
import { parseBytes, parseNanoCpus } from '../units.js';
import { parsePortSpec } from '../port-spec.js';
import { FLAGS_BY_LONG, FLAGS_BY_SHORT, GLOBAL_VALUE_FLAGS, type FlagSpec } from './flags.js';

export interface RunParseResult {
  container?: ContainerFacts;
  errors: InputError[];
}

/** Quotes argv words so that they read back as the same words. */
export function joinArgv(argv: string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Reads a `docker run` / `docker create` / `docker container run|create`
 * command line (with `sudo` or other wrappers before it) into ContainerFacts.
 * Locations are columns in `text`, reported under the name `file`.
 */
export function parseRunCommand(text: string, file: string): RunParseResult {
  const script = parseShell(text, file, (row, column) => ({ line: row + 1, column: column + 1 }));
  for (const command of script.commands) {
    const words = [{ value: command.program, literal: true, at: command.at }, ...command.args];
    const start = words.findIndex((w) => /^(docker|podman|nerdctl)$/.test(basename(w.value)));
    if (start < 0) continue;
    const subcommand = afterGlobalFlags(words, start + 1);
    if (subcommand === undefined) continue;
    return new RunFlagReader(words.slice(subcommand), file, command.at).read();
  }
  return { errors: [{ file, line: 1, column: 1, message: 'no `docker run` or `docker create` command found' }] };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Index of the first word after `run`/`create`/`container run|create`, skipping global flags. */
function afterGlobalFlags(words: ShellWord[], from: number): number | undefined {
  let i = from;
  while (i < words.length && words[i]?.value.startsWith('-')) {
    const word = words[i]?.value ?? '';
    i += GLOBAL_VALUE_FLAGS.has(word) ? 2 : 1;
  }
  if (words[i]?.value === 'container') i++;
  const verb = words[i]?.value;
  return verb === 'run' || verb === 'create' ? i + 1 : undefined;
}

class RunFlagReader {
  private readonly request: CreateRequest = {};
  private readonly host: HostConfig = {};
  private readonly locations = new Map<string, Location>();
  private readonly errors: InputError[] = [];
  private name = 'docker run';

  constructor(
    private readonly words: ShellWord[],
    private readonly file: string,
    private readonly commandAt: Location,
  ) {}

  read(): RunParseResult {
    let i = 0;
    while (i < this.words.length) {
      const word = this.words[i] as ShellWord;
      if (word.value === '--') {
        i++;
        break;
      }
      if (!word.value.startsWith('-') || word.value === '-') break;
      i = this.readFlag(i);
    }
    const image = this.words[i];
    if (!image) {
      // A flag that swallowed or lacked its value has been reported already; "no image" would only repeat it.
      if (this.errors.length === 0) this.error(this.commandAt, 'the command names no image');
    } else {
      this.request.Image = image.value;
      this.locations.set('Image', image.at);
      const cmd = this.words.slice(i + 1).map((w) => w.value);
      if (cmd.length > 0) this.request.Cmd = cmd;
    }
    if (this.errors.length > 0) return { errors: this.errors };
    if (Object.keys(this.host).length > 0) this.request.HostConfig = this.host;
    const container = containerFactsFromRequest(
      this.request,
      { origin: 'run', name: this.name, at: this.commandAt },
      (path) => this.locations.get(path) ?? this.commandAt,
    );
    return { container, errors: [] };
  }

  /** Reads the flag at `i` (long, short, or a group of short ones); returns the next index. */
  private readFlag(i: number): number {
    const word = this.words[i] as ShellWord;
    if (word.value.startsWith('--')) {
      const eq = word.value.indexOf('=');
      const name = word.value.slice(2, eq < 0 ? undefined : eq);
      const spec = FLAGS_BY_LONG.get(name);
      if (!spec) {
        this.error(word.at, `unknown flag --${name}`);
        return i + 1;
      }
      return this.takeValue(spec, word, eq < 0 ? undefined : word.value.slice(eq + 1), i);
    }
    const letters = word.value.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const spec = FLAGS_BY_SHORT.get(letters[k] as string);
      if (!spec) {
        this.error(word.at, `unknown flag -${letters[k]}`);
        return i + 1;
      }
      if (spec.takesValue) {
        const attached = letters.slice(k + 1).replace(/^=/, '');
        return this.takeValue(spec, word, attached === '' ? undefined : attached, i);
      }
      // `-d=false`: a boolean short flag may take its value after `=`, as pflag allows.
      if (letters[k + 1] === '=') return this.takeValue(spec, word, letters.slice(k + 2), i);
      this.apply(spec, 'true', word.at);
    }
    return i + 1;
  }

  private takeValue(spec: FlagSpec, word: ShellWord, inline: string | undefined, i: number): number {
    if (!spec.takesValue) {
      const value = inline === undefined ? 'true' : goBoolean(inline);
      if (value === undefined) this.error(word.at, `flag ${word.value.split('=')[0]} takes true or false, not "${inline}"`);
      else this.apply(spec, value, word.at);
      return i + 1;
    }
    if (inline !== undefined) {
      this.apply(spec, inline, word.at);
      return i + 1;
    }
    const next = this.words[i + 1];
    if (!next) {
      this.error(word.at, `flag ${word.value} needs a value`);
      return i + 1;
    }
    this.apply(spec, next.value, word.at);
    return i + 2;
  }

  private error(at: Location, message: string): void {
    this.errors.push({ file: this.file, line: at.line, column: at.column, message });
  }

  private push(list: string[] | undefined, path: string, value: string, at: Location): string[] {
    const result = list ?? [];
    this.locations.set(`${path}.${result.length}`, at);
    result.push(value);
    return result;
  }

  private set(path: string, at: Location): void {
    this.locations.set(path, at);
  }

  private apply(spec: FlagSpec, value: string, at: Location): void {
    const h = this.host;
    const yes = value.toLowerCase() !== 'false';
    switch (spec.long) {
      case 'privileged': h.Privileged = yes; return this.set('HostConfig.Privileged', at);
      case 'read-only': h.ReadonlyRootfs = yes; return this.set('HostConfig.ReadonlyRootfs', at);
      case 'publish-all': h.PublishAllPorts = yes; return this.set('HostConfig.PublishAllPorts', at);
      case 'cap-add': h.CapAdd = this.push(h.CapAdd, 'HostConfig.CapAdd', value, at); return;
      case 'cap-drop': h.CapDrop = this.push(h.CapDrop, 'HostConfig.CapDrop', value, at); return;
      case 'security-opt': h.SecurityOpt = this.push(h.SecurityOpt, 'HostConfig.SecurityOpt', value, at); return;
      case 'device-cgroup-rule': h.DeviceCgroupRules = this.push(h.DeviceCgroupRules, 'HostConfig.DeviceCgroupRules', value, at); return;
      case 'volumes-from': h.VolumesFrom = this.push(h.VolumesFrom, 'HostConfig.VolumesFrom', value, at); return;
      case 'volume': h.Binds = this.push(h.Binds, 'HostConfig.Binds', value, at); return;
      case 'env': this.request.Env = this.push(this.request.Env, 'Env', value, at); return;
      case 'pid': h.PidMode = value; return this.set('HostConfig.PidMode', at);
      case 'ipc': h.IpcMode = value; return this.set('HostConfig.IpcMode', at);
      case 'uts': h.UTSMode = value; return this.set('HostConfig.UTSMode', at);
      case 'userns': h.UsernsMode = value; return this.set('HostConfig.UsernsMode', at);
      case 'cgroupns': h.CgroupnsMode = value; return this.set('HostConfig.CgroupnsMode', at);
      case 'network':
      case 'net': h.NetworkMode = value; return this.set('HostConfig.NetworkMode', at);
      case 'user': this.request.User = value; return this.set('User', at);
      case 'name': this.name = value; return;
      case 'memory': return this.number(parseBytes(value), value, at, 'HostConfig.Memory', (n) => (h.Memory = n));
      case 'memory-swap': return this.number(value === '-1' ? -1 : parseBytes(value), value, at, 'HostConfig.MemorySwap', (n) => (h.MemorySwap = n));
      case 'cpus': return this.number(parseNanoCpus(value), value, at, 'HostConfig.NanoCpus', (n) => (h.NanoCpus = n));
      case 'cpu-quota': return this.number(integer(value), value, at, 'HostConfig.CpuQuota', (n) => (h.CpuQuota = n));
      case 'cpu-period': return this.number(integer(value), value, at, 'HostConfig.CpuPeriod', (n) => (h.CpuPeriod = n));
      case 'cpu-shares': return this.number(integer(value), value, at, 'HostConfig.CpuShares', (n) => (h.CpuShares = n));
      case 'pids-limit': return this.number(integer(value), value, at, 'HostConfig.PidsLimit', (n) => (h.PidsLimit = n));
      case 'tmpfs': {
        const [target = value, ...options] = value.split(':');
        h.Tmpfs = { ...h.Tmpfs, [target]: options.join(':') };
        return this.set(`HostConfig.Tmpfs.${target}`, at);
      }
      case 'mount': return this.mount(value, at);
      case 'use-api-socket': if (yes) this.addMount({ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' }, at); return;
      case 'publish': return this.publish(value, at);
      case 'device': return this.device(value, at);
      case 'sysctl': {
        const eq = value.indexOf('=');
        const name = eq < 0 ? value : value.slice(0, eq);
        h.Sysctls = { ...h.Sysctls, [name]: eq < 0 ? '' : value.slice(eq + 1) };
        return this.set(`HostConfig.Sysctls.${name}`, at);
      }
      case 'ulimit': {
        const [name = '', limits = ''] = value.split('=');
        const [soft = '0', hard = soft] = limits.split(':');
        h.Ulimits = [...(h.Ulimits ?? []), { Name: name, Soft: Number(soft), Hard: Number(hard) }];
        return this.set(`HostConfig.Ulimits.${h.Ulimits.length - 1}`, at);
      }
      case 'restart': {
        const [name = '', retries = '0'] = value.split(':');
        h.RestartPolicy = { Name: name, MaximumRetryCount: Number(retries) || 0 };
        return this.set('HostConfig.RestartPolicy', at);
      }
      case 'health-cmd':
        this.request.Healthcheck = { Test: ['CMD-SHELL', value] };
        return this.set('Healthcheck', at);
      case 'no-healthcheck':
        if (yes) this.request.Healthcheck = { Test: ['NONE'] };
        return this.set('Healthcheck', at);
      default:
        return;
    }
  }

  private number(parsed: number | undefined, raw: string, at: Location, path: string, apply: (n: number) => void): void {
    if (parsed === undefined) return this.error(at, `cannot read "${raw}" as a number or size`);
    apply(parsed);
    this.set(path, at);
  }

  private addMount(mount: MountSpec, at: Location): void {
    const mounts = this.host.Mounts ?? [];
    this.set(`HostConfig.Mounts.${mounts.length}`, at);
    mounts.push(mount);
    this.host.Mounts = mounts;
  }

  /** `--mount type=bind,source=/x,target=/y,readonly` */
  private mount(value: string, at: Location): void {
    const fields = new Map<string, string>();
    for (const part of value.split(',')) {
      const eq = part.indexOf('=');
      fields.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1).trim());
    }
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if (!target) return this.error(at, `--mount "${value}" has no target`);
    const readOnly = fields.get('readonly') ?? fields.get('ro');
    const propagation = fields.get('bind-propagation');
    this.addMount(
      {
        Type: (fields.get('type') ?? 'volume') as MountSpec['Type'],
        Source: fields.get('source') ?? fields.get('src') ?? '',
        Target: target,
        ReadOnly: readOnly !== undefined && readOnly !== 'false' && readOnly !== '0',
        ...(propagation ? { BindOptions: { Propagation: propagation } } : {}),
      },
      at,
    );
  }

  private publish(value: string, at: Location): void {
    const spec = parsePortSpec(value);
    if (!spec) return this.error(at, `cannot read port "${value}"`);
    const key = `${spec.containerPort}/${spec.protocol}`;
    const bindings = (this.host.PortBindings ??= {});
    const list = (bindings[key] ??= []);
    this.set(`HostConfig.PortBindings.${key}.${list.length}`, at);
    list.push({ HostIp: spec.hostIp, HostPort: spec.hostPort });
  }

  private device(value: string, at: Location): void {
    const [pathOnHost = '', pathInContainer = pathOnHost, permissions = 'rwm'] = value.split(':');
    const devices = this.host.Devices ?? [];
    this.set(`HostConfig.Devices.${devices.length}`, at);
    devices.push({ PathOnHost: pathOnHost, PathInContainer: pathInContainer, CgroupPermissions: permissions });
    this.host.Devices = devices;
  }
}

/** Go's strconv.ParseBool, which docker's flag parsing uses; undefined when it would fail. */
function goBoolean(value: string): 'true' | 'false' | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return 'true';
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return 'false';
  return undefined;
}

function integer(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isInteger(n) ? n : undefined;
}

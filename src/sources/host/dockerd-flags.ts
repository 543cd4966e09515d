import type { DaemonSetting, DaemonValue } from '../../facts/host.js';
import type { Location } from '../../facts/location.js';

/**
 * dockerd's command line, read into settings keyed by the daemon.json option
 * each flag sets. Flags are parsed the way dockerd's flag library (pflag) does:
 * `--name=value` and `--name value`, `-H value`, `-Hvalue`, `-H=value`, grouped
 * short flags (`-DH unix:///x`), boolean flags bare or with `=false` only, the
 * last value winning for single-valued flags, and `--` ending the flags.
 */

type FlagKind = 'bool' | 'string' | 'number' | 'list' | 'map' | 'bool-map' | 'ulimit' | 'runtime';

interface FlagSpec {
  /** The daemon.json option the flag sets. */
  option: string;
  kind: FlagKind;
}

const SHORTHANDS: Record<string, string> = {
  D: 'debug', l: 'log-level', H: 'host', b: 'bridge', G: 'group', p: 'pidfile', s: 'storage-driver', g: 'graph',
};

const FLAGS = new Map<string, FlagSpec>([
  ...named('bool', [
    'debug', 'tls', 'tlsverify', 'icc', 'raw-logs', 'experimental', 'live-restore', 'userland-proxy',
    'no-new-privileges', 'selinux-enabled', 'ip-forward', 'ip-forward-no-drop', 'ip-masq', 'iptables', 'ip6tables',
    'ipv6', 'init', 'rootless', 'cri-containerd',
  ]),
  ...named('string', [
    'config-file', 'log-level', 'log-format', 'tlscacert', 'tlscert', 'tlskey', 'storage-driver', 'pidfile', 'data-root',
    'exec-root', 'containerd', 'containerd-namespace', 'containerd-plugins-namespace', 'log-driver',
    'userland-proxy-path', 'userns-remap', 'cgroup-parent', 'init-path', 'seccomp-profile', 'ip', 'fixed-cidr',
    'fixed-cidr-v6', 'bip', 'bridge', 'default-gateway', 'default-gateway-v6', 'default-runtime', 'default-shm-size',
    'default-ipc-mode', 'default-cgroupns-mode', 'metrics-addr', 'group', 'swarm-default-advertise-addr',
    'api-cors-header', 'host-gateway-ip', 'http-proxy', 'https-proxy', 'no-proxy', 'cluster-store',
    'cluster-advertise',
  ]),
  ...named('number', [
    'mtu', 'max-concurrent-downloads', 'max-concurrent-uploads', 'max-download-attempts', 'shutdown-timeout',
    'oom-score-adjust', 'cpu-rt-period', 'cpu-rt-runtime', 'network-control-plane-mtu',
  ]),
  ['graph', { option: 'data-root', kind: 'string' }],
  ['host', { option: 'hosts', kind: 'list' }],
  ['authorization-plugin', { option: 'authorization-plugins', kind: 'list' }],
  ['insecure-registry', { option: 'insecure-registries', kind: 'list' }],
  ['registry-mirror', { option: 'registry-mirrors', kind: 'list' }],
  ['storage-opt', { option: 'storage-opts', kind: 'list' }],
  ['exec-opt', { option: 'exec-opts', kind: 'list' }],
  ['dns', { option: 'dns', kind: 'list' }],
  ['dns-opt', { option: 'dns-opts', kind: 'list' }],
  ['dns-search', { option: 'dns-search', kind: 'list' }],
  ['label', { option: 'labels', kind: 'list' }],
  ['allow-nondistributable-artifacts', { option: 'allow-nondistributable-artifacts', kind: 'list' }],
  ['node-generic-resource', { option: 'node-generic-resources', kind: 'list' }],
  ['default-address-pool', { option: 'default-address-pools', kind: 'list' }],
  ['cdi-spec-dir', { option: 'cdi-spec-dirs', kind: 'list' }],
  ['log-opt', { option: 'log-opts', kind: 'map' }],
  ['cluster-store-opt', { option: 'cluster-store-opts', kind: 'map' }],
  ['feature', { option: 'features', kind: 'bool-map' }],
  ['default-ulimit', { option: 'default-ulimits', kind: 'ulimit' }],
  ['add-runtime', { option: 'runtimes', kind: 'runtime' }],
]);

function named(kind: FlagKind, names: string[]): Array<[string, FlagSpec]> {
  return names.map((name) => [name, { option: name, kind }]);
}

/**
 * Reads dockerd's argv (argv[0] is the program). `file` names the process in
 * locations, e.g. `process:dockerd[812]`; each location's `path` is `argv.<i>`,
 * the index of the flag's word. Unknown flags and stray words are skipped:
 * dockerd refuses to start with them, so a running daemon has none.
 */
export function parseDockerdFlags(argv: readonly string[], file: string): Map<string, DaemonSetting> {
  const reader = new FlagReader(argv, file);
  for (let i = 1; i < argv.length; ) {
    const word = argv[i] as string;
    if (word === '--') break;
    i = word.startsWith('--') ? reader.long(i) : word.startsWith('-') && word.length > 1 ? reader.short(i) : i + 1;
  }
  return reader.settings;
}

class FlagReader {
  readonly settings = new Map<string, DaemonSetting>();

  constructor(
    private readonly argv: readonly string[],
    private readonly file: string,
  ) {}

  /** `--name`, `--name=value`, `--name value`; returns the index of the next word. */
  long(i: number): number {
    const word = this.argv[i] as string;
    const equals = word.indexOf('=');
    const name = word.slice(2, equals < 0 ? undefined : equals);
    const inline = equals < 0 ? undefined : word.slice(equals + 1);
    return this.take(FLAGS.get(name), i, inline);
  }

  /** `-D`, `-Hvalue`, `-H=value`, `-H value`, `-DH value`; returns the index of the next word. */
  short(i: number): number {
    const word = this.argv[i] as string;
    for (let c = 1; c < word.length; c++) {
      const spec = FLAGS.get(SHORTHANDS[word[c] as string] ?? '');
      if (!spec) return i + 1;
      const rest = word.slice(c + 1);
      if (spec.kind === 'bool') {
        if (rest.startsWith('=')) return this.take(spec, i, rest.slice(1));
        this.take(spec, i, undefined);
        continue;
      }
      if (rest === '') return this.take(spec, i, undefined);
      return this.take(spec, i, rest.startsWith('=') ? rest.slice(1) : rest);
    }
    return i + 1;
  }

  private take(spec: FlagSpec | undefined, i: number, inline: string | undefined): number {
    if (!spec) return i + 1;
    const at: Location = { file: this.file, line: 0, column: 0, path: `argv.${i}` };
    if (spec.kind === 'bool') {
      const value = inline === undefined ? true : parseBool(inline);
      if (value !== undefined) this.set(spec.option, value, at);
      return i + 1;
    }
    const value = inline ?? this.argv[i + 1];
    if (value === undefined) return i + 1;
    this.apply(spec, value, at);
    return inline === undefined ? i + 2 : i + 1;
  }

  private apply(spec: FlagSpec, text: string, at: Location): void {
    if (spec.kind === 'string') return this.set(spec.option, text, at);
    if (spec.kind === 'number') return this.set(spec.option, toNumber(text), at);
    if (spec.kind === 'list') return this.addItem(spec.option, text, at);
    const entry = mapEntry(spec.kind, text);
    if (entry) this.addEntry(spec.option, entry, at);
  }

  private set(option: string, value: DaemonValue, at: Location): void {
    this.settings.set(option, { value, at, from: 'flag' });
  }

  /** A repeated flag: the setting points at its first use, `itemAt` at each. */
  private addItem(option: string, item: string, at: Location): void {
    const previous = this.settings.get(option);
    const items = Array.isArray(previous?.value) ? previous.value : [];
    const itemAt = { ...previous?.itemAt, [String(items.length)]: at };
    this.settings.set(option, { value: [...items, item], at: previous?.at ?? at, from: 'flag', itemAt });
  }

  private addEntry(option: string, [key, value]: [string, DaemonValue], at: Location): void {
    const previous = this.settings.get(option);
    const entries = isRecord(previous?.value) ? previous.value : {};
    const itemAt = { ...previous?.itemAt, [key]: at };
    this.settings.set(option, { value: { ...entries, [key]: value }, at: previous?.at ?? at, from: 'flag', itemAt });
  }
}

function mapEntry(kind: FlagKind, text: string): [string, DaemonValue] | undefined {
  const equals = text.indexOf('=');
  const key = equals < 0 ? text : text.slice(0, equals);
  const rest = equals < 0 ? undefined : text.slice(equals + 1);
  if (key === '') return undefined;
  if (kind === 'bool-map') {
    const enabled = rest === undefined ? true : parseBool(rest);
    return enabled === undefined ? undefined : [key, enabled];
  }
  if (rest === undefined) return undefined;
  if (kind === 'ulimit') return [key, ulimit(key, rest)];
  if (kind === 'runtime') return [key, { path: rest }];
  return [key, rest];
}

/** `nofile=1024:2048` is soft 1024, hard 2048; `nofile=1024` both. Shaped as daemon.json writes it. */
function ulimit(name: string, limits: string): DaemonValue {
  const [soft = '', hard = soft] = limits.split(':');
  return { Name: name, Hard: toNumber(hard), Soft: toNumber(soft) };
}

/** Go's strconv.ParseBool, which pflag uses for boolean flags. */
export function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  return undefined;
}

function toNumber(text: string): number | string {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

export function isRecord(value: DaemonValue | undefined): value is { [key: string]: DaemonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
